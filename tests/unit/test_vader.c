/* test_vader.c: every rule of specs/vader.md, on our own small lexicon and
 * texts, with the expected token valences derived by hand from the spec and
 * written as the spec's own arithmetic (so equality is exact: both sides do
 * the same IEEE operations in the same order). Then the "but" rule's two
 * implementations against the literal definition, the Unicode helpers, and
 * the spec's worked examples (2.14) with VADER's lexicon when ../shared is
 * there (skipped otherwise: the lexicon is not ours to copy). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_text.h"
#include "newsmill/nm_lexicon.h"
#include "sentiment/vader.h"

/* Our test lexicon, in VADER's format (the sd and ratings are ignored). */
static const char LEX[] =
    "good\t2.0\t0.5\t[2, 2]\n"
    "bad\t-2.0\t0.5\t[-2, -2]\n"
    "great\t3.0\t0.5\t[3, 3]\n"
    "fine\t1.5\t0.5\t[1, 2]\n"
    "kind\t2.0\t0.5\t[2, 2]\n"
    "no\t-1.0\t0.5\t[-1, -1]\n"
    "bomb\t-2.0\t0.5\t[-2, -2]\n"
    "stop\t-1.0\t0.5\t[-1, -1]\n"
    "heart\t3.0\t0.5\t[3, 3]\n"
    "doubt\t-1.5\t0.5\t[-1, -2]\n"
    "yeah\t1.0\t0.5\t[1, 1]\n"
    "death\t-2.0\t0.5\t[-2, -2]\n"
    "ok\t1.0\t0.5\t[1, 1]\n"
    "sad\t-1.5\t0.5\t[-1, -2]\n"
    "dull\t-1.0\t0.5\t[-1, -1]\n"
    "n\xc3\xa9\t1.0\t0.5\t[1, 1]\n"
    ":)\t2.0\t0.5\t[2, 2]\n"
    ":D\t2.5\t0.5\t[2, 3]\n"
    "fed up\t-1.8\t0.5\t[-2, -2]\n";

typedef struct fixture {
    nm_lexicon *lex;
    vader_model *m;
    vader_scratch sc;
} fixture;

static void fixture_open(fixture *f, const char *lex, nm_lexicon_format fmt, bool phrases,
                         const char *emoji)
{
    memset(f, 0, sizeof *f);
    nm_err err = {0};
    if (nm_lexicon_parse(lex, strlen(lex), fmt, "test", &f->lex, &err) != 0)
        fail_msg("lexicon: %s", err.msg);
    if (vader_model_new(f->lex, phrases, &f->m, &err) != 0)
        fail_msg("model: %s", err.msg);
    if (emoji && vader_model_parse_emoji(f->m, emoji, strlen(emoji), "emoji", &err) != 0)
        fail_msg("emoji: %s", err.msg);
}

static void fixture_close(fixture *f)
{
    vader_scratch_free(&f->sc);
    vader_model_free(f->m);
    nm_lexicon_free(f->lex);
}

static int setup(void **state)
{
    fixture *f = malloc(sizeof *f);
    fixture_open(f, LEX, NM_LEXICON_VADER, false, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    free(*state);
    return 0;
}

/* Spec 2.9 from valences S and the amplifier. */
static vader_scores expect_scores(const double *S, size_t n, double amp)
{
    vader_scores r = {0.0, 0.0, 0.0, 0.0};
    if (n == 0)
        return r;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum = sum + S[i];
    if (sum > 0)
        sum = sum + amp;
    else if (sum < 0)
        sum = sum - amp;
    r.compound = sum / sqrt(sum * sum + 15);
    double pos_sum = 0.0, neg_sum = 0.0;
    size_t neu = 0;
    for (size_t i = 0; i < n; i++) {
        if (S[i] > 0)
            pos_sum = pos_sum + (S[i] + 1);
        if (S[i] < 0)
            neg_sum = neg_sum + (S[i] - 1);
        if (S[i] == 0)
            neu = neu + 1;
    }
    if (pos_sum > fabs(neg_sum))
        pos_sum = pos_sum + amp;
    else if (pos_sum < fabs(neg_sum))
        neg_sum = neg_sum - amp;
    const double total = (pos_sum + fabs(neg_sum)) + (double)neu;
    r.pos = fabs(pos_sum / total);
    r.neg = fabs(neg_sum / total);
    r.neu = fabs((double)neu / total);
    return r;
}

/* Checks the valences of text and its scores (derived from them). */
static void check_n(fixture *f, const char *text, size_t len, const double *want, size_t n,
                    double amp)
{
    const double *S;
    size_t got_n;
    double got_amp;
    assert_int_equal(vader_valences(f->m, &f->sc, text, len, &S, &got_n, &got_amp), 0);
    if (got_n != n)
        fail_msg("'%s': %zu tokens, want %zu", text, got_n, n);
    for (size_t i = 0; i < n; i++)
        if (!(S[i] == want[i]))
            fail_msg("'%s': S[%zu] = %.17g, want %.17g", text, i, S[i], want[i]);
    if (got_amp != amp)
        fail_msg("'%s': amp %.17g, want %.17g", text, got_amp, amp);
    double S_copy[64];
    memcpy(S_copy, want, n * sizeof *want);
    const vader_scores e = expect_scores(S_copy, n, amp);
    vader_scores v;
    assert_int_equal(vader_score(f->m, &f->sc, text, len, &v), 0);
    if (v.neg != e.neg || v.neu != e.neu || v.pos != e.pos || v.compound != e.compound)
        fail_msg("'%s': scores {%.17g %.17g %.17g %.17g}, want {%.17g %.17g %.17g %.17g}", text,
                 v.neg, v.neu, v.pos, v.compound, e.neg, e.neu, e.pos, e.compound);
}

#define CHECK(f, text, amp, ...)                                                              \
    do {                                                                                      \
        const double want_[] = {__VA_ARGS__};                                                 \
        check_n((f), (text), strlen(text), want_, sizeof want_ / sizeof want_[0], (amp));     \
    } while (0)

static void check_empty(fixture *f, const char *text)
{
    vader_scores v = {1, 1, 1, 1};
    assert_int_equal(vader_score(f->m, &f->sc, text, strlen(text), &v), 0);
    assert_true(v.neg == 0.0 && v.neu == 0.0 && v.pos == 0.0 && v.compound == 0.0);
}

/* 2.9: no tokens, all zero. */
static void test_empty(void **state)
{
    fixture *f = *state;
    check_empty(f, "");
    check_empty(f, "   \t\n\r\x0b\x0c");
    check_empty(f, "\xc2\xa0\xe3\x80\x80"); /* NBSP, ideographic space */
}

/* 2.9 for one word: pos = (2 + 1) / 3. */
static void test_single_word(void **state)
{
    fixture *f = *state;
    CHECK(f, "good", 0.0, 2.0);
    vader_scores v;
    vader_score(f->m, &f->sc, "good", 4, &v);
    assert_true(v.pos == 1.0 && v.neg == 0.0 && v.neu == 0.0);
    assert_true(v.compound == 2.0 / sqrt(2.0 * 2.0 + 15));
    CHECK(f, "the cat", 0.0, 0.0, 0.0); /* all neutral */
    vader_score(f->m, &f->sc, "the cat", 7, &v);
    assert_true(v.neu == 1.0 && v.compound == 0.0);
}

/* 2.4: punctuation stripping, 2-character words, emoticons, code points. */
static void test_punctuation(void **state)
{
    fixture *f = *state;
    CHECK(f, "good.", 0.0, 2.0);
    CHECK(f, "\"good!?\"", 0.292, 2.0); /* one '!' counts; a single '?' does not */
    CHECK(f, "ok", 0.0, 1.0);
    CHECK(f, "ok.", 0.0, 0.0);      /* "ok" has 2 letters: keeps its '.', misses the lexicon */
    CHECK(f, "It is ok.", 0.0, 0.0, 0.0, 0.0);
    CHECK(f, ":)", 0.0, 2.0);       /* "" after stripping: the token stays ":)" */
    CHECK(f, ":D", 0.0, 0.0);       /* lower-cased ":d"; the key ":D" is unreachable */
    CHECK(f, "good,bad", 0.0, 0.0); /* inner punctuation stays: one unknown token */
    CHECK(f, "good -- good", 0.0, 2.0, 0.0, 2.0); /* punctuation-only tokens are neutral */
    CHECK(f, "n\xc3\xa9", 0.0, 1.0);
    CHECK(f, "n\xc3\xa9.", 0.0, 0.0); /* 2 code points (3 bytes): keeps its '.' */
}

/* 2.4: Python's white space set, not C's isspace, not bytes. */
static void test_whitespace_split(void **state)
{
    fixture *f = *state;
    CHECK(f, "very\xc2\xa0good", 0.0, 0.0, 2.0 + 0.293);        /* NBSP splits */
    CHECK(f, "very\xe3\x80\x80good", 0.0, 0.0, 2.0 + 0.293);    /* ideographic space */
    CHECK(f, "very\xc2\x85good", 0.0, 0.0, 2.0 + 0.293);        /* NEL */
    CHECK(f, "very\x1cgood", 0.0, 0.0, 2.0 + 0.293);            /* U+001C */
    CHECK(f, "very\xe2\x80\x83good", 0.0, 0.0, 2.0 + 0.293);    /* EM SPACE */
    CHECK(f, "very\xe2\x80\x8bgood", 0.0, 0.0);                 /* U+200B does not split */
    CHECK(f, "very\xef\xbb\xbfgood", 0.0, 0.0);                 /* nor U+FEFF */
}

/* 2.5 and 2.6 d3: the caps differential. */
static void test_caps(void **state)
{
    fixture *f = *state;
    CHECK(f, "GOOD day", 0.0, 2.0 + 0.733, 0.0);
    CHECK(f, "BAD day", 0.0, -2.0 - 0.733, 0.0);
    CHECK(f, "GOOD", 0.0, 2.0);                 /* all upper: no differential */
    CHECK(f, "I GOOD", 0.0, 0.0, 2.0);          /* "I" is upper too */
    CHECK(f, "GOOD 123 :)", 0.0, 2.0 + 0.733, 0.0, 2.0); /* "123" and ":)" are not upper */
    /* a zero valence (the "no" rule) goes down: 0.0 - 0.733 */
    CHECK(f, "NO good thing", 0.0, 0.0 - 0.733, 2.0 * -0.74, 0.0);
}

/* 2.6 d4: boosters and dampeners, distance damping, caps on boosters. */
static void test_boosters(void **state)
{
    fixture *f = *state;
    CHECK(f, "very good", 0.0, 0.0, 2.0 + 0.293);
    CHECK(f, "very bad", 0.0, 0.0, -2.0 + -0.293);      /* sign follows the valence */
    CHECK(f, "slightly good", 0.0, 0.0, 2.0 + -0.293);
    CHECK(f, "slightly bad", 0.0, 0.0, -2.0 + 0.293);
    CHECK(f, "VERY good day", 0.0, 0.0, 2.0 + (0.293 + 0.733), 0.0);
    /* quirk: an all-caps dampener before a positive word boosts (+0.44) */
    CHECK(f, "SLIGHTLY good day", 0.0, 0.0, 2.0 + (-0.293 + 0.733), 0.0);
    CHECK(f, "very much good", 0.0, 0.0, 0.0, (2.0 + 0.0) + 0.293 * 0.95);
    CHECK(f, "very much much good", 0.0, 0.0, 0.0, 0.0, ((2.0 + 0.0) + 0.0) + 0.293 * 0.9);
    CHECK(f, "very very very good", 0.0, 0.0, 0.0, 0.0,
          ((2.0 + 0.293) + 0.293 * 0.95) + 0.293 * 0.9);
    /* a lexicon word in between blocks the booster at that distance */
    CHECK(f, "very fine good", 0.0, 0.0, 1.5 + 0.293, 2.0 + 0.293 * 0.95);
}

/* 2.6 d4: negation at distances 1, 2, 3; "n't"; the typographic apostrophe. */
static void test_negation(void **state)
{
    fixture *f = *state;
    CHECK(f, "not good", 0.0, 0.0, (2.0 + 0.0) * -0.74);
    CHECK(f, "isn't good", 0.0, 0.0, (2.0 + 0.0) * -0.74);
    CHECK(f, "isnt good", 0.0, 0.0, (2.0 + 0.0) * -0.74);
    CHECK(f, "shouldn't've good", 0.0, 0.0, (2.0 + 0.0) * -0.74); /* contains "n't" */
    CHECK(f, "isn\xe2\x80\x99t good", 0.0, 0.0, 2.0 + 0.0);       /* U+2019: not a negation */
    CHECK(f, "not very good", 0.0, 0.0, 0.0, ((2.0 + 0.293) + 0.0) * -0.74);
    CHECK(f, "not at all good", 0.0, 0.0, 0.0, 0.0, (((2.0 + 0.0) + 0.0) + 0.0) * -0.74);
    CHECK(f, "despite bad", 0.0, 0.0, (-2.0 + 0.0) * -0.74);
}

/* 2.6 d4: "never so/this" (x1.25), its distance-3 quirk, "without doubt". */
static void test_never_so_without_doubt(void **state)
{
    fixture *f = *state;
    CHECK(f, "never good", 0.0, 0.0, (2.0 + 0.0) * -0.74);
    CHECK(f, "never so good", 0.0, 0.0, 0.0, ((2.0 + 0.293) + 0.0) * 1.25);
    CHECK(f, "it is never so good", 0.0, 0.0, 0.0, 0.0, 0.0,
          ((((2.0 + 0.293) + 0.0) * 1.25) + 0.0) * 1.25);
    CHECK(f, "I think this good", 0.0, 0.0, 0.0, 0.0, (((2.0 + 0.0) + 0.0) + 0.0) * 1.25);
    CHECK(f, "without doubt good", 0.0, 0.0, (-1.5 + 0.0) * -0.74, 2.0 + 0.0);
    CHECK(f, "without any doubt good", 0.0, 0.0, 0.0, ((-1.5 + 0.0) + 0.0) * -0.74,
          (2.0 + 0.0) + 0.0);
}

/* 2.6 d1, d2: the "no" rules. */
static void test_no(void **state)
{
    fixture *f = *state;
    CHECK(f, "no good", 0.0, 0.0, 2.0 * -0.74);
    CHECK(f, "no no good", 0.0, 0.0, -1.0 * -0.74, 2.0 * -0.74);
    CHECK(f, "no x or good", 0.0, -1.0, 0.0, 0.0, ((2.0 * -0.74) + 0.0) + 0.0);
    CHECK(f, "good no", 0.0, 2.0, -1.0);        /* last word: no zeroing */
    CHECK(f, "no,", 0.0, 0.0);                  /* "no," keeps its comma: not "no" */
}

/* 2.6 (b) and d5: "kind of", and the multi-word dampeners at index >= 3. */
static void test_kind_of(void **state)
{
    fixture *f = *state;
    CHECK(f, "kind of good", 0.0, 0.0, 0.0, 2.0 + 0.0);
    CHECK(f, "kind", 0.0, 2.0);
    CHECK(f, "it was kind of good", 0.0, 0.0, 0.0, 0.0, 0.0, ((2.0 + 0.0) + 0.0) + -0.293);
    CHECK(f, "it was sort of good", 0.0, 0.0, 0.0, 0.0, 0.0,
          (((2.0 + 0.0) + 0.0) + 0.0) + -0.293);
    CHECK(f, "it was just enough good", 0.0, 0.0, 0.0, 0.0, 0.0,
          (((2.0 + 0.0) + 0.0) + 0.0) + -0.293);
}

/* 2.6 d5: idioms replace the valence, only at index >= 3 after a non-word. */
static void test_idioms(void **state)
{
    fixture *f = *state;
    CHECK(f, "it was the bomb", 0.0, 0.0, 0.0, 0.0, 3.0);
    CHECK(f, "the bomb", 0.0, 0.0, -2.0 + 0.0);
    CHECK(f, "good was the bomb", 0.0, 2.0, 0.0, 0.0, (-2.0 + 0.0) + 0.0);
    CHECK(f, "we waited at the bus stop", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    CHECK(f, "x y z kiss of death", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.5);
    CHECK(f, "x y z yeah right", 0.0, 0.0, 0.0, 0.0, -2.0, 0.0); /* looks forward too */
    CHECK(f, "a b c beating heart", 0.0, 0.0, 0.0, 0.0, 0.0, 3.1);
    CHECK(f, "a b c broken heart", 0.0, 0.0, 0.0, 0.0, 0.0, -2.9);
}

/* 2.6 d6: "least". */
static void test_least(void **state)
{
    fixture *f = *state;
    CHECK(f, "least good", 0.0, 0.0, (2.0 + 0.0) * -0.74);
    CHECK(f, "at least good", 0.0, 0.0, 0.0, (2.0 + 0.0) + 0.0);
    CHECK(f, "the least good", 0.0, 0.0, 0.0, ((2.0 + 0.0) + 0.0) * -0.74);
}

/* 2.7: the "but" rule, first-equal-value semantics, first "but" only. */
static void test_but(void **state)
{
    fixture *f = *state;
    CHECK(f, "good but bad", 0.0, 2.0 * 0.5, 0.0, (-2.0 + 0.0) * 1.5);
    /* 3.0 becomes 1.5, then "fine" (1.5) finds that first: 0.75 and 1.5
     * instead of the positional 1.5 and 2.25. */
    CHECK(f, "great but fine", 0.0, 3.0 * 0.5 * 0.5, 0.0, 1.5 + 0.0);
    CHECK(f, "good but bad but good", 0.0, 2.0 * 0.5, 0.0, (-2.0 + 0.0) * 1.5, 0.0,
          ((2.0 + 0.0) + 0.0) * 1.5);
}

/* The literal definition: for each k, the first index holding S[k]. */
static void but_literal(double *S, size_t n, size_t bi)
{
    for (size_t k = 0; k < n; k++) {
        const double val = S[k];
        size_t j = 0;
        while (S[j] != val)
            j++;
        if (j < bi)
            S[j] = val * 0.5;
        else if (j > bi)
            S[j] = val * 1.5;
    }
}

static void test_but_implementations(void **unused)
{
    (void)unused;
    const double pool[] = {0.0, 0.0, 0.0, 2.0, 1.0, 0.5, 3.0, 1.5, 0.75, 4.5, 2.25, -1.0, -2.0, -1.5,
                           -3.0, -0.75, 1.9, 0.95, 2.85, -0.0};
    const size_t np = sizeof pool / sizeof pool[0];
    uint64_t rng = 12345;
    for (int trial = 0; trial < 3000; trial++) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        const size_t n = 1 + (size_t)(rng >> 33) % (trial < 2000 ? 40 : 400);
        double a[400], b[400], c[400];
        for (size_t i = 0; i < n; i++) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            a[i] = pool[(rng >> 33) % np];
        }
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        const size_t bi = (size_t)(rng >> 33) % n;
        memcpy(b, a, n * sizeof *a);
        memcpy(c, a, n * sizeof *a);
        uint32_t *aux = malloc(vader_but_aux_size(n) * sizeof *aux);
        but_literal(a, n, bi);
        vader_but_scan(b, n, bi, aux);
        vader_but_indexed(c, n, bi, aux);
        for (size_t i = 0; i < n; i++) {
            /* equal as values: a zero's sign never matters downstream */
            if (a[i] != b[i] || a[i] != c[i])
                fail_msg("trial %d n %zu bi %zu: position %zu: %g %g %g", trial, n, bi, i, a[i],
                         b[i], c[i]);
        }
        free(aux);
    }
}

/* 2.8: the punctuation amplifier. */
static void test_amplifier(void **state)
{
    fixture *f = *state;
    CHECK(f, "good!", 1 * 0.292, 2.0);
    CHECK(f, "good!!!!!!", 4 * 0.292, 2.0);    /* capped at 4 */
    CHECK(f, "good?", 0.0, 2.0);               /* one '?' adds nothing */
    CHECK(f, "good??", 2 * 0.18, 2.0);
    CHECK(f, "good???", 3 * 0.18, 2.0);
    CHECK(f, "good????", 0.96, 2.0);
    CHECK(f, "good!??", 1 * 0.292 + 2 * 0.18, 2.0);
    CHECK(f, "bad!", 1 * 0.292, -2.0);
    CHECK(f, "x!! y", 2 * 0.292, 0.0, 0.0);    /* no sentiment: compound stays 0 */
    vader_scores v;
    vader_score(f->m, &f->sc, "x!! y", 5, &v);
    assert_true(v.compound == 0.0 && v.neu == 1.0);
    /* 2.9: the amplifier goes to the larger side, even against the sum's sign */
    CHECK(f, "great sad dull!", 0.292, 3.0, -1.5, -1.0);
    vader_score(f->m, &f->sc, "great sad dull!", 15, &v);
    assert_true(v.compound > 0 && v.neg > v.pos);
}

/* 2.3: emoji substitution. */
static const char EMOJI[] = "\xe2\x9d\xa4\tred heart\n"            /* U+2764 */
                            "\xf0\x9f\x98\x80\tgrinning face\n"    /* U+1F600 */
                            "\xf0\x9f\x94\x9b\tON! arrow\n"        /* U+1F51B */
                            "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\tthumbs up: medium skin tone\n"
                            "\xc2\xa9\tcopyright\n";

static void test_emoji(void **unused)
{
    (void)unused;
    fixture f;
    fixture_open(&f, LEX, NM_LEXICON_VADER, false, EMOJI);
    assert_int_equal(vader_model_emoji_count(f.m), 4); /* the two-code-point key is dropped */
    CHECK(&f, "I \xe2\x9d\xa4 it", 0.0, 0.0, 0.0, 3.0, 0.0);       /* I red heart it */
    CHECK(&f, "I \xe2\x9d\xa4\xef\xb8\x8f it", 0.0, 0.0, 0.0, 0.0, 0.0); /* heart+FE0F */
    CHECK(&f, "I\xe2\x9d\xa4it", 0.0, 0.0, 0.0, 0.0);     /* "I red heartit": no space after */
    CHECK(&f, "\xe2\x9d\xa4\xe2\x9d\xa4", 0.0, 0.0, 3.0, 0.0, 3.0); /* a space between two */
    CHECK(&f, "\xf0\x9f\x94\x9b good", 0.292, 0.0, 0.0, 2.0);  /* "ON! arrow good": one '!' */
    CHECK(&f, "\xc2\xa9 2024", 0.0, 0.0, 0.0);
    /* a tab before an emoji is not an ASCII space: a space is inserted */
    CHECK(&f, "x\t\xe2\x9d\xa4", 0.0, 0.0, 0.0, 3.0);
    fixture_close(&f);
    /* without an emoji lexicon, emoji are plain characters */
    fixture g;
    fixture_open(&g, LEX, NM_LEXICON_VADER, false, NULL);
    CHECK(&g, "I \xe2\x9d\xa4 it", 0.0, 0.0, 0.0, 0.0);
    fixture_close(&g);
    /* emoji lexicon errors */
    fixture h;
    fixture_open(&h, LEX, NM_LEXICON_VADER, false, NULL);
    nm_err err = {0};
    assert_int_equal(vader_model_parse_emoji(h.m, "x\ty\nnotab\n", 10, "e.txt", &err), NM_EFORMAT);
    assert_non_null(strstr(err.msg, "e.txt:2:"));
    nm_err_clear(&err);
    assert_int_equal(vader_model_load_emoji(h.m, "/nonexistent/emoji.txt", &err), NM_EIO);
    fixture_close(&h);
}

/* 2.12: Python's isupper and lower, and the white-space set. */
static void test_unicode(void **unused)
{
    (void)unused;
    struct {
        const char *s;
        bool upper;
    } up[] = {
        {"I", true},           {"OK!", true},         {"3D", true},
        {":)", false},         {"123", false},        {"", false},
        {"Good", false},       {"\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91", true}, /* ΑΘΗΝΑ */
        {"\xc3\x89\xc3\x89", true},                   /* ÉÉ */
        {"\xc7\x85", false},                          /* ǅ titlecase */
        {"A\xc7\x85", false},
        {"\xe2\x85\xab", true},                       /* Ⅻ: Other_Uppercase */
        {"A\xe2\x93\x90", false},                     /* ⓐ: Other_Lowercase */
        {"A\xc2\xaa", false},                         /* ª: Other_Lowercase */
        {"\xe5\xa4\xa7" "A", true},                      /* uncased CJK is ignored */
    };
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++)
        if (vader_isupper(up[i].s, strlen(up[i].s)) != up[i].upper)
            fail_msg("isupper('%s') should be %d", up[i].s, up[i].upper);
    char out[64];
    size_t n = vader_lower("\xe2\x84\xaaIND", 6, out); /* KELVIN SIGN -> k */
    assert_int_equal(n, 4);
    assert_memory_equal(out, "kind", 4);
    n = vader_lower("\xc4\xb0", 2, out);                /* İ -> i + U+0307 */
    assert_int_equal(n, 3);
    assert_memory_equal(out, "i\xcc\x87", 3);
    n = vader_lower("\xc3\x89" "COLE", 6, out);
    assert_memory_equal(out, "\xc3\xa9" "cole", n);
    const char *spaces[] = {"\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1f", " ", "\xc2\x85",
                            "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x8a",
                            "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f",
                            "\xe3\x80\x80"};
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        assert_int_equal(nm_text_space_at(spaces[i], strlen(spaces[i])), strlen(spaces[i]));
    const char *not_spaces[] = {"\xe2\x80\x8b", "\xef\xbb\xbf", "\xe1\xa0\x8e", "a", "\x1b",
                                "\xc2\xa1", "\xe2\x80\x8c"};
    for (size_t i = 0; i < sizeof not_spaces / sizeof not_spaces[0]; i++)
        assert_int_equal(nm_text_space_at(not_spaces[i], strlen(not_spaces[i])), 0);
}

/* Non-VADER lexicons: multi-word keys matched on tokens (value on the first
 * token, the rest neutral); VADER's format keeps them unreachable. */
static void test_phrases(void **unused)
{
    (void)unused;
    fixture f;
    fixture_open(&f, "good\t2\nfed up\t-1.8\nfed\t0.5\n", NM_LEXICON_TSV, true, NULL);
    CHECK(&f, "I am fed up", 0.0, 0.0, 0.0, -1.8, 0.0);
    CHECK(&f, "not fed up", 0.0, 0.0, (-1.8 + 0.0) * -0.74, 0.0);
    CHECK(&f, "fed", 0.0, 0.5);
    /* VADER's 2-character rule: "up!" keeps its '!', so the phrase misses */
    CHECK(&f, "fed up!", 0.292, 0.5, 0.0);
    fixture_close(&f);
    fixture g;
    fixture_open(&g, LEX, NM_LEXICON_VADER, false, NULL);
    CHECK(&g, "I am fed up", 0.0, 0.0, 0.0, 0.0, 0.0);
    fixture_close(&g);
}

/* 2.14: the worked examples, with VADER's own lexicon (read, never copied). */
static void test_worked_examples(void **unused)
{
    (void)unused;
    char path[1024];
    const char *shared = getenv("NEWSMILL_SHARED");
    const char *src = getenv("NM_SOURCE_DIR");
    if (shared)
        snprintf(path, sizeof path, "%s/sentiment/vader_lexicon.txt", shared);
    else if (src)
        snprintf(path, sizeof path, "%s/../shared/sentiment/vader_lexicon.txt", src);
    else
        snprintf(path, sizeof path, "%s/../../../shared/sentiment/vader_lexicon.txt", NM_TEST_DATA);
    FILE *probe = fopen(path, "r");
    if (probe == NULL) {
        printf("skipped: %s not found\n", path);
        skip();
    }
    fclose(probe);
    nm_lexicon *lex = NULL;
    vader_model *m = NULL;
    vader_scratch sc = {0};
    nm_err err = {0};
    assert_int_equal(nm_lexicon_load(path, NM_LEXICON_AUTO, &lex, &err), 0);
    assert_int_equal(nm_lexicon_count(lex), 7506);
    assert_int_equal(vader_model_new(lex, false, &m, &err), 0);
    const struct {
        const char *text, *want;
    } ex[] = {
        {"The book was kind of good.", "0.000 0.657 0.343 0.3832"},
        {"At least it isn't a horrible book.", "0.000 0.678 0.322 0.4310"},
        {"The plot was good, but the characters are uncompelling and the dialog is not great.",
         "0.327 0.579 0.094 -0.7042"},
        {"Today SUX!", "0.779 0.221 0.000 -0.5461"},
        {":) and :D", "0.000 0.124 0.876 0.7925"},
        {"Officials said 12 people were killed and 40 wounded in the attack.",
         "0.432 0.568 0.000 -0.8225"},
        {"The ceasefire brought hope, but fighting resumed.", "0.319 0.490 0.191 -0.3182"},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        vader_scores v;
        assert_int_equal(vader_score(m, &sc, ex[i].text, strlen(ex[i].text), &v), 0);
        char got[128];
        snprintf(got, sizeof got, "%.3f %.3f %.3f %.4f", v.neg, v.neu, v.pos, v.compound);
        if (strcmp(got, ex[i].want) != 0)
            fail_msg("'%s': got %s, want %s", ex[i].text, got, ex[i].want);
    }
    vader_scratch_free(&sc);
    vader_model_free(m);
    nm_lexicon_free(lex);
}

/* Long texts: the scratch grows and the indexed "but" path runs. */
static void test_long_text(void **state)
{
    fixture *f = *state;
    const size_t reps = 3000;
    char *text = malloc(reps * 16 + 16);
    size_t len = 0;
    len += (size_t)sprintf(text, "but ");
    for (size_t i = 0; i < reps; i++)
        len += (size_t)sprintf(text + len, "%s ", i % 3 == 0 ? "good" : i % 3 == 1 ? "x" : "fine");
    const double *S;
    size_t n;
    double amp;
    assert_int_equal(vader_valences(f->m, &f->sc, text, len, &S, &n, &amp), 0);
    assert_int_equal(n, reps + 1);
    vader_scores v;
    assert_int_equal(vader_score(f->m, &f->sc, text, len, &v), 0);
    assert_true(v.compound > 0.99 && v.compound <= 1.0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_punctuation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitespace_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boosters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_never_so_without_doubt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kind_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idioms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_least, setup, teardown),
        cmocka_unit_test_setup_teardown(test_but, setup, teardown),
        cmocka_unit_test(test_but_implementations),
        cmocka_unit_test_setup_teardown(test_amplifier, setup, teardown),
        cmocka_unit_test(test_emoji),
        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_worked_examples),
        cmocka_unit_test_setup_teardown(test_long_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
