import { OctetString } from '@peculiar/asn1-schema';
import {
  Certificate as AsnCertificate,
  type GeneralName as AsnGeneralName,
  KeyUsage as AsnKeyUsage,
  NameConstraints as AsnNameConstraints,
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  SubjectAlternativeName,
} from '@peculiar/asn1-x509';
import { toHex } from '@strata/wire';
import { type SignatureAlgorithmInfo, signatureAlgorithmInfo } from './algorithms.js';
import { decodeAsn1, guarded, u8 } from './asn1.js';
import { DerCursor, type DerElement, Tag } from './der.js';
import { PkiErrorCode, pkiError } from './errors.js';
import { ipFromLibraryText } from './ip.js';
import { type PublicKeyInfo, publicKeyInfoFromAsn1 } from './keys.js';
import { type DistinguishedName, nameFromAsn1 } from './name.js';
import { HANDLED_CRITICAL_EXTENSIONS, Oid } from './oids.js';
import { decodePem, isPem } from './pem.js';

/** Key usage bits (RFC 5280 §4.2.1.3), as flags. */
export const KeyUsage = {
  digitalSignature: 0x001,
  nonRepudiation: 0x002,
  keyEncipherment: 0x004,
  dataEncipherment: 0x008,
  keyAgreement: 0x010,
  keyCertSign: 0x020,
  cRLSign: 0x040,
  encipherOnly: 0x080,
  decipherOnly: 0x100,
} as const;

/** A GeneralName (RFC 5280 §4.2.1.6) of the kinds Strata looks at. */
export type GeneralName =
  | { readonly type: 'dns'; readonly value: string }
  /** 4 or 16 bytes; in name constraints 8 or 32 (address then mask). */
  | { readonly type: 'ip'; readonly bytes: Uint8Array | undefined; readonly text: string }
  | { readonly type: 'email'; readonly value: string }
  | { readonly type: 'uri'; readonly value: string }
  | { readonly type: 'dn'; readonly name: DistinguishedName }
  | { readonly type: 'other'; readonly kind: string };

export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue contents (DER of the extension's own structure). */
  readonly value: Uint8Array;
}

export interface NameConstraints {
  readonly permitted: readonly GeneralName[];
  readonly excluded: readonly GeneralName[];
  /** True when a subtree sets minimum ≠ 0 or a maximum (unsupported, like OpenSSL). */
  readonly hasMinMax: boolean;
}

/** A parsed X.509 certificate. Everything is read-only; byte fields are views of `der`. */
export interface Certificate {
  /** The whole certificate, DER. */
  readonly der: Uint8Array;
  /** The exact DER of tbsCertificate: the signed bytes. */
  readonly tbs: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  /** Serial number contents (big-endian two's complement, as encoded). */
  readonly serialNumber: Uint8Array;
  /** Serial in upper-case hex, as `openssl x509 -serial` prints it (`01A2`). */
  readonly serialHex: string;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /**
   * False when the time is not in the form `X509_cmp_time` accepts
   * (UTCTime `YYMMDDHHMMSSZ`, GeneralizedTime `YYYYMMDDHHMMSSZ`):
   * verification then reports X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE/AFTER_FIELD.
   */
  readonly notBeforeWellFormed: boolean;
  readonly notAfterWellFormed: boolean;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: SignatureAlgorithmInfo;
  /** True when the outer signatureAlgorithm and the TBS signature field differ (RFC 5280 §4.1.1.2). */
  readonly signatureAlgorithmMismatch: boolean;
  /** The signature bytes (BIT STRING contents without the unused-bits octet). */
  readonly signature: Uint8Array;
  readonly extensions: readonly CertificateExtension[];
  /** basicConstraints, when present. */
  readonly basicConstraints:
    | { readonly ca: boolean; readonly pathLen: number | undefined; readonly critical: boolean }
    | undefined;
  /** keyUsage flags (see `KeyUsage`), or undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
  /** extKeyUsage OIDs, or undefined when absent. */
  readonly extKeyUsage: readonly string[] | undefined;
  /** subjectAltName entries, or undefined when absent. */
  readonly subjectAltName: readonly GeneralName[] | undefined;
  readonly subjectAltNameCritical: boolean;
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  readonly authorityKeyIdentifier:
    | {
        readonly keyIdentifier: Uint8Array | undefined;
        readonly issuer: readonly GeneralName[] | undefined;
        readonly serialNumber: Uint8Array | undefined;
        readonly critical: boolean;
      }
    | undefined;
  readonly subjectKeyIdentifierCritical: boolean;
  readonly nameConstraints: NameConstraints | undefined;
  /** OIDs of critical extensions Strata does not process (verification fails on them). */
  readonly unhandledCriticalExtensions: readonly string[];
  /** Subject and issuer names are equal (canonical comparison). */
  readonly selfIssued: boolean;
}

const ALERT = 'bad_certificate';

function generalName(g: AsnGeneralName): GeneralName {
  if (g.dNSName !== undefined) return { type: 'dns', value: g.dNSName };
  if (g.iPAddress !== undefined) {
    return { type: 'ip', bytes: ipFromLibraryText(g.iPAddress), text: g.iPAddress };
  }
  if (g.rfc822Name !== undefined) return { type: 'email', value: g.rfc822Name };
  if (g.uniformResourceIdentifier !== undefined) {
    return { type: 'uri', value: g.uniformResourceIdentifier };
  }
  if (g.directoryName !== undefined) {
    return { type: 'dn', name: nameFromAsn1(g.directoryName, new Uint8Array(0)) };
  }
  if (g.otherName !== undefined) return { type: 'other', kind: 'otherName' };
  if (g.registeredID !== undefined) return { type: 'other', kind: 'registeredID' };
  if (g.x400Address !== undefined) return { type: 'other', kind: 'x400Address' };
  return { type: 'other', kind: 'ediPartyName' };
}

/** UTCTime of 13 or GeneralizedTime of 15 characters, digits then `Z`, as `X509_cmp_time` requires. */
function wellFormedTime(e: DerElement): boolean {
  const length = e.tag === 0x17 ? 13 : e.tag === 0x18 ? 15 : -1;
  if (e.contents.length !== length) return false;
  for (let i = 0; i < length - 1; i++) {
    const c = e.contents[i]!;
    if (c < 0x30 || c > 0x39) return false;
  }
  return e.contents[length - 1] === 0x5a;
}

/**
 * A serial number as OpenSSL prints it (`i2a_ASN1_INTEGER`): upper-case hex
 * of the magnitude, without DER's sign padding, `-` before negative numbers.
 */
export function serialToHex(contents: Uint8Array): string {
  if (contents.length === 0) return '00';
  if ((contents[0]! & 0x80) !== 0) {
    const bits = BigInt(contents.length * 8);
    const magnitude = (1n << bits) - BigInt(`0x${toHex(contents)}`);
    const hex = magnitude.toString(16).toUpperCase();
    return `-${hex.length % 2 === 1 ? `0${hex}` : hex}`;
  }
  let start = 0;
  while (start < contents.length - 1 && contents[start] === 0) start++;
  return toHex(contents.subarray(start)).toUpperCase();
}

/** Parses one DER certificate; malformed input throws a `TlsError` (`bad_certificate`). */
export function parseCertificate(der: Uint8Array): Certificate {
  if (!(der instanceof Uint8Array)) throw new TypeError('parseCertificate: expected a Uint8Array');
  return guarded(ALERT, 'certificate', () => parse(der));
}

function parse(der: Uint8Array): Certificate {
  // Framing with the wire Reader: exact spans, no re-encoding.
  const asn = decodeAsn1(der, AsnCertificate, ALERT, 'certificate');
  const outer = new DerCursor(der, ALERT, 'certificate');
  const cert = new DerCursor(
    outer.expect(Tag.Sequence, 'Certificate').contents,
    ALERT,
    'certificate',
  );
  outer.end('Certificate');
  const tbsElement = cert.expect(Tag.Sequence, 'tbsCertificate');
  const outerAlg = cert.expect(Tag.Sequence, 'signatureAlgorithm');
  const sigBits = cert.expect(Tag.BitString, 'signatureValue');
  cert.end('Certificate');
  if (sigBits.contents.length < 1 || sigBits.contents[0] !== 0) {
    throw pkiError(
      ALERT,
      PkiErrorCode.Asn1Invalid,
      'tls: certificate signature is not whole bytes',
    );
  }
  const tbs = new DerCursor(tbsElement.contents, ALERT, 'tbsCertificate');
  if (tbs.peekTag() === 0xa0) tbs.next('version');
  const serial = tbs.expect(Tag.Integer, 'serialNumber');
  const innerAlg = tbs.expect(Tag.Sequence, 'signature');
  const issuerDer = tbs.expect(Tag.Sequence, 'issuer').encoded;
  const validity = new DerCursor(tbs.expect(Tag.Sequence, 'validity').contents, ALERT, 'validity');
  const notBeforeWellFormed = wellFormedTime(validity.next('notBefore'));
  const notAfterWellFormed = wellFormedTime(validity.next('notAfter'));
  const subjectDer = tbs.expect(Tag.Sequence, 'subject').encoded;
  const spkiDer = tbs.expect(Tag.Sequence, 'subjectPublicKeyInfo').encoded;

  const t = asn.tbsCertificate;
  const version = t.version + 1;
  if (version < 1 || version > 3) {
    throw pkiError(
      ALERT,
      PkiErrorCode.CertBadVersion,
      `tls: unsupported certificate version ${version}`,
    );
  }
  if (serial.contents.length === 0) {
    throw pkiError(ALERT, PkiErrorCode.Asn1Invalid, 'tls: empty certificate serial number');
  }
  const issuer = nameFromAsn1(t.issuer, issuerDer);
  const subject = nameFromAsn1(t.subject, subjectDer);
  const notBefore = t.validity.notBefore.getTime();
  const notAfter = t.validity.notAfter.getTime();
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    throw pkiError(ALERT, PkiErrorCode.Asn1Invalid, 'tls: invalid certificate validity time');
  }

  const extensions: CertificateExtension[] = [];
  const seen = new Set<string>();
  let basicConstraints: Certificate['basicConstraints'];
  let keyUsage: number | undefined;
  let extKeyUsage: string[] | undefined;
  let subjectAltName: GeneralName[] | undefined;
  let subjectAltNameCritical = false;
  let subjectKeyIdentifier: Uint8Array | undefined;
  let subjectKeyIdentifierCritical = false;
  let authorityKeyIdentifier: Certificate['authorityKeyIdentifier'];
  let nameConstraints: NameConstraints | undefined;
  const unhandled: string[] = [];
  for (const ext of t.extensions ?? []) {
    const oid = ext.extnID;
    if (seen.has(oid)) {
      throw pkiError(ALERT, PkiErrorCode.CertDuplicateExtension, `tls: duplicate extension ${oid}`);
    }
    seen.add(oid);
    const value = u8(ext.extnValue.buffer);
    const critical = ext.critical;
    extensions.push({ oid, critical, value });
    const what = `extension ${oid}`;
    switch (oid) {
      case Oid.basicConstraints: {
        const bc = decodeAsn1(value, BasicConstraints, ALERT, what);
        basicConstraints = { ca: bc.cA, pathLen: bc.pathLenConstraint, critical };
        break;
      }
      case Oid.keyUsage:
        keyUsage = decodeAsn1(value, AsnKeyUsage, ALERT, what).toNumber();
        break;
      case Oid.extKeyUsage:
        extKeyUsage = [...decodeAsn1(value, ExtendedKeyUsage, ALERT, what)];
        break;
      case Oid.subjectAltName:
        subjectAltName = decodeAsn1(value, SubjectAlternativeName, ALERT, what).map(generalName);
        subjectAltNameCritical = critical;
        break;
      case Oid.subjectKeyIdentifier:
        subjectKeyIdentifier = u8(decodeAsn1(value, OctetString, ALERT, what).buffer);
        subjectKeyIdentifierCritical = critical;
        break;
      case Oid.authorityKeyIdentifier: {
        const aki = decodeAsn1(value, AuthorityKeyIdentifier, ALERT, what);
        authorityKeyIdentifier = {
          keyIdentifier: aki.keyIdentifier ? u8(aki.keyIdentifier.buffer) : undefined,
          issuer: aki.authorityCertIssuer?.map(generalName),
          serialNumber: aki.authorityCertSerialNumber
            ? u8(aki.authorityCertSerialNumber)
            : undefined,
          critical,
        };
        break;
      }
      case Oid.nameConstraints: {
        const nc = decodeAsn1(value, AsnNameConstraints, ALERT, what);
        let hasMinMax = false;
        const subtrees = (list: typeof nc.permittedSubtrees) =>
          (list ?? []).map((s) => {
            if (s.minimum !== 0 || s.maximum !== undefined) hasMinMax = true;
            return generalName(s.base);
          });
        nameConstraints = {
          permitted: subtrees(nc.permittedSubtrees),
          excluded: subtrees(nc.excludedSubtrees),
          hasMinMax,
        };
        break;
      }
      default:
        break;
    }
    if (critical && !HANDLED_CRITICAL_EXTENSIONS.has(oid)) unhandled.push(oid);
  }

  const publicKey = publicKeyInfoFromAsn1(t.subjectPublicKeyInfo, spkiDer, ALERT);
  return {
    der,
    tbs: tbsElement.encoded,
    version,
    serialNumber: serial.contents,
    serialHex: serialToHex(serial.contents),
    issuer,
    subject,
    notBefore,
    notAfter,
    notBeforeWellFormed,
    notAfterWellFormed,
    publicKey,
    signatureAlgorithm: signatureAlgorithmInfo(asn.signatureAlgorithm, ALERT),
    signatureAlgorithmMismatch: toHex(outerAlg.encoded) !== toHex(innerAlg.encoded),
    signature: sigBits.contents.subarray(1),
    extensions,
    basicConstraints,
    keyUsage,
    extKeyUsage,
    subjectAltName,
    subjectAltNameCritical,
    subjectKeyIdentifier,
    subjectKeyIdentifierCritical,
    authorityKeyIdentifier,
    nameConstraints,
    unhandledCriticalExtensions: unhandled,
    selfIssued: issuer.canonical === subject.canonical,
  };
}

/**
 * Every certificate in `input`: PEM text (all `CERTIFICATE`, `X509
 * CERTIFICATE` and `TRUSTED CERTIFICATE` blocks, other blocks skipped) or one
 * DER certificate. Throws a `TlsError` when a block is malformed or, with
 * `requireOne`, when there is none.
 */
export function parseCertificates(
  input: string | Uint8Array,
  options: { requireOne?: boolean } = {},
): Certificate[] {
  if (!isPem(input)) return [parseCertificate(input as Uint8Array)];
  const out: Certificate[] = [];
  for (const block of decodePem(input)) {
    if (
      block.label === 'CERTIFICATE' ||
      block.label === 'X509 CERTIFICATE' ||
      block.label === 'TRUSTED CERTIFICATE'
    ) {
      out.push(parseCertificateTrusted(block.der, block.label === 'TRUSTED CERTIFICATE'));
    }
  }
  if (out.length === 0 && options.requireOne !== false) {
    throw pkiError('decode_error', PkiErrorCode.PemNoBlock, 'tls: no certificate found');
  }
  return out;
}

/** A `TRUSTED CERTIFICATE` is a certificate followed by OpenSSL's trust settings: keep the certificate. */
function parseCertificateTrusted(der: Uint8Array, trusted: boolean): Certificate {
  if (!trusted) return parseCertificate(der);
  const cursor = new DerCursor(der, ALERT, 'trusted certificate');
  return parseCertificate(cursor.expect(Tag.Sequence, 'Certificate').encoded);
}

/** The one certificate in `input` (the first, when PEM has several). */
export function parseCertificatePem(input: string | Uint8Array): Certificate {
  return parseCertificates(input)[0]!;
}
