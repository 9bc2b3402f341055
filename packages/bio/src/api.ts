/**
 * The OpenSSL names of the BIO core (bio_lib.c and the `BIO_*` macros of
 * bio.h), over the `Bio` class. Each behaves as its C counterpart: same
 * arguments (the BIO first), same return values, C out-parameters returned.
 */
import { Bio, type BioMethod } from './bio.js';
import {
  BIO_CTRL_EOF,
  BIO_CTRL_FLUSH,
  BIO_CTRL_GET_CLOSE,
  BIO_CTRL_PENDING,
  BIO_CTRL_RESET,
  BIO_CTRL_SET_CLOSE,
  BIO_CTRL_WPENDING,
  BIO_FLAGS_IO_SPECIAL,
  BIO_FLAGS_READ,
  BIO_FLAGS_RWS,
  BIO_FLAGS_SHOULD_RETRY,
  BIO_FLAGS_WRITE,
} from './constants.js';

/** The opaque BIO handle of the OpenSSL API. */
export type BIO = Bio;
/** A BIO method table (`BIO_METHOD`). */
export type BIO_METHOD = BioMethod;

/** `BIO_new(type)`. */
export function BIO_new(type: BIO_METHOD): BIO {
  return new Bio(type);
}

/** `BIO_read(b, buf, len)`: fills `buf` (its first `len` bytes); count, 0 at EOF, -1 with retry flags. */
export function BIO_read(b: BIO, buf: Uint8Array, len: number = buf.length): number {
  return b.read(buf, len);
}

/**
 * `BIO_read_ex(b, buf, len, &readbytes)` → `[ok, readbytes]`: ok is 1 when
 * at least one byte was read, else 0.
 */
export function BIO_read_ex(b: BIO, buf: Uint8Array, len: number = buf.length): [number, number] {
  const n = b.read(buf, len);
  return n > 0 ? [1, n] : [0, 0];
}

/** `BIO_write(b, data, len)`: count written, 0 for nothing, -1 with retry flags. */
export function BIO_write(b: BIO, data: Uint8Array, len: number = data.length): number {
  return b.write(data, len);
}

/** `BIO_write_ex(b, data, len, &written)` → `[ok, written]`. */
export function BIO_write_ex(
  b: BIO,
  data: Uint8Array,
  len: number = data.length,
): [number, number] {
  if (len === 0) return [1, 0];
  const n = b.write(data, len);
  return n > 0 ? [1, n] : [0, 0];
}

/** `BIO_puts(b, str)`: writes the UTF-8 bytes of `str`; the count, or -2 if unsupported. */
export function BIO_puts(b: BIO, str: string): number {
  return b.puts(str);
}

/**
 * `BIO_gets(b, buf, size)`: reads a line of at most `size - 1` bytes into
 * `buf`, including its `\n`, followed by a 0 byte; returns the line length.
 */
export function BIO_gets(b: BIO, buf: Uint8Array, size: number = buf.length): number {
  return b.gets(buf, size);
}

/** `BIO_ctrl(b, cmd, larg, parg)`. */
export function BIO_ctrl(b: BIO, cmd: number, larg = 0, parg: unknown = undefined): number {
  return b.ctrl(cmd, larg, parg);
}

/** `BIO_int_ctrl(b, cmd, larg, iarg)`. */
export function BIO_int_ctrl(b: BIO, cmd: number, larg: number, iarg: number): number {
  return b.ctrl(cmd, larg, iarg);
}

/** `BIO_ctrl_pending(b)`: bytes buffered for reading (never negative). */
export function BIO_ctrl_pending(b: BIO): number {
  return Math.max(0, b.ctrl(BIO_CTRL_PENDING));
}
/** `BIO_ctrl_wpending(b)`: bytes buffered for writing (never negative). */
export function BIO_ctrl_wpending(b: BIO): number {
  return Math.max(0, b.ctrl(BIO_CTRL_WPENDING));
}
/** `BIO_pending(b)`: `BIO_ctrl(b, BIO_CTRL_PENDING)`. */
export function BIO_pending(b: BIO): number {
  return b.ctrl(BIO_CTRL_PENDING);
}
/** `BIO_wpending(b)`: `BIO_ctrl(b, BIO_CTRL_WPENDING)`. */
export function BIO_wpending(b: BIO): number {
  return b.ctrl(BIO_CTRL_WPENDING);
}
/** `BIO_flush(b)`: 1, or ≤ 0 with retry flags when buffered data could not move. */
export function BIO_flush(b: BIO): number {
  return b.ctrl(BIO_CTRL_FLUSH);
}
/** `BIO_eof(b)`: 1 at end of input. */
export function BIO_eof(b: BIO): number {
  return b.ctrl(BIO_CTRL_EOF);
}
/** `BIO_reset(b)`: method-specific; note a BIO pair half returns 0 while succeeding. */
export function BIO_reset(b: BIO): number {
  return b.ctrl(BIO_CTRL_RESET);
}
/** `BIO_get_close(b)`: `BIO_CLOSE` or `BIO_NOCLOSE`. */
export function BIO_get_close(b: BIO): number {
  return b.ctrl(BIO_CTRL_GET_CLOSE);
}
/** `BIO_set_close(b, flag)`. */
export function BIO_set_close(b: BIO, flag: number): number {
  return b.ctrl(BIO_CTRL_SET_CLOSE, flag);
}
// -- flags -------------------------------------------------------------------

export function BIO_set_flags(b: BIO, flags: number): void {
  b.setFlags(flags);
}
export function BIO_get_flags(b: BIO): number {
  return b.flags;
}
export function BIO_test_flags(b: BIO, flags: number): number {
  return b.testFlags(flags);
}
export function BIO_clear_flags(b: BIO, flags: number): void {
  b.clearFlags(flags);
}
export function BIO_set_retry_read(b: BIO): void {
  b.setRetryRead();
}
export function BIO_set_retry_write(b: BIO): void {
  b.setRetryWrite();
}
export function BIO_set_retry_special(b: BIO): void {
  b.setRetrySpecial();
}
export function BIO_clear_retry_flags(b: BIO): void {
  b.clearRetryFlags();
}
export function BIO_copy_next_retry(b: BIO): void {
  b.copyNextRetry();
}
/** `BIO_get_retry_flags(b)`: the retry bits (`BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY`). */
export function BIO_get_retry_flags(b: BIO): number {
  return b.flags & (BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
}
/** `BIO_should_retry(b)`: non-zero when the failed operation may succeed later. */
export function BIO_should_retry(b: BIO): number {
  return b.flags & BIO_FLAGS_SHOULD_RETRY;
}
/** `BIO_should_read(b)`: non-zero when the BIO wants to read. */
export function BIO_should_read(b: BIO): number {
  return b.flags & BIO_FLAGS_READ;
}
/** `BIO_should_write(b)`: non-zero when the BIO wants to write. */
export function BIO_should_write(b: BIO): number {
  return b.flags & BIO_FLAGS_WRITE;
}
/** `BIO_should_io_special(b)`: non-zero for a special condition (see `BIO_get_retry_reason`). */
export function BIO_should_io_special(b: BIO): number {
  return b.flags & BIO_FLAGS_IO_SPECIAL;
}
/** `BIO_retry_type(b)`: `BIO_FLAGS_READ`, `BIO_FLAGS_WRITE` or `BIO_FLAGS_IO_SPECIAL`. */
export function BIO_retry_type(b: BIO): number {
  return b.flags & BIO_FLAGS_RWS;
}
export function BIO_get_retry_reason(b: BIO): number {
  return b.retryReason;
}
export function BIO_set_retry_reason(b: BIO, reason: number): void {
  b.retryReason = reason;
}
/**
 * `BIO_get_retry_BIO(b, &reason)` → `[bio, reason]`: the BIO down the chain
 * that caused the retry condition.
 */
export function BIO_get_retry_BIO(b: BIO): [BIO, number] {
  let last = b;
  let cur: BIO | null = b;
  while (cur?.shouldRetry()) {
    last = cur;
    cur = cur.next;
  }
  return [last, last.retryReason];
}

// -- chains and life cycle -------------------------------------------------

/** `BIO_push(b, append)`: appends `append` to the chain of `b`; returns `b`. */
export function BIO_push(b: BIO | null, append: BIO | null): BIO | null {
  if (b === null) return append;
  return b.push(append);
}
/** `BIO_pop(b)`: removes `b` from its chain; returns the BIO that followed it. */
export function BIO_pop(b: BIO | null): BIO | null {
  return b === null ? null : b.pop();
}
/** `BIO_next(b)`. */
export function BIO_next(b: BIO | null): BIO | null {
  return b === null ? null : b.next;
}
/** `BIO_find_type(b, type)`: the first BIO in the chain of that type (or, for a class bit, class). */
export function BIO_find_type(b: BIO | null, type: number): BIO | null {
  const exact = type & 0xff;
  for (let cur = b; cur !== null; cur = cur.next) {
    const mt = cur.method.type;
    if (exact === 0 ? (mt & type) !== 0 : mt === type) return cur;
  }
  return null;
}
/** `BIO_up_ref(b)`: 1. */
export function BIO_up_ref(b: BIO): number {
  return b.upRef();
}
/** `BIO_free(b)`: 1, or 0 for `null`. Drops a reference; the last one destroys the BIO. */
export function BIO_free(b: BIO | null): number {
  return b === null ? 0 : b.free();
}
/** `BIO_vfree(b)`. */
export function BIO_vfree(b: BIO | null): void {
  BIO_free(b);
}
/**
 * `BIO_free_all(b)`: frees `b` and the BIOs after it, stopping after a BIO
 * that was still referenced elsewhere (its reference count was above 1).
 */
export function BIO_free_all(b: BIO | null): void {
  let cur = b;
  while (cur !== null) {
    const refs = cur.references;
    const next = cur.next;
    cur.free();
    if (refs > 1) break;
    cur = next;
  }
}
/** `BIO_method_type(b)`. */
export function BIO_method_type(b: BIO): number {
  return b.method.type;
}
/** `BIO_method_name(b)`. */
export function BIO_method_name(b: BIO): string {
  return b.method.name;
}
/** `BIO_number_read(b)`. */
export function BIO_number_read(b: BIO): number {
  return b.numRead;
}
/** `BIO_number_written(b)`. */
export function BIO_number_written(b: BIO): number {
  return b.numWritten;
}
export function BIO_get_init(b: BIO): number {
  return b.init ? 1 : 0;
}
export function BIO_set_init(b: BIO, init: number): void {
  b.init = init !== 0;
}
export function BIO_get_data(b: BIO): unknown {
  return b.ptr;
}
export function BIO_set_data(b: BIO, data: unknown): void {
  b.ptr = data;
}
export function BIO_get_shutdown(b: BIO): number {
  return b.shutdown;
}
export function BIO_set_shutdown(b: BIO, shut: number): void {
  b.shutdown = shut;
}

/**
 * Strata extension: the system error (C's `errno`) behind the last failed
 * operation of `b` or of a BIO after it in the chain, e.g. the `Error` a
 * socket emitted. `@strata/openssl` uses it to report `SSL_ERROR_SYSCALL`.
 */
export function strata_BIO_get_sys_error(b: BIO): unknown {
  for (let cur: BIO | null = b; cur !== null; cur = cur.next) {
    if (cur.sysError !== undefined) return cur.sysError;
  }
  return undefined;
}
