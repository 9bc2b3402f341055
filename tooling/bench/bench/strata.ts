/**
 * Strata drivers: configurations from the run's certificates, the
 * in-memory pump (engine bytes moved through an @strata/bio BIO pair) and
 * the 127.0.0.1 socket driver (engine bytes on node:net sockets).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  BIO_ctrl_get_write_guarantee,
  BIO_free,
  BIO_new_bio_pair,
  BIO_read,
  BIO_write,
  type Bio,
} from '@strata/bio';
import {
  type ClientConfig,
  ClientConnection,
  type Connection,
  type ServerConfig,
  ServerConnection,
} from '@strata/handshake';
import { parseCertificatePem, parsePrivateKey, TrustStore } from '@strata/pki';
import type { CertKind, CertSet } from './fixtures.js';

export type GroupName = 'x25519' | 'x25519mlkem768';
export const GROUP_CODES: Readonly<Record<GroupName, number>> = {
  x25519: 0x001d,
  x25519mlkem768: 0x11ec,
};
/** The signature scheme the server signs CertificateVerify with, per certificate kind. */
export const SERVER_SCHEME: Readonly<Record<CertKind, number>> = {
  ecdsa_p256: 0x0403, // ecdsa_secp256r1_sha256
  rsa2048: 0x0804, // rsa_pss_rsae_sha256
};

export type SuiteName = 'aes128gcm' | 'aes256gcm' | 'chacha20poly1305';
export const SUITE_CODES: Readonly<Record<SuiteName, number>> = {
  aes128gcm: 0x1301,
  aes256gcm: 0x1302,
  chacha20poly1305: 0x1303,
};

export interface StrataConfigs {
  readonly client: ClientConfig;
  readonly server: ServerConfig;
}

/** Client and server configuration for one certificate kind, group and suite. */
export function strataConfigs(
  set: CertSet,
  kind: CertKind,
  group: GroupName,
  suite: SuiteName = 'aes128gcm',
): StrataConfigs {
  const groups = [GROUP_CODES[group]];
  const cipherSuites = [SUITE_CODES[suite]];
  return {
    client: {
      serverName: 'localhost',
      trustStore: TrustStore.fromPem(set.caPem),
      cipherSuites,
      groups,
    },
    server: {
      certificates: [
        { chain: [parseCertificatePem(set.certPem)], privateKey: parsePrivateKey(set.keyPem) },
      ],
      cipherSuites,
      groups,
      signatureSchemes: [SERVER_SCHEME[kind]],
    },
  };
}

/** What the pump needs of an engine: bytes out, bytes in. */
export interface Endpoint {
  takeOutput(): Uint8Array;
  receive(bytes: Uint8Array): void;
}

/**
 * Two engines joined by a BIO pair: each side's output is written into its
 * half of the pair (as far as the pair's buffer takes it, the rest waits),
 * and what arrives at the other half is read and fed to the peer engine.
 */
export class BioPairPump<E extends Endpoint = Connection> {
  readonly #clientBio: Bio;
  readonly #serverBio: Bio;
  readonly #pending: [Uint8Array[], Uint8Array[]] = [[], []];
  readonly #buf: Uint8Array;
  /** Bytes moved so far, client → server and server → client. */
  readonly moved = { toServer: 0, toClient: 0 };

  constructor(
    readonly client: E,
    readonly server: E,
    bufferSize = 0,
  ) {
    const [, a, b] = BIO_new_bio_pair(bufferSize, bufferSize);
    this.#clientBio = a;
    this.#serverBio = b;
    this.#buf = new Uint8Array(bufferSize || 17408);
  }

  /** Moves bytes both ways until neither side has anything left to send; returns the bytes moved. */
  pump(maxSteps = 1_000_000): number {
    let total = 0;
    for (let step = 0; step < maxSteps; step++) {
      const moved =
        this.#move(this.client, this.#clientBio, this.#pending[0], this.server, this.#serverBio) +
        this.#move(this.server, this.#serverBio, this.#pending[1], this.client, this.#clientBio);
      if (moved === 0) return total;
      total += moved;
    }
    throw new Error('pump: did not settle');
  }

  free(): void {
    BIO_free(this.#clientBio);
    BIO_free(this.#serverBio);
  }

  #move(from: E, fromBio: Bio, pending: Uint8Array[], to: E, toBio: Bio): number {
    const out = from.takeOutput();
    if (out.length > 0) pending.push(out);
    while (pending.length > 0) {
      const room = BIO_ctrl_get_write_guarantee(fromBio);
      if (room <= 0) break;
      const head = pending[0]!;
      const n = BIO_write(fromBio, head, Math.min(room, head.length));
      if (n <= 0) break;
      if (n === head.length) pending.shift();
      else pending[0] = head.subarray(n);
    }
    let moved = 0;
    for (;;) {
      const n = BIO_read(toBio, this.#buf);
      if (n <= 0) break;
      // The engine processes every whole record and copies any tail before
      // receive returns, so the read buffer can be reused.
      to.receive(this.#buf.subarray(0, n));
      moved += n;
    }
    if (from === this.client) this.moved.toServer += moved;
    else this.moved.toClient += moved;
    return moved;
  }
}

/** One full handshake in memory; returns the pump (still open) for callers that keep it. */
export function handshakeInMemory(configs: StrataConfigs): BioPairPump<Connection> {
  const pump = new BioPairPump<Connection>(
    new ClientConnection(configs.client),
    new ServerConnection(configs.server),
  );
  pump.pump(64);
  if (!pump.client.handshakeComplete || !pump.server.handshakeComplete) {
    throw new Error(
      `handshake failed: ${pump.client.error?.message ?? pump.server.error?.message ?? 'stalled'}`,
    );
  }
  return pump;
}

/**
 * Bulk over one in-memory connection: `bytes` from client to server, then
 * `bytes` from server to client, in `chunk`-sized writes; returns the
 * bytes received (2 × bytes when all arrived).
 */
export function bulkInMemory(
  pump: BioPairPump<Connection>,
  bytes: number,
  chunk: Uint8Array,
): number {
  let received = 0;
  for (const [from, to] of [
    [pump.client, pump.server],
    [pump.server, pump.client],
  ] as const) {
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      from.write(sent + chunk.length <= bytes ? chunk : chunk.subarray(0, bytes - sent));
      pump.pump();
      received += to.read().length;
    }
  }
  return received;
}

// ------------------------------------------------------------- sockets

/** Feeds a socket's bytes to an engine and writes the engine's output to the socket. */
export class EngineSocket {
  #waiters: (() => void)[] = [];

  constructor(
    readonly socket: Socket,
    readonly conn: Connection,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Uint8Array) => {
      conn.receive(d);
      this.flush();
      this.#wake();
    });
    socket.on('end', () => this.#wake());
    socket.on('close', () => this.#wake());
    socket.on('error', () => this.#wake());
  }

  /** Writes pending engine output; false when the socket wants a 'drain'. */
  flush(): boolean {
    const out = this.conn.takeOutput();
    return out.length > 0 ? this.socket.write(out) : true;
  }

  /** Resolves at the next received chunk, end, close or error. */
  next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  get dead(): boolean {
    return this.socket.destroyed || this.conn.closed;
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
}

export interface StrataSocketServer {
  readonly port: number;
  /** Server-side handshakes completed so far. */
  completed(): number;
  close(): Promise<void>;
}

/**
 * A 127.0.0.1 server. `mode` 'handshake': it ends the socket as soon as its
 * handshake completes (the client counts the handshake at that end);
 * 'sink-echo': it reads `bytes`, then sends `bytes` back; 'idle': it keeps
 * the connection open until the client closes it.
 */
export async function startStrataServer(
  config: ServerConfig,
  mode: 'handshake' | 'bulk' | 'idle',
  bulkBytes = 0,
): Promise<StrataSocketServer> {
  const sockets = new Set<Socket>();
  let completed = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const es = new EngineSocket(socket, new ServerConnection(config));
    socket.on('error', () => socket.destroy());
    let counted = false;
    socket.on('data', () => {
      if (!counted && es.conn.handshakeComplete) {
        counted = true;
        completed++;
        es.conn.takeEvents();
      }
    });
    if (mode === 'handshake') {
      socket.on('data', () => {
        if (es.conn.handshakeComplete) socket.end();
        else if (es.conn.closed) socket.destroy();
      });
    } else if (mode === 'bulk') {
      let received = 0;
      let replied = false;
      socket.on('data', () => {
        if (replied) return;
        received += es.conn.read().length;
        if (received >= bulkBytes) {
          replied = true;
          void sendBulk(es, bulkBytes);
        }
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', 4096, r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    completed: () => completed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const CHUNK = new Uint8Array(64 * 1024).fill(0x61);

/** Writes `bytes` of application data through the engine, honouring socket backpressure. */
export async function sendBulk(es: EngineSocket, bytes: number): Promise<void> {
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    es.conn.write(sent + CHUNK.length <= bytes ? CHUNK : CHUNK.subarray(0, bytes - sent));
    if (!es.flush()) await new Promise<void>((r) => es.socket.once('drain', () => r()));
    if (es.dead) throw new Error('bulk: connection closed while sending');
  }
}

/** Opens a client engine on a socket to 127.0.0.1:port. */
export async function connectStrata(port: number, config: ClientConfig): Promise<EngineSocket> {
  const socket = connect({ host: '127.0.0.1', port });
  const es = new EngineSocket(socket, new ClientConnection(config));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  es.flush();
  return es;
}

/** Waits until `done()` holds, or fails after `timeoutMs` or when the connection dies first. */
export async function until(
  es: EngineSocket,
  done: () => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (es.conn.error) throw new Error(`${what}: ${es.conn.error.message}`);
    if (es.socket.destroyed || es.socket.readableEnded) {
      if (done()) return;
      throw new Error(`${what}: socket closed first`);
    }
    if (performance.now() > deadline) throw new Error(`${what}: timed out`);
    await Promise.race([es.next(), new Promise((r) => setTimeout(r, 1000))]);
  }
}

/** One full handshake over 127.0.0.1: completes when the server, done, closes the socket. */
export async function handshakeOverSocket(port: number, config: ClientConfig): Promise<void> {
  const es = await connectStrata(port, config);
  try {
    await until(es, () => es.socket.readableEnded && es.conn.handshakeComplete, 'handshake');
  } finally {
    es.socket.destroy();
  }
}

/**
 * Bulk over one socket connection (server in 'bulk' mode): the client sends
 * `bytes`, the server sends them back. Returns the bytes the client received
 * and the time (`clock`) from the end of the handshake to the last byte.
 */
export async function bulkOverSocket(
  port: number,
  config: ClientConfig,
  bytes: number,
  clock: () => number,
): Promise<{ received: number; ms: number }> {
  const es = await connectStrata(port, config);
  try {
    await until(es, () => es.conn.handshakeComplete, 'bulk handshake');
    const start = clock();
    let received = 0;
    es.socket.on('data', () => {
      received += es.conn.read().length;
    });
    await sendBulk(es, bytes);
    await until(es, () => received >= bytes, 'bulk', 600_000);
    return { received, ms: clock() - start };
  } finally {
    es.socket.destroy();
  }
}
