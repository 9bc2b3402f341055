/* What mem.c, pair.c and pair-more.c share: one "key value" line per
 * observation (P), the retry flags of a BIO as three lines (flags), and a
 * BIO_read_ex/BIO_write_ex result with its byte count (P_EX). The TypeScript
 * side has the same three in test/c/harness.ts (Recorder.p, .flags, .pEx). */
#ifndef STRATA_BIO_GROUND_TRUTH_COMMON_H
#define STRATA_BIO_GROUND_TRUTH_COMMON_H

#include <openssl/bio.h>
#include <openssl/err.h>
#include <stdio.h>
#include <string.h>

#define P(k, v) printf("%s %ld\n", k, (long)(v))

/* k is a string literal; call stores its byte count in n. */
#define P_EX(k, call, n)       \
    do {                       \
        P(k, (call));          \
        P(k ".n", (n));        \
    } while (0)

static void flags(const char *k, BIO *b)
{
    char name[128];
    snprintf(name, sizeof name, "%s.retry", k);
    P(name, BIO_should_retry(b) ? 1 : 0);
    snprintf(name, sizeof name, "%s.read", k);
    P(name, BIO_should_read(b) ? 1 : 0);
    snprintf(name, sizeof name, "%s.write", k);
    P(name, BIO_should_write(b) ? 1 : 0);
}

#endif
