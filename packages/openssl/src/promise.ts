/**
 * Strata extensions: promise helpers beside the OpenSSL names. Each runs one
 * OpenSSL call again and again, awaiting the BIO the call is blocked on with
 * `strata_BIO_wait` (the `select()` of the event loop), until it succeeds or
 * fails for another reason than WANT_READ/WANT_WRITE. They resolve with what
 * the last call returned; `SSL_get_error` tells why a call failed.
 */
import { BIO_FLAGS_READ, BIO_FLAGS_WRITE, strata_BIO_wait } from '@strata/bio';
import { SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE } from './constants.js';
import {
  type SSL,
  SSL_accept,
  SSL_connect,
  SSL_do_handshake,
  SSL_get_error,
  SSL_read,
  SSL_shutdown,
  SSL_write,
} from './ssl.js';

/** Repeats `op` until it returns > 0 or fails with anything but WANT_READ/WANT_WRITE. */
export async function strata_SSL_retry(
  ssl: SSL,
  op: (ssl: SSL) => number,
  signal?: AbortSignal,
): Promise<number> {
  for (;;) {
    const r = op(ssl);
    if (r > 0) return r;
    const e = SSL_get_error(ssl, r);
    if (e === SSL_ERROR_WANT_READ && ssl.rbio)
      await strata_BIO_wait(ssl.rbio, BIO_FLAGS_READ, signal);
    else if (e === SSL_ERROR_WANT_WRITE && ssl.wbio)
      await strata_BIO_wait(ssl.wbio, BIO_FLAGS_WRITE, signal);
    else return r;
  }
}

export function strata_SSL_connect(ssl: SSL, signal?: AbortSignal): Promise<number> {
  return strata_SSL_retry(ssl, SSL_connect, signal);
}
export function strata_SSL_accept(ssl: SSL, signal?: AbortSignal): Promise<number> {
  return strata_SSL_retry(ssl, SSL_accept, signal);
}
export function strata_SSL_do_handshake(ssl: SSL, signal?: AbortSignal): Promise<number> {
  return strata_SSL_retry(ssl, SSL_do_handshake, signal);
}
/** Reads into `buf`: resolves with the count, or 0/-1 as `SSL_read`. */
export function strata_SSL_read(ssl: SSL, buf: Uint8Array, signal?: AbortSignal): Promise<number> {
  return strata_SSL_retry(ssl, (s) => SSL_read(s, buf), signal);
}
/** Writes all of `data` (retrying with the same buffer, as the write-retry rule wants). */
export async function strata_SSL_write(
  ssl: SSL,
  data: Uint8Array,
  signal?: AbortSignal,
): Promise<number> {
  let done = 0;
  while (done < data.length) {
    const rest = data.subarray(done);
    const r = await strata_SSL_retry(ssl, (s) => SSL_write(s, rest), signal);
    if (r <= 0) return r;
    done += r;
  }
  return done;
}
/** Bidirectional shutdown: resolves with 1 once both close_notify alerts are through, or the failing result. */
export async function strata_SSL_shutdown(ssl: SSL, signal?: AbortSignal): Promise<number> {
  for (let i = 0; i < 2; i++) {
    const r = await strata_SSL_retry(ssl, SSL_shutdown, signal);
    if (r !== 0) return r;
  }
  return strata_SSL_retry(ssl, SSL_shutdown, signal);
}
