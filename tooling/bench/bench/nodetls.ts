/**
 * node:tls (OpenSSL in Node) on 127.0.0.1 with the same certificates, TLS
 * 1.3 only, client and server in this process: the native baseline.
 */
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import type { CertSet } from './fixtures.js';
import type { GroupName, SuiteName } from './strata.js';

export const NODE_SUITES: Readonly<Record<SuiteName, string>> = {
  aes128gcm: 'TLS_AES_128_GCM_SHA256',
  aes256gcm: 'TLS_AES_256_GCM_SHA384',
  chacha20poly1305: 'TLS_CHACHA20_POLY1305_SHA256',
};
const NODE_GROUPS: Readonly<Record<GroupName, string>> = {
  x25519: 'X25519',
  x25519mlkem768: 'X25519MLKEM768',
};

/** Whether this Node's OpenSSL knows the group (Node 20's OpenSSL 3.0 has no X25519MLKEM768). */
export function nodeSupportsGroup(group: GroupName): boolean {
  try {
    tls.createSecureContext({ ecdhCurve: NODE_GROUPS[group] });
    return true;
  } catch {
    return false;
  }
}

export interface NodeTlsServer {
  readonly port: number;
  /** Server-side handshakes completed so far. */
  completed(): number;
  close(): Promise<void>;
}

export async function startNodeTlsServer(
  set: CertSet,
  group: GroupName,
  suite: SuiteName,
  mode: 'handshake' | 'bulk' | 'idle',
  bulkBytes = 0,
): Promise<NodeTlsServer> {
  const sockets = new Set<Socket>();
  let completed = 0;
  const server = tls.createServer(
    {
      key: set.keyPem,
      cert: set.certPem,
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      ciphers: NODE_SUITES[suite],
      ecdhCurve: NODE_GROUPS[group],
    },
    (s) => {
      completed++;
      s.on('error', () => s.destroy());
      if (mode === 'handshake') {
        s.end();
      } else if (mode === 'bulk') {
        let received = 0;
        let replied = false;
        s.on('data', (d: Uint8Array) => {
          received += d.length;
          if (!replied && received >= bulkBytes) {
            replied = true;
            void writeBulk(s, bulkBytes);
          }
        });
      } else {
        s.resume();
      }
    },
  );
  server.on('connection', (raw: Socket) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', 4096, r));
  return {
    port: (server.address() as { port: number }).port,
    completed: () => completed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

async function writeBulk(s: tls.TLSSocket, bytes: number): Promise<void> {
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    const ok = s.write(sent + CHUNK.length <= bytes ? CHUNK : CHUNK.subarray(0, bytes - sent));
    if (!ok) await new Promise<void>((r) => s.once('drain', () => r()));
    if (s.destroyed) throw new Error('bulk: node:tls socket closed while sending');
  }
}

export function connectNodeTls(
  port: number,
  set: CertSet,
  group: GroupName,
  suite: SuiteName,
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      host: '127.0.0.1',
      port,
      ca: set.caPem,
      servername: 'localhost',
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      ciphers: NODE_SUITES[suite],
      ecdhCurve: NODE_GROUPS[group],
    });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('node:tls connect timed out'));
    }, 60_000);
    s.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** One full handshake: done when the server, having completed its side, ends the connection. */
export async function nodeHandshake(
  port: number,
  set: CertSet,
  group: GroupName,
  suite: SuiteName = 'aes128gcm',
): Promise<void> {
  const s = await connectNodeTls(port, set, group, suite);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    s.on('data', () => {});
    s.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    s.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  s.destroy();
}

/** Bulk over one connection to a 'bulk' server: bytes received back and the time after the handshake. */
export async function nodeBulk(
  port: number,
  set: CertSet,
  suite: SuiteName,
  bytes: number,
  clock: () => number,
): Promise<{ received: number; ms: number }> {
  const s = await connectNodeTls(port, set, 'x25519', suite);
  try {
    const start = clock();
    let received = 0;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('node:tls bulk timed out')), 600_000);
      s.on('data', (d: Uint8Array) => {
        received += d.length;
        if (received >= bytes) {
          clearTimeout(timer);
          resolve();
        }
      });
      s.once('close', () => {
        clearTimeout(timer);
        if (received < bytes) reject(new Error('node:tls bulk: closed early'));
      });
    });
    await writeBulk(s, bytes);
    await done;
    return { received, ms: clock() - start };
  } finally {
    s.destroy();
  }
}
