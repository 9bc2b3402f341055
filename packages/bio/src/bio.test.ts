import { describe, expect, it } from 'vitest';
import {
  type BIO,
  BIO_CTRL_PENDING,
  BIO_ctrl,
  BIO_FLAGS_IO_SPECIAL,
  BIO_FLAGS_READ,
  BIO_f_buffer,
  BIO_find_type,
  BIO_free,
  BIO_free_all,
  BIO_get_retry_BIO,
  BIO_get_retry_reason,
  BIO_method_name,
  BIO_method_type,
  BIO_new,
  BIO_new_bio_pair,
  BIO_next,
  BIO_number_read,
  BIO_number_written,
  BIO_pop,
  BIO_push,
  BIO_R_UNSUPPORTED_METHOD,
  BIO_RR_CONNECT,
  BIO_read,
  BIO_read_ex,
  BIO_retry_type,
  BIO_s_mem,
  BIO_s_null,
  BIO_set_retry_reason,
  BIO_set_retry_special,
  BIO_should_io_special,
  BIO_should_retry,
  BIO_TYPE_BIO,
  BIO_TYPE_BUFFER,
  BIO_TYPE_FILTER,
  BIO_TYPE_MEM,
  BIO_TYPE_SOURCE_SINK,
  BIO_up_ref,
  BIO_write,
  BIO_write_ex,
  Bio,
  type BioMethod,
  ERR_LIB_BIO,
  strata_BIO_get_sys_error,
  strata_BIO_set_error_handler,
  strata_BIO_wait,
} from './index.js';

/** A method that counts destroys, to observe when BIO_free really frees. */
function counting(): { method: BioMethod; destroyed: string[] } {
  const destroyed: string[] = [];
  const method: BioMethod = {
    type: BIO_TYPE_SOURCE_SINK | 100,
    name: 'counting',
    create(bio) {
      bio.init = true;
    },
    destroy(bio) {
      destroyed.push(String(bio.ptr));
    },
    ctrl: () => 0,
  };
  return { method, destroyed };
}

function named(method: BioMethod, name: string): BIO {
  const b = BIO_new(method);
  b.ptr = name;
  return b;
}

describe('BIO core', () => {
  it('uses OpenSSL 3.0 numeric values for flags and types', () => {
    expect([BIO_FLAGS_READ, BIO_FLAGS_IO_SPECIAL, BIO_TYPE_MEM, BIO_TYPE_BIO]).toEqual([
      0x01, 0x04, 0x0401, 0x0413,
    ]);
    expect(BIO_TYPE_BUFFER).toBe(0x0209);
  });

  it('frees only at the last reference (BIO_up_ref / BIO_free)', () => {
    const { method, destroyed } = counting();
    const b = named(method, 'b');
    expect(BIO_up_ref(b)).toBe(1);
    expect(BIO_free(b)).toBe(1);
    expect(destroyed).toEqual([]);
    expect(BIO_free(b)).toBe(1);
    expect(destroyed).toEqual(['b']);
    expect(BIO_free(null)).toBe(0);
    expect(() => BIO_read(b, new Uint8Array(1))).toThrow(TypeError);
  });

  it('BIO_free_all frees a chain but stops after a BIO referenced elsewhere', () => {
    const { method, destroyed } = counting();
    const a = named(method, 'a');
    const b = named(method, 'b');
    const c = named(method, 'c');
    const d = named(method, 'd');
    expect(BIO_push(BIO_push(BIO_push(a, b), c), d)).toBe(a);
    expect([BIO_next(a), BIO_next(b), BIO_next(c), BIO_next(d)]).toEqual([b, c, d, null]);
    BIO_up_ref(b);
    BIO_free_all(a);
    expect(destroyed).toEqual(['a']); // b was shared: its reference dropped, c and d kept
    BIO_free_all(b);
    expect(destroyed).toEqual(['a', 'b', 'c', 'd']);
  });

  it('BIO_pop unlinks a BIO from the middle of a chain', () => {
    const { method } = counting();
    const a = named(method, 'a');
    const b = named(method, 'b');
    const c = named(method, 'c');
    BIO_push(a, b);
    BIO_push(a, c);
    expect(BIO_pop(b)).toBe(c);
    expect(BIO_next(a)).toBe(c);
    expect(BIO_next(b)).toBeNull();
    expect(c.prev).toBe(a);
    expect(BIO_push(null, c)).toBe(c);
    expect(BIO_pop(null)).toBeNull();
  });

  it('finds BIOs by type or class and names methods', () => {
    const f = BIO_new(BIO_f_buffer());
    const m = BIO_new(BIO_s_mem());
    BIO_push(f, m);
    expect(BIO_find_type(f, BIO_TYPE_MEM)).toBe(m);
    expect(BIO_find_type(f, BIO_TYPE_FILTER)).toBe(f);
    expect(BIO_find_type(f, BIO_TYPE_BIO)).toBeNull();
    expect(BIO_method_type(m)).toBe(BIO_TYPE_MEM);
    expect(BIO_method_name(m)).toBe('memory buffer');
    BIO_free_all(f);
  });

  it('walks to the BIO that caused a retry and reports its reason', () => {
    const f = BIO_new(BIO_f_buffer());
    const [, a, b] = BIO_new_bio_pair(8, 8);
    BIO_push(f, b);
    expect(BIO_read(f, new Uint8Array(4))).toBe(-1);
    expect(BIO_should_retry(f)).not.toBe(0);
    expect(BIO_retry_type(f)).toBe(BIO_FLAGS_READ);
    expect(BIO_get_retry_BIO(f)).toEqual([b, 0]);
    BIO_set_retry_special(b);
    BIO_set_retry_reason(b, BIO_RR_CONNECT);
    expect(BIO_should_io_special(b)).not.toBe(0);
    expect(BIO_get_retry_reason(b)).toBe(BIO_RR_CONNECT);
    BIO_free_all(f);
    BIO_free(a);
  });

  it('counts bytes and offers the _ex forms', () => {
    const m = BIO_new(BIO_s_mem());
    expect(BIO_write_ex(m, Uint8Array.of(1, 2, 3))).toEqual([1, 3]);
    expect(BIO_read_ex(m, new Uint8Array(2))).toEqual([1, 2]);
    expect(BIO_read_ex(m, new Uint8Array(2))).toEqual([1, 1]);
    expect(BIO_read_ex(m, new Uint8Array(2))).toEqual([0, 0]);
    expect(BIO_number_written(m)).toBe(3);
    expect(BIO_number_read(m)).toBe(3);
    expect(() => BIO_write(m, new Uint8Array(2), 3)).toThrow(RangeError);
    BIO_free(m);
  });

  it('reports unsupported operations with -2 and BIO_R_UNSUPPORTED_METHOD', () => {
    const seen: Array<[number, number, string]> = [];
    const previous = strata_BIO_set_error_handler((lib, reason, func) => {
      seen.push([lib, reason, func]);
    });
    try {
      const b = new Bio({ type: BIO_TYPE_SOURCE_SINK, name: 'bare' });
      expect(BIO_read(b, new Uint8Array(1))).toBe(-2);
      expect(BIO_ctrl(b, BIO_CTRL_PENDING)).toBe(-2);
      expect(seen).toEqual([
        [ERR_LIB_BIO, BIO_R_UNSUPPORTED_METHOD, 'BIO_read'],
        [ERR_LIB_BIO, BIO_R_UNSUPPORTED_METHOD, 'BIO_ctrl'],
      ]);
      BIO_free(b);
    } finally {
      strata_BIO_set_error_handler(previous);
    }
  });

  it('finds the system error along a chain', () => {
    const f = BIO_new(BIO_f_buffer());
    const n = BIO_new(BIO_s_null());
    BIO_push(f, n);
    expect(strata_BIO_get_sys_error(f)).toBeUndefined();
    const error = new Error('ECONNRESET');
    n.sysError = error;
    expect(strata_BIO_get_sys_error(f)).toBe(error);
    BIO_free_all(f);
  });

  it('strata_BIO_wait on a filter waits for the BIO under it', async () => {
    const f = BIO_new(BIO_f_buffer());
    const [, a, b] = BIO_new_bio_pair(8, 8);
    BIO_push(f, b);
    expect(BIO_read(f, new Uint8Array(4))).toBe(-1);
    let done = false;
    const w = strata_BIO_wait(f).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    BIO_write(a, Uint8Array.of(7));
    await w;
    const out = new Uint8Array(4);
    expect(BIO_read(f, out)).toBe(1);
    expect(out[0]).toBe(7);
    BIO_free_all(f);
    BIO_free(a);
  });
});
