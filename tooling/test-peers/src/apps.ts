// The apps (apps/<name>/src/main.ts) run as processes with tsx, workspace
// packages from source, and certificates made with the openssl CLI. Every
// process has a hard lifetime, so none outlives its test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppProcess, bounded } from './process.js';

export type { AppProcess } from './process.js';

/** A CA, an ECDSA and an RSA server certificate for localhost/127.0.0.1, and a client certificate. */
export interface TestPki {
  readonly dir: string;
  readonly ca: string;
  readonly serverEc: { cert: string; key: string };
  readonly serverRsa: { cert: string; key: string };
  readonly client: { cert: string; key: string };
  /** A self-signed certificate nothing trusts. */
  readonly otherCa: string;
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'strata-apps-pki-'));
  const p = (name: string) => join(dir, name);
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  writeFileSync(
    p('ext.cnf'),
    [
      '[ req ]',
      'distinguished_name = dn',
      '[ dn ]',
      '[ root ]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier = hash',
      '[ server ]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:localhost,IP:127.0.0.1',
      '[ client ]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = clientAuth',
      '',
    ].join('\n'),
  );
  const ec = (name: string) =>
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p(name)]);
  const selfSigned = (key: string, cert: string, cn: string) =>
    run([
      'req',
      '-new',
      '-x509',
      '-key',
      p(key),
      '-subj',
      `/CN=${cn}`,
      '-days',
      '30',
      '-config',
      p('ext.cnf'),
      '-extensions',
      'root',
      '-out',
      p(cert),
    ]);
  const leaf = (key: string, cert: string, cn: string, ext: string) => {
    run([
      'req',
      '-new',
      '-key',
      p(key),
      '-subj',
      `/CN=${cn}`,
      '-config',
      p('ext.cnf'),
      '-out',
      p(`${cert}.csr`),
    ]);
    run([
      'x509',
      '-req',
      '-in',
      p(`${cert}.csr`),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-set_serial',
      String(Date.now() % 1e9),
      '-days',
      '30',
      '-extfile',
      p('ext.cnf'),
      '-extensions',
      ext,
      '-out',
      p(cert),
    ]);
  };
  ec('ca.key');
  selfSigned('ca.key', 'ca.pem', 'Strata Apps Test CA');
  ec('server-ec.key');
  leaf('server-ec.key', 'server-ec.pem', 'localhost', 'server');
  run([
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    p('server-rsa.key'),
  ]);
  leaf('server-rsa.key', 'server-rsa.pem', 'localhost', 'server');
  ec('client.key');
  leaf('client.key', 'client.pem', 'strata apps client', 'client');
  ec('other.key');
  selfSigned('other.key', 'other.pem', 'Untrusted Other CA');
  return {
    dir,
    ca: p('ca.pem'),
    serverEc: { cert: p('server-ec.pem'), key: p('server-ec.key') },
    serverRsa: { cert: p('server-rsa.pem'), key: p('server-rsa.key') },
    client: { cert: p('client.pem'), key: p('client.key') },
    otherCa: p('other.pem'),
  };
}

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
const APPS = fileURLToPath(new URL('../../../apps/', import.meta.url));

/** Runs `apps/<app>/src/main.ts` as a process, killed after `lifetimeMs` whatever happens. */
export function startApp(app: string, args: readonly string[], lifetimeMs = 45_000): AppProcess {
  const child = spawn(
    process.execPath,
    [TSX_CLI, '--conditions=@strata/source', join(APPS, app, 'src/main.ts'), ...args],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return bounded(child, { lifetimeMs, name: app, waitMs: 20_000 });
}

/** Starts s-server on a free port of 127.0.0.1; resolves once it listens. */
export async function startServer(
  args: readonly string[],
  lifetimeMs = 45_000,
): Promise<{ server: AppProcess; port: number }> {
  const server = startApp('s-server', ['-accept', '127.0.0.1:0', ...args], lifetimeMs);
  const m = await server.waitFor(/ACCEPT 127\.0\.0\.1:(\d+)/, 30_000);
  return { server, port: Number(m[1]) };
}
