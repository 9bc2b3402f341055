import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIO_ctrl_pending,
  BIO_f_buffer,
  BIO_flush,
  BIO_free,
  BIO_free_all,
  BIO_get_buffer_num_lines,
  BIO_gets,
  BIO_new,
  BIO_new_bio_pair,
  BIO_push,
  BIO_puts,
  BIO_read,
  BIO_s_mem,
  BIO_set_buffer_read_data,
  BIO_set_buffer_size,
  BIO_should_write,
  BIO_up_ref,
  BIO_wpending,
  BIO_write,
  strata_BIO_wait,
} from './index.js';

describe('BIO_f_buffer', () => {
  it('holds small writes until BIO_flush', () => {
    const f = BIO_new(BIO_f_buffer());
    const m = BIO_new(BIO_s_mem());
    BIO_push(f, m);
    expect(BIO_write(f, Uint8Array.of(1, 2, 3))).toBe(3);
    expect(BIO_puts(f, 'ab')).toBe(2);
    expect(BIO_wpending(f)).toBe(5);
    expect(BIO_ctrl_pending(m)).toBe(0);
    expect(BIO_flush(f)).toBe(1);
    expect(BIO_wpending(f)).toBe(0);
    expect(BIO_ctrl_pending(m)).toBe(5);
    BIO_free_all(f);
  });

  it('writes through once its 4096-byte buffer fills', () => {
    const f = BIO_new(BIO_f_buffer());
    const m = BIO_new(BIO_s_mem());
    BIO_push(f, m);
    expect(BIO_write(f, new Uint8Array(4000))).toBe(4000);
    expect(BIO_ctrl_pending(m)).toBe(0);
    expect(BIO_write(f, new Uint8Array(200))).toBe(200);
    expect(BIO_ctrl_pending(m)).toBe(4096);
    expect(BIO_wpending(f)).toBe(104);
    BIO_free_all(f);
  });

  it('reads ahead in blocks and reports pending bytes and lines', () => {
    const f = BIO_new(BIO_f_buffer());
    const m = BIO_new(BIO_s_mem());
    BIO_push(f, m);
    BIO_puts(m, 'one\ntwo\nthree');
    const line = new Uint8Array(16);
    expect(BIO_gets(f, line)).toBe(4);
    expect(BIO_ctrl_pending(m)).toBe(0); // all of it moved into the filter
    expect(BIO_ctrl_pending(f)).toBe(9);
    expect(BIO_get_buffer_num_lines(f)).toBe(1);
    const out = new Uint8Array(3);
    expect(BIO_read(f, out)).toBe(3);
    expect(new TextDecoder().decode(out)).toBe('two');
    BIO_free_all(f);
  });

  it('keeps the data of a flush that hit a full BIO pair and finishes it later', async () => {
    const [, a, b] = BIO_new_bio_pair(8, 8);
    const f = BIO_new(BIO_f_buffer());
    BIO_push(f, a);
    const data = new Uint8Array(20).map((_, i) => i);
    expect(BIO_write(f, data)).toBe(20);
    expect(BIO_flush(f)).toBe(-1);
    expect(BIO_should_write(f)).not.toBe(0);
    const got: number[] = [];
    const out = new Uint8Array(8);
    for (let guard = 0; guard < 10 && got.length < 20; guard++) {
      // the filter waits for room in the pair; the peer reading makes it
      const room = BIO_flush(f) === 1 ? Promise.resolve() : strata_BIO_wait(f);
      const n = BIO_read(b, out);
      if (n > 0) got.push(...out.subarray(0, n));
      await room;
    }
    expect(got).toEqual([...data]);
    expect(BIO_wpending(f)).toBe(0);
    BIO_free_all(f);
    BIO_free(b);
  });

  it('grows beyond the default on request and can be preloaded', () => {
    const f = BIO_new(BIO_f_buffer());
    const m = BIO_new(BIO_s_mem());
    BIO_push(f, m);
    expect(BIO_set_buffer_size(f, 10_000)).toBe(1);
    expect(BIO_write(f, new Uint8Array(9000))).toBe(9000);
    expect(BIO_ctrl_pending(m)).toBe(0);
    expect(BIO_set_buffer_read_data(f, Uint8Array.of(5, 6))).toBe(1);
    const out = new Uint8Array(2);
    expect(BIO_read(f, out)).toBe(2);
    expect([...out]).toEqual([5, 6]);
    BIO_free(m);
    BIO_free(f);
  });
});

describe('BIO_f_buffer (properties)', () => {
  it('passes any mix of writes, flushes and reads through a buffer chain unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ write: fc.uint8Array({ maxLength: 9000 }) }),
            fc.record({ read: fc.integer({ min: 1, max: 6000 }) }),
            fc.constant({ flush: true as const }),
          ),
          { maxLength: 30 },
        ),
        (ops) => {
          const wf = BIO_new(BIO_f_buffer());
          const rf = BIO_new(BIO_f_buffer());
          const m = BIO_new(BIO_s_mem());
          BIO_push(wf, m);
          BIO_push(rf, m);
          BIO_up_ref(m); // shared by both chains
          const sent: number[] = [];
          const got: number[] = [];
          for (const op of ops) {
            if ('write' in op) {
              expect(BIO_write(wf, op.write)).toBe(op.write.length === 0 ? 0 : op.write.length);
              sent.push(...op.write);
            } else if ('read' in op) {
              const out = new Uint8Array(op.read);
              const n = BIO_read(rf, out);
              if (n > 0) got.push(...out.subarray(0, n));
            } else {
              expect(BIO_flush(wf)).toBe(1);
            }
          }
          expect(BIO_flush(wf)).toBe(1);
          const out = new Uint8Array(sent.length + 1);
          for (let guard = 0; guard < 1000; guard++) {
            const n = BIO_read(rf, out);
            if (n <= 0) break;
            got.push(...out.subarray(0, n));
          }
          expect(got.length).toBe(sent.length);
          expect(got.every((v, i) => v === sent[i])).toBe(true);
          BIO_free_all(wf);
          BIO_free_all(rf);
        },
      ),
      { numRuns: 100 },
    );
  });
});
