/* stance_verbs.c: the stance operator's word lists and verb table, written
 * for this project (README.md, "Relations").
 *
 * A verb row: the surface forms that anchor it, a frame (the words that
 * must follow, T for the target, P for an optional possessive pronoun, a/b
 * for alternatives; words after T are not required), a CAMEO-style root
 * code where one fits, and a polarity: the sign of the root (03-08 -> +1,
 * 10-20 -> -1, 01/02/09 -> 0). Frames anchored on a noun or adjective
 * ("critical of T") work the same way: the anchor is any word. */
#include <stdlib.h>
#include <string.h>

#include "stance_internal.h"

#define V(lemma, forms, frame, code, pol) {lemma, forms, frame, code, pol, ST_V_VERB}
/* a row of another shape (st_shape; stance_rel_forms.c) */
#define F(shape, lemma, forms, frame, code, pol) {lemma, forms, frame, code, pol, shape}

const st_verb st_verbs[] = {
    /* 11 disapprove */
    V("condemn", "condemn|condemns|condemned|condemning", "T", "11", -1),
    V("denounce", "denounce|denounces|denounced|denouncing", "T", "11", -1),
    V("criticise", "criticise|criticises|criticised|criticising|criticize|criticizes|"
                   "criticized|criticizing",
      "T", "11", -1),
    V("be critical of", "critical", "of T", "11", -1),
    V("accuse", "accuse|accuses|accused|accusing", "T of", "11", -1),
    V("blame", "blame|blames|blamed|blaming", "T for", "11", -1),
    V("slam", "slam|slams|slammed|slamming", "T", "11", -1),
    V("blast", "blasted", "T", "11", -1),
    V("rebuke", "rebuke|rebukes|rebuked|rebuking", "T", "11", -1),
    V("lash out at", "lash|lashes|lashed|lashing", "out at T", "11", -1),
    V("take aim at", "take|takes|took|taking", "aim at T", "11", -1),
    V("express concern about", "express|expresses|expressed|expressing|voice|voices|voiced|voicing",
      "concern/concerns about/over/at T", "11", -1),
    /* 12 reject */
    V("reject", "reject|rejects|rejected|rejecting", "T", "12", -1),
    V("oppose", "oppose|opposes|opposed|opposing", "T", "12", -1),
    /* 02 appeal, 10 demand */
    V("urge", "urge|urges|urged|urging", "T to", "02", 0),
    V("appeal to", "appeal|appeals|appealed|appealing", "to T", "02", 0),
    V("ask", "ask|asks|asked|asking", "T to", "02", 0),
    V("call on", "call|calls|called|calling", "on/upon T to", "10", -1),
    V("demand", "demand|demands|demanded|demanding", "T", "10", -1),
    /* 13 threaten */
    V("threaten", "threaten|threatens|threatened|threatening", "T", "13", -1),
    V("warn", "warn|warns|warned|warning", "T", "13", -1),
    /* 04 consult */
    V("meet with", "meet|meets|met", "with T", "04", 1),
    V("hold talks with", "hold|holds|held|holding", "talks with T", "04", 1),
    V("negotiate with", "negotiate|negotiates|negotiated|negotiating", "with T", "04", 1),
    V("host", "host|hosts|hosted|hosting", "T", "04", 1),
    /* 05 diplomatic cooperation */
    V("welcome", "welcome|welcomes|welcomed|welcoming", "T", "05", 1),
    V("support", "support|supports|supported|supporting", "T", "05", 1),
    V("back", "back|backs|backed|backing", "T", "05", 1),
    V("endorse", "endorse|endorses|endorsed|endorsing", "T", "05", 1),
    V("praise", "praise|praises|praised|praising|hail|hails|hailed|hailing|commend|commends|"
                "commended|commending",
      "T", "05", 1),
    V("thank", "thank|thanks|thanked|thanking", "T", "05", 1),
    V("congratulate", "congratulate|congratulates|congratulated|congratulating", "T", "05", 1),
    V("throw weight behind", "throw|throws|threw|thrown|throwing", "P weight behind T", "05", 1),
    V("side with", "side|sides|sided|siding", "with T", "05", 1),
    V("stand by", "stand|stands|stood|standing", "by/with T", "05", 1),
    V("stand shoulder to shoulder with", "stand|stands|stood|standing",
      "shoulder to shoulder with T", "05", 1),
    V("express support for", "express|expresses|expressed|expressing|voice|voices|voiced|voicing",
      "P support/backing for T", "05", 1),
    V("express solidarity with",
      "express|expresses|expressed|expressing|voice|voices|voiced|voicing",
      "P solidarity with T", "05", 1),
    V("ally with", "ally|allies|allied|allying", "with T", "05", 1),
    V("recognise", "recognise|recognises|recognised|recognising|recognize|recognizes|recognized|"
                   "recognizing",
      "T", "05", 1),
    /* 06 material cooperation, 07 aid */
    V("cooperate with", "cooperate|cooperates|cooperated|cooperating", "with T", "06", 1),
    V("arm", "arm|arms|armed|arming", "T", "07", 1),
    /* 16 reduce relations, sanctions */
    V("sanction", "sanction|sanctioned|sanctioning", "T", "16", -1),
    V("impose sanctions on", "impose|imposes|imposed|imposing",
      "sanctions/penalties on/against T", "16", -1),
    V("recall ambassador from", "recall|recalls|recalled|recalling", "P ambassador from/to T", "16",
      -1),
    V("expel", "expel|expels|expelled|expelling", "T", "16", -1),
    /* 14 protest, 17 coerce, 19 fight */
    V("protest against", "protest|protests|protested|protesting", "against T", "14", -1),
    V("attack", "attack|attacks|attacked|attacking", "T", "19", -1),
    V("invade", "invade|invades|invaded|invading", "T", "19", -1),
    V("shell", "shell|shells|shelled|shelling", "T", "19", -1),

    /* Rows of other shapes: frames as above, T where the target starts. */
    /* S's N of|for T, N of T by S */
    F(ST_V_NOUN, "condemnation of", "condemnation|condemnations", "of T", "11", -1),
    F(ST_V_NOUN, "criticism of", "criticism|criticisms", "of T", "11", -1),
    F(ST_V_NOUN, "support for", "support", "for/of T", "05", 1),
    F(ST_V_NOUN, "backing for", "backing", "for/of T", "05", 1),
    /* S-V-ed T: "Turkish-backed Syrian rebels". 05, not 07: the word does not say
       whether the backing is political or material */
    F(ST_V_MOD, "back", "backed|supported|sponsored|funded|financed", "T", "05", 1),
    F(ST_V_MOD, "arm", "armed", "T", "07", 1),
    /* pro-T, anti-T: an attitude, no event: no code */
    F(ST_V_PRO, "pro-", "pro", "T", NULL, 1),
    F(ST_V_PRO, "anti-", "anti", "T", NULL, -1),
    /* A and B V, V by A and B: each toward the other; no "-s" forms, whose subject
       is one ("activists hold signs") */
    F(ST_V_RECIP, "sign", "sign|signed|signing", "T", "05", 1),
    F(ST_V_RECIP, "agree", "agree|agreed|agreeing", "T", "03", 1),
    F(ST_V_RECIP, "hold talks", "hold|held|holding", "talks T", "04", 1),
    /* talks between A and B: 04 but 0, as the phrase alone does not say the talks
       took place ("calls for talks between", "talks between ... collapsed") */
    F(ST_V_BETWEEN, "talks between", "talks|negotiations", "between T", "04", 0),
    /* SPEAKER said (that) S V-ed: SPEAKER accuses S (CAMEO 112, root 11). Past
       forms, and -ing forms after is/was ("is shelling"): the present forms are
       mostly nouns ("the Paris attacks", "a U.S. strike", "Israel's killing of") */
    F(ST_V_REPORT, "accuse",
      "attacked|violated|shelled|killed|bombed|struck|invaded|targeted|breached|massacred|"
      "attacking|violating|shelling|killing|bombing|invading|targeting|breaching",
      "T", "11", -1),
};

const size_t st_n_verbs = sizeof st_verbs / sizeof st_verbs[0];

typedef struct word_class {
    uint32_t cls;
    const char *words; /* '|'-separated */
} word_class;

static const word_class classes[] = {
    {ST_C_SAY, "said|says|say|saying|told|tells|tell|telling|added|adds|stated|noted|warned|"
               "warns|insisted|insists|argued|argues|claimed|claims|declared|declares|announced|"
               "announces|stressed|stresses|wrote|writes|tweeted|tweets|posted|replied|"
               "explained|acknowledged|alleged|asserted|confirmed|emphasised|emphasized|"
               "reiterated|remarked|commented|responded|maintained|contended|cautioned|"
               "countered"},
    {ST_C_TITLE, "president|minister|premier|chancellor|mr|mrs|ms|dr|secretary|king|queen|"
                 "prince|emir|sheikh|general|gen|ayatollah|senator|sen|governor|ambassador|"
                 "envoy|commander|spokesman|spokeswoman|spokesperson|leader|chairman|pope|"
                 "sultan|speaker|mayor"},
    {ST_C_LOC, "in|at|from|near|to|into|outside|inside|across|via|toward|towards|around|"
               "throughout|within"},
    {ST_C_BREAK, "but|while|whereas|although|though|because|when|whenever|unless|until|where|"
                 "whereby|however|meanwhile"},
    {ST_C_NEG, "not|never|no|nor|cannot|can't|don't|didn't|doesn't|won't|wouldn't|hasn't|"
               "haven't|hadn't|isn't|aren't|wasn't|weren't|couldn't|shouldn't"},
    {ST_C_MODAL, "could|may|might|would|should|can"},
    {ST_C_DET, "the|a|an|its|his|her|their|our|both|all|this|these|those|fellow|neighbouring|"
               "neighboring|longtime|close|key|old|traditional|main|strongly|firmly"},
    {ST_C_PRON, "he|she"},
    {ST_C_WE, "we|i"},
    {ST_C_SPORT, "fifa|uefa|football|soccer|basketball|volleyball|olympics|olympic|tournament|"
                 "championship|championships|qualifier|qualifiers|goalkeeper|striker|"
                 "midfielder"},
    {ST_C_SPORTW, "beat|beats|defeated|drew|draw|win|wins|won|match|game|goal|goals|scored|"
                  "score|victory|cup|friendly|final|semifinal|league"},
    {ST_C_BE, "is|are|was|were|be|been|being"},
    {ST_C_REL, "which|who|whose|whom"},
    {ST_C_REFUSE, "refused|refuses|refuse|refusing|declined|declines|decline|failed|fails|fail"},
    {ST_C_THREAT, "threatened|threatens|threaten|threatening"},
    {ST_C_VOW, "vowed|vows|vow|pledged|pledges|pledge|promised|promises|promise"},
    {ST_C_PREP, "on|of|for|with|against|over|about|to|by|from|in|at|into|after|before|during|"
                "under|between|amid|than"},
    {ST_C_COORD, "and|or"},
};

/* The entry of word s[0, n), added when new. */
static int entry_of(st_words_index *wi, const char *s, size_t n, uint32_t *idx)
{
    uint32_t v = (uint32_t)wi->n;
    const uint64_t h = st_word_hash(s, n);
    const uint32_t qh = st_filter_bit(h);
    wi->filter[qh / 64] |= UINT64_C(1) << (qh % 64);
    const int added = st_map_put_h(&wi->map, s, n, h, &v);
    if (added < 0)
        return NM_ENOMEM;
    if (added) {
        if (!st_grow((void **)&wi->e, &wi->cap, wi->n + 1, sizeof *wi->e))
            return NM_ENOMEM;
        wi->e[wi->n++] = (st_lexent){0, 0, 0};
    }
    *idx = v;
    return 0;
}

int st_words_index_build(st_words_index *wi, nm_err *err)
{
    for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        const char *p = classes[c].words;
        for (;;) {
            const char *bar = strchr(p, '|');
            const size_t n = bar ? (size_t)(bar - p) : strlen(p);
            uint32_t idx;
            if (entry_of(wi, p, n, &idx) != 0)
                return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
            wi->e[idx].cls |= classes[c].cls;
            if (classes[c].cls & (ST_C_SPORT | ST_C_SPORTW)) {
                const uint32_t b = st_sport_bit(st_word_hash(p, n));
                wi->sport[b / 64] |= UINT64_C(1) << (b % 64);
            }
            if (classes[c].cls & ST_C_SPORT) {
                const uint32_t b = st_filter_bit(st_word_hash(p, n));
                wi->sport_strong[b / 64] |= UINT64_C(1) << (b % 64);
            }
            if (bar == NULL)
                break;
            p = bar + 1;
        }
    }
    /* verb rows per form: two passes, so each form's rows are contiguous */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < st_n_verbs; r++) {
            const char *p = st_verbs[r].forms;
            for (;;) {
                const char *bar = strchr(p, '|');
                const size_t n = bar ? (size_t)(bar - p) : strlen(p);
                uint32_t idx;
                if (entry_of(wi, p, n, &idx) != 0)
                    return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
                if (pass == 0)
                    wi->e[idx].vend++; /* count */
                else
                    wi->rows[wi->e[idx].vend++] = (uint32_t)r;
                if (bar == NULL)
                    break;
                p = bar + 1;
            }
        }
        if (pass == 0) {
            uint32_t at = 0;
            for (size_t i = 0; i < wi->n; i++) {
                wi->e[i].vbeg = at;
                at += wi->e[i].vend;
                wi->e[i].vend = wi->e[i].vbeg;
            }
            if (!st_grow((void **)&wi->rows, &wi->cap_rows, at + 1, sizeof *wi->rows))
                return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
            wi->n_rows = at;
        }
    }
    return 0;
}

void st_words_index_free(st_words_index *wi)
{
    st_map_free(&wi->map);
    free(wi->e);
    free(wi->rows);
    memset(wi, 0, sizeof *wi);
}
