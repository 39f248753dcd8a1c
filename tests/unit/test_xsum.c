/* test_xsum.c: exact sums of doubles (engine/include/newsmill/nm_xsum.h):
 * the result does not depend on the order or the split of the additions,
 * cancels exactly, keeps subnormals and huge values, rounds once (ties to
 * even), and its text form round-trips and refuses what is not canonical. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_xsum.h"

static char *text_of(nm_xsum *x)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    nm_xsum_write(x, f);
    fclose(f);
    return buf;
}

static double sum_of(const double *v, size_t n)
{
    nm_xsum x;
    memset(&x, 0, sizeof x);
    for (size_t i = 0; i < n; i++)
        nm_xsum_add(&x, v[i]);
    return nm_xsum_value(&x);
}

static uint64_t rng(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

/* Values over the whole exponent range, both signs, added forward, backward
 * and in four shards merged in another order: the same bits and text. */
static void test_order_independence(void **unused)
{
    (void)unused;
    enum { N = 4000 };
    static double v[N];
    uint64_t s = 11;
    for (int i = 0; i < N; i++) {
        const double m = (double)rng(&s) / 9007199254740992.0; /* [0, 1) */
        const int e = (int)(rng(&s) % 2000) - 1000;
        v[i] = (i % 2 ? -1 : 1) * ldexp(m, e % 5 == 0 ? e : e / 40);
    }
    nm_xsum fwd, back, part[4];
    memset(&fwd, 0, sizeof fwd);
    memset(&back, 0, sizeof back);
    memset(part, 0, sizeof part);
    for (int i = 0; i < N; i++) {
        nm_xsum_add(&fwd, v[i]);
        nm_xsum_add(&back, v[N - 1 - i]);
        nm_xsum_add(&part[(i * 7) % 4], v[i]);
    }
    nm_xsum_merge(&part[3], &part[1]);
    nm_xsum_merge(&part[2], &part[0]);
    nm_xsum_merge(&part[3], &part[2]);
    const double a = nm_xsum_value(&fwd);
    assert_true(a == nm_xsum_value(&back));
    assert_true(a == nm_xsum_value(&part[3]));
    char *ta = text_of(&fwd), *tb = text_of(&back), *tc = text_of(&part[3]);
    assert_string_equal(ta, tb);
    assert_string_equal(ta, tc);
    free(ta);
    free(tb);
    free(tc);
}

static void test_cancellation(void **unused)
{
    (void)unused;
    /* a plain double sum loses the 1 */
    const double v[] = {1e300, 1.0, -1e300};
    assert_true(sum_of(v, 3) == 1.0);
    const double w[] = {0.1, 0.2, -0.3, -0.1, -0.2, 0.3};
    assert_true(sum_of(w, 6) == 0.0);
    nm_xsum x;
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, 0.5);
    nm_xsum_add(&x, -0.5);
    char *t = text_of(&x);
    assert_string_equal(t, "0");
    free(t);
    /* ten times the double 0.1 (just above 1/10) is about 1 + 2^-54: rounds to 1 */
    memset(&x, 0, sizeof x);
    for (int i = 0; i < 10; i++)
        nm_xsum_add(&x, 0.1);
    assert_true(nm_xsum_value(&x) == 1.0);
}

static void test_subnormals(void **unused)
{
    (void)unused;
    const double tiny = 4.9406564584124654e-324; /* 2^-1074 */
    nm_xsum x;
    memset(&x, 0, sizeof x);
    for (int i = 0; i < 3; i++)
        nm_xsum_add(&x, tiny);
    assert_true(nm_xsum_value(&x) == 3 * tiny);
    char *t = text_of(&x);
    assert_string_equal(t, "3p0");
    free(t);
    /* the largest subnormal plus the smallest: the smallest normal */
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, DBL_MIN - tiny);
    nm_xsum_add(&x, tiny);
    assert_true(nm_xsum_value(&x) == DBL_MIN);
    /* a normal minus almost itself: a subnormal, exactly */
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, DBL_MIN);
    nm_xsum_add(&x, -(DBL_MIN - tiny));
    assert_true(nm_xsum_value(&x) == tiny);
    nm_xsum_add(&x, -tiny);
    assert_true(nm_xsum_value(&x) == 0.0);
}

static void test_huge(void **unused)
{
    (void)unused;
    nm_xsum x;
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, DBL_MAX);
    assert_true(nm_xsum_value(&x) == DBL_MAX);
    nm_xsum_add(&x, DBL_MAX);
    assert_true(isinf(nm_xsum_value(&x)) && nm_xsum_value(&x) > 0); /* beyond DBL_MAX */
    nm_xsum_add(&x, -DBL_MAX);
    assert_true(nm_xsum_value(&x) == DBL_MAX); /* exact again */
    nm_xsum_add(&x, -DBL_MAX);
    nm_xsum_add(&x, -DBL_MAX);
    assert_true(nm_xsum_value(&x) == -DBL_MAX);
    /* infinities and NaN are ignored */
    nm_xsum_add(&x, HUGE_VAL);
    nm_xsum_add(&x, nan(""));
    assert_true(nm_xsum_value(&x) == -DBL_MAX);
    /* rounding, ties to even: 2^53 + 1 is a tie between 2^53 and 2^53 + 2 */
    const double big = 9007199254740992.0;
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, big);
    nm_xsum_add(&x, 1.0);
    assert_true(nm_xsum_value(&x) == big);
    nm_xsum_add(&x, 1.0 / 1024); /* just above the tie */
    assert_true(nm_xsum_value(&x) == big + 2.0);
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, big);
    nm_xsum_add(&x, 3.0); /* 2^53 + 3: a tie, to even (2^53 + 4) */
    assert_true(nm_xsum_value(&x) == big + 4.0);
}

static void test_text_round_trip(void **unused)
{
    (void)unused;
    const double vals[] = {0.0, 1.0, -1.0, 0.1, -2.5, 1e-310, -1e308, 3.0e-5, 123456789.0};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        nm_xsum x, y;
        memset(&x, 0, sizeof x);
        memset(&y, 0, sizeof y);
        nm_xsum_add(&x, vals[i]);
        nm_xsum_add(&x, vals[i] / 3);
        char *t = text_of(&x);
        assert_int_equal(nm_xsum_parse(&y, t, strlen(t)), 0);
        assert_true(nm_xsum_value(&x) == nm_xsum_value(&y));
        char *u = text_of(&y);
        assert_string_equal(t, u);
        /* parse adds: twice the text is twice the sum */
        assert_int_equal(nm_xsum_parse(&y, t, strlen(t)), 0);
        nm_xsum_add(&x, vals[i]);
        nm_xsum_add(&x, vals[i] / 3);
        assert_true(nm_xsum_value(&x) == nm_xsum_value(&y));
        free(t);
        free(u);
    }
    /* the documented form: 1.0 = 0x1 * 2^(1074 - 1074) */
    nm_xsum x;
    memset(&x, 0, sizeof x);
    nm_xsum_add(&x, -1.0);
    char *t = text_of(&x);
    assert_string_equal(t, "-1p1074");
    free(t);
    /* refused, and x left as it was */
    static const char *const bad[] = {"", "-", "p3", "1", "1p", "2p0", "01p0", "1P0", "1p-1",
                                      "1p1e3", "Ap0", "1p99999", "1p2200", "-0", "+1p0", "1p0 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(nm_xsum_parse(&x, bad[i], strlen(bad[i])), -1);
        assert_true(nm_xsum_value(&x) == -1.0);
    }
    assert_int_equal(nm_xsum_parse(&x, "0", 1), 0);
    assert_true(nm_xsum_value(&x) == -1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_independence),
        cmocka_unit_test(test_cancellation),
        cmocka_unit_test(test_subnormals),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_text_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
