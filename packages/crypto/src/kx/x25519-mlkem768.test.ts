import { x25519 } from '@noble/curves/ed25519.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { concatBytes, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { tlsAlert as alertOf } from '../../test/alerts.js';
import { fixedRandom, systemRandomForTests as random, scriptedRandom } from '../../test/keys.js';
import { x25519MlKem768Group as group } from './x25519-mlkem768.js';

describe('X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem, 0x11EC)', () => {
  it('client and server agree on a 64-byte secret; shares are 1216 and 1120 bytes', () => {
    const client = group.start(random);
    expect(client.publicKey.length).toBe(1216);
    const server = group.respond(client.publicKey, random);
    expect(server.publicKey.length).toBe(1120);
    expect(server.sharedSecret.length).toBe(64);
    expect(toHex(client.complete(server.publicKey))).toBe(toHex(server.sharedSecret));
  });

  it('lays out shares and secret ML-KEM first, as the draft specifies (independent composition)', () => {
    const seed = fixedRandom(1)(64);
    const clientX = fixedRandom(2)(32);
    const m = fixedRandom(3)(32);
    const serverX = fixedRandom(4)(32);
    const client = group.start(scriptedRandom(seed, clientX));
    const server = group.respond(client.publicKey, scriptedRandom(m, serverX));

    const kem = ml_kem768.keygen(seed);
    const expectedClientShare = concatBytes(kem.publicKey, x25519.getPublicKey(clientX));
    expect(toHex(client.publicKey)).toBe(toHex(expectedClientShare));
    const enc = ml_kem768.encapsulate(kem.publicKey, m);
    expect(toHex(server.publicKey)).toBe(
      toHex(concatBytes(enc.cipherText, x25519.getPublicKey(serverX))),
    );
    const expectedSecret = concatBytes(
      enc.sharedSecret,
      x25519.getSharedSecret(serverX, x25519.getPublicKey(clientX)),
    );
    expect(toHex(server.sharedSecret)).toBe(toHex(expectedSecret));
    expect(toHex(client.complete(server.publicKey))).toBe(toHex(expectedSecret));
  });

  it('is deterministic under injected randomness', () => {
    const run = () => {
      const client = group.start(fixedRandom(11));
      const server = group.respond(client.publicKey, fixedRandom(12));
      return toHex(
        concatBytes(client.publicKey, server.publicKey, client.complete(server.publicKey)),
      );
    };
    expect(run()).toBe(run());
  });

  it('rejects wrong-length shares on both sides with illegal_parameter', () => {
    const client = group.start(random);
    for (const length of [0, 32, 1184, 1215, 1217, 1120]) {
      expect(alertOf(() => group.respond(new Uint8Array(length), random))).toBe(
        'illegal_parameter/KX_SHARE_LENGTH',
      );
    }
    for (const length of [0, 32, 1088, 1119, 1121, 1216]) {
      expect(alertOf(() => group.start(random).complete(new Uint8Array(length)))).toBe(
        'illegal_parameter/KX_SHARE_LENGTH',
      );
    }
    expect(client.publicKey.length).toBe(1216);
  });

  it('rejects an encapsulation key that fails the FIPS 203 modulus check', () => {
    const share = group.start(random).publicKey.slice();
    share.fill(0xff, 0, 384); // coefficients of 0xfff ≥ q = 3329
    expect(alertOf(() => group.respond(share, random))).toBe(
      'illegal_parameter/KX_INVALID_KEM_KEY',
    );
  });

  it('rejects a low-order X25519 part on both sides', () => {
    const clientShare = group.start(random).publicKey.slice();
    clientShare.fill(0, 1184);
    expect(alertOf(() => group.respond(clientShare, random))).toBe(
      'illegal_parameter/KX_LOW_ORDER',
    );
    const client = group.start(random);
    const serverShare = group.respond(client.publicKey, random).publicKey.slice();
    serverShare.fill(0, 1088);
    expect(alertOf(() => client.complete(serverShare))).toBe('illegal_parameter/KX_LOW_ORDER');
  });

  it('a tampered ciphertext gives a different secret (implicit rejection), not an error', () => {
    const client = group.start(random);
    const server = group.respond(client.publicKey, random);
    const tampered = server.publicKey.slice();
    tampered[10]! ^= 1;
    const secret = client.complete(tampered);
    expect(toHex(secret.subarray(0, 32))).not.toBe(toHex(server.sharedSecret.subarray(0, 32)));
    expect(toHex(secret.subarray(32))).toBe(toHex(server.sharedSecret.subarray(32)));
  });

  it('is single-use', () => {
    const client = group.start(random);
    const server = group.respond(client.publicKey, random);
    client.complete(server.publicKey);
    expect(() => client.complete(server.publicKey)).toThrow(TypeError);
  });
});
