import type { Reader, Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/**
 * RFC 7685 §3, in ClientHello: filler the client adds (zero bytes) to move the
 * ClientHello out of sizes some middleboxes mishandle. Kept as received.
 *
 *   struct { opaque padding[extension_length]; } PaddingExtension;  (informal; RFC 7685 §3)
 */
export const paddingCodec: ExtensionCodec<Uint8Array> = {
  decode: (r: Reader) => r.rest(),
  encode: (w: Writer, padding: Uint8Array) => void w.bytes(padding),
};

/**
 * How many padding bytes to send for a ClientHello whose encoding without the
 * padding extension is `unpaddedLength` bytes, handshake header included: a
 * message of 256..511 bytes is padded to 512 (the 4-byte extension header
 * counted, at least one padding byte), as BoringSSL and OpenSSL do (RFC 7685
 * §4); `undefined` means "send no padding extension".
 */
export function paddingLengthFor(unpaddedLength: number): number | undefined {
  if (unpaddedLength <= 0xff || unpaddedLength >= 0x200) return undefined;
  const missing = 0x200 - unpaddedLength;
  return missing >= 5 ? missing - 4 : 1;
}
