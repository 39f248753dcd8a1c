/* stance_rel.c: relations between actor mentions (source -> target, verb,
 * polarity, CAMEO-style root) from the verb table of stance_verbs.c.
 *
 * Only sentences with a mention are looked at, and in them only words that
 * are forms of a table verb. For each: the frame must match after the verb;
 * the target is the mention that starts right after it (determiners and up
 * to two plain words skipped); the source is the nearest mention before the
 * verb in the same clause (at most gap words back; a ';', ':', '(' or a
 * clause word such as "but" or "while" stops the search, a comma-delimited
 * "which/who" clause is stepped over, a "he"/"she" subject stands for the
 * last leader mentioned, a "we" inside a quote or a verb in a quote with no
 * subject found stands for the quote's speaker). A passive "T was V-ed by S"
 * swaps the roles. Coordinated mentions ("the US and the EU welcomed")
 * each get the relation. Negation ("did not", "refused to") turns a
 * positive verb into a rejection (-1, root 12) and a negative one neutral;
 * "threatened to" gives root 13, "vowed to" root 03; modal verbs set modal.
 * Rows of other shapes (nominal, "X-backed", pro-/anti-, reciprocal,
 * reported attacks) are handed to stance_rel_forms.c with the same pieces,
 * declared in stance_rel.h. */
#include <string.h>

#include "stance_rel.h"

#define MAX_SIDE ST_MAX_SIDE

static inline uint32_t cls(const st_rel_ctx *c, size_t i)
{
    return st_rel_cls(c, i);
}

/* A clause boundary in the text between words i - 1 and i. */
bool st_rel_hard_gap(const st_rel_ctx *c, size_t i)
{
    const char *t = c->an->text;
    for (uint32_t k = c->sc->w[i - 1].end; k < c->sc->w[i].start; k++) {
        const unsigned char ch = (unsigned char)t[k];
        if (ch == ';' || ch == ':' || ch == '(' || ch == ')')
            return true;
    }
    return false;
}

bool st_rel_comma_gap(const st_rel_ctx *c, size_t i)
{
    for (uint32_t k = c->sc->w[i - 1].end; k < c->sc->w[i].start; k++)
        if (c->an->text[k] == ',')
            return true;
    return false;
}

/* Marks comma-delimited relative clauses (", which ... ,") of sentence words
 * [a, b) as skipped. */
static void mark_relatives(const st_rel_ctx *c, size_t a, size_t b)
{
    st_word *w = c->sc->w;
    for (size_t i = a; i < b; i++)
        w[i].skip = 0;
    for (size_t i = a + 1; i < b; i++) {
        if (!(cls(c, i) & ST_C_REL) || !st_rel_comma_gap(c, i))
            continue;
        size_t j = i + 1;
        while (j < b && !st_rel_comma_gap(c, j) && !st_rel_hard_gap(c, j) && j < i + 25)
            j++;
        if (j >= b) /* runs to the end of the sentence: not parenthetical */
            continue;
        for (size_t k = i; k < j; k++)
            w[k].skip = 1;
        i = j - 1;
    }
}

/* Adds the mention m and the mentions coordinated before it ("A and B") or
 * after it to side[]; dir -1 looks left, +1 right. */
size_t st_rel_coordinated(const st_rel_ctx *c, int32_t m, int dir, int32_t *side)
{
    size_t n = 0;
    side[n++] = m;
    const st_scratch *sc = c->sc;
    while (n < MAX_SIDE) {
        const st_mention *cur = &sc->m[side[n - 1]];
        size_t p;
        if (dir < 0) {
            if (cur->w0 == 0)
                break;
            p = cur->w0 - 1;
            while (p > 0 && (cls(c, p) & ST_C_DET) && !(cls(c, p) & ST_C_COORD))
                p--;
            const bool joined = (cls(c, p) & ST_C_COORD) || st_rel_comma_gap(c, p + 1);
            if (!joined)
                break;
            if (cls(c, p) & ST_C_COORD) { /* else a comma: the mention ends at p */
                if (p == 0)
                    break;
                p--;
            }
            if (sc->w[p].mention < 0 || sc->w[p].sent != sc->w[cur->w0].sent)
                break;
            side[n++] = sc->w[p].mention;
        } else {
            p = cur->w1;
            if (p >= sc->n_w || sc->w[p].sent != sc->w[cur->w0].sent)
                break;
            if (!(cls(c, p) & ST_C_COORD) && !(st_rel_comma_gap(c, p) && sc->w[p].mention >= 0))
                break;
            if (cls(c, p) & ST_C_COORD)
                p++;
            while (p < sc->n_w && (cls(c, p) & ST_C_DET))
                p++;
            if (p >= sc->n_w || sc->w[p].mention < 0 || sc->w[p].sent != sc->w[cur->w0].sent ||
                sc->m[sc->w[p].mention].w0 != p)
                break;
            side[n++] = sc->w[p].mention;
        }
    }
    return n;
}

/* The source of the verb at word v: a mention, the speaker, or -1. */
int32_t st_rel_source(const st_rel_ctx *c, size_t v, size_t s0, size_t *subj_end)
{
    const st_scratch *sc = c->sc;
    const bool vq = sc->w[v].quote >= 0;
    unsigned gap = 0;
    *subj_end = v;
    /* "S V1 O1 and V2 O2": the subject of the previous relation in the sentence */
    if (v > s0 && (cls(c, v - 1) & ST_C_COORD)) {
        for (size_t k = sc->n_r; k-- > 0;) {
            const st_relation *r = &sc->r[k];
            if (r->v_start < sc->w[s0].start)
                break;
            if (r->in_quote == vq)
                return (int32_t)r->src;
        }
        /* "X said that ... and urged Y": the speaker of the indirect clause */
        if (!vq && sc->w[v].holder >= 0)
            return sc->w[v].holder;
    }
    /* ", accusing X of": a participle after a comma has the sentence's subject */
    if (v > s0 && st_rel_comma_gap(c, v) && sc->w[v].len > 4 &&
        memcmp(sc->w[v].s + sc->w[v].len - 3, "ing", 3) == 0) {
        for (size_t j = s0; j < v; j++) {
            const st_word *w = &sc->w[j];
            if (w->mention >= 0 && (w->quote >= 0) == vq && !sc->m[w->mention].ethnic) {
                *subj_end = sc->m[w->mention].w1;
                return w->mention;
            }
        }
    }
    for (size_t j = v; j > s0;) {
        if (st_rel_hard_gap(c, j))
            break;
        j--;
        const st_word *w = &sc->w[j];
        if (w->skip)
            continue;
        if ((w->quote >= 0) != vq) /* a quote the verb is not in (or the verb's quote ends) */
            continue;
        if (w->mention >= 0) {
            *subj_end = j + 1;
            return w->mention;
        }
        const uint32_t k = cls(c, j);
        if (k & ST_C_BREAK)
            break;
        if (k & ST_C_REL) {
            /* "X, which backs Y": the antecedent before the comma */
            if (w->skip == 0 && j > s0 && sc->w[j - 1].mention >= 0 && st_rel_comma_gap(c, j)) {
                *subj_end = j;
                return sc->w[j - 1].mention;
            }
            break;
        }
        if (k & ST_C_PRON) {
            for (size_t m = sc->n_m; m-- > 0;)
                if (sc->m[m].w1 <= j && sc->m[m].kind == ST_K_LEADER &&
                    sc->w[sc->m[m].w0].sent + 2 >= sc->w[j].sent) {
                    *subj_end = j + 1;
                    return (int32_t)m;
                }
            return -1;
        }
        if ((k & ST_C_WE) && vq)
            return sc->w[v].holder >= 0 ? sc->w[v].holder : -1;
        if (++gap > c->cfg->gap)
            return -1;
    }
    /* the verb is inside a quote with no subject: the speaker's */
    if (vq && sc->w[v].holder >= 0)
        return sc->w[v].holder;
    return -1;
}

/* Matches frame words from word i on; returns the word where the target
 * should start, or 0 when the frame does not match. *after_t: the frame
 * continues after T (ignored). */
size_t st_rel_frame(const st_rel_ctx *c, const char *frame, size_t i, size_t end)
{
    const st_scratch *sc = c->sc;
    const char *p = frame;
    while (*p) {
        const char *sp = strchr(p, ' ');
        const size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (n == 1 && p[0] == 'T')
            return i;
        if (n == 1 && p[0] == 'P') {
            static const char *const poss[] = {"its", "his", "her", "their", "our", "my", "your"};
            for (size_t k = 0; k < 7 && i < end; k++)
                if (st_word_is(&sc->w[i], poss[k])) {
                    i++;
                    break;
                }
        } else {
            if (i >= end)
                return 0;
            /* alternatives a/b */
            bool ok = false;
            const char *a = p, *e = p + n;
            while (a < e && !ok) {
                const char *sl = memchr(a, '/', (size_t)(e - a));
                const size_t al = sl ? (size_t)(sl - a) : (size_t)(e - a);
                ok = sc->w[i].len == al && memcmp(sc->w[i].s, a, al) == 0;
                a = sl ? sl + 1 : e;
            }
            if (!ok)
                return 0;
            i++;
        }
        if (sp == NULL)
            break;
        p = sp + 1;
    }
    return 0;
}

/* The mention that starts at word i after at most a few skippable words. */
int32_t st_rel_target(const st_rel_ctx *c, size_t i, size_t end)
{
    const st_scratch *sc = c->sc;
    unsigned plain = 0;
    for (size_t j = i; j < end && j < i + 5; j++) {
        if (j > i && st_rel_hard_gap(c, j))
            return -1;
        if (sc->w[j].mention >= 0)
            return sc->m[sc->w[j].mention].w0 == j ? sc->w[j].mention : -1;
        const uint32_t k = cls(c, j);
        if (k & ST_C_DET)
            continue;
        if ((k & (ST_C_PREP | ST_C_BREAK | ST_C_COORD | ST_C_SAY | ST_C_REL | ST_C_BE)) ||
            (sc->w[j].flags & ST_W_CAP) || ++plain > 2)
            return -1;
    }
    return -1;
}

int st_rel_add(const st_rel_ctx *c, int32_t src, int32_t tgt, size_t vrow, size_t v,
                   int polarity, const char *code, bool negated, bool modal, bool passive)
{
    st_scratch *sc = c->sc;
    st_mention *S = &sc->m[src], *T = &sc->m[tgt];
    if (src == tgt || strcmp(S->id, T->id) == 0)
        return 0;
    for (size_t k = 0; k < sc->n_r; k++) /* the same evidence twice (two frames) */
        if (sc->r[k].src == (uint32_t)src && sc->r[k].tgt == (uint32_t)tgt &&
            sc->r[k].v_start == sc->w[v].start)
            return 0;
    if (!st_grow((void **)&sc->r, &sc->cap_r, sc->n_r + 1, sizeof *sc->r))
        return NM_ENOMEM;
    st_relation *r = &sc->r[sc->n_r++];
    r->src = (uint32_t)src;
    r->tgt = (uint32_t)tgt;
    r->verb = (uint32_t)vrow;
    r->v_start = sc->w[v].start;
    r->v_end = sc->w[v].end;
    uint32_t lo = r->v_start, hi = r->v_end;
    /* the evidence span: the verb and the two mentions when they lie in its sentence */
    const uint32_t vs = sc->w[v].sent;
    if (sc->w[S->w0].sent == vs) {
        lo = S->start < lo ? S->start : lo;
        hi = S->end > hi ? S->end : hi;
    }
    lo = T->start < lo ? T->start : lo;
    hi = T->end > hi ? T->end : hi;
    r->start = lo;
    r->end = hi;
    r->polarity = polarity;
    r->code = code;
    r->negated = negated;
    r->modal = modal;
    r->passive = passive;
    r->in_quote = sc->w[v].quote >= 0;
    S->used = T->used = true;
    return 0;
}

/* Negation and modality between the subject and the verb. */
void st_rel_modality(const st_rel_ctx *c, size_t from, size_t v, bool *neg, bool *modal, int *kind)
{
    *neg = *modal = false;
    *kind = 0;
    const size_t lo = from + 5 < v ? v - 5 : from;
    for (size_t j = lo; j < v; j++) {
        const uint32_t k = cls(c, j);
        if (k & ST_C_NEG)
            *neg = !*neg;
        if (k & ST_C_MODAL)
            *modal = true;
        if (j + 1 < v && st_word_is(&c->sc->w[j + 1], "to")) {
            if (k & ST_C_REFUSE)
                *neg = !*neg;
            if (k & ST_C_THREAT) {
                *kind = 13;
                *modal = true;
            }
            if (k & ST_C_VOW) {
                *kind = 3;
                *modal = true;
            }
        }
    }
}

/* The rows of the word at v: a verb row relates its subject and object (the
 * first row whose frame matches, and only when as_verb); every other row
 * goes to stance_rel_forms.c. */
static int relate_verb(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, const st_lexent *le,
                       bool as_verb)
{
    const st_scratch *sc = c->sc;
    bool matched = !as_verb;
    for (uint32_t ri = le->vbeg; ri < le->vend; ri++) {
        const st_verb *vb = &st_verbs[c->wi->rows[ri]];
        if (vb->shape != ST_V_VERB) {
            if (st_rel_form(c, v, s0, s1, c->wi->rows[ri], as_verb) != 0)
                return NM_ENOMEM;
            continue;
        }
        if (matched)
            continue;
        int32_t tside[MAX_SIDE], sside[MAX_SIDE];
        size_t nt = 0, ns = 0;
        bool passive = false;
        size_t subj_end = v;
        /* passive: T be V-ed by S */
        if (v > s0 && v + 1 < s1 && st_word_is(&sc->w[v + 1], "by") &&
            ((cls(c, v - 1) & ST_C_BE) || (v > s0 + 1 && (cls(c, v - 2) & ST_C_BE)))) {
            const int32_t s = st_rel_target(c, v + 2, s1);
            size_t te;
            const int32_t t = s >= 0 ? st_rel_source(c, v, s0, &te) : -1;
            if (s >= 0 && t >= 0) {
                passive = true;
                ns = st_rel_coordinated(c, s, +1, sside);
                nt = st_rel_coordinated(c, t, -1, tside);
                subj_end = te;
            }
        }
        if (!passive) {
            const size_t at = st_rel_frame(c, vb->frame, v + 1, s1);
            if (at == 0)
                continue;
            const int32_t t = st_rel_target(c, at, s1);
            if (t < 0)
                continue;
            const int32_t s = st_rel_source(c, v, s0, &subj_end);
            if (s < 0)
                continue;
            nt = st_rel_coordinated(c, t, +1, tside);
            ns = st_rel_coordinated(c, s, -1, sside);
        }
        bool neg, modal;
        int kind;
        st_rel_modality(c, subj_end < v ? subj_end : v, v, &neg, &modal, &kind);
        int pol = vb->polarity;
        const char *code = vb->code;
        if (neg) {
            code = pol > 0 ? "12" : NULL;
            pol = pol > 0 ? -1 : 0;
        }
        if (kind == 13) {
            code = "13";
            pol = -1;
        } else if (kind == 3 && !neg) {
            code = pol < 0 ? "13" : "03";
        }
        for (size_t a = 0; a < ns; a++)
            for (size_t b = 0; b < nt; b++)
                if (st_rel_add(c, sside[a], tside[b], c->wi->rows[ri], v, pol, code, neg, modal,
                            passive) != 0)
                    return NM_ENOMEM;
        matched = true; /* the first verb row whose frame matched */
    }
    return 0;
}

int st_relate(const st_words_index *wi, const nm_analysis *an, const st_find_config *cfg,
              st_scratch *sc, nm_err *err)
{
    sc->n_r = 0;
    const st_rel_ctx c = {wi, an, cfg, sc};
    uint32_t done_sent = UINT32_MAX;
    for (size_t k = 0; k < sc->n_m; k++) {
        const uint32_t s = sc->w[sc->m[k].w0].sent;
        if (s == done_sent)
            continue;
        done_sent = s;
        size_t s0 = sc->m[k].w0, s1 = sc->m[k].w1;
        while (s0 > 0 && sc->w[s0 - 1].sent == s)
            s0--;
        while (s1 < sc->n_w && sc->w[s1].sent == s)
            s1++;
        /* a sentence with one mention can still relate it to a quote's speaker */
        bool any_verb = false;
        for (size_t i = s0; i < s1; i++) {
            cls(&c, i);
            if (sc->w[i].lex && wi->e[sc->w[i].lex - 1].vend > wi->e[sc->w[i].lex - 1].vbeg)
                any_verb = true;
        }
        if (!any_verb)
            continue;
        mark_relatives(&c, s0, s1);
        for (size_t i = s0; i < s1; i++) {
            if (!sc->w[i].lex || sc->w[i].mention >= 0)
                continue;
            const st_lexent *le = &wi->e[sc->w[i].lex - 1];
            if (le->vend == le->vbeg)
                continue;
            /* "the host", "its support": a noun, not a verb */
            bool as_verb = true;
            if (i > s0) {
                static const char *const art[] = {"the", "a", "an", "its", "his", "her", "their",
                                                  "our", "my", "your"};
                for (size_t a = 0; a < sizeof art / sizeof art[0] && as_verb; a++)
                    as_verb = !st_word_is(&sc->w[i - 1], art[a]);
            }
            /* "Turkish-backed": the modifier rows relate it, not the verb rows */
            if (as_verb && (sc->w[i].flags & ST_W_HYPHEN))
                for (uint32_t ri = le->vbeg; ri < le->vend && as_verb; ri++)
                    as_verb = !(st_verbs[wi->rows[ri]].shape == ST_V_MOD &&
                                st_rel_hyphen_modifier(&c, i));
            if (relate_verb(&c, i, s0, s1, le, as_verb) != 0)
                return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
        }
    }
    return 0;
}
