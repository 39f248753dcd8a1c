/* test_stance.c: the stance operator's pieces on sentences written for these
 * tests, with a small dictionary of its own (so the tests do not move when
 * ops/stance/actors/ grows): dictionary loading, plurals, overrides and
 * errors; mention finding with its gates and the traps of the design
 * (ethnic adjectives, sports fixtures, capitals as places, datelines);
 * quotes and speakers; every relation pattern of the verb table, passives,
 * negation and coordination; the aggregate's state file. */
#include "stance_fixture.h"

static const char test_dict[] =
    "# a small dictionary for the tests\n"
    "ARM\tname\tarmenia\t-\t-\t-\t-\n"
    "ARM\tadj\tarmenian\t-\t-\t-\tamb_ethnic\n"
    "ARM\tcapital\tyerevan\t-\t-\tGOV\tmetonym\n"
    "ARM\tleader\tnikol pashinyan\t2018-05-08\t-\tGOV\t-\n"
    "ARM\tleader\tpashinyan\t2018-05-08\t-\tGOV\tsurname\n"
    "AZE\tname\tazerbaijan\t-\t-\t-\t-\n"
    "AZE\tadj\tazerbaijani\t-\t-\t-\tamb_ethnic\n"
    "AZE\tcapital\tbaku\t-\t-\tGOV\tmetonym\n"
    "AZE\tleader\tilham aliyev\t2003-10-31\t-\tGOV\t-\n"
    "AZE\tleader\taliyev\t2003-10-31\t-\tGOV\tsurname\n"
    "TUR\tname\tturkey\t-\t-\t-\tcap\n"
    "TUR\tadj\tturkish_\t-\t-\t-\t-\n"
    "TUR\tcapital\tankara\t-\t-\tGOV\tmetonym\n"
    "RUS\tname\trussia\t-\t-\t-\t-\n"
    "RUS\tadj\trussian\t-\t-\t-\t-\n"
    "RUS\tcapital\tmoscow\t-\t-\tGOV\tmetonym\n"
    "RUS\tmetonym\tkremlin\t-\t-\tGOV\t-\n"
    "FRA\tname\tfrance\t-\t-\t-\t-\n"
    "FRA\tleader\temmanuel macron\t2017-05-14\t-\tGOV\t-\n"
    "FRA\tleader\tmacron\t2017-05-14\t-\tGOV\tsurname\n"
    "USA\tname\tunited states\t-\t-\t-\t-\n"
    "USA\tname\tu.s.\t-\t-\t-\tcap\n"
    "USA\tcapital\twashington\t-\t-\tGOV\tmetonym\n"
    "USA\tleader\tbarack obama\t2009-01-20\t2017-01-20\tGOV\t-\n"
    "GBR\tdemonym\tbriton\t-\t-\t-\tamb_ethnic\n"
    "CHE\tadj\tswiss_\t-\t-\t-\t-\n"
    "IGOUNO\torg\tunited nations\t-\t-\t-\t-\n"
    "IGOUNO\torg\tun\t-\t-\t-\tcap\n"
    "IGOUNOSC\torg\tsecurity council\t-\t-\t-\tneeds_ctx\n"
    "IGOUNOSC\torg\tun security council\t-\t-\t-\t-\n"
    "IGOEUREEC\torg\teuropean union\t-\t-\t-\t-\n"
    "~GOV\tagent\tforeign ministry\t-\t-\tGOV\t-\n"
    "~GOV\tagent\tgovernment\t-\t-\tGOV\t-\n"
    "~GOV\tagent\tpresident\t-\t-\tGOV\t-\n"
    "~GOV\tagent\tnegotiators\t-\t-\tGOV\t-\n"
    "~MIL\tagent\ttroops\t-\t-\tMIL\t-\n"
    "~MIL\tagent\tforces\t-\t-\tMIL\t-\n";

static int setup(void **state)
{
    (void)state;
    return fixture_setup(test_dict);
}

/* The k-th mention has actor code and surface text. */
static const st_mention *want_mention(size_t k, const char *code, const char *text)
{
    if (k >= sc.n_m) {
        dump();
        fail_msg("\"%s\": %zu mentions, wanted #%zu %s", cur, sc.n_m, k, code);
    }
    const st_mention *m = &sc.m[k];
    if (strcmp(m->code, code) != 0 || m->end - m->start != strlen(text) ||
        memcmp(cur + m->start, text, strlen(text)) != 0) {
        dump();
        fail_msg("\"%s\": mention %zu is %s '%.*s', wanted %s '%s'", cur, k, m->code,
                 (int)(m->end - m->start), cur + m->start, code, text);
    }
    return m;
}

static void want_n_mentions(size_t n)
{
    if (sc.n_m != n) {
        dump();
        fail_msg("\"%s\": %zu mentions, wanted %zu", cur, sc.n_m, n);
    }
}

/* ---- dictionary ----------------------------------------------------------------------- */

static bool has_alias(const st_dict *d, const char *key)
{
    uint32_t v;
    return st_map_get(&d->aliases, key, strlen(key), st_hash(key, strlen(key)), &v);
}

static void test_dict_plurals(void **state)
{
    (void)state;
    assert_true(has_alias(&dict, "armenians"));
    assert_true(has_alias(&dict, "britons"));
    assert_true(has_alias(&dict, "swiss"));
    assert_false(has_alias(&dict, "swisses"));
    assert_false(has_alias(&dict, "swisss"));
    assert_false(has_alias(&dict, "turkishes"));
    assert_true(has_alias(&dict, "u s"));   /* "u.s." split like the tokenizer splits text */
    assert_false(has_alias(&dict, "troopss"));
    st_dict d;
    memset(&d, 0, sizeof d);
    nm_err err;
    const char *t = "XYZ\tdemonym\tfrench\t-\t-\t-\t-\nXYZ\tadj\tirish\t-\t-\t-\t-\n"
                    "XYZ\tdemonym\tfox\t-\t-\t-\t-\n";
    assert_int_equal(st_dict_parse(&d, t, strlen(t), "p.tsv", 0, &err), 0);
    assert_true(has_alias(&d, "frenches"));
    assert_true(has_alias(&d, "irishes"));
    assert_true(has_alias(&d, "foxes"));
    st_dict_free(&d);
}

static void want_dict_error(const char *text, const char *msg_part)
{
    st_dict d;
    memset(&d, 0, sizeof d);
    nm_err err;
    nm_err_clear(&err);
    const int rc = st_dict_parse(&d, text, strlen(text), "bad.tsv", 0, &err);
    st_dict_free(&d);
    if (rc != NM_EFORMAT || strstr(err.msg, msg_part) == NULL)
        fail_msg("\"%s\": rc %d, message '%s', wanted '%s'", text, rc, err.msg, msg_part);
}

static void test_dict_errors(void **state)
{
    (void)state;
    want_dict_error("# c\n\nARM\tname\tarmenia\t-\t-\t-\n", "bad.tsv:3: expected 7");
    want_dict_error("ARM\tcountry\tarmenia\t-\t-\t-\t-\n", "bad.tsv:1: unknown kind");
    want_dict_error("ar\tname\tarmenia\t-\t-\t-\t-\n", "bad.tsv:1: bad id");
    want_dict_error("ARM\tleader\tnikol pashinyan\t-\t-\tGOV\t-\n", "a leader needs a from date");
    want_dict_error("ARM\tleader\tx y\t2018-02-30\t-\tGOV\t-\n", "bad from date");
    want_dict_error("ARM\tname\tarmenia\t-\t-\t-\tshiny\n", "unknown flag 'shiny'");
    want_dict_error("ARM\tname\t-\t-\t-\t-\t-\n", "empty alias");
    want_dict_error("GOV\tagent\ttroops\t-\t-\tMIL\t-\n", "agent's id is ~");
    want_dict_error("ARM\tname\tarmenia\t-\t-\tgov\t-\n", "bad role");
    want_dict_error("ARM\tleader\tx y\t2020-01-01\t2019-01-01\tGOV\t-\n", "to date before");
    want_dict_error("ARM\tname\t\xff\t-\t-\t-\t-\n", "invalid UTF-8");
}

static void test_dict_override(void **state)
{
    (void)state;
    st_dict d;
    memset(&d, 0, sizeof d);
    nm_err err;
    const char *base = "GEO\tname\tgeorgia\t-\t-\t-\tcap\nGEO\tname\tsakartvelo\t-\t-\t-\t-\n";
    const char *user = "USA\tname\tgeorgia\t-\t-\t-\tcap\nXKX\tname\tkosovo\t-\t-\t-\t-\n";
    assert_int_equal(st_dict_parse(&d, base, strlen(base), "base", 0, &err), 0);
    assert_int_equal(st_dict_parse(&d, user, strlen(user), "user", 1, &err), 0);
    uint32_t v;
    assert_true(st_map_get(&d.aliases, "georgia", 7, st_hash("georgia", 7), &v));
    const st_entry *e = &d.entry[d.alias[v].head];
    assert_string_equal(e->id, "USA");
    assert_int_equal(e->next, ST_NONE);
    assert_true(has_alias(&d, "kosovo"));
    assert_true(has_alias(&d, "sakartvelo"));
    st_dict_free(&d);
}

/* ---- mentions ------------------------------------------------------------------------- */

static void test_mentions_basic(void **state)
{
    (void)state;
    run("Armenia and the Republic of France met. Officials from the United Nations came.");
    want_n_mentions(3);
    want_mention(0, "ARM", "Armenia");
    want_mention(1, "FRA", "France");
    want_mention(2, "IGOUNO", "United Nations");
    run("Diplomats from the U.S. and the UN spoke; un-named sources and turkey meat did not.");
    want_n_mentions(2);
    want_mention(0, "USA", "U.S");
    want_mention(1, "IGOUNO", "UN");
}

static void test_mentions_agents_possessives(void **state)
{
    (void)state;
    run("Armenia's foreign ministry said Armenian troops and Azerbaijan’s forces clashed.");
    want_n_mentions(3);
    want_mention(0, "ARMGOV", "Armenia's foreign ministry");
    want_mention(1, "ARMMIL", "Armenian troops");
    const st_mention *m = want_mention(2, "AZEMIL", "Azerbaijan’s forces");
    assert_int_equal(m->kind, ST_K_AGENT);
    run("Armenian and Azerbaijani negotiators met.");
    want_mention(0, "ARMGOV", "Armenian");
    want_mention(1, "AZEGOV", "Azerbaijani negotiators");
    run("Azerbaijan's President Ilham Aliyev spoke.");
    want_n_mentions(1);
    want_mention(0, "AZEGOV", "Azerbaijan's President Ilham Aliyev");
}

static void test_mentions_hyphens(void **state)
{
    (void)state;
    run("Turkish-backed fighters attacked pro-Russian separatists.");
    want_n_mentions(2);
    want_mention(0, "TUR", "Turkish");
    want_mention(1, "RUS", "Russian");
}

static void test_trap_ethnic(void **state)
{
    (void)state;
    run("The Armenian community in Paris held a vigil. Britons and Armenians joined.");
    assert_true(want_mention(0, "ARM", "Armenian")->ethnic);
    assert_true(want_mention(1, "GBR", "Britons")->ethnic);
    assert_true(want_mention(2, "ARM", "Armenians")->ethnic);
    run("The Armenian government protested.");
    assert_false(want_mention(0, "ARMGOV", "Armenian government")->ethnic);
}

static void test_trap_sports(void **state)
{
    (void)state;
    run("Armenia beat Azerbaijan 2-0 in Yerevan. Azerbaijan condemned Armenia.");
    want_n_mentions(2);
    want_mention(0, "AZE", "Azerbaijan");
    run("France and Turkey meet in a World Cup qualifier on Sunday, the football federation said.");
    want_n_mentions(0);
}

static void test_trap_capital_location(void **state)
{
    (void)state;
    run("Talks were held in Moscow and at Baku, but Moscow condemned Yerevan.");
    want_n_mentions(2);
    want_mention(0, "RUSGOV", "Moscow");
    want_mention(1, "ARMGOV", "Yerevan");
    want_rel("RUSGOV", "ARMGOV", "condemn", -1);
    run("The Kremlin said it would respond.");
    want_mention(0, "RUSGOV", "Kremlin");
}

static void test_trap_dateline(void **state)
{
    (void)state;
    run("ANKARA — Turkey backed Azerbaijan on Saturday.");
    want_n_mentions(2);
    want_mention(0, "TUR", "Turkey");
    run("YEREVAN, May 12 (Wire) - Armenia said.");
    want_n_mentions(1);
    want_mention(0, "ARM", "Armenia");
}

static void test_gates_surname_dates(void **state)
{
    (void)state;
    run("Pashinyan spoke. Macron listened.");
    want_n_mentions(0);
    run("Prime Minister Pashinyan spoke, and Mr. Macron listened.");
    want_n_mentions(2);
    want_mention(0, "ARMGOV", "Pashinyan");
    want_mention(1, "FRAGOV", "Macron");
    run("Nikol Pashinyan spoke. Later Pashinyan left.");
    want_n_mentions(2);
    want_mention(1, "ARMGOV", "Pashinyan");
    run("Barack Obama spoke.");
    want_n_mentions(0); /* the document is dated 2023: out of office */
    doc_date = 20150101;
    run("Barack Obama spoke.");
    want_mention(0, "USAGOV", "Barack Obama");
    doc_date = 0;
    run("Barack Obama and Emmanuel Macron spoke.");
    want_n_mentions(1); /* undated: only leaders still in office */
    want_mention(0, "FRAGOV", "Emmanuel Macron");
    doc_date = 20230715;
    run("The Security Council met.");
    want_n_mentions(0);
    run("The Security Council met. The United Nations and the UN Security Council agreed.");
    want_n_mentions(3);
    want_mention(0, "IGOUNOSC", "Security Council");
}

/* ---- quotes --------------------------------------------------------------------------- */

static const st_quote *want_quote(size_t k, const char *speaker)
{
    if (k >= sc.n_q)
        fail_msg("\"%s\": %zu quotes, wanted #%zu", cur, sc.n_q, k);
    const st_quote *q = &sc.q[k];
    const char *got = q->speaker >= 0 ? sc.m[q->speaker].code : "(none)";
    if (strcmp(got, speaker) != 0)
        fail_msg("\"%s\": quote %zu speaker %s, wanted %s", cur, k, got, speaker);
    return q;
}

static void test_quotes(void **state)
{
    (void)state;
    run("Nikol Pashinyan arrived. \"We will not give up,\" Pashinyan said.");
    want_quote(0, "ARMGOV");
    run("\"Every time there is a provocation,\" said Ilham Aliyev.");
    want_quote(0, "AZEGOV");
    run("Azerbaijan's foreign ministry said: “This is sabotage.”");
    want_quote(0, "AZEGOV");
    run("“The corridor is closed,” according to Armenia's foreign ministry.");
    want_quote(0, "ARMGOV");
    run("Ilham Aliyev arrived. \"We are ready,\" he told reporters.");
    want_quote(0, "AZEGOV");
    run("\"This is wrong,\" said Elif Karaca, an analyst.");
    const st_quote *q = want_quote(0, "(none)");
    assert_memory_equal(cur + q->sp_start, "Elif Karaca", 11);
    /* a quote carried over a paragraph break */
    run("Ilham Aliyev said: \"We waited long enough.\n\n\"Now Armenia must act,\" he added.");
    want_quote(0, "AZEGOV");
    want_quote(1, "AZEGOV");
}

static void test_quote_statements_count(void **state)
{
    (void)state;
    /* inside the quote, "we condemn" is the speaker's */
    run("\"We condemn Armenia's decision,\" Ilham Aliyev said.");
    want_rel("AZEGOV", "ARM", "condemn", -1)->in_quote ? (void)0 : fail();
    /* indirect speech: the holder of the clause is the speaker */
    run("Azerbaijan's foreign ministry said that Yerevan was sabotaging talks.");
    assert_int_equal(sc.w[sc.m[1].w0].holder, 0);
    run("According to the Kremlin, Armenia is to blame.");
    assert_int_equal(sc.w[sc.m[1].w0].holder, 0);
}

/* ---- relations ------------------------------------------------------------------------ */

static void test_relations_patterns(void **state)
{
    (void)state;
    run("President Emmanuel Macron condemned Azerbaijan's decision.");
    want_rel("FRAGOV", "AZE", "condemn", -1);
    run("Armenia accused Azerbaijan of violating the ceasefire.");
    want_rel("ARM", "AZE", "accuse", -1);
    run("Azerbaijan's defence ministry blamed Armenia for the fighting.");
    want_rel("AZE", "ARM", "blame", -1);
    run("Russia urged Armenia to show restraint.");
    want_rel("RUS", "ARM", "urge", 0);
    run("The European Union called on Azerbaijan to reopen the corridor.");
    want_rel("IGOEUREEC", "AZE", "call on", -1);
    run("Moscow has criticised Washington for its role.");
    want_rel("RUSGOV", "USAGOV", "criticise", -1);
    run("Nikol Pashinyan was critical of Moscow's role in the region.");
    want_rel("ARMGOV", "RUSGOV", "be critical of", -1);
    run("France welcomed Armenia's proposal.");
    want_rel("FRA", "ARM", "welcome", 1);
    run("Russia supports Azerbaijan.");
    want_rel("RUS", "AZE", "support", 1);
    run("Turkey threw its weight behind Azerbaijan on Saturday.");
    want_rel("TUR", "AZE", "throw weight behind", 1);
    run("Russia sided with Armenia.");
    want_rel("RUS", "ARM", "side with", 1);
    run("The United States sanctioned Russia.");
    want_rel("USA", "RUS", "sanction", -1);
    run("France expressed concern about Azerbaijan's troop movements.");
    want_rel("FRA", "AZE", "express concern about", -1);
    run("Ilham Aliyev thanked Turkey for its support and praised Turkish drones.");
    want_rel("AZEGOV", "TUR", "thank", 1);
    want_rel("AZEGOV", "TUR", "praise", 1);
    run("The United States imposed sanctions on Russia.");
    want_rel("USA", "RUS", "impose sanctions on", -1);
}

static void test_relations_passive_negation(void **state)
{
    (void)state;
    run("Azerbaijan was condemned by France.");
    assert_true(want_rel("FRA", "AZE", "condemn", -1)->passive);
    run("Russia did not condemn Azerbaijan.");
    const st_relation *r = want_rel("RUS", "AZE", "condemn", 0);
    assert_true(r->negated);
    assert_null(r->code);
    run("Russia refused to support Armenia.");
    r = want_rel("RUS", "ARM", "support", -1);
    assert_string_equal(r->code, "12");
    run("Washington threatened to sanction Russia.");
    r = want_rel("USAGOV", "RUS", "sanction", -1);
    assert_string_equal(r->code, "13");
    assert_true(r->modal);
}

static void test_relations_coordination_clauses(void **state)
{
    (void)state;
    run("The United States and the European Union condemned Russia.");
    want_rel("USA", "RUS", "condemn", -1);
    want_rel("IGOEUREEC", "RUS", "condemn", -1);
    want_n_rels(2);
    run("France condemned Russia and Azerbaijan.");
    want_rel("FRA", "RUS", "condemn", -1);
    want_rel("FRA", "AZE", "condemn", -1);
    run("Russia, which brokered the ceasefire, has criticised France.");
    want_rel("RUS", "FRA", "criticise", -1);
    want_n_rels(1);
    run("Armenia froze its membership in a Russian-led alliance, accusing Moscow of failing it.");
    want_rel("ARM", "RUSGOV", "accuse", -1);
    want_n_rels(1);
    run("France met officials, but Russia condemned Armenia.");
    want_rel("RUS", "ARM", "condemn", -1);
    want_n_rels(1);
    run("Turkish-backed forces attacked Armenia.");
    want_rel("TUR", "ARM", "attack", -1);
}

/* ---- aggregate ------------------------------------------------------------------------ */

static void test_agg_state_roundtrip(void **state)
{
    (void)state;
    st_agg a, b, c;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    assert_int_equal(st_agg_add(&a, "ARM", "AZE", 1, 2, 0, 2, -2.0), 0);
    assert_int_equal(st_agg_add(&a, "author", "ARM", 1, 0, 1, 0, 0.25), 0);
    assert_int_equal(st_agg_add(&b, "author", "ARM", 1, 0, 0, 1, -0.5), 0);
    /* an exact sum: 0.1 and 0.2 would round to 0.30000000000000004 in doubles */
    assert_int_equal(st_agg_add(&b, "author", "AZE", 1, 0, 0, 0, 0.1), 0);
    assert_int_equal(st_agg_add(&b, "author", "AZE", 1, 0, 0, 0, 0.2), 0);
    assert_int_equal(st_agg_add(&b, "author", "AZE", 1, 0, 0, 0, -0.1), 0);
    assert_int_equal(st_agg_merge(&a, &b), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nm_err err;
    assert_int_equal(st_agg_save(&a, 42, f, &err), 0);
    fclose(f);
    /* sums in nm_xsum's text: -0.25 = -0x1 * 2^(1072 - 1074), -2 = -0x1 * 2^(1075 - 1074) */
    assert_non_null(strstr(buf, "newsmill-stance-state 2 000000000000002a\n"));
    assert_non_null(strstr(buf, "author ARM 2 0 1 1 -1p1072\n"));
    assert_non_null(strstr(buf, "ARM AZE 1 2 0 2 -1p1075\n"));
    f = fmemopen(buf, len, "r");
    assert_int_equal(st_agg_load(&c, 42, f, "s", &err), 0);
    fclose(f);
    char *buf2 = NULL;
    size_t len2 = 0;
    f = open_memstream(&buf2, &len2);
    assert_int_equal(st_agg_save(&c, 42, f, &err), 0);
    fclose(f);
    assert_int_equal(len, len2);
    assert_memory_equal(buf, buf2, len);
    /* the means */
    char *out = NULL;
    size_t out_len = 0;
    f = open_memstream(&out, &out_len);
    assert_int_equal(st_agg_emit(&c, f, &err), 0);
    fclose(f);
    assert_non_null(strstr(out, "\"target\":\"ARM\",\"documents\":2,\"relations\":0,"
                                "\"positive\":1,\"negative\":1,\"mean\":-0.125}"));
    assert_non_null(strstr(out, "\"mean\":-1.0}"));
    assert_non_null(strstr(out, "\"target\":\"AZE\",\"documents\":3,\"relations\":0,"
                                "\"positive\":0,\"negative\":0,\"mean\":0.06666666666666667}"));
    free(out);
    /* another digest, and garbage, are refused */
    st_agg d;
    memset(&d, 0, sizeof d);
    f = fmemopen(buf, len, "r");
    assert_int_equal(st_agg_load(&d, 43, f, "s", &err), NM_EFORMAT);
    fclose(f);
    static const char *const bad[] = {
        "newsmill-stance-state 2 000000000000002a\ndyads 1\nARM AZE x\nend\n",
        /* version 1 (fixed-point sums) */
        "newsmill-stance-state 1 000000000000002a\ndyads 1\nARM AZE 1 1 0 1 -4294967296\nend\n",
        /* a sum that is not canonical (even lowest digit), or missing */
        "newsmill-stance-state 2 000000000000002a\ndyads 1\nARM AZE 1 1 0 1 -2p1074\nend\n",
        "newsmill-stance-state 2 000000000000002a\ndyads 1\nARM AZE 1 1 0 1\nend\n",
        "newsmill-stance-state 2 000000000000002a\ndyads 1\nARM AZE 1 1 0 1 1p1074 7\nend\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = fmemopen((void *)(uintptr_t)bad[i], strlen(bad[i]), "r");
        assert_int_equal(st_agg_load(&d, 42, f, "s", &err), NM_EFORMAT);
        fclose(f);
    }
    st_agg_free(&a);
    st_agg_free(&b);
    st_agg_free(&c);
    st_agg_free(&d);
    free(buf);
    free(buf2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dict_plurals),
        cmocka_unit_test(test_dict_errors),
        cmocka_unit_test(test_dict_override),
        cmocka_unit_test(test_mentions_basic),
        cmocka_unit_test(test_mentions_agents_possessives),
        cmocka_unit_test(test_mentions_hyphens),
        cmocka_unit_test(test_trap_ethnic),
        cmocka_unit_test(test_trap_sports),
        cmocka_unit_test(test_trap_capital_location),
        cmocka_unit_test(test_trap_dateline),
        cmocka_unit_test(test_gates_surname_dates),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_quote_statements_count),
        cmocka_unit_test(test_relations_patterns),
        cmocka_unit_test(test_relations_passive_negation),
        cmocka_unit_test(test_relations_coordination_clauses),
        cmocka_unit_test(test_agg_state_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
