/* test_number.c: nm_numbers_find and nm_number_parse on our own cases, one
 * or more per construction and per kind of non-count (docs/numbers.md). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_number.h"

/* The first number of text (asserting there is one). */
static nm_number first(const char *text, size_t *count) {
    nm_analyzer *az = nm_analyzer_new();
    assert_non_null(az);
    nm_analysis an;
    nm_number_list l = { 0 };
    assert_int_equal(nm_analyze(az, text, strlen(text), &an, NULL), 0);
    assert_int_equal(nm_numbers_find(&an, &l, NULL), 0);
    assert_true(l.n >= 1);
    nm_number n = l.items[0];
    if (count) *count = l.n;
    nm_number_list_free(&l);
    nm_analyzer_free(az);
    return n;
}

static void expect(const char *text, nm_num_kind kind, nm_num_noncount nc, double value, double high) {
    nm_number n = first(text, NULL);
    if (n.kind != kind || n.noncount != nc || fabs(n.value - value) > 1e-9 * fmax(1, value) ||
        (isfinite(high) ? fabs(n.high - high) > 1e-9 * fmax(1, high) : isfinite(n.high)))
        fail_msg("%s: got %s/%s %g..%g", text, nm_num_kind_name(n.kind),
                 nm_num_noncount_name(n.noncount), n.value, n.high);
}

static void count(const char *text, double v) { expect(text, NM_NUM_COUNT, NM_NC_NONE, v, v); }
static void nonc(const char *text, nm_num_noncount nc, double v) { expect(text, NM_NUM_NONCOUNT, nc, v, v); }

static void test_digits(void **state) {
    (void)state;
    count("6,700 people were killed", 6700);
    count("some 136 000 displaced", 136000);
    count("1,234,567 voters", 1234567);

    nonc("2.5 tonnes", NM_NC_MEASURE, 2.5);
    count("423 0000", 423);
}

static void test_scale(void **state) {
    (void)state;
    count("1.2 million people", 1.2e6);
    count("2.5bn people", 2.5e9);
    count("30 lakh", 3e6);
    count("3M", 3e6);
    count("2.5m people fled", 2.5e6);
    nonc("a 3m wall", NM_NC_MEASURE, 3);
}

static void test_words(void **state) {
    (void)state;
    count("two hundred and fifty", 250);
    count("a dozen soldiers", 12);
    count("twenty-one", 21);
    count("one hundred twenty five", 125);
    count("a hundred", 100);
    count("half a million", 5e5);
    count("one and a half million", 1.5e6);
    count("nineteen", 19);
    double v;
    assert_int_equal(nm_number_parse("two thousand and nineteen", 25, &v), 0);
    assert_true(v == 2019);
    assert_int_equal(nm_number_parse("five zero", 9, &v), -1);
    assert_int_equal(nm_number_parse("million million", 15, &v), -1);
}

static void test_vague(void **state) {
    (void)state;
    nm_number n = first("dozens of people", NULL);
    assert_int_equal(n.kind, NM_NUM_VAGUE);
    assert_string_equal(n.vague, "dozens");
    assert_true(n.value == 24 && isinf(n.high) && (n.flags & NM_NUMF_OF));
    n = first("tens of thousands fled", NULL);
    assert_string_equal(n.vague, "tens of thousands");
    assert_true(n.value == 20000);
    n = first("several hundred", NULL);
    assert_string_equal(n.vague, "several hundred");
    assert_true(n.value == 300);
    n = first("scores of civilians", NULL);
    assert_true(n.value == 40);
    n = first("a few died", NULL);
    assert_string_equal(n.vague, "a few");
}

static void test_ranges(void **state) {
    (void)state;
    expect("between 10 and 15 killed", NM_NUM_RANGE, NM_NC_NONE, 10, 15);
    expect("10-15 killed", NM_NUM_RANGE, NM_NC_NONE, 10, 15);
    expect("10 to 15 killed", NM_NUM_RANGE, NM_NC_NONE, 10, 15);
    expect("2 to 3 million", NM_NUM_RANGE, NM_NC_NONE, 2e6, 3e6);
    expect("10-15 years", NM_NUM_NONCOUNT, NM_NC_DURATION, 10, 15);
}

static void test_noncounts(void **state) {
    (void)state;
    nonc("on 6/02/2015", NM_NC_DATE, 6);
    nonc("on March 3", NM_NC_DATE, 3);
    nonc("3 March", NM_NC_DATE, 3);
    nonc("in 2015", NM_NC_YEAR, 2015);
    nonc("a 7-year-old boy", NM_NC_AGE, 7);
    nonc("aged 7", NM_NC_AGE, 7);
    nonc("in 24 hours", NM_NC_DURATION, 24);
    nonc("$1 million", NM_NC_MONEY, 1e6);
    nonc("Rs 4 lakh", NM_NC_MONEY, 4e5);
    nonc("5 dollars", NM_NC_MONEY, 5);
    nonc("the 11th day", NM_NC_ORDINAL, 11);
    nonc("the second attack", NM_NC_ORDINAL, 2);
    nonc("5% rise", NM_NC_PERCENT, 5);
    nonc("5 per cent", NM_NC_PERCENT, 5);
    nonc("at 10:30", NM_NC_TIME, 10);
    nonc("at 3 p.m.", NM_NC_TIME, 3);
    nonc("the 180ml liquid", NM_NC_MEASURE, 180);
    nonc("29km", NM_NC_MEASURE, 29);
    nonc("COVID-19", NM_NC_OTHER, 19);
}

static void test_pronoun_one(void **state) {
    (void)state;
    size_t n = 0;
    nm_number x = first("the one you mentioned, 5 died", &n);
    assert_int_equal(n, 1);
    assert_true(x.value == 5);
}

static void frac(const char *text, double v) {
    nm_number n = first(text, NULL);
    if (n.kind != NM_NUM_NONCOUNT || n.noncount != NM_NC_FRACTION || !(n.flags & NM_NUMF_FRACTION) ||
        fabs(n.value - v) > 1e-9 * fmax(1, fabs(v)))
        fail_msg("%s: got %s/%s %g", text, nm_num_kind_name(n.kind), nm_num_noncount_name(n.noncount),
                 n.value);
}

static void neg(const char *text, nm_num_noncount nc, double v) {
    nm_number n = first(text, NULL);
    if (n.kind != NM_NUM_NONCOUNT || n.noncount != nc || !(n.flags & NM_NUMF_NEGATIVE) ||
        fabs(n.value - v) > 1e-9 * fmax(1, fabs(v)))
        fail_msg("%s: got %s/%s %g", text, nm_num_kind_name(n.kind), nm_num_noncount_name(n.noncount),
                 n.value);
}

static void test_fractions(void **state) {
    (void)state;
    frac("3/4 of voters", 0.75);
    frac("3/15", 0.2);                       /* no date context */
    nonc("on 3/15", NM_NC_DATE, 3);          /* a date after "on" */
    frac("2  1/4", 2.25);                    /* a mixed number */
    frac("two thirds of voters", 2.0 / 3);
    frac("one eighth", 0.125);
    frac("one - fourth", 0.25);              /* a spaced hyphen */
    frac("three twenty-firsts", 3.0 / 21);
    frac("one hundred thirty fifths", 100.0 / 35);
    frac("one hundred and thirty fifths", 130.0 / 5);
    frac("one one hundred fifth", 1.0 / 105);
    frac("one hundred and three quarters", 100.75);
    frac("two hundred and fifty-four hundredths", 200.54);
    frac("two million and three fifths", 2.6e6);
    frac("one billion and three quarters million", 1000750000);
    frac("two thirds of a million", 2e6 / 3);
    frac("a hundred trillionths", 1e-10);
    frac("one over three", 1.0 / 3);
    frac("two out of five hundred tvs", 0.004);
    frac("1 in twenty-one", 1.0 / 21);
    frac("the result is \xc2\xbe", 0.75);     /* ¾ */
    frac("2\xc2\xbd", 2.5);                   /* 2½ */
    nonc("twenty fifth", NM_NC_ORDINAL, 25);  /* a compound ordinal, not 20/5 */
    nonc("one hundredth", NM_NC_ORDINAL, 100);
    nonc("a third suspect", NM_NC_ORDINAL, 3);
    /* never a fraction: a ratio needs a smaller first number and no unit after */
    count("12 out of 10", 12);
    expect("killed 2 in 24 hours", NM_NUM_COUNT, NM_NC_NONE, 2, 2);
    count("100 millionths", 100);
    count("five out of three", 5);
}

static void test_negatives(void **state) {
    (void)state;
    neg("-504", NM_NC_NEGATIVE, -504);
    neg("minus 1,200,000", NM_NC_NEGATIVE, -1.2e6);
    neg("negative five hundred and four", NM_NC_NEGATIVE, -504);
    neg("- 10  k", NM_NC_NEGATIVE, -1e4);
    neg("<-30", NM_NC_NEGATIVE, -30);
    neg("-4/5", NM_NC_FRACTION, -0.8);
    neg("minus five point five", NM_NC_NEGATIVE, -5.5);
    expect("between negative ten and fifteen", NM_NUM_NONCOUNT, NM_NC_NEGATIVE, -10, 15);
    /* a dash that is no sign */
    expect("10 -15 killed", NM_NUM_RANGE, NM_NC_NONE, 10, 15);
    nonc("COVID-19", NM_NC_OTHER, 19);
    count("attack - 5 killed", 5);
}

static void test_exponents(void **state) {
    (void)state;
    nm_number n = first("1e10", NULL);
    assert_true(n.kind == NM_NUM_COUNT && n.value == 1e10 && (n.flags & NM_NUMF_EXPONENT));
    count("1.3e6", 1.3e6);
    count("12.32e+14", 12.32e14);
    count("1.1^23", pow(1.1, 23));
    count("2.5^-1", 0.4);
    count("1.3x10^6", 1.3e6);
    count("3 x 10^5", 3e5);
    neg("-12e-1", NM_NC_NEGATIVE, -1.2);
    neg("-1.1^--23", NM_NC_NEGATIVE, -pow(1.1, 23));
}

static void test_misspellings(void **state) {
    (void)state;
    nm_number n = first("won huntred", NULL);
    assert_true(n.kind == NM_NUM_COUNT && n.value == 100 && (n.flags & NM_NUMF_MISSPELT));
    count("too thousant and fiev", 2005);
    count("tree millyon sefen hunderd and twinty sex", 3000726);
    size_t k = 0;
    first("he won 5 games too", &k); /* "won", "too" alone are words */
    assert_int_equal(k, 1);
}

static void test_more_words(void **state) {
    (void)state;
    count("Dozen killed in attack", 12);
    nm_number n = first("\"scores\" killed", NULL);
    assert_true(n.kind == NM_NUM_VAGUE && n.value == 40);
    n = first("Scores killed in attack", NULL);
    assert_true(n.kind == NM_NUM_VAGUE);
    size_t k = 0;
    first("test scores rose by 5", &k); /* "scores" is no quantity here */
    assert_int_equal(k, 1);
    count("nil", 0);
    count("single", 1);
    first("a single family, 6 killed", &k); /* "single" before a noun is emphasis */
    assert_int_equal(k, 1);
    count("point 77", 0.77);
    count("at that point two soldiers", 2); /* "point" as a noun */
    count("fifty - two", 52);
    count("3 hundred and 2 hundred", 300);
    count("one billion and a half million", 1000500000);
    count("two thousand two million", 2002e6);
    count("two thousand, two million", 2000);
    count("twelve point ninety-nine", 12.99);
    count("one point two hundred thirty-six", 1.236);
    count("one twenty two", 122);  /* pairs, as in prices and years */
    count("2.33 k", 2330);
    count("30 l", 3e6);             /* lakh */
    count("1,674.5 G", 1674.5e9);
    count("10G", 1e10);
    nonc("5G network", NM_NC_OTHER, 5);
    count("1 234 567.89", 1234567.89); /* narrow no-break spaces */
}

static void test_split_parts(void **state) {
    (void)state;
    size_t k = 0;
    nm_number n = first("on 5/17/2018", &k); /* every part of a date, each a non-count */
    assert_int_equal(k, 3);
    assert_true(n.noncount == NM_NC_DATE && n.value == 5);
    first("+1-222-2222-2222", &k);  /* a phone number: four OTHER groups, no range */
    assert_int_equal(k, 4);
    nonc("112-", NM_NC_OTHER, 112); /* a suspended compound */
    expect("10- to 15-year-olds", NM_NUM_NONCOUNT, NM_NC_DURATION, 10, 15);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits), cmocka_unit_test(test_words), cmocka_unit_test(test_scale),
        cmocka_unit_test(test_vague),  cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_noncounts), cmocka_unit_test(test_pronoun_one),
        cmocka_unit_test(test_fractions), cmocka_unit_test(test_negatives),
        cmocka_unit_test(test_exponents), cmocka_unit_test(test_misspellings),
        cmocka_unit_test(test_more_words), cmocka_unit_test(test_split_parts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
