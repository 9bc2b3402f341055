import { describe, expect, it } from 'vitest';
import { cUnavailable, runC } from '../test/c/compile.js';
import { ERR_LIB_BIO, ERR_LIB_PEM, ERR_LIB_SSL } from './constants.js';
import {
  ERR_clear_error,
  ERR_error_string,
  ERR_error_string_n,
  ERR_GET_LIB,
  ERR_GET_REASON,
  ERR_get_error,
  ERR_lib_error_string,
  ERR_PACK,
  ERR_peek_error,
  ERR_peek_last_error,
  ERR_print_errors_cb,
  ERR_raise,
  ERR_reason_error_string,
} from './err.js';

describe('the error queue (OpenSSL 3.0 packing and strings)', () => {
  it('packs (lib << 23) | reason and unpacks it', () => {
    const e = ERR_PACK(ERR_LIB_SSL, 0, 134);
    expect(e).toBe(0x0a000086);
    expect(ERR_GET_LIB(e)).toBe(20);
    expect(ERR_GET_REASON(e)).toBe(134);
    expect(ERR_error_string(e)).toBe('error:0A000086:SSL routines::certificate verify failed');
    expect(ERR_reason_error_string(ERR_PACK(ERR_LIB_SSL, 0, 294))).toBe(
      'unexpected eof while reading',
    );
  });

  it('is a FIFO: get takes the oldest, peek_last sees the newest', () => {
    ERR_clear_error();
    ERR_raise(ERR_LIB_SSL, 207);
    ERR_raise(ERR_LIB_SSL, 193);
    expect(ERR_peek_error()).toBe(ERR_PACK(ERR_LIB_SSL, 0, 207));
    expect(ERR_peek_last_error()).toBe(ERR_PACK(ERR_LIB_SSL, 0, 193));
    expect(ERR_get_error()).toBe(ERR_PACK(ERR_LIB_SSL, 0, 207));
    expect(ERR_get_error()).toBe(ERR_PACK(ERR_LIB_SSL, 0, 193));
    expect(ERR_get_error()).toBe(0);
  });

  it('writes C strings into a buffer, NUL-terminated and bounded', () => {
    const buf = new Uint8Array(12).fill(0xff);
    const s = ERR_error_string_n(ERR_PACK(ERR_LIB_SSL, 0, 134), buf, 12);
    expect(s).toBe('err:a000086');
    expect(new TextDecoder().decode(buf.subarray(0, 11))).toBe('err:a000086');
    expect(buf[11]).toBe(0);
  });

  it.skipIf(cUnavailable !== undefined)(
    `matches libssl's strings, truncations, queue size and print format${cUnavailable ? ` (skipped: ${cUnavailable})` : ''}`,
    () => {
      const lines = runC('errstrings').split('\n');
      let checked = 0;
      for (const line of lines) {
        const [kind, codeText, ...rest] = line.split(' ');
        if (kind === 'S') {
          expect(ERR_error_string(Number(codeText))).toBe(rest.join(' '));
          checked++;
        } else if (kind === 'L') {
          expect(ERR_lib_error_string(Number(codeText)) ?? '(null)').toBe(rest.join(' '));
          checked++;
        } else if (kind === 'N') {
          const [len, ...text] = rest;
          expect(ERR_error_string_n(Number(codeText), null, Number(len))).toBe(text.join(' '));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(150);

      ERR_clear_error();
      for (let i = 0; i < 20; i++) ERR_raise(ERR_LIB_SSL, 100 + i);
      const q = lines.filter((l) => l.startsWith('Q '));
      expect(q[0]).toBe(`Q peek=${ERR_peek_error()} last=${ERR_peek_last_error()}`);
      let n = 0;
      while (ERR_get_error() !== 0) n++;
      expect(q[1]).toBe(`Q count=${n}`);
      expect(q[2]).toBe(`Q empty=${ERR_peek_error()} ${ERR_peek_last_error()}`);

      ERR_raise(ERR_LIB_SSL, 207, 'main');
      ERR_raise(ERR_LIB_SSL, 271, 'main');
      const printed: string[] = [];
      ERR_print_errors_cb((s: string) => {
        // Same cut as the C side: without the thread id and file:line:data.
        printed.push(s.slice(s.indexOf(':')).replace(/:[^:]*:\d+:\n$/, ''));
        return 1;
      }, null);
      const expected = lines
        .filter((l) => l.startsWith('P '))
        .map((l) => l.replace(/^P \d+ /, '').replace(/:[^:]*:\d+:$/, ''));
      expect(printed).toEqual(expected);
      expect(ERR_peek_error()).toBe(0);
    },
  );

  it('names libraries it knows and says lib(N)/reason(N) otherwise', () => {
    expect(ERR_error_string(ERR_PACK(ERR_LIB_BIO, 0, 124))).toBe(
      'error:1000007C:BIO routines::broken pipe',
    );
    expect(ERR_lib_error_string(ERR_PACK(ERR_LIB_PEM, 0, 108))).toBe('PEM routines');
    expect(ERR_error_string(ERR_PACK(99, 0, 5))).toBe('error:31800005:lib(99)::reason(5)');
  });
});
