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

void sc_tok_fill(const nm_lexicon *lx, const char *text, const nm_analysis *an, size_t i,
                        sc_tok *f)
{
    const nm_token *t = &an->tokens[i];
    const sc_word *w = sc_word_of(t);
    bool phrase = false;
    f->val = 0.0;
    f->flags = 0;
    if (nm_lexicon_lookup(lx, t->form, t->form_len, &f->val, &phrase))
        f->flags |= T_HIT;
    else
        f->val = 0.0;
    if (phrase)
        f->flags |= T_PHRASE;
    f->word = w ? (uint8_t)(w - sc_words + 1) : 0;
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
    c->lx = lx;
    return 0;
}

void stance_context_cache_free(stance_context_cache *c)
{
    free(c->tok);
    memset(c, 0, sizeof *c);
}
