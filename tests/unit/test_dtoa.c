/* test_dtoa.c: the shortest round-trip double formatter behind nm_buf_double.
 *
 * Expected strings in the table were worked out independently of nm_dtoa.c:
 * digits from Python's repr (shortest, nearest, ties to even), laid out with
 * the %g rule documented in nm_buf.h. The random checks compare against a
 * brute-force search with snprintf and strtod, and against the layout the old
 * "%.15g / %.16g / %.17g" probing produced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_buf.h"
#include "nm_dtoa.h"

/* Unoptimised and sanitised builds run the random checks on fewer values,
 * so the suite stays within a couple of seconds everywhere. */
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
#define DTOA_SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define DTOA_SLOW_BUILD 1
#endif
#endif
#ifdef DTOA_SLOW_BUILD
enum { N_ROUND_TRIP = 600000, N_BRUTE = 3000 };
#else
enum { N_ROUND_TRIP = 3000000, N_BRUTE = 10000 };
#endif

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng_next(void) /* xorshift64 */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double from_bits(const uint64_t bits)
{
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

static void expect_text(const double v, const char *want)
{
    char out[NM_DTOA_BUFSIZE];
    memset(out, 'x', sizeof out);
    const size_t n = nm_dtoa_shortest(v, out);
    if (strcmp(out, want) != 0)
        print_error("value %a: got \"%s\", want \"%s\"\n", v, out, want);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    if (isfinite(v))
        assert_true(strtod(out, NULL) == v && signbit(strtod(out, NULL)) == signbit(v));
}

static void test_table(void **unused)
{
    (void)unused;
    const struct {
        double v;
        const char *text;
    } cases[] = {
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {(double)NAN, "null"},
        {HUGE_VAL, "null"},
        {-HUGE_VAL, "null"},
        {0.1, "0.1"},
        {0.2, "0.2"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {0.5719, "0.5719"},
        {-2.5, "-2.5"},
        {123.456, "123.456"},
        {9.5, "9.5"},
        {1.0, "1.0"},
        {-2.0, "-2.0"},
        {999999999999999.0, "999999999999999.0"},
        {123456789012345.6, "123456789012345.6"},
        {1e15, "1e+15"},
        {1e16, "1e+16"},
        {1e17, "1e+17"},
        {1e22, "1e+22"},
        {1e23, "1e+23"},
        {1.5e15, "1.5e+15"},
        {9007199254740992.0, "9007199254740992"},
        {9007199254740993.0, "9007199254740992"},
        {9007199254740994.0, "9007199254740994"},
        {9007199254740995.0, "9007199254740996"},
        {18014398509481988.0, "18014398509481988"},
        {1125899906842625.2, "1125899906842625.2"},
        {1e-5, "1e-05"},
        {1.5e-5, "1.5e-05"},
        {0.0001, "0.0001"},
        {0.00012, "0.00012"},
        {0.000123456789, "0.000123456789"},
        {-1e-7, "-1e-07"},
        {1e300, "1e+300"},
        {1e-300, "1e-300"},
        {1e308, "1e+308"},
        {-1e100, "-1e+100"},
        {5e-324, "5e-324"},
        {1e-323, "1e-323"},
        {1.5e-323, "1.5e-323"},
        {-5e-324, "-5e-324"},
        {DBL_MIN, "2.2250738585072014e-308"},
        {DBL_MAX, "1.7976931348623157e+308"},
        {DBL_TRUE_MIN * 3, "1.5e-323"},
        {DBL_EPSILON, "2.220446049250313e-16"},
        {0x1p-25, "2.9802322387695312e-08"},
        {0x1p172, "5.986310706507379e+51"},
        {0x1p-97, "6.310887241768095e-30"},
        {0x1p-1022 - 0x1p-1074, "2.225073858507201e-308"},
        {0x1.0000000000001p0, "1.0000000000000002"},
        {0x1.fffffffffffffp-1, "0.9999999999999999"},
        {0x1.fffffffffffffp1023, "1.7976931348623157e+308"},
        {3.0e-310, "3e-310"},
        {4.9406564584124654e-320, "4.9407e-320"},
        {1.2345678e-315, "1.2345678e-315"},
        {6.02214076e23, "6.02214076e+23"},
        {299792458.0, "299792458.0"},
        {2.718281828459045, "2.718281828459045"},
        {3.141592653589793, "3.141592653589793"},
        {1e21, "1e+21"},
        {123e18, "1.23e+20"},
        {0.3, "0.3"},
        {0.7, "0.7"},
        {100.5, "100.5"},
        {nextafter(1e-300, 0), "9.999999999999999e-301"},
        {nextafter(1e-300, HUGE_VAL), "1.0000000000000002e-300"},
        {nextafter(1e-5, 0), "9.999999999999999e-06"},
        {nextafter(1e-5, HUGE_VAL), "1.0000000000000003e-05"},
        {nextafter(1e-4, 0), "9.999999999999999e-05"},
        {nextafter(1e-4, HUGE_VAL), "0.00010000000000000002"},
        {nextafter(1e-1, 0), "0.09999999999999999"},
        {nextafter(1e-1, HUGE_VAL), "0.10000000000000002"},
        {nextafter(1e0, 0), "0.9999999999999999"},
        {nextafter(1e0, HUGE_VAL), "1.0000000000000002"},
        {nextafter(1e1, 0), "9.999999999999998"},
        {nextafter(1e1, HUGE_VAL), "10.000000000000002"},
        {nextafter(1e15, 0), "999999999999999.9"},
        {nextafter(1e15, HUGE_VAL), "1000000000000000.1"},
        {nextafter(1e16, 0), "9999999999999998"},
        {nextafter(1e16, HUGE_VAL), "10000000000000002"},
        {nextafter(1e17, 0), "9.999999999999998e+16"},
        {nextafter(1e17, HUGE_VAL), "1.0000000000000002e+17"},
        {nextafter(1e22, 0), "9.999999999999998e+21"},
        {nextafter(1e22, HUGE_VAL), "1.0000000000000002e+22"},
        {nextafter(1e23, 0), "9.999999999999997e+22"},
        {nextafter(1e23, HUGE_VAL), "1.0000000000000001e+23"},
        {nextafter(1e300, 0), "9.999999999999999e+299"},
        {nextafter(1e300, HUGE_VAL), "1.0000000000000002e+300"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_text(cases[i].v, cases[i].text);
}

/* Through the JSON writer: appended in place, NUL kept after the text. */
static void test_nm_buf_double(void **unused)
{
    (void)unused;
    nm_buf b;
    nm_buf_init(&b);
    nm_buf_puts(&b, "[");
    nm_buf_double(&b, 0.25);
    nm_buf_putc(&b, ',');
    nm_buf_double(&b, -DBL_MAX);
    nm_buf_putc(&b, ',');
    nm_buf_double(&b, 0.0 / 0.0);
    nm_buf_putc(&b, ',');
    nm_buf_double(&b, 42.0);
    nm_buf_puts(&b, "]");
    assert_string_equal(b.data, "[0.25,-1.7976931348623157e+308,null,42.0]");
    assert_int_equal(b.len, strlen(b.data));
    nm_buf_free(&b);
}

/* The shortest decimal that reads back as v, found the slow way: for each
 * length P, the correctly rounded P-digit decimal (printf %.*e) and its two
 * P-digit neighbours are the only candidates that can be nearest in the
 * rounding interval (the neighbours matter where the interval is lopsided,
 * at powers of two). Returns the digits without trailing zeros and their
 * exponent. v > 0. */
static nm_decimal brute_shortest(const double v)
{
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        uint64_t d = 0;
        const char *s = buf;
        for (; *s != 'e'; s++)
            if (*s >= '0' && *s <= '9')
                d = d * 10 + (uint64_t)(*s - '0');
        const int e = atoi(s + 1) - (prec - 1);
        uint64_t lo = 1; /* 10^(prec-1): smallest prec-digit integer */
        for (int i = 1; i < prec; i++)
            lo *= 10;
        uint64_t cand[3] = {d, d - 1, d + 1};
        int cexp[3] = {e, e, e};
        if (cand[1] < lo) { /* 1000 - 1 drops a digit: 9999 one place lower */
            cand[1] = lo * 10 - 1;
            cexp[1] = e - 1;
        }
        if (cand[2] >= lo * 10) { /* 9999 + 1 gains one: 1000 one place higher */
            cand[2] = lo;
            cexp[2] = e + 1;
        }
        for (int i = 0; i < 3; i++) {
            snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)cand[i], cexp[i]);
            if (strtod(buf, NULL) == v) {
                nm_decimal r = {cand[i], cexp[i]};
                while (r.digits % 10 == 0) {
                    r.digits /= 10;
                    r.exp10++;
                }
                return r;
            }
        }
    }
    fail_msg("no decimal of <= 17 digits reads back as %a", v);
    return (nm_decimal){0, 0};
}

static int count_sig_digits(uint64_t d)
{
    int n = 0;
    for (; d; d /= 10)
        n++;
    return n;
}

/* What nm_buf_double printed before nm_dtoa: the first of %.15g, %.16g,
 * %.17g that reads back (with the same zero, integral and null cases). */
static void old_text(const double v, char out[NM_DTOA_BUFSIZE])
{
    if (fabs(v) < 1e15 && v == (double)(int64_t)v && v != 0) {
        snprintf(out, NM_DTOA_BUFSIZE, "%lld.0", (long long)v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, NM_DTOA_BUFSIZE, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* Significant digits in a %g / nm_dtoa text. */
static int text_digits(const char *s)
{
    int n = 0, pending_zeros = 0;
    bool started = false;
    for (; *s && *s != 'e'; s++) {
        if (*s < '1' || *s > '9') {
            if (*s == '0' && started)
                pending_zeros++;
            continue;
        }
        started = true;
        n += pending_zeros + 1;
        pending_zeros = 0;
    }
    return n;
}

/* Checks v against the brute-force search and the old layout. */
static void check_against_brute(const double v)
{
    if (!isfinite(v) || v == 0)
        return;
    const nm_decimal got = nm_dtoa_decimal(v);
    const nm_decimal want = brute_shortest(fabs(v));
    if (got.digits != want.digits || got.exp10 != want.exp10)
        fail_msg("value %a: got %llue%d, shortest nearest is %llue%d", v,
                 (unsigned long long)got.digits, got.exp10,
                 (unsigned long long)want.digits, want.exp10);
    char text[NM_DTOA_BUFSIZE], old[NM_DTOA_BUFSIZE];
    nm_dtoa_shortest(v, text);
    old_text(v, old);
    /* Same text as before wherever the old probing found the shortest;
     * otherwise strictly fewer digits now (subnormals, some powers of two). */
    const int n_old = text_digits(old);
    if (n_old == count_sig_digits(got.digits)) {
        if (strcmp(text, old) != 0)
            fail_msg("value %a: \"%s\" differs from the old \"%s\"", v, text, old);
    } else {
        assert_true(count_sig_digits(got.digits) < n_old);
    }
}

/* Every binary exponent (so every power-of-ten table row) with the
 * significands at the edges of the binade, plus small subnormals, where the
 * rounding interval is widest relative to the value. */
static void test_every_exponent_vs_brute_force(void **unused)
{
    (void)unused;
    const uint64_t sig[] = {0, 1, 2, 0xfffffffffffffu, 0x8000000000000u};
    for (uint64_t e = 0; e < 0x7ff; e++) {
        for (size_t i = 0; i < sizeof sig / sizeof sig[0]; i++)
            check_against_brute(from_bits(e << 52 | sig[i]));
        check_against_brute(from_bits(e << 52 | (rng_next() >> 12)));
    }
    for (uint64_t c = 1; c < 3000; c++)
        check_against_brute(from_bits(c));
}

/* Values whose products are exact at some scale (significands divisible by
 * powers of 5, short decimals and their neighbours), where the interval
 * bounds and the exact-tie rule are decided. */
static void test_exact_cases_vs_brute_force(void **unused)
{
    (void)unused;
    uint64_t p5 = 1;
    for (int j = 1; j <= 22; j++) {
        p5 *= 5;
        for (int i = 0; i < 60; i++) {
            const uint64_t c = (UINT64_C(1) << 52) + (rng_next() % ((UINT64_C(1) << 52) / p5 + 1)) * p5;
            if (c >= UINT64_C(1) << 53)
                continue;
            check_against_brute(ldexp((double)c, (int)(rng_next() % 140) - 70));
        }
    }
    char buf[48];
    for (int i = 0; i < 1500; i++) {
        const int digits = 1 + (int)(rng_next() % 17);
        uint64_t p10 = 1;
        for (int j = 0; j < digits; j++)
            p10 *= 10;
        snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)(rng_next() % p10),
                 (int)(rng_next() % 640) - 330);
        const double v = strtod(buf, NULL);
        check_against_brute(v);
        check_against_brute(nextafter(v, 0));
        check_against_brute(nextafter(v, HUGE_VAL));
    }
}

/* Random bit patterns: reads back exactly, no trailing zeros, well-formed;
 * a subset also against the brute-force search and the old layout. */
static void test_random_round_trip(void **unused)
{
    (void)unused;
    long checked = 0;
    for (int i = 0; i < N_ROUND_TRIP; i++) {
        const double v = from_bits(rng_next());
        char out[NM_DTOA_BUFSIZE];
        const size_t n = nm_dtoa_shortest(v, out);
        if (!isfinite(v)) {
            assert_string_equal(out, "null");
            continue;
        }
        assert_true(n == strlen(out) && n <= 24);
        char *end;
        const double back = strtod(out, &end);
        if (back != v || *end != '\0')
            fail_msg("value %a: \"%s\" reads back as %a", v, out, back);
        if (v != 0)
            assert_true(nm_dtoa_decimal(v).digits % 10 != 0);
        if (i % (N_ROUND_TRIP / N_BRUTE) == 0) {
            check_against_brute(v);
            checked++;
        }
    }
    assert_true(checked >= N_BRUTE / 2); /* a few patterns are NaN or infinite */
}

/* Uniform values in [0, 1), what scores look like, same checks. */
static void test_unit_interval_round_trip(void **unused)
{
    (void)unused;
    for (int i = 0; i < N_ROUND_TRIP / 4; i++) {
        const double v = (double)(rng_next() >> 11) * 0x1p-53;
        char out[NM_DTOA_BUFSIZE];
        nm_dtoa_shortest(v, out);
        assert_true(strtod(out, NULL) == v);
        if (i % (N_ROUND_TRIP / N_BRUTE) == 0)
            check_against_brute(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_nm_buf_double),
        cmocka_unit_test(test_every_exponent_vs_brute_force),
        cmocka_unit_test(test_exact_cases_vs_brute_force),
        cmocka_unit_test(test_random_round_trip),
        cmocka_unit_test(test_unit_interval_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
