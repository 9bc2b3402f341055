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
import { handshakeOverPair } from '../test/bio-pair-handshake.js';
import { cUnavailable, runC } from '../test/c/compile.js';
import {
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
  SSL_free,
  SSL_get_peer_cert_chain,
  SSL_get_verify_result,
  SSL_get1_session,
  SSL_MODE_NO_AUTO_CHAIN,
  SSL_new,
  SSL_read,
  SSL_session_reused,
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
  return handshakeOverPair(c, s);
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

  it('works_out_the_path_without_checking_a_signature', () => {
    // libssl sends the path whatever X509_verify_cert then says; the
    // signature check was the whole cost of the automatic chain.
    const sctx = serverCtx();
    const verify = vi.fn(sctx.provider.verify);
    sctx.provider = { ...sctx.provider, verify };
    const [c, s] = handshake(clientCtx(), sctx);
    expect(received(c)).toEqual([LEAF, CA]);
    expect(chainBuilds(sctx)).toBe(1);
    // The server verifies nothing else here (no client certificate).
    expect(verify).not.toHaveBeenCalled();
    SSL_free(c);
    SSL_free(s);
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

/**
 * What libssl 3.0.19 sends in each case (test/c/auto-chain.c, same fixtures;
 * the last test runs it live): the subjects the client's
 * SSL_get_peer_cert_chain lists and the leaf's key type.
 */
const LIBSSL: Readonly<Record<string, string>> = {
  store: '/CN=localhost|/CN=Strata Test CA key=ec',
  'ctx-no-auto-chain': '/CN=localhost key=ec',
  'ssl-no-auto-chain': '/CN=localhost key=ec',
  'empty-store': '/CN=localhost key=ec',
  'extra-chain': '/CN=localhost|/CN=Strata Test Intermediate key=ec',
  'slot-and-extra-chain': '/CN=localhost|/CN=Other CA key=ec',
  'store-intermediate-only': '/CN=localhost|/CN=Strata Test Intermediate key=ec',
  'store-intermediate-and-root':
    '/CN=localhost|/CN=Strata Test Intermediate|/CN=Strata Test CA key=ec',
  'two-slots-ecdsa': '/CN=localhost|/CN=Strata Test CA key=ec',
  'two-slots-rsa': '/CN=localhost|/CN=Strata Test CA key=rsa',
};

function twoSlots(): SSL_CTX {
  const ctx = serverCtx();
  expect(SSL_CTX_use_certificate(ctx, x509('server-rsa.pem'))).toBe(1);
  expect(SSL_CTX_use_PrivateKey(ctx, pkey('server-rsa.key'))).toBe(1);
  return ctx;
}

/** The leaf of server-chain.pem alone (issued by inter.pem), with inter.pem and maybe ca.pem in the store. */
function deepCtx(withRoot: boolean): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_server_method());
  expect(SSL_CTX_use_certificate(ctx, x509('server-chain.pem'))).toBe(1);
  expect(SSL_CTX_use_PrivateKey(ctx, pkey('server-chain.key'))).toBe(1);
  const store = SSL_CTX_get_cert_store(ctx);
  expect(X509_STORE_add_cert(store, x509('inter.pem'))).toBe(1);
  if (withRoot) expect(X509_STORE_add_cert(store, x509('ca.pem'))).toBe(1);
  return ctx;
}

/** The cases of auto-chain.c: the server context, the client's sigalgs, the server SSL's mode. */
const CASES: Readonly<Record<string, () => [SSL_CTX, (string | undefined)?, number?]>> = {
  store: () => [serverCtx()],
  'ctx-no-auto-chain': () => {
    const ctx = serverCtx();
    SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
    return [ctx];
  },
  'ssl-no-auto-chain': () => [serverCtx(), undefined, SSL_MODE_NO_AUTO_CHAIN],
  'empty-store': () => [serverCtx(false)],
  'extra-chain': () => {
    const ctx = serverCtx();
    expect(SSL_CTX_add_extra_chain_cert(ctx, x509('inter.pem'))).toBe(1);
    return [ctx];
  },
  'slot-and-extra-chain': () => {
    // The slot's own chain wins over the extra chain; neither need fit the leaf.
    const ctx = serverCtx();
    expect(SSL_CTX_add_extra_chain_cert(ctx, x509('inter.pem'))).toBe(1);
    expect(SSL_CTX_add0_chain_cert(ctx, x509('other-ca.pem'))).toBe(1);
    return [ctx];
  },
  'store-intermediate-only': () => [deepCtx(false)],
  'store-intermediate-and-root': () => [deepCtx(true)],
  'two-slots-ecdsa': () => [twoSlots(), 'ECDSA+SHA256'],
  'two-slots-rsa': () => [twoSlots(), 'rsa_pss_rsae_sha256'],
};

/** One case through the facade, printed as auto-chain.c prints it. */
function facadeLine(name: string): string {
  const [sctx, sigalgs, mode] = CASES[name]!();
  const cctx = clientCtx();
  if (sigalgs) expect(SSL_CTX_set1_sigalgs_list(cctx, sigalgs)).toBe(1);
  const [c, s] = handshake(cctx, sctx, (_c, server) => {
    if (mode) SSL_set_mode(server, mode);
  });
  const leaf = SSL_get_peer_cert_chain(c)?.[0];
  const kind = leaf?.cert.publicKey.key?.kind ?? 'none';
  const line = `${received(c).join('|')} key=${kind}`;
  SSL_free(c);
  SSL_free(s);
  return line;
}

describe("the chain the server sends is libssl's (ssl_add_cert_chain)", () => {
  for (const name of Object.keys(CASES)) {
    it(`sends_what_libssl_sends: ${name}`, () => {
      expect(facadeLine(name)).toBe(LIBSSL[name]);
    });
  }

  it('sends_the_same_DER_as_the_fixtures_for_the_automatic_chain', () => {
    const [c, s] = handshake(clientCtx(), serverCtx());
    expect(SSL_get_verify_result(c)).toBe(X509_V_OK);
    const chain = SSL_get_peer_cert_chain(c)!;
    expect(chain.map((x) => x.cert.der)).toEqual([
      x509('server.pem').cert.der,
      x509('ca.pem').cert.der,
    ]);
    SSL_free(c);
    SSL_free(s);
  });

  it.skipIf(cUnavailable !== undefined)(
    `matches_libssl_run_live${cUnavailable ? ` (skipped: ${cUnavailable})` : ''}`,
    () => {
      const lines = runC('auto-chain').trim().split('\n');
      expect(lines).toEqual(Object.entries(LIBSSL).map(([k, v]) => `${k}: ${v}`));
    },
  );
});
