/**
 * FIPS 180-4 examples (NIST "Example Algorithms": "abc", the two-block
 * messages, one million 'a') for SHA-256/384/512, RFC 4231 test case 2 for
 * HMAC, and the incremental/clone behaviour transcript hashes rely on.
 */
import { createHash } from 'node:crypto';
import { toHex, utf8 } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleHashes } from '../../src/hash/noble-hashes.js';
import type { HashName } from '../../src/types.js';

const ABC = utf8('abc');
const TWO_BLOCK_256 = utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
const TWO_BLOCK_512 = utf8(
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
);

describe('FIPS 180-4 examples', () => {
  it('SHA-256', () => {
    const { sha256 } = nobleHashes;
    expect(toHex(sha256.digest(ABC))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256.digest(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(sha256.digest(TWO_BLOCK_256))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('SHA-256 of one million "a", fed incrementally', () => {
    const state = nobleHashes.sha256.create();
    const chunk = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 1000; i++) state.update(chunk);
    expect(toHex(state.digest())).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('SHA-384', () => {
    const { sha384 } = nobleHashes;
    expect(toHex(sha384.digest(ABC))).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(toHex(sha384.digest(TWO_BLOCK_512))).toBe(
      '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039',
    );
  });

  it('SHA-512', () => {
    const { sha512 } = nobleHashes;
    expect(toHex(sha512.digest(ABC))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
        '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(toHex(sha512.digest(TWO_BLOCK_512))).toBe(
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018' +
        '501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    );
  });

  it('sizes: output and block lengths', () => {
    expect([nobleHashes.sha256.outputLength, nobleHashes.sha256.blockLength]).toEqual([32, 64]);
    expect([nobleHashes.sha384.outputLength, nobleHashes.sha384.blockLength]).toEqual([48, 128]);
    expect([nobleHashes.sha512.outputLength, nobleHashes.sha512.blockLength]).toEqual([64, 128]);
  });
});

describe('RFC 4231 test case 2 (HMAC, key "Jefe")', () => {
  const key = utf8('Jefe');
  const data = utf8('what do ya want for nothing?');
  it('HMAC-SHA-256/384/512', () => {
    expect(toHex(nobleHashes.sha256.hmac(key, data))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(toHex(nobleHashes.sha384.hmac(key, data))).toBe(
      'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
    );
    expect(toHex(nobleHashes.sha512.hmac(key, data))).toBe(
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554' +
        '9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    );
  });
});

describe('incremental state and clone()', () => {
  const names: HashName[] = ['sha256', 'sha384', 'sha512'];

  it('a clone continues independently of its original (transcript forks)', () => {
    for (const name of names) {
      const hash = nobleHashes[name];
      const transcript = hash.create().update(utf8('ClientHello'));
      const fork = transcript.clone();
      transcript.update(utf8('ServerHello'));
      fork.update(utf8('HelloRetryRequest'));
      expect(toHex(fork.digest())).toBe(toHex(hash.digest(utf8('ClientHelloHelloRetryRequest'))));
      // the original was not disturbed by the fork
      const atServerHello = transcript.clone();
      expect(toHex(atServerHello.digest())).toBe(
        toHex(hash.digest(utf8('ClientHelloServerHello'))),
      );
      transcript.update(utf8('Finished'));
      expect(toHex(transcript.digest())).toBe(
        toHex(hash.digest(utf8('ClientHelloServerHelloFinished'))),
      );
    }
  });

  it('update returns the state itself, for chaining', () => {
    const state = nobleHashes.sha256.create();
    expect(state.update(ABC)).toBe(state);
  });

  it('any split of a message into updates gives the one-shot digest, equal to node:crypto', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat({ max: 600 }), { maxLength: 6 }),
        (name, data, cuts) => {
          const hash = nobleHashes[name];
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          const state = hash.create();
          let from = 0;
          for (const p of points) {
            state.update(data.subarray(from, p));
            from = p;
          }
          state.update(data.subarray(from));
          const expected = createHash(name).update(data).digest('hex');
          expect(toHex(state.clone().digest())).toBe(expected);
          expect(toHex(state.digest())).toBe(expected);
          expect(toHex(hash.digest(data))).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
