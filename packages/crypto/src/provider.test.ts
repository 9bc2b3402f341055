import { describe, expect, it } from 'vitest';
import { nobleProvider } from './provider.js';
import { replayRandom } from './testing/index.js';

describe('nobleProvider', () => {
  it('offers every hash and AEAD under its own name', () => {
    for (const [name, hash] of Object.entries(nobleProvider.hashes)) expect(hash.name).toBe(name);
    for (const [name, aead] of Object.entries(nobleProvider.aeads)) expect(aead.name).toBe(name);
  });

  it('builds its cipher suites on its own AEADs and hashes', () => {
    const aeads = new Set(Object.values(nobleProvider.aeads));
    const hashes = new Set(Object.values(nobleProvider.hashes));
    for (const suite of nobleProvider.cipherSuites) {
      expect(aeads.has(suite.aead)).toBe(true);
      expect(hashes.has(suite.hash)).toBe(true);
    }
  });

  it('is frozen, and overridable by spread', () => {
    expect(Object.isFrozen(nobleProvider)).toBe(true);
    const fixed = replayRandom([new Uint8Array([1, 2, 3])]);
    const custom = { ...nobleProvider, random: fixed };
    expect(custom.random(3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(custom.hashes).toBe(nobleProvider.hashes);
    expect(nobleProvider.random(3)).toHaveLength(3);
  });

  it('compares in constant time through timingSafeEqual', () => {
    expect(nobleProvider.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(
      true,
    );
    expect(nobleProvider.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(
      false,
    );
  });
});
