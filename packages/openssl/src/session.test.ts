import { readFileSync } from 'node:fs';
import { BIO_new, BIO_s_mem } from '@strata/bio';
import { parseCertificatePem } from '@strata/pki';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERR_clear_error, ERR_peek_error } from './err.js';
import {
  d2i_SSL_SESSION,
  i2d_SSL_SESSION,
  PEM_read_bio_SSL_SESSION,
  PEM_write_bio_SSL_SESSION,
  SSL_SESSION,
  SSL_SESSION_get_id,
  SSL_SESSION_get_protocol_version,
  SSL_SESSION_get_time,
  SSL_SESSION_get_timeout,
  SSL_SESSION_set_timeout,
} from './session.js';
import { X509 } from './x509.js';

const peer = new X509(parseCertificatePem(readFileSync('test/fixtures/server.pem', 'latin1')));

function session(id = Uint8Array.of(1, 2, 3)): SSL_SESSION {
  return new SSL_SESSION(0x0304, 0x1302, id, 1_700_000_000, 7200, peer, 'h2', 'localhost');
}

describe('SSL_SESSION', () => {
  it('has OpenSSL getters and setters', () => {
    const s = session();
    expect(SSL_SESSION_get_protocol_version(s)).toBe(0x0304);
    expect(SSL_SESSION_get_time(s)).toBe(1_700_000_000);
    expect(SSL_SESSION_set_timeout(s, 60)).toBe(1);
    expect(SSL_SESSION_get_timeout(s)).toBe(60);
    expect(SSL_SESSION_get_id(s)).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('round-trips through i2d/d2i and PEM', () => {
    const s = session();
    const back = d2i_SSL_SESSION(i2d_SSL_SESSION(s));
    expect(back).not.toBeNull();
    expect(i2d_SSL_SESSION(back!)).toEqual(i2d_SSL_SESSION(s));
    expect(back!.peer?.cert.der).toEqual(peer.cert.der);
    const bio = BIO_new(BIO_s_mem());
    expect(PEM_write_bio_SSL_SESSION(bio, s)).toBe(1);
    const fromPem = PEM_read_bio_SSL_SESSION(bio);
    expect(fromPem && i2d_SSL_SESSION(fromPem)).toEqual(i2d_SSL_SESSION(s));
  });

  it('decodes any id, time and strings it encoded', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 32 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.string({ maxLength: 20 }),
        (id, time, host) => {
          const s = new SSL_SESSION(
            0x0304,
            0x1301,
            id,
            time,
            300,
            undefined,
            undefined,
            host || undefined,
          );
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
