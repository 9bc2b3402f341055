// Test helpers (openssl peers come from @strata/test-peers): certificates
// made with the openssl CLI, the apps run as processes (tsx, workspace
// packages from source), a recording TCP proxy and a pcap writer. Every
// process has a hard lifetime and every server closes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

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

export interface AppProcess {
  readonly child: ChildProcess;
  output(): string;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  send(data: string): void;
  endInput(): void;
  /** The exit code (or signal name) once the process is gone. */
  exited(): Promise<number | string>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
const APPS = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `apps/<app>/src/main.ts` as a process, killed after `lifetimeMs` whatever happens. */
export function startApp(app: string, args: readonly string[], lifetimeMs = 45_000): AppProcess {
  const child = spawn(
    process.execPath,
    [TSX_CLI, '--conditions=@strata/source', join(APPS, app, 'src/main.ts'), ...args],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return wrap(child, lifetimeMs);
}

function wrap(child: ChildProcess, lifetimeMs: number): AppProcess {
  let all = '';
  let out = '';
  let errText = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('latin1');
    all += c.toString('latin1');
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (c: Buffer) => {
    errText += c.toString('latin1');
    all += c.toString('latin1');
    for (const l of listeners) l();
  });
  child.stdin?.on('error', () => {});
  const killer = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
  killer.unref();
  const exit = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      setImmediate(() => {
        for (const l of listeners) l();
      });
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    child,
    output: () => all,
    stdout: () => out,
    stderr: () => errText,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = all.match(pattern);
          if (m) {
            done();
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`process exited before printing ${pattern}:\n${all}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}:\n${all}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    send: (data) => void child.stdin?.write(data),
    endInput: () => void child.stdin?.end(),
    exited: () => exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
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

export interface Segment {
  readonly fromClient: boolean;
  readonly data: Uint8Array;
}

/** A TCP proxy on 127.0.0.1 that records what crosses it, in order. */
export async function recordingProxy(
  targetPort: number,
): Promise<{ port: number; segments: Segment[]; close(): Promise<void> }> {
  const segments: Segment[] = [];
  const server: Server = createServer({ allowHalfOpen: true }, (inbound) => {
    const outbound = connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    inbound.on('data', (d: Buffer) => {
      segments.push({ fromClient: true, data: new Uint8Array(d) });
      outbound.write(d);
    });
    outbound.on('data', (d: Buffer) => {
      segments.push({ fromClient: false, data: new Uint8Array(d) });
      inbound.write(d);
    });
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    segments,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A pcap (LINKTYPE_ETHERNET) of one TCP connection carrying `segments` (synthetic headers). */
export function pcap(segments: readonly Segment[]): Buffer {
  const parts: Buffer[] = [];
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262144, 16);
  global.writeUInt32LE(1, 20);
  parts.push(global);
  const seq = { client: 1000, server: 5000 };
  let time = 0;
  const packet = (fromClient: boolean, flags: number, data: Uint8Array) => {
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(fromClient ? 40000 : 443, 0);
    tcp.writeUInt16BE(fromClient ? 443 : 40000, 2);
    tcp.writeUInt32BE(fromClient ? seq.client : seq.server, 4);
    tcp.writeUInt32BE(fromClient ? seq.server : seq.client, 8);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    tcp.writeUInt16BE(65535, 14);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 20 + data.length, 2);
    ip[8] = 64;
    ip[9] = 6;
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const eth = Buffer.alloc(14);
    eth.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([eth, ip, tcp, Buffer.from(data)]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1, 0);
    rec.writeUInt32LE(time++, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
    const advance = data.length + (flags & 0x03 ? 1 : 0);
    if (fromClient) seq.client += advance;
    else seq.server += advance;
  };
  packet(true, 0x02, new Uint8Array(0));
  packet(false, 0x12, new Uint8Array(0));
  packet(true, 0x10, new Uint8Array(0));
  for (const s of segments) if (s.data.length > 0) packet(s.fromClient, 0x18, s.data);
  packet(false, 0x11, new Uint8Array(0)); // FIN-ACK: a response without a length ends here
  packet(true, 0x11, new Uint8Array(0));
  return Buffer.concat(parts);
}
