/* stance_context_words.c: single tokens for the given-target scorer
 * (stance_context.c): the hand-written word table and its index, negators
 * and boosters through VADER's own lists (ops/sentiment, vader_words.h), the
 * punctuation between tokens, and the per-document cache of these facts
 * (stance_context_cache), so that the mentions of one sentence look each of
 * its words up once. */
#include "stance_context_words.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_word_key.h"
#include "sentiment/vader_words.h"

/* ---- word classes ------------------------------------------------------------------------ */

/* Hand-written; sorted bytewise for the reader (sc_word_of hashes). Valences
 * are on the lexicon's scale (-4..4). A stance valence is used only before
 * the target and only where the lexicon has no value for the word. */
const sc_word sc_words[] = {
    { "according", W_ACCORDING, 0, 0 },
    { "acknowledged", W_SAY, 0, -1.0 },
    { "acknowledges", W_SAY, 0, -1.0 },
    { "added", W_SAY, 0, 0 },
    { "adds", W_SAY, 0, 0 },
    { "admits", W_SAY, 0, -1.2 },
    { "admitted", W_SAY, 0, -1.2 },
    { "against", 0, -1.5, 0 },
    { "also", W_AUX, 0, 0 },
    { "although", W_STRONG, 0, 0 },
    { "announced", W_SAY, 0, 0 },
    { "announces", W_SAY, 0, 0 },
    { "apologised", 0, 0, -1.5 },
    { "apologized", 0, 0, -1.5 },
    { "apologizes", 0, 0, -1.5 },
    { "argued", W_SAY, 0, 0 },
    { "argues", W_SAY, 0, 0 },
    { "asked", W_SAY, 0, 0 },
    { "asks", W_SAY, 0, 0 },
    { "backed", 0, 1.2, 0 },
    { "backing", 0, 1.2, 0 },
    { "backs", 0, 1.2, 0 },
    { "but", W_STRONG, 0, 0 },
    { "called", W_SAY, 0, 0 },
    { "calling", W_SAY, 0, 0 },
    { "calls", W_SAY, 0, 0 },
    { "championed", 0, 1.5, 0 },
    { "claimed", W_SAY, 0, -1.0 },
    { "claiming", 0, 0, -1.0 },
    { "claims", W_SAY, 0, -1.0 },
    { "commented", W_SAY, 0, 0 },
    { "conceded", W_SAY, 0, -1.0 },
    { "concedes", W_SAY, 0, -1.0 },
    { "contended", W_SAY, 0, 0 },
    { "contends", W_SAY, 0, 0 },
    { "continued", W_AUX, 0, 0 },
    { "countered", W_SAY, 0, 0 },
    { "declared", W_SAY, 0, 0 },
    { "defended", 0, 1.2, 0 },
    { "defending", 0, 1.0, 0 },
    { "defends", 0, 1.2, 0 },
    { "denied", 0, 0, -1.2 },
    { "denies", 0, 0, -1.2 },
    { "described", W_SAY, 0, 0 },
    { "describes", W_SAY, 0, 0 },
    { "emphasized", W_SAY, 0, 0 },
    { "explained", W_SAY, 0, 0 },
    { "explains", W_SAY, 0, 0 },
    { "had", W_AUX, 0, 0 },
    { "has", W_AUX, 0, 0 },
    { "have", W_AUX, 0, 0 },
    { "however", W_STRONG, 0, 0 },
    { "insisted", W_SAY, 0, 0 },
    { "insists", W_SAY, 0, 0 },
    { "later", W_AUX, 0, 0 },
    { "lauded", 0, 2.3, 0 },
    { "maintained", W_SAY, 0, 0 },
    { "maintains", W_SAY, 0, 0 },
    { "must", 0, 0, -0.6 },
    { "noted", W_SAY, 0, 0 },
    { "notes", W_SAY, 0, 0 },
    { "observed", W_SAY, 0, 0 },
    { "once", W_AUX, 0, 0 },
    { "posted", W_SAY, 0, 0 },
    { "previously", W_AUX, 0, 0 },
    { "publicly", W_AUX, 0, 0 },
    { "recalled", W_SAY, 0, 0 },
    { "recalls", W_SAY, 0, 0 },
    { "recently", W_AUX, 0, 0 },
    { "refused", 0, 0, -1.2 },
    { "refuses", 0, 0, -1.2 },
    { "replied", W_SAY, 0, 0 },
    { "reported", W_SAY, 0, 0 },
    { "reportedly", W_AUX, 0, 0 },
    { "reports", W_SAY, 0, 0 },
    { "responded", W_SAY, 0, 0 },
    { "said", W_SAY, 0, 0 },
    { "say", W_SAY, 0, 0 },
    { "saying", W_SAY, 0, 0 },
    { "says", W_SAY, 0, 0 },
    { "should", 0, 0, -0.8 },
    { "speaking", W_SAY, 0, 0 },
    { "speaks", W_SAY, 0, 0 },
    { "spoke", W_SAY, 0, 0 },
    { "stated", W_SAY, 0, 0 },
    { "stressed", W_SAY, 0, 0 },
    { "suggested", W_SAY, 0, 0 },
    { "suggests", W_SAY, 0, 0 },
    { "talked", W_SAY, 0, 0 },
    { "talks", W_SAY, 0, 0 },
    { "tell", W_TELL, 0, 0 },
    { "telling", W_TELL, 0, 0 },
    { "tells", W_TELL, 0, 0 },
    { "testified", W_SAY, 0, 0 },
    { "then", W_AUX, 0, 0 },
    { "though", W_STRONG, 0, 0 },
    { "told", W_SAY | W_TELL, 0, 0 },
    { "tweeted", W_SAY, 0, 0 },
    { "tweets", W_SAY, 0, 0 },
    { "whereas", W_STRONG, 0, 0 },
    { "which", W_STRONG | W_REL, 0, 0 },
    { "while", W_STRONG, 0, 0 },
    { "who", W_STRONG | W_REL, 0, 0 },
    { "whom", W_STRONG | W_REL, 0, 0 },
    { "whose", W_STRONG | W_REL, 0, 0 },
    { "writes", W_SAY, 0, 0 },
    { "wrote", W_SAY, 0, 0 },
};

/* An index over sc_words, built once on first use (a bsearch with strlen per
 * probe cost as much as the rest of a token's lookups): open addressing,
 * a slot = word length << 8 | (index + 1), 0 empty. */
#define SC_WORD_SLOTS 512u
#define SC_N_WORDS (sizeof sc_words / sizeof sc_words[0])
_Static_assert(SC_N_WORDS < 255 && SC_N_WORDS * 3 < SC_WORD_SLOTS, "the word index is sparse");
static uint16_t sc_word_slot[SC_WORD_SLOTS];
static pthread_once_t sc_word_once = PTHREAD_ONCE_INIT;

static uint32_t sc_word_hash(const char *w, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h & (SC_WORD_SLOTS - 1u);
}

static void sc_word_build(void)
{
    for (size_t i = 0; i < SC_N_WORDS; i++) {
        const size_t len = strlen(sc_words[i].w);
        uint32_t h = sc_word_hash(sc_words[i].w, len);
        while (sc_word_slot[h] != 0)
            h = (h + 1u) & (SC_WORD_SLOTS - 1u);
        sc_word_slot[h] = (uint16_t)(len << 8 | (i + 1));
    }
}

static const sc_word *sc_word_of(const nm_token *t)
{
    if (t->form_len == 0 || t->form_len > 24) /* no listed word is longer */
        return NULL;
    pthread_once(&sc_word_once, sc_word_build);
    for (uint32_t h = sc_word_hash(t->form, t->form_len); sc_word_slot[h] != 0;
         h = (h + 1u) & (SC_WORD_SLOTS - 1u)) {
        const sc_word *w = &sc_words[(sc_word_slot[h] & 0xffu) - 1u];
        if ((sc_word_slot[h] >> 8) == t->form_len && memcmp(w->w, t->form, t->form_len) == 0)
            return w;
    }
    return NULL;
}

static bool sc_negation(const nm_token *t)
{
    if (vader_word_is_negation(t->form, t->form_len))
        return true;
    /* VADER also negates with any word containing "n't". */
    for (uint32_t i = 0; i + 2 < t->form_len; i++)
        if (t->form[i] == 'n' && t->form[i + 1] == '\'' && t->form[i + 2] == 't')
            return true;
    return false;
}

/* ---- the gaps between tokens -------------------------------------------------------------- */

/* What the text s[a, b) between two tokens holds. */
static unsigned sc_gap(const char *s, size_t a, size_t b)
{
    unsigned g = 0;
    for (size_t i = a; i < b; i++) {
        const unsigned char c = (unsigned char)s[i];
        switch (c) {
        case ':':
            g |= G_WEAK | G_COLON;
            break;
        case ',': case '(': case ')': case '[': case ']':
            g |= G_WEAK;
            break;
        case ';': case '?': case '!':
            g |= G_STRONG;
            break;
        case '-':
            if (i > a && i + 1 < b && s[i - 1] == ' ' && s[i + 1] == ' ')
                g |= G_WEAK;
            break;
        case '"':
            g |= G_QSTRAIGHT;
            break;
        case 0xe2:
            if (i + 2 < b && (unsigned char)s[i + 1] == 0x80) {
                const unsigned char d = (unsigned char)s[i + 2];
                if (d == 0x9c)
                    g |= G_QOPEN;
                else if (d == 0x9d)
                    g |= G_QCLOSE;
                else if (d == 0x93 || d == 0x94) /* en and em dash */
                    g |= G_WEAK;
            }
            break;
        default:
            break;
        }
    }
    return g;
}

/* ---- per-token facts, cached per document ------------------------------------------------- */

_Static_assert(sizeof sc_words / sizeof sc_words[0] < 255, "sc_tok.word holds an index");
_Static_assert((G_WEAK | G_STRONG | G_QOPEN | G_QCLOSE | G_QSTRAIGHT | G_COLON) <= 0xff,
               "sc_tok.gap holds the gap bits");

/* A word's valence, T_HIT and T_PHRASE flags and word-table index (+1). */
static void word_facts(const nm_lexicon *lx, const nm_token *t, double *val, uint8_t *flags,
                       uint8_t *word)
{
    const sc_word *w = sc_word_of(t);
    bool phrase = false;
    *val = 0.0;
    *flags = 0;
    if (nm_lexicon_lookup(lx, t->form, t->form_len, val, &phrase))
        *flags |= T_HIT;
    else
        *val = 0.0;
    if (phrase)
        *flags |= T_PHRASE;
    *word = w ? (uint8_t)(w - sc_words + 1) : 0;
}

void sc_tok_fill(const nm_lexicon *lx, const char *text, const nm_analysis *an, size_t i,
                 sc_tok *f)
{
    const nm_token *t = &an->tokens[i];
    word_facts(lx, t, &f->val, &f->flags, &f->word);
    f->gap = i == 0 ? 0 : (uint8_t)sc_gap(text, an->tokens[i - 1].end, t->start);
}

/* ---- the word index of a cache ------------------------------------------------------------ */

/* Every word a token's facts can come from: the lexicon's keys, the first
 * words of its phrases, the word table. A token that is none of them has no
 * valence, starts no phrase and has no word class, so a miss needs no lookup
 * at all; and most tokens miss. Keys are nm_word_key's (a, b) of the word: up
 * to 16 bytes equal (a, b, length) mean equal words, longer words are
 * compared byte for byte. The facts of each word are nm_lexicon_lookup's own
 * answer, asked once when the index is built, so they are the same bits. */
typedef struct sc_ientry {
    uint64_t a, b;
    const char *s;      /* lives as long as the lexicon (or static) */
    double val;
    uint32_t len;
    uint8_t flags;      /* T_HIT, T_PHRASE */
    uint8_t word;       /* sc_words index + 1, 0 none */
} sc_ientry;

struct sc_index {
    uint32_t *slot;     /* entry + 1, 0 empty; cap slots, a power of two */
    size_t cap;
    uint64_t *bits;     /* SC_IX_BITS bits: one per word's hash */
    sc_ientry *e;
    size_t n, cap_e;
};

#define SC_IX_BITS (1u << 17)

static inline uint64_t sc_ix_hash(nm_word_key k, size_t len)
{
    return nm_word_key_hash(k, len);
}

static inline bool sc_ix_eq(const sc_ientry *x, nm_word_key k, const char *s, size_t len)
{
    return x->len == len && x->a == k.a && x->b == k.b &&
           (len <= 16 || memcmp(x->s, s, len) == 0);
}

static const sc_ientry *sc_ix_find(const struct sc_index *ix, const char *s, size_t len)
{
    const nm_word_key k = nm_word_key_of(s, len);
    const uint64_t h = sc_ix_hash(k, len);
    const uint32_t bit = (uint32_t)(h >> 40) & (SC_IX_BITS - 1u);
    if (!(ix->bits[bit / 64] >> (bit % 64) & 1u))
        return NULL;
    const size_t mask = ix->cap - 1;
    for (size_t i = (size_t)h & mask; ix->slot[i] != 0; i = (i + 1) & mask) {
        const sc_ientry *x = &ix->e[ix->slot[i] - 1];
        if (sc_ix_eq(x, k, s, len))
            return x;
    }
    return NULL;
}

/* Adds word s[0, len) (its facts asked of lx and the word table) unless present. */
static int sc_ix_add(struct sc_index *ix, const nm_lexicon *lx, const char *s, size_t len)
{
    if (len > UINT32_MAX || sc_ix_find(ix, s, len) != NULL)
        return 0;
    if (ix->n == ix->cap_e) {
        const size_t c = ix->cap_e ? ix->cap_e * 2 : 1024;
        sc_ientry *e = realloc(ix->e, c * sizeof *e);
        if (e == NULL)
            return NM_ENOMEM;
        ix->e = e;
        ix->cap_e = c;
    }
    if ((ix->n + 1) * 2 > ix->cap) { /* grow the slots, at most half full */
        const size_t cap = ix->cap ? ix->cap * 2 : 4096;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (slot == NULL)
            return NM_ENOMEM;
        for (size_t j = 0; j < ix->n; j++) {
            const sc_ientry *x = &ix->e[j];
            size_t i = (size_t)sc_ix_hash((nm_word_key){x->a, x->b}, x->len) & (cap - 1);
            while (slot[i] != 0)
                i = (i + 1) & (cap - 1);
            slot[i] = (uint32_t)j + 1;
        }
        free(ix->slot);
        ix->slot = slot;
        ix->cap = cap;
    }
    const nm_word_key k = nm_word_key_of(s, len);
    const uint64_t h = sc_ix_hash(k, len);
    sc_ientry *x = &ix->e[ix->n];
    x->a = k.a;
    x->b = k.b;
    x->s = s;
    x->len = (uint32_t)len;
    const nm_token t = {.form = s, .form_len = (uint32_t)len};
    word_facts(lx, &t, &x->val, &x->flags, &x->word);
    size_t i = (size_t)h & (ix->cap - 1);
    while (ix->slot[i] != 0)
        i = (i + 1) & (ix->cap - 1);
    ix->slot[i] = (uint32_t)ix->n + 1;
    ix->n++;
    const uint32_t bit = (uint32_t)(h >> 40) & (SC_IX_BITS - 1u);
    ix->bits[bit / 64] |= UINT64_C(1) << (bit % 64);
    return 0;
}

static void sc_ix_free(struct sc_index *ix)
{
    if (ix == NULL)
        return;
    free(ix->slot);
    free(ix->bits);
    free(ix->e);
    free(ix);
}

static struct sc_index *sc_ix_build(const nm_lexicon *lx)
{
    struct sc_index *ix = calloc(1, sizeof *ix);
    if (ix == NULL)
        return NULL;
    ix->bits = calloc(SC_IX_BITS / 64, sizeof *ix->bits);
    int rc = ix->bits ? 0 : NM_ENOMEM;
    for (size_t i = 0; rc == 0 && i < SC_N_WORDS; i++)
        rc = sc_ix_add(ix, lx, sc_words[i].w, strlen(sc_words[i].w));
    const size_t n = nm_lexicon_count(lx);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *key;
        size_t len;
        double v;
        nm_lexicon_entry(lx, i, &key, &len, &v);
        rc = sc_ix_add(ix, lx, key, len);
        if (rc == 0 && memchr(key, ' ', len) != NULL) {
            /* a phrase: its first word (split at spaces as the lexicon does) */
            size_t b = 0;
            while (b < len && key[b] == ' ')
                b++;
            size_t e = b;
            while (e < len && key[e] != ' ')
                e++;
            rc = sc_ix_add(ix, lx, key + b, e - b);
        }
    }
    if (rc != 0) {
        sc_ix_free(ix);
        return NULL;
    }
    return ix;
}

void sc_tok_fill_indexed(const struct sc_index *ix, const char *text, const nm_analysis *an,
                         size_t i, sc_tok *f)
{
    const nm_token *t = &an->tokens[i];
    const sc_ientry *x = sc_ix_find(ix, t->form, t->form_len);
    if (x != NULL) {
        f->val = x->val;
        f->flags = x->flags;
        f->word = x->word;
    } else {
        f->val = 0.0;
        f->flags = 0;
        f->word = 0;
    }
    f->gap = i == 0 ? 0 : (uint8_t)sc_gap(text, an->tokens[i - 1].end, t->start);
}

/* Token t's T_NEG and T_BOOST, looked up on first use. */
unsigned sc_tok_rules(sc_tok *f, const nm_token *t)
{
    if (!(f->flags & T_RULES)) {
        f->flags |= T_RULES;
        if (sc_negation(t))
            f->flags |= T_NEG;
        else if (vader_word_booster(t->form, t->form_len) > 0) /* disjoint lists */
            f->flags |= T_BOOST;
    }
    return f->flags;
}

int stance_context_cache_begin(stance_context_cache *c, const nm_lexicon *lx,
                               const nm_analysis *an)
{
    if (an->n_tokens > c->cap) {
        size_t cap = c->cap ? c->cap : 1024;
        while (cap < an->n_tokens)
            cap *= 2;
        sc_tok *t = calloc(cap, sizeof *t); /* gen 0: stale for every generation */
        if (t == NULL) {
            c->lx = NULL;
            return NM_ENOMEM;
        }
        free(c->tok);
        c->tok = t;
        c->cap = cap;
    }
    /* A new generation makes every token stale without touching them; on
       wrap-around (after 2^32 - 1 documents) start over from clean slots. */
    if (++c->gen == 0) {
        memset(c->tok, 0, c->cap * sizeof *c->tok);
        c->gen = 1;
    }
    if (c->ix == NULL || c->ix_lx != lx || c->ix_digest != nm_lexicon_digest(lx)) {
        sc_ix_free(c->ix);
        c->ix = sc_ix_build(lx);
        if (c->ix == NULL) {
            c->lx = NULL;
            return NM_ENOMEM;
        }
        c->ix_lx = lx;
        c->ix_digest = nm_lexicon_digest(lx);
    }
    c->lx = lx;
    return 0;
}

void stance_context_cache_free(stance_context_cache *c)
{
    free(c->tok);
    sc_ix_free(c->ix);
    memset(c, 0, sizeof *c);
}
