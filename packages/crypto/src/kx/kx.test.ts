import { createECDH, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { toHex } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tlsAlert } from '../../test/alerts.js';
import { fixedRandom, systemRandomForTests as random } from '../../test/keys.js';
import type { KeyExchangeGroup } from '../types.js';
import {
  nobleGroups,
  secp256r1Group,
  secp384r1Group,
  secp521r1Group,
  x448Group,
  x25519Group,
} from './groups.js';
import { ecPrivateKeyFromRandom, nistCurves } from './nist.js';

const shareLength: Record<string, number> = {
  x25519: 32,
  secp256r1: 65,
  secp384r1: 97,
  x448: 56,
  secp521r1: 133,
};
const secretLength: Record<string, number> = {
  x25519: 32,
  secp256r1: 32,
  secp384r1: 48,
  x448: 56,
  secp521r1: 66,
};

describe('nobleGroups', () => {
  it("lists the groups in OpenSSL 3.0's default order, the hybrid third, with code points and OpenSSL names", () => {
    expect(nobleGroups.map((g) => [g.name, g.code, g.opensslName])).toEqual([
      ['x25519', 0x001d, 'X25519'],
      ['secp256r1', 0x0017, 'P-256'],
      ['X25519MLKEM768', 0x11ec, 'X25519MLKEM768'],
      ['x448', 0x001e, 'X448'],
      ['secp521r1', 0x0019, 'P-521'],
      ['secp384r1', 0x0018, 'P-384'],
      ['ffdhe2048', 0x0100, 'ffdhe2048'],
      ['ffdhe3072', 0x0101, 'ffdhe3072'],
      ['ffdhe4096', 0x0102, 'ffdhe4096'],
      ['ffdhe6144', 0x0103, 'ffdhe6144'],
      ['ffdhe8192', 0x0104, 'ffdhe8192'],
    ]);
  });
});

describe.each([x25519Group, secp256r1Group, secp384r1Group, x448Group, secp521r1Group])(
  '$name',
  (group: KeyExchangeGroup) => {
    const length = shareLength[group.name]!;

    it('client and server agree (start → respond → complete)', () => {
      const client = group.start(random);
      expect(client.publicKey.length).toBe(length);
      const server = group.respond(client.publicKey, random);
      expect(server.publicKey.length).toBe(length);
      expect(toHex(client.complete(server.publicKey))).toBe(toHex(server.sharedSecret));
      expect(server.sharedSecret.length).toBe(secretLength[group.name]);
    });

    it('is single-use: a second complete() throws', () => {
      const client = group.start(random);
      const server = group.respond(client.publicKey, random);
      client.complete(server.publicKey);
      expect(() => client.complete(server.publicKey)).toThrow(TypeError);
    });

    it('draws its private key from the injected random: same random, same share', () => {
      expect(toHex(group.start(fixedRandom(7)).publicKey)).toBe(
        toHex(group.start(fixedRandom(7)).publicKey),
      );
      expect(toHex(group.start(fixedRandom(7)).publicKey)).not.toBe(
        toHex(group.start(fixedRandom(8)).publicKey),
      );
    });

    it('rejects shares of every wrong length with illegal_parameter', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 200 }).filter((b) => b.length !== length),
          (share) => {
            expect(tlsAlert(() => group.start(random).complete(share))).toBe(
              'illegal_parameter/KX_SHARE_LENGTH',
            );
            expect(tlsAlert(() => group.respond(share, random))).toBe(
              'illegal_parameter/KX_SHARE_LENGTH',
            );
          },
        ),
        { numRuns: 50 },
      );
    });
  },
);

describe('x25519 against node:crypto', () => {
  it('agrees with node in both directions', () => {
    const nodeKey = generateKeyPairSync('x25519');
    const nodePublic = new Uint8Array(
      Buffer.from(nodeKey.publicKey.export({ format: 'jwk' }).x!, 'base64url'),
    );
    const ours = x25519Group.respond(nodePublic, random);
    const ourPublic = createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(ours.publicKey).toString('base64url') },
      format: 'jwk',
    });
    const nodeShared = diffieHellman({ privateKey: nodeKey.privateKey, publicKey: ourPublic });
    expect(toHex(ours.sharedSecret)).toBe(nodeShared.toString('hex'));
  });
});

describe.each([
  [secp256r1Group, 'prime256v1', 32],
  [secp384r1Group, 'secp384r1', 48],
  [secp521r1Group, 'secp521r1', 66],
] as const)('%s against node:crypto ECDH', (group, nodeCurve, size) => {
  it('agrees with node: uncompressed shares, x-coordinate secret', () => {
    const node = createECDH(nodeCurve);
    node.generateKeys();
    const client = group.start(random);
    expect(client.publicKey[0]).toBe(0x04);
    const nodeShared = node.computeSecret(client.publicKey);
    const ours = client.complete(new Uint8Array(node.getPublicKey(undefined, 'uncompressed')));
    expect(ours.length).toBe(size);
    expect(toHex(ours)).toBe(nodeShared.toString('hex'));
  });

  it('rejects the compressed form of a valid point', () => {
    const node = createECDH(nodeCurve);
    node.generateKeys();
    const compressed = new Uint8Array(node.getPublicKey(undefined, 'compressed'));
    // Padded to the uncompressed length so only the form is wrong.
    const padded = new Uint8Array(1 + 2 * size);
    padded.set(compressed);
    expect(tlsAlert(() => group.start(random).complete(compressed))).toBe(
      'illegal_parameter/KX_SHARE_LENGTH',
    );
    expect(tlsAlert(() => group.start(random).complete(padded))).toBe(
      'illegal_parameter/KX_POINT_FORM',
    );
  });

  it('rejects a point not on the curve, the all-zero "point" and coordinates ≥ p', () => {
    const share = group.start(random).publicKey.slice();
    share[share.length - 1]! ^= 0x01; // y changed: off the curve
    expect(tlsAlert(() => group.start(random).complete(share))).toBe(
      'illegal_parameter/KX_INVALID_POINT',
    );
    const zero = new Uint8Array(1 + 2 * size);
    zero[0] = 0x04;
    expect(tlsAlert(() => group.respond(zero, random))).toBe('illegal_parameter/KX_INVALID_POINT');
    const ones = new Uint8Array(1 + 2 * size).fill(0xff);
    ones[0] = 0x04;
    expect(tlsAlert(() => group.respond(ones, random))).toBe('illegal_parameter/KX_INVALID_POINT');
    // The point at infinity's SEC 1 encoding is the single byte 0x00.
    expect(tlsAlert(() => group.respond(new Uint8Array([0]), random))).toBe(
      'illegal_parameter/KX_SHARE_LENGTH',
    );
  });
});

describe('x448 against node:crypto', () => {
  const raw = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
    new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url'));
  const nodePublic = (share: Uint8Array) =>
    createPublicKey({
      key: { kty: 'OKP', crv: 'X448', x: Buffer.from(share).toString('base64url') },
      format: 'jwk',
    });

  it('agrees with node as responder: node initiates, Strata responds', () => {
    const node = generateKeyPairSync('x448');
    const ours = x448Group.respond(raw(node.publicKey), random);
    const nodeShared = diffieHellman({
      privateKey: node.privateKey,
      publicKey: nodePublic(ours.publicKey),
    });
    expect(toHex(ours.sharedSecret)).toBe(nodeShared.toString('hex'));
  });

  it('agrees with node as initiator: Strata starts, node responds', () => {
    const client = x448Group.start(random);
    const node = generateKeyPairSync('x448');
    const nodeShared = diffieHellman({
      privateKey: node.privateKey,
      publicKey: nodePublic(client.publicKey),
    });
    expect(toHex(client.complete(raw(node.publicKey)))).toBe(nodeShared.toString('hex'));
  });
});

describe('secp521r1 shared secrets keep their leading zero bytes', () => {
  it('pads the x-coordinate to 66 bytes (its top byte is 0 or 1)', () => {
    // The field is 521 bits, so the first byte of X is at most 0x01: 66 bytes
    // always, never a stripped 65.
    for (let i = 0; i < 5; i++) {
      const node = createECDH('secp521r1');
      node.generateKeys();
      const client = secp521r1Group.start(random);
      const ours = client.complete(new Uint8Array(node.getPublicKey(undefined, 'uncompressed')));
      expect(ours.length).toBe(66);
      expect(ours[0]!).toBeLessThanOrEqual(1);
      expect(toHex(ours)).toBe(
        node.computeSecret(client.publicKey).toString('hex').padStart(132, '0'),
      );
    }
  });
});

describe('NIST private keys from random bytes', () => {
  it('are d = (c mod (n − 1)) + 1 over 48 (P-256) or 72 (P-384) random bytes', () => {
    for (const curve of ['P-256', 'P-384'] as const) {
      const info = nistCurves[curve];
      const bytes = fixedRandom(3)(info.seedLength);
      const n = info.noble.Point.Fn.ORDER;
      const c = BigInt(`0x${toHex(bytes)}`);
      const d = ecPrivateKeyFromRandom(info, fixedRandom(3));
      expect(BigInt(`0x${toHex(d)}`)).toBe((c % (n - 1n)) + 1n);
      // And node agrees that this scalar's public key is the share we send.
      const share = (curve === 'P-256' ? secp256r1Group : secp384r1Group).start(
        fixedRandom(3),
      ).publicKey;
      const ecdh = createECDH(curve === 'P-256' ? 'prime256v1' : 'secp384r1');
      ecdh.setPrivateKey(d);
      expect(toHex(share)).toBe(ecdh.getPublicKey('hex', 'uncompressed'));
    }
  });

  it('never gives zero: the all-zero and all-0xff draws still make valid keys', () => {
    for (const fill of [0x00, 0xff]) {
      const kx = secp256r1Group.start((n) => new Uint8Array(n).fill(fill));
      expect(kx.publicKey.length).toBe(65);
    }
  });
});
