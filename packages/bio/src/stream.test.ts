import { describe, expect, it } from 'vitest';
import {
  type BIO,
  BIO_CLOSE,
  BIO_ctrl_pending,
  BIO_eof,
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
  strata_BIO_new_stream,
  strata_BIO_wait,
} from './index.js';

/** Two BIOs joined by a pair of TransformStreams, like two ends of a connection. */
function connectedPair(readAhead?: number): [BIO, BIO] {
  const ab = new TransformStream<Uint8Array, Uint8Array>();
  const ba = new TransformStream<Uint8Array, Uint8Array>();
  const options = readAhead === undefined ? {} : { readAhead };
  return [
    strata_BIO_new_stream(ba.readable, ab.writable, BIO_CLOSE, options),
    strata_BIO_new_stream(ab.readable, ba.writable, BIO_CLOSE, options),
  ];
}

/** Writes all of `data`, waiting on retries, then shuts the write side. */
async function writeAll(bio: BIO, data: Uint8Array, chunk: number): Promise<number> {
  let off = 0;
  let retries = 0;
  for (let guard = 0; off < data.length; guard++) {
    if (guard > 1_000_000) throw new Error('no progress');
    const n = BIO_write(bio, data.subarray(off, Math.min(off + chunk, data.length)));
    if (n > 0) off += n;
    else if (BIO_should_retry(bio)) {
      retries += 1;
      await strata_BIO_wait(bio);
    } else throw new Error('write failed');
  }
  BIO_shutdown_wr(bio);
  return retries;
}

/** Reads until EOF, waiting on retries. */
async function readAll(bio: BIO): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const buf = new Uint8Array(3000);
  for (let guard = 0; ; guard++) {
    if (guard > 1_000_000) throw new Error('no progress');
    const n = BIO_read(bio, buf);
    if (n > 0) parts.push(buf.slice(0, n));
    else if (n === 0) break;
    else if (BIO_should_read(bio)) await strata_BIO_wait(bio);
    else throw new Error('read failed');
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** -1 when equal; vitest's deep equality is too slow for megabytes. */
function firstDifference(x: Uint8Array, y: Uint8Array): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i;
  return x.length === y.length ? -1 : n;
}

describe('WHATWG stream BIO', () => {
  it('reads -1 with the read retry flag until data arrives', async () => {
    const [a, b] = connectedPair();
    const out = new Uint8Array(10);
    expect(BIO_read(b, out)).toBe(-1);
    expect(BIO_should_read(b)).not.toBe(0);
    expect(BIO_write(a, Uint8Array.of(1, 2, 3))).toBe(3);
    await strata_BIO_wait(b);
    expect(BIO_ctrl_pending(b)).toBe(3);
    expect(BIO_read(b, out)).toBe(3);
    expect([...out.subarray(0, 3)]).toEqual([1, 2, 3]);
    BIO_free(a);
    BIO_free(b);
  });

  it('moves 4 MiB each way over a TransformStream pair with backpressure, then reads EOF', async () => {
    const [a, b] = connectedPair(16 * 1024);
    const size = 4 * 1024 * 1024;
    const ab = new Uint8Array(size).map((_, i) => (i * 7 + (i >>> 8)) & 0xff);
    const ba = new Uint8Array(size).map((_, i) => (i * 13 + (i >>> 10)) & 0xff);
    const [retriesA, retriesB, gotB, gotA] = await Promise.all([
      writeAll(a, ab, 5000),
      writeAll(b, ba, 7000),
      readAll(b),
      readAll(a),
    ]);
    expect(gotB.length).toBe(size);
    expect(gotA.length).toBe(size);
    expect(firstDifference(gotB, ab)).toBe(-1);
    expect(firstDifference(gotA, ba)).toBe(-1);
    expect(retriesA).toBeGreaterThan(0); // the writable pushed back
    expect(retriesB).toBeGreaterThan(0);
    expect(BIO_eof(a)).toBe(1);
    expect(BIO_read(a, new Uint8Array(1))).toBe(0);
    BIO_free(a);
    BIO_free(b);
  }, 60_000);

  it('bounds its read-ahead', async () => {
    const [a, b] = connectedPair(1024);
    // b never reads: a's writes stop with the write retry flag once the
    // streams and b's read-ahead are full, and stay stopped
    let accepted = 0;
    for (let i = 0; i < 50; i++) {
      const n = BIO_write(a, new Uint8Array(512));
      if (n > 0) accepted += n;
      else {
        expect(BIO_should_write(a)).not.toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    expect(BIO_ctrl_pending(b)).toBeGreaterThan(0);
    expect(BIO_ctrl_pending(b)).toBeLessThanOrEqual(1024 + 512);
    expect(accepted).toBeLessThan(50 * 512);
    expect(BIO_wpending(a)).toBeLessThanOrEqual(accepted);
    BIO_free(a);
    BIO_free(b);
  });

  it('fails without retry flags and keeps the error when the stream errors', async () => {
    const error = new Error('network down');
    const readable = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.error(error);
      },
    });
    const writable = new WritableStream<Uint8Array>({
      write() {
        throw error;
      },
    });
    const bio = strata_BIO_new_stream(readable, writable, BIO_NOCLOSE);
    await strata_BIO_wait(bio, 1);
    expect(BIO_read(bio, new Uint8Array(4))).toBe(-1);
    expect(BIO_should_retry(bio)).toBe(0);
    expect(strata_BIO_get_sys_error(bio)).toBe(error);
    expect(BIO_write(bio, Uint8Array.of(1))).toBe(1); // accepted, fails in the sink
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(BIO_write(bio, Uint8Array.of(1))).toBe(-1);
    expect(BIO_should_write(bio)).toBe(0);
    BIO_free(bio);
  });

  it('cancels and closes its streams on BIO_free with BIO_CLOSE', async () => {
    let cancelled = false;
    let closed = false;
    const readable = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const writable = new WritableStream<Uint8Array>({
      close() {
        closed = true;
      },
    });
    BIO_free(strata_BIO_new_stream(readable, writable, BIO_CLOSE));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
    expect(closed).toBe(true);
  });
});
