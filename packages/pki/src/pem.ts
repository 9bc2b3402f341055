import { PkiErrorCode, pkiError } from './errors.js';

/** One PEM block: its label (`CERTIFICATE`, `PRIVATE KEY`, …) and the DER it carries. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`) when present. */
  readonly headers: Readonly<Record<string, string>>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = /* @__PURE__ */ (() => {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

/** Strict base64 (RFC 4648 §4) with whitespace ignored; throws `TlsError` on anything else. */
export function decodeBase64(text: string, what = 'PEM body'): Uint8Array {
  const clean = text.replace(/[\s]+/g, '');
  const bad = () =>
    pkiError('decode_error', PkiErrorCode.PemBadBase64, `tls: ${what} is not valid base64`);
  if (clean.length % 4 !== 0) throw bad();
  let pad = 0;
  if (clean.endsWith('==')) pad = 2;
  else if (clean.endsWith('=')) pad = 1;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const last = i + 4 === clean.length;
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const c = clean.charCodeAt(i + j);
      let d = c < 256 ? B64_INDEX[c]! : -1;
      if (c === 61 /* = */ && last && j >= 4 - pad) d = 0;
      if (d < 0) throw bad();
      v = (v << 6) | d;
    }
    out[o++] = (v >> 16) & 0xff;
    if (o < out.length) out[o++] = (v >> 8) & 0xff;
    if (o < out.length) out[o++] = v & 0xff;
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const v = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(v >> 18) & 63]! + B64[(v >> 12) & 63]!;
    out += b === undefined ? '=' : B64[(v >> 6) & 63]!;
    out += c === undefined ? '=' : B64[v & 63]!;
  }
  return out;
}

const BEGIN = /-----BEGIN ([^-\r\n]*)-----/g;

/**
 * Every PEM block in `text`, in order. Text between blocks is ignored (as
 * OpenSSL does with "Bag Attributes" and comments); LF and CRLF line ends and
 * any whitespace inside the base64 are accepted. A BEGIN line without its
 * END line, or a body that is not base64, throws a `TlsError` (`decode_error`).
 */
export function decodePem(input: string | Uint8Array): PemBlock[] {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('decodePem: expected PEM text or bytes');
  }
  const text = typeof input === 'string' ? input : latin1(input);
  const blocks: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  for (;;) {
    const m = BEGIN.exec(text);
    if (m === null) break;
    const label = m[1]!;
    const endLine = `-----END ${label}-----`;
    const bodyStart = m.index + m[0].length;
    const end = text.indexOf(endLine, bodyStart);
    if (end < 0) {
      throw pkiError(
        'decode_error',
        PkiErrorCode.PemUnterminated,
        `tls: PEM block "${label}" has no END line`,
      );
    }
    let body = text.slice(bodyStart, end);
    const headers: Record<string, string> = {};
    if (body.includes(':')) {
      // RFC 1421 headers end at the first blank line.
      const parts = body.split(/\r?\n\r?\n/);
      if (parts.length >= 2) {
        for (const line of parts[0]!.split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
        }
        body = parts.slice(1).join('\n');
      }
    }
    blocks.push({ label, der: decodeBase64(body, `PEM block "${label}"`), headers });
    BEGIN.lastIndex = end + endLine.length;
  }
  return blocks;
}

/** A PEM block with 64-character lines and a final newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  let out = `-----BEGIN ${label}-----\n`;
  for (let i = 0; i < b64.length; i += 64) out += `${b64.slice(i, i + 64)}\n`;
  return `${out}-----END ${label}-----\n`;
}

/** True when `input` looks like PEM text rather than DER. */
export function isPem(input: string | Uint8Array): boolean {
  if (typeof input === 'string') return true;
  return input.length === 0 || input[0] !== 0x30;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}
