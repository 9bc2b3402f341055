// Runs under Node 24 (OpenSSL 3.5, which has X25519MLKEM768), started by
// bench/node24.ts: node:tls handshakes on 127.0.0.1, client and server in
// this process, timed on this process's clock. One JSON command per stdin
// line, one JSON answer per stdout line:
//   {op:'init', fixtures}          → {node, openssl}
//   {op:'sample', kind, group, budgetMs} → {rate} (handshakes per CPU second)
// It exits when stdin closes.
import { createInterface } from 'node:readline';
import * as tls from 'node:tls';

const GROUPS = { x25519: 'X25519', x25519mlkem768: 'X25519MLKEM768' };
const cpuMs =
  process.env.BENCH_CLOCK === 'wall'
    ? () => performance.now()
    : () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      };
let fixtures;
const servers = new Map();

async function serverFor(kind, group) {
  const key = `${kind}.${group}`;
  if (!servers.has(key)) {
    const set = fixtures[kind];
    const server = tls.createServer(
      {
        key: set.keyPem,
        cert: set.certPem,
        minVersion: 'TLSv1.3',
        maxVersion: 'TLSv1.3',
        ciphers: 'TLS_AES_128_GCM_SHA256',
        ecdhCurve: GROUPS[group],
      },
      (s) => {
        s.on('error', () => s.destroy());
        s.end();
      },
    );
    server.on('tlsClientError', () => {});
    await new Promise((r) => server.listen(0, '127.0.0.1', 4096, r));
    server.unref();
    servers.set(key, server.address().port);
  }
  return servers.get(key);
}

function handshake(port, kind, group) {
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: fixtures[kind].caPem,
      minVersion: 'TLSv1.3',
      ecdhCurve: GROUPS[group],
    });
    const timer = setTimeout(() => reject(new Error('node 24 handshake timed out')), 60_000);
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on('data', () => {});
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve();
    };
    s.once('end', done);
    s.once('close', done);
  });
}

async function sample({ kind, group, budgetMs }) {
  const port = await serverFor(kind, group);
  let n = 0;
  const start = cpuMs();
  while (n < 2 || cpuMs() - start < budgetMs) {
    await handshake(port, kind, group);
    n++;
  }
  return { rate: (n * 1000) / Math.max(cpuMs() - start, 1e-3) };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const cmd = JSON.parse(line);
  let answer;
  try {
    if (cmd.op === 'init') {
      fixtures = cmd.fixtures;
      answer = { node: process.version, openssl: process.versions.openssl };
    } else if (cmd.op === 'sample') {
      answer = await sample(cmd);
    } else {
      answer = { error: `unknown op ${cmd.op}` };
    }
  } catch (e) {
    answer = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
process.exit(0);
