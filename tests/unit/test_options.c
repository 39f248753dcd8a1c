/* test_options.c: operator option parsing: defaults, types, bounds, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_engine.h"
#include "op_config.h"

typedef struct demo_config {
    int64_t count;
    uint64_t memory;
    double weight;
    bool flag;
    int mode;
    const char *path;
} demo_config;

static const nm_opt demo_options[] = {
    {"count", NM_OPT_INT, offsetof(demo_config, count), "3", 1, 10, NULL, "a count"},
    {"memory", NM_OPT_SIZE, offsetof(demo_config, memory), "1G", 1024, 1e15, NULL, "a size"},
    {"weight", NM_OPT_DOUBLE, offsetof(demo_config, weight), "0.5", 0, 1, NULL, "a weight"},
    {"flag", NM_OPT_BOOL, offsetof(demo_config, flag), "false", 0, 0, NULL, "a flag"},
    {"mode", NM_OPT_ENUM, offsetof(demo_config, mode), "sentence", 0, 0, "sentence|doc", "a mode"},
    {"path", NM_OPT_PATH, offsetof(demo_config, path), NULL, 0, 0, NULL, "a path"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

static const nm_op demo_op = {.name = "demo", .summary = "test", .options = demo_options,
                              .config_size = sizeof(demo_config)};

static void test_defaults(void **unused)
{
    (void)unused;
    void *cfg = NULL;
    nm_err err = {0};
    assert_int_equal(nm_config_parse(&demo_op, NULL, 0, &cfg, &err), 0);
    const demo_config *c = cfg;
    assert_int_equal(c->count, 3);
    assert_int_equal(c->memory, 1u << 30);
    assert_true(c->weight == 0.5);
    assert_false(c->flag);
    assert_int_equal(c->mode, 0);
    assert_null(c->path);
    nm_config_free(&demo_op, cfg);
}

static void test_settings(void **unused)
{
    (void)unused;
    const char *set[] = {"count=10", "memory=512M", "weight=1", "flag=yes", "mode=doc",
                         "path=/tmp/x", "path=/tmp/y"};
    void *cfg = NULL;
    nm_err err = {0};
    assert_int_equal(nm_config_parse(&demo_op, set, 7, &cfg, &err), 0);
    const demo_config *c = cfg;
    assert_int_equal(c->count, 10);
    assert_int_equal(c->memory, 512u << 20);
    assert_true(c->weight == 1.0);
    assert_true(c->flag);
    assert_int_equal(c->mode, 1);
    assert_string_equal(c->path, "/tmp/y");
    nm_buf b;
    nm_buf_init(&b);
    nm_jw w;
    nm_jw_init(&w, &b);
    nm_config_write_json(&demo_op, cfg, &w);
    assert_string_equal(b.data, "{\"count\":10,\"memory\":536870912,\"weight\":1.0,\"flag\":true,"
                                "\"mode\":\"doc\",\"path\":\"/tmp/y\"}");
    nm_buf_free(&b);
    nm_config_free(&demo_op, cfg);
}

static void expect_usage(const char *setting, const char *words)
{
    void *cfg = NULL;
    nm_err err = {0};
    assert_int_equal(nm_config_parse(&demo_op, &setting, 1, &cfg, &err), NM_EUSAGE);
    assert_non_null(strstr(err.msg, words));
    nm_config_free(&demo_op, cfg);
}

static void test_errors(void **unused)
{
    (void)unused;
    expect_usage("count=11", "demo.count");
    expect_usage("count=0", "demo.count");
    expect_usage("count=3x", "demo.count");
    expect_usage("memory=12Q", "size");
    expect_usage("memory=512", "memory");
    expect_usage("weight=2", "weight");
    expect_usage("flag=maybe", "true or false");
    expect_usage("mode=para", "sentence|doc");
    expect_usage("nope=1", "count, memory, weight, flag, mode, path");
    expect_usage("count", "KEY=VALUE");
}

static void test_sizes(void **unused)
{
    (void)unused;
    uint64_t v = 0;
    assert_int_equal(nm_parse_size("65536", &v), 0);
    assert_int_equal(v, 65536);
    assert_int_equal(nm_parse_size("1.5G", &v), 0);
    assert_int_equal(v, 3u << 29);
    assert_int_equal(nm_parse_size("64MiB", &v), 0);
    assert_int_equal(v, 64u << 20);
    assert_int_equal(nm_parse_size("2k", &v), 0);
    assert_int_equal(v, 2048);
    assert_int_equal(nm_parse_size("-1", &v), -1);
    assert_int_equal(nm_parse_size("", &v), -1);
    assert_int_equal(nm_parse_size("1X", &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
