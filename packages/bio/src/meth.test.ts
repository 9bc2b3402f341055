import { describe, expect, it } from 'vitest';
import {
  BIO_CTRL_PENDING,
  BIO_clear_retry_flags,
  BIO_ctrl_pending,
  BIO_FLAGS_READ,
  BIO_f_buffer,
  BIO_flush,
  BIO_free_all,
  BIO_get_data,
  BIO_get_new_index,
  BIO_meth_new,
  BIO_meth_set_create,
  BIO_meth_set_ctrl,
  BIO_meth_set_destroy,
  BIO_meth_set_read,
  BIO_meth_set_write,
  BIO_new,
  BIO_push,
  BIO_read,
  BIO_set_data,
  BIO_set_init,
  BIO_set_retry_read,
  BIO_should_read,
  BIO_TYPE_SOURCE_SINK,
  BIO_write,
  strata_BIO_meth_set_ready,
  strata_BIO_wait,
} from './index.js';

describe('custom BIO methods', () => {
  it('builds a working BIO from BIO_meth_* setters, usable under a filter', async () => {
    const type = BIO_get_new_index() | BIO_TYPE_SOURCE_SINK;
    expect(type & 0xff).toBeGreaterThan(128);
    const queue: number[] = [];
    let destroyed = 0;
    const meth = BIO_meth_new(type, 'queue');
    BIO_meth_set_create(meth, (bio) => {
      BIO_set_data(bio, queue);
      BIO_set_init(bio, 1);
      return 1;
    });
    BIO_meth_set_destroy(meth, () => {
      destroyed += 1;
      return 1;
    });
    BIO_meth_set_write(meth, (bio, data) => {
      (BIO_get_data(bio) as number[]).push(...data);
      bio.wake();
      return data.length;
    });
    BIO_meth_set_read(meth, (bio, out) => {
      BIO_clear_retry_flags(bio);
      const q = BIO_get_data(bio) as number[];
      if (q.length === 0) {
        BIO_set_retry_read(bio);
        return -1;
      }
      const n = Math.min(out.length, q.length);
      out.set(q.splice(0, n));
      return n;
    });
    BIO_meth_set_ctrl(meth, (bio, cmd) =>
      cmd === BIO_CTRL_PENDING ? (BIO_get_data(bio) as number[]).length : cmd === 11 ? 1 : 0,
    );
    strata_BIO_meth_set_ready(meth, (bio, want) =>
      (want & BIO_FLAGS_READ) === 0 ? true : (BIO_get_data(bio) as number[]).length > 0,
    );

    const f = BIO_new(BIO_f_buffer());
    const q = BIO_new(meth);
    BIO_push(f, q);
    expect(BIO_read(f, new Uint8Array(4))).toBe(-1);
    expect(BIO_should_read(f)).not.toBe(0);
    const waiting = strata_BIO_wait(f);
    expect(BIO_write(f, Uint8Array.of(1, 2, 3))).toBe(3);
    expect(BIO_ctrl_pending(q)).toBe(0);
    expect(BIO_flush(f)).toBe(1);
    await waiting;
    const out = new Uint8Array(4);
    expect(BIO_read(f, out)).toBe(3);
    expect([...out.subarray(0, 3)]).toEqual([1, 2, 3]);
    BIO_free_all(f);
    expect(destroyed).toBe(1);
  });

  it('makes BIO_new throw when create fails', () => {
    const meth = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_get_new_index(), 'broken');
    BIO_meth_set_create(meth, () => 0);
    expect(() => BIO_new(meth)).toThrow(/create/);
  });
});
