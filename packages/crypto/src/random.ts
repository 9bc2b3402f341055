import type { Random } from './types.js';

/** WebCrypto refuses more than 65,536 bytes per `getRandomValues` call. */
const MAX_CHUNK = 65_536;

/**
 * The system CSPRNG through the global WebCrypto `crypto.getRandomValues`
 * (Node 20+, browsers, workers), filled in 64 KiB chunks.
 */
export const systemRandom: Random = (length: number): Uint8Array => {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`random: length must be a non-negative integer, got ${length}`);
  }
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += MAX_CHUNK) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + MAX_CHUNK)));
  }
  return out;
};
