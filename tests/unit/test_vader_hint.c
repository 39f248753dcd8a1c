/* test_vader_hint.c: the shortcuts the sentiment operator takes around the
 * VADER scorer must not change a single bit of its scores:
 * - hints (vader_scratch.hint): lookups of the analysis tokens reused for
 *   the white-space tokens spanning the same ASCII bytes; every text is
 *   scored with and without them, per sentence and whole, and compared
 *   bytewise, with all hints known and with some left unknown;
 * - the phrase pair filter (vader_pair_maybe) has no false negatives: every
 *   phrase of a lexicon passes for its first two words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"
#include "sentiment/vader_internal.h"

extern const char nm_sentiment_builtin_lexicon[];
extern const size_t nm_sentiment_builtin_lexicon_len;

static const char LEX[] = "good\t2.0\n"
                          "bad\t-2.0\n"
                          "great\t3.0\n"
                          "no\t-1.0\n"
                          "heart\t3.0\n"
                          "fed up\t-1.8\n"
                          "good news\t2.5\n"
                          "good grief\t-1.0\n"
                          "in vain\t-1.5\n"
                          "in  the clear\t1.2\n"
                          "n\xc3\xa9\t1.0\n"
                          ":)\t2.0\n";

static const char *const TEXTS[] = {
    "Good news! The team was fed up, but it was GREAT. No doubt.",
    "IN VAIN they tried; in the clear at last: good grief, good... news?",
    "I don't think it's bad. It isn't good either!!! Really?? NO.",
    "Caf\xc3\xa9 n\xc3\xa9 good :) (good) \"bad\" fed-up fed\nup.\n\nIn vain.",
    "Kind of good, sort of bad. The shit. Bad ass. Kiss of death. Yeah right.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa good",
    "U.S. officials said: \xe2\x80\x9cgood\xe2\x80\x9d \xe2\x80\x99\x62\x61\x64\xe2\x80\x99 don\xe2\x80\x99t.",
    "",
    "   ",
};

static void fill_hints(const vader_model *m, const nm_analysis *an, vader_hint *h, size_t skip)
{
    for (size_t i = 0; i < an->n_tokens; i++) {
        const nm_token *t = &an->tokens[i];
        h[i].known = 0;
        if (t->form_len > m->max_key_len || (skip && i % skip == 0))
            continue;
        uint64_t ka, kb;
        h[i].h = vader_key(t->form, t->form_len, &ka, &kb);
        h[i].w = vader_word_find(m, t->form, t->form_len);
        h[i].known = 1;
    }
}

static void score_all(const vader_model *m, vader_scratch *sc, const nm_analysis *an,
                      vader_scores *out)
{
    assert_int_equal(vader_score(m, sc, an->text, an->text_len, &out[0]), 0);
    sc->hint_cur = 0; /* scoring restarts from the text's beginning */
    for (size_t s = 0; s < an->n_sentences && s < 15; s++)
        assert_int_equal(vader_score(m, sc, an->text + an->sentences[s].start,
                                     an->sentences[s].end - an->sentences[s].start, &out[1 + s]),
                         0);
}

static void check_lexicon(const char *lex, nm_lexicon_format fmt, bool phrases)
{
    nm_err err = {0};
    nm_lexicon *lx = NULL;
    vader_model *m = NULL;
    assert_int_equal(nm_lexicon_parse(lex, strlen(lex), fmt, "test", &lx, &err), 0);
    assert_int_equal(vader_model_new(lx, phrases, &m, &err), 0);
    nm_analyzer *az = nm_analyzer_new();
    assert_non_null(az);
    vader_scratch sc;
    memset(&sc, 0, sizeof sc);
    for (size_t t = 0; t < sizeof TEXTS / sizeof TEXTS[0]; t++) {
        nm_analysis an;
        assert_int_equal(nm_analyze(az, TEXTS[t], strlen(TEXTS[t]), &an, &err), 0);
        vader_scores plain[16], hinted[16];
        memset(plain, 0, sizeof plain);
        sc.hint = NULL;
        score_all(m, &sc, &an, plain);
        vader_hint *h = calloc(an.n_tokens + 1, sizeof *h);
        assert_non_null(h);
        for (size_t skip = 0; skip < 4; skip++) {
            fill_hints(m, &an, h, skip);
            memset(hinted, 0, sizeof hinted);
            sc.hint = h;
            sc.hint_tok = an.tokens;
            sc.hint_n = an.n_tokens;
            sc.hint_cur = 0;
            sc.hint_text = an.text;
            score_all(m, &sc, &an, hinted);
            sc.hint = NULL;
            if (memcmp(plain, hinted, sizeof plain) != 0)
                fail_msg("text %zu (skip %zu): hinted scores differ", t, skip);
        }
        free(h);
    }
    vader_scratch_free(&sc);
    nm_analyzer_free(az);
    vader_model_free(m);
    nm_lexicon_free(lx);
}

static void test_hints_equal(void **state)
{
    (void)state;
    check_lexicon(LEX, NM_LEXICON_TSV, true);
    check_lexicon(LEX, NM_LEXICON_TSV, false);
    char *big = malloc(nm_sentiment_builtin_lexicon_len + 1);
    assert_non_null(big);
    memcpy(big, nm_sentiment_builtin_lexicon, nm_sentiment_builtin_lexicon_len);
    big[nm_sentiment_builtin_lexicon_len] = '\0';
    check_lexicon(big, NM_LEXICON_TSV, true);
    free(big);
}

/* Every phrase's first two words (split at runs of spaces) pass the filter. */
static void check_pairs(const char *text, size_t len)
{
    nm_err err = {0};
    nm_lexicon *lx = NULL;
    vader_model *m = NULL;
    assert_int_equal(nm_lexicon_parse(text, len, NM_LEXICON_TSV, "test", &lx, &err), 0);
    assert_int_equal(vader_model_new(lx, true, &m, &err), 0);
    size_t checked = 0;
    for (size_t i = 0; i < nm_lexicon_count(lx); i++) {
        const char *k;
        size_t n;
        double v;
        nm_lexicon_entry(lx, i, &k, &n, &v);
        size_t b1 = 0, e1, b2, e2;
        while (b1 < n && k[b1] == ' ')
            b1++;
        for (e1 = b1; e1 < n && k[e1] != ' '; e1++)
            ;
        for (b2 = e1; b2 < n && k[b2] == ' '; b2++)
            ;
        for (e2 = b2; e2 < n && k[e2] != ' '; e2++)
            ;
        if (e1 == b1 || e2 == b2)
            continue;
        uint64_t ka, kb;
        const uint64_t h1 = vader_key(k + b1, e1 - b1, &ka, &kb);
        const uint64_t h2 = vader_key(k + b2, e2 - b2, &ka, &kb);
        assert_true(vader_pair_maybe(m, h1, h2));
        checked++;
    }
    assert_int_equal(checked, nm_lexicon_phrase_count(lx));
    vader_model_free(m);
    nm_lexicon_free(lx);
}

static void test_pair_filter(void **state)
{
    (void)state;
    check_pairs(LEX, strlen(LEX));
    check_pairs(nm_sentiment_builtin_lexicon, nm_sentiment_builtin_lexicon_len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hints_equal),
        cmocka_unit_test(test_pair_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
