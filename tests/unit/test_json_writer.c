/* test_json_writer.c: the streaming JSON writer and number formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_buf.h"

static void test_nested_commas(void **unused)
{
    (void)unused;
    nm_buf b;
    nm_buf_init(&b);
    nm_jw w;
    nm_jw_init(&w, &b);
    nm_jw_object_begin(&w);
    nm_jw_key(&w, "a");
    nm_jw_i64(&w, -3);
    nm_jw_key(&w, "b");
    nm_jw_array_begin(&w);
    nm_jw_u64(&w, 18446744073709551615u);
    nm_jw_bool(&w, true);
    nm_jw_null(&w);
    nm_jw_object_begin(&w);
    nm_jw_object_end(&w);
    nm_jw_array_end(&w);
    nm_jw_key(&w, "c");
    nm_jw_cstring(&w, NULL);
    nm_jw_key(&w, "d");
    nm_jw_raw(&w, "[1]", 3);
    nm_jw_object_end(&w);
    assert_string_equal(b.data, "{\"a\":-3,\"b\":[18446744073709551615,true,null,{}],\"c\":null,\"d\":[1]}");
    nm_buf_free(&b);
}

static void test_string_escapes(void **unused)
{
    (void)unused;
    nm_buf b;
    nm_buf_init(&b);
    const char s[] = "q\"b\\n\n\t\x01 é";
    nm_buf_json_string(&b, s, sizeof s - 1);
    assert_string_equal(b.data, "\"q\\\"b\\\\n\\n\\t\\u0001 é\"");
    nm_buf_free(&b);
}

static void expect_double(double v, const char *want)
{
    nm_buf b;
    nm_buf_init(&b);
    nm_buf_double(&b, v);
    assert_string_equal(b.data, want);
    assert_true(strtod(b.data, NULL) == v || strcmp(want, "null") == 0);
    nm_buf_free(&b);
}

static void test_doubles_round_trip(void **unused)
{
    (void)unused;
    expect_double(0.1, "0.1");
    expect_double(1.0, "1.0");
    expect_double(-2.5, "-2.5");
    expect_double(0.0, "0.0");
    expect_double(1.0 / 3.0, "0.3333333333333333");
    expect_double(1e300, "1e+300");
    expect_double(0.5719, "0.5719");
    expect_double(-0.0, "-0.0");
    nm_buf b;
    nm_buf_init(&b);
    nm_buf_double(&b, 0.0 / 0.0);
    assert_string_equal(b.data, "null");
    nm_buf_free(&b);
    /* Every value reads back exactly. */
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        double d;
        memcpy(&d, &x, sizeof d);
        if (d != d || d - d != 0)
            continue;
        nm_buf_init(&b);
        nm_buf_double(&b, d);
        assert_true(strtod(b.data, NULL) == d);
        nm_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_commas),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_doubles_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
