/* stance_find.c: per document, the words, actor mentions, quotes and
 * speakers of the stance operator.
 *
 * Words: the analysis' tokens with diacritics folded, a possessive 's
 * stripped (the tokenizer keeps "Azerbaijan's" as one token) and hyphenated
 * tokens split ("Turkish-backed" -> turkish, backed), so dictionary aliases
 * match inside them. Mentions: longest match, left to right, looked up only
 * at words that start some alias (the dictionary's first-word index), then
 * the gates of actors/README.md (cap, surname, needs_ctx, amb_ethnic,
 * metonym, date ranges), agent composition ("Armenian troops" -> ARMMIL),
 * and sports sentences dropped. Quotes: straight and curly, carried over a
 * paragraph break when the next paragraph reopens one; each gets a speaker
 * from the patterns of README.md, and every word gets a holder (author or
 * speaker), indirect speech ("X said (that) ...", "according to X")
 * included. Nothing is allocated per document once the scratch arrays have
 * grown to the largest document seen. */
#include <stdlib.h>
#include <string.h>

#include "stance_internal.h"

#define OOM(err) nm_err_set((err), NM_ENOMEM, "stance: out of memory")

bool st_word_is(const st_word *w, const char *s)
{
    const size_t n = strlen(s);
    return w->len == n && memcmp(w->s, s, n) == 0;
}

uint32_t st_word_cls(const st_words_index *wi, st_word *w)
{
    if (!w->lex_done) {
        uint32_t v;
        w->lex_done = 1;
        if (w->len == 0)
            return 0;
        const uint32_t qh = st_quick_hash(w->s, w->len);
        if (!(wi->filter[qh / 64] >> (qh % 64) & 1u))
            return 0;
        if (st_map_get(&wi->map, w->s, w->len, st_hash(w->s, w->len), &v)) {
            w->lex = v + 1;
            w->cls = wi->e[v].cls;
        }
    }
    return w->cls;
}

/* ---- words ------------------------------------------------------------------------- */

static bool needs_fold(const nm_token *t)
{
    if (t->flags & NM_TOK_ASCII)
        return false;
    for (uint32_t i = 0; i < t->form_len; i++)
        if ((unsigned char)t->form[i] >= 0x80)
            return true;
    return false;
}

/* Appends a word, its fields written in place: building it on the stack and
 * copying it cost a quarter of st_find (store-forwarding stalls). */
static int add_word(st_scratch *sc, const char *s, size_t len, uint32_t start, uint32_t end,
                    const nm_token *t, size_t tok, uint32_t flags)
{
    if (sc->n_w == sc->cap_w &&
        !st_grow((void **)&sc->w, &sc->cap_w, sc->n_w + 1, sizeof *sc->w))
        return NM_ENOMEM;
    st_word *w = &sc->w[sc->n_w++];
    w->s = s;
    w->len = (uint32_t)len;
    w->start = start;
    w->end = end;
    w->tok = (uint32_t)tok;
    w->sent = t->sentence;
    w->flags = flags;
    w->mention = -1;
    w->holder = -1;
    w->quote = -1;
    w->cls = 0;
    w->lex = 0;
    w->lex_done = 0;
    w->skip = 0;
    return 0;
}

static int build_words(const nm_analysis *an, st_scratch *sc)
{
    sc->n_w = 0;
    size_t fold_need = 0;
    for (size_t i = 0; i < an->n_tokens; i++)
        if (!(an->tokens[i].flags & NM_TOK_ASCII))
            fold_need += an->tokens[i].form_len + 1;
    if (!st_grow((void **)&sc->fold, &sc->cap_fold, fold_need + 1, 1))
        return NM_ENOMEM;
    /* one word per token but for hyphenated ones: grow once for the common case */
    if (!st_grow((void **)&sc->w, &sc->cap_w, an->n_tokens + 1, sizeof *sc->w))
        return NM_ENOMEM;
    size_t fo = 0;
    const char *text = an->text;
    for (size_t i = 0; i < an->n_tokens; i++) {
        const nm_token *t = &an->tokens[i];
        const char *form = t->form;
        size_t flen = t->form_len;
        if (needs_fold(t)) {
            flen = st_fold(form, flen, sc->fold + fo);
            form = sc->fold + fo;
            fo += flen;
        }
        uint32_t tstart = t->start, tend = t->end;
        uint32_t wflags = 0;
        /* possessive: "'s" at the end (U+2019 is already ' in the form) */
        if (flen > 2 && form[flen - 2] == '\'' && form[flen - 1] == 's') {
            flen -= 2;
            wflags |= ST_W_POSS;
            if (tend - tstart >= 4 && memcmp(text + tend - 4, "\xE2\x80\x99", 3) == 0)
                tend -= 4;
            else
                tend -= 2;
        }
        const uint32_t base_flags = ((t->flags & NM_TOK_UPPER_INITIAL) ? ST_W_CAP : 0) |
                                    ((t->flags & NM_TOK_ALL_UPPER) ? ST_W_ALLCAP : 0);
        const char *hy = flen > 2 ? memchr(form + 1, '-', flen - 2) : NULL;
        if (hy == NULL) {
            if (add_word(sc, form, flen, tstart, tend, t, i, wflags | base_flags) != 0)
                return NM_ENOMEM;
            continue;
        }
        /* hyphenated: split form and text at their hyphens (same count: the form
           differs from the text only in case and apostrophes) */
        size_t fp = 0;
        uint32_t tp = tstart;
        bool first = true;
        for (;;) {
            const char *fh = memchr(form + fp, '-', flen - fp);
            const size_t fe = fh ? (size_t)(fh - form) : flen;
            const char *th = memchr(text + tp, '-', tend - tp);
            const uint32_t te = th ? (uint32_t)(th - text) : tend;
            if ((fh == NULL) != (th == NULL)) { /* should not happen: keep the rest whole */
                if (add_word(sc, form + fp, flen - fp, tp, tend, t, i,
                             (first ? base_flags : ST_W_HYPHEN) | wflags) != 0)
                    return NM_ENOMEM;
                break;
            }
            if (fe > fp) {
                uint32_t f = first ? base_flags : ST_W_HYPHEN;
                if (!first && text[tp] >= 'A' && text[tp] <= 'Z')
                    f |= ST_W_CAP;
                if (fh == NULL)
                    f |= wflags;
                if (add_word(sc, form + fp, fe - fp, tp, te, t, i, f) != 0)
                    return NM_ENOMEM;
                first = false;
            }
            if (fh == NULL)
                break;
            fp = fe + 1;
            tp = te + 1;
        }
    }
    return 0;
}

/* ---- mentions ---------------------------------------------------------------------- */

typedef struct agent_match {
    uint32_t w0, w1;
    char role[12];
} agent_match;

static bool date_ok(const st_entry *e, uint32_t date)
{
    if (e->from == 0 && e->to == 0)
        return true;
    if (date == 0) /* undated: only who is still in office */
        return e->to == 0;
    return (e->from == 0 || date >= e->from) && (e->to == 0 || date <= e->to);
}

/* Whether a bare surname at word i is allowed: a title right before it, or
 * the full name of a leader of the same id earlier in the document. */
static bool surname_ok(const st_words_index *wi, st_scratch *sc, size_t i, const st_entry *e)
{
    if (i > 0 && sc->w[i - 1].sent == sc->w[i].sent &&
        (st_word_cls(wi, &sc->w[i - 1]) & ST_C_TITLE))
        return true;
    const st_word *w = &sc->w[i];
    for (size_t k = 0; k < sc->n_m; k++) {
        const st_mention *m = &sc->m[k];
        if (m->kind != ST_K_LEADER || (m->flags & ST_F_SURNAME) || strcmp(m->id, e->id) != 0)
            continue;
        const st_word *last = &sc->w[m->w1 - 1];
        if (last->len == w->len && memcmp(last->s, w->s, w->len) == 0)
            return true;
    }
    return false;
}

/* The first entry of alias a that passes the gates for words [i, i + n);
 * agents are reported through *agent. */
static const st_entry *pick(const st_dict *d, const st_words_index *wi, st_scratch *sc, size_t i,
                            size_t n, const st_alias *a, uint32_t date, const st_entry **agent)
{
    *agent = NULL;
    bool all_cap = true;
    for (size_t k = i; k < i + n; k++)
        if (!(sc->w[k].flags & ST_W_CAP) && !(sc->w[k].len > 0 && sc->w[k].s[0] >= '0' &&
                                              sc->w[k].s[0] <= '9'))
            all_cap = false;
    bool loc = false, loc_done = false;
    for (uint32_t ei = a->head; ei != ST_NONE; ei = d->entry[ei].next) {
        const st_entry *e = &d->entry[ei];
        if (!date_ok(e, date))
            continue;
        if ((e->flags & ST_F_CAP) && !all_cap)
            continue;
        if (e->kind == ST_K_AGENT) {
            if (*agent == NULL)
                *agent = e;
            continue;
        }
        if (e->flags & ST_F_METONYM) {
            if (!loc_done) {
                loc_done = true;
                loc = i > 0 && sc->w[i - 1].sent == sc->w[i].sent &&
                      (st_word_cls(wi, &sc->w[i - 1]) & ST_C_LOC);
            }
            if (loc)
                continue;
        }
        if ((e->flags & ST_F_SURNAME) && !surname_ok(wi, sc, i, e))
            continue;
        return e;
    }
    return NULL;
}

static void set_code(st_mention *m, const char *id, const char *role, bool roles)
{
    const size_t il = strlen(id);
    memcpy(m->code, id, il + 1);
    if (roles && role[0] != '\0')
        memcpy(m->code + il, role, strlen(role) + 1);
}

static int scan_mentions(const st_dict *d, const st_words_index *wi, const st_find_config *cfg,
                         st_scratch *sc, agent_match **agents, size_t *n_agents,
                         size_t *cap_agents)
{
    sc->n_m = 0;
    *n_agents = 0;
    const size_t nw = sc->n_w;
    for (size_t i = 0; i < nw; i++) {
        st_word *w = &sc->w[i];
        uint32_t maxw;
        if (w->len == 0)
            continue;
        const uint32_t qh = st_quick_hash(w->s, w->len);
        if (!(d->filter[qh / 64] >> (qh % 64) & 1u))
            continue;
        if (!st_map_get(&d->first, w->s, w->len, st_hash(w->s, w->len), &maxw))
            continue;
        if (!(maxw & ST_FIRST_ALONE)) { /* only longer aliases start with it */
            const st_word *x = i + 1 < nw ? &sc->w[i + 1] : NULL;
            if (x == NULL || x->sent != w->sent || x->len == 0 || (w->flags & ST_W_POSS))
                continue;
            const uint32_t q2 = st_quick_hash(x->s, x->len);
            if (!(d->filter2[q2 / 64] >> (q2 % 64) & 1u))
                continue;
        }
        maxw = ST_FIRST_WORDS(maxw);
        /* the key of up to maxw words, within the sentence; a possessive ends it */
        size_t ends[17], k = 0, kl = 0;
        for (size_t j = i; j < nw && k < maxw && k < 16; j++) {
            const st_word *x = &sc->w[j];
            if (x->sent != w->sent || kl + x->len + 1 >= sizeof sc->key)
                break;
            if (k > 0)
                sc->key[kl++] = ' ';
            memcpy(sc->key + kl, x->s, x->len);
            kl += x->len;
            ends[++k] = kl;
            if (x->flags & ST_W_POSS)
                break;
        }
        for (size_t n = k; n >= 1; n--) {
            uint32_t ai;
            if (!st_map_get(&d->aliases, sc->key, ends[n], st_hash(sc->key, ends[n]), &ai))
                continue;
            const st_entry *agent;
            const st_entry *e = pick(d, wi, sc, i, n, &d->alias[ai], cfg->date, &agent);
            if (e == NULL && agent == NULL)
                continue;
            if (e == NULL) {
                if (!st_grow((void **)agents, cap_agents, *n_agents + 1, sizeof **agents))
                    return NM_ENOMEM;
                agent_match *am = &(*agents)[(*n_agents)++];
                am->w0 = (uint32_t)i;
                am->w1 = (uint32_t)(i + n);
                memcpy(am->role, agent->role, sizeof am->role);
            } else {
                if (!st_grow((void **)&sc->m, &sc->cap_m, sc->n_m + 1, sizeof *sc->m))
                    return NM_ENOMEM;
                st_mention *m = &sc->m[sc->n_m++];
                memset(m, 0, sizeof *m);
                m->w0 = (uint32_t)i;
                m->w1 = (uint32_t)(i + n);
                m->start = sc->w[i].start;
                m->end = sc->w[i + n - 1].end;
                memcpy(m->id, e->id, sizeof m->id);
                set_code(m, e->id, e->role, cfg->roles);
                m->kind = e->kind;
                m->flags = e->flags;
                m->possessive = (sc->w[i + n - 1].flags & ST_W_POSS) != 0;
            }
            i += n - 1;
            break;
        }
    }
    return 0;
}

/* Composition with agents, title + name merges, gates applied after the
 * scan; then the word -> mention map. */
static void compose(const st_words_index *wi, const st_find_config *cfg, st_scratch *sc,
                    const agent_match *ag, size_t n_ag)
{
    /* right to left, so "Armenian and Azerbaijani negotiators" sees the second
       adjective composed before the first */
    for (size_t k = sc->n_m; k-- > 0;) {
        st_mention *m = &sc->m[k];
        if (m->kind != ST_K_NAME && m->kind != ST_K_ADJ && m->kind != ST_K_CAPITAL &&
            m->kind != ST_K_METONYM)
            continue;
        if (m->flags & ST_F_PLURAL)
            continue;
        /* the agent right after it, in the same sentence */
        const agent_match *hit = NULL;
        size_t lo = 0, hi = n_ag;
        while (lo < hi) {
            const size_t mid = (lo + hi) / 2;
            if (ag[mid].w0 < m->w1)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < n_ag && ag[lo].w0 == m->w1 && sc->w[ag[lo].w0].sent == sc->w[m->w0].sent &&
            !(sc->w[m->w1 - 1].flags & ST_W_POSS && m->kind == ST_K_ADJ))
            hit = &ag[lo];
        if (hit != NULL) {
            char id[13];
            memcpy(id, m->id, sizeof id);
            set_code(m, id, hit->role, cfg->roles);
            m->w1 = hit->w1;
            m->end = sc->w[hit->w1 - 1].end;
            m->kind = ST_K_AGENT;
            m->possessive = (sc->w[hit->w1 - 1].flags & ST_W_POSS) != 0;
            continue;
        }
        /* "Armenian and Azerbaijani negotiators": A and B-agent */
        if (k + 1 < sc->n_m && m->kind == ST_K_ADJ) {
            const st_mention *nx = &sc->m[k + 1];
            st_word *mid = &sc->w[m->w1];
            if (nx->kind == ST_K_AGENT && m->w1 + 1 == nx->w0 &&
                (st_word_cls(wi, mid) & ST_C_COORD)) {
                const char *role = nx->code + strlen(nx->id);
                char id[13];
                memcpy(id, m->id, sizeof id);
                set_code(m, id, role, cfg->roles);
                m->kind = ST_K_AGENT;
            }
        }
    }
    /* a composed title right before a leader of the same id is one mention:
       "Azerbaijan's President Ilham Aliyev" */
    size_t o = 0;
    for (size_t k = 0; k < sc->n_m; k++) {
        st_mention *m = &sc->m[k];
        if (o > 0) {
            st_mention *p = &sc->m[o - 1];
            /* also "U.S. State Department": a name right before a metonym of its own id */
            if (p->w1 == m->w0 && strcmp(p->id, m->id) == 0 && !p->possessive &&
                ((m->kind == ST_K_LEADER && p->kind == ST_K_AGENT) ||
                 (p->kind == ST_K_NAME && (m->kind == ST_K_METONYM || m->kind == ST_K_AGENT)))) {
                const uint32_t w0 = p->w0, st = p->start;
                *p = *m;
                p->w0 = w0;
                p->start = st;
                continue;
            }
        }
        sc->m[o++] = *m;
    }
    sc->n_m = o;
    /* ethnic: an amb_ethnic adjective or demonym left uncomposed */
    for (size_t k = 0; k < sc->n_m; k++) {
        st_mention *m = &sc->m[k];
        m->ethnic = (m->flags & ST_F_AMB_ETHNIC) && m->kind != ST_K_AGENT;
    }
}

static bool is_score(const st_word *w)
{
    /* "2-0" is split into "2" and "0" joined by a hyphen */
    if (!(w->flags & ST_W_HYPHEN) || w->len == 0 || w->len > 2)
        return false;
    for (uint32_t i = 0; i < w->len; i++)
        if (w->s[i] < '0' || w->s[i] > '9')
            return false;
    const st_word *p = w - 1;
    if (p->len == 0 || p->len > 2)
        return false;
    for (uint32_t i = 0; i < p->len; i++)
        if (p->s[i] < '0' || p->s[i] > '9')
            return false;
    return true;
}

/* needs_ctx and sports sentences: mark dropped mentions, then compact. */
static void gates(const st_words_index *wi, st_scratch *sc, const nm_analysis *an)
{
    uint32_t last_sent = UINT32_MAX;
    bool sports = false;
    for (size_t k = 0; k < sc->n_m; k++) {
        st_mention *m = &sc->m[k];
        const uint32_t s = sc->w[m->w0].sent;
        if (s != last_sent) {
            last_sent = s;
            sports = false;
            bool score = false;
            uint32_t strong = 0, weak = 0;
            size_t j = m->w0;
            while (j > 0 && sc->w[j - 1].sent == s)
                j--;
            for (; j < sc->n_w && sc->w[j].sent == s; j++) {
                if (j > 0 && is_score(&sc->w[j]))
                    score = true;
                const uint32_t c = st_word_cls(wi, &sc->w[j]);
                strong += (c & ST_C_SPORT) != 0;
                weak += (c & ST_C_SPORTW) != 0;
            }
            sports = strong > 0 || (score && weak > 0);
        }
        if (sports)
            m->drop = true;
    }
    /* a dateline ("ANKARA -", "GORIS, Armenia, Sept. 27 (Wire) -") names places */
    if (sc->n_w > 0 && (sc->w[0].flags & ST_W_ALLCAP) && sc->w[0].len > 1) {
        const char *t = an->text;
        const size_t lim = an->text_len < 160 ? an->text_len : 160;
        size_t end = 0;
        for (size_t i = 1; i + 2 < lim && end == 0; i++)
            if ((t[i] == '-' && t[i - 1] == ' ' && t[i + 1] == ' ') ||
                ((unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
                 ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93)))
                end = i;
        for (size_t k = 0; k < sc->n_m && sc->m[k].end <= end; k++)
            sc->m[k].drop = true;
    }
    for (size_t k = 0; k < sc->n_m; k++) {
        st_mention *m = &sc->m[k];
        if (!(m->flags & ST_F_NEEDS_CTX) || m->drop)
            continue;
        bool other = false;
        for (size_t j = 0; j < sc->n_m && !other; j++)
            other = j != k && !sc->m[j].drop && !(sc->m[j].flags & ST_F_NEEDS_CTX) &&
                    strcmp(sc->m[j].id, m->id) == 0;
        if (!other)
            m->drop = true;
    }
    size_t o = 0;
    for (size_t k = 0; k < sc->n_m; k++)
        if (!sc->m[k].drop)
            sc->m[o++] = sc->m[k];
    sc->n_m = o;
    for (size_t k = 0; k < sc->n_m; k++)
        for (uint32_t j = sc->m[k].w0; j < sc->m[k].w1; j++)
            sc->w[j].mention = (int32_t)k;
}

/* ---- quotes ------------------------------------------------------------------------ */

/* Quote mark at text[i]: 1 straight, 2 opening, 3 closing; *len its bytes. */
static int quote_at(const char *t, size_t i, size_t n, size_t *len)
{
    const unsigned char c = (unsigned char)t[i];
    if (c == '"') {
        *len = 1;
        return 1;
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80) {
        const unsigned char d = (unsigned char)t[i + 2];
        *len = 3;
        if (d == 0x9C)
            return 2;
        if (d == 0x9D)
            return 3;
    }
    if (c == 0xC2 && i + 1 < n) {
        *len = 2;
        if ((unsigned char)t[i + 1] == 0xAB)
            return 2;
        if ((unsigned char)t[i + 1] == 0xBB)
            return 3;
    }
    return 0;
}

static int add_quote(st_scratch *sc, uint32_t s, uint32_t e, bool cont)
{
    if (!st_grow((void **)&sc->q, &sc->cap_q, sc->n_q + 1, sizeof *sc->q))
        return NM_ENOMEM;
    sc->q[sc->n_q++] = (st_quote){.start = s, .end = e, .speaker = cont ? -3 : -1};
    return 0;
}

static int find_quotes(const nm_analysis *an, st_scratch *sc)
{
    sc->n_q = 0;
    const char *t = an->text;
    bool carry = false; /* the previous paragraph's quote continues */
    for (size_t p = 0; p < an->n_paragraphs; p++) {
        const size_t ps = an->paragraphs[p].start, pe = an->paragraphs[p].end;
        bool open = false;
        size_t open_at = 0;
        bool cont_this = false;
        for (size_t i = ps; i < pe;) {
            /* only '"' and the lead bytes of the curly and angle quotes can start one */
            while (i < pe && t[i] != '"' && t[i] != '\xE2' && t[i] != '\xC2')
                i++;
            if (i >= pe)
                break;
            size_t ql = 1;
            const int q = quote_at(t, i, an->text_len, &ql);
            if (q == 0) {
                i++;
                continue;
            }
            if (!open && q != 3) {
                open = true;
                open_at = i;
                cont_this = carry && sc->n_q > 0 && i == ps;
                carry = false;
            } else if (open && q != 2) {
                if (add_quote(sc, (uint32_t)open_at, (uint32_t)(i + ql), cont_this) != 0)
                    return NM_ENOMEM;
                open = false;
            }
            i += ql;
        }
        carry = false;
        if (open) {
            if (add_quote(sc, (uint32_t)open_at, (uint32_t)pe, cont_this) != 0)
                return NM_ENOMEM;
            if (p + 1 < an->n_paragraphs) {
                size_t ql;
                const int q = quote_at(t, an->paragraphs[p + 1].start, an->text_len, &ql);
                carry = q == 1 || q == 2;
            }
        }
    }
    /* words inside quotes */
    size_t q = 0;
    for (size_t i = 0; i < sc->n_w && q < sc->n_q; i++) {
        st_word *w = &sc->w[i];
        while (q < sc->n_q && sc->q[q].end <= w->start)
            q++;
        if (q < sc->n_q && w->start >= sc->q[q].start && w->end <= sc->q[q].end)
            w->quote = (int32_t)q;
    }
    return 0;
}

/* ---- speakers ---------------------------------------------------------------------- */

/* The last person (leader) mentioned before word i, within 3 sentences. */
static int32_t last_person(const st_scratch *sc, size_t i)
{
    const uint32_t s = sc->w[i].sent;
    for (size_t k = sc->n_m; k-- > 0;) {
        const st_mention *m = &sc->m[k];
        if (m->w1 > i)
            continue;
        if (sc->w[m->w0].sent + 3 < s)
            return -1;
        if (m->kind == ST_K_LEADER)
            return (int32_t)k;
    }
    return -1;
}

/* Only spaces, commas, colons and dashes in text[a, b): no line break, so a
 * speaker is never looked for in the next paragraph. */
static bool thin_gap(const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == ',' || c == ':' || c == '\t' || c == '-')
            continue;
        if (c == 0xE2 && i + 2 < b && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93)) {
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

static void free_speaker(const st_scratch *sc, size_t from, size_t to_excl, st_quote *q)
{
    size_t a = from, b = from;
    while (b < to_excl && b < sc->n_w && (sc->w[b].flags & ST_W_CAP) && sc->w[b].quote < 0)
        b++;
    if (b > a) {
        q->sp_start = sc->w[a].start;
        q->sp_end = sc->w[b - 1].end;
    }
}

static void attribute_quote(const st_words_index *wi, const nm_analysis *an, st_scratch *sc,
                            size_t qi)
{
    st_quote *q = &sc->q[qi];
    if (q->speaker == -3) { /* continues the previous paragraph's quote */
        q->speaker = sc->q[qi - 1].speaker;
        q->sp_start = sc->q[qi - 1].sp_start;
        q->sp_end = sc->q[qi - 1].sp_end;
        return;
    }
    q->speaker = -1;
    const char *t = an->text;
    /* after: '"Q," X said' / '"Q," said X' / '"Q," according to X' */
    size_t a = 0, hi = sc->n_w; /* the first word at or after the quote's end */
    while (a < hi) {
        const size_t mid = (a + hi) / 2;
        if (sc->w[mid].start < q->end)
            a = mid + 1;
        else
            hi = mid;
    }
    if (a < sc->n_w && sc->w[a].quote < 0 && thin_gap(t, q->end, sc->w[a].start)) {
        const uint32_t s = sc->w[a].sent;
        if (a + 2 < sc->n_w && st_word_is(&sc->w[a], "according") &&
            st_word_is(&sc->w[a + 1], "to")) {
            const size_t x = a + 3 < sc->n_w && st_word_is(&sc->w[a + 2], "the") ? a + 3 : a + 2;
            if (sc->w[x].mention >= 0) {
                q->speaker = sc->w[x].mention;
                return;
            }
        }
        for (size_t v = a; v < a + 7 && v < sc->n_w && sc->w[v].sent == s; v++) {
            if (sc->w[v].quote >= 0)
                break;
            if (!(st_word_cls(wi, &sc->w[v]) & ST_C_SAY))
                continue;
            if (v + 1 < sc->n_w && sc->w[v + 1].mention >= 0 && sc->w[v + 1].sent == s) {
                q->speaker = sc->w[v + 1].mention;
                return;
            }
            for (size_t j = v; j > a; j--)
                if (sc->w[j - 1].mention >= 0) {
                    q->speaker = sc->w[j - 1].mention;
                    return;
                }
            if (v > a && (st_word_cls(wi, &sc->w[v - 1]) & ST_C_PRON)) {
                q->speaker = last_person(sc, a);
                return;
            }
            if (v > a)
                free_speaker(sc, a, v, q);
            else
                free_speaker(sc, v + 1, v + 6, q);
            return;
        }
    }
    /* before: 'X said: "Q"' / 'X said "Q"' / 'X, saying Y "Q"' */
    size_t b = a;
    while (b > 0 && sc->w[b - 1].end > q->start)
        b--;
    if (b > 0 && sc->w[b - 1].quote < 0) {
        const uint32_t s = sc->w[b - 1].sent;
        for (size_t v = b; v-- > 0 && v + 6 >= b && sc->w[v].sent == s;) {
            if (sc->w[v].quote >= 0)
                break;
            if (!(st_word_cls(wi, &sc->w[v]) & ST_C_SAY))
                continue;
            for (size_t j = v; j > 0 && j + 8 > v && sc->w[j - 1].sent == s; j--) {
                if (sc->w[j - 1].quote >= 0)
                    break;
                if (sc->w[j - 1].mention >= 0) {
                    q->speaker = sc->w[j - 1].mention;
                    return;
                }
            }
            if (v > 0 && (st_word_cls(wi, &sc->w[v - 1]) & ST_C_PRON)) {
                q->speaker = last_person(sc, v);
                return;
            }
            if (v + 1 < b && sc->w[v + 1].mention >= 0) {
                q->speaker = sc->w[v + 1].mention;
                return;
            }
            /* a name that is no actor: the capitalised words before the verb */
            size_t f = v;
            while (f > 0 && f + 4 > v && sc->w[f - 1].sent == s && (sc->w[f - 1].flags & ST_W_CAP) &&
                   sc->w[f - 1].quote < 0)
                f--;
            if (f < v) {
                q->sp_start = sc->w[f].start;
                q->sp_end = sc->w[v - 1].end;
            }
            break;
        }
        /* inside indirect speech: the clause's holder */
        if (sc->w[b - 1].holder >= 0) {
            q->speaker = sc->w[b - 1].holder;
            return;
        }
    }
    /* an earlier quote of the same paragraph */
    size_t p0 = 0;
    for (size_t lo = 0, up = an->n_paragraphs; lo < up;) {
        const size_t mid = (lo + up) / 2;
        if (an->paragraphs[mid].start <= q->start) {
            p0 = mid;
            lo = mid + 1;
        } else {
            up = mid;
        }
    }
    for (size_t k = qi; k-- > 0;) {
        if (an->n_paragraphs == 0 || sc->q[k].end < an->paragraphs[p0].start)
            break;
        if (sc->q[k].speaker >= 0 || sc->q[k].sp_end > sc->q[k].sp_start) {
            q->speaker = sc->q[k].speaker;
            q->sp_start = sc->q[k].sp_start;
            q->sp_end = sc->q[k].sp_end;
            return;
        }
    }
}

/* Indirect speech: 'X said (that) CLAUSE' and 'according to X': the words of
 * the clause get X as holder. */
static void indirect(const st_words_index *wi, st_scratch *sc)
{
    for (size_t k = 0; k < sc->n_m; k++) {
        const st_mention *m = &sc->m[k];
        const uint32_t s = sc->w[m->w0].sent;
        if (sc->w[m->w0].quote >= 0)
            continue;
        /* according to (the) X */
        const size_t th = m->w0 >= 3 && st_word_is(&sc->w[m->w0 - 1], "the") ? 1 : 0;
        if (m->w0 >= 2 + th && st_word_is(&sc->w[m->w0 - 2 - th], "according") &&
            st_word_is(&sc->w[m->w0 - 1 - th], "to") && sc->w[m->w0 - 2 - th].sent == s) {
            size_t a = m->w0 - 2 - th, b = a;
            while (b > 0 && sc->w[b - 1].sent == s)
                b--;
            size_t from, to;
            if (a == b) { /* "According to X, CLAUSE" */
                from = m->w1;
                to = from;
                while (to < sc->n_w && sc->w[to].sent == s)
                    to++;
            } else {
                from = b;
                to = a;
            }
            for (size_t j = from; j < to; j++)
                if (sc->w[j].quote < 0 && sc->w[j].holder == -1)
                    sc->w[j].holder = (int32_t)k;
            continue;
        }
        /* X [aux/adv] said ... */
        for (size_t v = m->w1; v < m->w1 + 4 && v < sc->n_w && sc->w[v].sent == s; v++) {
            if (sc->w[v].mention >= 0 || sc->w[v].quote >= 0)
                break;
            const uint32_t c = st_word_cls(wi, &sc->w[v]);
            if (c & ST_C_BREAK)
                break;
            if (!(c & ST_C_SAY))
                continue;
            for (size_t j = v + 1; j < sc->n_w && sc->w[j].sent == s; j++)
                if (sc->w[j].quote < 0 && sc->w[j].holder == -1)
                    sc->w[j].holder = (int32_t)k;
            break;
        }
    }
}

int st_find(const st_dict *d, const st_words_index *wi, const nm_analysis *an,
            const st_find_config *cfg, st_scratch *sc, nm_err *err)
{
    sc->n_m = sc->n_q = sc->n_r = 0;
    if (build_words(an, sc) != 0)
        return OOM(err);
    agent_match *ag = sc->ag;
    size_t n_ag = 0;
    const int rc = scan_mentions(d, wi, cfg, sc, &ag, &n_ag, &sc->cap_ag);
    sc->ag = ag;
    if (rc != 0)
        return OOM(err);
    compose(wi, cfg, sc, ag, n_ag);
    gates(wi, sc, an);
    if (find_quotes(an, sc) != 0)
        return OOM(err);
    indirect(wi, sc);
    for (size_t q = 0; q < sc->n_q; q++)
        attribute_quote(wi, an, sc, q);
    for (size_t i = 0; i < sc->n_w; i++) {
        st_word *w = &sc->w[i];
        if (w->quote >= 0)
            w->holder = sc->q[w->quote].speaker >= 0 ? sc->q[w->quote].speaker : -2;
    }
    return 0;
}

void st_scratch_free(st_scratch *sc)
{
    free(sc->w);
    free(sc->fold);
    free(sc->m);
    free(sc->q);
    free(sc->r);
    free(sc->ag);
    memset(sc, 0, sizeof *sc);
}
