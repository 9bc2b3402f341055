import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handshakeOverPair } from '../test/bio-pair-handshake.js';
import {
  BIO_new_mem_buf,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  type SSL,
  SSL_CB_HANDSHAKE_DONE,
  SSL_CB_HANDSHAKE_START,
  type SSL_CTX,
  SSL_CTX_add_client_CA,
  SSL_CTX_get_cert_store,
  SSL_CTX_get_client_CA_list,
  SSL_CTX_new,
  SSL_CTX_sess_hits,
  SSL_CTX_sess_number,
  SSL_CTX_sess_set_new_cb,
  SSL_CTX_sess_set_remove_cb,
  SSL_CTX_set_info_callback,
  SSL_CTX_set_keylog_callback,
  SSL_CTX_set_msg_callback,
  SSL_CTX_set_num_tickets,
  SSL_CTX_set_options,
  SSL_CTX_set_session_cache_mode,
  SSL_CTX_set_verify,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_clear,
  SSL_free,
  SSL_get_session,
  SSL_get_verify_result,
  SSL_get1_peer_certificate,
  SSL_get1_session,
  SSL_new,
  SSL_OP_NO_TICKET,
  SSL_read,
  SSL_SESS_CACHE_CLIENT,
  SSL_SESSION_is_resumable,
  SSL_session_reused,
  SSL_set_session,
  SSL_shutdown,
  SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
  SSL_VERIFY_PEER,
  TLS_client_method,
  TLS_server_method,
  X509_STORE_add_cert,
} from './index.js';

const pem = (name: string) => BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1'));

function serverCtx(): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate(ctx, PEM_read_bio_X509(pem('server.pem'))!);
  SSL_CTX_use_PrivateKey(ctx, PEM_read_bio_PrivateKey(pem('server.key'))!);
  return ctx;
}

function connected(cctx: SSL_CTX, sctx: SSL_CTX, client?: SSL): [SSL, SSL] {
  return handshakeOverPair(client ?? SSL_new(cctx), SSL_new(sctx));
}

describe('SSL', () => {
  it('removes a cached session freed or cleared without SSL_SENT_SHUTDOWN (the bad-session rule)', () => {
    const sctx = serverCtx();
    SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET); // stateful TLS 1.3 tickets live in the cache
    SSL_CTX_set_num_tickets(sctx, 1);
    const cctx = SSL_CTX_new(TLS_client_method());
    const removed: unknown[] = [];
    SSL_CTX_sess_set_remove_cb(sctx, (_ctx, s) => removed.push(s));

    const [c1, s1] = connected(cctx, sctx);
    expect(SSL_CTX_sess_number(sctx)).toBe(1);
    expect(SSL_shutdown(s1)).toBe(0);
    SSL_free(s1);
    SSL_free(c1);
    expect(SSL_CTX_sess_number(sctx)).toBe(1);
    expect(removed).toEqual([]);

    const [c2, s2] = connected(cctx, sctx);
    const bad = SSL_get_session(s2);
    expect(SSL_CTX_sess_number(sctx)).toBe(2);
    SSL_free(s2);
    SSL_free(c2);
    expect(SSL_CTX_sess_number(sctx)).toBe(1);
    expect(removed).toEqual([bad]);

    const [c3, s3] = connected(cctx, sctx);
    expect(SSL_CTX_sess_number(sctx)).toBe(2);
    SSL_clear(s3);
    expect(SSL_CTX_sess_number(sctx)).toBe(1);
    SSL_free(s3);
    SSL_free(c3);
  });

  it('resumes with a stateless ticket from SSL_get1_session and counts the hit', () => {
    const sctx = serverCtx();
    const cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    const fromCallback: unknown[] = [];
    SSL_CTX_sess_set_new_cb(cctx, (_ssl, s) => {
      fromCallback.push(s);
      return 1;
    });
    const [c1, s1] = connected(cctx, sctx);
    const buf = new Uint8Array(8);
    expect(SSL_read(c1, buf)).toBe(-1); // the two tickets are read, no data
    expect(fromCallback.length).toBe(2);
    const sess = SSL_get1_session(c1)!;
    expect(SSL_SESSION_is_resumable(sess)).toBe(1);
    expect(SSL_session_reused(c1)).toBe(0);
    expect(SSL_shutdown(c1)).toBe(0);
    SSL_free(c1);
    SSL_free(s1);

    const c2 = SSL_new(cctx);
    expect(SSL_set_session(c2, sess)).toBe(1);
    const [, s2] = connected(cctx, sctx, c2);
    expect(SSL_session_reused(c2)).toBe(1);
    expect(SSL_session_reused(s2)).toBe(1);
    expect(SSL_CTX_sess_hits(sctx)).toBe(1);
    expect(SSL_CTX_sess_hits(cctx)).toBe(1);
    SSL_free(c2);
    SSL_free(s2);
  });

  it('authenticates a client while listing the CA it wants (SSL_CTX_add_client_CA)', () => {
    const sctx = serverCtx();
    const ca = PEM_read_bio_X509(pem('ca.pem'))!;
    X509_STORE_add_cert(SSL_CTX_get_cert_store(sctx), ca);
    expect(SSL_CTX_add_client_CA(sctx, ca)).toBe(1);
    expect(SSL_CTX_get_client_CA_list(sctx).map((n) => n.oneline)).toEqual(['/CN=Strata Test CA']);
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, null);
    const cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate(cctx, PEM_read_bio_X509(pem('client.pem'))!);
    SSL_CTX_use_PrivateKey(cctx, PEM_read_bio_PrivateKey(pem('client.key'))!);
    const [c, s] = connected(cctx, sctx);
    expect(SSL_get1_peer_certificate(s)?.cert.subject.oneline).toBe('/CN=localhost');
    expect(SSL_get_verify_result(s)).toBe(0);
    SSL_free(c);
    SSL_free(s);
  });

  it('reports record headers and alerts to the message callback', () => {
    const sctx = serverCtx();
    const cctx = SSL_CTX_new(TLS_client_method());
    const seen: string[] = [];
    SSL_CTX_set_msg_callback(cctx, (writeP, _version, type, buf) => {
      seen.push(`${writeP ? 'W' : 'R'} ${type} ${buf.length}`);
    });
    const [c, s] = connected(cctx, sctx);
    expect(seen[0]).toBe('W 256 5'); // the ClientHello record's header
    expect(seen.filter((l) => l.startsWith('R 256')).length).toBeGreaterThan(1);
    seen.length = 0;
    expect(SSL_shutdown(c)).toBe(0);
    expect(seen).toEqual(['W 256 5', 'W 21 2']);
    SSL_free(c);
    SSL_free(s);
  });

  it('reports handshake start and done to the info callback and key log lines to the keylog callback', () => {
    const sctx = serverCtx();
    const cctx = SSL_CTX_new(TLS_client_method());
    const where: number[] = [];
    const lines: string[] = [];
    SSL_CTX_set_info_callback(cctx, (_ssl, w) => where.push(w));
    SSL_CTX_set_keylog_callback(cctx, (_ssl, line) => lines.push(line));
    const [c, s] = connected(cctx, sctx);
    expect(where).toContain(SSL_CB_HANDSHAKE_START);
    expect(where).toContain(SSL_CB_HANDSHAKE_DONE);
    const labels = lines.map((l) => l.split(' ')[0]);
    expect(labels).toEqual(
      expect.arrayContaining([
        'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
        'SERVER_HANDSHAKE_TRAFFIC_SECRET',
        'CLIENT_TRAFFIC_SECRET_0',
        'SERVER_TRAFFIC_SECRET_0',
      ]),
    );
    for (const l of lines) expect(l).toMatch(/^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+$/);
    SSL_free(c);
    SSL_free(s);
  });
});
