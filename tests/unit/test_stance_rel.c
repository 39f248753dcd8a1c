/* test_stance_rel.c: the stance operator's relations that are not "subject
 * verb object" (ops/stance/stance_rel_forms.c), on sentences written for
 * these tests with a small dictionary of their own: nominal forms ("Russia's
 * condemnation of"), "X-backed Y", pro-/anti-, reciprocal verbs and "talks
 * between", and the accusation read into reported attacks ("X said Y
 * shelled"); with the traps each one must not fall into. */
#include "stance_fixture.h"

static const char test_dict[] =
    "ARM\tname\tarmenia\t-\t-\t-\t-\n"
    "ARM\tadj\tarmenian\t-\t-\t-\tamb_ethnic\n"
    "ARM\tleader\tnikol pashinyan\t2018-05-08\t-\tGOV\t-\n"
    "ARM\tleader\tpashinyan\t2018-05-08\t-\tGOV\tsurname\n"
    "AZE\tname\tazerbaijan\t-\t-\t-\t-\n"
    "AZE\tadj\tazerbaijani\t-\t-\t-\tamb_ethnic\n"
    "AZE\tleader\tilham aliyev\t2003-10-31\t-\tGOV\t-\n"
    "AZE\tleader\taliyev\t2003-10-31\t-\tGOV\tsurname\n"
    "TUR\tname\tturkey\t-\t-\t-\tcap\n"
    "TUR\tadj\tturkish_\t-\t-\t-\t-\n"
    "RUS\tname\trussia\t-\t-\t-\t-\n"
    "RUS\tadj\trussian\t-\t-\t-\t-\n"
    "RUS\tcapital\tmoscow\t-\t-\tGOV\tmetonym\n"
    "FRA\tname\tfrance\t-\t-\t-\t-\n"
    "IRN\tname\tiran\t-\t-\t-\t-\n"
    "IRN\tadj\tiranian\t-\t-\t-\t-\n"
    "USA\tname\tunited states\t-\t-\t-\t-\n"
    "USA\tadj\tamerican\t-\t-\t-\tamb_ethnic\n"
    "SAU\tname\tsaudi arabia\t-\t-\t-\t-\n"
    "YEMHTH\torg\thouthis\t-\t-\t-\t-\n"
    "LBNHZB\torg\thezbollah\t-\t-\t-\t-\n"
    "~GOV\tagent\tgovernment\t-\t-\tGOV\t-\n"
    "~MIL\tagent\ttroops\t-\t-\tMIL\t-\n";

static int setup(void **state)
{
    (void)state;
    return fixture_setup(test_dict);
}

/* The relation src -> tgt with the lemma has this code (NULL: none). */
static void want_code(const st_relation *r, const char *code)
{
    if (code == NULL ? r->code != NULL : (r->code == NULL || strcmp(r->code, code) != 0))
        fail_msg("\"%s\": code %s, wanted %s", cur, r->code ? r->code : "null",
                 code ? code : "null");
}

/* No relation src -> tgt at all. */
static void want_no_rel(const char *src, const char *tgt)
{
    for (size_t i = 0; i < sc.n_r; i++)
        if (strcmp(sc.m[sc.r[i].src].code, src) == 0 && strcmp(sc.m[sc.r[i].tgt].code, tgt) == 0) {
            dump();
            fail_msg("\"%s\": unwanted relation %s -> %s %s", cur, src, tgt,
                     st_verbs[sc.r[i].verb].lemma);
        }
}

static void test_nominal(void **state)
{
    (void)state;
    run("Russia's condemnation of Azerbaijan surprised no one.");
    want_code(want_rel("RUS", "AZE", "condemnation of", -1), "11");
    want_n_rels(1);
    run("Turkey's strong support for Azerbaijan and Iran is well known.");
    want_code(want_rel("TUR", "AZE", "support for", 1), "05");
    want_rel("TUR", "IRN", "support for", 1);
    run("Iran's backing of the Houthis worries Saudi Arabia.");
    want_rel("IRN", "YEMHTH", "backing for", 1);
    run("The condemnation of Armenia by France was swift.");
    want_rel("FRA", "ARM", "condemnation of", -1);
    run("Nikol Pashinyan's criticism of Moscow grew louder.");
    want_rel("ARMGOV", "RUSGOV", "criticism of", -1);
    /* no possessor right before the noun: nothing */
    run("Russia's lack of support for Armenia was noted.");
    want_n_rels(0);
    run("Russia voiced concern; its support for Armenia is old.");
    want_n_rels(0);
    run("The support of Russia for Armenia is old.");
    want_n_rels(0);
}

static void test_hyphen_backed(void **state)
{
    (void)state;
    run("Iranian-backed Houthis attacked Saudi Arabia.");
    const st_relation *r = want_rel("IRN", "YEMHTH", "back", 1);
    want_code(r, "05");
    want_rel("YEMHTH", "SAU", "attack", -1);
    want_no_rel("IRN", "SAU"); /* the Houthis attacked, not Iran */
    run("The Iran-backed terrorist group Hezbollah fired rockets.");
    want_rel("IRN", "LBNHZB", "back", 1);
    /* the backed noun is no actor: nothing, and no reach over a verb */
    run("Turkish-backed fighters entered Armenia.");
    want_n_rels(0);
    run("Iranian-backed militias kidnapped Americans.");
    want_n_rels(0);
    run("Russian-armed Houthis shelled Saudi Arabia.");
    want_code(want_rel("RUS", "YEMHTH", "arm", 1), "07");
}

static void test_pro_anti(void **state)
{
    (void)state;
    /* the modified noun is an actor */
    run("Anti-Armenian Azerbaijani troops gathered.");
    const st_relation *r = want_rel("AZEMIL", "ARM", "anti-", -1);
    want_code(r, NULL);
    run("Pro-Russian Armenian troops gathered.");
    want_rel("ARMMIL", "RUS", "pro-", 1);
    /* a possessor, a subject */
    run("Ilham Aliyev's anti-Armenian rhetoric grew.");
    want_rel("AZEGOV", "ARM", "anti-", -1);
    run("Iran is anti-American.");
    want_rel("IRN", "USA", "anti-", -1);
    /* a noun that is no actor: not the author's stance, nor a speaker's */
    run("Pro-Russian separatists seized the town.");
    want_n_rels(0);
    run("\"The pro-Armenian lobby is strong,\" Ilham Aliyev said.");
    want_n_rels(0);
    run("Azerbaijan said the anti-Turkish campaign must end.");
    want_n_rels(0);
}

static void test_reciprocal(void **state)
{
    (void)state;
    run("Armenia and Azerbaijan signed a peace deal on Friday.");
    want_code(want_rel("ARM", "AZE", "sign", 1), "05");
    want_rel("AZE", "ARM", "sign", 1);
    want_n_rels(2);
    run("Russia and Turkey agreed to a ceasefire.");
    want_code(want_rel("RUS", "TUR", "agree", 1), "03");
    want_rel("TUR", "RUS", "agree", 1);
    run("Nikol Pashinyan and Ilham Aliyev held talks in Moscow.");
    want_code(want_rel("ARMGOV", "AZEGOV", "hold talks", 1), "04");
    want_rel("AZEGOV", "ARMGOV", "hold talks", 1);
    run("The accord was signed by Armenia and Azerbaijan in 2023.");
    want_rel("ARM", "AZE", "sign", 1);
    want_rel("AZE", "ARM", "sign", 1);
    run("Armenia and Azerbaijan did not sign the deal.");
    want_code(want_rel("ARM", "AZE", "sign", -1), "12");
    /* "held talks with": the verb row's, toward Russia, not between the two */
    run("Armenia and Azerbaijan held talks with Russia.");
    want_rel("ARM", "RUS", "hold talks with", 1);
    want_rel("AZE", "RUS", "hold talks with", 1);
    want_n_rels(2);
    /* two clauses, one subject; a single subject */
    run("The deal eased sanctions on Iran, and Russia will never agree to new ones.");
    want_n_rels(0);
    run("Armenia signed the deal.");
    want_n_rels(0);
    /* a comma after an opening phrase; a coalition of more than three */
    run("In Armenia, Nikol Pashinyan agreed after months.");
    want_n_rels(0);
    run("Armenia, Azerbaijan, Turkey and Russia agreed to participate.");
    want_n_rels(0);
    run("Armenia, Azerbaijan and Turkey agreed to meet.");
    want_n_rels(6);
    /* "hold signs": a noun, and no -s forms */
    run("Armenian and Azerbaijani activists hold signs.");
    want_n_rels(0);
    run("Talks between Armenia and Azerbaijan resumed in Moscow.");
    want_code(want_rel("ARM", "AZE", "talks between", 0), "04");
    want_rel("AZE", "ARM", "talks between", 0);
    want_n_rels(2);
    run("France called for negotiations between Armenia and Azerbaijan.");
    want_rel("ARM", "AZE", "talks between", 0);
}

static void test_reported_attack(void **state)
{
    (void)state;
    run("Armenia said Azerbaijan shelled its villages.");
    const st_relation *r = want_rel("ARM", "AZE", "accuse", -1);
    want_code(r, "11");
    assert_false(r->in_quote);
    want_n_rels(1);
    run("Armenia said that Azerbaijani troops violated the ceasefire.");
    want_rel("ARM", "AZEMIL", "accuse", -1);
    run("Armenia says Azerbaijan is shelling Armenian villages.");
    want_rel("ARM", "AZE", "accuse", -1);
    run("Armenia said its soldiers were killed by Azerbaijani troops.");
    want_rel("ARM", "AZEMIL", "accuse", -1);
    run("\"Azerbaijan shelled our villages,\" Nikol Pashinyan said.");
    assert_true(want_rel("ARMGOV", "AZE", "accuse", -1)->in_quote);
    /* the traps: denial, a modal, a condition, the victim, the addressee, a
       noun, another clause */
    static const char *const none[] = {
        "Armenia said Azerbaijan did not attack.",
        "Armenia said Azerbaijan could attack soon.",
        "Armenia said that if Azerbaijan attacked, it would respond.",
        "Armenia said Azerbaijani positions were shelled.",
        "Armenia told Russia that the enemy attacked.",
        "Armenia said the Azerbaijani shelling killed two.",
        "Armenia said a Turkish drone attacked the town.",
        "Russia said it would mediate, while Azerbaijan attacked the town.",
        "Azerbaijan said the Armenian commanders killed Thursday were dangerous.",
        "Turkey said Russia's attacks must stop.",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        run(none[i]);
        for (size_t k = 0; k < sc.n_r; k++)
            if (strcmp(st_verbs[sc.r[k].verb].lemma, "accuse") == 0) {
                dump();
                fail_msg("\"%s\": an accusation", cur);
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nominal),
        cmocka_unit_test(test_hyphen_backed),
        cmocka_unit_test(test_pro_anti),
        cmocka_unit_test(test_reciprocal),
        cmocka_unit_test(test_reported_attack),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
