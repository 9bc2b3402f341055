// Mirrors test/c/pair.c step by step and compares with what OpenSSL 3.0 printed.
import { describeGroundTruth, type Observations, Recorder } from '../test/c/harness.js';
import {
  BIO_ctrl_get_read_request,
  BIO_ctrl_get_write_guarantee,
  BIO_ctrl_pending,
  BIO_ctrl_reset_read_request,
  BIO_destroy_bio_pair,
  BIO_eof,
  BIO_flush,
  BIO_free,
  BIO_get_write_buf_size,
  BIO_gets,
  BIO_make_bio_pair,
  BIO_new,
  BIO_new_bio_pair,
  BIO_nread,
  BIO_nread0,
  BIO_nwrite,
  BIO_nwrite0,
  BIO_puts,
  BIO_read,
  BIO_reset,
  BIO_s_bio,
  BIO_set_write_buf_size,
  BIO_shutdown_wr,
  BIO_wpending,
  BIO_write,
} from './index.js';

function pairScenario(): Observations {
  const r = new Recorder();
  const P = r.p.bind(r);
  const flags = r.flags.bind(r);
  const buf = new Uint8Array(64);
  const big = new Uint8Array(300).map((_, i) => i & 0xff);

  let [ok, a, b] = BIO_new_bio_pair(0, 0);
  P('new_pair', ok);
  P('default.write_buf_size', BIO_get_write_buf_size(a, 0));
  P('default.write_guarantee', BIO_ctrl_get_write_guarantee(a));
  BIO_free(a);
  BIO_free(b);

  [ok, a, b] = BIO_new_bio_pair(16, 8);
  P('new_pair16', ok);
  P('size.a', BIO_get_write_buf_size(a, 0));
  P('size.b', BIO_get_write_buf_size(b, 0));

  P('empty.read', BIO_read(b, buf, 5));
  flags('empty', b);
  P('empty.read_request_a', BIO_ctrl_get_read_request(a));
  P('empty.read_request_b', BIO_ctrl_get_read_request(b));
  P('empty.read_big', BIO_read(b, buf, 40));
  P('empty.read_request_capped', BIO_ctrl_get_read_request(a));
  P('reset_read_request', BIO_ctrl_reset_read_request(a));
  P('after_reset.read_request', BIO_ctrl_get_read_request(a));
  P('empty.read0', BIO_read(b, buf, 0));
  P('empty.eof', BIO_eof(b));

  P('write10', BIO_write(a, big, 10));
  flags('write10', a);
  P('write10.pending_b', BIO_ctrl_pending(b));
  P('write10.wpending_a', BIO_wpending(a));
  P('write10.pending_a', BIO_ctrl_pending(a));
  P('write10.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('write10.read_request', BIO_ctrl_get_read_request(a));
  P('write_partial', BIO_write(a, big.subarray(10), 10));
  flags('write_partial', a);
  P('write_full', BIO_write(a, big, 1));
  flags('write_full', a);
  P('full.guarantee', BIO_ctrl_get_write_guarantee(a));

  P('read5', BIO_read(b, buf, 5));
  P('read5.byte0', buf[0]!);
  flags('read5', b);
  P('nwrite0.wrap', BIO_nwrite0(a)[0]);
  const [nw, wview] = BIO_nwrite(a, 3);
  P('nwrite.wrap', nw);
  wview.set([0x78, 0x79, 0x7a]); // "xyz"
  P('nwrite.after.guarantee', BIO_ctrl_get_write_guarantee(a));
  const [n0, view0] = BIO_nread0(b);
  P('nread0.wrap', n0);
  P('nread0.first', view0[0]!);
  P('nread.wrap', BIO_nread(b, 100)[0]);
  const [nr, rview] = BIO_nread(b, 100);
  P('nread.rest', nr);
  P('nread.rest.first', rview[0]!);
  P('nread.empty', BIO_nread(b, 100)[0]);
  flags('nread.empty', b);
  P('nread.empty.request', BIO_ctrl_get_read_request(a));
  P('nread0.empty', BIO_nread0(b)[0]);
  P('nread0.empty.request', BIO_ctrl_get_read_request(a));

  P('write3', BIO_write(a, big, 3));
  P('read_more_than_avail', BIO_read(b, buf, 10));
  flags('read_more', b);
  P('read_more.request', BIO_ctrl_get_read_request(a));

  P('write4', BIO_write(a, big, 4));
  P('reset.a', BIO_reset(a));
  P('reset.pending_b', BIO_ctrl_pending(b));
  P('reset.wpending_a', BIO_wpending(a));
  P('write4b', BIO_write(a, big, 4));
  P('reset.b', BIO_reset(b));
  P('reset.b.pending_b', BIO_ctrl_pending(b));
  P('flush', BIO_flush(a));
  P('puts', BIO_puts(a, 'ab'));
  P('gets', BIO_gets(b, buf, 10));
  P('set_write_buf_size_in_use', BIO_set_write_buf_size(a, 32));
  r.clearError();

  P('shutdown_wr', BIO_shutdown_wr(a));
  P('shutdown.eof_b_with_data', BIO_eof(b));
  P('shutdown.write', BIO_write(a, big, 1));
  flags('shutdown.write', a);
  P('shutdown.write.err', r.lastReason);
  r.clearError();
  P('shutdown.guarantee', BIO_ctrl_get_write_guarantee(a));
  P('shutdown.read_remaining', BIO_read(b, buf, 64));
  P('shutdown.read_eof', BIO_read(b, buf, 64));
  flags('shutdown.read_eof', b);
  P('shutdown.eof_b', BIO_eof(b));
  P('shutdown.nread0', BIO_nread0(b)[0]);
  P('other_dir.write', BIO_write(b, big, 8));
  P('other_dir.read', BIO_read(a, buf, 64));

  P('other_dir.write2', BIO_write(b, big, 2));
  BIO_free(a);
  P('freed.read', BIO_read(b, buf, 5));
  flags('freed.read', b);
  P('freed.read.err', r.lastReason);
  r.clearError();
  P('freed.write', BIO_write(b, big, 5));
  flags('freed.write', b);
  P('freed.write.err', r.lastReason);
  r.clearError();
  P('freed.pending', BIO_ctrl_pending(b));
  P('freed.wpending', BIO_wpending(b));
  P('freed.eof', BIO_eof(b));
  P('freed.guarantee', BIO_ctrl_get_write_guarantee(b));
  P('freed.read_request', BIO_ctrl_get_read_request(b));
  P('freed.nread0', BIO_nread0(b)[0]);
  P('freed.nwrite0', BIO_nwrite0(b)[0]);
  r.clearError();
  P('freed.set_size', BIO_set_write_buf_size(b, 100));
  P('freed.size', BIO_get_write_buf_size(b, 0));
  BIO_free(b);

  a = BIO_new(BIO_s_bio());
  b = BIO_new(BIO_s_bio());
  P('unpaired.read', BIO_read(a, buf, 5));
  r.clearError();
  P('unpaired.write', BIO_write(a, big, 5));
  r.clearError();
  P('unpaired.eof', BIO_eof(a));
  P('unpaired.pending', BIO_ctrl_pending(a));
  P('unpaired.size', BIO_get_write_buf_size(a, 0));
  P('set_size', BIO_set_write_buf_size(a, 4));
  P('set_size0', BIO_set_write_buf_size(b, 0));
  r.clearError();
  P('make_pair', BIO_make_bio_pair(a, b));
  P('make_pair.again', BIO_make_bio_pair(a, b));
  r.clearError();
  P('made.write', BIO_write(a, big, 10));
  P('made.read', BIO_read(b, buf, 10));
  P('destroy_pair', BIO_destroy_bio_pair(a));
  P('destroyed.read', BIO_read(b, buf, 10));
  r.clearError();
  P('remake_pair', BIO_make_bio_pair(b, a));
  P('remade.write', BIO_write(b, big, 100));
  BIO_free(a);
  BIO_free(b);

  [ok, a, b] = BIO_new_bio_pair(0, 0);
  P('new_pair_tls', ok);
  P('tls.read_header', BIO_read(b, buf, 5));
  P('tls.read_request', BIO_ctrl_get_read_request(a));
  BIO_free(a);
  BIO_free(b);

  [, a, b] = BIO_new_bio_pair(0, 0);
  P('stale.read', BIO_read(b, buf, 5));
  BIO_free(a);
  P('stale.freed.read', BIO_read(b, buf, 5));
  flags('stale.freed', b);
  r.clearError();
  BIO_free(b);
  return r.done();
}

describeGroundTruth('BIO pair against OpenSSL 3.0 (test/c/pair.c)', 'pair', pairScenario);
