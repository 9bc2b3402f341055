// A small socket pump for interop tests: the sans-I/O engine sits between a
// node:net socket and the test. Every wait is bounded.
import * as net from 'node:net';
import type { Connection } from '../../src/engine/connection.js';
import type { ConnectionEvent } from '../../src/engine/events.js';

export interface Pumped<C extends Connection> {
  readonly conn: C;
  readonly socket: net.Socket;
  readonly events: ConnectionEvent[];
  /** All application data received so far, as text. */
  text(): string;
  /** Writes application data and flushes. */
  send(data: string): void;
  close(): void;
  flush(): void;
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the socket closed (bounded). */
  closed(timeoutMs?: number): Promise<void>;
}

export function pump<C extends Connection>(socket: net.Socket, conn: C): Pumped<C> {
  const events: ConnectionEvent[] = [];
  const listeners = new Set<() => void>();
  let received = '';
  let socketClosed = false;
  const decoder = new TextDecoder();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const flush = () => {
    const out = conn.takeOutput();
    if (out.length > 0 && !socket.destroyed) socket.write(out);
  };
  socket.on('data', (chunk: Buffer) => {
    conn.receive(Uint8Array.from(chunk));
    events.push(...conn.takeEvents());
    received += decoder.decode(conn.read(), { stream: true });
    flush();
    notify();
  });
  socket.on('error', () => notify());
  socket.on('close', () => {
    socketClosed = true;
    notify();
  });
  flush();
  const waitFor = (what: string, predicate: () => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          done();
          resolve();
        } else if (socketClosed) {
          done();
          reject(
            new Error(
              `socket closed while waiting for ${what}; events: ${JSON.stringify(events.map((e) => (e.type === 'alert_sent' || e.type === 'alert_received' ? `${e.type}:${'alert' in e ? (typeof e.alert === 'string' ? e.alert : e.alert.name) : ''}` : e.type)))} ${conn.error?.message ?? ''}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}; ${conn.error?.message ?? ''}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return {
    conn,
    socket,
    events,
    text: () => received,
    send(data) {
      conn.write(new TextEncoder().encode(data));
      flush();
    },
    close() {
      conn.close();
      flush();
    },
    flush,
    waitFor,
    closed: (timeoutMs = 10_000) =>
      new Promise<void>((resolve) => {
        if (socketClosed) return resolve();
        const t = setTimeout(() => {
          socket.destroy();
          resolve();
        }, timeoutMs);
        socket.once('close', () => {
          clearTimeout(t);
          resolve();
        });
      }),
  };
}

/** Connects to 127.0.0.1:port and pumps `conn` over the socket. */
export function connect<C extends Connection>(port: number, conn: C): Promise<Pumped<C>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(pump(socket, conn)));
    socket.once('error', reject);
  });
}

/** Listens on 127.0.0.1 (OS-chosen port) for one connection, pumped through `make()`. */
export async function listenOnce<C extends Connection>(
  make: () => C,
): Promise<{ port: number; accepted: Promise<Pumped<C>>; server: net.Server }> {
  let resolveAccepted!: (p: Pumped<C>) => void;
  const accepted = new Promise<Pumped<C>>((r) => {
    resolveAccepted = r;
  });
  const server = net.createServer((socket) => {
    server.close();
    resolveAccepted(pump(socket, make()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, accepted, server };
}
