/**
 * RFC 7748 (Elliptic Curves for Security): §5.2 X25519 and X448 scalar
 * multiplication vectors and §6.1/§6.2 Diffie-Hellman, run through the
 * x25519 and x448 groups with the private keys injected as their "random"
 * bytes.
 */
import { fromHex, isTlsError, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { x448Group, x25519Group } from '../../src/kx/groups.js';
import { x448Shared } from '../../src/kx/x448.js';
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

describe('RFC 7748 §5.2 X448 scalar multiplication', () => {
  it.each([
    {
      scalar:
        '3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3',
      u: '06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086',
      out: 'ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f',
    },
    {
      scalar:
        '203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd77c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f',
      u: '0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d015894e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db',
      out: '884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3a5700df34321d62077e63633c575c1c954514e99da7c179d',
    },
  ])('X448($scalar, u) = $out', ({ scalar, u, out }) => {
    expect(toHex(x448Shared(fromHex(scalar), fromHex(u)))).toBe(out);
  });

  it('iterates k = X448(k, u), u = old k: after 1 and 1,000 iterations', () => {
    let k: Uint8Array = new Uint8Array(56);
    k[0] = 5;
    let u = k;
    const after: Record<number, string> = {};
    for (let i = 1; i <= 1000; i++) {
      const next = x448Shared(k, u);
      u = k;
      k = next;
      if (i === 1 || i === 1000) after[i] = toHex(k);
    }
    expect(after[1]).toBe(
      '3f482c8a9f19b01e6c46ee9711d9dc14fd4bf67af30765c2ae2b846a4d23a8cd0db897086239492caf350b51f833868b9bc2b3bca9cf4113',
    );
    expect(after[1000]).toBe(
      'aa3b4749d55b9daf1e5b00288826c467274ce3ebbdd5c17b975e09d4af6c67cf10d087202db88286e2b79fceea3ec353ef54faa26e219f38',
    );
  }, 30_000);
});

describe('RFC 7748 §6.2 Diffie-Hellman through the x448 group', () => {
  const alicePrivate = fromHex(
    '9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b',
  );
  const alicePublic =
    '9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0';
  const bobPrivate = fromHex(
    '1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d',
  );
  const bobPublic =
    '3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609';
  const shared =
    '07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d';

  it('derives both public keys and the shared secret from injected private keys', () => {
    const alice = x448Group.start(scriptedRandom(alicePrivate));
    expect(toHex(alice.publicKey)).toBe(alicePublic);
    const bob = x448Group.respond(alice.publicKey, scriptedRandom(bobPrivate));
    expect(toHex(bob.publicKey)).toBe(bobPublic);
    expect(toHex(bob.sharedSecret)).toBe(shared);
    expect(toHex(alice.complete(bob.publicKey))).toBe(shared);
  });

  it('rejects peer keys that give the all-zero output with illegal_parameter', () => {
    // u = 0, u = 1, u = p − 1 (order 2) and the non-canonical encoding of 0 (u = p).
    const p = (1n << 448n) - (1n << 224n) - 1n;
    const le = (x: bigint) => {
      const out = new Uint8Array(56);
      for (let i = 0; i < 56; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
      return out;
    };
    for (const u of [0n, 1n, p - 1n, p]) {
      let error: unknown;
      try {
        x448Shared(alicePrivate, le(u));
      } catch (e) {
        error = e;
      }
      expect(isTlsError(error), u.toString(16)).toBe(true);
      expect((error as { alert: string }).alert).toBe('illegal_parameter');
    }
  });
});
