/* Ground truth for @strata/bio's BIO pair: prints "key value" lines that
 * src/pair.ground-truth.test.ts compares with the TypeScript implementation.
 * Build: gcc pair.c -o pair -lcrypto && ./pair */
#include "common.h"

int main(void)
{
    BIO *a = NULL, *b = NULL;
    unsigned char buf[64], big[300];
    char *p;
    int i;

    for (i = 0; i < 300; i++)
        big[i] = (unsigned char)i;

    /* default sizes */
    P("new_pair", BIO_new_bio_pair(&a, 0, &b, 0));
    P("default.write_buf_size", BIO_get_write_buf_size(a, 0));
    P("default.write_guarantee", BIO_ctrl_get_write_guarantee(a));
    BIO_free(a);
    BIO_free(b);

    P("new_pair16", BIO_new_bio_pair(&a, 16, &b, 8));
    P("size.a", BIO_get_write_buf_size(a, 0));
    P("size.b", BIO_get_write_buf_size(b, 0));

    /* empty read */
    P("empty.read", BIO_read(b, buf, 5));
    flags("empty", b);
    P("empty.read_request_a", BIO_ctrl_get_read_request(a));
    P("empty.read_request_b", BIO_ctrl_get_read_request(b));
    P("empty.read_big", BIO_read(b, buf, 40));
    P("empty.read_request_capped", BIO_ctrl_get_read_request(a));
    P("reset_read_request", BIO_ctrl_reset_read_request(a));
    P("after_reset.read_request", BIO_ctrl_get_read_request(a));
    P("empty.read0", BIO_read(b, buf, 0));
    P("empty.eof", BIO_eof(b));

    /* fill and overfill */
    P("write10", BIO_write(a, big, 10));
    flags("write10", a);
    P("write10.pending_b", BIO_ctrl_pending(b));
    P("write10.wpending_a", BIO_wpending(a));
    P("write10.pending_a", BIO_ctrl_pending(a));
    P("write10.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("write10.read_request", BIO_ctrl_get_read_request(a));
    P("write_partial", BIO_write(a, big + 10, 10));
    flags("write_partial", a);
    P("write_full", BIO_write(a, big, 1));
    flags("write_full", a);
    P("full.guarantee", BIO_ctrl_get_write_guarantee(a));

    /* drain partially, then wrap-around */
    P("read5", BIO_read(b, buf, 5));
    P("read5.byte0", buf[0]);
    flags("read5", b);
    P("nwrite0.wrap", BIO_nwrite0(a, &p));
    P("nwrite.wrap", BIO_nwrite(a, &p, 3));
    if (p) memcpy(p, "xyz", 3);
    P("nwrite.after.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("nread0.wrap", BIO_nread0(b, &p));
    P("nread0.first", (unsigned char)p[0]);
    P("nread.wrap", BIO_nread(b, &p, 100));
    P("nread.rest", BIO_nread(b, &p, 100));
    P("nread.rest.first", (unsigned char)p[0]);
    P("nread.empty", BIO_nread(b, &p, 100));
    flags("nread.empty", b);
    P("nread.empty.request", BIO_ctrl_get_read_request(a));
    P("nread0.empty", BIO_nread0(b, &p));
    P("nread0.empty.request", BIO_ctrl_get_read_request(a));

    /* partial read of bigger request */
    P("write3", BIO_write(a, big, 3));
    P("read_more_than_avail", BIO_read(b, buf, 10));
    flags("read_more", b);
    P("read_more.request", BIO_ctrl_get_read_request(a));

    /* reset */
    P("write4", BIO_write(a, big, 4));
    P("reset.a", BIO_reset(a));
    P("reset.pending_b", BIO_ctrl_pending(b));
    P("reset.wpending_a", BIO_wpending(a));
    P("write4b", BIO_write(a, big, 4));
    P("reset.b", BIO_reset(b));
    P("reset.b.pending_b", BIO_ctrl_pending(b));
    P("flush", BIO_flush(a));
    P("puts", BIO_puts(a, "ab"));
    P("gets", BIO_gets(b, (char *)buf, 10));
    P("set_write_buf_size_in_use", BIO_set_write_buf_size(a, 32));
    ERR_clear_error();

    /* shutdown_wr */
    P("shutdown_wr", BIO_shutdown_wr(a));
    P("shutdown.eof_b_with_data", BIO_eof(b));
    P("shutdown.write", BIO_write(a, big, 1));
    flags("shutdown.write", a);
    P("shutdown.write.err", ERR_GET_REASON(ERR_peek_last_error()));
    ERR_clear_error();
    P("shutdown.guarantee", BIO_ctrl_get_write_guarantee(a));
    P("shutdown.read_remaining", BIO_read(b, buf, 64));
    P("shutdown.read_eof", BIO_read(b, buf, 64));
    flags("shutdown.read_eof", b);
    P("shutdown.eof_b", BIO_eof(b));
    P("shutdown.nread0", BIO_nread0(b, &p));
    /* the other direction still works */
    P("other_dir.write", BIO_write(b, big, 8));
    P("other_dir.read", BIO_read(a, buf, 64));

    /* free one half */
    P("other_dir.write2", BIO_write(b, big, 2));
    BIO_free(a);
    P("freed.read", BIO_read(b, buf, 5));
    flags("freed.read", b);
    P("freed.read.err", ERR_GET_REASON(ERR_peek_last_error()));
    ERR_clear_error();
    P("freed.write", BIO_write(b, big, 5));
    flags("freed.write", b);
    P("freed.write.err", ERR_GET_REASON(ERR_peek_last_error()));
    ERR_clear_error();
    P("freed.pending", BIO_ctrl_pending(b));
    P("freed.wpending", BIO_wpending(b));
    P("freed.eof", BIO_eof(b));
    P("freed.guarantee", BIO_ctrl_get_write_guarantee(b));
    P("freed.read_request", BIO_ctrl_get_read_request(b));
    P("freed.nread0", BIO_nread0(b, &p));
    P("freed.nwrite0", BIO_nwrite0(b, &p));
    ERR_clear_error();
    P("freed.set_size", BIO_set_write_buf_size(b, 100));
    P("freed.size", BIO_get_write_buf_size(b, 0));
    BIO_free(b);

    /* make/destroy pair by hand */
    a = BIO_new(BIO_s_bio());
    b = BIO_new(BIO_s_bio());
    P("unpaired.read", BIO_read(a, buf, 5));
    ERR_clear_error();
    P("unpaired.write", BIO_write(a, big, 5));
    ERR_clear_error();
    P("unpaired.eof", BIO_eof(a));
    P("unpaired.pending", BIO_ctrl_pending(a));
    P("unpaired.size", BIO_get_write_buf_size(a, 0));
    P("set_size", BIO_set_write_buf_size(a, 4));
    P("set_size0", BIO_set_write_buf_size(b, 0));
    ERR_clear_error();
    P("make_pair", BIO_make_bio_pair(a, b));
    P("make_pair.again", BIO_make_bio_pair(a, b));
    ERR_clear_error();
    P("made.write", BIO_write(a, big, 10));
    P("made.read", BIO_read(b, buf, 10));
    P("destroy_pair", BIO_destroy_bio_pair(a));
    P("destroyed.read", BIO_read(b, buf, 10));
    ERR_clear_error();
    P("remake_pair", BIO_make_bio_pair(b, a));
    P("remade.write", BIO_write(b, big, 100));
    BIO_free(a);
    BIO_free(b);

    /* TLS record header: an SSL object reading a record asks for 5 bytes */
    P("new_pair_tls", BIO_new_bio_pair(&a, 0, &b, 0));
    P("tls.read_header", BIO_read(b, buf, 5));
    P("tls.read_request", BIO_ctrl_get_read_request(a));
    BIO_free(a);
    BIO_free(b);

    /* a failed read's retry flags survive the peer's BIO_free: BIO_read on
     * an uninitialised BIO returns -1 before reaching the method */
    BIO_new_bio_pair(&a, 0, &b, 0);
    P("stale.read", BIO_read(b, buf, 5));
    BIO_free(a);
    P("stale.freed.read", BIO_read(b, buf, 5));
    flags("stale.freed", b);
    ERR_clear_error();
    BIO_free(b);
    return 0;
}
