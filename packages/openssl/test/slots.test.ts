/**
 * Certificate slots per key type (libssl's CERT_PKEY pkeys[]): one context
 * holding an RSA and an ECDSA certificate serves the one the client's
 * signature_algorithms call for, with the facade client and `openssl s_client`.
 *
 * Ground truth (test/c/slots.c, libssl 3.0.19, same fixtures; 408 = EC, 6 = RSA):
 *   use rsa cert 1 key 1 ec cert 1 check(no ec key) 0 ec key 1
 *   ECDSA+SHA256 -> 408          rsa_pss_rsae_sha256 -> 6
 *   rsa,ecdsa -> 6               ecdsa,rsa -> 408
 *   serverpref rsa first; client ecdsa,rsa -> 6
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasOpenssl, startOpensslClient } from '@strata/test-peers';
import { describe, expect, it } from 'vitest';
import {
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  ERR_clear_error,
  ERR_GET_REASON,
  ERR_get_error,
  ERR_peek_last_error,
  PEM_read_bio_PrivateKey,
  PEM_read_bio_X509,
  SSL_CERT_SET_FIRST,
  SSL_CERT_SET_NEXT,
  type SSL_CTX,
  SSL_CTX_check_private_key,
  SSL_CTX_free,
  SSL_CTX_get0_certificate,
  SSL_CTX_get0_privatekey,
  SSL_CTX_new,
  SSL_CTX_select_current_cert,
  SSL_CTX_set_current_cert,
  SSL_CTX_set_options,
  SSL_CTX_set1_sigalgs_list,
  SSL_CTX_use_certificate,
  SSL_CTX_use_certificate_chain_file,
  SSL_CTX_use_PrivateKey,
  SSL_CTX_use_PrivateKey_file,
  SSL_check_private_key,
  SSL_do_handshake,
  SSL_FILETYPE_PEM,
  SSL_free,
  SSL_get_certificate,
  SSL_get1_peer_certificate,
  SSL_new,
  SSL_OP_CIPHER_SERVER_PREFERENCE,
  SSL_PKEY_ECC,
  SSL_PKEY_RSA,
  SSL_R_NO_CERTIFICATE_ASSIGNED,
  SSL_set_accept_state,
  SSL_set_bio,
  SSL_set_connect_state,
  SSL_use_certificate,
  SSL_use_PrivateKey,
  strata_SSL_accept,
  strata_SSL_set_socket,
  strata_SSL_write,
  TLS_client_method,
  TLS_server_method,
  X509_R_KEY_VALUES_MISMATCH,
} from '../src/node/index.js';
import { cUnavailable, runC } from './c/compile.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const f = (name: string) => join(fixtures, name);
const cert = (name: string) => PEM_read_bio_X509(BIO_new_mem_buf(readFileSync(f(name))))!;
const key = (name: string) => PEM_read_bio_PrivateKey(BIO_new_mem_buf(readFileSync(f(name))))!;
const skip = hasOpenssl() ? '' : ' (skipped: the openssl CLI is not on PATH)';

/** RSA then ECDSA, as `s_server -cert rsa -key rsa -dcert ec -dkey ec` would load them. */
function twoSlotCtx(): SSL_CTX {
  const ctx = SSL_CTX_new(TLS_server_method());
  expect(SSL_CTX_use_certificate_chain_file(ctx, f('server-rsa.pem'))).toBe(1);
  expect(SSL_CTX_use_PrivateKey_file(ctx, f('server-rsa.key'), SSL_FILETYPE_PEM)).toBe(1);
  expect(SSL_CTX_use_certificate_chain_file(ctx, f('server.pem'))).toBe(1);
  expect(SSL_CTX_use_PrivateKey_file(ctx, f('server.key'), SSL_FILETYPE_PEM)).toBe(1);
  return ctx;
}

/** The key algorithm of the certificate a facade client receives. */
function served(sctx: SSL_CTX, clientSigalgs: string | undefined): string {
  const cctx = SSL_CTX_new(TLS_client_method());
  if (clientSigalgs) expect(SSL_CTX_set1_sigalgs_list(cctx, clientSigalgs)).toBe(1);
  const c = SSL_new(cctx);
  const s = SSL_new(sctx);
  const [, a, b] = BIO_new_bio_pair(0, 0);
  SSL_set_bio(c, a, a);
  SSL_set_bio(s, b, b);
  SSL_set_connect_state(c);
  SSL_set_accept_state(s);
  for (let i = 0; i < 10; i++) {
    const rc = SSL_do_handshake(c);
    const rs = SSL_do_handshake(s);
    if (rc === 1 && rs === 1) break;
  }
  const peer = SSL_get1_peer_certificate(c);
  SSL_free(c);
  SSL_free(s);
  SSL_CTX_free(cctx);
  return peer?.cert.publicKey.key?.kind ?? 'none';
}

describe('certificate slots', () => {
  it('fills one slot per key type and makes the last one set current', () => {
    const ctx = SSL_CTX_new(TLS_server_method());
    const rsa = cert('server-rsa.pem');
    const ec = cert('server.pem');
    expect(SSL_CTX_use_certificate(ctx, rsa)).toBe(1);
    expect(SSL_CTX_use_certificate(ctx, ec)).toBe(1);
    expect(ctx.certs.current).toBe(SSL_PKEY_ECC);
    expect(SSL_CTX_get0_certificate(ctx)).toBe(ec);
    // The ECC slot has no key yet: check_private_key says so (NO_PRIVATE_KEY_ASSIGNED).
    ERR_clear_error();
    expect(SSL_CTX_check_private_key(ctx)).toBe(0);
    ERR_clear_error();
    // An RSA key pairs with the RSA slot (and makes it current), not the ECDSA certificate.
    expect(SSL_CTX_use_PrivateKey(ctx, key('server-rsa.key'))).toBe(1);
    expect(ctx.certs.current).toBe(SSL_PKEY_RSA);
    expect(SSL_CTX_get0_certificate(ctx)).toBe(rsa);
    expect(SSL_CTX_check_private_key(ctx)).toBe(1);
    // Another ECDSA key does not fit the ECDSA certificate.
    expect(SSL_CTX_use_PrivateKey(ctx, key('client.key'))).toBe(0);
    expect(ERR_GET_REASON(ERR_get_error())).toBe(X509_R_KEY_VALUES_MISMATCH);
    expect(SSL_CTX_use_PrivateKey(ctx, key('server.key'))).toBe(1);
    expect(ctx.certs.filled()).toEqual([SSL_PKEY_RSA, SSL_PKEY_ECC]);
    expect(SSL_CTX_select_current_cert(ctx, rsa)).toBe(1);
    expect(SSL_CTX_get0_privatekey(ctx)?.key.key.kind).toBe('rsa');
    expect(SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST)).toBe(1);
    expect(ctx.certs.current).toBe(SSL_PKEY_RSA);
    expect(SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT)).toBe(1);
    expect(ctx.certs.current).toBe(SSL_PKEY_ECC);
    expect(SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT)).toBe(0);
  });

  it('check_private_key with nothing set reports NO_CERTIFICATE_ASSIGNED', () => {
    const ctx = SSL_CTX_new(TLS_server_method());
    ERR_clear_error();
    expect(SSL_CTX_check_private_key(ctx)).toBe(0);
    expect(ERR_GET_REASON(ERR_peek_last_error())).toBe(SSL_R_NO_CERTIFICATE_ASSIGNED);
    ERR_clear_error();
  });

  it('a certificate replacing its slot drops the slot key it does not match', () => {
    const ctx = SSL_CTX_new(TLS_server_method());
    expect(SSL_CTX_use_certificate(ctx, cert('server.pem'))).toBe(1);
    expect(SSL_CTX_use_PrivateKey(ctx, key('server.key'))).toBe(1);
    expect(SSL_CTX_use_certificate(ctx, cert('client.pem'))).toBe(1);
    expect(SSL_CTX_get0_privatekey(ctx)).toBeNull();
  });

  it('serves ECDSA to an ECDSA-only client and RSA to an RSA-PSS-only client', () => {
    const ctx = twoSlotCtx();
    expect(served(ctx, 'ECDSA+SHA256')).toBe('ec');
    expect(served(ctx, 'rsa_pss_rsae_sha256')).toBe('rsa');
    // Both offered: the client's order decides (libssl without server preference).
    expect(served(ctx, 'rsa_pss_rsae_sha256:ECDSA+SHA256')).toBe('rsa');
    expect(served(ctx, 'ECDSA+SHA256:rsa_pss_rsae_sha256')).toBe('ec');
    // SSL_OP_CIPHER_SERVER_PREFERENCE: the server's sigalgs order decides.
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    expect(SSL_CTX_set1_sigalgs_list(ctx, 'rsa_pss_rsae_sha256:ECDSA+SHA256')).toBe(1);
    expect(served(ctx, 'ECDSA+SHA256:rsa_pss_rsae_sha256')).toBe('rsa');
  });

  it.skipIf(cUnavailable !== undefined)(
    'chooses as libssl 3.0 does (test/c/slots.c, run live)',
    () => {
      const c = runC('slots', ['test/fixtures']);
      const kind = (id: string) => (id === '408' ? 'ec' : id === '6' ? 'rsa' : `nid ${id}`);
      const got = (label: string) =>
        kind(new RegExp(`^${label} -> (\\d+)$`, 'm').exec(c)?.[1] ?? '?');
      expect(c).toMatch(/check\(no ec key\) 0 ec key 1/);
      const ctx = twoSlotCtx();
      expect(served(ctx, 'ECDSA+SHA256')).toBe(got('ECDSA\\+SHA256'));
      expect(served(ctx, 'rsa_pss_rsae_sha256')).toBe(got('rsa_pss_rsae_sha256'));
      expect(served(ctx, 'rsa_pss_rsae_sha256:ECDSA+SHA256')).toBe(got('rsa,ecdsa'));
      expect(served(ctx, 'ECDSA+SHA256:rsa_pss_rsae_sha256')).toBe(got('ecdsa,rsa'));
      SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
      expect(SSL_CTX_set1_sigalgs_list(ctx, 'rsa_pss_rsae_sha256:ECDSA+SHA256')).toBe(1);
      expect(served(ctx, 'ECDSA+SHA256:rsa_pss_rsae_sha256')).toBe(
        got('serverpref rsa first; client ecdsa,rsa'),
      );
    },
  );

  it('SSL_use_* fill the connection own slots, leaving the context alone', () => {
    const ctx = SSL_CTX_new(TLS_server_method());
    expect(SSL_CTX_use_certificate(ctx, cert('server.pem'))).toBe(1);
    expect(SSL_CTX_use_PrivateKey(ctx, key('server.key'))).toBe(1);
    const ssl = SSL_new(ctx);
    expect(SSL_use_certificate(ssl, cert('server-rsa.pem'))).toBe(1);
    expect(SSL_use_PrivateKey(ssl, key('server-rsa.key'))).toBe(1);
    expect(SSL_check_private_key(ssl)).toBe(1);
    expect(SSL_get_certificate(ssl)?.cert.publicKey.key?.kind).toBe('rsa');
    expect(ssl.certSlots.filled()).toEqual([SSL_PKEY_RSA, SSL_PKEY_ECC]);
    expect(ctx.certs.filled()).toEqual([SSL_PKEY_ECC]);
    SSL_free(ssl);
  });

  it.skipIf(!hasOpenssl())(
    `openssl s_client -sigalgs gets the certificate of its key type${skip}`,
    async () => {
      const ctx = twoSlotCtx();
      const tcp = createServer((sock) => {
        void (async () => {
          const ssl = SSL_new(ctx);
          try {
            strata_SSL_set_socket(ssl, sock);
            if ((await strata_SSL_accept(ssl)) === 1) {
              await strata_SSL_write(ssl, new TextEncoder().encode('served\n'));
            }
          } finally {
            SSL_free(ssl);
            sock.end();
          }
        })();
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const port = (tcp.address() as { port: number }).port;
      const run = async (sigalgs: string) => {
        const client = startOpensslClient(port, [
          '-tls1_3',
          '-CAfile',
          f('ca.pem'),
          '-sigalgs',
          sigalgs,
        ]);
        try {
          await client.waitFor(/served/, 10_000);
          return client.output();
        } finally {
          await client.stop();
        }
      };
      try {
        const ec = await run('ECDSA+SHA256');
        expect(ec).toMatch(/Peer signature type: ECDSA/);
        expect(ec).toMatch(/Server public key is 256 bit/);
        expect(ec).toMatch(/Verify return code: 0 \(ok\)/);
        const rsa = await run('rsa_pss_rsae_sha256');
        expect(rsa).toMatch(/Peer signature type: RSA-PSS/);
        expect(rsa).toMatch(/Server public key is 2048 bit/);
        expect(rsa).toMatch(/Verify return code: 0 \(ok\)/);
      } finally {
        tcp.close();
        SSL_CTX_free(ctx);
      }
    },
    40_000,
  );
});
