import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { toHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HashName } from '../types.js';
import { nobleHashes } from './noble-hashes.js';

const names: HashName[] = ['sha256', 'sha384', 'sha512'];

describe('nobleHashes against node:crypto', () => {
  it('digest and HMAC agree for random inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 200 }),
        (name, key, data) => {
          const hash = nobleHashes[name];
          expect(toHex(hash.digest(data))).toBe(createHash(name).update(data).digest('hex'));
          expect(toHex(hash.hmac(key, data))).toBe(
            createHmac(name, key).update(data).digest('hex'),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('HKDF extract then expand agrees with hkdfSync', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.integer({ min: 1, max: 300 }),
        (name, ikm, salt, info, length) => {
          const hash = nobleHashes[name];
          const okm = hash.hkdfExpand(hash.hkdfExtract(salt, ikm), info, length);
          expect(toHex(okm)).toBe(
            Buffer.from(hkdfSync(name, ikm, salt, info, length)).toString('hex'),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('digest() ends a state: updating it afterwards throws', () => {
    const state = nobleHashes.sha256.create();
    state.digest();
    expect(() => state.update(new Uint8Array(1))).toThrow();
  });
});
