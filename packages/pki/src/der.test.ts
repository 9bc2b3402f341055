import { readdirSync } from 'node:fs';
import { isTlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAINS, cert, VERIFY_TIME } from '../test/fixtures.js';
import { parseCertificate } from './certificate.js';
import { checkDer } from './der.js';
import { parsePrivateKey, parsePublicKeyInfo } from './keys.js';
import { TrustStore } from './trust-store.js';
import { verifyChain } from './verify.js';

/** DER length octets for `n`. */
function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** `depth` SEQUENCEs, one inside the other, around a NULL. */
function nested(depth: number): Uint8Array {
  const sizes = [2];
  for (let i = 1; i <= depth; i++) sizes.push(1 + len(sizes[i - 1]!).length + sizes[i - 1]!);
  const out = new Uint8Array(sizes[depth]!);
  let o = 0;
  for (let i = depth; i >= 1; i--) {
    for (const b of [0x30, ...len(sizes[i - 1]!)]) out[o++] = b;
  }
  out.set([0x05, 0x00], o);
  return out;
}

function expectTlsError(fn: () => unknown, code?: string): void {
  try {
    fn();
  } catch (error) {
    expect(isTlsError(error)).toBe(true);
    if (code !== undefined) expect((error as { code: string }).code).toBe(code);
    expect((error as { alert: string }).alert).toBe('bad_certificate');
    return;
  }
  throw new Error('expected a TlsError');
}

describe('bad DER', () => {
  it('refuses garbage, empty and truncated input', () => {
    expectTlsError(() => parseCertificate(new Uint8Array(0)), 'PKI_DER_TRUNCATED');
    expectTlsError(() => parseCertificate(new Uint8Array([0x30])), 'PKI_DER_TRUNCATED');
    expectTlsError(() => parseCertificate(new TextEncoder().encode('hello, world')));
    const der = cert('leaf-rsa').der;
    for (const n of [1, 2, 4, 100, der.length - 1]) {
      expectTlsError(() => parseCertificate(der.subarray(0, n)), 'PKI_DER_TRUNCATED');
    }
  });

  it('throws TypeError for caller mistakes, not TlsError', () => {
    expect(() => parseCertificate('MIIB' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parsePrivateKey(42 as unknown as string)).toThrow(TypeError);
    expect(() => verifyChain(cert('leaf-rsa'), {} as never)).toThrow(TypeError);
  });

  it('decodes no strict prefix of a valid certificate', () => {
    for (const name of ['leaf-p256', 'leaf-ed25519']) {
      const der = cert(name).der;
      for (let n = 0; n < der.length; n++) {
        expectTlsError(() => parseCertificate(der.subarray(0, n)), 'PKI_DER_TRUNCATED');
      }
    }
  });

  it('refuses trailing bytes', () => {
    const der = cert('leaf-rsa').der;
    const longer = new Uint8Array(der.length + 1);
    longer.set(der);
    expectTlsError(() => parseCertificate(longer), 'PKI_DER_TRAILING_BYTES');
  });

  it('refuses a huge length field without allocating it', () => {
    expectTlsError(
      () => parseCertificate(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00])),
      'PKI_DER_TRUNCATED',
    );
    expectTlsError(
      () => parseCertificate(new Uint8Array([0x30, 0x88, 1, 2, 3, 4, 5, 6, 7, 8])),
      'PKI_DER_LENGTH_TOO_LARGE',
    );
    expectTlsError(
      () => parseCertificate(new Uint8Array([0x30, 0x80, 0x00, 0x00])),
      'PKI_DER_INDEFINITE_LENGTH',
    );
    expectTlsError(
      () => parseCertificate(new Uint8Array([0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00])),
      'PKI_DER_TAG_TOO_LARGE',
    );
  });

  it('refuses deep nesting quickly and without exhausting the stack', () => {
    const deep = nested(20_000);
    const start = performance.now();
    expectTlsError(() => parseCertificate(deep), 'PKI_DER_TOO_DEEP');
    expect(performance.now() - start).toBeLessThan(500);
    expect(() => checkDer(nested(20), 'bad_certificate', 'x')).not.toThrow();
  });

  it('refuses input over the size limit and inputs with too many elements', () => {
    expectTlsError(() => parseCertificate(new Uint8Array((1 << 20) + 1)), 'PKI_DER_TOO_LARGE');
    const many = new Uint8Array(2 + 4 + 2 * 60_000);
    many.set([0x30, 0x83, ...len(2 * 60_000).slice(1)]);
    for (let i = 6; i < many.length; i += 2) many[i] = 0x05;
    expectTlsError(
      () => parseCertificate(many.subarray(0, 5 + 2 * 60_000)),
      'PKI_DER_TOO_MANY_ELEMENTS',
    );
  });

  it('gives a TlsError (decode_error) for bad key files', () => {
    for (const bad of [
      new Uint8Array([0x30, 0x03, 0x02, 0x01]),
      new Uint8Array([1, 2, 3]),
      nested(100),
    ]) {
      try {
        parsePrivateKey(bad);
        throw new Error('parsed');
      } catch (error) {
        expect(isTlsError(error)).toBe(true);
        expect((error as { alert: string }).alert).toBe('decode_error');
      }
    }
  });
});

describe('fuzzing with mutated real certificates', () => {
  const seeds = [
    'leaf-rsa',
    'leaf-p256',
    'leaf-ed25519',
    'leaf-pss',
    'int-nc-ip',
    'int-nc-dns',
    'leaf-critical-unknown',
  ].map((n) => cert(n).der);
  const trustStore = new TrustStore();
  trustStore.add(cert('root-rsa'));

  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
    fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      count: fc.integer({ min: 1, max: 8 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
    fc.record({
      kind: fc.constant('length' as const),
      at: fc.nat(),
      value: fc.constantFrom(0x80, 0x81, 0x84, 0x85, 0xff, 0x7f, 0x00),
    }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(der: Uint8Array, ms: Mutation[]): Uint8Array {
    let bytes = Array.from(der);
    for (const m of ms) {
      const at = bytes.length === 0 ? 0 : m.at % bytes.length;
      switch (m.kind) {
        case 'flip':
          bytes[at] = bytes[at]! ^ (1 << m.bit);
          break;
        case 'set':
        case 'length':
          bytes[at] = m.value;
          break;
        case 'truncate':
          bytes = bytes.slice(0, at);
          break;
        case 'delete':
          bytes.splice(at, m.count);
          break;
        case 'insert':
          bytes.splice(at, 0, ...m.bytes);
          break;
      }
    }
    return new Uint8Array(bytes);
  }

  it('only TlsError escapes parsing, verification and key decoding, in bounded time', () => {
    let parsed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, ms) => {
          const bytes = mutate(seed, ms);
          const start = performance.now();
          try {
            const c = parseCertificate(bytes);
            parsed++;
            // Whatever parses must verify (or fail verification) without throwing.
            const r = verifyChain(c, {
              trustStore,
              intermediates: [cert('int-rsa')],
              time: VERIFY_TIME,
              hostname: 'www.example.com',
            });
            expect(typeof r.error).toBe('number');
          } catch (error) {
            if (!isTlsError(error)) throw error;
          }
          for (const fn of [() => parsePublicKeyInfo(bytes), () => parsePrivateKey(bytes)]) {
            try {
              fn();
            } catch (error) {
              if (!isTlsError(error)) throw error;
            }
          }
          expect(performance.now() - start).toBeLessThan(1000);
        },
      ),
      { numRuns: 400 },
    );
    // The mutations must leave some inputs parseable, or this would only test the framing.
    expect(parsed).toBeGreaterThan(0);
  });

  // A trust anchor's own signature is never checked, so a mutated certificate
  // used as the anchor (or as a second intermediate) reaches every later step:
  // keys, name constraints, strict checks, auth level, host and IP matching.
  const allFixtures = readdirSync(CHAINS)
    .filter((f) => f.endsWith('.pem'))
    .map((f) => cert(f.slice(0, -4)).der);
  it('a mutated certificate as trust anchor or intermediate never makes verification throw', () => {
    let parsed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...allFixtures),
        fc.constantFrom(...allFixtures),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('openssl' as const, 'strict' as const),
        (seed, other, ms, asAnchor, policy) => {
          const start = performance.now();
          let c: ReturnType<typeof parseCertificate>;
          try {
            c = parseCertificate(mutate(seed, ms));
          } catch (error) {
            if (!isTlsError(error)) throw error;
            return;
          }
          parsed++;
          const o = parseCertificate(other);
          const store = new TrustStore();
          store.add(o);
          if (asAnchor) store.add(c);
          const r = verifyChain(asAnchor ? o : c, {
            trustStore: store,
            intermediates: [c, o, cert('int-rsa')],
            time: VERIFY_TIME,
            hostname: ['www.example.com', '.example.com', 'xn--bcher-kva.example'],
            ip: '::1',
            purpose: 'sslserver',
            policy,
            x509Strict: ms.length !== 2,
            authLevel: ms.length,
            partialChain: asAnchor,
            callback: () => true,
          });
          expect(typeof r.error).toBe('number');
          expect(typeof c.subject.rfc4514 + typeof c.issuer.oneline).toBe('stringstring');
          expect(performance.now() - start).toBeLessThan(1000);
        },
      ),
      { numRuns: 300 },
    );
    expect(parsed).toBeGreaterThan(0);
  });
});
