import { node24 } from '@strata/node24-peer';
import { describe, expect, it } from 'vitest';
import { makeFixtures } from '../bench/fixtures.js';
import { startNode24Bench } from '../bench/node24.js';

describe.skipIf(node24() === undefined)('the Node 24 node:tls worker', () => {
  it('reports OpenSSL ≥ 3.5 and times X25519MLKEM768 and x25519 handshakes', async () => {
    const bench = await startNode24Bench(makeFixtures());
    expect(bench).toBeDefined();
    try {
      expect(bench!.openssl).toMatch(/^3\.([5-9]|\d\d)\./);
      for (const group of ['x25519mlkem768', 'x25519'] as const) {
        const rate = await bench!.sample('ecdsa_p256', group, 20);
        expect(rate).toBeGreaterThan(0);
        expect(Number.isFinite(rate)).toBe(true);
      }
    } finally {
      await bench!.close();
    }
  });
});
