/**
 * Old keys are destroyed when new ones are installed, and all keys when a
 * reader or writer is destroyed (DESIGN: key material is zeroed when dropped).
 * The AEAD is wrapped to watch its AeadKey instances.
 */
import { type AeadAlgorithm, type AeadKey, nobleProvider } from '@strata/crypto';
import { describe, expect, it } from 'vitest';
import { pattern } from '../test/helpers.js';
import type { RecordProtectionKeys } from './protection.js';
import { RecordReader } from './reader.js';
import { RecordWriter } from './writer.js';

function watchedAead(): { aead: AeadAlgorithm; keys: { destroyed: boolean }[] } {
  const inner = nobleProvider.aeads.CHACHA20_POLY1305;
  const keys: { destroyed: boolean }[] = [];
  const aead: AeadAlgorithm = {
    ...inner,
    create(key: Uint8Array): AeadKey {
      const k = inner.create(key);
      const state = { destroyed: false };
      keys.push(state);
      return {
        algorithm: aead,
        seal: (n, p, a) => k.seal(n, p, a),
        open: (n, c, a) => k.open(n, c, a),
        destroy: () => {
          state.destroyed = true;
          k.destroy();
        },
      };
    },
  };
  return { aead, keys };
}

const keys = (aead: AeadAlgorithm, seed: number): RecordProtectionKeys => ({
  version: 'TLS1.3',
  aead,
  key: pattern(32, seed),
  iv: pattern(12, seed + 1),
});

describe('key life cycle', () => {
  it('RecordWriter destroys the previous keys on installKeys and all on destroy', () => {
    const { aead, keys: made } = watchedAead();
    const w = new RecordWriter();
    w.installKeys(keys(aead, 1));
    w.writeApplicationData(pattern(10));
    w.installKeys(keys(aead, 2));
    expect(made.map((k) => k.destroyed)).toEqual([true, false]);
    w.destroy();
    expect(made.map((k) => k.destroyed)).toEqual([true, true]);
    expect(w.isProtected).toBe(false);
  });

  it('RecordReader destroys the previous keys on installKeys and all on destroy', () => {
    const { aead, keys: made } = watchedAead();
    const r = new RecordReader();
    r.installKeys(keys(aead, 1));
    r.installKeys(keys(aead, 2));
    expect(made.map((k) => k.destroyed)).toEqual([true, false]);
    r.destroy();
    expect(made.map((k) => k.destroyed)).toEqual([true, true]);
    expect(r.isProtected).toBe(false);
  });

  it('a refused key change (handshake data pending) leaves the old keys in place', () => {
    const { aead, keys: made } = watchedAead();
    const w = new RecordWriter();
    w.installKeys(keys(aead, 1));
    w.writeHandshake(Uint8Array.of(20, 0, 0, 4, 1)); // half a message
    const r = new RecordReader();
    r.setVersion('TLS1.3');
    r.installKeys(keys(aead, 1));
    r.push(w.takeOutput());
    expect(r.read()).toBeUndefined();
    expect(() => r.installKeys(keys(aead, 2))).toThrowError(
      expect.objectContaining({ alert: 'unexpected_message' }),
    );
    // Writer's key and the reader's first key stay usable/unchanged; no new key was made.
    expect(made.length).toBe(2);
    expect(made.map((k) => k.destroyed)).toEqual([false, false]);
  });
});
