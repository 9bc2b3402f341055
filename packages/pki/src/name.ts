import { AsnConvert } from '@peculiar/asn1-schema';
import type { AttributeValue, Name } from '@peculiar/asn1-x509';
import { u8 } from './asn1.js';
import { DerCursor, Tag } from './der.js';
import { ATTRIBUTE_SHORT_NAMES } from './oids.js';

/** One attribute of a distinguished name. */
export interface NameAttribute {
  readonly oid: string;
  /** OpenSSL's short name (`CN`, `O`, `emailAddress`), or undefined for an unknown type. */
  readonly shortName: string | undefined;
  /** The value as text (for non-string values: hex of their DER). */
  readonly value: string;
  /** True when the value is one of the ASN.1 string types. */
  readonly isString: boolean;
  /** DER of the value. */
  readonly valueDer: Uint8Array;
}

/** A distinguished name (issuer or subject), in order of its RDN sequence. */
export interface DistinguishedName {
  readonly rdns: readonly (readonly NameAttribute[])[];
  /** The exact DER of the Name, as found in the certificate. */
  readonly der: Uint8Array;
  /** OpenSSL's `X509_NAME_oneline` form: `/C=US/O=Org/CN=name`. */
  readonly oneline: string;
  /** RFC 4514 form, most specific RDN first: `CN=name,O=Org,C=US`. */
  readonly rfc4514: string;
  /**
   * A comparison key: attribute values trimmed, inner whitespace collapsed and
   * ASCII lower-cased, as OpenSSL's canonical encoding compares names.
   */
  readonly canonical: string;
}

/** Values of every attribute with this short name or OID, in order. */
export function nameValues(name: DistinguishedName, key: string): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns)
    for (const a of rdn) if (a.shortName === key || a.oid === key) out.push(a.value);
  return out;
}

/** DER of each attribute value, read from the Name's own bytes (no re-encoding); undefined if the shape differs. */
function valueSpans(der: Uint8Array, name: Name): Uint8Array[][] | undefined {
  try {
    const seq = new DerCursor(der, 'bad_certificate', 'Name');
    const rdns = new DerCursor(
      seq.expect(Tag.Sequence, 'Name').contents,
      'bad_certificate',
      'Name',
    );
    const out: Uint8Array[][] = [];
    while (!rdns.atEnd) {
      const set = new DerCursor(rdns.expect(Tag.Set, 'RDN').contents, 'bad_certificate', 'Name');
      const values: Uint8Array[] = [];
      while (!set.atEnd) {
        const atv = new DerCursor(
          set.expect(Tag.Sequence, 'ATV').contents,
          'bad_certificate',
          'Name',
        );
        atv.expect(Tag.Oid, 'type');
        values.push(atv.next('value').encoded);
      }
      out.push(values);
    }
    const same = out.length === name.length && out.every((v, i) => v.length === name[i]!.length);
    return same ? out : undefined;
  } catch {
    return undefined;
  }
}

export function nameFromAsn1(name: Name, der: Uint8Array): DistinguishedName {
  const spans = der.length > 0 ? valueSpans(der, name) : undefined;
  const rdns = name.map((rdn, i) =>
    rdn.map((atv, j) => attribute(atv.type, atv.value, spans?.[i]?.[j])),
  );
  return {
    rdns,
    der,
    oneline: oneline(rdns),
    rfc4514: rfc4514(rdns),
    canonical: canonical(rdns),
  };
}

function attribute(
  oid: string,
  value: AttributeValue,
  span: Uint8Array | undefined,
): NameAttribute {
  const text =
    value.utf8String ??
    value.printableString ??
    value.ia5String ??
    value.teletexString ??
    value.bmpString ??
    value.universalString;
  let valueDer = span;
  if (valueDer === undefined) {
    try {
      valueDer = u8(AsnConvert.serialize(value));
    } catch {
      valueDer = new Uint8Array(0);
    }
  }
  const isString = text !== undefined;
  return {
    oid,
    shortName: ATTRIBUTE_SHORT_NAMES[oid],
    value: isString ? text : hex(valueDer),
    isString,
    valueDer,
  };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const encoder = /* @__PURE__ */ new TextEncoder();

function oneline(rdns: readonly (readonly NameAttribute[])[]): string {
  let out = '';
  for (const rdn of rdns) {
    for (const [i, a] of rdn.entries()) {
      out += `${i === 0 ? '/' : '+'}${a.shortName ?? a.oid}=`;
      for (const b of encoder.encode(a.value)) {
        if (b < 0x20 || b > 0x7e) out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
        else if (b === 0x2f || b === 0x2b) out += `\\${String.fromCharCode(b)}`;
        else out += String.fromCharCode(b);
      }
    }
  }
  return out;
}

/**
 * RFC 4514 §2.4 escaping as OpenSSL's `XN_FLAG_RFC2253` prints it: the
 * special characters with a backslash, and bytes of non-ASCII characters as
 * `\XX` (UTF-8, upper-case hex).
 */
function escape4514(value: string): string {
  let out = '';
  const chars = [...value];
  chars.forEach((c, i) => {
    const code = c.codePointAt(0)!;
    if (',+"\\<>;'.includes(c)) out += `\\${c}`;
    else if ((i === 0 && (c === ' ' || c === '#')) || (i === chars.length - 1 && c === ' ')) {
      out += `\\${c}`;
    } else if (code < 0x20 || code >= 0x7f) {
      for (const b of encoder.encode(c))
        out += `\\${b.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += c;
  });
  return out;
}

/** RFC 4514 form in OpenSSL's `-nameopt RFC2253` order: every entry reversed, `+` within an RDN. */
function rfc4514(rdns: readonly (readonly NameAttribute[])[]): string {
  return [...rdns]
    .reverse()
    .map((rdn) =>
      [...rdn]
        .reverse()
        .map((a) =>
          a.shortName !== undefined && a.isString
            ? `${a.shortName}=${escape4514(a.value)}`
            : `${a.oid}=#${hex(a.valueDer)}`,
        )
        .join('+'),
    )
    .join(',');
}

function canonicalValue(a: NameAttribute): string {
  if (!a.isString) return `#${hex(a.valueDer)}`;
  return a.value
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function canonical(rdns: readonly (readonly NameAttribute[])[]): string {
  return rdns
    .map((rdn) =>
      rdn
        .map((a) => `${a.oid}=${JSON.stringify(canonicalValue(a))}`)
        .sort()
        .join('+'),
    )
    .join('/');
}
