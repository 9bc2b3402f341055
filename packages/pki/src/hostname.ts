import { equalBytes } from '@strata/wire';
import type { Certificate } from './certificate.js';
import { parseIp } from './ip.js';
import { nameValues } from './name.js';

/** `X509_CHECK_FLAG_*` (OpenSSL 3.0 `<openssl/x509v3.h>`), for the `openssl` policy. */
export const X509_CHECK_FLAG = {
  ALWAYS_CHECK_SUBJECT: 0x1,
  NO_WILDCARDS: 0x2,
  NO_PARTIAL_WILDCARDS: 0x4,
  MULTI_LABEL_WILDCARDS: 0x8,
  SINGLE_LABEL_SUBDOMAINS: 0x10,
  NEVER_CHECK_SUBJECT: 0x20,
} as const;

/**
 * How names are matched.
 * - `strict` (the native default, as rustls and browsers do): dNSName SANs
 *   only, never the subject CN; a wildcard only as the whole left-most label,
 *   matching exactly one non-empty label, and only with at least two labels
 *   after it (`*.example.com`, never `*.com` or `*.localhost`).
 * - `openssl`: `X509_check_host` exactly, with its flags: partial wildcards
 *   (`f*.example.com`) unless `NO_PARTIAL_WILDCARDS`, and the subject CN when
 *   the certificate has no dNSName SAN unless `NEVER_CHECK_SUBJECT`.
 */
export type HostnamePolicy = 'strict' | 'openssl';

export interface HostnameOptions {
  readonly policy?: HostnamePolicy;
  /** `X509_CHECK_FLAG_*` bits; used by the `openssl` policy. */
  readonly flags?: number;
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

// --- strict -----------------------------------------------------------------

function strictNormalize(name: string): string | undefined {
  let n = lowerAscii(name);
  if (n.endsWith('.')) n = n.slice(0, -1);
  if (n.length === 0 || n.length > 253) return undefined;
  const labels = n.split('.');
  for (const l of labels) {
    if (l.length === 0 || l.length > 63) return undefined;
    if (!/^[a-z0-9_*-]+$/.test(l)) return undefined;
  }
  return n;
}

/** Strict RFC 6125 / RFC 9525 matching of one dNSName against a host. */
export function strictDnsMatch(pattern: string, host: string): boolean {
  const p = strictNormalize(pattern);
  const h = strictNormalize(host);
  if (p === undefined || h === undefined || h.includes('*')) return false;
  if (!p.includes('*')) return p === h;
  const pl = p.split('.');
  // A wildcard only as the whole left-most label, with at least two labels after it.
  if (pl[0] !== '*' || pl.slice(1).some((l) => l.includes('*')) || pl.length < 3) return false;
  const hl = h.split('.');
  if (hl.length !== pl.length) return false;
  return hl.slice(1).join('.') === pl.slice(1).join('.');
}

// --- OpenSSL X509_check_host --------------------------------------------------

const LABEL_START = 1;
const LABEL_IDNA = 2;
const LABEL_HYPHEN = 4;

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** OpenSSL's `valid_star`: the index of the one legal wildcard, or -1. */
function validStar(p: string, flags: number): number {
  let star = -1;
  let state = LABEL_START;
  let dots = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 0x2a) {
      const atStart = (state & LABEL_START) !== 0;
      const atEnd = i === p.length - 1 || p[i + 1] === '.';
      if (star >= 0 || (state & LABEL_IDNA) !== 0 || dots) return -1;
      if ((flags & X509_CHECK_FLAG.NO_PARTIAL_WILDCARDS) !== 0 && (!atStart || !atEnd)) return -1;
      if (!atStart && !atEnd) return -1;
      star = i;
      state &= ~LABEL_START;
    } else if (isAlnum(c)) {
      if (
        (state & LABEL_START) !== 0 &&
        p.length - i >= 4 &&
        lowerAscii(p.slice(i, i + 4)) === 'xn--'
      ) {
        state |= LABEL_IDNA;
      }
      state &= ~(LABEL_HYPHEN | LABEL_START);
    } else if (c === 0x2e) {
      if ((state & (LABEL_HYPHEN | LABEL_START)) !== 0) return -1;
      state = LABEL_START;
      ++dots;
    } else if (c === 0x2d) {
      if ((state & LABEL_START) !== 0) return -1;
      state |= LABEL_HYPHEN;
    } else {
      return -1;
    }
  }
  if ((state & (LABEL_START | LABEL_HYPHEN)) !== 0 || dots < 2) return -1;
  return star;
}

/** OpenSSL's internal `_X509_CHECK_FLAG_DOT_SUBDOMAINS`: set when the host starts with `.`. */
const DOT_SUBDOMAINS = 0x8000;

/**
 * OpenSSL's `skip_prefix`: for a host `.example.com`, a longer pattern is
 * compared by its suffix of the host's length (so `www.example.com` matches),
 * stopping at a `.` with `SINGLE_LABEL_SUBDOMAINS`.
 */
function skipPrefix(pattern: string, subjectLength: number, flags: number): string {
  if ((flags & DOT_SUBDOMAINS) === 0) return pattern;
  let p = 0;
  while (pattern.length - p > subjectLength && pattern.charCodeAt(p) !== 0) {
    if ((flags & X509_CHECK_FLAG.SINGLE_LABEL_SUBDOMAINS) !== 0 && pattern[p] === '.') break;
    p++;
  }
  return pattern.length - p === subjectLength ? pattern.slice(p) : pattern;
}

function equalNocase(fullPattern: string, subject: string, flags = 0): boolean {
  const pattern = skipPrefix(fullPattern, subject.length, flags);
  if (pattern.length !== subject.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    let l = pattern.charCodeAt(i);
    let r = subject.charCodeAt(i);
    if (l === 0) return false;
    if (l !== r) {
      if (l >= 0x41 && l <= 0x5a) l += 0x20;
      if (r >= 0x41 && r <= 0x5a) r += 0x20;
      if (l !== r) return false;
    }
  }
  return true;
}

function wildcardMatch(prefix: string, suffix: string, subject: string, flags: number): boolean {
  if (subject.length < prefix.length + suffix.length) return false;
  if (!equalNocase(prefix, subject.slice(0, prefix.length))) return false;
  const wildStart = prefix.length;
  const wildEnd = subject.length - suffix.length;
  if (!equalNocase(subject.slice(wildEnd), suffix)) return false;
  let allowIdna = false;
  let allowMulti = false;
  if (prefix.length === 0 && suffix.startsWith('.')) {
    if (wildStart === wildEnd) return false;
    allowIdna = true;
    if ((flags & X509_CHECK_FLAG.MULTI_LABEL_WILDCARDS) !== 0) allowMulti = true;
  }
  if (!allowIdna && subject.length >= 4 && lowerAscii(subject.slice(0, 4)) === 'xn--') return false;
  if (wildEnd === wildStart + 1 && subject[wildStart] === '*') return true;
  for (let i = wildStart; i < wildEnd; i++) {
    const c = subject.charCodeAt(i);
    if (!(isAlnum(c) || c === 0x2d || (allowMulti && c === 0x2e))) return false;
  }
  return true;
}

/** OpenSSL's `equal_wildcard` (or `equal_nocase` with `NO_WILDCARDS`). */
export function opensslDnsMatch(pattern: string, subject: string, flags = 0): boolean {
  if (pattern.length === 0) return false;
  if ((flags & X509_CHECK_FLAG.NO_WILDCARDS) !== 0) return equalNocase(pattern, subject, flags);
  let star = -1;
  if (!(subject.length > 1 && subject[0] === '.')) star = validStar(pattern, flags);
  if (star < 0) return equalNocase(pattern, subject, flags);
  return wildcardMatch(pattern.slice(0, star), pattern.slice(star + 1), subject, flags);
}

// --- public checks -------------------------------------------------------------

/** True when `cert` has any dNSName SAN. */
export function hasDnsSan(cert: Certificate): boolean {
  return cert.subjectAltName?.some((n) => n.type === 'dns') ?? false;
}

/**
 * Whether `cert` is valid for `host` under the policy (default `strict`).
 * An IP literal given as a host is matched against iPAddress SANs only.
 */
export function checkHost(cert: Certificate, host: string, options: HostnameOptions = {}): boolean {
  const policy = options.policy ?? 'strict';
  const flags = options.flags ?? 0;
  if (policy === 'strict') {
    if (parseIp(host) !== undefined) return checkIp(cert, host);
    for (const n of cert.subjectAltName ?? []) {
      if (n.type === 'dns' && strictDnsMatch(n.value, host)) return true;
    }
    return false;
  }
  // X509_check_host: do_x509_check with GEN_DNS.
  if (host.length === 0) return false;
  const dnsFlags = host.length > 1 && host[0] === '.' ? flags | DOT_SUBDOMAINS : flags;
  let sanPresent = false;
  for (const n of cert.subjectAltName ?? []) {
    if (n.type !== 'dns') continue;
    sanPresent = true;
    if (opensslDnsMatch(n.value, host, dnsFlags)) return true;
  }
  if (sanPresent && (flags & X509_CHECK_FLAG.ALWAYS_CHECK_SUBJECT) === 0) return false;
  if ((flags & X509_CHECK_FLAG.NEVER_CHECK_SUBJECT) !== 0) return false;
  for (const cn of nameValues(cert.subject, '2.5.4.3')) {
    if (opensslDnsMatch(cn, host, dnsFlags)) return true;
  }
  return false;
}

/** Whether `cert` has an iPAddress SAN equal to `ip` (text, v4 or v6, or 4/16 bytes). Never the CN. */
export function checkIp(cert: Certificate, ip: string | Uint8Array): boolean {
  const bytes = typeof ip === 'string' ? parseIp(ip) : ip;
  if (bytes === undefined || (bytes.length !== 4 && bytes.length !== 16)) return false;
  for (const n of cert.subjectAltName ?? []) {
    if (n.type === 'ip' && n.bytes !== undefined && equalBytes(n.bytes, bytes)) return true;
  }
  return false;
}
