/* test_ngrams.c: the ngrams operator through its descriptor's callbacks, on
 * small texts analysed by nm_analyze: exact ngrams.jsonl for sentence and
 * doc span, min_n/max_n, min_count, top, stopwords, bytewise ties and docs
 * vs count; merged states equal one state whatever the document split;
 * save + load round trips and rejects mismatched or damaged files; counts
 * past 2^32; 3- to 5-grams over a large vocabulary (multi-word packed keys)
 * against a naive string-sorting reference; and forced spills (a budget far
 * below the option minimum) giving the same bytes as an unbounded run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xxhash.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_engine.h"
#include "newsmill/nm_op.h"
#include "ngrams/ngram_internal.h"

extern const nm_op nm_op_ngrams;

#define MAX_STATES 8

/* One prepared operator with some thread states. */
typedef struct fixture {
    void *cfg;
    void *shared;
    void *st[MAX_STATES];
    unsigned n_states;
    nm_op_env env;
    char tmp[64];
} fixture;

static void fx_open(fixture *fx, const char *const *settings, size_t n_settings, unsigned states,
                    uint64_t memory)
{
    nm_err err;
    nm_err_clear(&err);
    memset(fx, 0, sizeof *fx);
    assert_int_equal(nm_config_parse(&nm_op_ngrams, settings, n_settings, &fx->cfg, &err), 0);
    if (memory)
        ((ngr_config *)fx->cfg)->memory = memory; /* below the option's minimum on purpose */
    assert_int_equal(nm_op_ngrams.prepare(fx->cfg, &fx->shared, &err), 0);
    snprintf(fx->tmp, sizeof fx->tmp, "/tmp/test_ngrams.XXXXXX");
    assert_non_null(mkdtemp(fx->tmp));
    fx->n_states = states;
    fx->env = (nm_op_env){.config = fx->cfg, .shared = fx->shared, .tmp_dir = fx->tmp,
                          .threads = states, .thread = 0};
    for (unsigned i = 0; i < states; i++) {
        const size_t size = (nm_op_ngrams.state_size + 63) / 64 * 64;
        fx->st[i] = aligned_alloc(64, size);
        assert_non_null(fx->st[i]);
        memset(fx->st[i], 0, size);
        fx->env.thread = i;
        assert_int_equal(nm_op_ngrams.init(&fx->env, fx->st[i], &err), 0);
    }
    fx->env.thread = 0;
}

static void fx_close(fixture *fx)
{
    for (unsigned i = 0; i < fx->n_states; i++) {
        if (fx->st[i]) {
            nm_op_ngrams.fini(&fx->env, fx->st[i]);
            free(fx->st[i]);
        }
    }
    nm_op_ngrams.release(fx->shared);
    nm_config_free(&nm_op_ngrams, fx->cfg);
    rmdir(fx->tmp);
}

static void fx_doc(fixture *fx, unsigned state, uint64_t seq, const char *text)
{
    nm_analyzer *az = nm_analyzer_new();
    assert_non_null(az);
    nm_analysis an;
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_analyze(az, text, strlen(text), &an, &err), 0);
    nm_doc doc = {.id = "d", .id_len = 1, .text = text, .text_len = strlen(text), .seq = seq};
    fx->env.thread = state;
    assert_int_equal(nm_op_ngrams.doc(&fx->env, fx->st[state], &doc, &an, NULL, &err), 0);
    fx->env.thread = 0;
    nm_analyzer_free(az);
}

/* Merges states 1.. into 0 in order. */
static void fx_merge(fixture *fx)
{
    nm_err err;
    nm_err_clear(&err);
    for (unsigned i = 1; i < fx->n_states; i++) {
        assert_int_equal(nm_op_ngrams.merge(&fx->env, fx->st[0], fx->st[i], &err), 0);
        nm_op_ngrams.fini(&fx->env, fx->st[i]);
        free(fx->st[i]);
        fx->st[i] = NULL;
    }
}

/* Emits state 0; returns the bytes (malloc'd). */
static char *fx_emit(fixture *fx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    nm_err err;
    nm_err_clear(&err);
    const int rc = nm_op_ngrams.emit(&fx->env, fx->st[0], f, &err);
    if (rc != 0)
        fail_msg("emit: %s", err.msg);
    fclose(f);
    return buf;
}

/* The whole path: texts round-robin over `states` states, merged, emitted. */
static char *run_texts(const char *const *settings, size_t n_settings, const char *const *texts,
                       size_t n_texts, unsigned states, uint64_t memory)
{
    fixture fx;
    fx_open(&fx, settings, n_settings, states, memory);
    for (size_t i = 0; i < n_texts; i++)
        fx_doc(&fx, (unsigned)(i % states), i, texts[i]);
    fx_merge(&fx);
    char *out = fx_emit(&fx);
    fx_close(&fx);
    return out;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_sentence_span(void **state)
{
    (void)state;
    const char *texts[] = {"The cat sat. The cat ran!"};
    const char *set[] = {"max_n=2"};
    char *out = run_texts(set, N(set), texts, 1, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"cat\",\"n\":1,\"count\":2,\"docs\":1}\n"
                             "{\"ngram\":\"the\",\"n\":1,\"count\":2,\"docs\":1}\n"
                             "{\"ngram\":\"ran\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"sat\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"the cat\",\"n\":2,\"count\":2,\"docs\":1}\n"
                             "{\"ngram\":\"cat ran\",\"n\":2,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"cat sat\",\"n\":2,\"count\":1,\"docs\":1}\n");
    free(out);
}

static void test_doc_span(void **state)
{
    (void)state;
    const char *texts[] = {"The cat sat. The cat ran!"};
    const char *set[] = {"min_n=2", "max_n=3", "span=doc"};
    char *out = run_texts(set, N(set), texts, 1, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"the cat\",\"n\":2,\"count\":2,\"docs\":1}\n"
                             "{\"ngram\":\"cat ran\",\"n\":2,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"cat sat\",\"n\":2,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"sat the\",\"n\":2,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"cat sat the\",\"n\":3,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"sat the cat\",\"n\":3,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"the cat ran\",\"n\":3,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"the cat sat\",\"n\":3,\"count\":1,\"docs\":1}\n");
    free(out);
}

static void test_min_max_n(void **state)
{
    (void)state;
    const char *texts[] = {"a b c d e f"};
    const char *set[] = {"min_n=4", "max_n=5"};
    char *out = run_texts(set, N(set), texts, 1, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"a b c d\",\"n\":4,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"b c d e\",\"n\":4,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"c d e f\",\"n\":4,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"a b c d e\",\"n\":5,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"b c d e f\",\"n\":5,\"count\":1,\"docs\":1}\n");
    free(out);
}

static void test_docs_vs_count_and_ties(void **state)
{
    (void)state;
    /* "b" 4 times in 2 docs; "a", "ab", "a-b" and "a'b" once each: ties by
     * bytes ("a" < "a'b" < "a-b" < "ab"); "x y" vs "x-y": ' ' sorts first. */
    const char *texts[] = {"b b b ab a-b", "b a a'b x y x-y"};
    const char *set[] = {"max_n=1"};
    char *out = run_texts(set, N(set), texts, 2, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"b\",\"n\":1,\"count\":4,\"docs\":2}\n"
                             "{\"ngram\":\"a\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"a'b\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"a-b\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"ab\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"x\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"x-y\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"y\",\"n\":1,\"count\":1,\"docs\":1}\n");
    free(out);
    const char *texts2[] = {"x y", "x-y z"};
    const char *set2[] = {"min_n=2", "max_n=2", "span=doc"};
    out = run_texts(set2, N(set2), texts2, 2, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"x y\",\"n\":2,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"x-y z\",\"n\":2,\"count\":1,\"docs\":1}\n");
    free(out);
}

static void test_min_count_and_top(void **state)
{
    (void)state;
    const char *texts[] = {"a a a b b c", "a b d", "e e e e"};
    const char *set[] = {"max_n=1", "min_count=2"};
    char *out = run_texts(set, N(set), texts, 3, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"a\",\"n\":1,\"count\":4,\"docs\":2}\n"
                             "{\"ngram\":\"e\",\"n\":1,\"count\":4,\"docs\":1}\n"
                             "{\"ngram\":\"b\",\"n\":1,\"count\":3,\"docs\":2}\n");
    free(out);
    const char *set2[] = {"max_n=2", "top=2", "span=doc"};
    out = run_texts(set2, N(set2), texts, 3, 2, 0);
    assert_string_equal(out, "{\"ngram\":\"a\",\"n\":1,\"count\":4,\"docs\":2}\n"
                             "{\"ngram\":\"e\",\"n\":1,\"count\":4,\"docs\":1}\n"
                             "{\"ngram\":\"e e\",\"n\":2,\"count\":3,\"docs\":1}\n"
                             "{\"ngram\":\"a a\",\"n\":2,\"count\":2,\"docs\":1}\n");
    free(out);
}

static char *write_temp(const char *content)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_ngrams_sw.XXXXXX");
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return path;
}

static void test_stopwords(void **state)
{
    (void)state;
    char *path = write_temp("# common words\n\nthe\n  of  \nDon’t # apostrophe folded\n");
    char setting[128];
    snprintf(setting, sizeof setting, "stopwords=%s", path);
    const char *set[] = {setting, "span=doc"};
    /* "the" and "don't" are never counted, and no n-gram bridges them. */
    const char *texts[] = {"The end of the line. Don't stop now"};
    char *out = run_texts(set, N(set), texts, 1, 1, 0);
    assert_string_equal(out, "{\"ngram\":\"end\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"line\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"now\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"stop\",\"n\":1,\"count\":1,\"docs\":1}\n"
                             "{\"ngram\":\"stop now\",\"n\":2,\"count\":1,\"docs\":1}\n");
    free(out);
    unlink(path);

    /* A missing file is an I/O error from prepare naming the path. */
    const char *bad[] = {"stopwords=/nonexistent/stop.txt"};
    void *cfg = NULL, *shared = NULL;
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_config_parse(&nm_op_ngrams, bad, 1, &cfg, &err), 0);
    assert_int_equal(nm_op_ngrams.prepare(cfg, &shared, &err), NM_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/stop.txt"));
    nm_op_ngrams.release(shared);
    nm_config_free(&nm_op_ngrams, cfg);
}

static void test_min_n_above_max_n(void **state)
{
    (void)state;
    const char *set[] = {"min_n=3", "max_n=2"};
    void *cfg = NULL, *shared = NULL;
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_config_parse(&nm_op_ngrams, set, 2, &cfg, &err), 0);
    assert_int_equal(nm_op_ngrams.prepare(cfg, &shared, &err), NM_EUSAGE);
    assert_non_null(strstr(err.msg, "min_n"));
    assert_non_null(strstr(err.msg, "max_n"));
    nm_op_ngrams.release(shared);
    nm_config_free(&nm_op_ngrams, cfg);
}

/* A deterministic pseudo-random corpus with a Zipf-ish vocabulary, so that
 * counts, ties and documents frequencies all vary. */
static char **make_corpus(size_t n_docs, size_t words, uint32_t seed)
{
    static const char *const syll[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "an", "el"};
    char **docs = calloc(n_docs, sizeof *docs);
    assert_non_null(docs);
    uint32_t x = seed;
    for (size_t d = 0; d < n_docs; d++) {
        docs[d] = malloc(words * 16 + 1);
        assert_non_null(docs[d]);
        size_t o = 0;
        for (size_t i = 0; i < words; i++) {
            x = x * 1664525u + 1013904223u;
            /* word index: small ones much more often */
            const uint32_t r = x >> 8;
            const uint32_t k = (r % 1000) < 600 ? r % 20 : r % 3000;
            o += (size_t)snprintf(docs[d] + o, 16, "%s%s%s", syll[k % 10], syll[(k / 10) % 10],
                                  k >= 100 ? syll[(k / 100) % 10] : "");
            x = x * 1664525u + 1013904223u;
            docs[d][o++] = (x >> 24) % 13 == 0 ? '.' : ' ';
            if (docs[d][o - 1] == '.')
                docs[d][o++] = ' ';
        }
        docs[d][o] = '\0';
    }
    return docs;
}

static void free_corpus(char **docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(docs[i]);
    free(docs);
}

static void test_states_merge_like_one(void **state)
{
    (void)state;
    enum { D = 60 };
    char **docs = make_corpus(D, 200, 7);
    const char *set[] = {"min_n=1", "max_n=3"};
    char *one = run_texts(set, N(set), (const char *const *)docs, D, 1, 0);
    char *three = run_texts(set, N(set), (const char *const *)docs, D, 3, 0);
    assert_string_equal(one, three);
    /* Another split: the first half on state 1, the rest on state 0. */
    fixture fx;
    fx_open(&fx, set, N(set), 2, 0);
    for (size_t i = 0; i < D; i++)
        fx_doc(&fx, i < D / 2 ? 1 : 0, i, docs[i]);
    fx_merge(&fx);
    char *two = fx_emit(&fx);
    fx_close(&fx);
    assert_string_equal(one, two);
    free(one);
    free(two);
    free(three);
    free_corpus(docs, D);
}

static void test_forced_spill(void **state)
{
    (void)state;
    enum { D = 400 };
    char **docs = make_corpus(D, 300, 11);
    const char *set[] = {"min_n=1", "max_n=4", "span=doc"};
    char *ref = run_texts(set, N(set), (const char *const *)docs, D, 1, 0);
    /* 64 KiB: tables spill constantly and the final records go to runs. */
    char *small = run_texts(set, N(set), (const char *const *)docs, D, 3, 64 * 1024);
    assert_string_equal(ref, small);
    free(small);
    const char *set2[] = {"min_n=1", "max_n=4", "span=doc", "top=7", "min_count=2"};
    char *ref2 = run_texts(set2, N(set2), (const char *const *)docs, D, 2, 0);
    char *small2 = run_texts(set2, N(set2), (const char *const *)docs, D, 2, 64 * 1024);
    assert_string_equal(ref2, small2);
    assert_int_equal((int)strlen(ref2) > 0, 1);
    free(ref);
    free(ref2);
    free(small2);
    free_corpus(docs, D);
}

/* Saves state 0 of a run over texts to a temporary file. */
static FILE *save_texts(const char *const *settings, size_t n_settings, const char *const *texts,
                        size_t n_texts, uint64_t memory)
{
    fixture fx;
    fx_open(&fx, settings, n_settings, 2, memory);
    for (size_t i = 0; i < n_texts; i++)
        fx_doc(&fx, (unsigned)(i % 2), i, texts[i]);
    fx_merge(&fx);
    FILE *f = tmpfile();
    assert_non_null(f);
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_op_ngrams.save(&fx.env, fx.st[0], f, &err), 0);
    fx_close(&fx);
    rewind(f);
    return f;
}

static int load_into(fixture *fx, FILE *f, nm_err *err)
{
    nm_err_clear(err);
    rewind(f);
    return nm_op_ngrams.load(&fx->env, fx->st[0], f, "shard.state", err);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    enum { D = 90 };
    char **docs = make_corpus(D, 150, 3);
    const char *set[] = {"min_n=1", "max_n=3", "min_count=2"};
    char *ref = run_texts(set, N(set), (const char *const *)docs, D, 1, 0);
    /* Three shards, saved (one with a tiny budget) and loaded into one state. */
    FILE *s1 = save_texts(set, N(set), (const char *const *)docs, 30, 0);
    FILE *s2 = save_texts(set, N(set), (const char *const *)docs + 30, 30, 64 * 1024);
    FILE *s3 = save_texts(set, N(set), (const char *const *)docs + 60, 30, 0);
    fixture fx;
    nm_err err;
    fx_open(&fx, set, N(set), 1, 0);
    assert_int_equal(load_into(&fx, s2, &err), 0);
    assert_int_equal(load_into(&fx, s1, &err), 0);
    assert_int_equal(load_into(&fx, s3, &err), 0);
    char *merged = fx_emit(&fx);
    fx_close(&fx);
    assert_string_equal(ref, merged);
    free(merged);

    /* Saving is canonical: the same documents give the same bytes. */
    FILE *again = save_texts(set, N(set), (const char *const *)docs, 30, 0);
    fseek(s1, 0, SEEK_END);
    fseek(again, 0, SEEK_END);
    assert_int_equal(ftell(s1), ftell(again));
    const long size = ftell(s1);
    char *a = malloc((size_t)size), *b = malloc((size_t)size);
    rewind(s1);
    rewind(again);
    assert_int_equal(fread(a, 1, (size_t)size, s1), (size_t)size);
    assert_int_equal(fread(b, 1, (size_t)size, again), (size_t)size);
    assert_memory_equal(a, b, (size_t)size);

    /* Mismatched counting options are rejected with the path. */
    const char *other[] = {"min_n=1", "max_n=2"};
    fx_open(&fx, other, N(other), 1, 0);
    assert_int_equal(load_into(&fx, s1, &err), NM_EFORMAT);
    assert_non_null(strstr(err.msg, "shard.state"));
    assert_non_null(strstr(err.msg, "max_n"));
    fx_close(&fx);
    const char *span[] = {"min_n=1", "max_n=3", "span=doc"};
    fx_open(&fx, span, N(span), 1, 0);
    assert_int_equal(load_into(&fx, s1, &err), NM_EFORMAT);
    fx_close(&fx);

    /* Every truncation and a flipped byte anywhere: an error, never a crash. */
    FILE *cut = tmpfile();
    for (long len = 0; len < size; len += len < 200 ? 1 : 97) {
        assert_int_equal(ftruncate(fileno(cut), 0), 0);
        rewind(cut);
        assert_int_equal(fwrite(a, 1, (size_t)len, cut), (size_t)len);
        fflush(cut);
        fx_open(&fx, set, N(set), 1, 0);
        assert_int_not_equal(load_into(&fx, cut, &err), 0);
        fx_close(&fx);
    }
    for (long at = 0; at < size; at += at < 300 ? 1 : 211) {
        assert_int_equal(ftruncate(fileno(cut), 0), 0);
        rewind(cut);
        a[at] = (char)(a[at] ^ 0x21);
        assert_int_equal(fwrite(a, 1, (size_t)size, cut), (size_t)size);
        a[at] = (char)(a[at] ^ 0x21);
        fflush(cut);
        fx_open(&fx, set, N(set), 1, 0);
        assert_int_not_equal(load_into(&fx, cut, &err), 0);
        fx_close(&fx);
    }
    /* Garbage. */
    assert_int_equal(ftruncate(fileno(cut), 0), 0);
    rewind(cut);
    fputs("{\"ngram\":\"not a state\"}\n", cut);
    fflush(cut);
    fx_open(&fx, set, N(set), 1, 0);
    assert_int_equal(load_into(&fx, cut, &err), NM_EFORMAT);
    fx_close(&fx);
    fclose(cut);
    free(a);
    free(b);
    fclose(again);
    fclose(s1);
    fclose(s2);
    fclose(s3);
    free(ref);
    free_corpus(docs, D);
}

/* ---- counts past 2^32: a hand-made state file loaded twice ---------------- */

static void put_varint(unsigned char *buf, size_t *o, uint64_t v)
{
    while (v >= 0x80) {
        buf[(*o)++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    buf[(*o)++] = (unsigned char)v;
}

static void test_counts_past_u32(void **state)
{
    (void)state;
    unsigned char body[256];
    size_t o = 0;
    put_varint(body, &o, 2); /* vocabulary: "a", "b" */
    put_varint(body, &o, 1);
    body[o++] = 'a';
    put_varint(body, &o, 1);
    body[o++] = 'b';
    put_varint(body, &o, 1); /* n = 1: "a" 3e9 (docs 5), "b" 4294967295 (docs 7) */
    put_varint(body, &o, 2);
    put_varint(body, &o, 0);
    put_varint(body, &o, 3000000000u);
    put_varint(body, &o, 5);
    put_varint(body, &o, 1);
    put_varint(body, &o, 4294967295u);
    put_varint(body, &o, 7);
    const uint64_t sum = XXH64(body, o, 0);
    for (int i = 0; i < 8; i++)
        body[o++] = (unsigned char)(sum >> (8 * i));
    FILE *f = tmpfile();
    fputs("newsmill ngrams state 1\nmin_n 1\nmax_n 1\nspan sentence\nstopwords none\nbody\n", f);
    fwrite(body, 1, o, f);
    fflush(f);

    const char *set[] = {"max_n=1"};
    fixture fx;
    nm_err err;
    fx_open(&fx, set, N(set), 2, 0);
    fx_doc(&fx, 1, 0, "b b a c");
    assert_int_equal(load_into(&fx, f, &err), 0);
    assert_int_equal(load_into(&fx, f, &err), 0);
    fx_merge(&fx);
    char *out = fx_emit(&fx);
    assert_string_equal(out, "{\"ngram\":\"b\",\"n\":1,\"count\":8589934592,\"docs\":15}\n"
                             "{\"ngram\":\"a\",\"n\":1,\"count\":6000000001,\"docs\":11}\n"
                             "{\"ngram\":\"c\",\"n\":1,\"count\":1,\"docs\":1}\n");
    free(out);
    fx_close(&fx);

    /* ... and they survive a save and a load. */
    fx_open(&fx, set, N(set), 1, 0);
    assert_int_equal(load_into(&fx, f, &err), 0);
    FILE *g = tmpfile();
    assert_int_equal(nm_op_ngrams.save(&fx.env, fx.st[0], g, &err), 0);
    fx_close(&fx);
    fx_open(&fx, set, N(set), 1, 0);
    assert_int_equal(load_into(&fx, g, &err), 0);
    assert_int_equal(load_into(&fx, g, &err), 0);
    out = fx_emit(&fx);
    assert_string_equal(out, "{\"ngram\":\"b\",\"n\":1,\"count\":8589934590,\"docs\":14}\n"
                             "{\"ngram\":\"a\",\"n\":1,\"count\":6000000000,\"docs\":10}\n");
    free(out);
    fx_close(&fx);
    fclose(g);
    fclose(f);
}

/* ---- wide keys: a naive reference for 5-grams over a large vocabulary ------- */

typedef struct occ {
    char *text;
    size_t doc;
} occ;

static int occ_cmp(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    const int c = strcmp(x->text, y->text);
    return c ? c : (x->doc > y->doc) - (x->doc < y->doc);
}

typedef struct line {
    char *text;
    size_t count, docs;
} line;

static int line_cmp(const void *a, const void *b)
{
    const line *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* Every n-gram (min_n..max_n, doc span) of space-separated lower-case words,
 * counted by sorting strings: nothing in common with the operator's ids,
 * packing or tables. */
static char *naive_ngrams(char **docs, size_t n_docs, unsigned min_n, unsigned max_n)
{
    size_t cap = 1024, n_occ = 0;
    occ *o = malloc(cap * sizeof *o);
    for (size_t d = 0; d < n_docs; d++) {
        char *copy = strdup(docs[d]);
        char *words[4096];
        size_t nw = 0;
        for (char *t = strtok(copy, " "); t && nw < 4096; t = strtok(NULL, " "))
            words[nw++] = t;
        for (unsigned n = min_n; n <= max_n; n++)
            for (size_t i = 0; i + n <= nw; i++) {
                char buf[512];
                size_t len = (size_t)snprintf(buf, sizeof buf, "%u", n);
                for (unsigned k = 0; k < n; k++)
                    len += (size_t)snprintf(buf + len, sizeof buf - len, "%c%s", k ? ' ' : '|',
                                            words[i + k]);
                if (n_occ == cap) {
                    cap *= 2;
                    o = realloc(o, cap * sizeof *o);
                    assert_non_null(o);
                }
                o[n_occ].text = strdup(buf);
                o[n_occ].doc = d;
                n_occ++;
            }
        free(copy);
    }
    qsort(o, n_occ, sizeof *o, occ_cmp);
    line *lines = malloc((n_occ + 1) * sizeof *lines);
    assert_non_null(lines);
    size_t nl = 0;
    for (size_t i = 0; i < n_occ; i++) {
        /* o is sorted by (text, doc): a new line at each new text, a new
         * document at each new doc within it. */
        if (nl > 0 && strcmp(lines[nl - 1].text, o[i].text) == 0) {
            lines[nl - 1].count++;
            lines[nl - 1].docs += o[i].doc != o[i - 1].doc;
            free(o[i].text);
        } else {
            lines[nl].text = o[i].text;
            lines[nl].count = 1;
            lines[nl].docs = 1;
            nl++;
        }
    }
    /* Sort within each n ("N|" prefix keeps n first: n <= 9). */
    size_t start = 0;
    for (size_t i = 1; i <= nl; i++)
        if (i == nl || lines[i].text[0] != lines[start].text[0]) {
            qsort(lines + start, i - start, sizeof *lines, line_cmp);
            start = i;
        }
    size_t out_cap = 1 << 16, out_len = 0;
    char *out = malloc(out_cap);
    out[0] = '\0';
    for (size_t i = 0; i < nl; i++) {
        char buf[700];
        const int len = snprintf(buf, sizeof buf, "{\"ngram\":\"%s\",\"n\":%c,\"count\":%zu,\"docs\":%zu}\n",
                                 lines[i].text + 2, lines[i].text[0], lines[i].count, lines[i].docs);
        while (out_len + (size_t)len + 1 > out_cap)
            out = realloc(out, out_cap *= 2);
        memcpy(out + out_len, buf, (size_t)len + 1);
        out_len += (size_t)len;
        free(lines[i].text);
    }
    free(lines);
    free(o);
    return out;
}

static void test_wide_keys(void **state)
{
    (void)state;
    /* ~20k distinct words: 15 bits per rank, so a 5-gram needs two key words
     * and a 3-gram one; repeated phrases give counts and docs above 1. */
    enum { D = 120, W = 250 };
    char **docs = calloc(D, sizeof *docs);
    uint32_t x = 5;
    for (size_t d = 0; d < D; d++) {
        docs[d] = malloc(W * 8 + 1);
        size_t o = 0;
        for (size_t i = 0; i < W; i++) {
            x = x * 1664525u + 1013904223u;
            const uint32_t r = x >> 8;
            const uint32_t k = (r % 4) == 0 ? (uint32_t)(i % 7) : r % 20000;
            o += (size_t)snprintf(docs[d] + o, 9, "%sw%u", i ? " " : "", k);
        }
        docs[d][o] = '\0';
    }
    const char *set[] = {"min_n=3", "max_n=5", "span=doc"};
    char *want = naive_ngrams(docs, D, 3, 5);
    char *got = run_texts(set, N(set), (const char *const *)docs, D, 3, 0);
    assert_string_equal(want, got);
    free(got);
    got = run_texts(set, N(set), (const char *const *)docs, D, 2, 256 * 1024);
    assert_string_equal(want, got);
    free(got);
    free(want);
    free_corpus(docs, D);
}

static void test_empty(void **state)
{
    (void)state;
    const char *texts[] = {"", "...", "!"};
    char *out = run_texts(NULL, 0, texts, 3, 2, 0);
    assert_string_equal(out, "");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence_span),
        cmocka_unit_test(test_doc_span),
        cmocka_unit_test(test_min_max_n),
        cmocka_unit_test(test_docs_vs_count_and_ties),
        cmocka_unit_test(test_min_count_and_top),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_min_n_above_max_n),
        cmocka_unit_test(test_states_merge_like_one),
        cmocka_unit_test(test_forced_spill),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_counts_past_u32),
        cmocka_unit_test(test_wide_keys),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
