/**
 * Deterministic randomness for tests of the layers above crypto
 * (`@strata/crypto/testing`). Never use these in production: they are
 * predictable by design.
 *
 *   import { nobleProvider } from '@strata/crypto';
 *   import { replayRandom, seededRandom } from '@strata/crypto/testing';
 *
 *   const provider = { ...nobleProvider, random: seededRandom('client 1') };
 */
import { nobleHashes } from '../hash/noble-hashes.js';
import type { Random } from '../types.js';

const sha256 = nobleHashes.sha256;
const SEED_SALT = /* @__PURE__ */ new TextEncoder().encode('strata seededRandom v1');

/**
 * A deterministic stream of bytes from a seed string: block i of the stream is
 * HMAC-SHA-256(PRK, u64be(i)) with PRK = HKDF-Extract("strata seededRandom
 * v1", seed), and each call returns the next `length` bytes. The same seed and
 * the same sequence of calls always give the same bytes; different seeds give
 * unrelated streams.
 */
export function seededRandom(seed: string): Random {
  const prk = sha256.hkdfExtract(SEED_SALT, new TextEncoder().encode(seed));
  const counter = new Uint8Array(8);
  const counterView = new DataView(counter.buffer);
  let block: Uint8Array = new Uint8Array(0);
  let used = 0;
  let index = 0;
  return (length: number): Uint8Array => {
    checkLength(length);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (used === block.length) {
        counterView.setBigUint64(0, BigInt(index++));
        block = sha256.hmac(prk, counter);
        used = 0;
      }
      const n = Math.min(length - filled, block.length - used);
      out.set(block.subarray(used, used + n), filled);
      used += n;
      filled += n;
    }
    return out;
  };
}

/** A `Random` that replays recorded chunks; see `replayRandom`. */
export interface ReplayRandom extends Random {
  /** How many chunks have not been asked for yet. */
  remaining(): number;
}

/**
 * Returns the given chunks in order, each as a fresh copy: how a test replays
 * a trace's randoms and ephemeral keys byte for byte (RFC 8448's
 * ClientHello.random, key shares…). Throws an `Error` when asked for a length
 * other than the next chunk's, or for more chunks than were given, so a test
 * notices at once when the code under test draws randomness differently than
 * the trace did.
 */
export function replayRandom(chunks: readonly Uint8Array[]): ReplayRandom {
  const queue = chunks.map((c) => c.slice());
  let next = 0;
  const random = (length: number): Uint8Array => {
    checkLength(length);
    const chunk = queue[next];
    if (chunk === undefined) {
      throw new Error(
        `replayRandom: asked for ${length} bytes after all ${queue.length} chunks were used`,
      );
    }
    if (chunk.length !== length) {
      throw new Error(`replayRandom: chunk ${next} has ${chunk.length} bytes, asked for ${length}`);
    }
    next++;
    return chunk.slice();
  };
  return Object.assign(random, { remaining: () => queue.length - next });
}

/** A `Random` that returns zero bytes: only for tests where the values do not matter. */
export const zeroRandom: Random = (length: number): Uint8Array => {
  checkLength(length);
  return new Uint8Array(length);
};

function checkLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`random: length must be a non-negative integer, got ${length}`);
  }
}
