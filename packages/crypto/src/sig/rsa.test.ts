import {
  constants,
  createPrivateKey,
  generatePrimeSync,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { mgf1, PKCS1_SHA256, PSS } from 'micro-rsa-dsa-dh/rsa.js';
import { describe, expect, it } from 'vitest';
import {
  fixedRandom,
  fromNodeKey,
  loadTestKey,
  newEcKey,
  newRsaKey,
  openssl,
  opensslStatus,
  systemRandomForTests as random,
  withTempDir,
  writeFiles,
} from '../../test/keys.js';
import type { HashName, PublicKey } from '../types.js';
import { i2osp, modInverse, modPow, modPowPublic, os2ip } from './rsa-math.js';
import {
  nobleSign,
  nobleVerify,
  rsaPkcs1Sha256,
  rsaPssPssSha256,
  rsaPssRsaeSha256,
  rsaPssRsaeSha384,
} from './schemes.js';

const message = new TextEncoder().encode('TLS 1.3, server CertificateVerify: strata RSA test');
const rsa2048 = loadTestKey('rsa-2048.test-key.pem');
const rsa4096 = loadTestKey('rsa-4096.test-key.pem');
const hashes: HashName[] = ['sha256', 'sha384', 'sha512'];
const hashLength: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** node/OpenSSL round odd modulus sizes down; build an exactly `bits`-bit key from two primes. */
function rsaKeyOfExactBits(bits: number) {
  const b64u = (x: bigint) =>
    Buffer.from(
      x.toString(16).padStart(2 * Math.ceil(x.toString(16).length / 2), '0'),
      'hex',
    ).toString('base64url');
  for (let i = 0; i < 50; i++) {
    const p = generatePrimeSync(Math.ceil(bits / 2), { bigint: true });
    const q = generatePrimeSync(Math.floor(bits / 2), { bigint: true });
    const n = p * q;
    const e = 65537n;
    const phi = (p - 1n) * (q - 1n);
    const d = modInverse(e, phi);
    if (n.toString(2).length !== bits || d === undefined || p === q) continue;
    const jwk = {
      kty: 'RSA',
      n: b64u(n),
      e: b64u(e),
      d: b64u(d),
      p: b64u(p),
      q: b64u(q),
      dp: b64u(d % (p - 1n)),
      dq: b64u(d % (q - 1n)),
      qi: b64u(modInverse(q, p)!),
    };
    return fromNodeKey(createPrivateKey({ key: jwk, format: 'jwk' }));
  }
  throw new Error(`could not make a ${bits}-bit key`);
}

describe('RSA arithmetic', () => {
  it('modPow (windowed) and modPowPublic agree with a textbook square-and-multiply', () => {
    const textbook = (b: bigint, e: bigint, m: bigint) => {
      let r = 1n;
      b %= m;
      while (e > 0n) {
        if (e & 1n) r = (r * b) % m;
        b = (b * b) % m;
        e >>= 1n;
      }
      return r;
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 1n << 300n }),
        fc.bigInt({ min: 0n, max: 1n << 200n }),
        fc.bigInt({ min: 2n, max: 1n << 256n }),
        (b, e, m) => {
          expect(modPow(b, e, m)).toBe(textbook(b, e, m));
          expect(modPowPublic(b, e, m)).toBe(textbook(b, e, m));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('modInverse inverts or reports no inverse', () => {
    expect(modInverse(3n, 7n)).toBe(5n);
    expect(modInverse(6n, 9n)).toBeUndefined();
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 200n }), (a) => {
        const m = (1n << 127n) - 1n; // prime
        if (a % m === 0n) return;
        expect((a * modInverse(a, m)!) % m).toBe(1n);
      }),
    );
  });

  it('OS2IP and I2OSP round trip; I2OSP refuses integers that do not fit', () => {
    const bytes = new Uint8Array([0, 0, 1, 2, 255]);
    expect(os2ip(bytes)).toBe(0x0102ffn);
    expect([...i2osp(0x0102ffn, 5)!]).toEqual([...bytes]);
    expect(i2osp(256n, 1)).toBeUndefined();
    expect(os2ip(new Uint8Array(0))).toBe(0n);
  });
});

describe('RSA PKCS#1 v1.5 against openssl and node:crypto (deterministic: byte for byte)', () => {
  it.each(hashes)('RSA-2048 %s: ours equals openssl dgst -sign, and verifies', (hash) => {
    const ours = nobleSign({ kind: 'rsa-pkcs1', hash }, rsa2048.privateKey, message, random);
    withTempDir((dir) => {
      const f = writeFiles(dir, { 'key.pem': rsa2048.privatePem, msg: message });
      const theirs = openssl(['dgst', `-${hash}`, '-sign', f['key.pem']!, f.msg!]);
      expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
    });
    expect(nobleVerify({ kind: 'rsa-pkcs1', hash }, rsa2048.publicKey, message, ours)).toBe(true);
  });

  it('RSA-4096 sha256: ours equals node:crypto', () => {
    const ours = rsaPkcs1Sha256.sign(rsa4096.privateKey, message, random);
    expect(Buffer.from(ours).toString('hex')).toBe(
      nodeSign('sha256', message, rsa4096.nodePrivate).toString('hex'),
    );
    expect(rsaPkcs1Sha256.verify(rsa4096.publicKey, message, ours)).toBe(true);
  });

  it('blinding does not change the (deterministic) signature', () => {
    const a = rsaPkcs1Sha256.sign(rsa2048.privateKey, message, fixedRandom(1));
    const b = rsaPkcs1Sha256.sign(rsa2048.privateKey, message, fixedRandom(2));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('RSA-PSS against openssl', () => {
  it.each(hashes)('RSA-2048 %s, salt = hash length: ours verify with openssl', (hash) => {
    const algorithm = { kind: 'rsa-pss', hash, saltLength: hashLength[hash] } as const;
    const ours = nobleSign(algorithm, rsa2048.privateKey, message, random);
    expect(ours.length).toBe(256);
    withTempDir((dir) => {
      const f = writeFiles(dir, { 'pub.pem': rsa2048.publicPem, msg: message, 'sig.bin': ours });
      const args = [
        'dgst',
        `-${hash}`,
        '-sigopt',
        'rsa_padding_mode:pss',
        '-sigopt',
        'rsa_pss_saltlen:digest',
      ];
      expect(
        opensslStatus([...args, '-verify', f['pub.pem']!, '-signature', f['sig.bin']!, f.msg!]),
      ).toBe(0);
      const tampered = ours.slice();
      tampered[100]! ^= 1;
      const g = writeFiles(dir, { 'bad.bin': tampered });
      expect(
        opensslStatus([...args, '-verify', f['pub.pem']!, '-signature', g['bad.bin']!, f.msg!]),
      ).not.toBe(0);
    });
  });

  it.each(hashes)("RSA-2048 %s: openssl's signatures verify with ours", (hash) => {
    const algorithm = { kind: 'rsa-pss', hash, saltLength: hashLength[hash] } as const;
    withTempDir((dir) => {
      const f = writeFiles(dir, { 'key.pem': rsa2048.privatePem, msg: message });
      const theirs = openssl([
        'dgst',
        `-${hash}`,
        '-sigopt',
        'rsa_padding_mode:pss',
        '-sigopt',
        'rsa_pss_saltlen:digest',
        '-sign',
        f['key.pem']!,
        f.msg!,
      ]);
      expect(nobleVerify(algorithm, rsa2048.publicKey, message, theirs)).toBe(true);
      // The salt length is checked exactly: 32 ≠ 33.
      expect(
        nobleVerify(
          { ...algorithm, saltLength: hashLength[hash] + 1 },
          rsa2048.publicKey,
          message,
          theirs,
        ),
      ).toBe(false);
      expect(
        nobleVerify(algorithm, rsa2048.publicKey, new Uint8Array([...message, 1]), theirs),
      ).toBe(false);
    });
  });

  it('RSA-4096 with node:crypto in both directions, and salt length 0', () => {
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING };
    const ours = rsaPssRsaeSha384.sign(rsa4096.privateKey, message, random);
    expect(
      nodeVerify('sha384', message, { key: rsa4096.nodePublic, ...pss, saltLength: 48 }, ours),
    ).toBe(true);
    const theirs = nodeSign('sha384', message, {
      key: rsa4096.nodePrivate,
      ...pss,
      saltLength: 48,
    });
    expect(rsaPssRsaeSha384.verify(rsa4096.publicKey, message, theirs)).toBe(true);
    const unsalted = nobleSign(
      { kind: 'rsa-pss', hash: 'sha256', saltLength: 0 },
      rsa4096.privateKey,
      message,
      random,
    );
    expect(
      nodeVerify('sha256', message, { key: rsa4096.nodePublic, ...pss, saltLength: 0 }, unsalted),
    ).toBe(true);
  });

  it('a modulus whose bit length is 8k + 1 (EM one byte shorter than the signature)', () => {
    // RFC 8017 §8.1.1: emLen = ⌈(modBits − 1)/8⌉ = k − 1 here; the leading octet of EM is implicit.
    const key = rsaKeyOfExactBits(2049);
    const ours = rsaPssRsaeSha256.sign(key.privateKey, message, random);
    expect(ours.length).toBe(257);
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    expect(nodeVerify('sha256', message, { key: key.nodePublic, ...pss }, ours)).toBe(true);
    expect(
      rsaPssRsaeSha256.verify(
        key.publicKey,
        message,
        nodeSign('sha256', message, { key: key.nodePrivate, ...pss }),
      ),
    ).toBe(true);
  });

  it('micro-rsa-dsa-dh (the alternative we measured) agrees with ours both ways', () => {
    if (rsa2048.publicKey.kind !== 'rsa' || rsa2048.privateKey.kind !== 'rsa')
      throw new Error('RSA key');
    const { n, e, d } = rsa2048.privateKey;
    const microPss = PSS(sha256, mgf1(sha256), 32);
    const ours = rsaPssRsaeSha256.sign(rsa2048.privateKey, message, random);
    expect(microPss.verify({ n, e }, message, ours)).toBe(true);
    expect(
      rsaPssRsaeSha256.verify(rsa2048.publicKey, message, microPss.sign({ n, d }, message)),
    ).toBe(true);
    const pkcs1 = rsaPkcs1Sha256.sign(rsa2048.privateKey, message, random);
    expect(Buffer.from(PKCS1_SHA256.sign({ n, d }, message)).equals(Buffer.from(pkcs1))).toBe(true);
  });
});

describe('RSA refusals and bad input', () => {
  const rsa1024 = newRsaKey(1024);

  it('refuses to sign with a key under 2048 bits, with a clear RangeError', () => {
    expect(() => rsaPssRsaeSha256.sign(rsa1024.privateKey, message, random)).toThrow(
      /1024-bit RSA key; at least 2048 bits/,
    );
    expect(() => rsaPkcs1Sha256.sign(rsa1024.privateKey, message, random)).toThrow(RangeError);
  });

  it('verifies 1024-bit signatures (old certificates)', () => {
    const sig = nodeSign('sha256', message, rsa1024.nodePrivate);
    expect(rsaPkcs1Sha256.verify(rsa1024.publicKey, message, sig)).toBe(true);
  });

  it('rejects an inconsistent private key instead of releasing a faulty signature', () => {
    if (rsa2048.privateKey.kind !== 'rsa') throw new Error('RSA key');
    // A fault in the CRT exponent for p: the result would leak q via gcd(s^e − m, n).
    const faulty = { ...rsa2048.privateKey, dp: rsa2048.privateKey.dp + 2n };
    expect(() => rsaPkcs1Sha256.sign(faulty, message, random)).toThrow(/failed its verification/);
    const mismatched = { ...rsa2048.privateKey, q: rsa2048.privateKey.q + 2n };
    expect(() => rsaPkcs1Sha256.sign(mismatched, message, random)).toThrow(TypeError);
  });

  it('truncated, extended, zero, ≥ n and random signatures are false, never an exception', () => {
    const good = rsaPssRsaeSha256.sign(rsa2048.privateKey, message, random);
    const pub = rsa2048.publicKey as Extract<PublicKey, { kind: 'rsa' }>;
    const bad: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['truncated', good.subarray(0, 255)],
      ['leading zero added', new Uint8Array([0, ...good])],
      ['zero', new Uint8Array(256)],
      ['n itself', i2osp(pub.n, 256)!],
      ['all 0xff (≥ n)', new Uint8Array(256).fill(0xff)],
    ];
    for (const [name, sig] of bad) {
      for (const scheme of [rsaPssRsaeSha256, rsaPkcs1Sha256]) {
        expect(() => scheme.verify(pub, message, sig), name).not.toThrow();
        expect(scheme.verify(pub, message, sig), name).toBe(false);
      }
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (sig) => {
        expect(rsaPssRsaeSha256.verify(pub, message, sig)).toBe(false);
        expect(rsaPkcs1Sha256.verify(pub, message, sig)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('PSS and PKCS#1 signatures do not verify under each other', () => {
    const pss = rsaPssRsaeSha256.sign(rsa2048.privateKey, message, random);
    const pkcs1 = rsaPkcs1Sha256.sign(rsa2048.privateKey, message, random);
    expect(rsaPkcs1Sha256.verify(rsa2048.publicKey, message, pss)).toBe(false);
    expect(rsaPssRsaeSha256.verify(rsa2048.publicKey, message, pkcs1)).toBe(false);
    // rsa_pss_pss_* computes the same signature; key type is pki's business.
    expect(rsaPssPssSha256.verify(rsa2048.publicKey, message, pss)).toBe(true);
  });

  it('unusable public keys are false: even modulus, e = 1, even e, huge e on a big modulus', () => {
    const pub = rsa2048.publicKey as Extract<PublicKey, { kind: 'rsa' }>;
    const sig = rsaPkcs1Sha256.sign(rsa2048.privateKey, message, random);
    for (const key of [
      { ...pub, n: pub.n + 1n },
      { ...pub, e: 1n },
      { ...pub, e: 65538n },
      { ...(rsa4096.publicKey as typeof pub), e: (1n << 80n) + 1n },
      { ...pub, n: 0n },
    ]) {
      expect(rsaPkcs1Sha256.verify(key, message, sig)).toBe(false);
    }
  });

  it('wrong key kinds: verify false, sign TypeError', () => {
    const ec = newEcKey('P-256');
    const sig = rsaPkcs1Sha256.sign(rsa2048.privateKey, message, random);
    expect(rsaPkcs1Sha256.verify(ec.publicKey, message, sig)).toBe(false);
    expect(
      nobleVerify({ kind: 'rsa-pss', hash: 'sha256', saltLength: 32 }, ec.publicKey, message, sig),
    ).toBe(false);
    expect(() => rsaPssRsaeSha256.sign(ec.privateKey, message, random)).toThrow(TypeError);
    expect(() =>
      nobleSign({ kind: 'rsa-pkcs1', hash: 'sha256' }, ec.privateKey, message, random),
    ).toThrow(TypeError);
    expect(() =>
      nobleSign({ kind: 'ecdsa', hash: 'sha256' }, rsa2048.privateKey, message, random),
    ).toThrow(TypeError);
  });
});
