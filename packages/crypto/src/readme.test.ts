/**
 * The README's runnable examples, verbatim between markers (compared with the
 * README's code blocks below), with the package imports pointing at the
 * sources: they must run and do what their comments say.
 */
import { readFileSync } from 'node:fs';
import { toHex } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import {
  deriveSecret,
  hkdfExpandLabel,
  nobleGroups,
  nobleProvider,
  systemRandom,
} from './index.js';
import { seededRandom } from './testing/index.js';

function quickStart() {
  // EXAMPLE quick-start
  const sha256 = nobleProvider.hashes.sha256;

  // TLS 1.3 key schedule, RFC 8446 §7.1
  const early = sha256.hkdfExtract(new Uint8Array(32), new Uint8Array(32));
  const derived = deriveSecret(sha256, early, 'derived', sha256.digest(new Uint8Array(0)));
  const key = hkdfExpandLabel(sha256, derived, 'key', new Uint8Array(0), 16);
  const iv = hkdfExpandLabel(sha256, derived, 'iv', new Uint8Array(0), 12);

  // AEAD: seal and open (open gives undefined on a bad tag, never partial plaintext)
  const aead = nobleProvider.aeads.AES_128_GCM.create(key);
  const sealed = aead.seal(iv, new TextEncoder().encode('hello'), new Uint8Array(0));
  const opened = aead.open(iv, sealed, new Uint8Array(0)); // Uint8Array | undefined
  aead.destroy(); // zeroes the key copy
  // END
  return { derived, sealed, opened, aead };
}

function spread() {
  // EXAMPLE spread
  // deterministic randomness for a test
  const testProvider = { ...nobleProvider, random: seededRandom('my test') };

  // ChaCha20-Poly1305 only
  const chachaOnly = {
    ...nobleProvider,
    cipherSuites: nobleProvider.cipherSuites.filter((s) => s.aead.name === 'CHACHA20_POLY1305'),
  };
  // END
  return { testProvider, chachaOnly };
}

function keyExchange() {
  // EXAMPLE key-exchange
  const x25519 = nobleGroups[0]!;
  // Client: start, send kx.publicKey in key_share.
  const kx = x25519.start(systemRandom);
  // Server: answer the client's share in one step.
  const server = x25519.respond(kx.publicKey, systemRandom);
  // Client: the shared secret from the server's share (single use).
  const shared = kx.complete(server.publicKey); // equals server.sharedSecret
  // END
  return { server, shared };
}

/** Code lines without imports, comments and blank lines. */
function body(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('import '));
}

function example(name: string): string[] {
  const self = readFileSync(new URL(import.meta.url), 'utf8');
  const start = self.indexOf(`// EXAMPLE ${name}\n`);
  return body(self.slice(start, self.indexOf('// END', start)));
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => body(m[1]!));

describe('README examples', () => {
  it('quick start: derives, seals, opens and destroys as commented', () => {
    const { derived, sealed, opened, aead } = quickStart();
    // RFC 8448 §3: the "derived" secret from a zero PSK is this value.
    expect(toHex(derived)).toBe('6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba');
    expect(sealed.length).toBe(5 + 16);
    expect(new TextDecoder().decode(opened)).toBe('hello');
    expect(() => aead.seal(new Uint8Array(12), new Uint8Array(1), new Uint8Array(0))).toThrow(
      TypeError,
    );
  });

  it('spread: overrides random and narrows the suites', () => {
    const { testProvider, chachaOnly } = spread();
    expect(toHex(testProvider.random(8))).toBe(toHex(seededRandom('my test')(8)));
    expect(chachaOnly.cipherSuites.length).toBeGreaterThan(0);
    expect(chachaOnly.cipherSuites.every((s) => s.aead.name === 'CHACHA20_POLY1305')).toBe(true);
  });

  it('key exchange: both sides agree', () => {
    const { server, shared } = keyExchange();
    expect(toHex(shared)).toBe(toHex(server.sharedSecret));
  });

  it.each(['quick-start', 'spread', 'key-exchange'])('%s is the code README.md shows', (name) => {
    expect(blocks).toContainEqual(example(name));
  });
});
