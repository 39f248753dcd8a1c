/* stance_fixture.h: what the stance unit tests share: a dictionary parsed
 * from the test file's own text (so the tests do not move when
 * ops/stance/actors/ grows), the analyzer, and run()/dump() to find the
 * mentions and relations of one sentence. Included by one test file each
 * (every test is its own program), hence the static definitions. */
#ifndef STANCE_FIXTURE_H
#define STANCE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_analysis.h"
#include "stance/stance_internal.h"

static st_dict dict;
static st_words_index wi;
static nm_analyzer *az;
static st_scratch sc;
static nm_analysis an;
static const char *cur;                 /* the text of the last run() */
static uint32_t doc_date = 20230715;    /* the document date run() resolves leaders by */

/* Parses dict_text as the only dictionary (no built-in files). */
static int fixture_setup(const char *dict_text)
{
    nm_err err;
    az = nm_analyzer_new();
    if (az == NULL)
        return 1;
    if (st_dict_parse(&dict, dict_text, strlen(dict_text), "test.tsv", 0, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    return st_words_index_build(&wi, &err) != 0;
}

static int teardown(void **state)
{
    (void)state;
    nm_analyzer_free(az);
    st_dict_free(&dict);
    st_words_index_free(&wi);
    st_scratch_free(&sc);
    return 0;
}

/* Finds the mentions, quotes and relations of text into sc. */
static void run(const char *text)
{
    nm_err err;
    cur = text;
    assert_int_equal(nm_analyze(az, text, strlen(text), &an, &err), 0);
    const st_find_config fc = {.date = doc_date, .roles = true, .gap = 12};
    assert_int_equal(st_find(&dict, &wi, &an, &fc, &sc, &err), 0);
    assert_int_equal(st_relate(&wi, &an, &fc, &sc, &err), 0);
}

/* Prints what run() found, for a failing test's message. */
static void dump(void)
{
    for (size_t i = 0; i < sc.n_m; i++)
        fprintf(stderr, "  mention %s '%.*s' %s%s\n", sc.m[i].code,
                (int)(sc.m[i].end - sc.m[i].start), cur + sc.m[i].start,
                st_kind_names[sc.m[i].kind], sc.m[i].ethnic ? " ethnic" : "");
    for (size_t i = 0; i < sc.n_r; i++)
        fprintf(stderr, "  relation %s -> %s %s %d\n", sc.m[sc.r[i].src].code,
                sc.m[sc.r[i].tgt].code, st_verbs[sc.r[i].verb].lemma, sc.r[i].polarity);
}

/* Some relation source -> target with the verb lemma and polarity. */
static const st_relation *want_rel(const char *src, const char *tgt, const char *lemma, int pol)
{
    for (size_t i = 0; i < sc.n_r; i++) {
        const st_relation *r = &sc.r[i];
        if (strcmp(sc.m[r->src].code, src) == 0 && strcmp(sc.m[r->tgt].code, tgt) == 0 &&
            strcmp(st_verbs[r->verb].lemma, lemma) == 0) {
            if (r->polarity != pol) {
                dump();
                fail_msg("\"%s\": %s -> %s %s has polarity %d, wanted %d", cur, src, tgt, lemma,
                         r->polarity, pol);
            }
            return r;
        }
    }
    dump();
    fail_msg("\"%s\": no relation %s -> %s %s", cur, src, tgt, lemma);
    return NULL;
}

static void want_n_rels(size_t n)
{
    if (sc.n_r != n) {
        dump();
        fail_msg("\"%s\": %zu relations, wanted %zu", cur, sc.n_r, n);
    }
}

#endif
