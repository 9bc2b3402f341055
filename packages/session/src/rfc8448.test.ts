import { readFileSync } from 'node:fs';
import { nobleProvider } from '@strata/crypto';
import { fromHex, toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { derivePsk } from './index.js';

const vector = JSON.parse(
  readFileSync(new URL('../test/vectors/rfc8448.json', import.meta.url), 'utf8'),
) as { resumptionMasterSecret: string; ticketNonce: string; psk: string };

describe('RFC 8448 §3', () => {
  it('derives the ticket PSK from the resumption master secret and nonce', () => {
    const psk = derivePsk(
      nobleProvider.hashes.sha256,
      fromHex(vector.resumptionMasterSecret),
      fromHex(vector.ticketNonce),
    );
    expect(toHex(psk)).toBe(vector.psk);
  });
});
