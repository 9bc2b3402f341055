// Mirrors test/c/pair-more.c step by step and compares with what OpenSSL 3.0 printed.
import { describeGroundTruth, type Observations, Recorder } from '../test/c/harness.js';
import {
  BIO_ctrl_get_read_request,
  BIO_ctrl_get_write_guarantee,
  BIO_ctrl_pending,
  BIO_ctrl_wpending,
  BIO_eof,
  BIO_f_buffer,
  BIO_flush,
  BIO_free,
  BIO_free_all,
  BIO_get_write_buf_size,
  BIO_gets,
  BIO_make_bio_pair,
  BIO_new,
  BIO_new_bio_pair,
  BIO_nread,
  BIO_nread0,
  BIO_nwrite,
  BIO_nwrite0,
  BIO_push,
  BIO_puts,
  BIO_read,
  BIO_read_ex,
  BIO_reset,
  BIO_s_bio,
  BIO_shutdown_wr,
  BIO_wpending,
  BIO_write,
  BIO_write_ex,
} from './index.js';

function pairMoreScenario(): Observations {
  const r = new Recorder();
  const P = r.p.bind(r);
  const flags = r.flags.bind(r);
  const buf = new Uint8Array(64);
  const big = new Uint8Array(64).map((_, i) => i + 1);
  let view: Uint8Array;
  let n: number;

  let [, a, b] = BIO_new_bio_pair(8, 8);
  P('w6', BIO_write(a, big, 6));
  P('w6.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('w6.nwrite0', BIO_nwrite0(a)[0]);
  P('r4', BIO_read(b, buf, 4));
  P('r4.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('r4.pending_b', BIO_ctrl_pending(b));
  P('r4.wpending_a', BIO_wpending(a));
  P('r4.nwrite0', BIO_nwrite0(a)[0]);
  P('w3.wraps', BIO_write(a, big.subarray(6), 3));
  P('w3.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('w3.nwrite0', BIO_nwrite0(a)[0]);
  [n, view] = BIO_nread0(b);
  P('nread0.to_end', n);
  P('nread0.to_end.first', view[0]!);
  P('nread.zero', BIO_nread(b, 0)[0]);
  flags('nread.zero', b);
  P('nread.zero.pending', BIO_ctrl_pending(b));
  P('nread.4', BIO_nread(b, 4)[0]);
  P('nread.4.guarantee', BIO_ctrl_get_write_guarantee(a));
  [n, view] = BIO_nread0(b);
  P('nread0.after_wrap', n);
  P('nread0.after_wrap.first', view[0]!);
  P('r1', BIO_read(b, buf, 1));
  P('r1.byte', buf[0]!);
  P('r1.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('r1.nwrite0', BIO_nwrite0(a)[0]);
  P('nwrite.zero', BIO_nwrite(a, 0)[0]);
  P('nwrite.zero.guarantee', BIO_ctrl_get_write_guarantee(a));
  [n, view] = BIO_nwrite(a, 5);
  P('nwrite.5', n);
  view.set(new TextEncoder().encode('ABCDE'));
  P('nwrite.5.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('nwrite.5.nwrite0', BIO_nwrite0(a)[0]);
  P('nwrite.3', BIO_nwrite(a, 100)[0]);
  P('nwrite.full', BIO_nwrite(a, 1)[0]);
  flags('nwrite.full', a);
  P('nwrite0.full', BIO_nwrite0(a)[0]);
  flags('nwrite0.full', a);
  P('r8', BIO_read(b, buf, 64));
  P('r8.first', buf[0]!);
  P('r8.second', buf[1]!);
  P('r8.guarantee', BIO_ctrl_get_write_guarantee(a));

  P('fail.read', BIO_read(b, buf, 3));
  flags('fail.read', b);
  P('fail.pending', BIO_ctrl_pending(b));
  flags('fail.after_pending', b);
  P('fail.eof', BIO_eof(b));
  flags('fail.after_eof', b);
  P('fail.flush', BIO_flush(b));
  flags('fail.after_flush', b);
  P('fail.guarantee', BIO_ctrl_get_write_guarantee(b));
  flags('fail.after_guarantee', b);
  P('fail.write0', BIO_write(b, big, 0));
  flags('fail.after_write0', b);
  P('fail.write_ok', BIO_write(b, big, 2));
  flags('fail.after_write_ok', b);
  P('fail.read2', BIO_read(b, buf, 3));
  flags('fail.read2', b);
  P('fail.read0', BIO_read(b, buf, 0));
  flags('fail.after_read0', b);
  P('fail.read3', BIO_read(b, buf, 3));
  P('fail.nread0', BIO_nread0(b)[0]);
  flags('fail.nread0', b);
  P('ok.write', BIO_write(a, big, 2));
  P('ok.nread0', BIO_nread0(b)[0]);
  flags('ok.nread0', b);
  r.pEx('read_ex.zero', BIO_read_ex(b, buf, 0));
  r.pEx('read_ex', BIO_read_ex(b, buf, 10));
  r.pEx('read_ex.empty', BIO_read_ex(b, buf, 10));
  flags('read_ex.empty', b);
  r.pEx('write_ex.zero', BIO_write_ex(a, big, 0));
  r.pEx('write_ex.big', BIO_write_ex(a, big, 20));
  r.pEx('write_ex.full', BIO_write_ex(a, big, 20));
  flags('write_ex.full', a);
  BIO_reset(a);

  P('neg.write', BIO_write(a, big, 6));
  P('neg.nread', BIO_nread(b, -1)[0]);
  P('neg.nread.pending', BIO_ctrl_pending(b));
  P('neg.nwrite', BIO_nwrite(a, -1)[0]);
  P('neg.nwrite.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('neg.read_back', BIO_read(b, buf, 64));
  BIO_reset(a);

  P('eof.a.open', BIO_eof(a));
  P('eof.b.open', BIO_eof(b));
  P('eof.write', BIO_write(b, big, 3));
  P('eof.shutdown_b', BIO_shutdown_wr(b));
  P('eof.a.data', BIO_eof(a));
  P('eof.b.after_b_shutdown', BIO_eof(b));
  P('eof.guarantee_b', BIO_ctrl_get_write_guarantee(b));
  P('eof.nwrite0_b', BIO_nwrite0(b)[0]);
  flags('eof.nwrite0_b', b);
  r.clearError();
  P('eof.read_a', BIO_read(a, buf, 64));
  P('eof.a.drained', BIO_eof(a));
  P('eof.read_a.again', BIO_read(a, buf, 64));
  flags('eof.read_a.again', a);
  P('eof.nread_a', BIO_nread(a, 10)[0]);
  P('eof.read_a.zero', BIO_read(a, buf, 0));
  P('eof.a.write', BIO_write(a, big, 4));
  P('eof.b.read', BIO_read(b, buf, 64));
  P('eof.shutdown_again', BIO_shutdown_wr(b));
  BIO_free(a);
  BIO_free(b);

  [, a, b] = BIO_new_bio_pair(32, 32);
  const f = BIO_new(BIO_f_buffer());
  BIO_push(f, a);
  P('fb.write', BIO_write(f, big, 5));
  P('fb.wpending_f', BIO_wpending(f));
  P('fb.ctrl_wpending_f', BIO_ctrl_wpending(f));
  P('fb.wpending_a', BIO_wpending(a));
  P('fb.pending_b', BIO_ctrl_pending(b));
  P('fb.guarantee_a', BIO_ctrl_get_write_guarantee(a));
  P('fb.flush', BIO_flush(f));
  P('fb.flushed.wpending_f', BIO_wpending(f));
  P('fb.flushed.wpending_a', BIO_wpending(a));
  P('fb.flushed.pending_b', BIO_ctrl_pending(b));
  P('fb.pending_f.empty', BIO_ctrl_pending(f));
  P('fb.write_b', BIO_write(b, big, 11));
  P('fb.pending_f.through', BIO_ctrl_pending(f));
  P('fb.pending_a', BIO_ctrl_pending(a));
  P('fb.read3', BIO_read(f, buf, 3));
  P('fb.read3.first', buf[0]!);
  P('fb.read3.pending_f', BIO_ctrl_pending(f));
  P('fb.read3.pending_a', BIO_ctrl_pending(a));
  P('fb.eof.data', BIO_eof(f));
  P('fb.shutdown_b', BIO_shutdown_wr(b));
  P('fb.eof.buffered', BIO_eof(f));
  P('fb.read_rest', BIO_read(f, buf, 64));
  P('fb.eof.drained', BIO_eof(f));
  P('fb.read_eof', BIO_read(f, buf, 64));
  flags('fb.read_eof', f);
  P('fb.read_request_b', BIO_ctrl_get_read_request(b));
  BIO_free_all(f);
  P('orphan.write', BIO_write(b, big, 1));
  flags('orphan.write', b);
  r.clearError();
  P('orphan.eof', BIO_eof(b));
  P('orphan.shutdown', BIO_shutdown_wr(b));
  P('orphan.reset', BIO_reset(b));
  P('orphan.nwrite', BIO_nwrite(b, 4)[0]);
  r.clearError();
  P('orphan.nread', BIO_nread(b, 4)[0]);
  r.clearError();
  P('orphan.puts', BIO_puts(b, 'x'));
  r.clearError();
  P('orphan.gets', BIO_gets(b, buf, 10));
  r.clearError();
  P('orphan.flush', BIO_flush(b));
  P('orphan.size', BIO_get_write_buf_size(b, 0));
  const c = BIO_new(BIO_s_bio());
  P('repair', BIO_make_bio_pair(b, c));
  P('repair.guarantee_b', BIO_ctrl_get_write_guarantee(b));
  P('repair.guarantee_c', BIO_ctrl_get_write_guarantee(c));
  P('repair.write_b', BIO_write(b, big, 40));
  P('repair.read_c', BIO_read(c, buf, 64));
  P('repair.read_c.first', buf[0]!);
  P('repair.eof_c', BIO_eof(c));
  BIO_free(b);
  P('repair.freed.read_c', BIO_read(c, buf, 4));
  r.clearError();
  BIO_free(c);
  return r.done();
}

describeGroundTruth(
  'BIO pair, more cases, against OpenSSL 3.0 (test/c/pair-more.c)',
  'pair-more',
  pairMoreScenario,
);
