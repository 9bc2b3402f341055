import { TlsError } from '@strata/wire';

/** Throws the `illegal_parameter` TlsError every group uses for a bad peer share. */
export function illegalShare(group: string, code: string, what: string): never {
  throw new TlsError('illegal_parameter', code, `tls: ${group}: ${what}`);
}

/** Checks the length of a peer's key share. */
export function expectShareLength(group: string, share: Uint8Array, length: number): void {
  if (!(share instanceof Uint8Array))
    throw new TypeError(`${group}: key share must be a Uint8Array`);
  if (share.length !== length) {
    illegalShare(
      group,
      'KX_SHARE_LENGTH',
      `key share must be ${length} bytes, got ${share.length}`,
    );
  }
}

/** Draws `length` bytes from a caller's random source and checks it kept the contract. */
export function draw(random: (length: number) => Uint8Array, length: number): Uint8Array {
  const bytes = random(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new TypeError(`random(${length}) must return ${length} bytes`);
  }
  return bytes;
}

/** True when every byte is zero; runs over the whole input whatever it holds. */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!;
  return acc === 0;
}

/**
 * Guards a `KeyExchange` against a second `complete()`: the ephemeral secret is
 * wiped after the first, so reuse would be a bug in the caller.
 */
export function singleUse(group: string): () => void {
  let used = false;
  return () => {
    if (used) throw new TypeError(`${group}: complete() called twice on a single-use key exchange`);
    used = true;
  };
}
