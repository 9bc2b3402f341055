/* Ground truth for @strata/bio's memory, null and buffering-filter BIOs and
 * for chains: prints "key value" lines that src/ground-truth.test.ts compares
 * with the TypeScript implementation. Build: gcc mem.c -o mem -lcrypto */
#include "common.h"

int main(void)
{
    unsigned char buf[8192];
    char line[64];
    char *p;
    BIO *m, *f, *n, *a, *b;
    long len;
    int i;

    /* memory BIO */
    m = BIO_new(BIO_s_mem());
    P("mem.empty.read", BIO_read(m, buf, 10));
    flags("mem.empty", m);
    P("mem.empty.eof", BIO_eof(m));
    P("mem.empty.pending", BIO_ctrl_pending(m));
    P("mem.empty.gets", BIO_gets(m, line, sizeof line));
    flags("mem.empty.gets", m);
    P("mem.write", BIO_write(m, "hello\nworld\nend", 15));
    flags("mem.write", m);
    P("mem.write0", BIO_write(m, "x", 0));
    P("mem.pending", BIO_ctrl_pending(m));
    P("mem.wpending", BIO_wpending(m));
    P("mem.eof", BIO_eof(m));
    P("mem.gets1", BIO_gets(m, line, sizeof line));
    P("mem.gets1.nul", line[6]);
    P("mem.gets_small", BIO_gets(m, line, 4));
    P("mem.gets_small.nul", line[3]);
    P("mem.gets2", BIO_gets(m, line, sizeof line));
    P("mem.gets_last", BIO_gets(m, line, sizeof line));
    P("mem.gets_after", BIO_gets(m, line, sizeof line));
    P("mem.puts", BIO_puts(m, "abc"));
    P("mem.puts_empty", BIO_puts(m, ""));
    len = BIO_get_mem_data(m, &p);
    P("mem.get_mem_data", len);
    P("mem.get_mem_data.first", p[0]);
    P("mem.read_partial", BIO_read(m, buf, 2));
    P("mem.read_rest", BIO_read(m, buf, 10));
    P("mem.set_eof_return", BIO_set_mem_eof_return(m, 0));
    P("mem.eof_return0.read", BIO_read(m, buf, 10));
    flags("mem.eof_return0", m);
    BIO_set_mem_eof_return(m, -7);
    P("mem.eof_return7.read", BIO_read(m, buf, 10));
    flags("mem.eof_return7", m);
    P("mem.write2", BIO_write(m, "12345", 5));
    P("mem.reset", BIO_reset(m));
    P("mem.reset.pending", BIO_ctrl_pending(m));
    P("mem.flush", BIO_flush(m));
    P("mem.get_close", BIO_get_close(m));
    P("mem.set_close", BIO_set_close(m, BIO_NOCLOSE));
    P("mem.get_close2", BIO_get_close(m));
    BIO_set_close(m, BIO_CLOSE);
    /* growth */
    for (i = 0; i < 8192; i++)
        buf[i] = (unsigned char)(i * 7);
    P("mem.big_write", BIO_write(m, buf, 8192));
    P("mem.big_pending", BIO_ctrl_pending(m));
    BIO_free(m);

    /* the _ex forms */
    {
        size_t w = 99, r = 99;
        m = BIO_new(BIO_s_mem());
        P_EX("ex.write0", BIO_write_ex(m, "ab", 0, &w), w);
        P_EX("ex.write2", BIO_write_ex(m, "ab", 2, &w), w);
        P_EX("ex.read", BIO_read_ex(m, buf, 4, &r), r);
        P_EX("ex.read_empty", BIO_read_ex(m, buf, 4, &r), r);
        flags("ex.read_empty", m);
        BIO_free(m);
    }

    /* read-only memory BIO */
    m = BIO_new_mem_buf("abcdef", 6);
    P("ro.pending", BIO_ctrl_pending(m));
    P("ro.write", BIO_write(m, "x", 1));
    flags("ro.write", m);
    P("ro.write.err", ERR_GET_REASON(ERR_peek_last_error()));
    ERR_clear_error();
    P("ro.read", BIO_read(m, buf, 4));
    P("ro.read2", BIO_read(m, buf, 4));
    P("ro.read_eof", BIO_read(m, buf, 4));
    flags("ro.read_eof", m);
    P("ro.eof", BIO_eof(m));
    P("ro.reset", BIO_reset(m));
    P("ro.reset.pending", BIO_ctrl_pending(m));
    BIO_free(m);
    m = BIO_new_mem_buf("abc", -1);
    P("ro.strlen.pending", BIO_ctrl_pending(m));
    BIO_free(m);

    /* null BIO */
    n = BIO_new(BIO_s_null());
    P("null.write", BIO_write(n, "abc", 3));
    P("null.read", BIO_read(n, buf, 3));
    flags("null.read", n);
    P("null.puts", BIO_puts(n, "abcd"));
    P("null.gets", BIO_gets(n, line, sizeof line));
    P("null.pending", BIO_ctrl_pending(n));
    P("null.wpending", BIO_wpending(n));
    P("null.eof", BIO_eof(n));
    P("null.reset", BIO_reset(n));
    P("null.flush", BIO_flush(n));
    P("null.get_close", BIO_get_close(n));
    BIO_free(n);

    /* buffering filter over a memory BIO */
    f = BIO_new(BIO_f_buffer());
    m = BIO_new(BIO_s_mem());
    P("buf.alone.write", BIO_write(f, "abc", 3));
    P("buf.alone.read", BIO_read(f, buf, 3));
    P("buf.alone.flush", BIO_flush(f));
    P("buf.push_is_f", BIO_push(f, m) == f);
    P("buf.next_is_m", BIO_next(f) == m);
    P("buf.write", BIO_write(f, "hello", 5));
    P("buf.wpending", BIO_wpending(f));
    P("buf.mem_pending_before_flush", BIO_ctrl_pending(m));
    P("buf.pending", BIO_ctrl_pending(f));
    P("buf.flush", BIO_flush(f));
    P("buf.wpending_after_flush", BIO_wpending(f));
    P("buf.mem_pending_after_flush", BIO_ctrl_pending(m));
    P("buf.pending_through", BIO_ctrl_pending(f));
    P("buf.read2", BIO_read(f, buf, 2));
    P("buf.read2.pending_f", BIO_ctrl_pending(f));
    P("buf.read2.mem_pending", BIO_ctrl_pending(m));
    P("buf.read_rest", BIO_read(f, buf, 10));
    P("buf.read_empty", BIO_read(f, buf, 10));
    flags("buf.read_empty", f);
    P("buf.retry_bio_is_m", BIO_get_retry_BIO(f, NULL) == m);
    P("buf.eof", BIO_eof(f));
    P("buf.puts", BIO_puts(f, "line1\nline2\n"));
    BIO_flush(f);
    P("buf.gets", BIO_gets(f, line, sizeof line));
    P("buf.gets.pending", BIO_ctrl_pending(f));
    P("buf.big_write", BIO_write(f, buf, 5000));
    P("buf.big_write.wpending", BIO_wpending(f));
    P("buf.big_write.mem", BIO_ctrl_pending(m));
    P("buf.write_after_big", BIO_write(f, buf, 100));
    P("buf.write_after_big.wpending", BIO_wpending(f));
    P("buf.set_size_small", BIO_set_write_buffer_size(f, 16));
    P("buf.write_after_small", BIO_write(f, buf, 4000));
    P("buf.write_after_small.wpending", BIO_wpending(f));
    P("buf.reset", BIO_reset(f));
    P("buf.reset.wpending", BIO_wpending(f));
    P("buf.reset.mem", BIO_ctrl_pending(m));
    P("buf.pop_is_m", BIO_pop(f) == m);
    P("buf.next_after_pop", BIO_next(f) == NULL);
    BIO_free(m);
    BIO_free(f);

    /* buffering filter over a full pair: write retry propagates */
    BIO_new_bio_pair(&a, 8, &b, 8);
    f = BIO_new(BIO_f_buffer());
    BIO_push(f, a);
    P("bufpair.write", BIO_write(f, buf, 20));
    P("bufpair.wpending", BIO_wpending(f));
    P("bufpair.flush", BIO_flush(f));
    flags("bufpair.flush", f);
    P("bufpair.flush.wpending", BIO_wpending(f));
    P("bufpair.read", BIO_read(b, buf, 100));
    P("bufpair.flush2", BIO_flush(f));
    P("bufpair.flush2.wpending", BIO_wpending(f));
    P("bufpair.read2", BIO_read(b, buf, 100));
    P("bufpair.flush3", BIO_flush(f));
    flags("bufpair.flush3", f);
    P("bufpair.bigwrite", BIO_write(f, buf, 5000));
    flags("bufpair.bigwrite", f);
    P("bufpair.read_f_empty", BIO_read(f, buf, 10));
    flags("bufpair.read_f_empty", f);
    P("bufpair.read_request", BIO_ctrl_get_read_request(b));

    /* reference counting and BIO_free_all over chains */
    P("ref.up", BIO_up_ref(f));
    BIO_free_all(f); /* refcount of f > 1: frees nothing further */
    P("ref.after_free_all.write_guarantee_a", BIO_ctrl_get_write_guarantee(a));
    P("ref.next_still", BIO_next(f) == a);
    BIO_free_all(f); /* frees f and a */
    P("ref.b_after_chain_freed.write", BIO_write(b, buf, 1));
    ERR_clear_error();
    P("ref.free_null", BIO_free(NULL));
    BIO_free(b);
    return 0;
}
