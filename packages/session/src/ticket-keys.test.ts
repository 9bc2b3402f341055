import { nobleProvider } from '@strata/crypto';
import { seededRandom } from '@strata/crypto/testing';
import { toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { T0 } from '../test/helpers.js';
import { manualClock, TICKET_KEY_NAME_LENGTH, TICKET_NONCE_LENGTH, TicketKeys } from './index.js';

const plaintext = new TextEncoder().encode('a serialized session');

function setup(options: { rotationSeconds?: number; retainSeconds?: number } = {}) {
  const clock = manualClock(T0);
  const provider = { ...nobleProvider, random: seededRandom('ticket keys') };
  const keys = new TicketKeys({ provider, clock: clock.now, ...options });
  return { clock, keys, provider };
}

describe('TicketKeys', () => {
  it('seals as key_name ‖ nonce ‖ AEAD(plaintext, aad = key_name) and opens it', () => {
    const { keys } = setup();
    const ticket = keys.seal(plaintext);
    expect(ticket.length).toBe(
      TICKET_KEY_NAME_LENGTH + TICKET_NONCE_LENGTH + plaintext.length + 16,
    );
    expect(toHex(ticket.subarray(0, 16))).toBe(toHex(keys.keyNames[0]!));
    expect(keys.open(ticket)).toEqual(plaintext);
    // The nonce is fresh each time.
    expect(toHex(keys.seal(plaintext))).not.toBe(toHex(ticket));
  });

  it('opens_tampered_tickets_as_undefined at every byte position', () => {
    const { keys } = setup();
    const ticket = keys.seal(plaintext);
    for (let i = 0; i < ticket.length; i++) {
      const bad = ticket.slice();
      bad[i]! ^= 0x01;
      expect(keys.open(bad), `byte ${i}`).toBeUndefined();
    }
    expect(keys.open(ticket.subarray(0, ticket.length - 1))).toBeUndefined();
    expect(keys.open(new Uint8Array(0))).toBeUndefined();
    expect(keys.open(ticket.subarray(0, 16 + 12 + 15))).toBeUndefined();
  });

  it('binds the ciphertext to the key name (AAD): a renamed ticket does not open', () => {
    // Two keys with the same secret and different names: only the AAD tells them apart.
    const keys = new TicketKeys({ provider: nobleProvider, clock: () => T0 });
    const secret = new Uint8Array(32).fill(0x42);
    keys.addKey({ name: new Uint8Array(16).fill(1), secret, createdAtMs: T0 - 1 });
    keys.addKey({ name: new Uint8Array(16).fill(2), secret, createdAtMs: T0 });
    const ticket = keys.seal(plaintext);
    expect(ticket[0]).toBe(2);
    expect(keys.open(ticket)).toEqual(plaintext);
    const renamed = ticket.slice();
    renamed.fill(1, 0, 16);
    expect(keys.open(renamed)).toBeUndefined();
  });

  it('rotates: the current key issues, earlier keys open until rotation + retain', () => {
    const { keys, clock } = setup({ rotationSeconds: 60, retainSeconds: 120 });
    const t1 = keys.seal(plaintext);
    const name1 = toHex(t1.subarray(0, 16));
    clock.advance(59_999);
    expect(toHex(keys.seal(plaintext).subarray(0, 16))).toBe(name1);
    clock.advance(1); // 60 s: key 1 is due for rotation
    const t2 = keys.seal(plaintext);
    const name2 = toHex(t2.subarray(0, 16));
    expect(name2).not.toBe(name1);
    expect(keys.keyNames.map(toHex)).toEqual([name2, name1]);
    expect(keys.open(t1)).toEqual(plaintext);
    clock.advance(119_999); // key 1 is 179.999 s old
    expect(keys.open(t1)).toEqual(plaintext);
    clock.advance(1); // 180 s: key 1 retired
    expect(keys.open(t1)).toBeUndefined();
    expect(keys.open(t2)).toEqual(plaintext);
    expect(keys.keyNames.map(toHex)).toEqual([name2]);
  });

  it('does not rotate without a seal (no timers), but still retires keys when asked to open', () => {
    const { keys, clock } = setup({ rotationSeconds: 1, retainSeconds: 1 });
    const t = keys.seal(plaintext);
    clock.advance(5_000);
    expect(keys.open(t)).toBeUndefined();
    expect(keys.keyNames).toEqual([]);
  });

  it('rotate() starts a new issuing key at once', () => {
    const { keys } = setup();
    const t = keys.seal(plaintext);
    keys.rotate();
    const u = keys.seal(plaintext);
    expect(toHex(u.subarray(0, 16))).not.toBe(toHex(t.subarray(0, 16)));
    expect(keys.open(t)).toEqual(plaintext);
  });

  it('shares keys between servers with addKey', () => {
    const clock = manualClock(T0);
    const material = {
      name: new Uint8Array(16).fill(0xab),
      secret: new Uint8Array(32).fill(0xcd),
      createdAtMs: T0,
    };
    const a = new TicketKeys({ provider: nobleProvider, clock: clock.now });
    const b = new TicketKeys({ provider: nobleProvider, clock: clock.now });
    a.addKey(material);
    b.addKey(material);
    const ticket = a.seal(plaintext);
    expect(toHex(ticket.subarray(0, 16))).toBe('ab'.repeat(16));
    expect(b.open(ticket)).toEqual(plaintext);
    expect(() => a.addKey(material)).toThrow(RangeError);
    expect(() => a.addKey({ ...material, name: new Uint8Array(15) })).toThrow(RangeError);
    expect(() =>
      a.addKey({ ...material, name: new Uint8Array(16), secret: new Uint8Array(16) }),
    ).toThrow(RangeError);
  });

  it('works with each AEAD of the provider', () => {
    for (const aead of ['AES_128_GCM', 'AES_256_GCM', 'CHACHA20_POLY1305'] as const) {
      const keys = new TicketKeys({ provider: nobleProvider, clock: () => T0, aead });
      expect(keys.open(keys.seal(plaintext))).toEqual(plaintext);
    }
  });

  it('destroy() forgets every key', () => {
    const { keys } = setup();
    const t = keys.seal(plaintext);
    keys.destroy();
    expect(keys.open(t)).toBeUndefined();
  });
});
