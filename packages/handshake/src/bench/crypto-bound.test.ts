import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '@strata/crypto';
import { parseCertificatePem, parsePrivateKey } from '@strata/pki';
import { describe, expect, it } from 'vitest';
import {
  type CryptoBoundOp,
  cryptoBoundHandshake,
  fullHandshakeOps,
  limitFromRates,
  resumedHandshakeOps,
} from './index.js';

const fx = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url)), 'utf8');
const P = nobleProvider;
const suite = P.cipherSuites.find((s) => s.code === 0x1301);
const x25519 = P.groups.find((g) => g.name === 'x25519')!;
const p256 = P.signatureSchemes.find((s) => s.name === 'ecdsa_secp256r1_sha256')!;
if (suite?.version !== 'TLS1.3') throw new Error('no TLS 1.3 AES-128-GCM suite');

function shape(leafSignature?: Uint8Array) {
  const leaf = parseCertificatePem(fx('server-p256.pem'));
  const ca = parseCertificatePem(fx('ca.pem'));
  return {
    provider: P,
    kind: 'ecdsa_p256',
    group: x25519,
    suite: suite as Extract<typeof suite, { version: 'TLS1.3' }>,
    cvScheme: p256,
    serverKey: parsePrivateKey(fx('server-p256.key')),
    leafPublicKey: leaf.publicKey,
    caScheme: p256,
    caPublicKey: ca.publicKey,
    leafTbs: leaf.tbs,
    leafSignature: leafSignature ?? leaf.signature,
    handshakeBytes: 1000,
  };
}

describe('crypto-bound handshake definition', () => {
  it('lists the full handshake operations with their counts, each runnable', () => {
    const ops = fullHandshakeOps(shape());
    expect(ops.map((o) => [o.key, o.count])).toEqual([
      ['kx.x25519.client', 1],
      ['kx.x25519.server', 1],
      ['sig.ecdsa_p256.sign', 1],
      ['sig.ecdsa_p256.verify_cv', 1],
      ['sig.ecdsa_p256.verify_chain', 1],
      ['sym.1301.schedule.1000', 2],
      ['sym.1301.aead.1000', 1],
    ]);
    // the verifications really verify (a failing one would return false)
    expect(ops.find((o) => o.key === 'sig.ecdsa_p256.verify_cv')!.fn()).toBe(true);
    expect(ops.find((o) => o.key === 'sig.ecdsa_p256.verify_chain')!.fn()).toBe(true);
    expect(() => cryptoBoundHandshake(ops)).not.toThrow();
  });

  it('refuses a shape whose leaf is not signed by the CA', () => {
    const bad = shape().leafSignature.slice();
    bad[bad.length - 5]! ^= 1;
    expect(() => fullHandshakeOps(shape(bad))).toThrow(/not signed by the CA/);
  });

  it('adds the ticket work to a resumed handshake and no signatures', () => {
    const ops = resumedHandshakeOps({
      provider: P,
      group: x25519,
      suite: shape().suite,
      handshakeBytes: 800,
      ticketBytes: 160,
    });
    const keys = ops.map((o) => o.key);
    expect(keys).toContain('resumed.ticket.160');
    expect(keys.some((k) => k.startsWith('sig.'))).toBe(false);
    expect(() => cryptoBoundHandshake(ops)).not.toThrow();
  });

  it('runs each operation its count of times, in order', () => {
    const calls: string[] = [];
    const op = (key: string, count: number): CryptoBoundOp => ({
      key,
      label: key,
      count,
      fn: () => calls.push(key),
    });
    cryptoBoundHandshake([op('a', 1), op('b', 2), op('c', 1)]);
    expect(calls).toEqual(['a', 'b', 'b', 'c']);
  });

  it('sums the per-operation costs into handshakes per second', () => {
    const ops = [
      { key: 'a', label: 'a', count: 1, fn: () => 0 },
      { key: 'b', label: 'b', count: 2, fn: () => 0 },
    ];
    // a: 100/s = 10 ms, b: 200/s = 5 ms ×2 → 20 ms per handshake → 50/s
    expect(limitFromRates(ops, (o) => (o.key === 'a' ? 100 : 200))).toBeCloseTo(50, 9);
  });
});
