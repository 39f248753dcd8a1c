/* stance_words.c: the stance operator's words: the analysis' tokens as the
 * dictionary and the verb table see them.
 *
 * Diacritics are folded, a possessive 's is stripped (the tokenizer keeps
 * "Azerbaijan's" as one token) and hyphenated tokens are split
 * ("Turkish-backed" -> turkish, backed; every part after the first flagged
 * ST_W_HYPHEN), so dictionary aliases match inside them. A word's classes
 * and verb rows are looked up once, on first use (st_word_cls), unless the
 * word index's filter already says it has none. Also the
 * per-document scratch's release. */
#include <stdlib.h>
#include <string.h>

#include "stance_internal.h"

bool st_word_is(const st_word *w, const char *s)
{
    const size_t n = strlen(s);
    return w->len == n && memcmp(w->s, s, n) == 0;
}

uint32_t st_word_cls_lookup(const st_words_index *wi, st_word *w)
{
    if (!w->lex_done) {
        uint32_t v;
        w->lex_done = 1;
        if (w->len == 0)
            return 0;
        if (!st_filter_has(wi->filter, w->h))
            return 0;
        if (st_map_get(&wi->map, w->s, w->len, w->h, &v)) {
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

/* Whether form has a '-' other than its first or last byte. */
static inline bool inner_hyphen(const char *form, size_t n)
{
    for (size_t k = 1; k + 1 < n; k++)
        if (form[k] == '-')
            return true;
    return false;
}

/* Whether some byte of x's low n bytes (n <= 8) is '-': a byte of x ^ '-'
 * is 0 where x has '-'; a borrow can only flag a byte above a true zero, so
 * the low n bytes are flagged iff one is '-'. */
static inline bool has_hyphen8(uint64_t x, size_t n)
{
    const uint64_t ones = UINT64_C(0x0101010101010101);
    x ^= ones * '-';
    const uint64_t z = (x - ones) & ~x & ones * 0x80u;
    const uint64_t keep = n >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
    return (z & keep) != 0;
}

/* Whether token t may hold a '-': false only when it surely holds none. An
 * ASCII token's form is its text lower-cased, byte for byte, so its text is
 * tested, 8 bytes at once (the form may end its allocation; the text is read
 * only where it has 8 bytes: a token of 8 bytes or more is read in 8-byte
 * pieces inside it, the last one overlapping). The memchr call or byte loop
 * over every token this avoids was a twentieth of the operator's time,
 * mostly mispredicted loop exits. */
static inline bool may_hyphen(const nm_analysis *an, const nm_token *t)
{
    const size_t n = t->end - t->start;
    if (!(t->flags & NM_TOK_ASCII))
        return true;
    const char *p = an->text + t->start;
    uint64_t x;
    if (n <= 8) {
        if (t->start + 8 > an->text_len)
            return true;
        memcpy(&x, p, 8);
        return has_hyphen8(x, n);
    }
    for (size_t k = 0; k + 8 < n; k += 8) {
        memcpy(&x, p + k, 8);
        if (has_hyphen8(x, 8))
            return true;
    }
    memcpy(&x, p + n - 8, 8);
    return has_hyphen8(x, 8);
}

/* The words being built, in locals: with the counts in the scratch, every
 * candidate store (a uint32_t through a pointer) might have changed them, so
 * each word reloaded the count the previous word had just stored, a chain
 * through memory that serialised the words. Written back at the end. */
typedef struct words_out {
    st_word *w;
    uint32_t *cand;
    size_t n_w, n_cand, cap_w;
    /* sc->sent_may, n_sent entries: or-ed into per word (a side chain
       through memory that no address depends on, unlike the counts) */
    uint8_t *sent_may;
    size_t n_sent;
} words_out;

/* Grows the words, and the candidates to as many, so that add_word may
 * always write one candidate past the last. */
static bool grow_words(st_scratch *sc, size_t need)
{
    return st_grow((void **)&sc->w, &sc->cap_w, need, sizeof *sc->w) &&
           st_grow((void **)&sc->cand, &sc->cap_cand, sc->cap_w, sizeof *sc->cand);
}

static bool grow_out(st_scratch *sc, words_out *o, size_t need)
{
    if (!grow_words(sc, need))
        return false;
    o->w = sc->w;
    o->cand = sc->cand;
    o->cap_w = sc->cap_w;
    return true;
}

/* Appends a word, its fields written in place: building it on the stack and
 * copying it cost a quarter of st_find (store-forwarding stalls). A word
 * whose hash is in filter (the dictionary's first-word filter) is appended to
 * the candidates without a branch: the scan for mentions then visits those
 * only, and the filter test it made on every word was a mispredicted branch
 * for about one word in five. */
static inline int add_word(st_scratch *sc, words_out *o, const uint64_t *filter,
                           const st_words_index *wi, const char *s, size_t len, uint32_t start,
                           uint32_t end, const nm_token *t, size_t tok, uint32_t flags)
{
    const uint64_t *const lex_filter = wi->filter;
    if (o->n_w == o->cap_w && !grow_out(sc, o, o->n_w + 1))
        return NM_ENOMEM;
    const uint64_t h = st_word_hash(s, len);
    /* whether the sentence may be a sports one (stance_mentions.c gates) */
    if (t->sentence < o->n_sent)
        o->sent_may[t->sentence] |=
            (uint8_t)(st_filter_has(wi->sport_strong, h) | ((flags & ST_W_HYPHEN) != 0));
    o->cand[o->n_cand] = (uint32_t)o->n_w;
    o->n_cand += (size_t)((len != 0) & st_filter_has(filter, h));
    st_word *w = &o->w[o->n_w++];
    w->s = s;
    w->h = h;
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
    /* a word outside the word index's filter has no classes: settled here,
       without a branch, where the hash is at hand */
    w->lex_done = (uint8_t)((len == 0) | !st_filter_has(lex_filter, h));
    w->skip = 0;
    return 0;
}

static int words_build(const nm_analysis *an, const uint64_t *first_filter,
                       const st_words_index *wi, st_scratch *sc, words_out *o)
{
    size_t fold_need = 0;
    for (size_t i = 0; i < an->n_tokens; i++)
        if (!(an->tokens[i].flags & NM_TOK_ASCII))
            fold_need += an->tokens[i].form_len + 1;
    if (!st_grow((void **)&sc->fold, &sc->cap_fold, fold_need + 1, 1))
        return NM_ENOMEM;
    /* one word per token but for hyphenated ones: grow once for the common case */
    if (!grow_out(sc, o, an->n_tokens + 1))
        return NM_ENOMEM;
    size_t fo = 0;
    const char *text = an->text;
    char *const fold = sc->fold;
    for (size_t i = 0; i < an->n_tokens; i++) {
        const nm_token *t = &an->tokens[i];
        const char *form = t->form;
        size_t flen = t->form_len;
        if (needs_fold(t)) {
            flen = st_fold(form, flen, fold + fo);
            form = fold + fo;
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
        if (!may_hyphen(an, t) || !inner_hyphen(form, flen)) {
            if (add_word(sc, o, first_filter, wi, form, flen, tstart, tend, t, i,
                         wflags | base_flags) != 0)
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
                if (add_word(sc, o, first_filter, wi, form + fp, flen - fp, tp, tend,
                             t, i, (first ? base_flags : ST_W_HYPHEN) | wflags) != 0)
                    return NM_ENOMEM;
                break;
            }
            if (fe > fp) {
                uint32_t f = first ? base_flags : ST_W_HYPHEN;
                if (!first && text[tp] >= 'A' && text[tp] <= 'Z')
                    f |= ST_W_CAP;
                if (fh == NULL)
                    f |= wflags;
                if (add_word(sc, o, first_filter, wi, form + fp, fe - fp, tp, te, t, i,
                             f) != 0)
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

int st_words_build(const nm_analysis *an, const uint64_t *first_filter,
                   const st_words_index *wi, st_scratch *sc)
{
    if (!st_grow((void **)&sc->sent_may, &sc->cap_sent_may, an->n_sentences + 1, 1)) {
        sc->n_sent_may = 0;
        return NM_ENOMEM;
    }
    sc->n_sent_may = an->n_sentences;
    memset(sc->sent_may, 0, an->n_sentences);
    words_out o = {.w = sc->w, .cand = sc->cand, .n_w = 0, .n_cand = 0, .cap_w = sc->cap_w,
                   .sent_may = sc->sent_may, .n_sent = sc->n_sent_may};
    const int rc = words_build(an, first_filter, wi, sc, &o);
    sc->n_w = o.n_w;
    sc->n_cand = o.n_cand;
    return rc;
}

void st_scratch_free(st_scratch *sc)
{
    free(sc->w);
    free(sc->cand);
    free(sc->fold);
    free(sc->m);
    free(sc->q);
    free(sc->r);
    free(sc->ag);
    free(sc->sent_may);
    memset(sc, 0, sizeof *sc);
}
