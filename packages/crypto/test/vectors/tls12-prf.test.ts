/**
 * The TLS 1.2 PRF (RFC 5246 §5), against the P_SHA256 and P_SHA384 vectors
 * published on the IETF TLS list (secret, "test label", seed), and against an
 * independent P_hash written here on node:crypto's HMAC.
 */
import { createHmac } from 'node:crypto';
import { fromHex, toHex, utf8 } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleHashes } from '../../src/hash/noble-hashes.js';
import { tls12Prf } from '../../src/kdf/tls12-prf.js';

const SHA256_VECTOR = {
  secret: '9bbe436ba940f017b17652849a71db35',
  seed: 'a0ba9f936cda311827a6f796ffd5198c',
  output:
    'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a' +
    '6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab' +
    '4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701' +
    '87347b66',
};

const SHA384_VECTOR = {
  secret: 'b80b733d6ceefcdc71566ea48e5567df',
  seed: 'cd665cf6a8447dd6ff8b27555edb7465',
  output:
    '7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd' +
    'e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd' +
    '8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425' +
    '9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6' +
    '91c8f3a26854308d5eaa3be85e0990703d73e56f',
};

/** P_hash(secret, label + seed) straight from RFC 5246 §5, on node:crypto. */
function nodePrf(
  hash: 'sha256' | 'sha384',
  secret: Uint8Array,
  label: string,
  seed: Uint8Array,
  length: number,
) {
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  let a: Buffer = labelSeed;
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < length) {
    a = createHmac(hash, secret).update(a).digest();
    const block = createHmac(hash, secret)
      .update(Buffer.concat([a, labelSeed]))
      .digest();
    chunks.push(block);
    total += block.length;
  }
  return new Uint8Array(Buffer.concat(chunks).subarray(0, length));
}

describe('TLS 1.2 PRF', () => {
  it('P_SHA256 matches the published 100-byte vector', () => {
    const out = tls12Prf(
      nobleHashes.sha256,
      fromHex(SHA256_VECTOR.secret),
      'test label',
      fromHex(SHA256_VECTOR.seed),
      100,
    );
    expect(toHex(out)).toBe(SHA256_VECTOR.output);
  });

  it('P_SHA384 matches the published 148-byte vector', () => {
    const out = tls12Prf(
      nobleHashes.sha384,
      fromHex(SHA384_VECTOR.secret),
      'test label',
      fromHex(SHA384_VECTOR.seed),
      148,
    );
    expect(toHex(out)).toBe(SHA384_VECTOR.output);
  });

  it('the vectors agree with a P_hash built on node:crypto HMAC', () => {
    expect(
      toHex(
        nodePrf(
          'sha256',
          fromHex(SHA256_VECTOR.secret),
          'test label',
          fromHex(SHA256_VECTOR.seed),
          100,
        ),
      ),
    ).toBe(SHA256_VECTOR.output);
    expect(
      toHex(
        nodePrf(
          'sha384',
          fromHex(SHA384_VECTOR.secret),
          'test label',
          fromHex(SHA384_VECTOR.seed),
          148,
        ),
      ),
    ).toBe(SHA384_VECTOR.output);
  });

  it('agrees with node:crypto for random secrets, labels, seeds and lengths', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sha256' as const, 'sha384' as const),
        fc.uint8Array({ minLength: 0, maxLength: 80 }),
        fc.constantFrom(
          'master secret',
          'extended master secret',
          'key expansion',
          'client finished',
          'server finished',
        ),
        fc.uint8Array({ minLength: 0, maxLength: 96 }),
        fc.integer({ min: 0, max: 200 }),
        (hash, secret, label, seed, length) => {
          const ours = tls12Prf(nobleHashes[hash], secret, label, seed, length);
          expect(toHex(ours)).toBe(toHex(nodePrf(hash, secret, label, seed, length)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a master secret is 48 bytes of PRF output over the randoms', () => {
    const pms = utf8('pre-master secret for this test, any bytes will do');
    const randoms = new Uint8Array(64).fill(7);
    const ms = tls12Prf(nobleHashes.sha256, pms, 'master secret', randoms, 48);
    expect(ms).toHaveLength(48);
    expect(toHex(ms)).toBe(toHex(nodePrf('sha256', pms, 'master secret', randoms, 48)));
  });

  it('refuses a negative or fractional length', () => {
    expect(() =>
      tls12Prf(nobleHashes.sha256, new Uint8Array(16), 'x', new Uint8Array(0), -1),
    ).toThrow(RangeError);
    expect(() =>
      tls12Prf(nobleHashes.sha256, new Uint8Array(16), 'x', new Uint8Array(0), 1.5),
    ).toThrow(RangeError);
  });
});
