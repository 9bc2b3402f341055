import { AsnConvert } from '@peculiar/asn1-schema';
import { type AlertName, isTlsError, toHex } from '@strata/wire';
import { checkDer } from './der.js';
import { PkiErrorCode, pkiError } from './errors.js';

/**
 * Decodes `bytes` with the ASN.1 schema `type` (from `@peculiar/asn1-*`),
 * after the bounded DER check: whatever the library throws becomes a
 * `TlsError` with `alert` and `PKI_ASN1_INVALID`.
 */
export function decodeAsn1<T>(
  bytes: Uint8Array,
  type: new () => T,
  alert: AlertName,
  what: string,
): T {
  checkDer(bytes, alert, what);
  try {
    return AsnConvert.parse(bytes, type);
  } catch (error) {
    if (isTlsError(error)) throw error;
    throw pkiError(alert, PkiErrorCode.Asn1Invalid, `tls: malformed ${what}`);
  }
}

/** Runs `fn`, turning any non-TlsError it throws into a TlsError. */
export function guarded<T>(alert: AlertName, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isTlsError(error)) throw error;
    throw pkiError(alert, PkiErrorCode.Asn1Invalid, `tls: malformed ${what}`);
  }
}

/** Bytes of an ArrayBuffer or view, as a Uint8Array view (no copy). */
export function u8(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** An unsigned big-endian integer (leading zero bytes allowed). */
export function bigintFromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** `bytes` left-padded with zeros (or stripped of leading zeros) to `length`; undefined if too long. */
export function fixedLength(bytes: Uint8Array, length: number): Uint8Array | undefined {
  let start = 0;
  while (bytes.length - start > length && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  if (trimmed.length > length) return undefined;
  const out = new Uint8Array(length);
  out.set(trimmed, length - trimmed.length);
  return out;
}
