import { type CryptoProvider, nobleProvider } from '@strata/crypto';
import { type AlertName, equalBytes, TlsError } from '@strata/wire';
import { type Certificate, KeyUsage } from './certificate.js';
import { PkiErrorCode } from './errors.js';
import { checkHost, checkIp, type HostnamePolicy } from './hostname.js';
import { checkNameConstraints } from './name-constraints.js';
import { Oid } from './oids.js';
import type { TrustStore } from './trust-store.js';
import { verifyErrorString, X509_V } from './verify-error.js';

/** What a certificate chain is verified for (`X509_PURPOSE_SSL_SERVER` / `_CLIENT`). */
export type VerifyPurpose = 'sslserver' | 'sslclient';

/** The state a verify callback sees, like an `X509_STORE_CTX`. */
export interface VerifyContext {
  /** The current `X509_V_*` error (sticky: a later success keeps the last error). */
  readonly error: number;
  readonly errorString: string;
  /** Depth of the certificate the callback is about (0 = leaf). */
  readonly errorDepth: number;
  readonly currentCertificate: Certificate | undefined;
  /** The chain built so far, leaf first. */
  readonly chain: readonly Certificate[];
}

/**
 * Called as OpenSSL calls a `verify_callback`: with `preverifyOk` false for
 * every problem, in OpenSSL's order, and true once per certificate whose
 * checks passed (from the top of the chain down). Returning true keeps
 * verification going; returning false stops it with the current error.
 */
export type VerifyCallback = (preverifyOk: boolean, ctx: VerifyContext) => boolean;

export interface VerifyOptions {
  readonly trustStore: TrustStore;
  /** Untrusted certificates that may complete the path (any order; extras are ignored). */
  readonly intermediates?: readonly Certificate[];
  /** Verification time (default: now). */
  readonly time?: Date | number;
  /** Skip validity period checks (`X509_V_FLAG_NO_CHECK_TIME`). */
  readonly noCheckTime?: boolean;
  /** Check keyUsage / extKeyUsage for this TLS role (as `-purpose sslserver`). */
  readonly purpose?: VerifyPurpose;
  /** Host names the leaf must match (any of them). */
  readonly hostname?: string | readonly string[];
  /** IP address the leaf must carry as an iPAddress SAN. */
  readonly ip?: string | Uint8Array;
  /**
   * `strict` (default): strict host matching and, with a purpose, a TLS leaf's
   * keyUsage must allow digitalSignature (X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE).
   * `openssl`: `X509_check_host` with `hostFlags`, and OpenSSL's purpose rules exactly.
   */
  readonly policy?: HostnamePolicy;
  /** `X509_CHECK_FLAG_*` (openssl policy; `NEVER_CHECK_SUBJECT` also affects name constraints). */
  readonly hostFlags?: number;
  /** Maximum depth, as `SSL_CTX_set_verify_depth` (default 100). */
  readonly maxDepth?: number;
  /** `X509_V_FLAG_X509_STRICT`: the RFC 5280 conformance checks of OpenSSL 3.0. */
  readonly x509Strict?: boolean;
  /** `X509_V_FLAG_PARTIAL_CHAIN`: a trusted certificate need not be self-signed to end the chain. */
  readonly partialChain?: boolean;
  /**
   * `X509_VERIFY_PARAM_set_auth_level` (libssl sets it from the security
   * level, 1 by default): minimum security bits of every key (80, 112, 128,
   * 192, 256 for levels 1–5) and of non-anchor signatures. Default: none, as
   * `openssl verify`.
   */
  readonly authLevel?: number;
  readonly provider?: CryptoProvider;
  readonly callback?: VerifyCallback;
}

/** One problem reported during verification. */
export interface VerifyIssue {
  readonly error: number;
  readonly errorString: string;
  readonly depth: number;
  readonly certificate: Certificate;
}

export interface VerifyResult {
  /**
   * True when verification succeeded, or the callback accepted every problem
   * (what `X509_verify_cert` returning 1 means).
   */
  readonly ok: boolean;
  /** `X509_V_OK` or the last error reported (`SSL_get_verify_result`). */
  readonly error: number;
  readonly errorString: string;
  /** Depth of the certificate that `error` is about. */
  readonly errorDepth: number;
  /** The chain as built, leaf first; ends with the trust anchor when `trusted`. */
  readonly chain: readonly Certificate[];
  /** Whether the chain ends in a trusted certificate. */
  readonly trusted: boolean;
  /** Every problem reported to the callback, in order. */
  readonly issues: readonly VerifyIssue[];
}

/** Default `SSL_CTX_set_verify_depth`: OpenSSL's 100. */
export const DEFAULT_VERIFY_DEPTH = 100;

/** OpenSSL's X509_check_akid: may `issuer` have issued a certificate with `subject`'s AKID? */
function akidMatches(issuer: Certificate, subject: Certificate): boolean {
  const akid = subject.authorityKeyIdentifier;
  if (akid === undefined) return true;
  if (
    akid.keyIdentifier !== undefined &&
    issuer.subjectKeyIdentifier !== undefined &&
    !equalBytes(akid.keyIdentifier, issuer.subjectKeyIdentifier)
  ) {
    return false;
  }
  if (akid.serialNumber !== undefined && !equalBytes(akid.serialNumber, issuer.serialNumber)) {
    return false;
  }
  if (akid.issuer !== undefined) {
    const dn = akid.issuer.find((n) => n.type === 'dn');
    if (dn && dn.type === 'dn' && dn.name.canonical !== issuer.issuer.canonical) return false;
  }
  return true;
}

/** `check_issued`: names chain and the AKID does not contradict. */
export function isIssuedBy(subject: Certificate, issuer: Certificate): boolean {
  return subject.issuer.canonical === issuer.subject.canonical && akidMatches(issuer, subject);
}

/** OpenSSL's notion of self-signed (without checking the signature): self-issued and AKID consistent. */
export function isSelfSigned(cert: Certificate): boolean {
  return isIssuedBy(cert, cert);
}

function validAt(cert: Certificate, time: number): boolean {
  return cert.notBefore.getTime() <= time && time < cert.notAfter.getTime();
}

/** `X509_check_ca`: 0 not a CA; 1 basicConstraints CA; 3 v1 self-signed root; 4 keyUsage only. */
function checkCa(cert: Certificate): number {
  if (cert.keyUsage !== undefined && (cert.keyUsage & KeyUsage.keyCertSign) === 0) return 0;
  if (cert.basicConstraints !== undefined) return cert.basicConstraints.ca ? 1 : 0;
  if (cert.version === 1 && isSelfSigned(cert)) return 3;
  if (cert.keyUsage !== undefined) return 4;
  return 0;
}

function ekuRejects(cert: Certificate, ...allowed: string[]): boolean {
  return cert.extKeyUsage !== undefined && !cert.extKeyUsage.some((o) => allowed.includes(o));
}

function kuRejects(cert: Certificate, bits: number): boolean {
  return cert.keyUsage !== undefined && (cert.keyUsage & bits) === 0;
}

/** `X509_check_purpose` for the SSL server/client purposes: 0 fails, 1 ok, >1 ok unless strict. */
function checkPurpose(cert: Certificate, purpose: VerifyPurpose, ca: boolean): number {
  if (purpose === 'sslserver') {
    if (ekuRejects(cert, Oid.serverAuth, Oid.netscapeSgc, Oid.microsoftSgc)) return 0;
    if (ca) return checkCa(cert);
    if (kuRejects(cert, KeyUsage.digitalSignature | KeyUsage.keyEncipherment)) return 0;
    return 1;
  }
  if (ekuRejects(cert, Oid.clientAuth)) return 0;
  if (ca) return checkCa(cert);
  if (kuRejects(cert, KeyUsage.digitalSignature | KeyUsage.keyAgreement)) return 0;
  return 1;
}

/** Whether `subject`'s signature verifies under `issuer`'s key: an `X509_V_*` code. */
function checkSignature(
  subject: Certificate,
  issuer: Certificate,
  provider: CryptoProvider,
): number {
  const info = issuer.publicKey;
  const key = info.key;
  if (key === undefined) return X509_V.ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY;
  const alg = subject.signatureAlgorithm.algorithm;
  if (alg === undefined) return X509_V.ERR_CERT_SIGNATURE_FAILURE;
  const kindOk =
    (alg.kind === 'ecdsa' && key.kind === 'ec') ||
    (alg.kind === 'ed25519' && key.kind === 'ed25519') ||
    (alg.kind === 'rsa-pkcs1' && key.kind === 'rsa' && !info.pssOnly) ||
    (alg.kind === 'rsa-pss' && key.kind === 'rsa');
  if (!kindOk) return X509_V.ERR_CERT_SIGNATURE_FAILURE;
  if (alg.kind === 'rsa-pss' && info.pss !== undefined && info.pss.hash !== undefined) {
    if (alg.hash !== info.pss.hash || alg.saltLength < info.pss.saltLength) {
      return X509_V.ERR_CERT_SIGNATURE_FAILURE;
    }
  }
  let ok = false;
  try {
    ok = provider.verify(alg, key, subject.tbs, subject.signature);
  } catch {
    ok = false;
  }
  return ok ? X509_V.OK : X509_V.ERR_CERT_SIGNATURE_FAILURE;
}

class Stop {}

const AUTH_LEVEL_BITS = [0, 80, 112, 128, 192, 256] as const;

function authLevelBits(level: number | undefined): number {
  if (level === undefined || level <= 0) return 0;
  return AUTH_LEVEL_BITS[Math.min(level, 5)]!;
}

/** OpenSSL's `EVP_PKEY_get_security_bits` for the key kinds Strata reads. */
function securityBits(cert: Certificate): number {
  const info = cert.publicKey;
  const key = info.key;
  if (key === undefined) return 0;
  if (key.kind === 'ed25519') return 128;
  // EC, as OpenSSL 3 (ec_kmgmt.c ec_get_params): the order's bits, banded (P-521 → 256).
  if (key.kind === 'ec') {
    const b = info.bits;
    if (b >= 512) return 256;
    if (b >= 384) return 192;
    if (b >= 256) return 128;
    if (b >= 224) return 112;
    if (b >= 160) return 80;
    return b / 2;
  }
  // RSA, as ossl_ifc_ffc_compute_security_bits (SP 800-56B table, rounded down).
  const n = info.bits;
  if (n >= 15360) return 256;
  if (n >= 7680) return 192;
  if (n >= 3072) return 128;
  if (n >= 2048) return 112;
  if (n >= 1024) return 80;
  return 0;
}

/** Security bits of a certificate's signature digest (SHA-1 counts 63, as OpenSSL 3). */
function signatureBits(cert: Certificate): number {
  const alg = cert.signatureAlgorithm.algorithm;
  if (alg === undefined) return cert.signatureAlgorithm.oid === Oid.sha1WithRSAEncryption ? 63 : 0;
  if (alg.kind === 'ed25519') return 128;
  return { sha256: 128, sha384: 192, sha512: 256 }[alg.hash];
}

/**
 * Builds a path from `leaf` through `intermediates` to a trust anchor and
 * verifies it the way OpenSSL 3.0's `X509_verify_cert` does, reporting
 * problems with its `X509_V_ERR_*` codes, depths and order:
 *
 * 1. path building (trusted certificates first, then the untrusted ones;
 *    among several candidates one valid at `time` wins);
 * 2. per certificate: unhandled critical extensions, CA-ness, purpose
 *    (extKeyUsage/keyUsage), path length;
 * 3. host name / IP of the leaf;
 * 4. from the top down: issuer keyUsage keyCertSign, signature, validity;
 * 5. name constraints.
 *
 * With no callback the first problem stops verification.
 */
export function verifyChain(leaf: Certificate, options: VerifyOptions): VerifyResult {
  if (typeof options?.trustStore?.bySubject !== 'function') {
    throw new TypeError('verifyChain: options.trustStore must be a TrustStore');
  }
  const provider = options.provider ?? nobleProvider;
  const time =
    options.time === undefined
      ? Date.now()
      : typeof options.time === 'number'
        ? options.time
        : options.time.getTime();
  const maxDepth = options.maxDepth ?? DEFAULT_VERIFY_DEPTH;
  const strict = options.x509Strict ?? false;
  const policy = options.policy ?? 'strict';
  const hostFlags = options.hostFlags ?? 0;
  const callback: VerifyCallback = options.callback ?? ((ok) => ok);

  const chain: Certificate[] = [leaf];
  let numUntrusted = 1;
  let trusted = false;
  let error: number = X509_V.OK;
  let errorDepth = 0;
  let current: Certificate | undefined = leaf;
  const issues: VerifyIssue[] = [];

  const ctx: VerifyContext = {
    get error() {
      return error;
    },
    get errorString() {
      return verifyErrorString(error);
    },
    get errorDepth() {
      return errorDepth;
    },
    get currentCertificate() {
      return current;
    },
    chain,
  };

  /** verify_cb_cert: report a problem; throws Stop when the callback says stop. */
  const fail = (depth: number, code: number, cert?: Certificate): void => {
    const c = cert ?? chain[depth]!;
    error = code;
    errorDepth = depth;
    current = c;
    issues.push({ error: code, errorString: verifyErrorString(code), depth, certificate: c });
    if (!callback(false, ctx)) throw new Stop();
  };
  const passed = (depth: number): void => {
    errorDepth = depth;
    current = chain[depth];
    if (!callback(true, ctx)) throw new Stop();
  };

  const finish = (ok: boolean): VerifyResult => ({
    ok: ok && (options.callback !== undefined || error === X509_V.OK),
    error,
    errorString: verifyErrorString(error),
    // The depth `error` is about (the callback's ctx.errorDepth moves on with each success report).
    errorDepth: issues[issues.length - 1]?.depth ?? 0,
    chain,
    trusted,
    issues,
  });

  try {
    const minBits = authLevelBits(options.authLevel);
    if (minBits > 0 && securityBits(leaf) < minBits) fail(0, X509_V.ERR_EE_KEY_TOO_SMALL, leaf);

    // --- 1. build the chain -------------------------------------------------
    const untrusted = (options.intermediates ?? []).filter((c) => !equalBytes(c.der, leaf.der));
    const inChain = (c: Certificate) => chain.some((x) => equalBytes(x.der, c.der));
    const best = (cands: Certificate[]): Certificate | undefined =>
      cands.find((c) => validAt(c, time)) ?? cands[cands.length - 1];
    let fromStore = false;
    for (;;) {
      const cur = chain[chain.length - 1]!;
      if (isSelfSigned(cur)) {
        if (!fromStore && options.trustStore.has(cur)) {
          numUntrusted = chain.length - 1;
          trusted = true;
        } else if (fromStore) {
          trusted = true;
        }
        break;
      }
      if (fromStore && options.partialChain) {
        trusted = true;
        break;
      }
      if (chain.length > maxDepth + 1) break;
      const storeCands = options.trustStore
        .bySubject(cur.issuer.canonical)
        .filter((c) => isIssuedBy(cur, c) && !inChain(c));
      const fromTrusted = best(storeCands);
      if (fromTrusted !== undefined) {
        chain.push(fromTrusted);
        fromStore = true;
        continue;
      }
      if (!fromStore && options.partialChain && options.trustStore.has(cur)) {
        numUntrusted = chain.length - 1;
        trusted = true;
        break;
      }
      if (fromStore) break;
      const cands = untrusted.filter((c) => isIssuedBy(cur, c) && !inChain(c));
      const next = best(cands);
      if (next === undefined) break;
      chain.push(next);
      numUntrusted = chain.length;
    }
    const num = chain.length;
    const top = chain[num - 1]!;
    if (!trusted) {
      if (num > maxDepth + 1) fail(num - 1, X509_V.ERR_CERT_CHAIN_TOO_LONG);
      else if (isSelfSigned(top) && num === 1) fail(0, X509_V.ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
      else if (isSelfSigned(top)) fail(num - 1, X509_V.ERR_SELF_SIGNED_CERT_IN_CHAIN);
      else if (numUntrusted < num) fail(num - 1, X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT);
      else fail(num - 1, X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    } else if (num > maxDepth + 2) {
      fail(num - 1, X509_V.ERR_CERT_CHAIN_TOO_LONG);
    }

    // --- 2. extensions, CA flags, purpose, path length ------------------------
    let mustBeCa = -1;
    let plen = 0;
    for (let i = 0; i < num; i++) {
      const x = chain[i]!;
      if (x.unhandledCriticalExtensions.length > 0)
        fail(i, X509_V.ERR_UNHANDLED_CRITICAL_EXTENSION);
      const ret = checkCa(x);
      if (mustBeCa === -1) {
        if (strict && ret !== 1 && ret !== 0) fail(i, X509_V.ERR_INVALID_CA);
      } else if (ret === 0 || ((i + 1 < num || strict) && ret !== 1)) {
        fail(i, X509_V.ERR_INVALID_CA);
      }
      if (strict && num > 1) strictChecks(x, i, num, fail);
      if (options.purpose !== undefined) {
        const p = checkPurpose(x, options.purpose, mustBeCa > 0);
        if (p === 0 || (p !== 1 && strict)) fail(i, X509_V.ERR_INVALID_PURPOSE);
        if (
          i === 0 &&
          policy === 'strict' &&
          x.keyUsage !== undefined &&
          (x.keyUsage & KeyUsage.digitalSignature) === 0
        ) {
          fail(0, X509_V.ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE);
        }
      }
      const pathLen = x.basicConstraints?.ca ? x.basicConstraints.pathLen : undefined;
      if (i > 1 && pathLen !== undefined && plen > pathLen)
        fail(i, X509_V.ERR_PATH_LENGTH_EXCEEDED);
      if (i > 0 && !x.selfIssued) plen++;
      mustBeCa = 1;
    }

    // --- auth level: issuer keys and signature digests ---------------------------
    if (minBits > 0) {
      for (let i = 0; i < num; i++) {
        const x = chain[i]!;
        if (i > 0 && securityBits(x) < minBits) fail(i, X509_V.ERR_CA_KEY_TOO_SMALL, x);
        if (i < num - 1 && signatureBits(x) < minBits) fail(i, X509_V.ERR_CA_MD_TOO_WEAK, x);
      }
    }

    // --- 3. host name and IP ------------------------------------------------------
    if (options.hostname !== undefined) {
      const hosts = typeof options.hostname === 'string' ? [options.hostname] : options.hostname;
      if (
        hosts.length > 0 &&
        !hosts.some((h) => checkHost(leaf, h, { policy, flags: hostFlags }))
      ) {
        fail(0, X509_V.ERR_HOSTNAME_MISMATCH, leaf);
      }
    }
    if (options.ip !== undefined && !checkIp(leaf, options.ip)) {
      fail(0, X509_V.ERR_IP_ADDRESS_MISMATCH, leaf);
    }

    // --- 4. signatures and validity, from the top down ------------------------------
    let n = num - 1;
    let xi: Certificate = chain[n]!;
    let xs: Certificate = xi;
    let skipToTime = false;
    if (!isSelfSigned(xi)) {
      if (options.partialChain && trusted) {
        skipToTime = true;
      } else if (n <= 0) {
        fail(0, X509_V.ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, xi);
        skipToTime = true;
      } else {
        n--;
        xs = chain[n]!;
      }
    }
    while (n >= 0) {
      if (!skipToTime && xs !== xi) {
        const issuerDepth = n + 1;
        if (kuRejects(xi, KeyUsage.keyCertSign)) {
          fail(issuerDepth, X509_V.ERR_KEYUSAGE_NO_CERTSIGN, xi);
        }
        const sig = checkSignature(xs, xi, provider);
        if (sig === X509_V.ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY) fail(issuerDepth, sig, xi);
        else if (sig !== X509_V.OK) fail(n, sig, xs);
      }
      skipToTime = false;
      if (!options.noCheckTime) {
        // check_cert_time: a malformed time is its own error, and then not compared.
        if (!xs.notBeforeWellFormed) fail(n, X509_V.ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, xs);
        else if (xs.notBefore.getTime() > time) fail(n, X509_V.ERR_CERT_NOT_YET_VALID, xs);
        if (!xs.notAfterWellFormed) fail(n, X509_V.ERR_ERROR_IN_CERT_NOT_AFTER_FIELD, xs);
        else if (xs.notAfter.getTime() <= time) fail(n, X509_V.ERR_CERT_HAS_EXPIRED, xs);
      }
      passed(n);
      if (--n >= 0) {
        xi = xs;
        xs = chain[n]!;
      }
    }

    // --- 5. name constraints -----------------------------------------------------------
    for (let i = num - 1; i >= 0; i--) {
      const x = chain[i]!;
      if (i !== 0 && x.selfIssued) continue;
      for (let j = num - 1; j > i; j--) {
        const nc = chain[j]!.nameConstraints;
        if (nc === undefined) continue;
        const rv = checkNameConstraints(x, nc, { isLeaf: i === 0, hostFlags });
        if (rv !== X509_V.OK) fail(i, rv, x);
      }
    }
  } catch (e) {
    if (e instanceof Stop) return finish(false);
    throw e;
  }
  return finish(true);
}

function strictChecks(
  x: Certificate,
  i: number,
  num: number,
  fail: (depth: number, code: number, cert?: Certificate) => void,
): void {
  const isCa = x.basicConstraints?.ca === true;
  const ku = x.keyUsage ?? 0;
  if (x.basicConstraints?.pathLen !== undefined) {
    if (!isCa) fail(i, X509_V.ERR_PATHLEN_INVALID_FOR_NON_CA);
    if ((ku & KeyUsage.keyCertSign) === 0) fail(i, X509_V.ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN);
  }
  if (isCa && x.basicConstraints !== undefined && !x.basicConstraints.critical) {
    fail(i, X509_V.ERR_CA_BCONS_NOT_CRITICAL);
  }
  if (isCa) {
    if (x.keyUsage === undefined) fail(i, X509_V.ERR_CA_CERT_MISSING_KEY_USAGE);
  } else if ((ku & KeyUsage.keyCertSign) !== 0) {
    fail(i, X509_V.ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA);
  }
  if (x.issuer.rdns.length === 0) fail(i, X509_V.ERR_ISSUER_NAME_EMPTY);
  const subjectEmpty = x.subject.rdns.length === 0;
  if ((isCa || (ku & KeyUsage.cRLSign) !== 0 || x.subjectAltName === undefined) && subjectEmpty) {
    fail(i, X509_V.ERR_SUBJECT_NAME_EMPTY);
  }
  if (subjectEmpty && x.subjectAltName !== undefined && !x.subjectAltNameCritical) {
    fail(i, X509_V.ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL);
  }
  if (x.subjectAltName !== undefined && x.subjectAltName.length === 0) {
    fail(i, X509_V.ERR_EMPTY_SUBJECT_ALT_NAME);
  }
  if (x.signatureAlgorithmMismatch) fail(i, X509_V.ERR_SIGNATURE_ALGORITHM_INCONSISTENCY);
  if (x.authorityKeyIdentifier?.critical) fail(i, X509_V.ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL);
  if (x.subjectKeyIdentifier !== undefined && x.subjectKeyIdentifierCritical) {
    fail(i, X509_V.ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL);
  }
  if (x.version >= 3) {
    if (i + 1 < num && x.authorityKeyIdentifier === undefined) {
      fail(i, X509_V.ERR_MISSING_AUTHORITY_KEY_IDENTIFIER);
    }
    if (isCa && x.subjectKeyIdentifier === undefined) {
      fail(i, X509_V.ERR_MISSING_SUBJECT_KEY_IDENTIFIER);
    }
  } else if (x.extensions.length > 0) {
    fail(i, X509_V.ERR_EXTENSIONS_REQUIRE_VERSION_3);
  }
}

/**
 * The TLS alert that reports a verification error to the peer, as OpenSSL
 * 3.0's `ssl_verify_alarm_type` chooses it (checked for every code 1..127 by
 * test/c/verify-alert.c, which records the alert libssl sends).
 */
export function verifyErrorAlert(code: number): AlertName {
  switch (code) {
    case X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V.ERR_UNABLE_TO_GET_CRL:
    case X509_V.ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V.ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V.ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V.ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V.ERR_CERT_CHAIN_TOO_LONG:
    case X509_V.ERR_PATH_LENGTH_EXCEEDED:
    case X509_V.ERR_INVALID_CA:
      return 'unknown_ca';
    case X509_V.ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V.ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V.ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
    case X509_V.ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V.ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
    case X509_V.ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V.ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V.ERR_CERT_NOT_YET_VALID:
    case X509_V.ERR_CRL_NOT_YET_VALID:
    case X509_V.ERR_CERT_UNTRUSTED:
    case X509_V.ERR_CERT_REJECTED:
    case X509_V.ERR_HOSTNAME_MISMATCH:
    case X509_V.ERR_EMAIL_MISMATCH:
    case X509_V.ERR_IP_ADDRESS_MISMATCH:
    case X509_V.ERR_DANE_NO_MATCH:
    case X509_V.ERR_EE_KEY_TOO_SMALL:
    case X509_V.ERR_CA_KEY_TOO_SMALL:
    case X509_V.ERR_CA_MD_TOO_WEAK:
    case X509_V.ERR_EC_KEY_EXPLICIT_PARAMS:
      return 'bad_certificate';
    case X509_V.ERR_CERT_SIGNATURE_FAILURE:
    case X509_V.ERR_CRL_SIGNATURE_FAILURE:
      return 'decrypt_error';
    case X509_V.ERR_CERT_HAS_EXPIRED:
    case X509_V.ERR_CRL_HAS_EXPIRED:
      return 'certificate_expired';
    case X509_V.ERR_CERT_REVOKED:
      return 'certificate_revoked';
    case X509_V.ERR_UNSPECIFIED:
    case X509_V.ERR_OUT_OF_MEM:
    case X509_V.ERR_INVALID_CALL:
    case X509_V.ERR_STORE_LOOKUP:
      return 'internal_error';
    case X509_V.ERR_APPLICATION_VERIFICATION:
      return 'handshake_failure';
    case X509_V.ERR_INVALID_PURPOSE:
      return 'unsupported_certificate';
    default:
      return 'certificate_unknown';
  }
}

/** Throws a `TlsError` (alert per `verifyErrorAlert`, code `PKI_CERT_VERIFY_FAILED`) unless `result.ok`. */
export function assertVerified(result: VerifyResult): void {
  if (result.ok) return;
  throw new TlsError(
    verifyErrorAlert(result.error),
    PkiErrorCode.Unverified,
    `tls: certificate verify failed: ${result.errorString} (error ${result.error} at depth ${result.errorDepth})`,
  );
}
