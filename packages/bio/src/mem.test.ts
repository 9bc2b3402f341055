import { describe, expect, it } from 'vitest';
import {
  BIO_ctrl_pending,
  BIO_eof,
  BIO_free,
  BIO_get_mem_data,
  BIO_gets,
  BIO_new,
  BIO_new_mem_buf,
  BIO_puts,
  BIO_read,
  BIO_reset,
  BIO_s_mem,
  BIO_set_mem_eof_return,
  BIO_should_read,
  BIO_should_retry,
  BIO_write,
  strata_BIO_wait,
} from './index.js';

describe('memory BIO', () => {
  it('reads an empty BIO as retry (-1) by default and as EOF (0) after BIO_set_mem_eof_return(b, 0)', () => {
    const m = BIO_new(BIO_s_mem());
    const out = new Uint8Array(4);
    expect(BIO_read(m, out)).toBe(-1);
    expect(BIO_should_retry(m)).not.toBe(0);
    expect(BIO_should_read(m)).not.toBe(0);
    expect(BIO_eof(m)).toBe(1);
    expect(BIO_set_mem_eof_return(m, 0)).toBe(1);
    expect(BIO_read(m, out)).toBe(0);
    expect(BIO_should_retry(m)).toBe(0);
    BIO_free(m);
  });

  it('grows to hold everything written and returns it in order', () => {
    const m = BIO_new(BIO_s_mem());
    let expected = 0;
    for (let i = 0; i < 200; i++) {
      const chunk = new Uint8Array(i * 37 + 1).map((_, j) => (expected + j) & 0xff);
      expected += chunk.length;
      expect(BIO_write(m, chunk)).toBe(chunk.length);
      if (i % 3 === 0) BIO_read(m, new Uint8Array(0)); // no-op read
    }
    expect(BIO_ctrl_pending(m)).toBe(expected);
    const all = new Uint8Array(expected);
    expect(BIO_read(m, all)).toBe(expected);
    expect(all.every((v, i) => v === (i & 0xff))).toBe(true);
    BIO_free(m);
  });

  it('reads lines with BIO_gets, NUL-terminated, at most size - 1 bytes', () => {
    const m = BIO_new(BIO_s_mem());
    expect(BIO_puts(m, 'first\nsecond line\n')).toBe(18);
    const line = new Uint8Array(32).fill(0xff);
    expect(BIO_gets(m, line)).toBe(6);
    expect(new TextDecoder().decode(line.subarray(0, 6))).toBe('first\n');
    expect(line[6]).toBe(0);
    expect(BIO_gets(m, line, 5)).toBe(4);
    expect(new TextDecoder().decode(line.subarray(0, 4))).toBe('seco');
    expect(BIO_gets(m, line)).toBe(8);
    expect(BIO_gets(m, line)).toBe(0); // empty: 0, not retry (test/c/mem.c)
    BIO_free(m);
  });

  it('exposes its data without copying (BIO_get_mem_data) and clears on BIO_reset', () => {
    const m = BIO_new(BIO_s_mem());
    BIO_write(m, Uint8Array.of(1, 2, 3));
    const [n, view] = BIO_get_mem_data(m);
    expect([n, ...view]).toEqual([3, 1, 2, 3]);
    expect(BIO_reset(m)).toBe(1);
    expect(BIO_get_mem_data(m)[0]).toBe(0);
    BIO_free(m);
  });

  it('BIO_new_mem_buf is read-only, reads EOF at its end and rewinds on BIO_reset', () => {
    const m = BIO_new_mem_buf('hello');
    expect(BIO_write(m, Uint8Array.of(1))).toBe(-1);
    const out = new Uint8Array(8);
    expect(BIO_read(m, out)).toBe(5);
    expect(BIO_read(m, out)).toBe(0);
    expect(BIO_reset(m)).toBe(1);
    expect(BIO_ctrl_pending(m)).toBe(5);
    BIO_free(m);
    expect(() => BIO_new_mem_buf(new Uint8Array(2), 3)).toThrow(RangeError);
  });

  it('wakes strata_BIO_wait when data is written', async () => {
    const m = BIO_new(BIO_s_mem());
    expect(BIO_read(m, new Uint8Array(1))).toBe(-1);
    const waiting = strata_BIO_wait(m);
    BIO_write(m, Uint8Array.of(42));
    await waiting;
    expect(BIO_ctrl_pending(m)).toBe(1);
    BIO_free(m);
  });
});
