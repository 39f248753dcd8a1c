/* test_sentiment_agg.c: the sentiment aggregate: exact sums (order-free and
 * correctly rounded), date keys, merge, and the state file (round trip,
 * canonical bytes, garbage refused). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sentiment/sentiment_internal.h"

static char *xsum_text(nm_xsum *x)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nm_xsum_write(x, f);
    fclose(f);
    return buf;
}

static void test_exact_known(void **unused)
{
    (void)unused;
    nm_xsum x;
    memset(&x, 0, sizeof x);
    double naive = 0.0;
    for (int i = 0; i < 10; i++) {
        nm_xsum_add(&x, 0.1);
        naive += 0.1;
    }
    assert_true(naive != 1.0);                /* plain summation drifts */
    assert_true(nm_xsum_value(&x) == 1.0);  /* 10 * 0x1.999999999999ap-4 rounds to 1 */

    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, 1e300);
    nm_xsum_add(&x, 1.0);
    nm_xsum_add(&x, -1e300);
    assert_true(nm_xsum_value(&x) == 1.0);

    memset(&x, 0, sizeof x);
    for (int i = 0; i < 3; i++)
        nm_xsum_add(&x, 5e-324);
    assert_true(nm_xsum_value(&x) == 3 * 5e-324);

    /* ties to even, and the sticky bit */
    const double big = 9007199254740992.0; /* 2^53 */
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, big);
    nm_xsum_add(&x, 1.0);
    assert_true(nm_xsum_value(&x) == big);
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, big);
    nm_xsum_add(&x, 3.0);
    assert_true(nm_xsum_value(&x) == big + 4.0);
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, big);
    nm_xsum_add(&x, 1.0);
    nm_xsum_add(&x, 1.0 / 1024);
    assert_true(nm_xsum_value(&x) == big + 2.0);
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, -big);
    nm_xsum_add(&x, -1.0);
    nm_xsum_add(&x, -1.0 / 1024);
    assert_true(nm_xsum_value(&x) == -(big + 2.0));

    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, 0.5);
    nm_xsum_add(&x, -0.5);
    assert_true(nm_xsum_value(&x) == 0.0);
    char *t = xsum_text(&x);
    assert_string_equal(t, "0");
    free(t);
}

static uint64_t rng_next(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

/* The same values in any order and any split give the same bits. */
static void test_order_free(void **unused)
{
    (void)unused;
    enum { N = 5000 };
    double v[N];
    uint64_t s = 7;
    for (int i = 0; i < N; i++) {
        const double u = (double)rng_next(&s) / 9007199254740992.0;
        v[i] = (i % 3 == 0 ? -1 : 1) * u * (i % 7 == 0 ? 100.0 : 1.0);
    }
    nm_xsum a, b, c, d;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    memset(&d, 0, sizeof d);
    for (int i = 0; i < N; i++)
        nm_xsum_add(&a, v[i]);
    for (int i = N; i-- > 0;)
        nm_xsum_add(&b, v[i]);
    for (int i = 0; i < N; i += 2)
        nm_xsum_add(&c, v[i]);
    for (int i = 1; i < N; i += 2)
        nm_xsum_add(&d, v[i]);
    nm_xsum_merge(&d, &c);
    const double va = nm_xsum_value(&a);
    assert_true(va == nm_xsum_value(&b));
    assert_true(va == nm_xsum_value(&d));
    char *ta = xsum_text(&a), *tb = xsum_text(&b), *td = xsum_text(&d);
    assert_string_equal(ta, tb);
    assert_string_equal(ta, td);
    /* parsing the text gives the same value and text back */
    nm_xsum e;
    memset(&e, 0, sizeof e);
    assert_int_equal(nm_xsum_parse(&e, ta, strlen(ta)), 0);
    char *te = xsum_text(&e);
    assert_string_equal(ta, te);
    assert_true(nm_xsum_value(&e) == va);
    /* and is close to a long double sum */
    long double ld = 0;
    for (int i = 0; i < N; i++)
        ld += (long double)v[i];
    assert_true(fabs((double)ld - va) <= 1e-12 * fabs(va) + 1e-300);
    free(ta);
    free(tb);
    free(td);
    free(te);
}

static void test_parse_garbage(void **unused)
{
    (void)unused;
    const char *bad[] = {"", "-", "1p", "p5", "0x1p3", "2p3", "1p99999", "1g", "01p2",
                         "1p-3", "1 p3", "-0", "1p3x", "ABp2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nm_xsum x;
        memset(&x, 0, sizeof x);
        if (nm_xsum_parse(&x, bad[i], strlen(bad[i])) == 0)
            fail_msg("'%s' accepted", bad[i]);
    }
    nm_xsum x;
    memset(&x, 0, sizeof x);
    assert_int_equal(nm_xsum_parse(&x, "-3p1074", 7), 0);
    assert_true(nm_xsum_value(&x) == -3.0);
}

static void test_day_key(void **unused)
{
    (void)unused;
    assert_int_equal(nm_day_key("2020-01-31", 10), 20200131);
    assert_int_equal(nm_day_key("2020-01-31T12:00:00Z", 20), 20200131);
    assert_int_equal(nm_day_key("2020-01-31 12:00", 16), 20200131);
    assert_int_equal(nm_day_key("2020-1-31", 9), 0);
    assert_int_equal(nm_day_key("2020-13-01", 10), 0);
    assert_int_equal(nm_day_key("2020-00-10", 10), 0);
    assert_int_equal(nm_day_key("2020-01-32", 10), 0);
    assert_int_equal(nm_day_key("20200131", 8), 0);
    assert_int_equal(nm_day_key("2020-01-311", 11), 0);
    assert_int_equal(nm_day_key("Jan 5, 2020", 11), 0);
    assert_int_equal(nm_day_key(NULL, 0), 0);
}

static char *run_save(sent_agg *a, uint64_t digest)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nm_err err = {0};
    assert_int_equal(sent_agg_save(a, digest, f, &err), 0);
    fclose(f);
    return buf;
}

static char *run_emit(sent_agg *a)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nm_err err = {0};
    assert_int_equal(sent_agg_emit(a, f, &err), 0);
    fclose(f);
    return buf;
}

static int run_load(sent_agg *a, uint64_t digest, const char *text, nm_err *err)
{
    FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
    const int rc = sent_agg_load(a, digest, f, "state", err);
    fclose(f);
    return rc;
}

static void test_agg_roundtrip(void **unused)
{
    (void)unused;
    const uint32_t keys[] = {20200101, 0, 19991231, 20200101, 20240229, 0, 20200101};
    const double comp[] = {0.5, -0.25, 0.1, 0.2, -0.9, 0.3, 0.1};
    const double tone[] = {1.5, -2.0, 0.0, 3.25, -7.0, 0.5, 1.0};
    sent_agg one, a, b;
    memset(&one, 0, sizeof one);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(sent_agg_add(&one, keys[i], comp[i], tone[i]), 0);
        assert_int_equal(sent_agg_add(i % 2 ? &a : &b, keys[i], comp[i], tone[i]), 0);
    }
    assert_int_equal(sent_agg_merge(&b, &a), 0);
    char *e1 = run_emit(&one), *e2 = run_emit(&b);
    assert_string_equal(e1, e2);
    /* dates ascending, undated last; means of exact sums */
    char want[512];
    snprintf(want, sizeof want, "{\"date\":\"1999-12-31\",\"docs\":1,\"compound\":0.1,\"tone\":0.0}\n");
    assert_memory_equal(e1, want, strlen(want));
    assert_non_null(strstr(e1, "{\"date\":\"2020-01-01\",\"docs\":3,"));
    assert_non_null(strstr(e1, "{\"date\":null,\"docs\":2,\"compound\":"));
    assert_non_null(strstr(e1, ",\"tone\":-0.75}\n"));
    assert_true(strstr(e1, "2024-02-29") < strstr(e1, "null"));

    char *s1 = run_save(&one, 42), *s2 = run_save(&b, 42);
    assert_string_equal(s1, s2); /* canonical */
    const char *head = "newsmill-sentiment-state 1 000000000000002a\ndays 4\n";
    assert_memory_equal(s1, head, strlen(head));
    sent_agg c;
    memset(&c, 0, sizeof c);
    nm_err err = {0};
    assert_int_equal(run_load(&c, 42, s1, &err), 0);
    char *s3 = run_save(&c, 42), *e3 = run_emit(&c);
    assert_string_equal(s1, s3);
    assert_string_equal(e1, e3);
    /* loading twice doubles the counts: load folds into the state */
    assert_int_equal(run_load(&c, 42, s1, &err), 0);
    char *e4 = run_emit(&c);
    assert_non_null(strstr(e4, "\"date\":\"2020-01-01\",\"docs\":6,"));
    free(e1);
    free(e2);
    free(e3);
    free(e4);
    free(s1);
    free(s2);
    free(s3);
    sent_agg_free(&one);
    sent_agg_free(&a);
    sent_agg_free(&b);
    sent_agg_free(&c);
}

static void test_agg_garbage(void **unused)
{
    (void)unused;
    const char *bad[] = {
        "",
        "hello\n",
        "newsmill-sentiment-state 2 000000000000002a\ndays 0\nend\n",
        "newsmill-sentiment-state 1 000000000000002b\ndays 0\nend\n",  /* other digest */
        "newsmill-sentiment-state 1 000000000000002a\ndays 0\n",       /* no end */
        "newsmill-sentiment-state 1 000000000000002a\ndays 0\nend",    /* truncated */
        "newsmill-sentiment-state 1 000000000000002a\ndays 0\nend\nmore\n",
        "newsmill-sentiment-state 1 000000000000002a\ndays x\nend\n",
        "newsmill-sentiment-state 1 000000000000002a\ndays 1\n20200101 1 1p1074\nend\n",
        "newsmill-sentiment-state 1 000000000000002a\ndays 1\n20201301 1 1p1074 1p1074\nend\n",
        "newsmill-sentiment-state 1 000000000000002a\ndays 1\n20200101 0 1p1074 1p1074\nend\n",
        "newsmill-sentiment-state 1 000000000000002a\ndays 1\n20200101 1 2p1074 1p1074\nend\n",
        "newsmill-sentiment-state 1 000000000000002a\ndays 2\n20200102 1 1p1074 1p1074\n"
        "20200101 1 1p1074 1p1074\nend\n", /* unordered */
        "newsmill-sentiment-state 1 000000000000002a\ndays 2\n0 1 1p1074 1p1074\n"
        "20200101 1 1p1074 1p1074\nend\n", /* undated must come last */
        "newsmill-sentiment-state 1 000000000000002a\ndays 1\n20200101 1 1p1074 1p1074 x\nend\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sent_agg a;
        memset(&a, 0, sizeof a);
        nm_err err = {0};
        const int rc = run_load(&a, 42, bad[i], &err);
        if (rc != NM_EFORMAT)
            fail_msg("garbage %zu accepted (rc %d)", i, rc);
        assert_non_null(strstr(err.msg, "state"));
        sent_agg_free(&a);
    }
    sent_agg a;
    memset(&a, 0, sizeof a);
    nm_err err = {0};
    assert_int_equal(run_load(&a, 42,
                              "newsmill-sentiment-state 1 000000000000002a\ndays 2\n"
                              "20200101 1 1p1074 1p1074\n0 2 -3p1073 1p1074\nend\n",
                              &err),
                     0);
    sent_agg_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_known),   cmocka_unit_test(test_order_free),
        cmocka_unit_test(test_parse_garbage), cmocka_unit_test(test_day_key),
        cmocka_unit_test(test_agg_roundtrip), cmocka_unit_test(test_agg_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
