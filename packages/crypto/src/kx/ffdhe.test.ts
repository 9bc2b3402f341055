/**
 * RFC 7919 finite-field groups in TLS 1.3 (RFC 8446 §4.2.8.1, §7.4.1):
 * shares and secrets left-padded to the prime's length, peer Y checked
 * (1 < Y < p − 1), cross-checked both ways against node:crypto's
 * createDiffieHellman over the primes OpenSSL itself knows by name.
 */
import { execFileSync } from 'node:child_process';
import { createDiffieHellman, type DiffieHellman } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { tlsAlert } from '../../test/alerts.js';
import { fixedRandom, systemRandomForTests as random, scriptedRandom } from '../../test/keys.js';
import type { KeyExchangeGroup } from '../types.js';
import {
  ffdhe2048Group,
  ffdhe3072Group,
  ffdhe4096Group,
  ffdhe6144Group,
  ffdhe8192Group,
  ffdheExponentBits,
  ffdhePrimeHex,
} from './ffdhe.js';

const all = [ffdhe2048Group, ffdhe3072Group, ffdhe4096Group, ffdhe6144Group, ffdhe8192Group];
const bits: Record<string, number> = {
  ffdhe2048: 2048,
  ffdhe3072: 3072,
  ffdhe4096: 4096,
  ffdhe6144: 6144,
  ffdhe8192: 8192,
};

/** The prime OpenSSL uses for a named group: `genpkey -genparam group:…`, read from the DER. */
function opensslPrime(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ffdhe-'));
  try {
    const file = join(dir, 'params.pem');
    execFileSync('openssl', [
      'genpkey',
      '-genparam',
      '-algorithm',
      'DH',
      '-pkeyopt',
      `group:${name}`,
      '-out',
      file,
    ]);
    const parsed = execFileSync('openssl', ['asn1parse', '-in', file], { encoding: 'utf8' });
    const match = /INTEGER\s+:([0-9A-F]+)/.exec(parsed);
    if (!match) throw new Error(`no prime in ${parsed}`);
    return match[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (bytes: Buffer, size: number) => bytes.toString('hex').padStart(2 * size, '0');
const bigOf = (bytes: Uint8Array) => BigInt(`0x${toHex(bytes) || '0'}`);
const be = (x: bigint, size: number) =>
  new Uint8Array(Buffer.from(x.toString(16).padStart(2 * size, '0'), 'hex'));

function nodeDh(group: KeyExchangeGroup): DiffieHellman {
  const dh = createDiffieHellman(Buffer.from(ffdhePrimeHex[group.name]!, 'hex'), 2);
  dh.generateKeys();
  return dh;
}

describe('RFC 7919 primes', () => {
  it.each(all.map((g) => [g.name, g] as const))('%s: p is the prime OpenSSL 3 uses', (name) => {
    const hex = ffdhePrimeHex[name]!;
    expect(hex.length * 4).toBe(bits[name]);
    expect(hex).toBe(opensslPrime(name));
  });

  it('code points 0x0100–0x0104 and the RFC 7919 short-exponent lengths', () => {
    expect(all.map((g) => [g.code, g.opensslName, ffdheExponentBits[g.name]])).toEqual([
      [0x0100, 'ffdhe2048', 225],
      [0x0101, 'ffdhe3072', 275],
      [0x0102, 'ffdhe4096', 325],
      [0x0103, 'ffdhe6144', 375],
      [0x0104, 'ffdhe8192', 400],
    ]);
  });
});

describe.each(all.map((g) => [g.name, g] as const))('%s', (name, group) => {
  const size = bits[name]! / 8;
  const p = BigInt(`0x${ffdhePrimeHex[name]}`);

  it('client and server agree; shares and secret are p-sized', () => {
    const client = group.start(random);
    expect(client.publicKey.length).toBe(size);
    const server = group.respond(client.publicKey, random);
    expect(server.publicKey.length).toBe(size);
    expect(server.sharedSecret.length).toBe(size);
    expect(toHex(client.complete(server.publicKey))).toBe(toHex(server.sharedSecret));
  });

  it('agrees with node:crypto both ways (Strata initiates; node initiates)', () => {
    const node = nodeDh(group);
    const nodeShare = be(bigOf(node.getPublicKey()), size);
    const client = group.start(random);
    const nodeSecret = node.computeSecret(client.publicKey);
    expect(toHex(client.complete(nodeShare))).toBe(pad(nodeSecret, size));

    const node2 = nodeDh(group);
    const server = group.respond(be(bigOf(node2.getPublicKey()), size), random);
    expect(toHex(server.sharedSecret)).toBe(pad(node2.computeSecret(server.publicKey), size));
  });

  it('draws an exponent of exactly the RFC 7919 length from the injected random', () => {
    const exponentBits = ffdheExponentBits[name]!;
    const drawn = fixedRandom(5)(Math.ceil(exponentBits / 8));
    const kx = group.start(scriptedRandom(drawn));
    const mask = (1n << BigInt(exponentBits)) - 1n;
    const x = (bigOf(drawn) & mask) | (1n << BigInt(exponentBits - 1));
    // node computes 2^x mod p from the same exponent.
    const dh = createDiffieHellman(Buffer.from(ffdhePrimeHex[name]!, 'hex'), 2);
    dh.setPrivateKey(
      Buffer.from(x.toString(16).padStart(2 * Math.ceil(exponentBits / 8), '0'), 'hex'),
    );
    dh.generateKeys();
    expect(toHex(kx.publicKey)).toBe(pad(dh.getPublicKey(), size));
  });

  it('refuses Y outside 1 < Y < p − 1 with illegal_parameter, in both roles', () => {
    for (const y of [0n, 1n, p - 1n, p, p + 1n, (1n << BigInt(8 * size)) - 1n]) {
      const share = be(y, size);
      expect(
        tlsAlert(() => group.respond(share, random)),
        y.toString(16),
      ).toBe('illegal_parameter/KX_INVALID_PUBLIC');
      expect(tlsAlert(() => group.start(random).complete(share))).toBe(
        'illegal_parameter/KX_INVALID_PUBLIC',
      );
    }
    // The extremes that are allowed.
    for (const y of [2n, p - 2n]) {
      expect(group.respond(be(y, size), random).sharedSecret.length).toBe(size);
    }
  });

  it('refuses a share that is not exactly p-sized (unpadded, or one byte too many)', () => {
    const share = group.start(random).publicKey;
    for (const wrong of [share.subarray(1), new Uint8Array([0, ...share]), new Uint8Array(0)]) {
      expect(tlsAlert(() => group.respond(wrong, random))).toBe(
        'illegal_parameter/KX_SHARE_LENGTH',
      );
      expect(tlsAlert(() => group.start(random).complete(wrong))).toBe(
        'illegal_parameter/KX_SHARE_LENGTH',
      );
    }
  });

  it('is single-use', () => {
    const client = group.start(random);
    const server = group.respond(client.publicKey, random);
    client.complete(server.publicKey);
    expect(() => client.complete(server.publicKey)).toThrow(TypeError);
  });
});

describe('left padding (RFC 8446 §4.2.8.1 and §7.4.1)', () => {
  it.each([ffdhe2048Group, ffdhe3072Group].map((g) => [g.name, g] as const))(
    '%s: a shared secret with a leading zero byte keeps it, and node agrees',
    (name, group) => {
      const size = bits[name]! / 8;
      const client = group.start(fixedRandom(21));
      // Search node key pairs (bounded) for one whose secret with our share starts with 0x00.
      let found: { share: Uint8Array; secret: string } | undefined;
      for (let i = 0; i < 4000 && !found; i++) {
        const node = nodeDh(group);
        const secret = pad(node.computeSecret(client.publicKey), size);
        if (secret.startsWith('00')) {
          found = { share: be(bigOf(node.getPublicKey()), size), secret };
        }
      }
      expect(found).toBeDefined();
      const ours = client.complete(found!.share);
      expect(ours.length).toBe(size);
      expect(ours[0]).toBe(0);
      expect(toHex(ours)).toBe(found!.secret);
    },
    60_000,
  );

  it('ffdhe2048: a public key with a leading zero byte is sent 256 bytes long', () => {
    let kx: ReturnType<typeof ffdhe2048Group.start> | undefined;
    for (let seed = 1; seed < 4000 && !kx; seed++) {
      const candidate = ffdhe2048Group.start(fixedRandom(seed));
      if (candidate.publicKey[0] === 0) kx = candidate;
    }
    expect(kx?.publicKey.length).toBe(256);
    // node reads it as the same number and agrees on the secret.
    const node = nodeDh(ffdhe2048Group);
    const nodeSecret = pad(node.computeSecret(kx!.publicKey), 256);
    expect(toHex(kx!.complete(be(bigOf(node.getPublicKey()), 256)))).toBe(nodeSecret);
  }, 60_000);
});
