// tls-dump on captures made here: node:tls ↔ node:tls and openssl s_client ↔
// openssl s_server through a recording proxy on 127.0.0.1, with their key
// logs. The app runs as a process; the decoder and the pcap reader also run
// in process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as tlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { pcap, recordingProxy, type Segment } from '@strata/test-peers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseKeyLog } from '../src/decoder.js';
import { dump } from '../src/dump.js';
import { PcapError, readPcap } from '../src/pcap.js';

const require = createRequire(import.meta.url);
const TSX = require.resolve('tsx/cli');
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

let dir: string;
let cert: string;
let key: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-tls-dump-'));
  key = join(dir, 'key.pem');
  cert = join(dir, 'cert.pem');
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  run(['req', '-new', '-x509', '-key', key, '-subj', '/CN=localhost', '-days', '2', '-out', cert]);
});

/** Runs the tls-dump process (bounded); resolves with its exit code and output. */
function tlsDump(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, '--conditions=@strata/source', MAIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A node:tls session through the recording proxy: the client says hello, the server answers. */
async function nodeSession(): Promise<{ segments: Segment[]; keyLog: string }> {
  const keyLines: string[] = [];
  const server = tlsServer(
    { key: readFileSync(key), cert: readFileSync(cert), minVersion: 'TLSv1.3' },
    (s) => {
      s.on('data', (d: Buffer) => {
        s.end(`pong: ${d.toString('utf8')}`);
      });
      s.on('error', () => {});
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const proxy = await recordingProxy(port);
  try {
    await new Promise<void>((resolve, reject) => {
      const c = tlsConnect(
        {
          host: '127.0.0.1',
          port: proxy.port,
          servername: 'localhost',
          ca: readFileSync(cert),
          ALPNProtocols: ['http/1.1'],
        },
        () => c.write('hello tls-dump'),
      );
      c.on('keylog', (line: Buffer) => keyLines.push(line.toString('utf8').trim()));
      c.on('data', () => {});
      c.on('end', () => c.end());
      c.on('close', () => resolve());
      c.on('error', reject);
      setTimeout(() => {
        c.destroy();
        reject(new Error('node:tls session timed out'));
      }, 15_000).unref();
    });
    await new Promise((r) => setTimeout(r, 100)); // the proxy's last bytes
  } finally {
    await proxy.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { segments: proxy.segments, keyLog: `${keyLines.join('\n')}\n` };
}

const join_ = (segments: readonly Segment[], fromClient: boolean) =>
  Buffer.concat(segments.filter((s) => s.fromClient === fromClient).map((s) => s.data));

describe('tls-dump on a node:tls session', () => {
  let segments: Segment[];
  let keyLog: string;
  beforeAll(async () => {
    ({ segments, keyLog } = await nodeSession());
    writeFileSync(join(dir, 'client.bin'), join_(segments, true));
    writeFileSync(
      join(dir, 'server.hex'),
      join_(segments, false)
        .toString('hex')
        .replace(/(.{64})/g, '$1\n'),
    );
    writeFileSync(join(dir, 'keys.log'), keyLog);
    writeFileSync(join(dir, 'session.pcap'), pcap(segments));
  }, 60_000);

  /** The session as per-direction files: the client's bytes binary, the server's hex. */
  const streams = () => ['-client', join(dir, 'client.bin'), '-server', join(dir, 'server.hex')];

  it('decrypts every record with the key log (per-direction files, binary and hex)', async () => {
    const r = await tlsDump([...streams(), '-keylog', join(dir, 'keys.log')]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    for (const name of [
      'ClientHello',
      'ServerHello',
      'EncryptedExtensions',
      'Certificate',
      'CertificateVerify',
      'NewSessionTicket',
    ]) {
      expect(out).toContain(`        ${name} (`);
    }
    expect(out.match(/^ {8}Finished \(/gm)).toHaveLength(2);
    expect(out).toMatch(/ApplicationData \(14 B\) {2}"hello tls-dump"/);
    expect(out).toMatch(/ApplicationData \(\d+ B\) {2}"pong: hello tls-dump"/);
    expect(out).toMatch(/\[handshake keys\]/);
    expect(out).toMatch(/\[application keys\]/);
    expect(out).toMatch(/Alert {2}warning close_notify/);
    expect(out).toMatch(/SNI localhost; key_share x25519; ALPN http\/1\.1/);
    expect(out).not.toMatch(/left encrypted|cannot read/);
  });

  it('shows the plaintext hellos and leaves the rest encrypted without a key log', async () => {
    const r = await tlsDump(streams());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('        ClientHello (');
    expect(r.stdout).toContain('        ServerHello (');
    expect(r.stdout).not.toContain('EncryptedExtensions');
    expect(r.stdout).toMatch(/\[encrypted, no key\]/);
    expect(r.stdout).toMatch(/left encrypted \(give -keylog to open them\)/);
  });

  it('reads the same session from a pcap, in packet order', async () => {
    const r = await tlsDump(['-pcap', join(dir, 'session.pcap'), '-keylog', join(dir, 'keys.log')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/TCP 127\.0\.0\.1:40000 → 127\.0\.0\.1:443/);
    // In packet order the client's Finished comes after the server's flight.
    const order = [...r.stdout.matchAll(/^(C→S|S→C) /gm)].map((m) => m[1]);
    expect(order[0]).toBe('C→S');
    expect(order[1]).toBe('S→C');
    expect(r.stdout).toMatch(/"pong: hello tls-dump"/);
  });

  it('decodes the same records in process as the per-direction run', () => {
    const keys = parseKeyLog(keyLog);
    const fromPcap = readPcap(pcap(segments));
    expect(Buffer.concat(fromPcap.segments.filter((s) => s.fromClient).map((s) => s.data))).toEqual(
      join_(segments, true),
    );
    const a = dump(fromPcap.segments, keys);
    const b = dump(
      [
        { fromClient: true, data: join_(segments, true) },
        { fromClient: false, data: join_(segments, false) },
      ],
      keys,
    );
    expect(a.messages.slice().sort()).toEqual(b.messages.slice().sort());
    expect(a.opaque).toBe(0);
    expect(a.records).toEqual(b.records);
  });

  it('reports a record that does not decrypt instead of failing', () => {
    const keys = parseKeyLog(keyLog);
    const server = new Uint8Array(join_(segments, false));
    server[server.length - 3]! ^= 0xff; // inside the last record's tag
    const r = dump(
      [
        { fromClient: true, data: join_(segments, true) },
        { fromClient: false, data: server },
      ],
      keys,
    );
    expect(r.lines.join('\n')).toMatch(/cannot read: tls: /);
  });
});

describe('tls-dump input errors', () => {
  it('refuses a file that is not a pcap, and pcapng', () => {
    expect(() => readPcap(new TextEncoder().encode('not a capture at all, no'))).toThrow(PcapError);
    const ng = new Uint8Array(32);
    new DataView(ng.buffer).setUint32(0, 0x0a0d0d0a, true);
    expect(() => readPcap(ng)).toThrow(/pcapng/);
  });

  it('exits 1 with the usage when the streams are missing', async () => {
    const r = await tlsDump(['-client', join(dir, 'nothing')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/give -pcap FILE, or both -client FILE and -server FILE/);
  });
});

(hasOpenssl ? describe : describe.skip)('tls-dump on an openssl session with a KeyUpdate', () => {
  it('follows the KeyUpdate with the next traffic secret', async () => {
    const keylog = join(dir, 'openssl-keys.log');
    const server = spawn('openssl', [
      's_server',
      '-accept',
      '127.0.0.1:0',
      '-cert',
      cert,
      '-key',
      key,
      '-keylogfile',
      keylog,
      '-naccept',
      '1',
      '-tls1_3',
    ]);
    const killServer = setTimeout(() => server.kill('SIGKILL'), 30_000);
    let serverOut = '';
    server.stdout.on('data', (d: Buffer) => {
      serverOut += d.toString('latin1');
    });
    const port = await new Promise<number>((resolve, reject) => {
      const check = () => {
        const m = /ACCEPT (?:\S+):(\d+)/.exec(serverOut);
        if (m) resolve(Number(m[1]));
      };
      server.stdout.on('data', check);
      server.on('exit', () => reject(new Error(`s_server exited: ${serverOut}`)));
    });
    const proxy = await recordingProxy(port);
    try {
      const client = spawn('openssl', [
        's_client',
        '-connect',
        `127.0.0.1:${proxy.port}`,
        '-tls1_3',
      ]);
      const killClient = setTimeout(() => client.kill('SIGKILL'), 30_000);
      let clientOut = '';
      const collect = (d: Buffer) => {
        clientOut += d.toString('latin1');
      };
      client.stdout.on('data', collect);
      client.stderr.on('data', collect); // s_client prints KEYUPDATE on stderr
      const waitFor = (re: RegExp, text: () => string) =>
        new Promise<void>((resolve, reject) => {
          const t = setInterval(() => {
            if (re.test(text())) {
              clearInterval(t);
              resolve();
            }
          }, 50);
          setTimeout(() => {
            clearInterval(t);
            reject(new Error(`timed out waiting for ${re}`));
          }, 20_000).unref();
        });
      await waitFor(/Verify return code/, () => clientOut);
      client.stdin.write('before the update\n');
      await waitFor(/before the update/, () => serverOut);
      client.stdin.write('k\n'); // s_client: KeyUpdate, update_not_requested
      await waitFor(/KEYUPDATE/, () => clientOut);
      client.stdin.write('after the update\n');
      await waitFor(/after the update/, () => serverOut);
      client.stdin.end();
      await new Promise((r) => client.on('exit', r));
      clearTimeout(killClient);
    } finally {
      await proxy.close();
      server.kill();
      clearTimeout(killServer);
    }
    const r = dump(proxy.segments, parseKeyLog(readFileSync(keylog, 'utf8')));
    const text = r.lines.join('\n');
    expect(r.messages).toContain('KeyUpdate');
    expect(text).toMatch(
      /\[application \(after 1 KeyUpdate\) keys\]\n {8}ApplicationData \(17 B\) {2}"after the update\\n"/,
    );
    expect(r.opaque).toBe(0);
  });
});
