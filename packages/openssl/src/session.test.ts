import { readFileSync } from 'node:fs';
import { BIO_new, BIO_s_mem } from '@strata/bio';
import { parseCertificatePem } from '@strata/pki';
import { Tls13Session } from '@strata/session';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERR_clear_error, ERR_peek_error } from './err.js';
import {
  d2i_SSL_SESSION,
  i2d_SSL_SESSION,
  PEM_read_bio_SSL_SESSION,
  PEM_write_bio_SSL_SESSION,
  SSL_SESSION_get_id,
  SSL_SESSION_get_protocol_version,
  SSL_SESSION_get_time,
  SSL_SESSION_get_timeout,
  SSL_SESSION_get0_hostname,
  SSL_SESSION_get0_peer,
  SSL_SESSION_is_resumable,
  SSL_SESSION_set_timeout,
  sessionHandle,
} from './session.js';
import { X509_get_subject_name, X509_NAME_oneline } from './x509.js';

const peer = parseCertificatePem(readFileSync('test/fixtures/server.pem', 'latin1'));

function session(id = Uint8Array.of(1, 2, 3), ticket?: Uint8Array) {
  return sessionHandle(
    new Tls13Session({
      cipherSuite: 0x1302,
      createdAtMs: 1_700_000_000_000,
      timeoutSeconds: 7200,
      psk: new Uint8Array(48).fill(7),
      ticketAgeAdd: 5,
      ticketLifetimeSeconds: 7200,
      sessionId: id,
      peerCertificates: [peer.der],
      serverName: 'localhost',
      ...(ticket ? { ticket } : {}),
    }),
  );
}

describe('SSL_SESSION', () => {
  it('has OpenSSL getters and setters', () => {
    const s = session();
    expect(SSL_SESSION_get_protocol_version(s)).toBe(0x0304);
    expect(SSL_SESSION_get_time(s)).toBe(1_700_000_000);
    expect(SSL_SESSION_set_timeout(s, 60)).toBe(1);
    expect(SSL_SESSION_get_timeout(s)).toBe(60);
    expect(SSL_SESSION_get_id(s)).toEqual(Uint8Array.of(1, 2, 3));
    expect(SSL_SESSION_get0_hostname(s)).toBe('localhost');
    expect(X509_NAME_oneline(X509_get_subject_name(SSL_SESSION_get0_peer(s)!))).toBe(
      '/CN=localhost',
    );
    expect(SSL_SESSION_is_resumable(s)).toBe(1);
  });

  it('round-trips through i2d/d2i and PEM', () => {
    const s = session(Uint8Array.of(9), Uint8Array.of(1, 2, 3, 4));
    const back = d2i_SSL_SESSION(i2d_SSL_SESSION(s));
    expect(back).not.toBeNull();
    expect(i2d_SSL_SESSION(back!)).toEqual(i2d_SSL_SESSION(s));
    const bio = BIO_new(BIO_s_mem());
    expect(PEM_write_bio_SSL_SESSION(bio, s)).toBe(1);
    const fromPem = PEM_read_bio_SSL_SESSION(bio);
    expect(fromPem && i2d_SSL_SESSION(fromPem)).toEqual(i2d_SSL_SESSION(s));
  });

  it('decodes any id and ticket it encoded', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (id, ticket) => {
          const s = session(id, ticket);
          const back = d2i_SSL_SESSION(i2d_SSL_SESSION(s));
          expect(back && i2d_SSL_SESSION(back)).toEqual(i2d_SSL_SESSION(s));
        },
      ),
    );
  });

  it('returns null with an error queued for bytes that are not a session, never throws', () => {
    const good = i2d_SSL_SESSION(session());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), (cut) => {
        ERR_clear_error();
        expect(d2i_SSL_SESSION(good.subarray(0, cut))).toBeNull();
        expect(ERR_peek_error()).not.toBe(0);
      }),
    );
    ERR_clear_error();
  });
});
