/* test_stance_context.c: the given-target stance scorer (ops/stance/stance_context.h),
 * one test per rule, on a small lexicon of our own so that the expectations
 * do not move with the built-in lexicon; plus the built-in lexicon on a few
 * plain sentences, and degenerate spans. */
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
#include "stance/stance_context.h"

extern const char nm_sentiment_builtin_lexicon[];
extern const size_t nm_sentiment_builtin_lexicon_len;

static const char LEX[] = "liar\t-2.5\n"
                          "great\t3.1\n"
                          "good\t1.9\n"
                          "disaster\t-3.0\n"
                          "criticized\t-1.7\n"
                          "accused\t-1.9\n"
                          "fraud\t-2.8\n"
                          "lied\t-2.3\n"
                          "terrible\t-3.1\n"
                          "fair\t1.3\n"
                          "brilliant\t3.0\n"
                          "praised\t2.5\n"
                          "collapsed\t-2.0\n"
                          "war crimes\t-3.8\n";

static nm_lexicon *lex;
static nm_lexicon *builtin;
static nm_analyzer *az;

static int setup(void **state)
{
    (void)state;
    nm_err err = { 0 };
    if (nm_lexicon_parse(LEX, strlen(LEX), NM_LEXICON_TSV, "test", &lex, &err) != 0)
        return -1;
    if (nm_lexicon_parse(nm_sentiment_builtin_lexicon, nm_sentiment_builtin_lexicon_len,
                         NM_LEXICON_TSV, "builtin", &builtin, &err) != 0)
        return -1;
    az = nm_analyzer_new();
    return az ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nm_analyzer_free(az);
    nm_lexicon_free(lex);
    nm_lexicon_free(builtin);
    return 0;
}

/* The score of the text toward the nth (0-based) occurrence of target. */
static double score_nth(const nm_lexicon *lx, const char *text, const char *target, int nth)
{
    const char *at = strstr(text, target);
    for (int i = 0; i < nth && at; i++)
        at = strstr(at + 1, target);
    if (!at)
        fail_msg("'%s' not in '%s'", target, text);
    nm_analysis an;
    nm_err err = { 0 };
    if (nm_analyze(az, text, strlen(text), &an, &err) != 0)
        fail_msg("analyze: %s", err.msg);
    const size_t start = (size_t)(at - text);
    const double s = stance_context_score(lx, text, &an, start, start + strlen(target));
    assert_true(s >= -1.0 && s <= 1.0);
    return s;
}

static double score(const char *text, const char *target)
{
    return score_nth(lex, text, target, 0);
}

static int label(const char *text, const char *target)
{
    return stance_context_label(score(text, target));
}

static void test_window(void **state)
{
    (void)state;
    assert_int_equal(label("Smith is a liar.", "Smith"), -1);
    assert_int_equal(label("Smith is a great mayor.", "Smith"), 1);
    /* nearer words weigh more */
    assert_true(score("Smith is great and the weather in the north of the city is a disaster.", "Smith") > 0);
    /* phrases of the lexicon are matched */
    assert_int_equal(label("Smith was charged with war crimes.", "Smith"), -1);
}

static void test_negation(void **state)
{
    (void)state;
    const double pos = score("Smith is good.", "Smith");
    const double neg = score("Smith is not good.", "Smith");
    const double nt = score("Smith isn't good.", "Smith");
    assert_true(pos > 0);
    assert_true(neg < 0);
    assert_true(nt < 0);
    /* a clause boundary ends the negator's scope */
    assert_true(score("Smith did not stop, good.", "Smith") > 0);
}

static void test_quote_speaker(void **state)
{
    (void)state;
    /* the speaker of a quote is not its object: "X said" alone is neutral */
    assert_int_equal(label("\"The plan is a disaster,\" Smith said.", "Smith"), 0);
    assert_int_equal(label("\xe2\x80\x9cThe plan is a disaster,\xe2\x80\x9d said Smith.", "Smith"), 0);
    assert_int_equal(label("Smith said the plan is a disaster.", "Smith"), 0);
    assert_int_equal(label("Smith has also said that the plan was a terrible disaster.", "Smith"), 0);
    assert_int_equal(label("According to Smith, the plan is a disaster.", "Smith"), 0);
    assert_int_equal(label("Jones told Smith the plan was a disaster.", "Smith"), 0);
    assert_int_equal(label("Smith: the plan is a disaster", "Smith"), 0);
    /* ... but the subject of what is said is its object */
    assert_int_equal(label("Jones said Smith lied.", "Smith"), -1);
    assert_int_equal(label("\"Smith is a liar,\" Jones said.", "Smith"), -1);
    /* a quote said by someone else about the target counts, at a discount */
    const double in_quote = score("Jones said of Smith: \"a disaster\".", "Smith");
    assert_true(in_quote < 0);
    assert_true(in_quote > score("Jones said of Smith: a disaster.", "Smith"));
}

static void test_passive_and_object(void **state)
{
    (void)state;
    assert_int_equal(label("Smith was criticized by Jones.", "Smith"), -1);
    assert_int_equal(label("Jones criticized Smith.", "Smith"), -1);
    assert_int_equal(label("Jones accused Smith of fraud.", "Smith"), -1);
    assert_int_equal(label("Jones praised Smith.", "Smith"), 1);
    /* stance words the sentiment lexicon lacks */
    assert_int_equal(label("Thousands marched against Smith.", "Smith"), -1);
    assert_int_equal(label("The party backed Smith.", "Smith"), 1);
    /* hyphenated sides */
    assert_int_equal(label("An anti-Smith rally was held.", "Smith"), -1);
    assert_int_equal(label("A pro-Smith rally was held.", "Smith"), 1);
}

static void test_subject_cues(void **state)
{
    (void)state;
    /* distancing verbs right after the target count toward it */
    assert_int_equal(label("Smith claimed the vote was fair.", "Smith"), -1);
    assert_int_equal(label("Smith denied the report.", "Smith"), -1);
    assert_int_equal(label("Smith should resign.", "Smith"), -1);
}

static void test_clauses(void **state)
{
    (void)state;
    const double joined = score("Smith arrived and the economy collapsed.", "Smith");
    const double split = score("Smith arrived, but the economy collapsed.", "Smith");
    assert_true(joined < split && split < 0);
    /* a relative clause right after the target describes it */
    const double rel = score("Smith, who lied, arrived.", "Smith");
    const double other = score("Smith arrived, which lied.", "Smith");
    assert_true(rel < other);
}

static void test_neutral_band(void **state)
{
    (void)state;
    assert_true(score("Smith went to Boston on Monday.", "Smith") == 0.0);
    assert_int_equal(label("Smith went to Boston on Monday.", "Smith"), 0);
    assert_int_equal(stance_context_label(0.0), 0);
    assert_int_equal(stance_context_label(-0.9), -1);
    assert_int_equal(stance_context_label(0.9), 1);
    /* the band is narrow and lies around zero */
    assert_int_equal(stance_context_label(-0.01), 0);
    assert_int_equal(stance_context_label(0.5), 1);
    assert_int_equal(stance_context_label(-0.5), -1);
}

static void test_spans(void **state)
{
    (void)state;
    nm_analysis an;
    nm_err err = { 0 };
    /* no tokens */
    assert_int_equal(nm_analyze(az, "", 0, &an, &err), 0);
    assert_true(stance_context_score(lex, "", &an, 0, 0) == 0.0);
    /* empty span, span past the end, span over two sentences, span in a gap */
    const char *t = "Smith is a liar. Jones is great.";
    assert_int_equal(nm_analyze(az, t, strlen(t), &an, &err), 0);
    const size_t len = strlen(t);
    assert_true(stance_context_score(lex, t, &an, 0, 0) < 0);
    assert_true(stance_context_score(lex, t, &an, len, len) > 0);
    assert_true(stance_context_score(lex, t, &an, 0, len) < 0);
    assert_true(stance_context_score(lex, t, &an, 16, 17) > 0);
    /* a long sentence: the window is bounded */
    char buf[8192];
    size_t w = 0;
    for (int i = 0; i < 900; i++)
        w += (size_t)snprintf(buf + w, sizeof buf - w, "a ");
    snprintf(buf + w, sizeof buf - w, "Smith is great and \"a disaster.");
    assert_int_equal(nm_analyze(az, buf, strlen(buf), &an, &err), 0);
    const char *s = strstr(buf, "Smith");
    const size_t st = (size_t)(s - buf);
    const double v = stance_context_score(lex, buf, &an, st, st + 5);
    assert_true(v > -1.0 && v < 1.0);
}

static void test_builtin_lexicon(void **state)
{
    (void)state;
    assert_int_equal(stance_context_label(score_nth(builtin, "The senator lied to voters and was indicted.", "The senator", 0)), -1);
    assert_int_equal(stance_context_label(score_nth(builtin, "Voters praised the mayor for her excellent work.", "the mayor", 0)), 1);
    assert_int_equal(stance_context_label(score_nth(builtin, "The mayor said the city will hold a meeting on Tuesday.", "The mayor", 0)), 0);
    assert_int_equal(stance_context_label(score_nth(builtin, "\"The flooding was a disaster for the farmers,\" the mayor said.", "the mayor", 0)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_quote_speaker),
        cmocka_unit_test(test_passive_and_object),
        cmocka_unit_test(test_subject_cues),
        cmocka_unit_test(test_clauses),
        cmocka_unit_test(test_neutral_band),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_builtin_lexicon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
