import { toHex } from '@strata/wire';
import { type Certificate, parseCertificates } from './certificate.js';

/**
 * A set of trusted certificates (trust anchors), indexed by subject for
 * issuer lookups. Adding the same certificate twice keeps one copy.
 */
export class TrustStore {
  readonly #bySubject = new Map<string, Certificate[]>();
  readonly #byDer = new Set<string>();
  #count = 0;

  /** A store holding every certificate in `pem` (a bundle such as ca-certificates.crt). */
  static fromPem(pem: string | Uint8Array): TrustStore {
    const store = new TrustStore();
    store.addPem(pem);
    return store;
  }

  /** Adds one certificate; returns false when it was already there. */
  add(cert: Certificate): boolean {
    const key = toHex(cert.der);
    if (this.#byDer.has(key)) return false;
    this.#byDer.add(key);
    const list = this.#bySubject.get(cert.subject.canonical);
    if (list) list.push(cert);
    else this.#bySubject.set(cert.subject.canonical, [cert]);
    this.#count++;
    return true;
  }

  /** Adds every certificate of a PEM bundle; returns how many were new. */
  addPem(pem: string | Uint8Array): number {
    let added = 0;
    for (const cert of parseCertificates(pem, { requireOne: false })) if (this.add(cert)) added++;
    return added;
  }

  /** True when this exact certificate (same DER) is trusted. */
  has(cert: Certificate): boolean {
    return this.#byDer.has(toHex(cert.der));
  }

  /** Certificates whose subject equals `cert`'s issuer. */
  bySubject(canonicalName: string): readonly Certificate[] {
    return this.#bySubject.get(canonicalName) ?? [];
  }

  get size(): number {
    return this.#count;
  }

  *[Symbol.iterator](): IterableIterator<Certificate> {
    for (const list of this.#bySubject.values()) yield* list;
  }
}
