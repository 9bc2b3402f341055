import { encode, vector } from '@strata/wire';
import type { HashAlgorithm } from '../types.js';

/** `opaque label<7..255>`: "tls13 " plus a label of 1..249 bytes. */
const LABEL = /* @__PURE__ */ vector(1, 7, 255);
/** `opaque context<0..255>`. */
const CONTEXT = /* @__PURE__ */ vector(1, 0, 255);
const TLS13_PREFIX = 'tls13 ';

const textEncoder = /* @__PURE__ */ new TextEncoder();

/**
 * HKDF-Expand-Label, RFC 8446 §7.1:
 *
 *   HKDF-Expand-Label(Secret, Label, Context, Length) =
 *        HKDF-Expand(Secret, HkdfLabel, Length)
 *
 *   struct {
 *       uint16 length = Length;
 *       opaque label<7..255> = "tls13 " + Label;
 *       opaque context<0..255> = Context;
 *   } HkdfLabel;
 *
 * `label` is given without the "tls13 " prefix (`'key'`, `'iv'`,
 * `'c hs traffic'`); this function adds it.
 */
export function hkdfExpandLabel(
  hash: HashAlgorithm,
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) {
    throw new RangeError(`hkdfExpandLabel: length must be 0..65535, got ${length}`);
  }
  const fullLabel = textEncoder.encode(TLS13_PREFIX + label);
  if (fullLabel.length < LABEL.min || fullLabel.length > LABEL.max) {
    throw new RangeError('hkdfExpandLabel: label must be 1..249 bytes');
  }
  if (context.length > CONTEXT.max)
    throw new RangeError('hkdfExpandLabel: context longer than 255 bytes');
  const hkdfLabel = encode(
    (w) => w.u16(length).vector(LABEL, fullLabel).vector(CONTEXT, context),
    2 + 1 + fullLabel.length + 1 + context.length,
  );
  return hash.hkdfExpand(secret, hkdfLabel, length);
}

/**
 * Derive-Secret, RFC 8446 §7.1:
 *
 *   Derive-Secret(Secret, Label, Messages) =
 *        HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
 *
 * Takes the transcript hash itself (the handshake layer owns the running
 * transcript); for the "derived" steps that is the hash of the empty string.
 */
export function deriveSecret(
  hash: HashAlgorithm,
  secret: Uint8Array,
  label: string,
  transcriptHash: Uint8Array,
): Uint8Array {
  if (transcriptHash.length !== hash.outputLength) {
    throw new RangeError(
      `deriveSecret: transcript hash must be ${hash.outputLength} bytes for ${hash.name}, got ${transcriptHash.length}`,
    );
  }
  return hkdfExpandLabel(hash, secret, label, transcriptHash, hash.outputLength);
}
