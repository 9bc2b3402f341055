import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cert, fixturePath, fixtureText, VERIFY_TIME } from '../../test/fixtures.js';
import {
  loadDefaultTrustStore,
  loadTrustStoreDirectory,
  loadTrustStoreFile,
  verifyChain,
  X509_V,
} from './index.js';

function subjectHash(file: string): string | undefined {
  const r = spawnSync('openssl', ['x509', '-in', file, '-noout', '-hash'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('node trust stores', () => {
  it('loads a bundle file and verifies against it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-bundle-'));
    const file = join(dir, 'bundle.pem');
    writeFileSync(
      file,
      `# comment\n${fixtureText('root-rsa.pem')}\n${fixtureText('root-p256.pem')}`,
    );
    const store = loadTrustStoreFile(file);
    expect(store.size).toBe(2);
    const r = verifyChain(cert('leaf-rsa'), {
      trustStore: store,
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
    });
    expect(r.error).toBe(X509_V.OK);
  });

  it('loads a hashed directory (<hash>.<n>, symlinks followed, other files ignored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-capath-'));
    const hash = subjectHash(fixturePath('root-rsa.pem')) ?? '0badc0de';
    copyFileSync(fixturePath('root-rsa.pem'), join(dir, 'root-rsa.pem'));
    symlinkSync(join(dir, 'root-rsa.pem'), join(dir, `${hash}.0`));
    copyFileSync(fixturePath('root-p256.pem'), join(dir, 'deadbeef.0'));
    writeFileSync(join(dir, 'README'), 'not a certificate');
    writeFileSync(
      join(dir, 'abcdef01.0'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
    const store = loadTrustStoreDirectory(dir);
    expect(store.size).toBe(2);
    expect(store.has(cert('root-rsa'))).toBe(true);
    expect(() => loadTrustStoreDirectory(dir, undefined, { skipInvalid: false })).toThrowError(
      expect.objectContaining({ name: 'TlsError' }),
    );
  });

  it('honours SSL_CERT_FILE and SSL_CERT_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-env-'));
    const file = join(dir, 'one.pem');
    writeFileSync(file, fixtureText('root-p384.pem'));
    const store = loadDefaultTrustStore({ SSL_CERT_FILE: file });
    expect(store.size).toBe(1);
    expect(store.has(cert('root-p384'))).toBe(true);
  });

  it.skipIf(!existsSync('/etc/ssl/certs/ca-certificates.crt'))(
    'loads the system bundle and the system hashed directory',
    () => {
      const start = performance.now();
      const bundle = loadDefaultTrustStore({});
      const ms = performance.now() - start;
      expect(bundle.size).toBeGreaterThan(50);
      const dir = loadTrustStoreDirectory('/etc/ssl/certs');
      expect(dir.size).toBeGreaterThan(50);
      expect(ms).toBeLessThan(10_000);
    },
  );
});
