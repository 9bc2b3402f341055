/**
 * RFC 7748 (Elliptic Curves for Security): §5.2 X25519 scalar
 * multiplication vectors and §6.1 Diffie-Hellman, run through the x25519
 * group with the private keys injected as its "random" bytes.
 */
import { fromHex, isTlsError, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { x25519Group } from '../../src/kx/groups.js';
import { x25519Shared } from '../../src/kx/x25519.js';
import { scriptedRandom } from '../keys.js';

describe('RFC 7748 §5.2 X25519 scalar multiplication', () => {
  it.each([
    {
      scalar: 'a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4',
      u: 'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
      out: 'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
    },
    {
      scalar: '4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d',
      u: 'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
      out: '95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957',
    },
  ])('X25519($scalar, u) = $out', ({ scalar, u, out }) => {
    expect(toHex(x25519Shared(fromHex(scalar), fromHex(u)))).toBe(out);
  });

  it('iterates k = X25519(k, u), u = old k: after 1 and 1,000 iterations', () => {
    let k = fromHex('0900000000000000000000000000000000000000000000000000000000000000');
    let u = k;
    const after: Record<number, string> = {};
    for (let i = 1; i <= 1000; i++) {
      const next = x25519Shared(k, u);
      u = k;
      k = next;
      if (i === 1 || i === 1000) after[i] = toHex(k);
    }
    expect(after[1]).toBe('422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079');
    expect(after[1000]).toBe('684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51');
  });
});

describe('RFC 7748 §6.1 Diffie-Hellman through the x25519 group', () => {
  const alicePrivate = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
  const alicePublic = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
  const bobPrivate = fromHex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
  const bobPublic = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
  const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';

  it('derives both public keys and the shared secret from injected private keys', () => {
    const alice = x25519Group.start(scriptedRandom(alicePrivate));
    expect(toHex(alice.publicKey)).toBe(alicePublic);
    const bob = x25519Group.respond(alice.publicKey, scriptedRandom(bobPrivate));
    expect(toHex(bob.publicKey)).toBe(bobPublic);
    expect(toHex(bob.sharedSecret)).toBe(shared);
    expect(toHex(alice.complete(bob.publicKey))).toBe(shared);
  });

  it('rejects the all-zero output of a low-order point with illegal_parameter', () => {
    // u = 0 and u = 1 (and their non-canonical encodings p, p + 1) give the all-zero output.
    const lowOrder = [
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0100000000000000000000000000000000000000000000000000000000000000',
      'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    ];
    for (const u of lowOrder) {
      let error: unknown;
      try {
        x25519Shared(alicePrivate, fromHex(u));
      } catch (e) {
        error = e;
      }
      expect(isTlsError(error), u).toBe(true);
      expect((error as { alert: string }).alert).toBe('illegal_parameter');
    }
  });
});
