import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  BIO_read,
  BIO_write,
  ERR_clear_error,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  SSL_CTX_new,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_ERROR_SSL,
  SSL_ERROR_WANT_READ,
  SSL_get_error,
  SSL_new,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  TLS_client_method,
  TLS_server_method,
} from './index.js';

const pem = (name: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1'));
const sctx = SSL_CTX_new(TLS_server_method());
SSL_CTX_use_certificate(sctx, PEM_read_bio_X509(pem('server.pem'))!);
SSL_CTX_use_PrivateKey(sctx, PEM_read_bio_PrivateKey(pem('server.key'))!);

/** A real ClientHello flight from a facade client. */
function clientHello(): Uint8Array {
  const c = SSL_new(SSL_CTX_new(TLS_client_method()));
  const [, a, b] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(c, a, a);
  SSL_set_connect_state(c);
  SSL_do_handshake(c);
  const out = new Uint8Array(4096);
  const n = BIO_read(b, out);
  return out.slice(0, n);
}

/** Feeds `bytes` to a fresh server; returns its SSL_get_error after one handshake step. */
function serverSees(bytes: Uint8Array): number {
  ERR_clear_error();
  const s = SSL_new(sctx);
  const [, inner, outer] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(s, inner, inner);
  SSL_set_accept_state(s);
  if (bytes.length > 0) BIO_write(outer, bytes);
  const r = SSL_do_handshake(s);
  expect(r).toBeLessThan(1);
  return SSL_get_error(s, r);
}

describe('a facade server given hostile bytes', () => {
  const hello = clientHello();

  it('accepts the genuine ClientHello (and waits for more)', () => {
    expect(hello.length).toBeGreaterThan(100);
    expect(serverSees(hello)).toBe(SSL_ERROR_WANT_READ);
  });

  it('never throws on random bytes: WANT_READ or SSL_ERROR_SSL', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect([SSL_ERROR_WANT_READ, SSL_ERROR_SSL]).toContain(serverSees(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on a mutated ClientHello', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: hello.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (at, value) => {
          const copy = hello.slice();
          copy[at] = value;
          expect([SSL_ERROR_WANT_READ, SSL_ERROR_SSL]).toContain(serverSees(copy));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an SSL 2.0 ClientHello at once with an alert, not waiting for the body its bogus header announces', () => {
    // tlsfuzzer test-tls13-version-negotiation.py "SSL 2.0 ClientHello with TLS 1.3 version":
    // read as a TLS header, 80 2c 01 03 04 announces 772 bytes that never come.
    const ssl2 = new Uint8Array(46);
    ssl2.set([0x80, 0x2c, 0x01, 0x03, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00, 0x20, 0x00, 0x13, 0x01]);
    ERR_clear_error();
    const s = SSL_new(sctx);
    const [, inner, outer] = BIO_new_bio_pair(0, 0);
    SSL_set_bio(s, inner, inner);
    SSL_set_accept_state(s);
    BIO_write(outer, ssl2);
    const r = SSL_do_handshake(s);
    expect(SSL_get_error(s, r)).toBe(SSL_ERROR_SSL);
    const out = new Uint8Array(64);
    const n = BIO_read(outer, out);
    expect(Array.from(out.subarray(0, 5))).toEqual([21, 3, 3, 0, 2]); // an alert record
    expect(n).toBe(7);
    expect(out[5]).toBe(2); // fatal
    // The same for any header that is not TLS's (unknown type, major version not 3).
    for (const header of [
      [24, 3, 3, 0x40, 0],
      [22, 2, 0, 0x40, 0],
      [0x47, 0x45, 0x54, 0x20, 0x2f], // "GET /"
      [22, 3, 1, 0x41, 0x01], // a first record longer than 2^14 + 256
    ]) {
      expect(serverSees(Uint8Array.from(header))).toBe(SSL_ERROR_SSL);
    }
  });

  it('waits (WANT_READ) on every strict prefix of the ClientHello', () => {
    for (let cut = 0; cut < hello.length; cut += 7) {
      expect(serverSees(hello.subarray(0, cut))).toBe(SSL_ERROR_WANT_READ);
    }
  });
});
