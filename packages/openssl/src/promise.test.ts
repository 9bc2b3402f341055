import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  SSL_CTX_new,
  SSL_CTX_set_num_tickets,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_get_shutdown,
  SSL_new,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  strata_SSL_accept,
  strata_SSL_connect,
  strata_SSL_read,
  strata_SSL_shutdown,
  strata_SSL_write,
  TLS_client_method,
  TLS_server_method,
} from './index.js';

const pem = (name: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1'));

describe('promise helpers (Strata extensions)', () => {
  it('run a handshake, data and a bidirectional shutdown over a 256-byte BIO pair', async () => {
    const sctx = SSL_CTX_new(TLS_server_method());
    // No tickets: SSL_accept returns only once its tickets are written, and
    // nobody reads them from this 256-byte pair before the data phase (libssl
    // would wait just the same).
    SSL_CTX_set_num_tickets(sctx, 0);
    SSL_CTX_use_certificate(sctx, PEM_read_bio_X509(pem('server.pem'))!);
    SSL_CTX_use_PrivateKey(sctx, PEM_read_bio_PrivateKey(pem('server.key'))!);
    const client = SSL_new(SSL_CTX_new(TLS_client_method()));
    const server = SSL_new(sctx);
    const [, a, b] = BIO_new_bio_pair(256, 256);
    SSL_set_bio(client, a, a);
    SSL_set_bio(server, b, b);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    const [c, s] = await Promise.all([strata_SSL_connect(client), strata_SSL_accept(server)]);
    expect([c, s]).toEqual([1, 1]);

    const data = new Uint8Array(50_000).map((_, i) => i & 0xff);
    const got = new Uint8Array(data.length);
    let n = 0;
    const reader = (async () => {
      while (n < got.length) {
        const r = await strata_SSL_read(server, got.subarray(n));
        if (r <= 0) throw new Error(`read ${r}`);
        n += r;
      }
    })();
    expect(await strata_SSL_write(client, data)).toBe(data.length);
    await reader;
    expect(got).toEqual(data);

    const [cs, ss] = await Promise.all([strata_SSL_shutdown(client), strata_SSL_shutdown(server)]);
    expect([cs, ss]).toEqual([1, 1]);
    expect(SSL_get_shutdown(client)).toBe(3);
  });
});
