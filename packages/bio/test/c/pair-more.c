/* More ground truth for @strata/bio's BIO pair (see pair.c): contiguous
 * space at wrap-around, the write guarantee after partial reads, BIO_eof on
 * both halves, retry flags after every call (including ctrl calls, which
 * leave them alone), a buffering filter over a pair (pending, wpending, eof),
 * zero-length I/O, and what the other half does once one half is freed.
 * Build: gcc pair-more.c -o pair-more -lcrypto && ./pair-more */
#include "common.h"

int main(void)
{
    BIO *a = NULL, *b = NULL, *c = NULL, *f = NULL;
    unsigned char buf[64], big[64];
    char *p = NULL;
    size_t n = 0;
    int i;

    for (i = 0; i < 64; i++)
        big[i] = (unsigned char)(i + 1);

    /* wrap-around: contiguous space and the write guarantee */
    BIO_new_bio_pair(&a, 8, &b, 8);
    P("w6", BIO_write(a, big, 6));
    P("w6.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("w6.nwrite0", BIO_nwrite0(a, &p));
    P("r4", BIO_read(b, buf, 4));
    P("r4.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("r4.pending_b", BIO_ctrl_pending(b));
    P("r4.wpending_a", BIO_wpending(a));
    P("r4.nwrite0", BIO_nwrite0(a, &p));
    P("w3.wraps", BIO_write(a, big + 6, 3));
    P("w3.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("w3.nwrite0", BIO_nwrite0(a, &p));
    P("nread0.to_end", BIO_nread0(b, &p));
    P("nread0.to_end.first", (unsigned char)p[0]);
    P("nread.zero", BIO_nread(b, &p, 0));
    flags("nread.zero", b);
    P("nread.zero.pending", BIO_ctrl_pending(b));
    P("nread.4", BIO_nread(b, &p, 4));
    P("nread.4.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("nread0.after_wrap", BIO_nread0(b, &p));
    P("nread0.after_wrap.first", (unsigned char)p[0]);
    P("r1", BIO_read(b, buf, 1));
    P("r1.byte", buf[0]);
    P("r1.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("r1.nwrite0", BIO_nwrite0(a, &p));
    P("nwrite.zero", BIO_nwrite(a, &p, 0));
    P("nwrite.zero.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("nwrite.5", BIO_nwrite(a, &p, 5));
    if (p != NULL)
        memcpy(p, "ABCDE", 5);
    P("nwrite.5.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("nwrite.5.nwrite0", BIO_nwrite0(a, &p));
    P("nwrite.3", BIO_nwrite(a, &p, 100));
    P("nwrite.full", BIO_nwrite(a, &p, 1));
    flags("nwrite.full", a);
    P("nwrite0.full", BIO_nwrite0(a, &p));
    flags("nwrite0.full", a);
    P("r8", BIO_read(b, buf, 64));
    P("r8.first", buf[0]);
    P("r8.second", buf[1]);
    P("r8.guarantee", BIO_ctrl_get_write_guarantee(a));

    /* retry flags: ctrl calls leave them; the next I/O call clears them */
    P("fail.read", BIO_read(b, buf, 3));
    flags("fail.read", b);
    P("fail.pending", BIO_ctrl_pending(b));
    flags("fail.after_pending", b);
    P("fail.eof", BIO_eof(b));
    flags("fail.after_eof", b);
    P("fail.flush", BIO_flush(b));
    flags("fail.after_flush", b);
    P("fail.guarantee", BIO_ctrl_get_write_guarantee(b));
    flags("fail.after_guarantee", b);
    P("fail.write0", BIO_write(b, big, 0));
    flags("fail.after_write0", b);
    P("fail.write_ok", BIO_write(b, big, 2));
    flags("fail.after_write_ok", b);
    P("fail.read2", BIO_read(b, buf, 3));
    flags("fail.read2", b);
    P("fail.read0", BIO_read(b, buf, 0));
    flags("fail.after_read0", b);
    P("fail.read3", BIO_read(b, buf, 3));
    P("fail.nread0", BIO_nread0(b, &p));
    flags("fail.nread0", b);
    P("ok.write", BIO_write(a, big, 2));
    P("ok.nread0", BIO_nread0(b, &p));
    flags("ok.nread0", b);
    P_EX("read_ex.zero", BIO_read_ex(b, buf, 0, &n), n);
    P_EX("read_ex", BIO_read_ex(b, buf, 10, &n), n);
    P_EX("read_ex.empty", BIO_read_ex(b, buf, 10, &n), n);
    flags("read_ex.empty", b);
    P_EX("write_ex.zero", BIO_write_ex(a, big, 0, &n), n);
    P_EX("write_ex.big", BIO_write_ex(a, big, 20, &n), n);
    P_EX("write_ex.full", BIO_write_ex(a, big, 20, &n), n);
    flags("write_ex.full", a);
    BIO_reset(a);

    /* a negative count is a size_t in C: as much as there is */
    P("neg.write", BIO_write(a, big, 6));
    P("neg.nread", BIO_nread(b, &p, -1));
    P("neg.nread.pending", BIO_ctrl_pending(b));
    P("neg.nwrite", BIO_nwrite(a, &p, -1));
    P("neg.nwrite.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("neg.read_back", BIO_read(b, buf, 64));
    BIO_reset(a);

    /* BIO_eof on both halves */
    P("eof.a.open", BIO_eof(a));
    P("eof.b.open", BIO_eof(b));
    P("eof.write", BIO_write(b, big, 3));
    P("eof.shutdown_b", BIO_shutdown_wr(b));
    P("eof.a.data", BIO_eof(a));
    P("eof.b.after_b_shutdown", BIO_eof(b));
    P("eof.guarantee_b", BIO_ctrl_get_write_guarantee(b));
    P("eof.nwrite0_b", BIO_nwrite0(b, &p));
    flags("eof.nwrite0_b", b);
    ERR_clear_error();
    P("eof.read_a", BIO_read(a, buf, 64));
    P("eof.a.drained", BIO_eof(a));
    P("eof.read_a.again", BIO_read(a, buf, 64));
    flags("eof.read_a.again", a);
    P("eof.nread_a", BIO_nread(a, &p, 10));
    P("eof.read_a.zero", BIO_read(a, buf, 0));
    P("eof.a.write", BIO_write(a, big, 4));
    P("eof.b.read", BIO_read(b, buf, 64));
    P("eof.shutdown_again", BIO_shutdown_wr(b));
    BIO_free(a);
    BIO_free(b);

    /* a buffering filter over a pair */
    BIO_new_bio_pair(&a, 32, &b, 32);
    f = BIO_new(BIO_f_buffer());
    BIO_push(f, a);
    P("fb.write", BIO_write(f, big, 5));
    P("fb.wpending_f", BIO_wpending(f));
    P("fb.ctrl_wpending_f", BIO_ctrl_wpending(f));
    P("fb.wpending_a", BIO_wpending(a));
    P("fb.pending_b", BIO_ctrl_pending(b));
    P("fb.guarantee_a", BIO_ctrl_get_write_guarantee(a));
    P("fb.flush", BIO_flush(f));
    P("fb.flushed.wpending_f", BIO_wpending(f));
    P("fb.flushed.wpending_a", BIO_wpending(a));
    P("fb.flushed.pending_b", BIO_ctrl_pending(b));
    P("fb.pending_f.empty", BIO_ctrl_pending(f));
    P("fb.write_b", BIO_write(b, big, 11));
    P("fb.pending_f.through", BIO_ctrl_pending(f));
    P("fb.pending_a", BIO_ctrl_pending(a));
    P("fb.read3", BIO_read(f, buf, 3));
    P("fb.read3.first", buf[0]);
    P("fb.read3.pending_f", BIO_ctrl_pending(f));
    P("fb.read3.pending_a", BIO_ctrl_pending(a));
    P("fb.eof.data", BIO_eof(f));
    P("fb.shutdown_b", BIO_shutdown_wr(b));
    P("fb.eof.buffered", BIO_eof(f));
    P("fb.read_rest", BIO_read(f, buf, 64));
    P("fb.eof.drained", BIO_eof(f));
    P("fb.read_eof", BIO_read(f, buf, 64));
    flags("fb.read_eof", f);
    P("fb.read_request_b", BIO_ctrl_get_read_request(b));
    BIO_free_all(f);
    /* a is gone with the chain: b is an orphan */
    P("orphan.write", BIO_write(b, big, 1));
    flags("orphan.write", b);
    ERR_clear_error();
    P("orphan.eof", BIO_eof(b));
    P("orphan.shutdown", BIO_shutdown_wr(b));
    P("orphan.reset", BIO_reset(b));
    P("orphan.nwrite", BIO_nwrite(b, &p, 4));
    ERR_clear_error();
    P("orphan.nread", BIO_nread(b, &p, 4));
    ERR_clear_error();
    P("orphan.puts", BIO_puts(b, "x"));
    ERR_clear_error();
    P("orphan.gets", BIO_gets(b, (char *)buf, 10));
    ERR_clear_error();
    P("orphan.flush", BIO_flush(b));
    P("orphan.size", BIO_get_write_buf_size(b, 0));
    /* the orphan pairs again with a fresh half; its size is kept */
    c = BIO_new(BIO_s_bio());
    P("repair", BIO_make_bio_pair(b, c));
    P("repair.guarantee_b", BIO_ctrl_get_write_guarantee(b));
    P("repair.guarantee_c", BIO_ctrl_get_write_guarantee(c));
    P("repair.write_b", BIO_write(b, big, 40));
    P("repair.read_c", BIO_read(c, buf, 64));
    P("repair.read_c.first", buf[0]);
    P("repair.eof_c", BIO_eof(c));
    BIO_free(b);
    P("repair.freed.read_c", BIO_read(c, buf, 4));
    ERR_clear_error();
    BIO_free(c);
    return 0;
}
