import { type Reader, vector, type Writer } from '@strata/wire';
import type { ExtensionCodec } from './codec.js';

/** `PskKeyExchangeMode ke_modes<1..255>`, RFC 8446 §4.2.9. */
const KE_MODES = /* @__PURE__ */ vector(1, 1, 255);

/**
 * RFC 8446 §4.2.9; unknown and GREASE modes are kept.
 *
 *   struct { PskKeyExchangeMode ke_modes<1..255>; } PskKeyExchangeModes;
 */
export const pskKeyExchangeModesCodec: ExtensionCodec<readonly number[]> = {
  decode: (r: Reader) => Array.from(r.vector(KE_MODES, 'ke_modes')),
  encode: (w: Writer, modes: readonly number[]) => void w.vector(KE_MODES, Uint8Array.from(modes)),
};
