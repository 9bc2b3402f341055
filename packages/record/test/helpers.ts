import { createCipheriv } from 'node:crypto';
import { type CipherSuite, nobleProvider } from '@strata/crypto';
import { isTlsError, type TlsError } from '@strata/wire';
import {
  type ReadEvent,
  type RecordProtectionKeys,
  type RecordReader,
  tls12Keys,
  tls13Keys,
} from '../src/index.js';

export const suites: readonly CipherSuite[] = nobleProvider.cipherSuites;
export const tls13Suites = suites.filter((s) => s.version === 'TLS1.3');
export const tls12Suites = suites.filter(
  (s): s is Extract<CipherSuite, { version: 'TLS1.2' }> => s.version === 'TLS1.2',
);

/** Deterministic bytes (not random; tests must be reproducible). */
export function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Keys for one direction of `suite`, derived from a seed. */
export function keysFor(suite: CipherSuite, seed = 1): RecordProtectionKeys {
  if (suite.version === 'TLS1.3') {
    return tls13Keys(suite, pattern(suite.hash.outputLength, seed));
  }
  return tls12Keys(
    suite,
    pattern(suite.aead.keyLength, seed),
    pattern(suite.fixedIvLength, seed + 100),
  );
}

export function readAll(reader: RecordReader): ReadEvent[] {
  const events: ReadEvent[] = [];
  for (let ev = reader.read(); ev; ev = reader.read()) events.push(ev);
  return events;
}

/** Runs `fn` and returns the TlsError it throws; fails on success or any other exception. */
export function tlsErrorOf(fn: () => unknown): TlsError {
  try {
    fn();
  } catch (error) {
    if (isTlsError(error)) return error;
    throw error;
  }
  throw new Error('expected a TlsError, got none');
}

/**
 * An independent AEAD (node:crypto, i.e. OpenSSL) used only to cross-check the
 * nonce and AAD construction of TLS 1.2 records.
 */
export function nodeSeal(
  aead: string,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  const algorithm =
    aead === 'CHACHA20_POLY1305'
      ? 'chacha20-poly1305'
      : aead === 'AES_128_GCM'
        ? 'aes-128-gcm'
        : 'aes-256-gcm';
  const cipher = createCipheriv(algorithm as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([body, cipher.getAuthTag()]));
}

/** A raw record: header ‖ fragment. */
export function rawRecord(type: number, version: number, fragment: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + fragment.length);
  out[0] = type;
  out[1] = version >> 8;
  out[2] = version & 255;
  out[3] = fragment.length >> 8;
  out[4] = fragment.length & 255;
  out.set(fragment, 5);
  return out;
}

/** A TLS 1.3 record around an arbitrary TLSInnerPlaintext (for malformed-inner tests). */
export function sealTls13(keys: RecordProtectionKeys, seq: bigint, inner: Uint8Array): Uint8Array {
  if (keys.version !== 'TLS1.3') throw new TypeError('TLS 1.3 keys expected');
  const nonce = keys.iv.slice();
  const view = new DataView(nonce.buffer);
  view.setBigUint64(4, view.getBigUint64(4) ^ seq);
  const length = inner.length + keys.aead.tagLength;
  const header = Uint8Array.of(23, 3, 3, length >> 8, length & 255);
  const sealed = keys.aead.create(keys.key).seal(nonce, inner, header);
  const out = new Uint8Array(5 + sealed.length);
  out.set(header);
  out.set(sealed, 5);
  return out;
}
