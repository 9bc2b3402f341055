/**
 * SSL_SESSION_get_id on TLS 1.3 sessions as OpenSSL 3.0 gives it. Ground
 * truth (test/c/session-id.c against libssl 3.0.19, in-memory pair):
 *
 *   client after handshake: idlen=0          server after handshake: idlen=32
 *   client after tickets:   idlen=32 (new)   server after tickets:   idlen=32 (unchanged)
 *   resumed client after handshake: the offered session's id
 *   resumed server after handshake: idlen=32, a new id
 *   resumed client after tickets:   idlen=32, a new id
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  type SSL,
  type SSL_CTX,
  SSL_CTX_new,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_get_session,
  SSL_get1_session,
  SSL_new,
  SSL_read,
  SSL_SESSION_get_id,
  SSL_session_reused,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_set_session,
  SSL_write,
  TLS_client_method,
  TLS_server_method,
} from '../src/index.js';

const pem = (name: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1'));
const id = (ssl: SSL) => {
  const s = SSL_get_session(ssl);
  return s ? Array.from(SSL_SESSION_get_id(s)) : null;
};

function pair(cctx: SSL_CTX, sctx: SSL_CTX): [SSL, SSL] {
  const c = SSL_new(cctx);
  const s = SSL_new(sctx);
  const [, a, b] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(c, a, a);
  SSL_set_bio(s, b, b);
  SSL_set_connect_state(c);
  SSL_set_accept_state(s);
  return [c, s];
}

function handshake(c: SSL, s: SSL): void {
  let rc = 0;
  let rs = 0;
  for (let i = 0; i < 10 && (rc !== 1 || rs !== 1); i++) {
    if (rc !== 1) rc = SSL_do_handshake(c);
    if (rs !== 1) rs = SSL_do_handshake(s);
  }
  expect([rc, rs]).toEqual([1, 1]);
}

function tickets(c: SSL, s: SSL): void {
  const buf = new Uint8Array(4);
  expect(SSL_write(s, Uint8Array.of(0x78))).toBe(1);
  expect(SSL_read(c, buf)).toBe(1);
}

describe('SSL_SESSION_get_id for TLS 1.3 sessions (OpenSSL 3.0 ground truth)', () => {
  it('matches libssl on both sides, after the handshake, the tickets and a resumption', () => {
    const sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(sctx, PEM_read_bio_X509(pem('server.pem'))!);
    SSL_CTX_use_PrivateKey(sctx, PEM_read_bio_PrivateKey(pem('server.key'))!);
    const cctx = SSL_CTX_new(TLS_client_method());

    const [c, s] = pair(cctx, sctx);
    handshake(c, s);
    expect(id(c)).toEqual([]);
    const serverId = id(s);
    expect(serverId).toHaveLength(32);
    tickets(c, s);
    const clientId = id(c);
    expect(clientId).toHaveLength(32);
    expect(id(s)).toEqual(serverId);

    const offered = SSL_get1_session(c)!;
    const [c2, s2] = pair(cctx, sctx);
    expect(SSL_set_session(c2, offered)).toBe(1);
    handshake(c2, s2);
    expect(SSL_session_reused(c2)).toBe(1);
    expect(id(c2)).toEqual(clientId);
    const resumedServerId = id(s2);
    expect(resumedServerId).toHaveLength(32);
    expect(resumedServerId).not.toEqual(serverId);
    tickets(c2, s2);
    expect(id(c2)).toHaveLength(32);
    expect(id(c2)).not.toEqual(clientId);
    expect(id(s2)).toEqual(resumedServerId);
  });
});
