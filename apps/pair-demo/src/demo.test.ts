import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type DemoMaterial, runDemo } from './demo.js';

const pem = (name: string) =>
  readFileSync(new URL(`../demo-certs/${name}`, import.meta.url), 'utf8');
const material: DemoMaterial = {
  caPem: pem('demo-ca.pem'),
  serverCertPem: pem('demo-server.pem'),
  serverKeyPem: pem('demo-server.key'),
  clientCertPem: pem('demo-client.pem'),
  clientKeyPem: pem('demo-client.key'),
};

/** Message names of the decrypted trace, in order. */
const names = (lines: readonly string[]) =>
  lines.flatMap((l) => {
    const m = /^ {2}#\d+\s+(?:plaintext|handshake keys|application keys)\s+(\w+)/.exec(l);
    return m ? [m[1]] : [];
  });

describe('pair-demo', () => {
  it('prints every flight decrypted, the parameters and the echo', () => {
    const lines = runDemo(material, { message: 'ping 42' });
    expect(names(lines)).toEqual([
      'ClientHello',
      'ServerHello',
      'ChangeCipherSpec',
      'EncryptedExtensions',
      'Certificate',
      'CertificateVerify',
      'Finished',
      'ChangeCipherSpec',
      'Finished',
      'ApplicationData',
      'ApplicationData',
      'Alert',
      'Alert',
    ]);
    const out = lines.join('\n');
    expect(out).toMatch(/ALPN\s+h2/);
    expect(out).toMatch(/key exchange\s+x25519/);
    expect(out).toContain('client sent "ping 42", got back "ping 42"');
    expect(out).not.toContain('MISMATCH');
  });

  it('shows the client certificate flight with -mutual and the chosen group', () => {
    const lines = runDemo(material, { mutual: true, group: 'P-384', alpn: ['http/1.1'] });
    const trace = names(lines);
    expect(trace.filter((n) => n === 'Certificate')).toHaveLength(2);
    expect(trace).toContain('CertificateRequest');
    const out = lines.join('\n');
    expect(out).toMatch(/key exchange\s+secp384r1/);
    expect(out).toMatch(/client certificate\s+\/O=Strata DEMO ONLY\/CN=pair-demo client/);
    expect(out).toMatch(/ALPN\s+http\/1\.1/);
  });

  it('refuses an unknown group', () => {
    expect(() => runDemo(material, { group: 'P-521' })).toThrow(RangeError);
  });

  it('runs as a process through its bin and exits 0', () => {
    const bin = fileURLToPath(new URL('../bin/pair-demo.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, '-msg', 'from the bin'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('client sent "from the bin", got back "from the bin"');
    const bad = spawnSync(process.execPath, [bin, '-nope'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown option -nope');
  });
});
