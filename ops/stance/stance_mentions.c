/* stance_mentions.c: the actor mentions of one document, over its words.
 *
 * Longest match, left to right, looked up only at words that start some
 * alias (the dictionary's first-word index and its bit filters); then the
 * gates of actors/README.md (cap, surname, needs_ctx, amb_ethnic, metonym,
 * date ranges), agent composition ("Armenian troops" -> ARMMIL), title +
 * leader merges, and the mentions dropped in datelines and sports
 * sentences. Leaves every word's mention index set. */
#include <string.h>

#include "stance_internal.h"

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
    /* the words that pass the first-word filter (st_words_build); a match of
       n words resumes the scan after it */
    size_t next = 0;
    /* most first-word lookups miss the caches: the ones a few candidates
       ahead are started early, so that they overlap */
    enum { AHEAD = 4 };
    const size_t n_cand = sc->n_cand;
    for (size_t c = 0; c < n_cand && c < AHEAD; c++)
        st_map_prefetch(&d->first, sc->w[sc->cand[c]].h);
    for (size_t c = 0; c < n_cand; c++) {
        if (c + AHEAD < n_cand)
            st_map_prefetch(&d->first, sc->w[sc->cand[c + AHEAD]].h);
        const size_t i = sc->cand[c];
        if (i < next)
            continue;
        st_word *w = &sc->w[i];
        uint32_t maxw;
        if (!st_map_get(&d->first, w->s, w->len, w->h, &maxw))
            continue;
        if (!(maxw & ST_FIRST_ALONE)) { /* only longer aliases start with it */
            const st_word *x = i + 1 < nw ? &sc->w[i + 1] : NULL;
            if (x == NULL || x->sent != w->sent || x->len == 0 || (w->flags & ST_W_POSS))
                continue;
            if (!st_filter_has(d->filter2, x->h))
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
            next = i + n;
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

/* Whether sentence s (holding word w) reads as sports: a strong sports
 * word, or a score and a weak one. */
static bool sports_sentence(const st_words_index *wi, st_scratch *sc, size_t w, uint32_t s)
{
    bool score = false;
    uint32_t strong = 0, weak = 0;
    size_t j = w;
    while (j > 0 && sc->w[j - 1].sent == s)
        j--;
    for (; j < sc->n_w && sc->w[j].sent == s; j++) {
        if (j > 0 && is_score(&sc->w[j]))
            score = true;
        /* a word outside the sports filter has neither class: its lookup is
           left to whoever needs its classes */
        st_word *x = &sc->w[j];
        const uint32_t c = x->lex_done || st_sport_may(wi, x->h) ? st_word_cls(wi, x) : 0u;
        strong += (c & ST_C_SPORT) != 0;
        weak += (c & ST_C_SPORTW) != 0;
    }
    return strong > 0 || (score && weak > 0);
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
            /* no strong sports word and no hyphenated word (no score): no
               sports sentence, and no need to look at its words */
            const bool may = s >= sc->n_sent_may || sc->sent_may[s] != 0;
            sports = may && sports_sentence(wi, sc, m->w0, s);
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

int st_mentions_find(const st_dict *d, const st_words_index *wi, const nm_analysis *an,
                     const st_find_config *cfg, st_scratch *sc)
{
    agent_match *ag = sc->ag;
    size_t n_ag = 0;
    const int rc = scan_mentions(d, wi, cfg, sc, &ag, &n_ag, &sc->cap_ag);
    sc->ag = ag;
    if (rc != 0)
        return rc;
    compose(wi, cfg, sc, ag, n_ag);
    gates(wi, sc, an);
    return 0;
}
