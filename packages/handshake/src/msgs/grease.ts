/**
 * GREASE, RFC 8701: reserved code points a client sprinkles into its
 * ClientHello so that servers which choke on unknown values are found early.
 * Receivers treat them like any unknown value (the codec keeps them; an engine
 * must never select one).
 */

/**
 * The 16 reserved 16-bit values {0x0A0A, 0x1A1A, ..., 0xFAFA}, used for cipher
 * suites, extensions, named groups, signature schemes, versions and, as two
 * bytes, ALPN identifiers (RFC 8701 §2).
 */
export const GREASE_VALUES: readonly number[] = /* @__PURE__ */ Object.freeze(
  Array.from({ length: 16 }, (_, i) => ((i << 4) | 0x0a) * 0x0101),
);

/** The 8 reserved PskKeyExchangeMode values {0x0B, 0x2A, ..., 0xE4} (RFC 8701 §2). */
export const GREASE_PSK_MODES: readonly number[] = /* @__PURE__ */ Object.freeze(
  Array.from({ length: 8 }, (_, i) => 0x0b + 0x1f * i),
);

/** True for one of the 16-bit GREASE values. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

/** True for one of the GREASE PskKeyExchangeMode values. */
export function isGreasePskMode(value: number): boolean {
  return GREASE_PSK_MODES.includes(value);
}

/**
 * The GREASE values one connection uses. Values are chosen per connection
 * from the caller's random bytes (the codec has no randomness of its own); the
 * two extension values always differ, as RFC 8701 §3 requires when a client
 * sends two GREASE extensions.
 */
export interface GreaseSelection {
  readonly cipherSuite: number;
  readonly group: number;
  readonly signatureScheme: number;
  readonly version: number;
  /** The first GREASE extension (typically first in the list, empty). */
  readonly extension1: number;
  /** The second GREASE extension (typically last before pre_shared_key/padding, one zero byte). */
  readonly extension2: number;
  readonly pskMode: number;
  /** A two-byte ALPN identifier. */
  readonly alpn: Uint8Array;
}

/** The number of random bytes `selectGrease` consumes. */
export const GREASE_SEED_LENGTH = 8;

/**
 * Picks a connection's GREASE values from `seed` (at least
 * `GREASE_SEED_LENGTH` random bytes, e.g. from the provider's `random`).
 */
export function selectGrease(seed: Uint8Array): GreaseSelection {
  if (seed.length < GREASE_SEED_LENGTH) {
    throw new RangeError(`selectGrease: need ${GREASE_SEED_LENGTH} random bytes`);
  }
  const pick = (i: number) => GREASE_VALUES[seed[i]! & 0x0f]!;
  const extension1 = pick(4);
  let extension2 = pick(5);
  if (extension2 === extension1) extension2 = GREASE_VALUES[((seed[5]! & 0x0f) + 1) & 0x0f]!;
  const alpn = pick(7);
  return {
    cipherSuite: pick(0),
    group: pick(1),
    signatureScheme: pick(2),
    version: pick(3),
    extension1,
    extension2,
    pskMode: GREASE_PSK_MODES[seed[6]! & 0x07]!,
    alpn: new Uint8Array([alpn >> 8, alpn & 0xff]),
  };
}
