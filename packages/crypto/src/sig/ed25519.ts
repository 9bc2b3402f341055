import { ed25519 } from '@noble/curves/ed25519.js';
import type { PrivateKey, PublicKey } from '../types.js';

/** Ed25519 (RFC 8032 §5.1.6), deterministic; the key is the 32-byte seed. */
export function ed25519Sign(key: PrivateKey, message: Uint8Array): Uint8Array {
  if (key.kind !== 'ed25519') throw new TypeError(`ed25519: cannot sign with a ${key.kind} key`);
  if (!(key.seed instanceof Uint8Array) || key.seed.length !== 32) {
    throw new TypeError('ed25519: private key seed must be 32 bytes');
  }
  return ed25519.sign(message, key.seed);
}

/** The 32-byte public key of an Ed25519 seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/**
 * Ed25519 verification (RFC 8032 §5.1.7, strict: canonical S < L and
 * canonical point encodings, not ZIP-215). False, never an exception, for a
 * wrong key kind, a signature that is not 64 bytes, or an invalid key.
 */
export function ed25519Verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  if (key.kind !== 'ed25519') return false;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(key.key instanceof Uint8Array) || key.key.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, key.key, { zip215: false });
  } catch {
    return false;
  }
}
