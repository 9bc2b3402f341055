import {
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { fromHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  derSignature,
  newEcKey,
  newEd25519Key,
  openssl,
  opensslStatus,
  systemRandomForTests as random,
  withTempDir,
  writeFiles,
} from '../../test/keys.js';
import type { EcCurve, HashName } from '../types.js';
import {
  ecdsaSecp256r1Sha256,
  ecdsaSecp384r1Sha384,
  ecdsaSecp521r1Sha512,
  nobleSign,
  nobleVerify,
} from './schemes.js';

const message = new TextEncoder().encode('TLS 1.3, server CertificateVerify: strata test');
const order: Record<EcCurve, bigint> = {
  'P-256': p256.Point.Fn.ORDER,
  'P-384': p384.Point.Fn.ORDER,
  'P-521': p521.Point.Fn.ORDER,
};

/** Reads DER ECDSA-Sig-Value (test-side, trusted input). */
function parseDer(sig: Uint8Array): { r: bigint; s: bigint } {
  let i = sig[1]! & 0x80 ? 3 : 2;
  const read = () => {
    const len = sig[i + 1]!;
    const value = BigInt(`0x${Buffer.from(sig.subarray(i + 2, i + 2 + len)).toString('hex')}`);
    i += 2 + len;
    return value;
  };
  const r = read();
  return { r, s: read() };
}

const cases: [EcCurve, HashName][] = [
  ['P-256', 'sha256'],
  ['P-384', 'sha384'],
  ['P-384', 'sha256'], // X.509 ecdsa-with-SHA256 on a P-384 key
  ['P-256', 'sha512'], // digest longer than the order: truncated
  ['P-521', 'sha512'], // ecdsa_secp521r1_sha512: 512-bit digest, shorter than the order
  ['P-521', 'sha256'], // X.509 ecdsa-with-SHA256 on a P-521 key
];

describe.each(cases)('ECDSA %s with %s against the openssl CLI', (curve, hash) => {
  const key = newEcKey(curve);
  const algorithm = { kind: 'ecdsa', hash } as const;

  it('ours (DER, low S) verify with openssl dgst -verify', () => {
    const sig = nobleSign(algorithm, key.privateKey, message, random);
    expect(parseDer(sig).s <= order[curve] / 2n).toBe(true);
    expect(nobleVerify(algorithm, key.publicKey, message, sig)).toBe(true);
    withTempDir((dir) => {
      const f = writeFiles(dir, { 'pub.pem': key.publicPem, msg: message, 'sig.der': sig });
      const verify = (sigPath: string) =>
        opensslStatus([
          'dgst',
          `-${hash}`,
          '-verify',
          f['pub.pem']!,
          '-signature',
          sigPath,
          f['msg']!,
        ]);
      expect(verify(f['sig.der']!)).toBe(0);
      // Our high-S twin of the same signature: OpenSSL accepts it too, and so do we.
      const { r, s } = parseDer(sig);
      const high = derSignature(r, order[curve] - s);
      const g = writeFiles(dir, { 'high.der': high });
      expect(verify(g['high.der']!)).toBe(0);
      expect(nobleVerify(algorithm, key.publicKey, message, high)).toBe(true);
      // A wrong signature fails for both.
      const wrong = derSignature(r, s === 1n ? 2n : s - 1n);
      const h = writeFiles(dir, { 'wrong.der': wrong });
      expect(verify(h['wrong.der']!)).not.toBe(0);
      expect(nobleVerify(algorithm, key.publicKey, message, wrong)).toBe(false);
    });
  });

  it("openssl's signatures, and their high/low-S twins, verify with ours", () => {
    withTempDir((dir) => {
      const f = writeFiles(dir, { 'key.pem': key.privatePem, msg: message });
      for (let i = 0; i < 8; i++) {
        const sig = openssl(['dgst', `-${hash}`, '-sign', f['key.pem']!, f['msg']!]);
        expect(nobleVerify(algorithm, key.publicKey, message, sig)).toBe(true);
        const { r, s } = parseDer(sig);
        expect(
          nobleVerify(algorithm, key.publicKey, message, derSignature(r, order[curve] - s)),
        ).toBe(true);
      }
    });
  });
});

describe('ECDSA malformed and mismatched input', () => {
  const key = newEcKey('P-256');
  const algorithm = { kind: 'ecdsa', hash: 'sha256' } as const;
  const good = nobleSign(algorithm, key.privateKey, message, random);
  const { r, s } = parseDer(good);

  it('rejects malformed DER cleanly (false, no exception)', () => {
    const bad: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['truncated by one byte', good.subarray(0, good.length - 1)],
      ['truncated to the header', good.subarray(0, 2)],
      ['trailing byte', new Uint8Array([...good, 0])],
      ['outer length too long', new Uint8Array([0x30, good[1]! + 1, ...good.subarray(2)])],
      ['wrong outer tag', new Uint8Array([0x31, ...good.subarray(1)])],
      ['compact r ‖ s instead of DER', p256.Signature.fromBytes(good, 'der').toBytes('compact')],
      ['r = 0', derSignature(0n, s)],
      ['s = 0', derSignature(r, 0n)],
      ['s = n', derSignature(r, order['P-256'])],
      ['r = n + r', derSignature(order['P-256'] + r, s)],
      ['negative r', fromHex(`3006020180020101`)],
      [
        'non-minimal r (extra leading zero)',
        (() => {
          const inner = [0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01];
          return new Uint8Array([0x30, inner.length, ...inner]);
        })(),
      ],
    ];
    for (const [name, sig] of bad) {
      expect(() => nobleVerify(algorithm, key.publicKey, message, sig), name).not.toThrow();
      expect(nobleVerify(algorithm, key.publicKey, message, sig), name).toBe(false);
      expect(ecdsaSecp256r1Sha256.verify(key.publicKey, message, sig), name).toBe(false);
    }
  });

  it('never throws on random bytes or on mutations of a valid signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (sig) => {
        expect(nobleVerify(algorithm, key.publicKey, message, sig)).toBe(false);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const sig = good.slice();
        sig[index]! ^= flip;
        expect(nobleVerify(algorithm, key.publicKey, message, sig)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects keys that are not uncompressed points on the curve', () => {
    const compressed = p256.Point.fromBytes(
      key.publicKey.kind === 'ec' ? key.publicKey.point : new Uint8Array(),
    ).toBytes(true);
    expect(
      nobleVerify(algorithm, { kind: 'ec', curve: 'P-256', point: compressed }, message, good),
    ).toBe(false);
    const off = (key.publicKey as { point: Uint8Array }).point.slice();
    off[64]! ^= 1;
    expect(nobleVerify(algorithm, { kind: 'ec', curve: 'P-256', point: off }, message, good)).toBe(
      false,
    );
    // The right point labelled with the wrong curve.
    expect(
      nobleVerify(
        algorithm,
        { ...(key.publicKey as { point: Uint8Array }), kind: 'ec', curve: 'P-384' },
        message,
        good,
      ),
    ).toBe(false);
  });

  it('wrong key kinds: verify is false, sign throws TypeError', () => {
    const ed = newEd25519Key();
    expect(nobleVerify(algorithm, ed.publicKey, message, good)).toBe(false);
    expect(ecdsaSecp256r1Sha256.verify(ed.publicKey, message, good)).toBe(false);
    expect(() => nobleSign(algorithm, ed.privateKey, message, random)).toThrow(TypeError);
    expect(() => ecdsaSecp256r1Sha256.sign(ed.privateKey, message, random)).toThrow(TypeError);
    // A P-384 key with the P-256 scheme: a caller mistake.
    expect(() => ecdsaSecp256r1Sha256.sign(newEcKey('P-384').privateKey, message, random)).toThrow(
      TypeError,
    );
    expect(() => ecdsaSecp384r1Sha384.sign(key.privateKey, message, random)).toThrow(TypeError);
  });

  it('hedges the nonce with the injected random (different random → different signature)', () => {
    const a = nobleSign(algorithm, key.privateKey, message, () => new Uint8Array(32).fill(1));
    const b = nobleSign(algorithm, key.privateKey, message, () => new Uint8Array(32).fill(2));
    const a2 = nobleSign(algorithm, key.privateKey, message, () => new Uint8Array(32).fill(1));
    expect(Buffer.from(a).equals(Buffer.from(a2))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('ecdsa_secp521r1_sha512 against node:crypto', () => {
  it('signs with node keys (PKCS#8/SPKI) that node verifies, and verifies node signatures', () => {
    for (let i = 0; i < 4; i++) {
      const key = newEcKey('P-521');
      const nodePrivate = createPrivateKey(key.privatePem);
      const nodePublic = createPublicKey(key.publicPem);
      expect(nodePrivate.asymmetricKeyDetails?.namedCurve).toBe('secp521r1');
      const ours = ecdsaSecp521r1Sha512.sign(key.privateKey, message, random);
      expect(ours.length).toBeLessThanOrEqual(139);
      expect(parseDer(ours).s <= order['P-521'] / 2n).toBe(true);
      expect(nodeVerify('sha512', message, nodePublic, ours)).toBe(true);
      expect(nodeVerify('sha512', new Uint8Array([...message, 0]), nodePublic, ours)).toBe(false);
      const theirs = new Uint8Array(nodeSign('sha512', message, nodePrivate));
      expect(ecdsaSecp521r1Sha512.verify(key.publicKey, message, theirs)).toBe(true);
      expect(ecdsaSecp521r1Sha512.verify(key.publicKey, message.subarray(1), theirs)).toBe(false);
      // A signature by another P-521 key does not verify.
      expect(ecdsaSecp521r1Sha512.verify(newEcKey('P-521').publicKey, message, theirs)).toBe(false);
    }
  });

  it('binds the curve: P-256/P-384 keys are refused by the P-521 scheme and vice versa', () => {
    const k521 = newEcKey('P-521');
    const k384 = newEcKey('P-384');
    const sig = ecdsaSecp521r1Sha512.sign(k521.privateKey, message, random);
    expect(ecdsaSecp384r1Sha384.verify(k521.publicKey, message, sig)).toBe(false);
    expect(ecdsaSecp521r1Sha512.verify(k384.publicKey, message, sig)).toBe(false);
    expect(() => ecdsaSecp521r1Sha512.sign(k384.privateKey, message, random)).toThrow(TypeError);
    expect(() => ecdsaSecp384r1Sha384.sign(k521.privateKey, message, random)).toThrow(TypeError);
    // A 66-byte scalar is required; a 65-byte one is a caller mistake.
    const k = k521.privateKey as { kind: 'ec'; curve: EcCurve; d: Uint8Array };
    const short = { kind: 'ec', curve: 'P-521', d: k.d.subarray(1) } as const;
    expect(() => ecdsaSecp521r1Sha512.sign(short, message, random)).toThrow(TypeError);
  });

  it('never throws on mutations of a P-521 signature (long-form DER length)', () => {
    const key = newEcKey('P-521');
    const good = ecdsaSecp521r1Sha512.sign(key.privateKey, message, random);
    expect(good[1]).toBe(0x81);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const sig = good.slice();
        sig[index]! ^= flip;
        expect(ecdsaSecp521r1Sha512.verify(key.publicKey, message, sig)).toBe(false);
      }),
      { numRuns: 100 },
    );
    expect(
      ecdsaSecp521r1Sha512.verify(key.publicKey, message, good.subarray(0, good.length - 1)),
    ).toBe(false);
    expect(ecdsaSecp521r1Sha512.verify(key.publicKey, message, new Uint8Array([...good, 0]))).toBe(
      false,
    );
  });
});
