// The example of README.md, with its comments turned into assertions.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  SSL_CTX_get_cert_store,
  SSL_CTX_new,
  SSL_CTX_set_verify,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_ERROR_WANT_READ,
  SSL_get_error,
  SSL_get_shutdown,
  SSL_new,
  SSL_read,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_set1_host,
  SSL_shutdown,
  SSL_VERIFY_PEER,
  SSL_write,
  TLS_client_method,
  TLS_server_method,
  X509_STORE_add_cert,
} from './index.js';

it('runs the README example', () => {
  const pem = (file: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${file}`, 'latin1'));

  const sctx = SSL_CTX_new(TLS_server_method());
  expect(SSL_CTX_use_certificate(sctx, PEM_read_bio_X509(pem('server.pem'))!)).toBe(1);
  expect(SSL_CTX_use_PrivateKey(sctx, PEM_read_bio_PrivateKey(pem('server.key'))!)).toBe(1);

  const cctx = SSL_CTX_new(TLS_client_method());
  expect(X509_STORE_add_cert(SSL_CTX_get_cert_store(cctx), PEM_read_bio_X509(pem('ca.pem'))!)).toBe(
    1,
  );
  SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, null);

  const client = SSL_new(cctx);
  const server = SSL_new(sctx);
  SSL_set1_host(client, 'localhost');
  const [, c, s] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(client, c, c);
  SSL_set_bio(server, s, s);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);

  let r = SSL_do_handshake(client);
  expect(r).toBe(-1);
  expect(SSL_get_error(client, r)).toBe(SSL_ERROR_WANT_READ);
  r = SSL_do_handshake(server);
  expect(r).toBe(-1);
  expect(SSL_get_error(server, r)).toBe(SSL_ERROR_WANT_READ);
  expect(SSL_do_handshake(client)).toBe(1);
  expect(SSL_do_handshake(server)).toBe(1);

  expect(SSL_write(client, new TextEncoder().encode('ping'))).toBe(4);
  const buf = new Uint8Array(16);
  expect(SSL_read(server, buf)).toBe(4);
  expect(new TextDecoder().decode(buf.subarray(0, 4))).toBe('ping');

  expect(SSL_shutdown(client)).toBe(0);
  expect(SSL_shutdown(server)).toBe(0);
  expect(SSL_shutdown(client)).toBe(1);
  expect(SSL_shutdown(server)).toBe(1);
  expect(SSL_get_shutdown(client)).toBe(3);
});
