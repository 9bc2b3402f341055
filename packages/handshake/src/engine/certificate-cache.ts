import { type Certificate, parseCertificate } from '@strata/pki';
import { equalBytes } from '@strata/wire';

/**
 * A small bounded cache of parsed peer certificates, keyed by their DER
 * bytes: repeated handshakes with the same peer (and resumed sessions that
 * recorded its chain) do not parse the same certificate again. Parsing
 * (ASN.1 decoding) costs about as much as one P-256 verification.
 *
 * Only the parse is cached. Every check that depends on the handshake
 * (signatures, validity period, names, purpose, trust) still runs on each
 * use. A hit requires byte equality with the cached DER, not only an equal
 * hash. The cached certificate is parsed from a private copy of the bytes,
 * so later reuse of the caller's buffer cannot change it. Certificates that
 * fail to parse are not cached (the error is thrown each time).
 *
 * Least recently used entries are evicted beyond `capacity`.
 */
export class CertificateCache {
  readonly #entries = new Map<number, Certificate[]>();
  #size = 0;

  constructor(readonly capacity = 64) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`CertificateCache: capacity ${capacity} is not an integer ≥ 0`);
    }
  }

  /** Certificates held. */
  get size(): number {
    return this.#size;
  }

  /** The parse of `der`: the cached one if identical bytes were parsed before, else a new one (cached). */
  parse(der: Uint8Array): Certificate {
    if (this.capacity === 0) return parseCertificate(der);
    const key = fnv1a(der);
    const bucket = this.#entries.get(key);
    if (bucket) {
      for (const cert of bucket) {
        if (equalBytes(cert.der, der)) {
          // Refresh: move the bucket to the most recently used end.
          this.#entries.delete(key);
          this.#entries.set(key, bucket);
          return cert;
        }
      }
    }
    const cert = parseCertificate(der.slice());
    if (bucket) {
      bucket.push(cert);
      this.#entries.delete(key);
      this.#entries.set(key, bucket);
    } else {
      this.#entries.set(key, [cert]);
    }
    this.#size++;
    while (this.#size > this.capacity) this.#evictOldest();
    return cert;
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }

  #evictOldest(): void {
    const first = this.#entries.entries().next();
    if (first.done) return;
    const [key, bucket] = first.value;
    bucket.shift();
    this.#size--;
    if (bucket.length === 0) this.#entries.delete(key);
  }
}

/** 32-bit FNV-1a over all bytes: a bucket key only; hits are confirmed by byte equality. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ bytes.length) >>> 0;
}

/** The process-wide cache the engines use for peer certificates and resumed sessions' chains. */
export const peerCertificateCache = /* @__PURE__ */ new CertificateCache(64);
