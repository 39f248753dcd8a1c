/* test_line_parse.c: one JSON line -> document, and every kind of bad line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "line_parse.h"

static const nm_field_names names = {"text", "id", "title", "date"};

static void test_good_line(void **unused)
{
    (void)unused;
    const char line[] = "{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2024-01-02\",\"text\":\"caf\\u00e9 \\\"q\\\"\"}";
    nm_parsed_line p;
    nm_doc d;
    assert_true(nm_line_parse(line, sizeof line - 1, &names, &p, &d));
    assert_string_equal(d.id, "a1");
    assert_int_equal(d.id_len, 2);
    assert_string_equal(d.title, "T");
    assert_string_equal(d.date, "2024-01-02");
    assert_string_equal(d.text, "café \"q\"");
    assert_int_equal(d.text_len, strlen("café \"q\""));
    nm_line_release(&p);
}

static void test_ids_and_optional_fields(void **unused)
{
    (void)unused;
    nm_parsed_line p;
    nm_doc d;
    const char num[] = "{\"id\":12345678901,\"text\":\"x\",\"date\":null,\"title\":5}";
    assert_true(nm_line_parse(num, sizeof num - 1, &names, &p, &d));
    assert_string_equal(d.id, "12345678901");
    assert_null(d.date);
    assert_null(d.title);
    nm_line_release(&p);
    const char none[] = "  {\"text\":\"x\"}  \r";
    assert_true(nm_line_parse(none, sizeof none - 1, &names, &p, &d));
    assert_null(d.id);
    nm_line_release(&p);
    const nm_field_names other = {"body", "uid", "headline", "day"};
    const char custom[] = "{\"uid\":\"u\",\"body\":\"b\",\"headline\":\"h\",\"day\":\"d\"}";
    assert_true(nm_line_parse(custom, sizeof custom - 1, &other, &p, &d));
    assert_string_equal(d.id, "u");
    assert_string_equal(d.text, "b");
    assert_string_equal(d.title, "h");
    assert_string_equal(d.date, "d");
    nm_line_release(&p);
}

static void expect_bad(const char *line, size_t len, const char *words)
{
    nm_parsed_line p;
    nm_doc d;
    assert_false(nm_line_parse(line, len, &names, &p, &d));
    if (strstr(p.why, words) == NULL)
        fail_msg("'%s' lacks '%s'", p.why, words);
    nm_line_release(&p);
}

static void test_bad_lines(void **unused)
{
    (void)unused;
    expect_bad("{\"text\": \"x", 11, "invalid JSON");
    expect_bad("[1,2]", 5, "not a JSON object");
    expect_bad("\"text\"", 6, "not a JSON object");
    expect_bad("{\"id\":\"a\"}", 10, "missing");
    expect_bad("{\"text\":null}", 13, "missing");
    expect_bad("{\"text\":3}", 10, "not a string");
    expect_bad("{\"text\":[\"a\"]}", 14, "not a string");
    expect_bad("{\"text\":\"a\xff\"}", 12, "invalid UTF-8");
    expect_bad("{\"text\":\"a\xc0\xaf\"}", 13, "invalid UTF-8");
    expect_bad("{\"text\":\"\\ud800\"}", 17, "invalid");
    expect_bad("{\"text\":\"a\"} {}", 15, "text after");
    expect_bad("", 0, "invalid JSON");
}

static void test_blank(void **unused)
{
    (void)unused;
    assert_true(nm_line_is_blank("", 0));
    assert_true(nm_line_is_blank(" \t\r", 3));
    assert_false(nm_line_is_blank(" x ", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_line),
        cmocka_unit_test(test_ids_and_optional_fields),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
