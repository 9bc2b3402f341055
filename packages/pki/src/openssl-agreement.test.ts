import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nobleProvider } from '@strata/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHAINS,
  cert,
  fixturePath,
  fixtureText,
  VERIFY_EPOCH,
  VERIFY_TIME,
} from '../test/fixtures.js';
import { parseCertificatePem } from './certificate.js';
import { parsePrivateKey } from './keys.js';
import { encodePem } from './pem.js';
import { TrustStore } from './trust-store.js';
import { type VerifyOptions, verifyChain } from './verify.js';
import { X509_V } from './verify-error.js';

/**
 * Every fixture chain is verified twice: by `openssl verify` and by
 * `verifyChain` with the same time, purpose, host and flags. The verdicts
 * and the full sequence of (error, depth) reports must be equal. Like
 * apps/verify.c, our callback keeps going after the errors OpenSSL's
 * `openssl verify` callback accepts.
 */

const opensslVersion = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const haveOpenssl = opensslVersion.status === 0 && /OpenSSL 3\./.test(opensslVersion.stdout);

/** Errors the `openssl verify` callback (apps/verify.c) turns into ok = 1. */
const APP_CONTINUES: ReadonlySet<number> = new Set([
  X509_V.ERR_NO_EXPLICIT_POLICY,
  X509_V.ERR_CERT_HAS_EXPIRED,
  X509_V.ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
  X509_V.ERR_INVALID_CA,
  X509_V.ERR_INVALID_NON_CA,
  X509_V.ERR_PATH_LENGTH_EXCEEDED,
  X509_V.ERR_CRL_HAS_EXPIRED,
  X509_V.ERR_CRL_NOT_YET_VALID,
  X509_V.ERR_UNHANDLED_CRITICAL_EXTENSION,
  X509_V.ERR_INVALID_PURPOSE,
  X509_V.ERR_PATHLEN_INVALID_FOR_NON_CA,
  X509_V.ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN,
  X509_V.ERR_CA_BCONS_NOT_CRITICAL,
  X509_V.ERR_CA_CERT_MISSING_KEY_USAGE,
  X509_V.ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA,
  X509_V.ERR_ISSUER_NAME_EMPTY,
  X509_V.ERR_SUBJECT_NAME_EMPTY,
  X509_V.ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL,
  X509_V.ERR_EMPTY_SUBJECT_ALT_NAME,
  X509_V.ERR_SIGNATURE_ALGORITHM_INCONSISTENCY,
  X509_V.ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL,
  X509_V.ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL,
  X509_V.ERR_MISSING_AUTHORITY_KEY_IDENTIFIER,
  X509_V.ERR_MISSING_SUBJECT_KEY_IDENTIFIER,
  X509_V.ERR_EXTENSIONS_REQUIRE_VERSION_3,
]);

interface Case {
  readonly name: string;
  readonly leaf: string;
  readonly untrusted?: readonly string[];
  readonly trusted: readonly string[];
  readonly host?: string;
  readonly ip?: string;
  readonly purpose?: 'sslserver' | 'sslclient';
  readonly strict?: boolean;
  readonly depth?: number;
  readonly authLevel?: number;
  readonly time?: number;
  /** The first error we expect both to report (a guard against both being wrong the same way). */
  readonly first: number;
  /** A PEM file to use instead of chains/<leaf>.pem (tampered certificates). */
  readonly leafFile?: 'tampered' | 'bad-time';
}

const V = X509_V;
const server = { purpose: 'sslserver' } as const;
const rsa = { untrusted: ['int-rsa'], trusted: ['root-rsa'] } as const;

const CASES: Case[] = [
  {
    name: 'valid RSA-2048 chain',
    leaf: 'leaf-rsa',
    ...rsa,
    ...server,
    host: 'www.example.com',
    first: V.OK,
  },
  {
    name: 'valid chain, host in other case',
    leaf: 'leaf-rsa',
    ...rsa,
    ...server,
    host: 'WWW.Example.COM',
    first: V.OK,
  },
  {
    name: 'valid P-256 chain',
    leaf: 'leaf-p256',
    untrusted: ['int-p256'],
    trusted: ['root-p256'],
    ...server,
    host: 'p256.example',
    first: V.OK,
  },
  {
    name: 'valid P-384 chain',
    leaf: 'leaf-p384',
    untrusted: ['int-p384'],
    trusted: ['root-p384'],
    ...server,
    host: 'p384.example',
    first: V.OK,
  },
  {
    name: 'valid P-521 chain (ecdsa-with-SHA512)',
    leaf: 'leaf-p521',
    untrusted: ['int-p521'],
    trusted: ['root-p521'],
    ...server,
    host: 'p521.example',
    first: V.OK,
  },
  {
    name: 'P-256 leaf under a P-521 CA',
    leaf: 'leaf-p256-under-p521',
    untrusted: ['int-p521'],
    trusted: ['root-p521'],
    ...server,
    host: 'p256-under-p521.example',
    first: V.OK,
  },
  {
    name: 'P-521 chain without its intermediate',
    leaf: 'leaf-p521',
    trusted: ['root-p521'],
    ...server,
    first: V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
  },
  {
    name: 'P-521 chain under the wrong root (P-384)',
    leaf: 'leaf-p521',
    untrusted: ['int-p521'],
    trusted: ['root-p384'],
    ...server,
    first: V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
  },
  {
    name: 'auth level 5 accepts P-521 with SHA-512 (256 bits)',
    leaf: 'leaf-p521',
    untrusted: ['int-p521'],
    trusted: ['root-p521'],
    authLevel: 5,
    first: V.OK,
  },
  {
    name: 'auth level 5 refuses a P-256 leaf under a P-521 CA',
    leaf: 'leaf-p256-under-p521',
    untrusted: ['int-p521'],
    trusted: ['root-p521'],
    authLevel: 5,
    first: V.ERR_EE_KEY_TOO_SMALL,
  },
  {
    name: 'valid Ed25519 chain',
    leaf: 'leaf-ed25519',
    untrusted: ['int-ed25519'],
    trusted: ['root-ed25519'],
    ...server,
    first: V.OK,
  },
  {
    name: 'valid RSA-PSS chain (id-RSASSA-PSS intermediate key)',
    leaf: 'leaf-pss',
    untrusted: ['int-pss'],
    trusted: ['root-rsa'],
    ...server,
    host: 'pss.example',
    first: V.OK,
  },
  {
    name: 'valid chain under an id-RSASSA-PSS key restricted to SHA-256',
    leaf: 'leaf-pss256',
    untrusted: ['int-pss256'],
    trusted: ['root-rsa'],
    ...server,
    host: 'pss256.example',
    first: V.OK,
  },
  {
    name: 'unordered intermediates with extras',
    leaf: 'leaf-deep',
    untrusted: ['int-p256', 'int-second', 'leaf-p256', 'int-rsa'],
    trusted: ['root-rsa'],
    ...server,
    first: V.OK,
  },
  { name: 'expired leaf', leaf: 'leaf-expired', ...rsa, ...server, first: V.ERR_CERT_HAS_EXPIRED },
  {
    name: 'leaf not yet valid',
    leaf: 'leaf-notyet',
    ...rsa,
    ...server,
    first: V.ERR_CERT_NOT_YET_VALID,
  },
  {
    name: 'expired intermediate',
    leaf: 'leaf-under-expired',
    untrusted: ['int-expired'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_CERT_HAS_EXPIRED,
  },
  {
    name: 'everything expired at a late time',
    leaf: 'leaf-rsa',
    ...rsa,
    time: Date.UTC(2041, 0, 1) / 1000,
    first: V.ERR_CERT_HAS_EXPIRED,
  },
  {
    name: 'validity starts exactly now',
    leaf: 'leaf-rsa',
    ...rsa,
    time: Date.UTC(2020, 0, 1) / 1000,
    first: V.OK,
  },
  {
    name: 'validity ends exactly now',
    leaf: 'leaf-rsa',
    ...rsa,
    time: Date.UTC(2040, 0, 1) / 1000,
    first: V.ERR_CERT_HAS_EXPIRED,
  },
  {
    name: 'wrong host',
    leaf: 'leaf-rsa',
    ...rsa,
    ...server,
    host: 'wrong.example.com',
    first: V.ERR_HOSTNAME_MISMATCH,
  },
  {
    name: 'wildcard matches one label',
    leaf: 'leaf-wildcard',
    ...rsa,
    host: 'a.wild.example',
    first: V.OK,
  },
  {
    name: 'wildcard does not match two labels',
    leaf: 'leaf-wildcard',
    ...rsa,
    host: 'a.b.wild.example',
    first: V.ERR_HOSTNAME_MISMATCH,
  },
  {
    name: 'wildcard does not match the bare domain',
    leaf: 'leaf-wildcard',
    ...rsa,
    host: 'wild.example',
    first: V.ERR_HOSTNAME_MISMATCH,
  },
  {
    name: '*.localhost is too general to be a wildcard',
    leaf: 'leaf-wild-localhost',
    ...rsa,
    host: 'foo.localhost',
    first: V.ERR_HOSTNAME_MISMATCH,
  },
  {
    name: 'partial wildcard (OpenSSL allows)',
    leaf: 'leaf-wild-partial',
    ...rsa,
    host: 'foo.partial.example',
    first: V.OK,
  },
  {
    name: 'CN fallback without DNS SAN',
    leaf: 'leaf-cn-only',
    ...rsa,
    ...server,
    host: 'cn.example',
    first: V.OK,
  },
  {
    name: 'no CN fallback when a DNS SAN exists',
    leaf: 'leaf-cn-and-san',
    ...rsa,
    ...server,
    host: 'cn.example',
    first: V.ERR_HOSTNAME_MISMATCH,
  },
  { name: 'IPv4 SAN', leaf: 'leaf-rsa', ...rsa, ip: '127.0.0.1', first: V.OK },
  { name: 'IPv6 SAN', leaf: 'leaf-rsa', ...rsa, ip: '0:0:0:0:0:0:0:1', first: V.OK },
  {
    name: 'IP mismatch',
    leaf: 'leaf-rsa',
    ...rsa,
    ip: '10.0.0.1',
    first: V.ERR_IP_ADDRESS_MISMATCH,
  },
  {
    name: 'missing intermediate',
    leaf: 'leaf-rsa',
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
  },
  {
    name: 'untrusted root',
    leaf: 'leaf-rsa',
    untrusted: ['int-rsa', 'root-rsa'],
    trusted: ['root-p256'],
    ...server,
    first: V.ERR_SELF_SIGNED_CERT_IN_CHAIN,
  },
  {
    name: 'self-signed leaf',
    leaf: 'selfsigned',
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
  },
  {
    name: 'self-signed leaf that is trusted',
    leaf: 'selfsigned',
    trusted: ['selfsigned'],
    ...server,
    host: 'self.example',
    first: V.OK,
  },
  {
    name: 'CA without keyCertSign',
    leaf: 'leaf-under-no-certsign',
    untrusted: ['int-no-certsign'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_INVALID_CA,
  },
  {
    name: 'pathLen 0 violated',
    leaf: 'leaf-pathlen',
    untrusted: ['int-pathlen0', 'int-below-pathlen0'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_PATH_LENGTH_EXCEEDED,
  },
  {
    name: 'wrong EKU for a server',
    leaf: 'leaf-client-only',
    ...rsa,
    ...server,
    first: V.ERR_INVALID_PURPOSE,
  },
  {
    name: 'clientAuth EKU for a client',
    leaf: 'leaf-client-only',
    ...rsa,
    purpose: 'sslclient',
    first: V.OK,
  },
  {
    name: 'serverAuth-only leaf for a client',
    leaf: 'leaf-cn-only',
    ...rsa,
    purpose: 'sslclient',
    first: V.ERR_INVALID_PURPOSE,
  },
  {
    name: 'unknown critical extension',
    leaf: 'leaf-critical-unknown',
    ...rsa,
    ...server,
    first: V.ERR_UNHANDLED_CRITICAL_EXTENSION,
  },
  {
    name: 'name constraints: permitted DNS',
    leaf: 'leaf-nc-dns-ok',
    untrusted: ['int-nc-dns'],
    trusted: ['root-rsa'],
    ...server,
    first: V.OK,
  },
  {
    name: 'name constraints: DNS outside permitted',
    leaf: 'leaf-nc-dns-bad',
    untrusted: ['int-nc-dns'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_PERMITTED_VIOLATION,
  },
  {
    name: 'name constraints: excluded DNS',
    leaf: 'leaf-nc-dns-excluded',
    untrusted: ['int-nc-dns'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_EXCLUDED_VIOLATION,
  },
  {
    name: 'name constraints: CN checked when no SAN',
    leaf: 'leaf-nc-cn-bad',
    untrusted: ['int-nc-dns'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_PERMITTED_VIOLATION,
  },
  {
    name: 'name constraints: permitted IP',
    leaf: 'leaf-nc-ip-ok',
    untrusted: ['int-nc-ip'],
    trusted: ['root-rsa'],
    ...server,
    first: V.OK,
  },
  {
    name: 'name constraints: IP outside permitted',
    leaf: 'leaf-nc-ip-bad',
    untrusted: ['int-nc-ip'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_PERMITTED_VIOLATION,
  },
  {
    name: 'name constraints: excluded IP',
    leaf: 'leaf-nc-ip-excluded',
    untrusted: ['int-nc-ip'],
    trusted: ['root-rsa'],
    ...server,
    first: V.ERR_EXCLUDED_VIOLATION,
  },
  {
    name: 'name constraints: permitted email, URI and directoryName',
    leaf: 'leaf-nc-misc-ok',
    untrusted: ['int-nc-misc'],
    trusted: ['root-rsa'],
    first: V.OK,
  },
  {
    name: 'name constraints: email outside permitted',
    leaf: 'leaf-nc-email-bad',
    untrusted: ['int-nc-misc'],
    trusted: ['root-rsa'],
    first: V.ERR_PERMITTED_VIOLATION,
  },
  {
    name: 'name constraints: URI host outside permitted',
    leaf: 'leaf-nc-uri-bad',
    untrusted: ['int-nc-misc'],
    trusted: ['root-rsa'],
    first: V.ERR_PERMITTED_VIOLATION,
  },
  {
    name: 'name constraints: subject outside permitted directoryName',
    leaf: 'leaf-nc-dn-bad',
    untrusted: ['int-nc-misc'],
    trusted: ['root-rsa'],
    first: V.ERR_PERMITTED_VIOLATION,
  },
  {
    name: 'name constraints: 10 names x 1100 subtrees are checked',
    leaf: 'leaf-nc-few-ok',
    trusted: ['root-nc-many'],
    ...server,
    first: V.OK,
  },
  {
    name: 'name constraints: over 2^20 name x subtree pairs give up (NAME_CHECK_MAX)',
    leaf: 'leaf-nc-many',
    trusted: ['root-nc-many'],
    ...server,
    first: V.ERR_UNSPECIFIED,
  },
  {
    name: 'cross-signed root: new root trusted',
    leaf: 'leaf-cross',
    untrusted: ['int-new', 'root-new-cross'],
    trusted: ['root-new'],
    ...server,
    host: 'cross.example',
    first: V.OK,
  },
  {
    name: 'cross-signed root: only old root trusted',
    leaf: 'leaf-cross',
    untrusted: ['int-new', 'root-new-cross'],
    trusted: ['root-rsa'],
    ...server,
    host: 'cross.example',
    first: V.OK,
  },
  {
    name: 'peer sends a re-issued copy of the trusted root',
    leaf: 'leaf-rsa',
    untrusted: ['int-rsa', 'root-rsa-reissued'],
    trusted: ['root-rsa'],
    ...server,
    first: V.OK,
  },
  {
    name: 'a re-issued root as the leaf, the original trusted (only exact matches count)',
    leaf: 'root-rsa-reissued',
    trusted: ['root-rsa'],
    first: V.ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
  },
  {
    name: 'peer sends the trusted root itself',
    leaf: 'leaf-rsa',
    untrusted: ['root-rsa', 'int-rsa'],
    trusted: ['root-rsa'],
    ...server,
    first: V.OK,
  },
  {
    name: 'cross-signed root: both roots trusted',
    leaf: 'leaf-cross',
    untrusted: ['root-new-cross', 'int-new'],
    trusted: ['root-rsa', 'root-new'],
    ...server,
    first: V.OK,
  },
  {
    name: 'verify depth 1 allows leaf + 1 CA + root',
    leaf: 'leaf-rsa',
    ...rsa,
    depth: 1,
    first: V.OK,
  },
  {
    name: 'verify depth 0 with one intermediate',
    leaf: 'leaf-rsa',
    ...rsa,
    depth: 0,
    first: V.ERR_CERT_CHAIN_TOO_LONG,
  },
  {
    name: 'verify depth 1 with two intermediates',
    leaf: 'leaf-deep',
    untrusted: ['int-second', 'int-rsa'],
    trusted: ['root-rsa'],
    depth: 1,
    first: V.ERR_CERT_CHAIN_TOO_LONG,
  },
  {
    name: 'x509_strict: basicConstraints of a CA not critical',
    leaf: 'leaf-under-bc-not-critical',
    untrusted: ['int-bc-not-critical'],
    trusted: ['root-rsa'],
    strict: true,
    first: V.ERR_CA_BCONS_NOT_CRITICAL,
  },
  { name: 'auth level 2 accepts RSA-2048', leaf: 'leaf-rsa', ...rsa, authLevel: 2, first: V.OK },
  {
    name: 'auth level 3 refuses RSA-2048 keys',
    leaf: 'leaf-rsa',
    ...rsa,
    authLevel: 3,
    first: V.ERR_EE_KEY_TOO_SMALL,
  },
  {
    name: 'auth level 3 refuses an RSA-2048 CA under a P-256 leaf',
    leaf: 'leaf-expired',
    ...rsa,
    authLevel: 3,
    first: V.ERR_CA_KEY_TOO_SMALL,
  },
  {
    name: 'auth level 4 refuses P-256 (128 bits)',
    leaf: 'leaf-p256',
    untrusted: ['int-p256'],
    trusted: ['root-p256'],
    authLevel: 4,
    first: V.ERR_EE_KEY_TOO_SMALL,
  },
  {
    name: 'auth level 4 accepts P-384 with SHA-384',
    leaf: 'leaf-p384',
    untrusted: ['int-p384'],
    trusted: ['root-p384'],
    authLevel: 4,
    first: V.OK,
  },
  {
    name: 'x509_strict: a conforming chain',
    leaf: 'leaf-rsa',
    ...rsa,
    ...server,
    strict: true,
    first: V.OK,
  },
  {
    name: 'malformed notBefore field',
    leaf: 'leaf-rsa',
    ...rsa,
    ...server,
    leafFile: 'bad-time',
    first: V.ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD,
  },
  {
    name: 'bad leaf signature',
    leaf: 'leaf-rsa',
    ...rsa,
    ...server,
    leafFile: 'tampered',
    first: V.ERR_CERT_SIGNATURE_FAILURE,
  },
];

let tmp: string | undefined;
function tempDir(): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'strata-pki-'));
  return tmp;
}

/**
 * leaf-rsa with its notBefore UTCTime re-tagged as a (malformed, 13-character)
 * GeneralizedTime and re-signed with the intermediate's key, so only the time
 * field is wrong.
 */
function badTimeLeaf(): string {
  const leaf = cert('leaf-rsa');
  const der = leaf.der.slice();
  const start = leaf.tbs.byteOffset - leaf.der.byteOffset;
  const tbs = der.subarray(start, start + leaf.tbs.length);
  const at = tbs.findIndex((b, i) => b === 0x17 && tbs[i + 1] === 0x0d);
  tbs[at] = 0x18;
  const key = parsePrivateKey(fixtureText('int-rsa.key')).key;
  const sig = nobleProvider.sign(
    { kind: 'rsa-pkcs1', hash: 'sha256' },
    key,
    tbs,
    nobleProvider.random,
  );
  der.set(sig, der.length - sig.length);
  const file = join(tempDir(), 'bad-time.pem');
  writeFileSync(file, encodePem('CERTIFICATE', der));
  return file;
}

/** A copy of leaf-rsa whose signature has one bit flipped. */
function tamperedLeaf(): string {
  const der = cert('leaf-rsa').der.slice();
  der[der.length - 5]! ^= 0x01;
  const file = join(tempDir(), 'tampered.pem');
  writeFileSync(file, encodePem('CERTIFICATE', der));
  return file;
}

interface Report {
  readonly ok: boolean;
  readonly errors: readonly (readonly [number, number])[];
}

function runOpenssl(c: Case, leafFile: string): Report {
  const dir = tempDir();
  const caFile = join(dir, `${c.name.replace(/\W+/g, '_')}-ca.pem`);
  writeFileSync(caFile, c.trusted.map((t) => fixtureText(`${t}.pem`)).join(''));
  const args = ['verify', '-attime', String(c.time ?? VERIFY_EPOCH), '-CAfile', caFile];
  if (c.untrusted && c.untrusted.length > 0) {
    const untrustedFile = join(dir, `${c.name.replace(/\W+/g, '_')}-untrusted.pem`);
    writeFileSync(untrustedFile, c.untrusted.map((t) => fixtureText(`${t}.pem`)).join(''));
    args.push('-untrusted', untrustedFile);
  }
  if (c.purpose) args.push('-purpose', c.purpose);
  if (c.strict) args.push('-x509_strict');
  if (c.host) args.push('-verify_hostname', c.host);
  if (c.ip) args.push('-verify_ip', c.ip);
  if (c.depth !== undefined) args.push('-verify_depth', String(c.depth));
  if (c.authLevel !== undefined) args.push('-auth_level', String(c.authLevel));
  args.push(leafFile);
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  const out = `${r.stdout}\n${r.stderr}`;
  const errors = [...out.matchAll(/error (\d+) at (\d+) depth lookup/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as const,
  );
  return { ok: r.status === 0 && /: OK\b/.test(out), errors };
}

function runStrata(c: Case, leafFile: string, policy: 'openssl' | 'strict' = 'openssl'): Report {
  const trustStore = new TrustStore();
  for (const t of c.trusted) trustStore.add(cert(t));
  const errors: (readonly [number, number])[] = [];
  const options: VerifyOptions = {
    trustStore,
    intermediates: (c.untrusted ?? []).map(cert),
    time: c.time === undefined ? VERIFY_TIME : c.time * 1000,
    policy,
    ...(c.purpose ? { purpose: c.purpose } : {}),
    ...(c.strict ? { x509Strict: true } : {}),
    ...(c.host ? { hostname: c.host } : {}),
    ...(c.ip ? { ip: c.ip } : {}),
    ...(c.depth !== undefined ? { maxDepth: c.depth } : {}),
    ...(c.authLevel !== undefined ? { authLevel: c.authLevel } : {}),
    callback: (ok, ctx) => {
      if (ok) return true;
      errors.push([ctx.error, ctx.errorDepth]);
      return APP_CONTINUES.has(ctx.error);
    },
  };
  const leaf = parseCertificatePem(c.leafFile ? readLeaf(leafFile) : fixtureText(`${c.leaf}.pem`));
  const result = verifyChain(leaf, options);
  return { ok: result.ok && result.error === X509_V.OK, errors };
}

function readLeaf(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Where the native `strict` policy deliberately differs from OpenSSL, and what it reports instead. */
const STRICT_DIFFERS: Readonly<Record<string, Report>> = {
  'partial wildcard (OpenSSL allows)': { ok: false, errors: [[V.ERR_HOSTNAME_MISMATCH, 0]] },
  'CN fallback without DNS SAN': { ok: false, errors: [[V.ERR_HOSTNAME_MISMATCH, 0]] },
};

describe.skipIf(!haveOpenssl)('agreement with `openssl verify` (OpenSSL 3 CLI on PATH)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const leafFile =
        c.leafFile === 'tampered'
          ? tamperedLeaf()
          : c.leafFile === 'bad-time'
            ? badTimeLeaf()
            : fixturePath(`${c.leaf}.pem`);
      const theirs = runOpenssl(c, leafFile);
      const ours = runStrata(c, leafFile);
      if (process.env['PKI_DEBUG'])
        console.log(c.name, JSON.stringify(theirs), JSON.stringify(ours));
      expect(ours).toEqual(theirs);
      expect(theirs.errors[0]?.[0] ?? V.OK).toBe(c.first);
      // The native strict policy agrees too, except where it is stricter on purpose.
      expect(runStrata(c, leafFile, 'strict')).toEqual(STRICT_DIFFERS[c.name] ?? theirs);
    });
  }
});

describe.skipIf(!haveOpenssl)('agreement with `openssl verify` on random combinations', () => {
  // Any leaf, any untrusted and trusted sets, host, purpose, depth and time
  // drawn from the fixtures (seeded, so a failure names its case).
  const names = readdirSync(CHAINS)
    .filter((f) => f.endsWith('.pem') && !f.includes('nc-many'))
    .map((f) => f.slice(0, -4));
  const cas = names.filter((n) => n.startsWith('root-') || n.startsWith('int-'));
  /** The fixture's issuers up to a self-issued one, nearest first (by names only). */
  const ancestors = (name: string): string[] => {
    const out: string[] = [];
    let cur = cert(name);
    for (let i = 0; i < 5 && cur.issuer.canonical !== cur.subject.canonical; i++) {
      const up = cas.find(
        (n) => !out.includes(n) && cert(n).subject.canonical === cur.issuer.canonical,
      );
      if (up === undefined) break;
      out.push(up);
      cur = cert(up);
    }
    return out;
  };
  const arbitrary = fc
    .record({
      leaf: fc.constantFrom(...names),
      trustTop: fc.boolean(),
      trustFirst: fc.boolean(),
      dropOne: fc.nat(4),
      extras: fc.subarray(cas, { maxLength: 2 }),
      host: fc.option(
        fc.constantFrom(
          'www.example.com',
          'example.com',
          'a.wild.example',
          'cn.example',
          'x.good.example',
        ),
        { nil: undefined },
      ),
      purpose: fc.option(fc.constantFrom('sslserver' as const, 'sslclient' as const), {
        nil: undefined,
      }),
      depth: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
      time: fc.constantFrom(VERIFY_EPOCH, VERIFY_EPOCH, 1_300_000_000, 2_200_000_000),
    })
    .map((r) => {
      const up = ancestors(r.leaf);
      const top = up[up.length - 1];
      const trusted = [
        ...(r.trustTop && top !== undefined ? [top] : []),
        ...(r.trustFirst && up[0] !== undefined ? [up[0]] : []),
        ...r.extras,
      ];
      if (trusted.length === 0) trusted.push(top ?? 'root-rsa');
      const untrusted = [
        ...up.slice(0, -1).filter((_, i) => i !== r.dropOne),
        ...r.extras,
      ].reverse();
      return { ...r, trusted: [...new Set(trusted)], untrusted };
    });
  it('agrees on 150 random verifications (chains, hosts, purposes, depths, times)', () => {
    for (const [i, r] of fc.sample(arbitrary, { numRuns: 150, seed: 20261122 }).entries()) {
      const c: Case = {
        name: `random ${i}`,
        leaf: r.leaf,
        untrusted: r.untrusted,
        trusted: r.trusted,
        time: r.time,
        first: V.OK,
        ...(r.host !== undefined ? { host: r.host } : {}),
        ...(r.purpose !== undefined ? { purpose: r.purpose } : {}),
        ...(r.depth !== undefined ? { depth: r.depth } : {}),
      };
      const leafFile = fixturePath(`${c.leaf}.pem`);
      expect(runStrata(c, leafFile), JSON.stringify(r)).toEqual(runOpenssl(c, leafFile));
    }
  }, 120_000);
});

describe.skipIf(haveOpenssl)('agreement with `openssl verify`', () => {
  it.skip('skipped: no OpenSSL 3 `openssl` binary on PATH', () => {});
});
