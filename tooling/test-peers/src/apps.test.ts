import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makePki, startApp } from './apps.js';
import { hasOpenssl } from './openssl.js';

describe('startApp', () => {
  it('runs an app with its arguments and reports its output and exit code', async () => {
    const app = startApp('tls-dump', ['-no-such-flag']);
    expect(await app.exited()).not.toBe(0);
    expect(app.stderr()).toMatch(/usage: tls-dump/);
    expect(app.output()).toContain(app.stderr());
  });
});

(hasOpenssl() ? describe : describe.skip)('makePki and lifetimes (openssl on PATH)', () => {
  it('makes the certificates, and kills an app that outlives its lifetime', async () => {
    const pki = makePki();
    for (const f of [pki.ca, pki.serverEc.cert, pki.serverRsa.key, pki.client.cert, pki.otherCa])
      expect(existsSync(f)).toBe(true);
    // s-server never stops by itself; a 5 s lifetime ends it.
    const app = startApp(
      's-server',
      ['-accept', '127.0.0.1:0', '-cert', pki.serverEc.cert, '-key', pki.serverEc.key],
      5_000,
    );
    await app.waitFor(/ACCEPT 127\.0\.0\.1:\d+/, 30_000);
    expect(await app.exited()).toBe('SIGKILL');
  });
});
