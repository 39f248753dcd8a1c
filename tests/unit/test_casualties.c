/* test_casualties.c: the casualties operator's rules, one test per
 * construction and per trap of ops/casualties/README.md, on sentences
 * written for these tests; the document totals; the per-date aggregate and
 * its state file (round trip, canonical bytes, garbage refused). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casualties/casualties_internal.h"
#include "newsmill/nm_analysis.h"

static nm_analyzer *az;
static cas_words *words;
static cas_scratch sc;
static nm_analysis an;
static const char *cur;
static cas_total tot[CAS_NCAT];

static int setup(void **state)
{
    (void)state;
    nm_err err;
    az = nm_analyzer_new();
    return az == NULL || cas_words_new(&words, &err) != 0;
}

static int teardown(void **state)
{
    (void)state;
    nm_analyzer_free(az);
    cas_words_free(words);
    cas_scratch_free(&sc);
    return 0;
}

/* Extracts the mentions of text (document year 2023) and its totals. */
static size_t run(const char *text)
{
    nm_err err;
    cur = text;
    assert_int_equal(nm_analyze(az, text, strlen(text), &an, &err), 0);
    assert_int_equal(cas_extract(words, &an, 2023, &sc, &err), 0);
    cas_totals(sc.m, sc.n, tot);
    return sc.n;
}

/* The k-th mention, checked for category, count (-1: null) and qualifier. */
static const cas_mention *want(size_t k, cas_cat cat, long long count, cas_qual q)
{
    assert_true(k < sc.n);
    const cas_mention *m = &sc.m[k];
    if (m->cat != cat || m->qual != q ||
        (count < 0 ? (m->has_count && q != CAS_Q_VAGUE && q != CAS_Q_RANGE)
                   : (!m->has_count || m->count != count)))
        fail_msg("\"%s\": mention %zu is %s %lld %s, wanted %s %lld %s", cur, k,
                 cas_cat_names[m->cat], (long long)m->count, cas_qual_names[m->qual],
                 cas_cat_names[cat], count, cas_qual_names[q]);
    return m;
}

static void want_figure(const cas_mention *m, const char *figure)
{
    assert_int_equal(m->end - m->start, strlen(figure));
    assert_memory_equal(cur + m->start, figure, strlen(figure));
}

static void want_text(uint32_t s, uint32_t e, const char *text)
{
    if (text == NULL) {
        assert_int_equal(s, e);
        return;
    }
    assert_int_equal(e - s, strlen(text));
    assert_memory_equal(cur + s, text, strlen(text));
}

static void want_total(cas_cat cat, int64_t lo, int64_t best, int64_t hi)
{
    assert_true(tot[cat].present);
    assert_int_equal(tot[cat].low, lo);
    assert_int_equal(tot[cat].best, best);
    assert_int_equal(tot[cat].high, hi);
}

/* ---- constructions ------------------------------------------------------------------ */

static void test_participle(void **unused)
{
    (void)unused;
    assert_int_equal(run("Three soldiers were killed in the ambush on Monday."), 1);
    const cas_mention *m = want(0, CAS_KILLED, 3, CAS_Q_EXACT);
    want_figure(m, "Three");
    want_text(m->vic_start, m->vic_end, "soldiers");
    assert_int_equal(m->vclass, CAS_V_SECURITY);
    assert_true(m->has_low && m->has_high && m->low == 3 && m->high == 3);
    assert_int_equal(m->scope, CAS_S_INCIDENT);
    assert_false(m->negated);
    assert_int_equal(m->part_of, -1);
    want_total(CAS_KILLED, 3, 3, 3);
    assert_int_equal(run("6 dead"), 1);
    want(0, CAS_KILLED, 6, CAS_Q_EXACT);
    assert_int_equal(run("Two militants shot dead in the north"), 1);
    want(0, CAS_KILLED, 2, CAS_Q_EXACT);
}

static void test_active_verb(void **unused)
{
    (void)unused;
    assert_int_equal(run("The car bomb killed at least 12 people near the market."), 1);
    const cas_mention *m = want(0, CAS_KILLED, 12, CAS_Q_AT_LEAST);
    assert_true(m->has_low && m->low == 12 && !m->has_high);
    want_text(m->vic_start, m->vic_end, "people");
    assert_int_equal(run("Rebels attack a convoy, kill 9, abduct 35"), 2);
    want(0, CAS_KILLED, 9, CAS_Q_EXACT);
    want(1, CAS_ABDUCTED, 35, CAS_Q_EXACT);
    assert_int_equal(run("The army said the killing of 22 villagers was unlawful."), 1);
    want(0, CAS_KILLED, 22, CAS_Q_EXACT);
    assert_int_equal(run("Floods and fighting claimed more than 150 lives in August."), 1);
    want(0, CAS_KILLED, 150, CAS_Q_MORE_THAN);
}

static void test_qualifiers(void **unused)
{
    (void)unused;
    run("More than 40 villagers died.");
    const cas_mention *m = want(0, CAS_KILLED, 40, CAS_Q_MORE_THAN);
    assert_true(m->has_low && m->low == 41 && !m->has_high);
    want_figure(m, "40");
    run("About 300 people were wounded.");
    m = want(0, CAS_WOUNDED, 300, CAS_Q_APPROX);
    assert_false(m->has_low || m->has_high);
    run("Nearly 60 people were killed.");
    want(0, CAS_KILLED, 60, CAS_Q_NEARLY);
    run("As many as 50 people may have been detained, she said. Police detained up to 50 people.");
    want(0, CAS_ARRESTED, 50, CAS_Q_UP_TO);
    run("Fewer than 10 people were hurt.");
    m = want(0, CAS_WOUNDED, 10, CAS_Q_FEWER_THAN);
    assert_true(m->has_high && m->high == 9);
    run("Strikes killed between 10 and 15 people.");
    m = want(0, CAS_KILLED, -1, CAS_Q_RANGE);
    assert_true(m->low == 10 && m->high == 15);
    run("20 or more people were killed.");
    want(0, CAS_KILLED, 20, CAS_Q_AT_LEAST);
    run("Dozens of people were injured.");
    m = want(0, CAS_WOUNDED, -1, CAS_Q_VAGUE);
    assert_string_equal(m->vague, "dozens");
    assert_true(m->has_low && m->low == 24);
}

static void test_implicit_one(void **unused)
{
    (void)unused;
    assert_int_equal(run("Officer killed, 4 troops hurt in clash"), 2);
    const cas_mention *m = want(0, CAS_KILLED, 1, CAS_Q_IMPLICIT_ONE);
    want_figure(m, "Officer");
    want(1, CAS_WOUNDED, 4, CAS_Q_EXACT);
    assert_int_equal(run("A journalist was wounded by shrapnel."), 1);
    m = want(0, CAS_WOUNDED, 1, CAS_Q_IMPLICIT_ONE);
    assert_int_equal(m->vclass, CAS_V_JOURNALISTS);
    assert_int_equal(run("A shell hit the street, killing a 9-year-old boy."), 1);
    want(0, CAS_KILLED, 1, CAS_Q_IMPLICIT_ONE);
    /* someone already introduced is no new victim */
    assert_int_equal(run("The woman, 76, and her son were killed."), 0);
}

static void test_coordination(void **unused)
{
    (void)unused;
    assert_int_equal(run("Eight soldiers, over 20 rebels die in clashes"), 2);
    want(0, CAS_KILLED, 8, CAS_Q_EXACT);
    want(1, CAS_KILLED, 20, CAS_Q_MORE_THAN);
    want_total(CAS_KILLED, 29, 29, 29); /* one trigger: the figures add up */
    assert_int_equal(run("The blast killed 37 civilians and nine soldiers."), 2);
    want(1, CAS_KILLED, 9, CAS_Q_EXACT);
    want_total(CAS_KILLED, 46, 46, 46);
}

static void test_two_records_and_combined(void **unused)
{
    (void)unused;
    assert_int_equal(run("The attack killed 4 and wounded 9."), 2);
    want(0, CAS_KILLED, 4, CAS_Q_EXACT);
    want(1, CAS_WOUNDED, 9, CAS_Q_EXACT);
    assert_int_equal(run("1 soldier killed, 5 wounded in bombing"), 2);
    want(1, CAS_WOUNDED, 5, CAS_Q_EXACT);
    assert_int_equal(run("Some 15 people were killed and injured in the city."), 1);
    want(0, CAS_KOW, 15, CAS_Q_APPROX);
    assert_int_equal(run("Shelling killed or wounded 20 soldiers."), 1);
    want(0, CAS_KOW, 20, CAS_Q_EXACT);
    assert_int_equal(run("At least 20 casualties were reported."), 1);
    want(0, CAS_CASUALTIES, 20, CAS_Q_AT_LEAST);
}

static void test_subgroups(void **unused)
{
    (void)unused;
    assert_int_equal(run("An air strike killed 18 people, including seven children."), 2);
    const cas_mention *m = want(1, CAS_KILLED, 7, CAS_Q_EXACT);
    assert_int_equal(m->part_of, 0);
    assert_int_equal(m->vclass, CAS_V_CHILDREN);
    want_total(CAS_KILLED, 18, 18, 18); /* never add a subgroup */
    assert_int_equal(run("249 people died, 17 of whom were tortured."), 2);
    assert_int_equal(want(1, CAS_KILLED, 17, CAS_Q_EXACT)->part_of, 0);
    run("At least 11 civilians were killed, including four children, and 38 wounded.");
    assert_int_equal(want(1, CAS_KILLED, 4, CAS_Q_EXACT)->part_of, 0);
    want(2, CAS_WOUNDED, 38, CAS_Q_EXACT);
}

static void test_scope(void **unused)
{
    (void)unused;
    run("The death toll rose to 46 on Monday. Volunteers had reported 40 dead on Sunday.");
    assert_int_equal(want(0, CAS_KILLED, 46, CAS_Q_EXACT)->scope, CAS_S_CUMULATIVE);
    want(1, CAS_KILLED, 40, CAS_Q_EXACT);
    want_total(CAS_KILLED, 46, 46, 46); /* the cumulative toll wins */
    run("Witnesses: 9 more killed in the capital");
    assert_int_equal(want(0, CAS_KILLED, 9, CAS_Q_EXACT)->scope, CAS_S_INCREMENTAL);
    run("Five people were killed on Monday. Nine more people were killed on Tuesday.");
    want_total(CAS_KILLED, 14, 14, 14); /* an increment adds to the figure before it */
    run("15 fighters killed in 24 hours");
    assert_int_equal(want(0, CAS_KILLED, 15, CAS_Q_EXACT)->scope, CAS_S_PERIOD);
    run("107 were killed yesterday");
    assert_int_equal(want(0, CAS_KILLED, 107, CAS_Q_EXACT)->scope, CAS_S_DAILY);
    run("Yirgou massacre: 210 dead to date");
    assert_int_equal(want(0, CAS_KILLED, 210, CAS_Q_EXACT)->scope, CAS_S_CUMULATIVE);
}

static void test_negation(void **unused)
{
    (void)unused;
    assert_int_equal(run("No one was hurt in the blast."), 1);
    const cas_mention *m = want(0, CAS_WOUNDED, 0, CAS_Q_EXACT);
    assert_true(m->negated);
    want_figure(m, "No one");
    want_total(CAS_WOUNDED, 0, 0, 0);
    assert_int_equal(run("There were no immediate reports of casualties."), 1);
    assert_true(want(0, CAS_CASUALTIES, 0, CAS_Q_EXACT)->negated);
    /* a negated figure never lowers a reported one */
    run("Six soldiers were killed. No civilians were killed.");
    want_total(CAS_KILLED, 6, 6, 6);
    /* a hypothetical is no report */
    assert_int_equal(run("Children should play without being killed."), 0);
}

static void test_hedge_and_source(void **unused)
{
    (void)unused;
    run("Al-Shabab reportedly kills 13 soldiers in ambush");
    assert_int_equal(want(0, CAS_KILLED, 13, CAS_Q_EXACT)->hedge, CAS_H_REPORTEDLY);
    run("The group claimed it had killed 58 soldiers.");
    assert_int_equal(want(0, CAS_KILLED, 58, CAS_Q_EXACT)->hedge, CAS_H_CLAIMED);
    run("It said 100 attackers were killed, a figure that could not be independently verified.");
    assert_int_equal(want(0, CAS_KILLED, 100, CAS_Q_EXACT)->hedge, CAS_H_UNVERIFIED);
    run("Officials said 12 soldiers were killed. The group claimed it had killed 58 soldiers.");
    want_total(CAS_KILLED, 12, 12, 12); /* a claim counts only when nothing else does */
    const cas_mention *m;
    run("Five people were killed, the ombudsman said.");
    m = want(0, CAS_KILLED, 5, CAS_Q_EXACT);
    want_text(m->src_start, m->src_end, "the ombudsman");
    run("210 dead, according to the Collective Against Impunity");
    m = want(0, CAS_KILLED, 210, CAS_Q_EXACT);
    want_text(m->src_start, m->src_end, "the Collective Against Impunity");
    run("At least 26 killed in attack - medical officer");
    want_text(sc.m[0].src_start, sc.m[0].src_end, "medical officer");
    run("UN: 1 dead, at least 20 injured");
    want_text(sc.m[0].src_start, sc.m[0].src_end, "UN");
    run("Twenty people were killed.");
    want_text(sc.m[0].src_start, sc.m[0].src_end, NULL);
}

static void test_other_categories(void **unused)
{
    (void)unused;
    run("More than 28,000 people have fled the region.");
    want(0, CAS_DISPLACED, 28000, CAS_Q_MORE_THAN);
    run("The Red Cross evacuated 23 wounded people to hospitals.");
    want(0, CAS_EVACUATED, 23, CAS_Q_EXACT);
    run("Police arrested 12 protesters on Friday.");
    want(0, CAS_ARRESTED, 12, CAS_Q_EXACT);
    run("Gunmen kidnapped 35 passengers from a bus.");
    want(0, CAS_ABDUCTED, 35, CAS_Q_EXACT);
    run("Two soldiers were missing after the attack.");
    want(0, CAS_MISSING, 2, CAS_Q_EXACT);
    run("Hundreds flee villages after attack");
    want(0, CAS_DISPLACED, -1, CAS_Q_VAGUE);
}

/* ---- traps ---------------------------------------------------------------------------- */

static void test_traps(void **unused)
{
    (void)unused;
    assert_int_equal(run("Moscow deployed about 2,000 peacekeeping troops to the region."), 0);
    assert_int_equal(run("Monitors counted five breaches of the ceasefire overnight."), 0);
    assert_int_equal(run("Over 40 dead in two suicide attacks on mosques"), 1);
    want(0, CAS_KILLED, 40, CAS_Q_MORE_THAN);
    assert_int_equal(run("UPDATE 2-Blast kills 7 in Kabul"), 1);
    want(0, CAS_KILLED, 7, CAS_Q_EXACT);
    assert_int_equal(run("1st LD Writethru: 6 militants killed in attack"), 1);
    want(0, CAS_KILLED, 6, CAS_Q_EXACT);
    assert_int_equal(run("137 killed on Friday 6/02/2015"), 1);
    want(0, CAS_KILLED, 137, CAS_Q_EXACT);
    assert_int_equal(run("A 7-year-old girl was killed."), 1);
    want(0, CAS_KILLED, 1, CAS_Q_IMPLICIT_ONE);
    assert_int_equal(run("At least 10 killed in second mosque attack"), 1);
    assert_int_equal(run("More than 550 airstrikes hit the area on Sunday."), 0);
    assert_int_equal(run("11 sentenced to death in Tehran"), 0);
    assert_int_equal(run("Five gunmen killed three soldiers."), 1);
    want(0, CAS_KILLED, 3, CAS_Q_EXACT);
    assert_int_equal(run("The party captured 19 seats in the election."), 0);
    assert_int_equal(run("It was unclear whether the two suspects had taken any hostages."), 0);
    assert_int_equal(run("Nobody knows how many died in the strikes."), 0);
    /* modal and future statements are no counts */
    assert_int_equal(run("A ground offensive could kill thousands of civilians."), 0);
    assert_int_equal(run("Thousands could be killed if the dam breaks."), 0);
    assert_int_equal(run("They threatened to kill 20 hostages."), 0);
}

static void test_other_event(void **unused)
{
    (void)unused;
    run("An air strike killed 18 people on Monday. The 2020 war killed 6,500 people.");
    want(0, CAS_KILLED, 18, CAS_Q_EXACT);
    assert_true(want(1, CAS_KILLED, 6500, CAS_Q_EXACT)->other_event);
    want_total(CAS_KILLED, 18, 18, 18);
    run("A strike killed 4 people. Fighting since October has killed more than 28,000 people.");
    want_total(CAS_KILLED, 4, 4, 4); /* a period tally is context */
    run("Fighting since October has killed more than 28,000 people.");
    want_total(CAS_KILLED, 28001, 28001, 28001); /* ... unless it is all there is */
}

static void test_totals(void **unused)
{
    (void)unused;
    run("Officials said 20 people were killed. Residents said 30 people were killed.");
    want_total(CAS_KILLED, 20, 20, 30); /* conflict: best = the lead on a tie */
    run("At least 26 killed in attack. The attack killed 26 people. Locals said 30 died.");
    want_total(CAS_KILLED, 26, 26, 30); /* repeats: the most frequent figure is best */
    run("Nothing happened here.");
    for (int c = 0; c < CAS_NCAT; c++)
        assert_false(tot[c].present);
}

/* ---- aggregate ------------------------------------------------------------------------- */

static char *save_text(cas_agg *a)
{
    char *buf = NULL;
    size_t len = 0;
    nm_err err;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(cas_agg_save(a, 42, f, &err), 0);
    fclose(f);
    return buf;
}

static int load_text(cas_agg *a, const char *text)
{
    nm_err err;
    FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
    const int rc = cas_agg_load(a, 42, f, "state", &err);
    fclose(f);
    return rc;
}

static void test_aggregate(void **unused)
{
    (void)unused;
    assert_int_equal(nm_day_key("2024-03-01T10:00:00Z", 20), 20240301u);
    assert_int_equal(nm_day_key("2024-13-01", 10), 0u);
    assert_int_equal(nm_day_key(NULL, 0), 0u);
    cas_total t[CAS_NCAT] = {{0}};
    t[CAS_KILLED] = (cas_total){true, 10, 12, 15};
    cas_agg a = {0}, b = {0}, c = {0};
    assert_int_equal(cas_agg_add(&a, 20240301u, t), 0);
    assert_int_equal(cas_agg_add(&b, 0, t), 0);
    t[CAS_KILLED].present = false;
    assert_int_equal(cas_agg_add(&b, 20240301u, t), 0);
    assert_int_equal(cas_agg_merge(&a, &b), 0);
    char *s1 = save_text(&a);
    assert_int_equal(load_text(&c, s1), 0);
    char *s2 = save_text(&c);
    assert_string_equal(s1, s2); /* canonical */
    assert_true(strncmp(s1, "newsmill-casualties-state 1 000000000000002a\ndays 2\n20240301 2 1 10 12 15",
                        73) == 0);
    cas_agg d = {0};
    assert_int_not_equal(load_text(&d, "garbage\n"), 0);
    cas_agg_free(&d);
    assert_int_not_equal(load_text(&d, "newsmill-casualties-state 1 000000000000002b\ndays 0\nend\n"), 0);
    cas_agg_free(&d);
    assert_int_not_equal(load_text(&d, "newsmill-casualties-state 1 000000000000002a\ndays 1\n"), 0);
    cas_agg_free(&d);
    assert_int_equal(load_text(&d, "newsmill-casualties-state 1 000000000000002a\ndays 0\nend\n"), 0);
    cas_agg_free(&d);
    /* low > best is no aggregate */
    char bad[512];
    snprintf(bad, sizeof bad, "newsmill-casualties-state 1 000000000000002a\ndays 1\n0 1 1 5 4 6%s\nend\n",
             " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    assert_int_not_equal(load_text(&d, bad), 0);
    free(s1);
    free(s2);
    cas_agg_free(&a);
    cas_agg_free(&b);
    cas_agg_free(&c);
    cas_agg_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_participle),
        cmocka_unit_test(test_active_verb),
        cmocka_unit_test(test_qualifiers),
        cmocka_unit_test(test_implicit_one),
        cmocka_unit_test(test_coordination),
        cmocka_unit_test(test_two_records_and_combined),
        cmocka_unit_test(test_subgroups),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_hedge_and_source),
        cmocka_unit_test(test_other_categories),
        cmocka_unit_test(test_traps),
        cmocka_unit_test(test_other_event),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_aggregate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
