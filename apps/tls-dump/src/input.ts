import { readFileSync } from 'node:fs';

/** Hex text (spaces, newlines and colons allowed) or raw bytes. */
export function readStream(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  const text = new TextDecoder('latin1').decode(bytes);
  if (bytes.length > 0 && /^[\s0-9a-fA-F:]*$/.test(text)) {
    const digits = text.replace(/[\s:]/g, '');
    if (digits.length % 2 === 0) {
      const out = new Uint8Array(digits.length / 2);
      for (let i = 0; i < out.length; i++)
        out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
  }
  return bytes;
}
