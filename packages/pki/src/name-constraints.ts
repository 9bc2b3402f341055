import type { Certificate, GeneralName, NameConstraints } from './certificate.js';
import { hasDnsSan, X509_CHECK_FLAG } from './hostname.js';
import { nameValues } from './name.js';
import { X509_V } from './verify-error.js';

/**
 * OpenSSL's `NAME_CHECK_MAX`: when (subject attributes + SANs) × (permitted +
 * excluded subtrees) exceeds it, `NAME_CONSTRAINTS_check` gives up with
 * X509_V_ERR_UNSPECIFIED instead of spending quadratic time.
 */
export const NAME_CHECK_MAX = 1 << 20;

/**
 * RFC 5280 §4.2.1.10 name constraints, as OpenSSL 3.0's
 * `NAME_CONSTRAINTS_check` applies them: dNSName, iPAddress, rfc822Name, URI
 * and directoryName are enforced; a constraint of another type that meets a
 * name of the same type gives X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE.
 * More than `NAME_CHECK_MAX` name × constraint pairs give
 * X509_V_ERR_UNSPECIFIED, as OpenSSL does. Returns an `X509_V_*` code.
 */
export function checkNameConstraints(
  cert: Certificate,
  nc: NameConstraints,
  options: { isLeaf: boolean; hostFlags: number },
): number {
  // OpenSSL 3.0's guard against a quadratic check: names × constraints is bounded.
  const nameCount =
    cert.subject.rdns.reduce((n, rdn) => n + rdn.length, 0) + (cert.subjectAltName?.length ?? 0);
  const constraintCount = nc.permitted.length + nc.excluded.length;
  if (nameCount > 0 && constraintCount > Math.floor(NAME_CHECK_MAX / nameCount)) {
    return X509_V.ERR_UNSPECIFIED;
  }
  if (nc.hasMinMax) return X509_V.ERR_SUBTREE_MINMAX;
  const names: GeneralName[] = [];
  if (cert.subject.rdns.length > 0) names.push({ type: 'dn', name: cert.subject });
  for (const email of nameValues(cert.subject, '1.2.840.113549.1.9.1')) {
    names.push({ type: 'email', value: email });
  }
  for (const n of cert.subjectAltName ?? []) names.push(n);
  for (const n of names) {
    const r = match(n, nc);
    if (r !== X509_V.OK) return r;
  }
  if (
    options.isLeaf &&
    (options.hostFlags & X509_CHECK_FLAG.NEVER_CHECK_SUBJECT) === 0 &&
    ((options.hostFlags & X509_CHECK_FLAG.ALWAYS_CHECK_SUBJECT) !== 0 || !hasDnsSan(cert))
  ) {
    for (const cn of nameValues(cert.subject, '2.5.4.3')) {
      if (!looksLikeDnsName(cn)) continue;
      const r = match({ type: 'dns', value: cn }, nc);
      if (r !== X509_V.OK) return r;
    }
  }
  return X509_V.OK;
}

/** OpenSSL's `cn2dnsid` test: only CNs that look like host names are checked. */
function looksLikeDnsName(cn: string): boolean {
  if (cn.length === 0 || !cn.includes('.')) return false;
  if (!/^[A-Za-z0-9.-]+$/.test(cn)) return false;
  if (cn.startsWith('.') || cn.endsWith('.') || cn.includes('..')) return false;
  return cn.split('.').every((l) => l.length > 0 && !l.startsWith('-') && !l.endsWith('-'));
}

function typeKey(n: GeneralName): string {
  return n.type === 'other' ? `other:${n.kind}` : n.type;
}

function match(name: GeneralName, nc: NameConstraints): number {
  let state = 0; // 0: no subtree of this type, 1: some, none matched, 2: matched
  for (const base of nc.permitted) {
    if (typeKey(base) !== typeKey(name)) continue;
    if (state === 2) continue;
    if (state === 0) state = 1;
    const r = matchSingle(name, base);
    if (r === X509_V.OK) state = 2;
    else if (r !== X509_V.ERR_PERMITTED_VIOLATION) return r;
  }
  if (state === 1) return X509_V.ERR_PERMITTED_VIOLATION;
  for (const base of nc.excluded) {
    if (typeKey(base) !== typeKey(name)) continue;
    const r = matchSingle(name, base);
    if (r === X509_V.OK) return X509_V.ERR_EXCLUDED_VIOLATION;
    if (r !== X509_V.ERR_PERMITTED_VIOLATION) return r;
  }
  return X509_V.OK;
}

function ia5EqualNocase(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

function matchSingle(name: GeneralName, base: GeneralName): number {
  const V = X509_V;
  if (name.type === 'dns' && base.type === 'dns') {
    const b = base.value;
    const d = name.value;
    if (b.length === 0) return V.OK;
    if (d.length < b.length) return V.ERR_PERMITTED_VIOLATION;
    if (d.length > b.length && b[0] !== '.' && d[d.length - b.length - 1] !== '.') {
      return V.ERR_PERMITTED_VIOLATION;
    }
    return ia5EqualNocase(d.slice(d.length - b.length), b) ? V.OK : V.ERR_PERMITTED_VIOLATION;
  }
  if (name.type === 'ip' && base.type === 'ip') {
    const host = name.bytes;
    const range = base.bytes;
    if (host === undefined || (host.length !== 4 && host.length !== 16)) {
      return V.ERR_UNSUPPORTED_NAME_SYNTAX;
    }
    if (range === undefined || (range.length !== 8 && range.length !== 32)) {
      return V.ERR_UNSUPPORTED_CONSTRAINT_SYNTAX;
    }
    if (host.length * 2 !== range.length) return V.ERR_PERMITTED_VIOLATION;
    for (let i = 0; i < host.length; i++) {
      const mask = range[host.length + i]!;
      if ((host[i]! & mask) !== (range[i]! & mask)) return V.ERR_PERMITTED_VIOLATION;
    }
    return V.OK;
  }
  if (name.type === 'email' && base.type === 'email') return matchEmail(name.value, base.value);
  if (name.type === 'uri' && base.type === 'uri') return matchUri(name.value, base.value);
  if (name.type === 'dn' && base.type === 'dn') {
    const b = base.name.canonical;
    const n = name.name.canonical;
    if (b.length === 0) return V.OK;
    return n === b || n.startsWith(`${b}/`) ? V.OK : V.ERR_PERMITTED_VIOLATION;
  }
  return V.ERR_UNSUPPORTED_CONSTRAINT_TYPE;
}

function matchEmail(email: string, base: string): number {
  const V = X509_V;
  const emlAt = email.lastIndexOf('@');
  if (emlAt < 0) return V.ERR_UNSUPPORTED_NAME_SYNTAX;
  const baseAt = base.lastIndexOf('@');
  if (baseAt < 0 && base.startsWith('.')) {
    if (
      email.length > base.length &&
      ia5EqualNocase(email.slice(email.length - base.length), base)
    ) {
      return V.OK;
    }
    return V.ERR_PERMITTED_VIOLATION;
  }
  let host = base;
  if (baseAt >= 0) {
    if (baseAt !== 0) {
      if (baseAt !== emlAt) return V.ERR_PERMITTED_VIOLATION;
      if (base.slice(0, baseAt) !== email.slice(0, emlAt)) return V.ERR_PERMITTED_VIOLATION;
    }
    host = base.slice(baseAt + 1);
  }
  return ia5EqualNocase(email.slice(emlAt + 1), host) ? V.OK : V.ERR_PERMITTED_VIOLATION;
}

function matchUri(uri: string, base: string): number {
  const V = X509_V;
  const sep = uri.indexOf(':');
  if (sep < 0 || uri.slice(sep + 1, sep + 3) !== '//') return V.ERR_UNSUPPORTED_NAME_SYNTAX;
  const rest = uri.slice(sep + 3);
  const end = rest.search(/[:/]/);
  const host = end < 0 ? rest : rest.slice(0, end);
  if (host.length === 0) return V.ERR_UNSUPPORTED_NAME_SYNTAX;
  if (base.startsWith('.')) {
    if (host.length > base.length && ia5EqualNocase(host.slice(host.length - base.length), base)) {
      return V.OK;
    }
    return V.ERR_PERMITTED_VIOLATION;
  }
  return ia5EqualNocase(host, base) ? V.OK : V.ERR_PERMITTED_VIOLATION;
}
