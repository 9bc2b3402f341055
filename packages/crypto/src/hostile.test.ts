/**
 * Everything a peer can hand the provider, fuzzed: key shares of the right
 * and wrong lengths for every group (both roles), signatures and public keys
 * of every shape for every scheme, and AEAD ciphertexts of every length.
 * Peer bytes give a value, `false`/`undefined`, or a TlsError with
 * `illegal_parameter`, never another exception and never a secret in a
 * message.
 */
import { isTlsError, toHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedRandom, systemRandomForTests as random } from '../test/keys.js';
import { nobleAeads } from './aead/noble-aeads.js';
import { nobleGroups } from './kx/groups.js';
import { nobleSignatureSchemes } from './sig/schemes.js';
import type { PublicKey } from './types.js';

const clientShare: Record<string, number> = {
  x25519: 32,
  secp256r1: 65,
  secp384r1: 97,
  X25519MLKEM768: 1216,
  x448: 56,
  secp521r1: 133,
  ffdhe2048: 256,
  ffdhe3072: 384,
  ffdhe4096: 512,
  ffdhe6144: 768,
  ffdhe8192: 1024,
};
/** Fewer runs where one exchange costs milliseconds (ML-KEM, BigInt FFDHE). */
const runs = (name: string, many: number): number =>
  name.startsWith('ffdhe') ? 8 : name === 'X25519MLKEM768' ? 30 : many;
const serverShare: Record<string, number> = { ...clientShare, X25519MLKEM768: 1120 };

/** Random bytes of exactly `n`, sometimes shaped like an uncompressed point. */
function shareArb(n: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ minLength: n, maxLength: n }),
    fc.uint8Array({ minLength: n, maxLength: n }).map((b) => {
      b[0] = 4;
      return b;
    }),
    fc.constantFrom(new Uint8Array(n), new Uint8Array(n).fill(0xff)),
  );
}

function outcome(fn: () => Uint8Array, secretHexes: string[]): string {
  try {
    const secret = fn();
    expect(secret.length).toBeGreaterThan(0);
    return 'secret';
  } catch (error) {
    expect(isTlsError(error), String(error)).toBe(true);
    if (!isTlsError(error)) return 'other';
    expect(error.alert).toBe('illegal_parameter');
    for (const hex of secretHexes) expect(error.message).not.toContain(hex);
    return error.code;
  }
}

describe.each(nobleGroups.map((g) => [g.name, g] as const))(
  '%s with hostile key shares',
  (_, group) => {
    it('respond(): any share of the right length gives a secret or illegal_parameter', () => {
      fc.assert(
        fc.property(shareArb(clientShare[group.name]!), fc.nat(), (share, seed) => {
          outcome(() => group.respond(share, fixedRandom(seed)).sharedSecret, []);
        }),
        { numRuns: runs(group.name, 60) },
      );
    });

    it('complete(): any share of the right length gives a secret or illegal_parameter', () => {
      fc.assert(
        fc.property(shareArb(serverShare[group.name]!), (share) => {
          const kx = group.start(random);
          outcome(() => kx.complete(share), [toHex(kx.publicKey)]);
        }),
        { numRuns: runs(group.name, 60) },
      );
    });

    it('shares of any other length are illegal_parameter in both roles', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 1300 }), (share) => {
          fc.pre(
            share.length !== clientShare[group.name] && share.length !== serverShare[group.name],
          );
          expect(outcome(() => group.respond(share, random).sharedSecret, [])).toBe(
            'KX_SHARE_LENGTH',
          );
          expect(outcome(() => group.start(random).complete(share), [])).toBe('KX_SHARE_LENGTH');
        }),
        { numRuns: 30 },
      );
    });
  },
);

const keyArb: fc.Arbitrary<PublicKey> = fc.oneof(
  fc.record({
    kind: fc.constant('ec' as const),
    curve: fc.constantFrom('P-256' as const, 'P-384' as const),
    point: fc.oneof(fc.uint8Array({ maxLength: 100 }), shareArb(65), shareArb(97)),
  }),
  fc.record({ kind: fc.constant('ed25519' as const), key: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({
    kind: fc.constant('rsa' as const),
    n: fc.bigInt({ min: 0n, max: 2n ** 2100n }),
    e: fc.oneof(fc.constantFrom(3n, 65537n, 1n, 0n, -1n), fc.bigInt({ min: -5n, max: 2n ** 80n })),
  }),
);

describe('signature schemes with hostile keys and signatures', () => {
  it.each(nobleSignatureSchemes.map((s) => [s.name, s] as const))(
    '%s: verify is a boolean, never an exception',
    (_, scheme) => {
      fc.assert(
        fc.property(
          keyArb,
          fc.uint8Array({ maxLength: 80 }),
          fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.constant(new Uint8Array(256))),
          (key, message, signature) => {
            expect(scheme.verify(key, message, signature)).toBe(false);
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});

describe('AEAD open with hostile ciphertexts', () => {
  it.each(Object.values(nobleAeads).map((a) => [a.name, a] as const))(
    '%s: any ciphertext of any length is undefined, never a throw or partial plaintext',
    (_, aead) => {
      const key = aead.create(new Uint8Array(aead.keyLength).fill(7));
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ minLength: 12, maxLength: 12 }),
          fc.uint8Array({ maxLength: 20 }),
          (ciphertext, nonce, aad) => {
            expect(key.open(nonce, ciphertext, aad)).toBeUndefined();
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});
