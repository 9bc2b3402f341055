import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCertificatePem } from '@strata/pki';
import { describe, expect, it } from 'vitest';
import { CertificateCache } from './certificate-cache.js';

const pem = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url)), 'utf8');
const leafDer = parseCertificatePem(pem('server-p256.pem')).der;
const caDer = parseCertificatePem(pem('ca.pem')).der;

describe('CertificateCache', () => {
  it('returns the same parse for identical bytes, even from a different buffer', () => {
    const cache = new CertificateCache(4);
    const a = cache.parse(leafDer);
    const b = cache.parse(leafDer.slice());
    expect(b).toBe(a);
    expect(cache.size).toBe(1);
    expect(a.der).toEqual(leafDer);
  });

  it('keeps its own copy: changing the caller buffer later does not change the cached parse', () => {
    const cache = new CertificateCache(4);
    const buf = leafDer.slice();
    const a = cache.parse(buf);
    buf[buf.length - 1]! ^= 1;
    expect(a.der).toEqual(leafDer);
    expect(cache.parse(leafDer)).toBe(a);
  });

  it('misses when one byte differs, and parses (or rejects) those bytes themselves', () => {
    const cache = new CertificateCache(4);
    const a = cache.parse(leafDer);
    // Flip a byte inside the signature value (the last byte): still parses, different certificate.
    const changed = leafDer.slice();
    changed[changed.length - 1]! ^= 0x01;
    const b = cache.parse(changed);
    expect(b).not.toBe(a);
    expect(b.der).toEqual(changed);
    expect(b.signature).not.toEqual(a.signature);
    expect(cache.size).toBe(2);
    // A change that breaks the DER is an error every time, and not cached.
    const broken = leafDer.slice();
    broken[1] = 0x00;
    expect(() => cache.parse(broken)).toThrow();
    expect(() => cache.parse(broken)).toThrow();
    expect(cache.size).toBe(2);
  });

  it('is bounded: least recently used entries are evicted', () => {
    const cache = new CertificateCache(3);
    const variants = Array.from({ length: 5 }, (_, i) => {
      const d = leafDer.slice();
      d[d.length - 1] = i;
      return d;
    });
    const parsed = variants.map((d) => cache.parse(d));
    expect(cache.size).toBe(3);
    // The last three are held; the first two were evicted (a new parse, not the old object).
    expect(cache.parse(variants[4]!)).toBe(parsed[4]);
    expect(cache.parse(variants[2]!)).toBe(parsed[2]);
    expect(cache.parse(variants[0]!)).not.toBe(parsed[0]);
    expect(cache.size).toBe(3);
    // variants[3] was least recently used, so it went when variants[0] came back.
    expect(cache.parse(variants[3]!)).not.toBe(parsed[3]);
    expect(cache.size).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('capacity 0 caches nothing', () => {
    const cache = new CertificateCache(0);
    expect(cache.parse(caDer)).not.toBe(cache.parse(caDer));
    expect(cache.size).toBe(0);
    expect(() => new CertificateCache(-1)).toThrow(RangeError);
  });
});
