import { sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newEcKey, newEd25519Key, systemRandomForTests as random } from '../../test/keys.js';
import { ed25519Scheme, nobleSign, nobleVerify } from './schemes.js';

const message = new TextEncoder().encode('TLS 1.3, client CertificateVerify: strata Ed25519 test');

describe('Ed25519 against node:crypto', () => {
  const key = newEd25519Key();

  it('ours verify with node, and node’s with ours (deterministic: identical bytes)', () => {
    const ours = ed25519Scheme.sign(key.privateKey, message, random);
    expect(nodeVerify(null, message, key.nodePublic, ours)).toBe(true);
    const theirs = new Uint8Array(nodeSign(null, message, key.nodePrivate));
    expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
    expect(ed25519Scheme.verify(key.publicKey, message, theirs)).toBe(true);
  });
});

describe('Ed25519 bad input', () => {
  const key = newEd25519Key();
  const good = nobleSign({ kind: 'ed25519' }, key.privateKey, message, random);

  it('wrong lengths, random bytes and mutations are false, never an exception', () => {
    for (const sig of [
      new Uint8Array(0),
      good.subarray(0, 63),
      new Uint8Array([...good, 0]),
      new Uint8Array(64),
    ]) {
      expect(nobleVerify({ kind: 'ed25519' }, key.publicKey, message, sig)).toBe(false);
    }
    fc.assert(
      fc.property(fc.nat(63), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const sig = good.slice();
        sig[index]! ^= flip;
        expect(ed25519Scheme.verify(key.publicKey, message, sig)).toBe(false);
      }),
      { numRuns: 100 },
    );
    // A public key that is not a valid point encoding, and one of the wrong length.
    const badKey = { kind: 'ed25519', key: new Uint8Array(32).fill(0xff) } as const;
    expect(ed25519Scheme.verify(badKey, message, good)).toBe(false);
    expect(ed25519Scheme.verify({ kind: 'ed25519', key: new Uint8Array(31) }, message, good)).toBe(
      false,
    );
  });

  it('wrong key kinds: verify false, sign TypeError; a seed of the wrong length is a TypeError', () => {
    const ec = newEcKey('P-256');
    expect(ed25519Scheme.verify(ec.publicKey, message, good)).toBe(false);
    expect(() => ed25519Scheme.sign(ec.privateKey, message, random)).toThrow(TypeError);
    expect(() =>
      ed25519Scheme.sign({ kind: 'ed25519', seed: new Uint8Array(31) }, message, random),
    ).toThrow(TypeError);
  });
});
