import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashName } from '../types.js';

/** The noble hash functions the signature code hashes messages with. */
export const signatureHashes = {
  sha256,
  sha384,
  sha512,
} as const satisfies Record<HashName, typeof sha256 | typeof sha384 | typeof sha512>;

export type SignatureHash = (typeof signatureHashes)[HashName];

/** The hash for a name; a name we do not know is a caller mistake. */
export function hashByName(name: HashName): SignatureHash {
  const hash = (signatureHashes as Record<string, SignatureHash | undefined>)[name];
  if (hash === undefined) throw new TypeError(`unsupported hash: ${String(name)}`);
  return hash;
}
