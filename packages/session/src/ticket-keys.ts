import type { AeadKey, AeadName, CryptoProvider } from '@strata/crypto';
import { type Clock, readClock, systemClock } from './clock.js';

/** Bytes of a ticket key's name, sent in the clear at the start of every ticket. */
export const TICKET_KEY_NAME_LENGTH = 16;
/** Bytes of the random AEAD nonce that follows the key name. */
export const TICKET_NONCE_LENGTH = 12;

/** Default: a key issues tickets for one hour, then is replaced. */
export const DEFAULT_TICKET_KEY_ROTATION_SECONDS = 3600;
/**
 * Default: a replaced key still opens tickets for 7200 s more, the default
 * session timeout, so every ticket it sealed can be used until it expires.
 */
export const DEFAULT_TICKET_KEY_RETAIN_SECONDS = 7200;

export interface TicketKeysOptions {
  /** Where the AEAD and the randomness come from (`nobleProvider`, or a test provider). */
  readonly provider: Pick<CryptoProvider, 'aeads' | 'random'>;
  /** Time source, ms since the epoch. Default `Date.now`. */
  readonly clock?: Clock;
  /** The AEAD that seals tickets. Default `AES_256_GCM`. */
  readonly aead?: AeadName;
  /** How long a key is the current (issuing) key, seconds. Default 3600. */
  readonly rotationSeconds?: number;
  /** How long a key still opens tickets after it stopped issuing, seconds. Default 7200. */
  readonly retainSeconds?: number;
}

/** A ticket key as it can be shared between the servers of a farm: name, secret, birth. */
export interface TicketKeyMaterial {
  /** 16 bytes, unique per key. */
  readonly name: Uint8Array;
  /** The AEAD key (its length is the AEAD's key length). Secret. */
  readonly secret: Uint8Array;
  /** When the key started issuing, ms since the epoch. */
  readonly createdAtMs: number;
}

interface LiveKey {
  readonly name: Uint8Array;
  readonly hexName: string;
  readonly aead: AeadKey;
  readonly createdAtMs: number;
}

/**
 * Named AEAD keys for stateless tickets, with rotation and no timers.
 *
 *   ticket = key_name[16] ‖ nonce[12] ‖ AEAD-Seal(key, nonce, plaintext, aad = key_name)
 *
 * The newest key issues; when it is older than `rotationSeconds` the next
 * `seal` creates a fresh one (from the provider's randomness). Every key
 * opens tickets until `rotationSeconds + retainSeconds` after its creation,
 * after which it is destroyed. `open` never throws on peer input: a short,
 * tampered or unknown-key ticket gives `undefined`.
 */
export class TicketKeys {
  readonly #provider: Pick<CryptoProvider, 'aeads' | 'random'>;
  readonly #clock: Clock;
  readonly #aeadName: AeadName;
  readonly #rotationMs: number;
  readonly #retainMs: number;
  /** Newest first. */
  #keys: LiveKey[] = [];

  constructor(options: TicketKeysOptions) {
    this.#provider = options.provider;
    this.#clock = options.clock ?? systemClock;
    this.#aeadName = options.aead ?? 'AES_256_GCM';
    if (this.#provider.aeads[this.#aeadName] === undefined) {
      throw new TypeError(`TicketKeys: the provider has no AEAD ${this.#aeadName}`);
    }
    this.#rotationMs = seconds(
      options.rotationSeconds ?? DEFAULT_TICKET_KEY_ROTATION_SECONDS,
      'rotationSeconds',
      1,
    );
    this.#retainMs = seconds(
      options.retainSeconds ?? DEFAULT_TICKET_KEY_RETAIN_SECONDS,
      'retainSeconds',
      0,
    );
  }

  /** Names of the keys that can still open tickets, newest (the issuing one) first. */
  get keyNames(): Uint8Array[] {
    this.#expire(readClock(this.#clock));
    return this.#keys.map((k) => k.name.slice());
  }

  /** Starts a new issuing key now, whatever the age of the current one. */
  rotate(): void {
    const now = readClock(this.#clock);
    this.#expire(now);
    this.#addFresh(now);
  }

  /**
   * Adds a key from elsewhere (a key shared by a server farm). The key with
   * the newest `createdAtMs` issues. A name already present is refused.
   */
  addKey(material: TicketKeyMaterial): void {
    const algorithm = this.#provider.aeads[this.#aeadName];
    if (!(material.name instanceof Uint8Array) || material.name.length !== TICKET_KEY_NAME_LENGTH) {
      throw new RangeError(`TicketKeys: a key name is ${TICKET_KEY_NAME_LENGTH} bytes`);
    }
    if (
      !(material.secret instanceof Uint8Array) ||
      material.secret.length !== algorithm.keyLength
    ) {
      throw new RangeError(`TicketKeys: a ${this.#aeadName} key is ${algorithm.keyLength} bytes`);
    }
    if (!Number.isSafeInteger(material.createdAtMs) || material.createdAtMs < 0) {
      throw new RangeError('TicketKeys: createdAtMs must be a non-negative integer');
    }
    const hexName = hex(material.name);
    if (this.#keys.some((k) => k.hexName === hexName)) {
      throw new RangeError('TicketKeys: a key with this name is already present');
    }
    this.#keys.push({
      name: material.name.slice(),
      hexName,
      aead: algorithm.create(material.secret),
      createdAtMs: material.createdAtMs,
    });
    this.#keys.sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  /** Seals `plaintext` under the current key (rotating first if it is due). */
  seal(plaintext: Uint8Array): Uint8Array {
    const now = readClock(this.#clock);
    this.#expire(now);
    let current = this.#keys[0];
    if (current === undefined || now - current.createdAtMs >= this.#rotationMs) {
      current = this.#addFresh(now);
    }
    const nonce = this.#provider.random(TICKET_NONCE_LENGTH);
    const sealed = current.aead.seal(nonce, plaintext, current.name);
    const out = new Uint8Array(TICKET_KEY_NAME_LENGTH + TICKET_NONCE_LENGTH + sealed.length);
    out.set(current.name, 0);
    out.set(nonce, TICKET_KEY_NAME_LENGTH);
    out.set(sealed, TICKET_KEY_NAME_LENGTH + TICKET_NONCE_LENGTH);
    return out;
  }

  /**
   * The plaintext of a ticket, or `undefined` when it is too short, names no
   * live key, or does not authenticate.
   */
  open(ticket: Uint8Array): Uint8Array | undefined {
    const now = readClock(this.#clock);
    this.#expire(now);
    const algorithm = this.#provider.aeads[this.#aeadName];
    if (ticket.length < TICKET_KEY_NAME_LENGTH + TICKET_NONCE_LENGTH + algorithm.tagLength)
      return undefined;
    const hexName = hex(ticket.subarray(0, TICKET_KEY_NAME_LENGTH));
    const key = this.#keys.find((k) => k.hexName === hexName);
    if (key === undefined) return undefined;
    const nonce = ticket.subarray(
      TICKET_KEY_NAME_LENGTH,
      TICKET_KEY_NAME_LENGTH + TICKET_NONCE_LENGTH,
    );
    return key.aead.open(
      nonce,
      ticket.subarray(TICKET_KEY_NAME_LENGTH + TICKET_NONCE_LENGTH),
      key.name,
    );
  }

  /** Destroys every key (zeroes what the AEAD instances hold). */
  destroy(): void {
    for (const k of this.#keys) k.aead.destroy();
    this.#keys = [];
  }

  #addFresh(now: number): LiveKey {
    const algorithm = this.#provider.aeads[this.#aeadName];
    const name = this.#provider.random(TICKET_KEY_NAME_LENGTH);
    const secret = this.#provider.random(algorithm.keyLength);
    const key: LiveKey = {
      name,
      hexName: hex(name),
      aead: algorithm.create(secret),
      createdAtMs: now,
    };
    secret.fill(0);
    this.#keys.unshift(key);
    return key;
  }

  #expire(now: number): void {
    const lifetime = this.#rotationMs + this.#retainMs;
    const keep: LiveKey[] = [];
    for (const k of this.#keys) {
      if (now - k.createdAtMs >= lifetime) k.aead.destroy();
      else keep.push(k);
    }
    this.#keys = keep;
  }
}

function seconds(value: number, field: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`TicketKeys: ${field} must be an integer >= ${min}, got ${value}`);
  }
  return value * 1000;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}
