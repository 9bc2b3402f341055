import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { hasOpenssl, opensslVersion, startOpensslServer } from './openssl.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-peers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasOpenssl())('openssl peers', () => {
  it('reports the CLI version', () => {
    expect(opensslVersion()?.[0]).toBeGreaterThanOrEqual(3);
  });

  it('starts s_server on an OS-chosen port that node:tls can reach', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const { server, port } = await startOpensslServer(
      ['-cert', cert, '-key', key, '-naccept', '1', '-tls1_3'],
      15_000,
    );
    try {
      expect(port).toBeGreaterThan(0);
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
          const p = socket.getProtocol();
          socket.end();
          resolve(p);
        });
        socket.on('error', reject);
        socket.setTimeout(10_000, () => reject(new Error('timeout')));
      });
      expect(protocol).toBe('TLSv1.3');
    } finally {
      await server.stop();
    }
  });
});
