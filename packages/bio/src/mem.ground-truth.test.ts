// Mirrors test/c/mem.c step by step (memory, null and buffering BIOs, chains,
// reference counts) and compares with what OpenSSL 3.0 printed.
import { describeGroundTruth, type Observations, Recorder } from '../test/c/harness.js';
import {
  BIO_CLOSE,
  BIO_ctrl_get_read_request,
  BIO_ctrl_get_write_guarantee,
  BIO_ctrl_pending,
  BIO_eof,
  BIO_f_buffer,
  BIO_flush,
  BIO_free,
  BIO_free_all,
  BIO_get_close,
  BIO_get_mem_data,
  BIO_get_retry_BIO,
  BIO_gets,
  BIO_NOCLOSE,
  BIO_new,
  BIO_new_bio_pair,
  BIO_new_mem_buf,
  BIO_next,
  BIO_pop,
  BIO_push,
  BIO_puts,
  BIO_read,
  BIO_read_ex,
  BIO_reset,
  BIO_s_mem,
  BIO_s_null,
  BIO_set_close,
  BIO_set_mem_eof_return,
  BIO_set_write_buffer_size,
  BIO_up_ref,
  BIO_wpending,
  BIO_write,
  BIO_write_ex,
} from './index.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function memScenario(): Observations {
  const r = new Recorder();
  const P = r.p.bind(r);
  const flags = r.flags.bind(r);
  const buf = new Uint8Array(8192);
  const line = new Uint8Array(64);

  let m = BIO_new(BIO_s_mem());
  P('mem.empty.read', BIO_read(m, buf, 10));
  flags('mem.empty', m);
  P('mem.empty.eof', BIO_eof(m));
  P('mem.empty.pending', BIO_ctrl_pending(m));
  P('mem.empty.gets', BIO_gets(m, line, line.length));
  flags('mem.empty.gets', m);
  P('mem.write', BIO_write(m, ascii('hello\nworld\nend'), 15));
  flags('mem.write', m);
  P('mem.write0', BIO_write(m, ascii('x'), 0));
  P('mem.pending', BIO_ctrl_pending(m));
  P('mem.wpending', BIO_wpending(m));
  P('mem.eof', BIO_eof(m));
  P('mem.gets1', BIO_gets(m, line, line.length));
  P('mem.gets1.nul', line[6]!);
  P('mem.gets_small', BIO_gets(m, line, 4));
  P('mem.gets_small.nul', line[3]!);
  P('mem.gets2', BIO_gets(m, line, line.length));
  P('mem.gets_last', BIO_gets(m, line, line.length));
  P('mem.gets_after', BIO_gets(m, line, line.length));
  P('mem.puts', BIO_puts(m, 'abc'));
  P('mem.puts_empty', BIO_puts(m, ''));
  const [len, data] = BIO_get_mem_data(m);
  P('mem.get_mem_data', len);
  P('mem.get_mem_data.first', data[0]!);
  P('mem.read_partial', BIO_read(m, buf, 2));
  P('mem.read_rest', BIO_read(m, buf, 10));
  P('mem.set_eof_return', BIO_set_mem_eof_return(m, 0));
  P('mem.eof_return0.read', BIO_read(m, buf, 10));
  flags('mem.eof_return0', m);
  BIO_set_mem_eof_return(m, -7);
  P('mem.eof_return7.read', BIO_read(m, buf, 10));
  flags('mem.eof_return7', m);
  P('mem.write2', BIO_write(m, ascii('12345'), 5));
  P('mem.reset', BIO_reset(m));
  P('mem.reset.pending', BIO_ctrl_pending(m));
  P('mem.flush', BIO_flush(m));
  P('mem.get_close', BIO_get_close(m));
  P('mem.set_close', BIO_set_close(m, BIO_NOCLOSE));
  P('mem.get_close2', BIO_get_close(m));
  BIO_set_close(m, BIO_CLOSE);
  for (let i = 0; i < 8192; i++) buf[i] = (i * 7) & 0xff;
  P('mem.big_write', BIO_write(m, buf, 8192));
  P('mem.big_pending', BIO_ctrl_pending(m));
  BIO_free(m);

  m = BIO_new(BIO_s_mem());
  r.pEx('ex.write0', BIO_write_ex(m, ascii('ab'), 0));
  r.pEx('ex.write2', BIO_write_ex(m, ascii('ab'), 2));
  r.pEx('ex.read', BIO_read_ex(m, buf, 4));
  r.pEx('ex.read_empty', BIO_read_ex(m, buf, 4));
  flags('ex.read_empty', m);
  BIO_free(m);

  m = BIO_new_mem_buf(ascii('abcdef'), 6);
  P('ro.pending', BIO_ctrl_pending(m));
  P('ro.write', BIO_write(m, ascii('x'), 1));
  flags('ro.write', m);
  P('ro.write.err', r.lastReason);
  r.clearError();
  P('ro.read', BIO_read(m, buf, 4));
  P('ro.read2', BIO_read(m, buf, 4));
  P('ro.read_eof', BIO_read(m, buf, 4));
  flags('ro.read_eof', m);
  P('ro.eof', BIO_eof(m));
  P('ro.reset', BIO_reset(m));
  P('ro.reset.pending', BIO_ctrl_pending(m));
  BIO_free(m);
  m = BIO_new_mem_buf(ascii('abc\0def'), -1);
  P('ro.strlen.pending', BIO_ctrl_pending(m));
  BIO_free(m);

  const n = BIO_new(BIO_s_null());
  P('null.write', BIO_write(n, ascii('abc'), 3));
  P('null.read', BIO_read(n, buf, 3));
  flags('null.read', n);
  P('null.puts', BIO_puts(n, 'abcd'));
  P('null.gets', BIO_gets(n, line, line.length));
  P('null.pending', BIO_ctrl_pending(n));
  P('null.wpending', BIO_wpending(n));
  P('null.eof', BIO_eof(n));
  P('null.reset', BIO_reset(n));
  P('null.flush', BIO_flush(n));
  P('null.get_close', BIO_get_close(n));
  BIO_free(n);

  let f = BIO_new(BIO_f_buffer());
  m = BIO_new(BIO_s_mem());
  P('buf.alone.write', BIO_write(f, ascii('abc'), 3));
  P('buf.alone.read', BIO_read(f, buf, 3));
  P('buf.alone.flush', BIO_flush(f));
  P('buf.push_is_f', BIO_push(f, m) === f);
  P('buf.next_is_m', BIO_next(f) === m);
  P('buf.write', BIO_write(f, ascii('hello'), 5));
  P('buf.wpending', BIO_wpending(f));
  P('buf.mem_pending_before_flush', BIO_ctrl_pending(m));
  P('buf.pending', BIO_ctrl_pending(f));
  P('buf.flush', BIO_flush(f));
  P('buf.wpending_after_flush', BIO_wpending(f));
  P('buf.mem_pending_after_flush', BIO_ctrl_pending(m));
  P('buf.pending_through', BIO_ctrl_pending(f));
  P('buf.read2', BIO_read(f, buf, 2));
  P('buf.read2.pending_f', BIO_ctrl_pending(f));
  P('buf.read2.mem_pending', BIO_ctrl_pending(m));
  P('buf.read_rest', BIO_read(f, buf, 10));
  P('buf.read_empty', BIO_read(f, buf, 10));
  flags('buf.read_empty', f);
  P('buf.retry_bio_is_m', BIO_get_retry_BIO(f)[0] === m);
  P('buf.eof', BIO_eof(f));
  P('buf.puts', BIO_puts(f, 'line1\nline2\n'));
  BIO_flush(f);
  P('buf.gets', BIO_gets(f, line, line.length));
  P('buf.gets.pending', BIO_ctrl_pending(f));
  P('buf.big_write', BIO_write(f, buf, 5000));
  P('buf.big_write.wpending', BIO_wpending(f));
  P('buf.big_write.mem', BIO_ctrl_pending(m));
  P('buf.write_after_big', BIO_write(f, buf, 100));
  P('buf.write_after_big.wpending', BIO_wpending(f));
  P('buf.set_size_small', BIO_set_write_buffer_size(f, 16));
  P('buf.write_after_small', BIO_write(f, buf, 4000));
  P('buf.write_after_small.wpending', BIO_wpending(f));
  P('buf.reset', BIO_reset(f));
  P('buf.reset.wpending', BIO_wpending(f));
  P('buf.reset.mem', BIO_ctrl_pending(m));
  P('buf.pop_is_m', BIO_pop(f) === m);
  P('buf.next_after_pop', BIO_next(f) === null);
  BIO_free(m);
  BIO_free(f);

  const [, a, b] = BIO_new_bio_pair(8, 8);
  f = BIO_new(BIO_f_buffer());
  BIO_push(f, a);
  P('bufpair.write', BIO_write(f, buf, 20));
  P('bufpair.wpending', BIO_wpending(f));
  P('bufpair.flush', BIO_flush(f));
  flags('bufpair.flush', f);
  P('bufpair.flush.wpending', BIO_wpending(f));
  P('bufpair.read', BIO_read(b, buf, 100));
  P('bufpair.flush2', BIO_flush(f));
  P('bufpair.flush2.wpending', BIO_wpending(f));
  P('bufpair.read2', BIO_read(b, buf, 100));
  P('bufpair.flush3', BIO_flush(f));
  flags('bufpair.flush3', f);
  P('bufpair.bigwrite', BIO_write(f, buf, 5000));
  flags('bufpair.bigwrite', f);
  P('bufpair.read_f_empty', BIO_read(f, buf, 10));
  flags('bufpair.read_f_empty', f);
  P('bufpair.read_request', BIO_ctrl_get_read_request(b));

  P('ref.up', BIO_up_ref(f));
  BIO_free_all(f);
  P('ref.after_free_all.write_guarantee_a', BIO_ctrl_get_write_guarantee(a));
  P('ref.next_still', BIO_next(f) === a);
  BIO_free_all(f);
  P('ref.b_after_chain_freed.write', BIO_write(b, buf, 1));
  r.clearError();
  P('ref.free_null', BIO_free(null));
  BIO_free(b);
  return r.done();
}

describeGroundTruth(
  'memory, null and buffering BIOs against OpenSSL 3.0 (test/c/mem.c)',
  'mem',
  memScenario,
);
