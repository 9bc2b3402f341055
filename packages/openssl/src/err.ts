/**
 * OpenSSL 3.0's error queue: packed codes `(lib << 23) | reason` (system
 * errors `0x80000000 | errno`), the ring of 16 slots that keeps the newest 15
 * entries, and its string formats (`error:0A000086:SSL routines::certificate
 * verify failed`).
 *
 * JavaScript has one thread per realm, so there is one queue per module
 * instance, as OpenSSL has one per thread.
 */
import { strata_BIO_set_error_handler } from '@strata/bio';
import {
  ERR_LIB_ASN1,
  ERR_LIB_BIO,
  ERR_LIB_EVP,
  ERR_LIB_PEM,
  ERR_LIB_SSL,
  ERR_LIB_SYS,
  ERR_LIB_X509,
  SSL_REASON_STRINGS,
} from './generated/constants.js';

/** OpenSSL's `ERR_NUM_ERRORS`: the ring has 16 slots, one always empty. */
export const ERR_NUM_ERRORS = 16;
export const ERR_SYSTEM_FLAG = 0x80000000;
export const ERR_LIB_OFFSET = 23;
export const ERR_LIB_MASK = 0xff;
export const ERR_REASON_MASK = 0x7fffff;
export const ERR_TXT_MALLOCED = 0x01;
export const ERR_TXT_STRING = 0x02;

/** `ERR_PACK(lib, func, reason)`; `func` is ignored as in OpenSSL 3. */
export function ERR_PACK(lib: number, _func: number, reason: number): number {
  return (((lib & ERR_LIB_MASK) << ERR_LIB_OFFSET) | (reason & ERR_REASON_MASK)) >>> 0;
}

export function ERR_SYSTEM_ERROR(e: number): number {
  return (e & ERR_SYSTEM_FLAG) !== 0 ? 1 : 0;
}

export function ERR_GET_LIB(e: number): number {
  if (ERR_SYSTEM_ERROR(e)) return ERR_LIB_SYS;
  return (e >>> ERR_LIB_OFFSET) & ERR_LIB_MASK;
}

export function ERR_GET_REASON(e: number): number {
  if (ERR_SYSTEM_ERROR(e)) return e & 0x7fffffff;
  return e & ERR_REASON_MASK;
}

/** OpenSSL 3 has no function codes: always 0. */
export function ERR_GET_FUNC(_e: number): number {
  return 0;
}

interface ErrEntry {
  readonly code: number;
  readonly func: string;
  readonly file: string;
  readonly line: number;
  readonly data: string | undefined;
}

const ring: (ErrEntry | undefined)[] = new Array(ERR_NUM_ERRORS).fill(undefined);
let top = 0;
let bottom = 0;

/**
 * Adds an error as `ERR_raise`/`ERR_raise_data` do; `func` names the public
 * function that failed (printed by `ERR_print_errors_cb`).
 */
export function ERR_raise(lib: number, reason: number, func = '', data?: string): void {
  const code = lib === ERR_LIB_SYS ? (ERR_SYSTEM_FLAG | reason) >>> 0 : ERR_PACK(lib, 0, reason);
  top = (top + 1) % ERR_NUM_ERRORS;
  if (top === bottom) bottom = (bottom + 1) % ERR_NUM_ERRORS;
  ring[top] = { code, func, file: 'strata', line: 0, data };
}

/** `ERR_raise(ERR_LIB_SSL, reason)` with the failing function's name. */
export function raiseSsl(reason: number, func: string, data?: string): void {
  ERR_raise(ERR_LIB_SSL, reason, func, data);
}

function shift(): ErrEntry | undefined {
  if (top === bottom) return undefined;
  bottom = (bottom + 1) % ERR_NUM_ERRORS;
  const e = ring[bottom];
  ring[bottom] = undefined;
  return e;
}

export function ERR_get_error(): number {
  return shift()?.code ?? 0;
}

/** `ERR_get_error_all`: `[code, file, line, func, data, flags]`. */
export function ERR_get_error_all(): [number, string, number, string, string, number] {
  const e = shift();
  if (!e) return [0, '', 0, '', '', 0];
  return [e.code, e.file, e.line, e.func, e.data ?? '', e.data === undefined ? 0 : ERR_TXT_STRING];
}

export function ERR_peek_error(): number {
  if (top === bottom) return 0;
  return ring[(bottom + 1) % ERR_NUM_ERRORS]?.code ?? 0;
}

export function ERR_peek_last_error(): number {
  if (top === bottom) return 0;
  return ring[top]?.code ?? 0;
}

export function ERR_clear_error(): void {
  ring.fill(undefined);
  top = 0;
  bottom = 0;
}

/** Snapshot of the queue's codes, oldest first (a Strata extension for tests and logs). */
export function strata_ERR_peek_all(): number[] {
  const out: number[] = [];
  for (let i = bottom; i !== top; ) {
    i = (i + 1) % ERR_NUM_ERRORS;
    const e = ring[i];
    if (e) out.push(e.code);
  }
  return out;
}

const LIB_STRINGS: ReadonlyMap<number, string> = /* @__PURE__ */ new Map([
  [ERR_LIB_SSL, 'SSL routines'],
  [ERR_LIB_SYS, 'system library'],
  [ERR_LIB_X509, 'x509 certificate routines'],
  [ERR_LIB_PEM, 'PEM routines'],
  [ERR_LIB_EVP, 'digital envelope routines'],
  [ERR_LIB_BIO, 'BIO routines'],
  [ERR_LIB_ASN1, 'asn1 encoding routines'],
]);

/** A few system error strings (glibc's), for `ERR_LIB_SYS` entries. */
const ERRNO_STRINGS: ReadonlyMap<number, string> = /* @__PURE__ */ new Map([
  [32, 'Broken pipe'],
  [104, 'Connection reset by peer'],
  [110, 'Connection timed out'],
  [111, 'Connection refused'],
]);

const BIO_REASON_STRINGS: ReadonlyMap<number, string> = /* @__PURE__ */ new Map([
  [120, 'uninitialized'],
  [121, 'unsupported method'],
  [123, 'in use'],
  [124, 'broken pipe'],
  [125, 'invalid argument'],
  [126, 'write to read only BIO'],
]);

const PEM_REASON_STRINGS: ReadonlyMap<number, string> = /* @__PURE__ */ new Map([
  [102, 'bad end line'],
  [108, 'no start line'],
]);

const X509_REASON_STRINGS: ReadonlyMap<number, string> = /* @__PURE__ */ new Map([
  [115, 'key type mismatch'],
  [116, 'key values mismatch'],
]);

/** `ERR_lib_error_string`: the library's name, or null when unknown. */
export function ERR_lib_error_string(e: number): string | null {
  return LIB_STRINGS.get(ERR_GET_LIB(e)) ?? null;
}

/** `ERR_func_error_string`: always null in OpenSSL 3. */
export function ERR_func_error_string(_e: number): string | null {
  return null;
}

/** `ERR_reason_error_string`: the reason's text, or null when unknown. */
export function ERR_reason_error_string(e: number): string | null {
  if (ERR_SYSTEM_ERROR(e)) return ERRNO_STRINGS.get(ERR_GET_REASON(e)) ?? null;
  const lib = ERR_GET_LIB(e);
  const reason = ERR_GET_REASON(e);
  if (lib === ERR_LIB_SSL) return SSL_REASON_STRINGS.get(reason) ?? null;
  if (lib === ERR_LIB_BIO) return BIO_REASON_STRINGS.get(reason) ?? null;
  if (lib === ERR_LIB_PEM) return PEM_REASON_STRINGS.get(reason) ?? null;
  if (lib === ERR_LIB_X509) return X509_REASON_STRINGS.get(reason) ?? null;
  return null;
}

function errString(e: number, func: string, len: number): string {
  if (len <= 0) return '';
  const l = ERR_GET_LIB(e);
  const r = ERR_GET_REASON(e);
  const ls = ERR_lib_error_string(e) ?? `lib(${l})`;
  // For a packed code (not ERR_SYSTEM_FLAG) OpenSSL looks up lib and reason
  // from the packed value: a system code packed as lib 2 prints reason(N).
  const rs = ERR_reason_error_string(e) ?? `reason(${r})`;
  const hex = e.toString(16).toUpperCase().padStart(8, '0');
  const full = `error:${hex}:${ls}:${func}:${rs}`;
  // OpenSSL takes a string of exactly len - 1 characters as "did not fit"
  // (it cannot tell it from a truncated one) and falls back to its minimal
  // format, itself truncated.
  if (full.length < len - 1) return full;
  const minimal = `err:${e.toString(16)}:${l.toString(16)}:0:${r.toString(16)}`;
  return minimal.slice(0, len - 1);
}

/**
 * `ERR_error_string(e, buf)`: the full string. C's `buf` (at least 256 bytes)
 * becomes the return value; a `buf` argument receives the bytes and a NUL as
 * in C (256 bytes at most).
 */
export function ERR_error_string(e: number, buf?: Uint8Array | null): string {
  const s = errString(e, '', 256);
  if (buf) writeCString(buf, s, Math.min(buf.length, 256));
  return s;
}

/**
 * `ERR_error_string_n(e, buf, len)`: at most `len - 1` characters, with
 * OpenSSL's fallback `err:<code>:<lib>:0:<reason>` when the full string does
 * not fit. Returns the string; a `buf` receives it NUL-terminated as in C.
 */
export function ERR_error_string_n(e: number, buf: Uint8Array | null, len: number): string {
  const s = errString(e, '', len);
  if (buf) writeCString(buf, s, Math.min(len, buf.length));
  return s;
}

function writeCString(buf: Uint8Array, s: string, cap: number): void {
  if (cap <= 0) return;
  const bytes = new TextEncoder().encode(s).subarray(0, cap - 1);
  buf.set(bytes);
  buf[bytes.length] = 0;
}

/** The thread id OpenSSL prints first; one thread here. */
const TID = '0000000000000000';

/**
 * `ERR_print_errors_cb(cb, u)`: empties the queue, one line each:
 * `<tid>:error:<code>:<lib>:<func>:<reason>:<file>:<line>:<data>\n`; a
 * callback returning <= 0 stops.
 */
export function ERR_print_errors_cb<U>(cb: (str: string, len: number, u: U) => number, u: U): void {
  for (;;) {
    const e = shift();
    if (!e) return;
    const line = `${TID}:${errString(e.code, e.func, 4096)}:${e.file}:${e.line}:${e.data ?? ''}\n`;
    if (cb(line, line.length, u) <= 0) return;
  }
}

/** `ERR_print_errors_fp`-like: all lines as one string (a Strata extension). */
export function strata_ERR_print_errors_to_string(): string {
  let out = '';
  ERR_print_errors_cb((s: string) => {
    out += s;
    return 1;
  }, undefined);
  return out;
}

let bridged = false;

/** Routes the errors the BIO layer would queue in C to this queue (idempotent). */
export function bridgeBioErrors(): void {
  if (bridged) return;
  bridged = true;
  strata_BIO_set_error_handler((lib, reason, func) => ERR_raise(lib, reason, func));
}
