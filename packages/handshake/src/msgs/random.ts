import { equalBytes, fromHex } from '@strata/wire';

/** `opaque Random[32]`, RFC 8446 §4.1.2. */
export const RANDOM_LENGTH = 32;

/**
 * The fixed `ServerHello.random` that marks a HelloRetryRequest, RFC 8446
 * §4.1.3: SHA-256("HelloRetryRequest").
 */
export const HELLO_RETRY_REQUEST_RANDOM: Uint8Array = /* @__PURE__ */ fromHex(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
);

/**
 * The last 8 bytes of `ServerHello.random` of a TLS 1.3-capable server that
 * negotiates TLS 1.2, RFC 8446 §4.1.3: "DOWNGRD" followed by 0x01.
 */
export const DOWNGRADE_SENTINEL_TLS12: Uint8Array = /* @__PURE__ */ fromHex('444f574e47524401');

/** The same for TLS 1.1 or below: "DOWNGRD" followed by 0x00. */
export const DOWNGRADE_SENTINEL_TLS11: Uint8Array = /* @__PURE__ */ fromHex('444f574e47524400');

/** True when `random` is the HelloRetryRequest value. */
export function isHelloRetryRequestRandom(random: Uint8Array): boolean {
  return equalBytes(random, HELLO_RETRY_REQUEST_RANDOM);
}

/**
 * Which downgrade sentinel, if any, ends a ServerHello random. A TLS 1.3
 * client that negotiated TLS 1.2 or below and finds one MUST abort with
 * `illegal_parameter` (RFC 8446 §4.1.3); that decision is the engine's.
 */
export function downgradeSentinel(random: Uint8Array): 'tls12' | 'tls11' | undefined {
  if (random.length !== RANDOM_LENGTH) return undefined;
  const tail = random.subarray(RANDOM_LENGTH - 8);
  if (equalBytes(tail, DOWNGRADE_SENTINEL_TLS12)) return 'tls12';
  if (equalBytes(tail, DOWNGRADE_SENTINEL_TLS11)) return 'tls11';
  return undefined;
}

/**
 * A copy of a server random whose last 8 bytes are the sentinel for the
 * version a TLS 1.3-capable server negotiated below 1.3.
 */
export function withDowngradeSentinel(
  random: Uint8Array,
  negotiated: 'tls12' | 'tls11',
): Uint8Array {
  if (random.length !== RANDOM_LENGTH) {
    throw new RangeError(`withDowngradeSentinel: random must be ${RANDOM_LENGTH} bytes`);
  }
  const out = random.slice();
  out.set(negotiated === 'tls12' ? DOWNGRADE_SENTINEL_TLS12 : DOWNGRADE_SENTINEL_TLS11, 24);
  return out;
}
