import {
  EVP_PKEY_get_id,
  EVP_PKEY_X25519,
  NID_X25519,
  SSL_CIPHER_get_name,
  SSL_get_current_cipher,
  SSL_get_peer_tmp_key,
  SSL_get_session,
  SSL_get_shared_group,
  SSL_get_verify_result,
  SSL_get_version,
  SSL_is_init_finished,
  SSL_SESSION_is_resumable,
  TLSEXT_nid_unknown,
  X509_V_OK,
} from '@strata/openssl';
import { describe, expect, it } from 'vitest';
import { bulkViaFacade, facadeContexts, handshakeViaFacade } from '../bench/facade.js';
import { makeFixtures } from '../bench/fixtures.js';

describe('OpenSSL-facade drivers over a BIO pair', () => {
  const fx = makeFixtures();

  // Neither suite is the default first choice (TLS_AES_256_GCM_SHA384), so a
  // context that ignored the configured suite would fail here.
  const cases = [
    ['ecdsa_p256', 'chacha20poly1305', 'TLS_CHACHA20_POLY1305_SHA256'],
    ['rsa2048', 'aes128gcm', 'TLS_AES_128_GCM_SHA256'],
  ] as const;
  for (const [kind, suite, suiteName] of cases) {
    it(`completes a verified ${kind} x25519 handshake with the configured suite and group`, () => {
      const h = handshakeViaFacade(facadeContexts(fx[kind], kind, 'x25519', suite));
      try {
        for (const ssl of [h.client, h.server]) {
          expect(SSL_is_init_finished(ssl)).toBe(1);
          expect(SSL_get_version(ssl)).toBe('TLSv1.3');
          expect(SSL_CIPHER_get_name(SSL_get_current_cipher(ssl))).toBe(suiteName);
        }
        expect(SSL_get_verify_result(h.client)).toBe(X509_V_OK);
        // The group: the client saw an X25519 key share; the server had only X25519 in common.
        const tmp = SSL_get_peer_tmp_key(h.client);
        expect(tmp).not.toBeNull();
        expect(EVP_PKEY_get_id(tmp!)).toBe(EVP_PKEY_X25519);
        expect(SSL_get_shared_group(h.server, -1)).toBe(1);
        expect(SSL_get_shared_group(h.server, 0)).toBe(NID_X25519);
      } finally {
        h.free();
      }
    });
  }

  it('completes an X25519MLKEM768 handshake', () => {
    const h = handshakeViaFacade(facadeContexts(fx.ecdsa_p256, 'ecdsa_p256', 'x25519mlkem768'));
    try {
      expect(SSL_CIPHER_get_name(SSL_get_current_cipher(h.client))).toBe('TLS_AES_128_GCM_SHA256');
      expect(SSL_get_verify_result(h.client)).toBe(X509_V_OK);
      // A hybrid group has no NID (and no EVP_PKEY) in OpenSSL 3.0.
      expect(SSL_get_shared_group(h.server, -1)).toBe(1);
      expect(SSL_get_shared_group(h.server, 0)).toBe(TLSEXT_nid_unknown | 0x11ec);
      expect(SSL_get_peer_tmp_key(h.client)).toBeNull();
    } finally {
      h.free();
    }
  });

  it('delivers 2 × bytes both ways, byte for byte, with a patterned chunk', () => {
    const h = handshakeViaFacade(
      facadeContexts(fx.ecdsa_p256, 'ecdsa_p256', 'x25519', 'chacha20poly1305'),
    );
    try {
      // 100,000 is not a multiple of the chunk: the last write is a short one.
      const chunk = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 31 + 7) & 255);
      const bytes = 100_000;
      const expected = new Uint8Array(bytes);
      for (let at = 0; at < bytes; at += chunk.length) {
        expected.set(chunk.subarray(0, Math.min(chunk.length, bytes - at)), at);
      }
      const got = new Uint8Array(2 * bytes);
      let at = 0;
      const n = bulkViaFacade(h, bytes, chunk, (d) => {
        got.set(d, at);
        at += d.length;
      });
      expect(n).toBe(2 * bytes);
      expect(at).toBe(2 * bytes);
      expect(got.subarray(0, bytes)).toEqual(expected);
      expect(got.subarray(bytes)).toEqual(expected);
    } finally {
      h.free();
    }
  });

  it('moves a larger transfer with 64 KiB chunks (the bench shape) on rsa2048', () => {
    const h = handshakeViaFacade(facadeContexts(fx.rsa2048, 'rsa2048', 'x25519', 'aes128gcm'));
    try {
      expect(bulkViaFacade(h, 1_000_000, new Uint8Array(65_536).fill(0x61))).toBe(2_000_000);
      // The connection is still usable afterwards.
      expect(bulkViaFacade(h, 1, new Uint8Array(1))).toBe(2);
      // The client has read everything the server sent: no ticket among it,
      // as the engine rows' server issues none.
      const session = SSL_get_session(h.client);
      expect(session).not.toBeNull();
      expect(SSL_SESSION_is_resumable(session!)).toBe(0);
    } finally {
      h.free();
    }
  });

  it('fails the handshake, naming the verify failure, against a client trusting another CA', () => {
    const client = facadeContexts(fx.rsa2048, 'rsa2048', 'x25519').client;
    const server = facadeContexts(fx.ecdsa_p256, 'ecdsa_p256', 'x25519').server;
    expect(() => handshakeViaFacade({ client, server })).toThrow(
      /client SSL_do_handshake returned -1 \(SSL_ERROR_SSL\), verify result \d+ \(.+\).*certificate verify failed/,
    );
    // The queue was emptied into the message: the next handshake starts clean.
    const h = handshakeViaFacade(facadeContexts(fx.ecdsa_p256, 'ecdsa_p256', 'x25519'));
    h.free();
  });
});
