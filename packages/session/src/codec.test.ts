import { fromHex, isTlsError, type TlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tls12, tls13 } from '../test/helpers.js';
import { decodeSession, encodeSession, type Session, Tls12Session, Tls13Session } from './index.js';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const host = fc.stringMatching(/^[a-z0-9.-]{1,40}$/);

const common = {
  createdAtMs: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  timeoutSeconds: u32,
  verifyResult: u32,
  sessionId: bytes(0, 32),
  sidCtx: bytes(0, 32),
  peerCertificates: fc.array(bytes(1, 64), { maxLength: 4 }),
  resumable: fc.boolean(),
  alpn: fc.option(bytes(1, 20), { nil: undefined }),
  serverName: fc.option(host, { nil: undefined }),
};

const arbTls13 = fc
  .record({
    ...common,
    suite: fc.constantFrom<[number, number]>(
      [0x1301, 32],
      [0x1302, 48],
      [0x1303, 32],
      [0x13ff, 64],
    ),
    psk: bytes(64, 64),
    ticketAgeAdd: u32,
    ticketLifetimeSeconds: fc.integer({ min: 0, max: 604_800 }),
    maxEarlyData: u32,
    ticket: fc.option(bytes(1, 300), { nil: undefined }),
  })
  .map(
    ({ suite: [cipherSuite, length], psk, ...p }) =>
      new Tls13Session({ ...dropUndefined(p), cipherSuite, psk: psk.subarray(0, length) }),
  );

const arbTls12 = fc
  .record({
    ...common,
    cipherSuite: fc.constantFrom(0xc02b, 0xc02f, 0xcca8),
    masterSecret: bytes(48, 48),
    extendedMasterSecret: fc.boolean(),
    ticketLifetimeHintSeconds: u32,
    ticket: fc.option(bytes(1, 300), { nil: undefined }),
  })
  .map((p) => new Tls12Session(dropUndefined(p)));

const arbSession: fc.Arbitrary<Session> = fc.oneof(arbTls13, arbTls12);

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

function dropUndefined<T extends object>(o: T): Defined<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;
}

function expectTlsDecodeError(input: Uint8Array, code?: string): void {
  try {
    decodeSession(input);
  } catch (error) {
    expect(isTlsError(error)).toBe(true);
    expect((error as TlsError).alert).toBe('decode_error');
    if (code !== undefined) expect((error as TlsError).code).toBe(code);
    return;
  }
  throw new Error('expected a decode error');
}

describe('session codec', () => {
  it('can_round_trip_any_session', () => {
    fc.assert(
      fc.property(arbSession, (s) => {
        const encoded = encodeSession(s);
        const decoded = decodeSession(encoded);
        expect(decoded.params()).toEqual(s.params());
        expect(decoded.version).toBe(s.version);
        expect(encodeSession(decoded)).toEqual(encoded);
      }),
      { numRuns: 300 },
    );
  });

  it('no_strict_prefix_decodes', () => {
    fc.assert(
      fc.property(arbSession, (s) => {
        const encoded = encodeSession(s);
        for (let n = 0; n < encoded.length; n++) expectTlsDecodeError(encoded.subarray(0, n));
      }),
      { numRuns: 40 },
    );
  });

  it('mutated_bytes_give_a_session_or_a_TlsError_never_another_exception', () => {
    fc.assert(
      fc.property(
        arbSession,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (s, edits) => {
          const encoded = encodeSession(s).slice();
          for (const [at, value] of edits) encoded[at % encoded.length] = value;
          try {
            decodeSession(encoded);
          } catch (error) {
            expect(isTlsError(error)).toBe(true);
            expect((error as TlsError).alert).toBe('decode_error');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random_bytes_never_throw_anything_but_TlsError', () => {
    fc.assert(
      fc.property(bytes(0, 200), (b) => {
        try {
          decodeSession(b);
        } catch (error) {
          expect(isTlsError(error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects_trailing_bytes', () => {
    const encoded = encodeSession(tls13());
    const longer = new Uint8Array(encoded.length + 1);
    longer.set(encoded);
    expectTlsDecodeError(longer, 'WIRE_TRAILING_BYTES');
  });

  it('names what is wrong with stable codes', () => {
    const good = encodeSession(tls12());
    const at = (i: number, v: number) => {
      const b = good.slice();
      b[i] = v;
      return b;
    };
    expectTlsDecodeError(at(0, 0x00), 'SESSION_BAD_MAGIC');
    expectTlsDecodeError(at(2, 2), 'SESSION_UNSUPPORTED_FORMAT');
    expectTlsDecodeError(at(4, 0x02), 'SESSION_BAD_VERSION'); // 0x0203
    expectTlsDecodeError(at(7, 0x80), 'SESSION_BAD_FLAGS');
    expectTlsDecodeError(new Uint8Array(0), 'WIRE_TRUNCATED');
    // A TLS 1.3 session claiming a TLS 1.2 suite.
    const t13 = encodeSession(tls13());
    t13[5] = 0xc0;
    t13[6] = 0x2f;
    expectTlsDecodeError(t13, 'SESSION_INVALID_FIELD');
  });

  it('keeps format version 1 stable (hand-built encoding)', () => {
    const s = new Tls12Session({
      cipherSuite: 0xc02f,
      createdAtMs: 0x0102030405,
      timeoutSeconds: 300,
      verifyResult: 0,
      sessionId: new Uint8Array([0xaa, 0xbb]),
      sidCtx: new Uint8Array([0x01]),
      alpn: new Uint8Array([0x68, 0x32]),
      serverName: 'a.b',
      peerCertificates: [new Uint8Array([0x30, 0x00])],
      masterSecret: new Uint8Array(48).fill(0x5a),
      extendedMasterSecret: true,
      ticketLifetimeHintSeconds: 7200,
      ticket: new Uint8Array([0xee]),
    });
    const expected = fromHex(
      [
        '5353 01', // magic, format version
        '0303 c02f 03', // TLS 1.2, suite, flags = resumable | ems
        '0000000102030405 0000012c 00000000', // created, timeout, verify result
        '02 aabb', // session id
        '01 01', // sid_ctx
        '02 6832', // alpn
        '03 612e62', // server name
        '000005 000002 3000', // peer chain
        `30 ${'5a'.repeat(48)}`, // master secret
        '00001c20', // ticket lifetime hint
        '0001 ee', // ticket
      ].join(''),
    );
    expect(encodeSession(s)).toEqual(expected);
    expect(decodeSession(expected).params()).toEqual(s.params());
  });

  it('throws TypeError for a caller passing something else than bytes', () => {
    expect(() => decodeSession('x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
