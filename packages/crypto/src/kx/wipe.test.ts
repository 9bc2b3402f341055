/**
 * A KeyExchange wipes its ephemeral private key when complete() has run
 * (RFC 8446 §7.4 secrets are single use; DESIGN "key material is zeroed when
 * dropped"). The private key lives in a closure, so the test watches
 * `Uint8Array.prototype.fill(0)` and checks that the array holding the
 * documented private key (derived from the injected random bytes) was zeroed.
 */
import { toHex } from '@strata/wire';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemRandomForTests as random, scriptedRandom } from '../../test/keys.js';
import type { KeyExchangeGroup } from '../types.js';
import { nobleGroups } from './groups.js';
import { ecPrivateKeyFromRandom, nistCurves } from './nist.js';

/** Hex of every array that was overwritten with zeros while `fn` ran, taken just before. */
function zeroedDuring(fn: () => void): string[] {
  const fill = Uint8Array.prototype.fill;
  const wiped: string[] = [];
  const spy = vi.spyOn(Uint8Array.prototype, 'fill').mockImplementation(function (
    this: Uint8Array,
    value: number,
    start?: number,
    end?: number,
  ) {
    if (value === 0 && start === undefined && end === undefined) wiped.push(toHex(this));
    return fill.call(this, value, start, end);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return wiped;
}

afterEach(() => vi.restoreAllMocks());

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);
const group = (name: string): KeyExchangeGroup => nobleGroups.find((g) => g.name === name)!;

describe('ephemeral private keys are wiped after complete()', () => {
  it('x25519: the 32 drawn bytes (the private key)', () => {
    const priv = bytes(32, 0x41);
    const kx = group('x25519').start(scriptedRandom(priv));
    const peer = group('x25519').start(random).publicKey;
    expect(zeroedDuring(() => kx.complete(peer))).toContain(toHex(priv));
  });

  it('x448: the 56 drawn bytes (the private key)', () => {
    const priv = bytes(56, 0x46);
    const kx = group('x448').start(scriptedRandom(priv));
    const peer = group('x448').start(random).publicKey;
    expect(zeroedDuring(() => kx.complete(peer))).toContain(toHex(priv));
  });

  it('ffdhe2048: the drawn exponent bytes, as soon as the exponent is read', () => {
    const drawn = bytes(29, 0x47);
    const wiped = zeroedDuring(() => group('ffdhe2048').start(scriptedRandom(drawn)));
    expect(wiped).toContain(toHex(drawn));
  });

  it.each([
    ['secp256r1', 'P-256', 48],
    ['secp384r1', 'P-384', 72],
    ['secp521r1', 'P-521', 99],
  ] as const)('%s: the scalar d', (name, curve, seedLength) => {
    const seed = bytes(seedLength, 0x42);
    const d = ecPrivateKeyFromRandom(nistCurves[curve], scriptedRandom(seed));
    const kx = group(name).start(scriptedRandom(seed));
    const peer = group(name).start(random).publicKey;
    expect(zeroedDuring(() => kx.complete(peer))).toContain(toHex(d));
  });

  it('X25519MLKEM768: the X25519 private key and the ML-KEM decapsulation key', () => {
    const xPriv = bytes(32, 0x43);
    const kx = group('X25519MLKEM768').start(scriptedRandom(bytes(64, 0x44), xPriv));
    const server = group('X25519MLKEM768').respond(kx.publicKey, random);
    const wiped = zeroedDuring(() => kx.complete(server.publicKey));
    expect(wiped).toContain(toHex(xPriv));
    // ML-KEM-768's decapsulation key is 2400 bytes.
    expect(wiped.some((hex) => hex.length === 2 * 2400)).toBe(true);
  });

  it('a failed complete() (invalid share) wipes too', () => {
    const priv = bytes(32, 0x45);
    const kx = group('x25519').start(scriptedRandom(priv));
    expect(zeroedDuring(() => expect(() => kx.complete(new Uint8Array(32))).toThrow())).toContain(
      toHex(priv),
    );
  });
});
