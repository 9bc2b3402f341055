/**
 * The server's automatic chain (libssl's `ssl_add_cert_chain`): built from
 * the context's store at most once per handshake, only for the certificate
 * sent, and what the client receives is libssl's list: the leaf and the CA
 * from the store; the leaf alone with SSL_MODE_NO_AUTO_CHAIN; the configured
 * intermediates instead of the store whenever there are some.
 *
 * verifyChain is counted through a spy on @strata/pki, filtered on the
 * server context's store so the client's own verification is not counted.
 */
import { readFileSync } from 'node:fs';
import * as pki from '@strata/pki';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  type SSL,
  type SSL_CTX,
  SSL_CTX_add_extra_chain_cert,
  SSL_CTX_add0_chain_cert,
  SSL_CTX_get_cert_store,
  SSL_CTX_new,
  SSL_CTX_set_mode,
  SSL_CTX_set_verify,
  SSL_CTX_set1_sigalgs_list,
  SSL_CTX_use_certificate,
  SSL_CTX_use_PrivateKey,
  SSL_do_handshake,
  SSL_free,
  SSL_get_peer_cert_chain,
  SSL_get_verify_result,
  SSL_get1_session,
  SSL_MODE_NO_AUTO_CHAIN,
  SSL_new,
  SSL_read,
  SSL_session_reused,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_set_mode,
  SSL_set_session,
  SSL_set1_host,
  SSL_VERIFY_PEER,
  TLS_client_method,
  TLS_server_method,
  X509_get_subject_name,
  X509_NAME_oneline,
  X509_STORE_add_cert,
  X509_V_OK,
} from './index.js';

vi.mock('@strata/pki', async (importOriginal) => {
  const actual = await importOriginal<typeof pki>();
  return { ...actual, verifyChain: vi.fn(actual.verifyChain) };
});
const verifyChain = vi.mocked(pki.verifyChain);

afterEach(() => {
  verifyChain.mockClear();
});

const x509 = (name: string) =>
  PEM_read_bio_X509(BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1')))!;
const pkey = (name: string) =>
  PEM_read_bio_PrivateKey(BIO_new_mem_buf(readFileSync(`test/fixtures/${name}`, 'latin1')))!;

const LEAF = '/CN=localhost';
const CA = '/CN=Strata Test CA';
const INTER = '/CN=Strata Test Intermediate';

/** A server context with server.pem (ECDSA, issued by ca.pem) and, unless told not to, ca.pem in its store. */
function serverCtx(withCaInStore = true): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_server_method());
  expect(SSL_CTX_use_certificate(ctx, x509('server.pem'))).toBe(1);
  expect(SSL_CTX_use_PrivateKey(ctx, pkey('server.key'))).toBe(1);
  if (withCaInStore)
    expect(X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), x509('ca.pem'))).toBe(1);
  return ctx;
}

/** A client verifying the server against ca.pem. */
function clientCtx(): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_client_method());
  expect(X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), x509('ca.pem'))).toBe(1);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, null);
  return ctx;
}

/** Calls of verifyChain against `ctx`'s store (the automatic chain of a server on `ctx`). */
function chainBuilds(ctx: SSL_CTX): number {
  const store = SSL_CTX_get_cert_store(ctx).store;
  return verifyChain.mock.calls.filter(([, options]) => options.trustStore === store).length;
}

/** A full handshake over a fresh BIO pair; `prepare` runs on both SSLs before it. */
function handshake(cctx: SSL_CTX, sctx: SSL_CTX, prepare?: (c: SSL, s: SSL) => void): [SSL, SSL] {
  const c = SSL_new(cctx);
  const s = SSL_new(sctx);
  SSL_set1_host(c, 'localhost');
  prepare?.(c, s);
  const [, a, b] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(c, a, a);
  SSL_set_bio(s, b, b);
  SSL_set_connect_state(c);
  SSL_set_accept_state(s);
  for (let i = 0; i < 10; i++) {
    const rc = SSL_do_handshake(c);
    const rs = SSL_do_handshake(s);
    if (rc === 1 && rs === 1) return [c, s];
  }
  throw new Error('handshake did not complete');
}

/** Subjects of the chain the client received from the server. */
function received(c: SSL): string[] {
  return (SSL_get_peer_cert_chain(c) ?? []).map((x) => X509_NAME_oneline(X509_get_subject_name(x)));
}

describe('the automatic chain is built once per server handshake', () => {
  it('builds_the_chain_from_the_store_exactly_once_per_handshake', () => {
    const sctx = serverCtx();
    const cctx = clientCtx();
    for (let n = 1; n <= 3; n++) {
      const [c, s] = handshake(cctx, sctx);
      expect(SSL_get_verify_result(c)).toBe(X509_V_OK);
      expect(received(c)).toEqual([LEAF, CA]);
      expect(chainBuilds(sctx)).toBe(n);
      SSL_free(c);
      SSL_free(s);
    }
  });

  it('builds_only_the_chain_of_the_certificate_it_sends_when_two_slots_are_filled', () => {
    const sctx = serverCtx();
    expect(SSL_CTX_use_certificate(sctx, x509('server-rsa.pem'))).toBe(1);
    expect(SSL_CTX_use_PrivateKey(sctx, pkey('server-rsa.key'))).toBe(1);
    const cctx = clientCtx();
    for (const [sigalgs, kind] of [
      ['ecdsa_secp256r1_sha256', 'ec'],
      ['rsa_pss_rsae_sha256', 'rsa'],
    ] as const) {
      expect(SSL_CTX_set1_sigalgs_list(cctx, sigalgs)).toBe(1);
      verifyChain.mockClear();
      const [c, s] = handshake(cctx, sctx);
      expect(received(c)).toEqual([LEAF, CA]);
      expect(SSL_get_peer_cert_chain(c)![0]!.cert.publicKey.key?.kind).toBe(kind);
      expect(chainBuilds(sctx)).toBe(1);
      SSL_free(c);
      SSL_free(s);
    }
  });

  it('builds_no_chain_for_a_resumed_handshake_which_sends_no_certificate', () => {
    const sctx = serverCtx();
    const cctx = clientCtx();
    const [c1, s1] = handshake(cctx, sctx);
    expect(SSL_read(c1, new Uint8Array(8))).toBe(-1); // takes in the tickets
    const sess = SSL_get1_session(c1)!;
    SSL_free(c1);
    SSL_free(s1);
    verifyChain.mockClear();
    const [c2, s2] = handshake(cctx, sctx, (c) => expect(SSL_set_session(c, sess)).toBe(1));
    expect(SSL_session_reused(s2)).toBe(1);
    expect(chainBuilds(sctx)).toBe(0);
    SSL_free(c2);
    SSL_free(s2);
  });

  it('builds_no_chain_with_SSL_MODE_NO_AUTO_CHAIN_or_configured_intermediates', () => {
    const cctx = clientCtx();
    const noAuto = serverCtx();
    SSL_CTX_set_mode(noAuto, SSL_MODE_NO_AUTO_CHAIN);
    const extra = serverCtx();
    expect(SSL_CTX_add_extra_chain_cert(extra, x509('inter.pem'))).toBe(1);
    for (const sctx of [noAuto, extra]) {
      const [c, s] = handshake(cctx, sctx);
      expect(chainBuilds(sctx)).toBe(0);
      SSL_free(c);
      SSL_free(s);
    }
  });
});

describe('the chain the server sends (libssl ssl_add_cert_chain)', () => {
  it('sends_the_leaf_and_the_CA_of_its_store_without_configured_intermediates', () => {
    const [c, s] = handshake(clientCtx(), serverCtx());
    expect(received(c)).toEqual([LEAF, CA]);
    const chain = SSL_get_peer_cert_chain(c)!;
    expect(chain[0]!.cert.der).toEqual(x509('server.pem').cert.der);
    expect(chain[1]!.cert.der).toEqual(x509('ca.pem').cert.der);
    SSL_free(c);
    SSL_free(s);
  });

  it('sends_the_leaf_alone_with_SSL_MODE_NO_AUTO_CHAIN_on_the_context_or_the_connection', () => {
    const cctx = clientCtx();
    const onCtx = serverCtx();
    SSL_CTX_set_mode(onCtx, SSL_MODE_NO_AUTO_CHAIN);
    const [c1, s1] = handshake(cctx, onCtx);
    expect(received(c1)).toEqual([LEAF]);
    expect(SSL_get_verify_result(c1)).toBe(X509_V_OK);
    const [c2, s2] = handshake(cctx, serverCtx(), (_c, s) =>
      SSL_set_mode(s, SSL_MODE_NO_AUTO_CHAIN),
    );
    expect(received(c2)).toEqual([LEAF]);
    for (const ssl of [c1, s1, c2, s2]) SSL_free(ssl);
  });

  it('sends_the_leaf_alone_when_the_store_cannot_complete_the_chain', () => {
    const [c, s] = handshake(clientCtx(), serverCtx(false));
    expect(received(c)).toEqual([LEAF]);
    SSL_free(c);
    SSL_free(s);
  });

  it('sends_the_extra_chain_instead_of_the_store_and_the_slot_chain_instead_of_both', () => {
    const cctx = clientCtx();
    // The extra chain certificate need not fit: libssl sends what it is given.
    const extra = serverCtx();
    expect(SSL_CTX_add_extra_chain_cert(extra, x509('inter.pem'))).toBe(1);
    const [c1, s1] = handshake(cctx, extra);
    expect(received(c1)).toEqual([LEAF, INTER]);

    const both = serverCtx();
    expect(SSL_CTX_add_extra_chain_cert(both, x509('inter.pem'))).toBe(1);
    expect(SSL_CTX_add0_chain_cert(both, x509('other-ca.pem'))).toBe(1);
    const [c2, s2] = handshake(cctx, both);
    expect(received(c2)).toEqual([LEAF, '/CN=Other CA']);
    for (const ssl of [c1, s1, c2, s2]) SSL_free(ssl);
  });
});
