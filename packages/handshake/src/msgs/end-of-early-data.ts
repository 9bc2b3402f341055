import type { Reader, Writer } from '@strata/wire';

/**
 * RFC 8446 §4.5: an empty body.
 *
 *   struct {} EndOfEarlyData;
 */
export interface EndOfEarlyData {
  readonly kind: 'end_of_early_data';
}

export function readEndOfEarlyData(_r: Reader): EndOfEarlyData {
  return { kind: 'end_of_early_data' };
}

export function writeEndOfEarlyData(_w: Writer, _m: EndOfEarlyData): void {}
