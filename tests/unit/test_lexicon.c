/* test_lexicon.c: lexicon loading (formats, comments, duplicates, phrases)
 * and its errors (engine/src/lexicon.c, nm_lexicon.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsmill/nm_lexicon.h"

static nm_lexicon *parse(const char *text, nm_lexicon_format f)
{
    nm_lexicon *lx = NULL;
    nm_err err = {0};
    const int rc = nm_lexicon_parse(text, strlen(text), f, "t.lex", &lx, &err);
    if (rc != 0)
        fail_msg("parse failed: %s", err.msg);
    return lx;
}

/* Parses text expecting an error; returns the code and copies the message. */
static int parse_err(const char *text, nm_lexicon_format f, char *msg)
{
    nm_lexicon *lx = (nm_lexicon *)(uintptr_t)1;
    nm_err err = {0};
    const int rc = nm_lexicon_parse(text, strlen(text), f, "t.lex", &lx, &err);
    assert_null(lx);
    assert_int_equal(err.code, rc);
    strcpy(msg, err.msg);
    return rc;
}

static double get(const nm_lexicon *lx, const char *key)
{
    double v = -99;
    if (!nm_lexicon_get(lx, key, strlen(key), &v))
        fail_msg("key '%s' missing", key);
    return v;
}

static bool has(const nm_lexicon *lx, const char *key)
{
    double v;
    return nm_lexicon_get(lx, key, strlen(key), &v);
}

static void test_tsv_basic(void **unused)
{
    (void)unused;
    nm_lexicon *lx = parse("good\t1.9\nbad\t-2.5\nneutral\t0\nsci\t1e-1\n", NM_LEXICON_TSV);
    assert_int_equal(nm_lexicon_count(lx), 4);
    assert_true(get(lx, "good") == 1.9);
    assert_true(get(lx, "bad") == -2.5);
    assert_true(get(lx, "neutral") == 0.0);
    assert_true(get(lx, "sci") == 0.1);
    assert_false(has(lx, "Good"));  /* exact case: callers look up lower-cased forms */
    assert_false(has(lx, "goo"));
    assert_false(has(lx, "goodx"));
    assert_int_equal(nm_lexicon_format_of(lx), NM_LEXICON_TSV);
    assert_int_equal(nm_lexicon_phrase_count(lx), 0);
    assert_int_equal(nm_lexicon_max_words(lx), 1);
    const char *k;
    size_t len;
    double v;
    nm_lexicon_entry(lx, 1, &k, &len, &v);
    assert_string_equal(k, "bad");
    assert_int_equal(len, 3);
    assert_true(v == -2.5);
    nm_lexicon_free(lx);
    nm_lexicon_free(NULL);
}

/* Later duplicates overwrite (VADER: "lol" ends as the last value) and keep
 * the first position. */
static void test_duplicates(void **unused)
{
    (void)unused;
    nm_lexicon *lx = parse("lol\t2.9\nok\t0.9\nlol\t1.8\n", NM_LEXICON_TSV);
    assert_int_equal(nm_lexicon_count(lx), 2);
    assert_true(get(lx, "lol") == 1.8);
    const char *k;
    size_t len;
    double v;
    nm_lexicon_entry(lx, 0, &k, &len, &v);
    assert_string_equal(k, "lol");
    assert_true(v == 1.8);
    nm_lexicon_free(lx);
}

static void test_comments_blank_crlf_bom(void **unused)
{
    (void)unused;
    nm_lexicon *lx = parse("\xef\xbb\xbf# a comment\r\n\r\n#\n## another\n#\tthird\n"
                           "#fail\t-2\n  spaced \t 1.5 \r\n\n", NM_LEXICON_TSV);
    assert_int_equal(nm_lexicon_count(lx), 2);
    assert_true(get(lx, "#fail") == -2.0); /* a hashtag is an entry */
    /* The line is stripped, then split at the TAB: the key keeps its inner
     * trailing space (VADER's loader does the same). */
    assert_true(get(lx, "spaced ") == 1.5);
    nm_lexicon_free(lx);
    /* A file with no entries at all is a valid, empty lexicon. */
    lx = parse("# nothing here\n\n", NM_LEXICON_AUTO);
    assert_int_equal(nm_lexicon_count(lx), 0);
    nm_lexicon_free(lx);
}

static void test_vader_format(void **unused)
{
    (void)unused;
    const char *text = "$:\t-1.5\t0.80623\t[-1, -1, -1, -1, -3, -1, -3, -1, -2, -1]\n"
                       ":)\t2.0\t1.18322\t[2, 2, 1, 1, 1, 1, 4, 3, 4, 1]\n"
                       "lol\t2.9\t0.8\t[3, 3]\n"
                       "two\t1.1\n"
                       "lol\t1.8\t0.6\t[2, 2]\n";
    nm_lexicon *lx = parse(text, NM_LEXICON_VADER);
    assert_int_equal(nm_lexicon_count(lx), 4);
    assert_true(get(lx, "$:") == -1.5);
    assert_true(get(lx, ":)") == 2.0);
    assert_true(get(lx, "lol") == 1.8);
    assert_true(get(lx, "two") == 1.1);
    nm_lexicon_free(lx);
    /* auto: 3 or more fields on the first data line mean vader */
    lx = parse(text, NM_LEXICON_AUTO);
    assert_int_equal(nm_lexicon_format_of(lx), NM_LEXICON_VADER);
    nm_lexicon_free(lx);
    lx = parse("# header\nabandon\t-2\nabandoned\t-2\n", NM_LEXICON_AUTO);
    assert_int_equal(nm_lexicon_format_of(lx), NM_LEXICON_TSV);
    nm_lexicon_free(lx);
}

static void test_afinn(void **unused)
{
    (void)unused;
    nm_lexicon *lx = parse("abandon\t-2\nbreathtaking\t+5\ncan't stand\t-3\n", NM_LEXICON_AFINN);
    assert_true(get(lx, "abandon") == -2.0);
    assert_true(get(lx, "breathtaking") == 5.0);
    assert_true(get(lx, "can't stand") == -3.0);
    assert_int_equal(nm_lexicon_format_of(lx), NM_LEXICON_AFINN);
    nm_lexicon_free(lx);
}

static void test_errors(void **unused)
{
    (void)unused;
    char msg[NM_ERR_MSG_MAX];
    assert_int_equal(parse_err("good\t1\nbad -2\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "t.lex:2:"));
    assert_non_null(strstr(msg, "no TAB"));
    assert_int_equal(parse_err("good\tabc\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "t.lex:1:"));
    assert_non_null(strstr(msg, "'abc'"));
    assert_int_equal(parse_err("a\t1\nb\t2\nc\t7\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "t.lex:3:"));
    assert_non_null(strstr(msg, "outside [-5, 5]"));
    assert_int_equal(parse_err("a\t-5.01\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\tinf\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\tnan\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\t1e999\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\t1.5x\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\t.\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\t\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_int_equal(parse_err("a\t1.5\n", NM_LEXICON_AFINN, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "integer"));
    /* The line is stripped first, so a leading TAB goes and "1" is left. */
    assert_int_equal(parse_err("\t1\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "no TAB"));
    assert_int_equal(parse_err("ok\t1\nbad\xff\t1\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "t.lex:2: not valid UTF-8"));
    assert_int_equal(parse_err("a\t1\tx\n", NM_LEXICON_TSV, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "format=vader"));
    assert_int_equal(parse_err("a\t1\tx\n", NM_LEXICON_AFINN, msg), NM_EFORMAT);
    assert_int_equal(parse_err("word only\n", NM_LEXICON_AUTO, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "t.lex:1: no TAB"));
    assert_int_equal(parse_err("a\t1\t0.5\t[1]\nb\n", NM_LEXICON_VADER, msg), NM_EFORMAT);
    assert_non_null(strstr(msg, "t.lex:2:"));
    /* range is inclusive */
    nm_lexicon *lx = parse("a\t-5\nb\t5.0\n", NM_LEXICON_TSV);
    nm_lexicon_free(lx);
}

static void test_files(void **unused)
{
    (void)unused;
    nm_lexicon *lx = NULL;
    nm_err err = {0};
    assert_int_equal(nm_lexicon_load("/nonexistent/dir/lex.tsv", NM_LEXICON_AUTO, &lx, &err),
                     NM_EIO);
    assert_null(lx);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/lex.tsv"));
    char path[] = "/tmp/test_lexicon.XXXXXX";
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("calm\t1.25\nstorm\t-2\nbroken\tx\n", f);
    fclose(f);
    nm_err_clear(&err);
    assert_int_equal(nm_lexicon_load(path, NM_LEXICON_AUTO, &lx, &err), NM_EFORMAT);
    char want[64];
    snprintf(want, sizeof want, "%s:3:", path);
    assert_non_null(strstr(err.msg, want));
    f = fopen(path, "w");
    fputs("calm\t1.25\nstorm\t-2", f); /* no final newline */
    fclose(f);
    nm_err_clear(&err);
    assert_int_equal(nm_lexicon_load(path, NM_LEXICON_AUTO, &lx, &err), 0);
    assert_true(get(lx, "storm") == -2.0);
    assert_true(get(lx, "calm") == 1.25);
    nm_lexicon_free(lx);
    unlink(path);
}

static void test_phrases(void **unused)
{
    (void)unused;
    nm_lexicon *lx = parse("fed up\t-1.8\ncan't\t-1\ncan't stand\t-2\ncan't stand it\t-3\n"
                           "( '}{' )\t1.6\nstand\t0.5\n",
                           NM_LEXICON_TSV);
    assert_int_equal(nm_lexicon_count(lx), 6);
    assert_int_equal(nm_lexicon_phrase_count(lx), 4);
    assert_int_equal(nm_lexicon_max_words(lx), 3);
    assert_true(get(lx, "fed up") == -1.8);   /* exact key lookups see phrases too */
    assert_false(has(lx, "fed"));             /* a first word alone is no key */
    assert_true(nm_lexicon_starts_phrase(lx, "fed", 3));
    assert_true(nm_lexicon_starts_phrase(lx, "can't", 5));
    assert_false(nm_lexicon_starts_phrase(lx, "up", 2));
    assert_false(nm_lexicon_starts_phrase(lx, "stand", 5));
    double v = 0;
    bool starts = false;
    assert_false(nm_lexicon_lookup(lx, "fed", 3, &v, &starts));
    assert_true(starts);
    assert_true(nm_lexicon_lookup(lx, "can't", 5, &v, &starts));
    assert_true(starts);
    assert_true(v == -1.0);
    assert_true(nm_lexicon_lookup(lx, "stand", 5, &v, &starts));
    assert_false(starts);

    nm_lexicon_word w[4] = {{"can't", 5}, {"stand", 5}, {"it", 2}, {"now", 3}};
    assert_int_equal(nm_lexicon_match(lx, w, 4, &v), 3); /* longest first */
    assert_true(v == -3.0);
    assert_int_equal(nm_lexicon_match(lx, w, 2, &v), 2);
    assert_true(v == -2.0);
    assert_int_equal(nm_lexicon_match(lx, w, 1, &v), 0); /* one word is never a phrase */
    nm_lexicon_word x[2] = {{"fed", 3}, {"upp", 3}};
    assert_int_equal(nm_lexicon_match(lx, x, 2, &v), 0);
    x[1].len = 2;
    assert_int_equal(nm_lexicon_match(lx, x, 2, &v), 2);
    assert_true(v == -1.8);
    nm_lexicon_word y[3] = {{"(", 1}, {"'}{'", 4}, {")", 1}};
    assert_int_equal(nm_lexicon_match(lx, y, 3, &v), 3);
    assert_true(v == 1.6);
    /* iteration never shows the first-word helper entries */
    for (size_t i = 0; i < nm_lexicon_count(lx); i++) {
        const char *k;
        size_t len;
        nm_lexicon_entry(lx, i, &k, &len, &v);
        assert_true(strcmp(k, "fed") != 0 && strcmp(k, "(") != 0);
    }
    nm_lexicon_free(lx);
}

static void test_digest(void **unused)
{
    (void)unused;
    nm_lexicon *a = parse("good\t1\nbad\t-1\n", NM_LEXICON_TSV);
    nm_lexicon *b = parse("# same entries\ngood\t1.0\nbad\t-1\n", NM_LEXICON_AUTO);
    nm_lexicon *c = parse("good\t1\nbad\t-1.5\n", NM_LEXICON_TSV);
    nm_lexicon *d = parse("bad\t-1\ngood\t1\n", NM_LEXICON_TSV);
    assert_true(nm_lexicon_digest(a) == nm_lexicon_digest(b));
    assert_true(nm_lexicon_digest(a) != nm_lexicon_digest(c));
    assert_true(nm_lexicon_digest(a) != nm_lexicon_digest(d));
    nm_lexicon_free(a);
    nm_lexicon_free(b);
    nm_lexicon_free(c);
    nm_lexicon_free(d);
}

/* Many keys: the table grows and every key stays reachable. */
static void test_many(void **unused)
{
    (void)unused;
    const size_t n = 20000;
    char *text = malloc(n * 24);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "w%zu\t%d.%zu\n", i, (int)(i % 5) - 2, i % 10);
    nm_lexicon *lx = NULL;
    nm_err err = {0};
    assert_int_equal(nm_lexicon_parse(text, len, NM_LEXICON_AUTO, "big", &lx, &err), 0);
    assert_int_equal(nm_lexicon_count(lx), n);
    for (size_t i = 0; i < n; i += 97) {
        char key[32], num[32];
        snprintf(key, sizeof key, "w%zu", i);
        snprintf(num, sizeof num, "%d.%zu", (int)(i % 5) - 2, i % 10);
        assert_true(get(lx, key) == strtod(num, NULL));
    }
    assert_false(has(lx, "w20000"));
    nm_lexicon_free(lx);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsv_basic),  cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_comments_blank_crlf_bom), cmocka_unit_test(test_vader_format),
        cmocka_unit_test(test_afinn),      cmocka_unit_test(test_errors),
        cmocka_unit_test(test_files),      cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_digest),     cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
