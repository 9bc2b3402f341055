import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIO_ctrl_get_read_request,
  BIO_ctrl_get_write_guarantee,
  BIO_ctrl_pending,
  BIO_eof,
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  BIO_free,
  BIO_new_bio_pair,
  BIO_nread,
  BIO_nread0,
  BIO_nwrite,
  BIO_nwrite0,
  BIO_read,
  BIO_reset,
  BIO_retry_type,
  BIO_should_io_special,
  BIO_should_read,
  BIO_should_retry,
  BIO_should_write,
  BIO_shutdown_wr,
  BIO_wpending,
  BIO_write,
  strata_BIO_wait,
} from './index.js';

/** Deterministic byte stream: byte i of the transfer. */
const pattern = (i: number): number => (i * 131 + (i >>> 9) + (i >>> 17)) & 0xff;

describe('BIO pair', () => {
  it('uses 17408-byte buffers (one full TLS record) by default', () => {
    const [ok, a, b] = BIO_new_bio_pair();
    expect(ok).toBe(1);
    expect(BIO_ctrl_get_write_guarantee(a)).toBe(17408);
    expect(BIO_write(a, new Uint8Array(20000))).toBe(17408);
    expect(BIO_ctrl_pending(b)).toBe(17408);
    BIO_free(a);
    BIO_free(b);
  });

  it('goes from empty to full and back with the documented return values and retry flags', () => {
    const [, a, b] = BIO_new_bio_pair(8, 8);
    const out = new Uint8Array(8);
    // empty: read retry
    expect(BIO_read(b, out)).toBe(-1);
    expect(BIO_should_retry(b)).not.toBe(0);
    expect(BIO_should_read(b)).not.toBe(0);
    expect(BIO_should_write(b)).toBe(0);
    expect(BIO_should_io_special(b)).toBe(0);
    expect(BIO_retry_type(b)).toBe(BIO_FLAGS_READ);
    // partial fill, then full: partial count, then write retry
    expect(BIO_write(a, Uint8Array.of(1, 2, 3, 4, 5))).toBe(5);
    expect(BIO_should_retry(a)).toBe(0);
    expect(BIO_write(a, Uint8Array.of(6, 7, 8, 9, 10))).toBe(3);
    expect(BIO_ctrl_get_write_guarantee(a)).toBe(0);
    expect(BIO_write(a, Uint8Array.of(11))).toBe(-1);
    expect(BIO_retry_type(a)).toBe(BIO_FLAGS_WRITE);
    expect(BIO_should_retry(a)).not.toBe(0);
    // drain: data comes out in order; the reader's flags clear
    expect(BIO_read(b, out)).toBe(8);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(BIO_should_retry(b)).toBe(0);
    expect(BIO_ctrl_get_write_guarantee(a)).toBe(8);
    expect(BIO_read(b, out)).toBe(-1);
    expect(BIO_should_read(b)).not.toBe(0);
    BIO_free(a);
    BIO_free(b);
  });

  it('reads 0 once the peer called BIO_shutdown_wr and the data is drained', () => {
    const [, a, b] = BIO_new_bio_pair(16, 16);
    const out = new Uint8Array(16);
    expect(BIO_write(a, Uint8Array.of(1, 2, 3))).toBe(3);
    expect(BIO_shutdown_wr(a)).toBe(1);
    expect(BIO_write(a, Uint8Array.of(4))).toBe(-1);
    expect(BIO_should_retry(a)).toBe(0);
    expect(BIO_eof(b)).toBe(0);
    expect(BIO_read(b, out)).toBe(3);
    expect(BIO_read(b, out)).toBe(0);
    expect(BIO_should_retry(b)).toBe(0);
    expect(BIO_eof(b)).toBe(1);
    // the other direction is unaffected
    expect(BIO_write(b, Uint8Array.of(9))).toBe(1);
    expect(BIO_read(a, out)).toBe(1);
    BIO_free(a);
    BIO_free(b);
  });

  it('records the read request of a failed read: 5 for a TLS record header, capped at the buffer size', () => {
    const [, net, ssl] = BIO_new_bio_pair(0, 0);
    expect(BIO_read(ssl, new Uint8Array(5))).toBe(-1);
    expect(BIO_ctrl_get_read_request(net)).toBe(5);
    expect(BIO_read(ssl, new Uint8Array(100_000))).toBe(-1);
    expect(BIO_ctrl_get_read_request(net)).toBe(17408);
    // writing clears it
    expect(BIO_write(net, Uint8Array.of(22, 3, 3, 0, 1))).toBe(5);
    expect(BIO_ctrl_get_read_request(net)).toBe(0);
    BIO_free(net);
    BIO_free(ssl);
  });

  it('BIO_reset empties the half it is called on and returns 0 while succeeding (test/c/pair.c)', () => {
    const [, a, b] = BIO_new_bio_pair(8, 8);
    BIO_write(a, Uint8Array.of(1, 2, 3));
    BIO_write(b, Uint8Array.of(4));
    expect(BIO_reset(a)).toBe(0);
    expect(BIO_ctrl_pending(b)).toBe(0); // what a had written is gone
    expect(BIO_ctrl_pending(a)).toBe(1); // b's buffer is untouched
    expect(BIO_ctrl_get_write_guarantee(a)).toBe(8);
    BIO_free(a);
    BIO_free(b);
  });

  it('makes the remaining half fail cleanly when one half is freed', () => {
    const [, a, b] = BIO_new_bio_pair(8, 8);
    BIO_write(a, Uint8Array.of(1, 2));
    BIO_free(a);
    expect(BIO_read(b, new Uint8Array(4))).toBe(-1);
    expect(BIO_should_retry(b)).toBe(0);
    expect(BIO_write(b, Uint8Array.of(1))).toBe(-1);
    expect(BIO_should_retry(b)).toBe(0);
    expect(BIO_ctrl_pending(b)).toBe(0);
    expect(BIO_wpending(b)).toBe(0);
    expect(BIO_eof(b)).toBe(1);
    expect(BIO_nread0(b)[0]).toBe(-2);
    BIO_free(b);
  });

  it('hands out zero-copy views with BIO_nwrite/BIO_nread, split at the ring wrap-around', () => {
    const [, a, b] = BIO_new_bio_pair(8, 8);
    expect(BIO_write(a, Uint8Array.of(1, 2, 3, 4, 5, 6))).toBe(6);
    expect(BIO_read(b, new Uint8Array(4))).toBe(4); // offset 4, 2 bytes left
    const [space] = BIO_nwrite0(a);
    expect(space).toBe(2); // only up to the end of the ring
    const [n, view] = BIO_nwrite(a, 10);
    expect(n).toBe(2);
    view.set([7, 8]);
    const [n2, view2] = BIO_nwrite(a, 10);
    expect(n2).toBe(4); // wrapped to the start
    view2.set([9, 10, 11, 12]);
    expect(BIO_nwrite0(a)[0]).toBe(-1);
    expect(BIO_should_write(a)).not.toBe(0);
    const [r1, v1] = BIO_nread(b, 100);
    expect([r1, ...v1]).toEqual([4, 5, 6, 7, 8]);
    const [r0, v0] = BIO_nread0(b);
    expect(r0).toBe(4);
    v0[0] = 99; // the view is the pair's own buffer
    const [r2, v2] = BIO_nread(b, 100);
    expect([r2, ...v2]).toEqual([4, 99, 10, 11, 12]);
    expect(BIO_nread(b, 1)[0]).toBe(-1);
    BIO_free(a);
    BIO_free(b);
  });

  it('moves 64 MiB through 256-byte buffers without loss or reordering', () => {
    const total = 64 * 1024 * 1024;
    const [, a, b] = BIO_new_bio_pair(256, 256);
    const chunk = new Uint8Array(700);
    const out = new Uint8Array(500);
    let written = 0;
    let read = 0;
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return 1 + (seed % n);
    };
    let writeRetries = 0;
    let readRetries = 0;
    let rounds = 0;
    let fullSeen = 0;
    while (read < total) {
      rounds += 1;
      if (rounds > 10_000_000) throw new Error('no progress');
      const skip = rand(6); // 1: the writer idles, 2: the reader idles
      if (written < total && skip !== 1) {
        if (BIO_ctrl_get_write_guarantee(a) === 0) fullSeen += 1;
        if ((rounds & 7) === 0) {
          // zero-copy path
          const [n, view] = BIO_nwrite(a, Math.min(rand(300), total - written));
          if (n > 0) for (let i = 0; i < n; i++) view[i] = pattern(written++);
          else writeRetries += 1;
        } else {
          const len = Math.min(rand(chunk.length), total - written);
          for (let i = 0; i < len; i++) chunk[i] = pattern(written + i);
          const n = BIO_write(a, chunk, len);
          if (n > 0) written += n;
          else writeRetries += BIO_should_write(a) !== 0 ? 1 : Number.NaN;
        }
      }
      if (skip === 2) {
        // the reader idles this round
      } else if ((rounds & 3) === 1) {
        const [n, view] = BIO_nread(b, rand(300));
        if (n > 0) {
          for (let i = 0; i < n; i++) {
            if (view[i] !== pattern(read + i)) throw new Error(`byte ${read + i} differs`);
          }
          read += n;
        } else readRetries += 1;
      } else {
        const n = BIO_read(b, out, rand(250));
        if (n > 0) {
          for (let i = 0; i < n; i++) {
            if (out[i] !== pattern(read + i)) throw new Error(`byte ${read + i} differs`);
          }
          read += n;
        } else readRetries += BIO_should_read(b) !== 0 ? 1 : Number.NaN;
      }
    }
    expect(read).toBe(total);
    expect(written).toBe(total);
    expect(writeRetries).toBeGreaterThan(0); // the buffer was full …
    expect(fullSeen).toBeGreaterThan(0);
    expect(readRetries).toBeGreaterThan(0); // … and empty
    expect(Number.isFinite(writeRetries + readRetries)).toBe(true);
    BIO_shutdown_wr(a);
    expect(BIO_read(b, out)).toBe(0);
    BIO_free(a);
    BIO_free(b);
  }, 120_000);

  it('delivers any sequence of writes in order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 10 }),
        (size, writes, readSizes) => {
          const [, a, b] = BIO_new_bio_pair(size, size);
          const sent: number[] = [];
          const got: number[] = [];
          let k = 0;
          const drain = (): void => {
            const out = new Uint8Array(readSizes[k++ % readSizes.length]!);
            const n = BIO_read(b, out);
            if (n > 0) got.push(...out.subarray(0, n));
          };
          for (const w of writes) {
            let off = 0;
            let guard = 0;
            while (off < w.length && guard++ < 10_000) {
              const n = BIO_write(a, w.subarray(off));
              if (n > 0) {
                sent.push(...w.subarray(off, off + n));
                off += n;
              } else drain();
            }
          }
          BIO_shutdown_wr(a);
          for (let guard = 0; guard < 10_000 && BIO_eof(b) === 0; guard++) drain();
          expect(got).toEqual(sent);
          expect(sent.length).toBe(writes.reduce((s, w) => s + w.length, 0));
          BIO_free(a);
          BIO_free(b);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('strata_BIO_wait resolves when the peer writes, reads, shuts down or is freed', async () => {
    const [, a, b] = BIO_new_bio_pair(4, 4);
    // reader waits for data
    expect(BIO_read(b, new Uint8Array(4))).toBe(-1);
    let woke = false;
    const readable = strata_BIO_wait(b).then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    BIO_write(a, Uint8Array.of(1));
    await readable;
    expect(woke).toBe(true);
    // writer waits for room
    expect(BIO_write(a, Uint8Array.of(2, 3, 4, 5))).toBe(3);
    expect(BIO_write(a, Uint8Array.of(5))).toBe(-1);
    let room = false;
    const writable = strata_BIO_wait(a).then(() => {
      room = true;
    });
    await Promise.resolve();
    expect(room).toBe(false);
    BIO_read(b, new Uint8Array(2));
    await writable;
    expect(room).toBe(true);
    // drain, then shutdown wakes the reader
    BIO_read(b, new Uint8Array(4));
    expect(BIO_read(b, new Uint8Array(4))).toBe(-1);
    const eof = strata_BIO_wait(b);
    BIO_shutdown_wr(a);
    await eof;
    expect(BIO_read(b, new Uint8Array(4))).toBe(0);
    // freeing the peer wakes a waiter
    expect(BIO_read(a, new Uint8Array(4))).toBe(-1);
    const gone = strata_BIO_wait(a, BIO_FLAGS_READ);
    BIO_free(b);
    await gone;
    expect(BIO_read(a, new Uint8Array(4))).toBe(-1); // BIO_R_UNINITIALIZED
    expect(BIO_ctrl_pending(a)).toBe(0);
    expect(BIO_eof(a)).toBe(1);
    BIO_free(a);
  });

  it('strata_BIO_wait resolves at once without a pending retry and rejects on abort', async () => {
    const [, a, b] = BIO_new_bio_pair(4, 4);
    await strata_BIO_wait(b); // nothing failed yet
    BIO_read(b, new Uint8Array(1));
    const ac = new AbortController();
    const waiting = strata_BIO_wait(b, undefined, ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    BIO_free(a);
    BIO_free(b);
  });
});
