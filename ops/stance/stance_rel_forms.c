/* stance_rel_forms.c: relations that are not "subject verb object", one
 * function per st_shape of the verb table (README.md, "Relations"):
 *
 *   noun      S's condemnation|criticism|support|backing of|for T, and
 *             "condemnation of T by S"
 *   modifier  S-backed T in one token ("Turkish-backed Syrian rebels")
 *   pro/anti  pro-T, anti-T: held by the modified actor ("anti-Assad Syrian
 *             rebels"), a possessor ("Erdogan's anti-Israel rhetoric") or a
 *             subject ("Iran is anti-American"); no relation otherwise
 *   recip     A and B signed|agreed|held talks, signed by A and B: A <-> B
 *   between   talks between A and B: A <-> B, 04 with polarity 0
 *   report    SPEAKER said (that) S attacked|shelled|violated...: SPEAKER -> S,
 *             accuse (PETRARCH-2's transformation, CAMEO 112)
 *
 * Each is tried only where its words occur, and each asks for the mentions
 * to sit right where the shape puts them (next word, same token), which is
 * what keeps them from relating the wrong pair. */
#include <string.h>

#include "stance_rel.h"

/* Words that may stand between a possessor and its noun ("Russia's strong
 * condemnation"): lower-case and of no class. */
static bool plain_modifier(const st_rel_ctx *c, size_t j)
{
    const st_word *w = &c->sc->w[j];
    return w->mention < 0 && !(w->flags & ST_W_CAP) && st_rel_cls(c, j) == 0 && w->lex == 0 &&
           !st_rel_hard_gap(c, j + 1) && !st_rel_comma_gap(c, j + 1);
}

static int add_all(const st_rel_ctx *c, const int32_t *s, size_t ns, const int32_t *t, size_t nt,
                   size_t vrow, size_t v, int pol, const char *code, bool neg, bool modal,
                   bool passive)
{
    for (size_t a = 0; a < ns; a++)
        for (size_t b = 0; b < nt; b++)
            if (st_rel_add(c, s[a], t[b], vrow, v, pol, code, neg, modal, passive) != 0)
                return NM_ENOMEM;
    return 0;
}

/* Each mention of side toward each other one. */
static int add_both_ways(const st_rel_ctx *c, const int32_t *side, size_t n, size_t vrow,
                         size_t v, int pol, const char *code, bool neg, bool modal)
{
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            if (a != b && st_rel_add(c, side[a], side[b], vrow, v, pol, code, neg, modal,
                                     false) != 0)
                return NM_ENOMEM;
    return 0;
}

/* S's N of|for T; N of T by S. */
static int rel_noun(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, size_t vrow)
{
    const st_scratch *sc = c->sc;
    const st_verb *vb = &st_verbs[vrow];
    const size_t at = st_rel_frame(c, vb->frame, v + 1, s1);
    if (at == 0)
        return 0;
    const int32_t t = st_rel_target(c, at, s1);
    if (t < 0)
        return 0;
    int32_t tside[ST_MAX_SIDE], sside[ST_MAX_SIDE];
    const size_t nt = st_rel_coordinated(c, t, +1, tside);
    size_t ns = 0;
    /* the possessor, at most two plain words before the noun */
    size_t j = v;
    while (j > s0 && j + 2 > v && plain_modifier(c, j - 1))
        j--;
    if (j > s0 && sc->w[j - 1].mention >= 0) {
        const int32_t m = sc->w[j - 1].mention;
        if (sc->m[m].possessive && sc->m[m].w1 == j && !st_rel_comma_gap(c, j))
            ns = st_rel_coordinated(c, m, -1, sside);
    }
    if (ns == 0) { /* "by S" after the target(s) */
        const size_t e = sc->m[tside[nt - 1]].w1;
        if (e + 1 < s1 && st_word_is(&sc->w[e], "by")) {
            const int32_t s = st_rel_target(c, e + 1, s1);
            if (s >= 0)
                ns = st_rel_coordinated(c, s, +1, sside);
        }
    }
    return add_all(c, sside, ns, tside, nt, vrow, v, vb->polarity, vb->code, false, false,
                   false);
}

bool st_rel_hyphen_modifier(const st_rel_ctx *c, size_t v)
{
    const st_scratch *sc = c->sc;
    if (v == 0 || !(sc->w[v].flags & ST_W_HYPHEN) || sc->w[v - 1].tok != sc->w[v].tok)
        return false;
    const int32_t m = sc->w[v - 1].mention;
    return m >= 0 && sc->m[m].w1 == v;
}

/* The mention that starts at word i right after word i - 1 (no punctuation
 * between), in the sentence, or -1. */
static int32_t mention_at(const st_rel_ctx *c, size_t i, size_t s1)
{
    const st_scratch *sc = c->sc;
    if (i >= s1 || sc->w[i].mention < 0 || sc->m[sc->w[i].mention].w0 != i ||
        st_rel_hard_gap(c, i) || st_rel_comma_gap(c, i))
        return -1;
    return sc->w[i].mention;
}

/* S-V-ed T: "Turkish-backed Syrian rebels", "Iranian-backed Houthis". */
static int rel_modifier(const st_rel_ctx *c, size_t v, size_t s1, size_t vrow)
{
    if (!st_rel_hyphen_modifier(c, v))
        return 0;
    /* up to two plain words before the name: "Iran-backed terrorist group
       Hezbollah"; not past a verb-like "-ed" or "-ing" word ("Iran-backed
       militias kidnapped Americans") */
    size_t i = v + 1;
    while (i < v + 3 && i < s1 && plain_modifier(c, i) && !st_rel_hyphen_modifier(c, i)) {
        const st_word *w = &c->sc->w[i];
        if (w->len > 3 && (memcmp(w->s + w->len - 2, "ed", 2) == 0 ||
                           memcmp(w->s + w->len - 3, "ing", 3) == 0))
            break;
        i++;
    }
    int32_t t = mention_at(c, i, s1);
    if (t < 0 && i > v + 1)
        t = mention_at(c, v + 1, s1);
    if (t < 0)
        return 0;
    int32_t tside[ST_MAX_SIDE];
    const size_t nt = st_rel_coordinated(c, t, +1, tside);
    const int32_t s = c->sc->w[v - 1].mention;
    const st_verb *vb = &st_verbs[vrow];
    return add_all(c, &s, 1, tside, nt, vrow, v, vb->polarity, vb->code, false, false, false);
}

/* pro-T, anti-T. */
static int rel_pro(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, size_t vrow)
{
    const st_scratch *sc = c->sc;
    if (v + 1 >= s1)
        return 0;
    const st_word *x = &sc->w[v + 1];
    if (!(x->flags & ST_W_HYPHEN) || x->tok != sc->w[v].tok || x->mention < 0 ||
        sc->m[x->mention].w0 != v + 1)
        return 0;
    const int32_t t = x->mention;
    /* the modified noun is an actor: "anti-Assad Syrian rebels" */
    int32_t s = mention_at(c, sc->m[t].w1, s1);
    /* a possessor: "Erdogan's anti-Israel rhetoric" */
    if (s < 0 && v > s0 && sc->w[v - 1].mention >= 0) {
        const int32_t m = sc->w[v - 1].mention;
        if (sc->m[m].possessive && sc->m[m].w1 == v)
            s = m;
    }
    /* a subject: "Georgia is pro-Western" */
    if (s < 0 && v > s0 + 1 && (st_rel_cls(c, v - 1) & ST_C_BE) &&
        sc->w[v - 2].mention >= 0 && sc->m[sc->w[v - 2].mention].w1 == v - 1)
        s = sc->w[v - 2].mention;
    /* else nothing: "pro-Russian separatists" describes the separatists, not
       the author or a speaker (on allsides_conflict 2 of 10 such relations held) */
    if (s < 0)
        return 0;
    const st_verb *vb = &st_verbs[vrow];
    return st_rel_add(c, s, t, vrow, v, vb->polarity, vb->code, false, false, false);
}

/* Polarity and code of a row after negation and modality, as for verbs. */
static void modulate(const st_verb *vb, bool neg, int kind, int *pol, const char **code)
{
    *pol = vb->polarity;
    *code = vb->code;
    if (neg) {
        *code = *pol > 0 ? "12" : NULL;
        *pol = *pol > 0 ? -1 : 0;
    }
    if (kind == 13) {
        *code = "13";
        *pol = -1;
    } else if (kind == 3 && !neg) {
        *code = *pol < 0 ? "13" : "03";
    }
}

/* The subject mention right before the verb: the mention st_rel_source finds,
 * ending at most three words before v with none of them a determiner,
 * preposition, "that" or another class word ("Armenia told Russia that the
 * enemy attacked" names no subject). -1 when none. */
static int32_t close_subject(const st_rel_ctx *c, size_t v, size_t s0, size_t *subj_end)
{
    const st_scratch *sc = c->sc;
    const int32_t s = st_rel_source(c, v, s0, subj_end);
    if (s < 0 || sc->m[s].w1 != *subj_end || *subj_end > v || v - *subj_end > 3 ||
        sc->m[s].w0 < s0)
        return -1;
    for (size_t j = *subj_end; j <= v; j++) /* "Syrian Observatory, rebels breached" */
        if (st_rel_comma_gap(c, j) || st_rel_hard_gap(c, j))
            return -1;
    for (size_t j = *subj_end; j < v; j++) {
        const uint32_t k = st_rel_cls(c, j);
        if ((k & (ST_C_DET | ST_C_PREP | ST_C_SAY | ST_C_BREAK | ST_C_REL | ST_C_COORD)) ||
            st_word_is(&sc->w[j], "that") || sc->w[j].mention >= 0)
            return -1;
    }
    return s;
}

static bool no_subject_before(const st_rel_ctx *c, size_t f, size_t s0);

/* Two mentions joined by ", and" are two clauses ("sanctions on Iran, and
 * Russia will never agree"), not a pair; three or more are a list. */
static bool clause_pair(const st_rel_ctx *c, const int32_t *side, size_t n)
{
    if (n != 2)
        return false;
    const st_mention *a = &c->sc->m[side[0]], *b = &c->sc->m[side[1]];
    const size_t lo = a->w1 < b->w1 ? a->w1 : b->w1, hi = a->w0 > b->w0 ? a->w0 : b->w0;
    return lo < hi && (st_rel_cls(c, lo) & ST_C_COORD) && st_rel_comma_gap(c, lo);
}

/* A and B signed|agreed|held talks; signed by A and B. */
static int rel_recip(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, size_t vrow)
{
    const st_scratch *sc = c->sc;
    const st_verb *vb = &st_verbs[vrow];
    const size_t at = st_rel_frame(c, vb->frame, v + 1, s1);
    if (at == 0 || (at < s1 && st_word_is(&sc->w[at], "with")))
        return 0; /* "held talks with T" is the verb row's */
    int32_t side[ST_MAX_SIDE];
    size_t n = 0, subj_end = v;
    if (v + 1 < s1 && st_word_is(&sc->w[v + 1], "by")) {
        const int32_t t = st_rel_target(c, v + 2, s1);
        if (t >= 0)
            n = st_rel_coordinated(c, t, +1, side);
    } else {
        const int32_t s = close_subject(c, v, s0, &subj_end);
        if (s >= 0)
            n = st_rel_coordinated(c, s, -1, side);
        /* "In Afghanistan, Trump agreed", "favored by some American officials,
           Iran might agree": a comma alone after a phrase joins no pair */
        if (n == 2) {
            const size_t f = sc->m[side[1]].w1;
            if (!(st_rel_cls(c, f) & ST_C_COORD) && no_subject_before(c, sc->m[side[1]].w0, s0))
                return 0;
        }
    }
    /* more than three: a coalition acting together ("five Arab nations -- Bahrain,
       Jordan, Qatar, Saudi Arabia and the UAE -- agreed to participate"), not pairs */
    if (n < 2 || n > 3 || clause_pair(c, side, n))
        return 0;
    bool neg, modal;
    int kind;
    st_rel_modality(c, subj_end < v ? subj_end : v, v, &neg, &modal, &kind);
    int pol;
    const char *code;
    modulate(vb, neg, kind, &pol, &code);
    return add_both_ways(c, side, n, vrow, v, pol, code, neg, modal);
}

/* talks between A and B. */
static int rel_between(const st_rel_ctx *c, size_t v, size_t s1, size_t vrow)
{
    const st_verb *vb = &st_verbs[vrow];
    const size_t at = st_rel_frame(c, vb->frame, v + 1, s1);
    if (at == 0)
        return 0;
    const int32_t t = st_rel_target(c, at, s1);
    if (t < 0)
        return 0;
    int32_t side[ST_MAX_SIDE];
    const size_t n = st_rel_coordinated(c, t, +1, side);
    if (n < 2 || n > 3 || clause_pair(c, side, n)) /* more than three: a conference */
        return 0;
    return add_both_ways(c, side, n, vrow, v, vb->polarity, vb->code, false, false);
}

/* Whether the word before a subject shows it is none: a preposition ("an
 * airstrike in Somalia killed"), a number or a quantifier ("10,000 Afghan
 * civilians killed", "any Saudi strike"), a verb of telling ("told Iranian
 * officials attacks were": the addressee), or "if" (a condition, no claim). */
static bool no_subject_before(const st_rel_ctx *c, size_t f, size_t s0)
{
    if (f > s0 + 1 && st_word_is(&c->sc->w[f - 1], "the")) /* "if the United States" */
        f--;
    if (f <= s0)
        return false;
    const st_word *w = &c->sc->w[f - 1];
    if ((st_rel_cls(c, f - 1) & (ST_C_PREP | ST_C_LOC)) || (w->len > 0 && w->s[0] >= '0' &&
                                                           w->s[0] <= '9'))
        return true;
    static const char *const no[] = {"a", "an", "any", "every", "another", "no", "each",
                                     "some", "several", "many", "this", "these", "those",
                                     "such", "told", "tell", "tells", "telling", "informed",
                                     "assured", "warned", "if", "whether"};
    for (size_t k = 0; k < sizeof no / sizeof no[0]; k++)
        if (st_word_is(w, no[k]))
            return true;
    return false;
}

/* SPEAKER said (that) S V-ed: SPEAKER -> S. */
static int rel_report(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, size_t vrow)
{
    const st_scratch *sc = c->sc;
    const int32_t h = sc->w[v].holder;
    if (h < 0)
        return 0;
    const st_word *vw = &sc->w[v];
    const bool ing = vw->len > 3 && memcmp(vw->s + vw->len - 3, "ing", 3) == 0;
    const bool be_before = v > s0 && ((st_rel_cls(c, v - 1) & ST_C_BE) ||
                                      (v > s0 + 1 && (st_rel_cls(c, v - 2) & ST_C_BE)));
    if (ing && !be_before) /* "Israel's killing of", "shelling" as a noun */
        return 0;
    /* "the Hamas commanders killed Thursday", "leader killed in the strike": a
       participle; the claim needs the verb's object or the sentence's end */
    if (!ing && !be_before && v + 1 < s1) {
        const st_word *nx = &sc->w[v + 1];
        static const char *const when[] = {"monday", "tuesday", "wednesday", "thursday",
                                           "friday", "saturday", "sunday", "yesterday",
                                           "today", "last", "earlier", "recently"};
        if (st_rel_cls(c, v + 1) & (ST_C_PREP | ST_C_LOC))
            return 0;
        for (size_t k = 0; k < sizeof when / sizeof when[0]; k++)
            if (st_word_is(nx, when[k]))
                return 0;
    }
    int32_t side[ST_MAX_SIDE];
    size_t n = 0, subj_end = v;
    if (be_before && !ing) { /* "were shelled by S"; without "by" the subject is the victim */
        if (v + 1 < s1 && st_word_is(&sc->w[v + 1], "by")) {
            const int32_t s = st_rel_target(c, v + 2, s1);
            if (s >= 0)
                n = st_rel_coordinated(c, s, +1, side);
        }
    } else {
        const int32_t s = close_subject(c, v, s0, &subj_end);
        if (s < 0)
            return 0;
        const st_mention *S = &sc->m[s];
        /* "Israeli shells": an adjective makes the word a noun; "Palestinians
           killed": an ethnic plural is mostly the victim; "Trump's travel ban
           targeting": a possessor is no subject */
        if (S->kind == ST_K_ADJ || S->ethnic || S->possessive)
            return 0;
        n = st_rel_coordinated(c, s, -1, side);
        if (no_subject_before(c, sc->m[side[n - 1]].w0, s0))
            return 0;
    }
    if (n == 0)
        return 0;
    bool neg, modal;
    int kind;
    st_rel_modality(c, subj_end < v ? subj_end : v, v, &neg, &modal, &kind);
    if (neg || (modal && kind == 0)) /* "did not attack", "could attack": no accusation */
        return 0;
    /* indirect speech: no clause word between the speaker and the subject ("X said
       it would mediate, while Y attacked" is no accusation by X) */
    const st_mention *H = &sc->m[h];
    if (sc->w[v].quote < 0 && sc->w[H->w0].sent == sc->w[v].sent) {
        const size_t lo = H->w1, hi = sc->m[side[n - 1]].w0;
        for (size_t j = lo; j < hi; j++)
            if ((st_rel_cls(c, j) & ST_C_BREAK) || (j > lo && st_rel_hard_gap(c, j)))
                return 0;
    }
    const st_verb *vb = &st_verbs[vrow];
    for (size_t k = 0; k < n; k++) {
        /* one accusation per pair and sentence ("S's shelling killed") */
        bool dup = false;
        for (size_t r = sc->n_r; r-- > 0 && !dup;) {
            const st_relation *R = &sc->r[r];
            if (R->v_start < sc->w[s0].start)
                break;
            dup = R->verb == vrow && R->src == (uint32_t)h && R->tgt == (uint32_t)side[k];
        }
        if (!dup && st_rel_add(c, h, side[k], vrow, v, vb->polarity, vb->code, false, false,
                               false) != 0)
            return NM_ENOMEM;
    }
    return 0;
}

int st_rel_form(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, size_t vrow, bool as_verb)
{
    switch (st_verbs[vrow].shape) {
    case ST_V_NOUN:
        return rel_noun(c, v, s0, s1, vrow);
    case ST_V_MOD:
        return rel_modifier(c, v, s1, vrow);
    case ST_V_PRO:
        return rel_pro(c, v, s0, s1, vrow);
    case ST_V_RECIP:
        return as_verb ? rel_recip(c, v, s0, s1, vrow) : 0;
    case ST_V_BETWEEN:
        return rel_between(c, v, s1, vrow);
    case ST_V_REPORT:
        return as_verb ? rel_report(c, v, s0, s1, vrow) : 0;
    case ST_V_VERB:
        break;
    }
    return 0;
}
