import { toHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GREASE_PSK_MODES,
  GREASE_VALUES,
  isGrease,
  isGreasePskMode,
  selectGrease,
} from './grease.js';
import {
  DOWNGRADE_SENTINEL_TLS11,
  DOWNGRADE_SENTINEL_TLS12,
  downgradeSentinel,
  HELLO_RETRY_REQUEST_RANDOM,
  isHelloRetryRequestRandom,
  withDowngradeSentinel,
} from './random.js';

describe('GREASE (RFC 8701)', () => {
  it('lists the 16 reserved values and the 8 PSK modes', () => {
    expect(GREASE_VALUES.map((v) => v.toString(16))).toEqual([
      'a0a',
      '1a1a',
      '2a2a',
      '3a3a',
      '4a4a',
      '5a5a',
      '6a6a',
      '7a7a',
      '8a8a',
      '9a9a',
      'aaaa',
      'baba',
      'caca',
      'dada',
      'eaea',
      'fafa',
    ]);
    expect(GREASE_PSK_MODES).toEqual([0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4]);
    expect(isGreasePskMode(0x49)).toBe(true);
    expect(isGreasePskMode(1)).toBe(false);
  });

  it('recognises exactly the reserved 16-bit values', () => {
    let count = 0;
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) count++;
    expect(count).toBe(16);
    expect(isGrease(0x1301)).toBe(false);
    expect(isGrease(0x0a1a)).toBe(false);
  });

  it('selects GREASE values from the caller randomness, two distinct extensions', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (seed) => {
        const g = selectGrease(seed);
        for (const v of [
          g.cipherSuite,
          g.group,
          g.signatureScheme,
          g.version,
          g.extension1,
          g.extension2,
        ]) {
          expect(isGrease(v)).toBe(true);
        }
        expect(g.extension1).not.toBe(g.extension2);
        expect(isGreasePskMode(g.pskMode)).toBe(true);
        expect(isGrease((g.alpn[0]! << 8) | g.alpn[1]!)).toBe(true);
      }),
    );
    expect(selectGrease(new Uint8Array(8)).cipherSuite).toBe(0x0a0a);
    expect(selectGrease(new Uint8Array(8).fill(0xff)).cipherSuite).toBe(0xfafa);
    expect(() => selectGrease(new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('special randoms (RFC 8446 §4.1.3)', () => {
  it('knows the HelloRetryRequest random, SHA-256("HelloRetryRequest")', async () => {
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update('HelloRetryRequest').digest('hex');
    expect(toHex(HELLO_RETRY_REQUEST_RANDOM)).toBe(digest);
    expect(isHelloRetryRequestRandom(HELLO_RETRY_REQUEST_RANDOM.slice())).toBe(true);
    expect(isHelloRetryRequestRandom(new Uint8Array(32))).toBe(false);
  });

  it('writes and finds the downgrade sentinels', () => {
    expect(new TextDecoder().decode(DOWNGRADE_SENTINEL_TLS12.subarray(0, 7))).toBe('DOWNGRD');
    expect(DOWNGRADE_SENTINEL_TLS12[7]).toBe(1);
    expect(DOWNGRADE_SENTINEL_TLS11[7]).toBe(0);
    const random = new Uint8Array(32).fill(0x5a);
    expect(downgradeSentinel(random)).toBeUndefined();
    const r12 = withDowngradeSentinel(random, 'tls12');
    expect(downgradeSentinel(r12)).toBe('tls12');
    expect(toHex(r12.subarray(0, 24))).toBe(toHex(random.subarray(0, 24)));
    expect(downgradeSentinel(withDowngradeSentinel(random, 'tls11'))).toBe('tls11');
    expect(random[31]).toBe(0x5a);
    expect(() => withDowngradeSentinel(new Uint8Array(8), 'tls12')).toThrow(RangeError);
  });
});
