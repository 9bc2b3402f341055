import { type Reader, vector, type Writer } from '@strata/wire';
import { decodeExtensionBlock, encodeExtensionBlock } from './extensions/block.js';
import { ENCRYPTED_EXTENSIONS, type EncryptedExtension } from './extensions/contexts.js';

/** `Extension extensions<0..2^16-1>`, RFC 8446 §4.3.1. */
const EXTENSIONS = /* @__PURE__ */ vector(2, 0, 0xffff);

/**
 * RFC 8446 §4.3.1.
 *
 *   struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;
 */
export interface EncryptedExtensions {
  readonly kind: 'encrypted_extensions';
  readonly extensions: readonly EncryptedExtension[];
}

export function readEncryptedExtensions(r: Reader): EncryptedExtensions {
  return {
    kind: 'encrypted_extensions',
    extensions: decodeExtensionBlock(
      r,
      EXTENSIONS,
      'encrypted_extensions',
      ENCRYPTED_EXTENSIONS,
      'EncryptedExtensions.extensions',
    ),
  };
}

export function writeEncryptedExtensions(w: Writer, ee: EncryptedExtensions): void {
  encodeExtensionBlock(w, EXTENSIONS, ENCRYPTED_EXTENSIONS, ee.extensions);
}
