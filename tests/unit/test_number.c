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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits), cmocka_unit_test(test_words), cmocka_unit_test(test_scale),
        cmocka_unit_test(test_vague),  cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_noncounts), cmocka_unit_test(test_pronoun_one),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
