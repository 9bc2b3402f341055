import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BIO,
  BIO_CLOSE,
  BIO_ctrl_pending,
  BIO_eof,
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  BIO_free,
  BIO_NOCLOSE,
  BIO_read,
  BIO_should_read,
  BIO_should_retry,
  BIO_should_write,
  BIO_shutdown_wr,
  BIO_wpending,
  BIO_write,
  strata_BIO_get_sys_error,
  strata_BIO_wait,
} from '../index.js';
import { BIO_new_socket, STRATA_BIO_SOCKET_READ_AHEAD, strata_BIO_get_socket } from './index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

/** A connected pair of sockets over 127.0.0.1 (server on port 0, closed after the test). */
async function socketPair(): Promise<[Socket, Socket]> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const { connect } = await import('node:net');
  const client = connect(address.port, '127.0.0.1');
  const [[serverSide]] = await Promise.all([accepted, once(client, 'connect')]);
  server.close();
  cleanups.push(() => {
    client.destroy();
    serverSide.destroy();
    server.close();
  });
  return [client, serverSide];
}

const pattern = (i: number): number => (i * 29 + (i >>> 11)) & 0xff;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SendStats {
  retries: number;
  maxQueued: number;
}

async function send(bio: BIO, socket: Socket, total: number): Promise<SendStats> {
  const chunk = new Uint8Array(48 * 1024);
  let sent = 0;
  const stats = { retries: 0, maxQueued: 0 };
  for (let guard = 0; sent < total; guard++) {
    if (guard > 10_000_000) throw new Error('writer made no progress');
    const len = Math.min(chunk.length, total - sent);
    for (let i = 0; i < len; i++) chunk[i] = pattern(sent + i);
    const n = BIO_write(bio, chunk, len);
    if (n > 0) {
      sent += n;
      stats.maxQueued = Math.max(stats.maxQueued, socket.writableLength);
    } else if (BIO_should_write(bio)) {
      stats.retries += 1;
      await strata_BIO_wait(bio);
    } else throw new Error('write failed', { cause: strata_BIO_get_sys_error(bio) });
  }
  BIO_shutdown_wr(bio);
  return stats;
}

interface ReceiveStats {
  received: number;
  maxPending: number;
}

async function receive(bio: BIO, startDelay: number): Promise<ReceiveStats> {
  await delay(startDelay); // let the sender run into backpressure first
  const buf = new Uint8Array(40 * 1024);
  const stats = { received: 0, maxPending: 0 };
  for (let guard = 0; ; guard++) {
    if (guard > 10_000_000) throw new Error('reader made no progress');
    stats.maxPending = Math.max(stats.maxPending, BIO_ctrl_pending(bio));
    const n = BIO_read(bio, buf);
    if (n > 0) {
      for (let i = 0; i < n; i++) {
        if (buf[i] !== pattern(stats.received + i)) {
          throw new Error(`byte ${stats.received + i} lost or reordered`);
        }
      }
      stats.received += n;
    } else if (n === 0) {
      return stats;
    } else if (BIO_should_read(bio)) {
      await strata_BIO_wait(bio);
    } else throw new Error('read failed', { cause: strata_BIO_get_sys_error(bio) });
  }
}

describe('socket BIO (node:net)', () => {
  it('keeps writing after the peer half-closed (allowHalfOpen by default)', async () => {
    const [client, server] = await socketPair();
    const c = BIO_new_socket(client, BIO_CLOSE);
    const s = BIO_new_socket(server, BIO_CLOSE);
    BIO_shutdown_wr(s); // the server sends FIN
    for (let guard = 0; guard < 100 && BIO_read(c, new Uint8Array(1)) !== 0; guard++) {
      await strata_BIO_wait(c);
    }
    expect(BIO_eof(c)).toBe(1);
    expect(BIO_write(c, Uint8Array.of(1, 2))).toBe(2); // still allowed, as in C
    const out = new Uint8Array(2);
    let got = 0;
    for (let guard = 0; guard < 100 && got < 2; guard++) {
      const n = BIO_read(s, out.subarray(got));
      if (n > 0) got += n;
      else await strata_BIO_wait(s);
    }
    expect([...out]).toEqual([1, 2]);
    BIO_free(c);
    BIO_free(s);
  });

  it('moves 64 MiB each way over 127.0.0.1 with backpressure, then reads EOF', async () => {
    const total = 64 * 1024 * 1024;
    const [client, server] = await socketPair();
    const c = BIO_new_socket(client, BIO_CLOSE);
    const s = BIO_new_socket(server, BIO_CLOSE);
    const [up, down, atServer, atClient] = await Promise.all([
      send(c, client, total),
      send(s, server, total),
      receive(s, 200),
      receive(c, 50),
    ]);
    expect(atServer.received).toBe(total);
    expect(atClient.received).toBe(total);
    // writers were pushed back while the readers were away ...
    expect(up.retries).toBeGreaterThan(0);
    expect(down.retries).toBeGreaterThan(0);
    // ... so the memory held stayed bounded on both sides
    expect(up.maxQueued).toBeLessThanOrEqual(client.writableHighWaterMark + 48 * 1024);
    expect(atServer.maxPending).toBeLessThanOrEqual(STRATA_BIO_SOCKET_READ_AHEAD + 256 * 1024);
    expect(BIO_eof(s)).toBe(1);
    expect(BIO_read(s, new Uint8Array(1))).toBe(0);
    BIO_free(c);
    BIO_free(s);
    expect(client.destroyed || client.writableEnded).toBe(true);
  }, 60_000);

  it('reads -1 with the read retry flag while nothing has arrived', async () => {
    const [client, server] = await socketPair();
    const c = BIO_new_socket(client, BIO_NOCLOSE);
    expect(BIO_read(c, new Uint8Array(8))).toBe(-1);
    expect(BIO_should_retry(c)).not.toBe(0);
    expect(BIO_should_read(c)).not.toBe(0);
    server.write(Uint8Array.of(1, 2, 3));
    await strata_BIO_wait(c);
    const out = new Uint8Array(8);
    expect(BIO_read(c, out)).toBe(3);
    expect([...out.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(strata_BIO_get_socket(c)).toBe(client);
    BIO_free(c);
    expect(client.destroyed).toBe(false); // BIO_NOCLOSE leaves the socket alone
  });

  it('fails with -1 and no retry flag on a socket error, keeping the error', async () => {
    const [client, server] = await socketPair();
    const c = BIO_new_socket(client, BIO_CLOSE);
    expect(BIO_read(c, new Uint8Array(8))).toBe(-1);
    server.resetAndDestroy();
    await strata_BIO_wait(c);
    expect(BIO_read(c, new Uint8Array(8))).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    const error = strata_BIO_get_sys_error(c) as NodeJS.ErrnoException;
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ECONNRESET');
    expect(BIO_write(c, Uint8Array.of(1))).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    BIO_free(c);
  });

  it('reports a refused connection as -1 without retry flags and keeps ECONNREFUSED', async () => {
    // A port that was just free: listen, note it, close.
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    probe.close();
    await once(probe, 'close');
    const { connect } = await import('node:net');
    const socket = connect(port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    const c = BIO_new_socket(socket, BIO_CLOSE);
    expect(BIO_read(c, new Uint8Array(4))).toBe(-1);
    expect(BIO_should_read(c)).not.toBe(0);
    await strata_BIO_wait(c, BIO_FLAGS_READ);
    expect(BIO_read(c, new Uint8Array(4))).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    expect((strata_BIO_get_sys_error(c) as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(BIO_write(c, Uint8Array.of(1))).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    // waiting on a failed BIO resolves at once in either direction
    await strata_BIO_wait(c, BIO_FLAGS_READ | BIO_FLAGS_WRITE);
    BIO_free(c);
  });

  it('hands out the bytes received before a reset, then fails with the error', async () => {
    const [client, server] = await socketPair();
    const c = BIO_new_socket(client, BIO_CLOSE);
    server.write(Uint8Array.of(4, 5, 6));
    for (let guard = 0; guard < 100 && BIO_ctrl_pending(c) < 3; guard++) {
      await strata_BIO_wait(c, BIO_FLAGS_READ);
    }
    const closed = new Promise((resolve) => client.on('close', resolve));
    server.resetAndDestroy();
    await closed; // the reset has been seen ('error', then 'close')
    const out = new Uint8Array(8);
    expect(BIO_read(c, out)).toBe(3);
    expect([...out.subarray(0, 3)]).toEqual([4, 5, 6]);
    expect(BIO_should_retry(c)).toBe(0);
    expect(BIO_read(c, out)).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    expect((strata_BIO_get_sys_error(c) as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    BIO_free(c);
  });

  it('after the socket was destroyed locally, reads 0 and writes fail with EPIPE', async () => {
    const [client] = await socketPair();
    const c = BIO_new_socket(client, BIO_NOCLOSE);
    client.destroy();
    await strata_BIO_wait(c, BIO_FLAGS_READ);
    expect(BIO_read(c, new Uint8Array(4))).toBe(0);
    expect(BIO_should_retry(c)).toBe(0);
    expect(BIO_write(c, Uint8Array.of(1))).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    expect((strata_BIO_get_sys_error(c) as NodeJS.ErrnoException).code).toBe('EPIPE');
    BIO_free(c);
  });

  it('reports EPIPE for a write after BIO_shutdown_wr and the peer sees EOF', async () => {
    const [client, server] = await socketPair();
    const c = BIO_new_socket(client, BIO_CLOSE);
    const s = BIO_new_socket(server, BIO_CLOSE);
    expect(BIO_write(c, Uint8Array.of(9, 8))).toBe(2);
    expect(BIO_shutdown_wr(c)).toBe(1);
    expect(BIO_write(c, Uint8Array.of(7))).toBe(-1);
    expect(BIO_should_retry(c)).toBe(0);
    expect((strata_BIO_get_sys_error(c) as NodeJS.ErrnoException).code).toBe('EPIPE');
    const out = new Uint8Array(4);
    let got = 0;
    for (let guard = 0; guard < 100; guard++) {
      const n = BIO_read(s, out.subarray(got));
      if (n > 0) got += n;
      else if (n === 0) break;
      else await strata_BIO_wait(s);
    }
    expect(got).toBe(2);
    expect(BIO_eof(s)).toBe(1);
    expect(BIO_wpending(s)).toBe(0);
    BIO_free(c);
    BIO_free(s);
  });
});
