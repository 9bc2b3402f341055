import { describe, expect, it } from 'vitest';
import { T0, tls12, tls13 } from '../test/helpers.js';
import {
  isTls13Session,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
  Tls12Session,
  Tls13Session,
  withSessionFields,
} from './index.js';

describe('Session', () => {
  it('tells the versions apart by a literal version field', () => {
    const a = tls13();
    const b = tls12();
    expect(a.version).toBe(TLS1_3_VERSION);
    expect(b.version).toBe(TLS1_2_VERSION);
    expect(isTls13Session(a)).toBe(true);
    expect(isTls13Session(b)).toBe(false);
  });

  it('copies byte fields in and out, so a session cannot be changed afterwards', () => {
    const psk = new Uint8Array(32).fill(7);
    const s = tls13({ psk, alpn: new Uint8Array([0x68, 0x32]) });
    psk.fill(0);
    expect(s.psk).toEqual(new Uint8Array(32).fill(7));
    const out = s.psk;
    out.fill(9);
    expect(s.psk).toEqual(new Uint8Array(32).fill(7));
    const alpn = s.alpn!;
    alpn[0] = 0;
    expect(s.alpn).toEqual(new Uint8Array([0x68, 0x32]));
    const chain = tls12({ peerCertificates: [new Uint8Array([1, 2, 3])] });
    chain.peerCertificates[0]![0] = 99;
    expect(chain.peerCertificates[0]).toEqual(new Uint8Array([1, 2, 3]));
    const params = s.params();
    params.psk.fill(1);
    params.sessionId?.fill(1);
    expect(s.psk).toEqual(new Uint8Array(32).fill(7));
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('refuses_wrong_states_at_construction', () => {
    expect(() => tls13({ cipherSuite: 0xc02f })).toThrow(RangeError);
    expect(() => tls12({ cipherSuite: 0x1301 })).toThrow(RangeError);
    expect(() => tls13({ psk: new Uint8Array(33) })).toThrow(RangeError);
    expect(() => tls13({ psk: new Uint8Array(16) })).toThrow(RangeError);
    expect(() => tls13({ psk: new Uint8Array(48) })).toThrow(RangeError); // 0x1301 hashes with SHA-256
    expect(tls13({ cipherSuite: 0x1302, psk: new Uint8Array(48) }).psk.length).toBe(48);
    expect(() => tls12({ masterSecret: new Uint8Array(47) })).toThrow(RangeError);
    expect(() => tls13({ ticketLifetimeSeconds: 604_801 })).toThrow(RangeError);
    expect(() => tls13({ ticketAgeAdd: 2 ** 32 })).toThrow(RangeError);
    expect(() => tls13({ sessionId: new Uint8Array(33) })).toThrow(RangeError);
    expect(() => tls13({ sidCtx: new Uint8Array(33) })).toThrow(RangeError);
    expect(() => tls13({ alpn: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => tls13({ serverName: 'bad name' })).toThrow(RangeError);
    expect(() => tls13({ serverName: '' })).toThrow(RangeError);
    expect(() => tls13({ createdAtMs: -1 })).toThrow(RangeError);
    expect(() => tls13({ timeoutSeconds: 1.5 })).toThrow(RangeError);
    expect(() => tls13({ ticket: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => tls13({ peerCertificates: [new Uint8Array(0)] })).toThrow(RangeError);
    expect(
      () =>
        new Tls12Session({ ...tls12().params(), extendedMasterSecret: 1 as unknown as boolean }),
    ).toThrow(TypeError);
  });

  it('is valid up to and including its expiry time, like OpenSSL sess_timedout', () => {
    const s = tls13({ createdAtMs: T0, timeoutSeconds: 10 });
    expect(s.expiresAtMs).toBe(T0 + 10_000);
    expect(s.isExpired(T0 + 10_000)).toBe(false);
    expect(s.isExpired(T0 + 10_001)).toBe(true);
  });

  it('follows SSL_SESSION_is_resumable: flag plus a session id or a ticket', () => {
    expect(tls13().isResumable()).toBe(false);
    expect(tls13({ ticket: new Uint8Array([1]) }).isResumable()).toBe(true);
    expect(tls13({ sessionId: new Uint8Array([1]) }).isResumable()).toBe(true);
    expect(tls13({ ticket: new Uint8Array([1]), resumable: false }).isResumable()).toBe(false);
    expect(tls12().isResumable()).toBe(true);
  });

  it('with() returns a changed copy and leaves the original alone', () => {
    const s = tls13({ serverName: 'example.com' });
    const t = s.with({ timeoutSeconds: 5, ticket: new Uint8Array([4]) });
    expect(t).toBeInstanceOf(Tls13Session);
    expect(t.timeoutSeconds).toBe(5);
    expect(t.ticket).toEqual(new Uint8Array([4]));
    expect(t.serverName).toBe('example.com');
    expect(s.timeoutSeconds).toBe(7200);
    expect(s.ticket).toBeUndefined();
    expect(t.with({ ticket: undefined }).ticket).toBeUndefined();
    const u = withSessionFields(tls12(), { resumable: false });
    expect(u).toBeInstanceOf(Tls12Session);
    expect(u.resumable).toBe(false);
  });
});
