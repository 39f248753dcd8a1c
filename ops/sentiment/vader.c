/* vader.c: building the VADER model: the word table and the emoji map.
 *
 * Scoring looks every token up once, in one table that merges what VADER
 * asks of a lower-cased word: its lexicon valence, whether it is a booster
 * (and which way), a negation word, or one of the words the rules name
 * ("no", "but", "least", the idiom words...). The rule word lists and
 * constants are VADER's (spec 2.2), written here. */
#include "newsmill/nm_text.h"
#include "vader_internal.h"
#include "vader_words.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
/* Inlined: keys are short words, where a call costs as much as the hash. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "newsmill/nm_analysis.h"

/* ---- VADER's word lists (spec 2.2) ----------------------------------------------- */

static const char *const vader_negate[] = {
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't",
    "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
    "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't",
    "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not",
    "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't",
    "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
    "wouldn't", "rarely", "seldom", "despite",
};

static const char *const vader_boost_incr[] = {
    "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
    "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
    "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin",
    "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully", "fuckin",
    "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely", "incredible",
    "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
    "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally",
    "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly",
    "very",
};

/* The dampeners with a space ("just enough", "kind of", "sort of") only ever
 * match in the idiom step, by word ids: see vader_score.c. */
static const char *const vader_boost_decr[] = {
    "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little", "marginal",
    "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
    "slightly", "somewhat", "sorta", "sortof", "sort-of",
};

/* Words the rules name, in enum vader_wid order (from VW_NO). */
static const char *const vader_rule_words[] = {
    "no", "kind", "of", "but", "least", "never", "so", "this", "without", "doubt", "at", "very",
    "or", "nor", "sort", "just", "enough", "the", "shit", "bomb", "bad", "ass", "bus", "stop",
    "yeah", "right", "kiss", "death", "to", "die", "for", "beating", "heart", "broken",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(COUNT(vader_negate) == 59, "VADER has 59 negation words");
_Static_assert(COUNT(vader_boost_incr) == 60, "VADER has 60 incrementing boosters");
_Static_assert(COUNT(vader_boost_decr) + 3 == 24, "VADER has 24 dampeners");
_Static_assert(COUNT(vader_rule_words) == VW_COUNT - 1, "rule words and enum vader_wid agree");

/* ---- the word table ----------------------------------------------------------------- */

static int slots_rebuild(vader_model *m, size_t cap)
{
    uint64_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return NM_ENOMEM;
    for (size_t j = 0; j < m->n_word; j++) {
        uint64_t ka, kb;
        const uint64_t h = vader_key(m->keys + m->key_at[j], m->word[j].key_len, &ka, &kb);
        size_t i = (size_t)h & (cap - 1);
        while (slot[i])
            i = (i + 1) & (cap - 1);
        slot[i] = (h >> 32) << 32 | (uint64_t)(j + 1);
    }
    free(m->slot);
    m->slot = slot;
    m->slot_cap = cap;
    return 0;
}

/* Finds or adds the word s[0, n); NULL when out of memory or too long. */
static vader_word *word_add(vader_model *m, const char *s, size_t n)
{
    if (n > VADER_MAX_KEY)
        return NULL;
    const vader_word *found = m->n_word ? vader_word_find(m, s, n) : NULL;
    if (found != NULL)
        return &m->word[found - m->word];
    if ((m->n_word + 1) * 2 > m->slot_cap && slots_rebuild(m, m->slot_cap ? m->slot_cap * 2 : 64) != 0)
        return NULL;
    if (m->n_word == m->word_cap) {
        const size_t cap = m->word_cap ? m->word_cap * 2 : 256;
        vader_word *nw = realloc(m->word, cap * sizeof *nw);
        if (nw == NULL)
            return NULL;
        m->word = nw;
        uint32_t *nk = realloc(m->key_at, cap * sizeof *nk);
        if (nk == NULL)
            return NULL;
        m->key_at = nk;
        m->word_cap = cap;
    }
    /* Every key's bytes go to the arena (rehashing needs them); lookups
     * read it only for keys longer than 16 bytes. */
    if (m->keys_len + n > m->keys_cap) {
        size_t cap = m->keys_cap ? m->keys_cap : 16384;
        while (cap < m->keys_len + n)
            cap *= 2;
        char *nk = realloc(m->keys, cap);
        if (nk == NULL)
            return NULL;
        m->keys = nk;
        m->keys_cap = cap;
    }
    if (m->keys_len + n > UINT32_MAX)
        return NULL;
    memcpy(m->keys + m->keys_len, s, n);
    m->key_at[m->n_word] = (uint32_t)m->keys_len;
    uint64_t ka, kb;
    const uint64_t h = vader_key(s, n, &ka, &kb);
    if (n > 16)
        ka = m->keys_len;
    m->keys_len += n;
    vader_word *w = &m->word[m->n_word];
    memset(w, 0, sizeof *w);
    w->ka = ka;
    w->kb = kb;
    w->key_len = (uint16_t)n;
    size_t i = (size_t)h & (m->slot_cap - 1);
    while (m->slot[i])
        i = (i + 1) & (m->slot_cap - 1);
    m->slot[i] = (h >> 32) << 32 | (uint64_t)(m->n_word + 1);
    m->n_word++;
    if (n > m->max_key_len)
        m->max_key_len = n;
    return w;
}

/* The (first, second word) filter of the phrases (vader_pair_maybe): 64
 * bits per phrase or more, so that few unrelated pairs pass. */
/* The next word of a lexicon key from *at, as nm_lexicon splits a phrase
 * (runs between spaces): [*b, *e); false when there is none. */
static bool key_word(const char *k, size_t len, size_t *at, size_t *b, size_t *e)
{
    size_t i = *at;
    while (i < len && k[i] == ' ')
        i++;
    *b = i;
    while (i < len && k[i] != ' ')
        i++;
    *e = *at = i;
    return *e > *b;
}

static int pairs_build(vader_model *m, const nm_lexicon *lex)
{
    const size_t n_phr = nm_lexicon_phrase_count(lex);
    if (n_phr == 0)
        return 0;
    size_t bits = 64;
    while (bits < 64 * n_phr)
        bits *= 2;
    m->pair_bits = calloc(bits / 64, sizeof *m->pair_bits);
    if (m->pair_bits == NULL)
        return NM_ENOMEM;
    m->pair_mask = bits - 1;
    const size_t n_lex = nm_lexicon_count(lex);
    for (size_t i = 0; i < n_lex; i++) {
        const char *k;
        size_t len;
        double v;
        nm_lexicon_entry(lex, i, &k, &len, &v);
        size_t at = 0, b1, e1, b2, e2;
        if (!key_word(k, len, &at, &b1, &e1) || !key_word(k, len, &at, &b2, &e2))
            continue; /* fewer than two words: no phrase */
        uint64_t ka, kb;
        const uint64_t h1 = vader_key(k + b1, e1 - b1, &ka, &kb);
        const uint64_t h2 = vader_key(k + b2, e2 - b2, &ka, &kb);
        const size_t bit = vader_pair_bit(m, h1, h2);
        m->pair_bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    return 0;
}

int vader_model_new(const nm_lexicon *lex, bool match_phrases, vader_model **out, nm_err *err)
{
    *out = NULL;
    vader_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory building the VADER model");
    m->lex = lex;
    vader_fill_classes(m->cls);
    m->match_phrases = match_phrases && nm_lexicon_phrase_count(lex) > 0;
    m->emoji_cap = 16;
    m->emoji_slot = calloc(m->emoji_cap, sizeof *m->emoji_slot);
    bool ok = m->emoji_slot != NULL;
    const size_t n_lex = nm_lexicon_count(lex);
    for (size_t i = 0; i < n_lex && ok; i++) {
        const char *k;
        size_t len;
        double v;
        nm_lexicon_entry(lex, i, &k, &len, &v);
        if (len > VADER_MAX_KEY)
            continue; /* no token is that long */
        vader_word *w = word_add(m, k, len);
        ok = w != NULL;
        if (ok) {
            w->lex = v;
            w->has_lex = 1;
        }
    }
    vader_word *w;
    for (size_t i = 0; i < COUNT(vader_negate) && ok; i++)
        if ((ok = (w = word_add(m, vader_negate[i], strlen(vader_negate[i]))) != NULL))
            w->negate = 1;
    for (size_t i = 0; i < COUNT(vader_boost_incr) && ok; i++)
        if ((ok = (w = word_add(m, vader_boost_incr[i], strlen(vader_boost_incr[i]))) != NULL))
            w->boost = 1;
    for (size_t i = 0; i < COUNT(vader_boost_decr) && ok; i++)
        if ((ok = (w = word_add(m, vader_boost_decr[i], strlen(vader_boost_decr[i]))) != NULL))
            w->boost = -1;
    for (size_t i = 0; i < COUNT(vader_rule_words) && ok; i++)
        if ((ok = (w = word_add(m, vader_rule_words[i], strlen(vader_rule_words[i]))) != NULL))
            w->wid = (uint8_t)(VW_NO + i);
    /* First words of phrases: flagged for the tone always, for scoring with
     * match_phrases; a first word that is no key gets an entry of its own. */
    for (size_t i = 0; i < n_lex && ok; i++) {
        const char *k;
        size_t len;
        double v;
        nm_lexicon_entry(lex, i, &k, &len, &v);
        size_t at = 0, b1, e1, b2, e2;
        if (!key_word(k, len, &at, &b1, &e1) || !key_word(k, len, &at, &b2, &e2) ||
            !nm_lexicon_starts_phrase(lex, k + b1, e1 - b1))
            continue;
        if ((ok = (w = word_add(m, k + b1, e1 - b1)) != NULL)) {
            w->tphrase = 1;
            w->phrase = m->match_phrases;
        }
    }
    if (ok)
        ok = pairs_build(m, lex) == 0;
    if (!ok) {
        vader_model_free(m);
        return nm_err_set(err, NM_ENOMEM, "out of memory building the VADER model");
    }
    *out = m;
    return 0;
}

void vader_model_free(vader_model *m)
{
    if (m == NULL)
        return;
    free(m->word);
    free(m->keys);
    free(m->key_at);
    free(m->slot);
    free(m->emoji_slot);
    free(m->emoji);
    free(m->emoji_text);
    free(m->pair_bits);
    free(m);
}

/* ---- emoji --------------------------------------------------------------------------- */

static uint32_t cp_hash(uint32_t cp)
{
    return (uint32_t)((cp * 0x9E3779B1u) >> 7);
}

const vader_emoji *vader_emoji_find(const vader_model *m, uint32_t cp)
{
    const size_t mask = m->emoji_cap - 1;
    for (size_t i = cp_hash(cp) & mask;; i = (i + 1) & mask) {
        const uint32_t x = m->emoji_slot[i];
        if (x == 0)
            return NULL;
        if (m->emoji[x - 1].cp == cp)
            return &m->emoji[x - 1];
    }
}

static int emoji_grow(vader_model *m)
{
    const size_t cap = m->emoji_cap * 2;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return NM_ENOMEM;
    for (size_t e = 0; e < m->n_emoji; e++) {
        size_t i = cp_hash(m->emoji[e].cp) & (cap - 1);
        while (slot[i])
            i = (i + 1) & (cap - 1);
        slot[i] = (uint32_t)e + 1;
    }
    free(m->emoji_slot);
    m->emoji_slot = slot;
    m->emoji_cap = cap;
    return 0;
}


int vader_model_parse_emoji(vader_model *m, const char *text, size_t len, const char *name,
                            nm_err *err)
{
    /* Descriptions are kept in one buffer: the text's own size bounds it. */
    char *store = malloc(len + 1);
    if (store == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory loading emoji lexicon %s", name);
    size_t store_len = 0, lineno = 0, pos = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    vader_emoji *em = NULL;
    size_t n_em = 0, em_cap = 0;
    int rc = 0;
    m->n_emoji = 0;
    memset(m->emoji_slot, 0, m->emoji_cap * sizeof *m->emoji_slot);
    while (pos < len && rc == 0) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        const size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - pos;
        const char *s = nm_text_strip(text + pos, &n);
        pos = end + 1;
        lineno++;
        if (n == 0)
            continue;
        if (nm_utf8_valid_prefix(s, n) != n) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: not valid UTF-8", name, lineno);
            break;
        }
        const char *tab = memchr(s, '\t', n);
        if (tab == NULL || tab == s) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: expected emoji<TAB>description", name,
                            lineno);
            break;
        }
        const char *d = tab + 1;
        const char *d_end = memchr(d, '\t', (size_t)(s + n - d));
        const size_t dn = d_end ? (size_t)(d_end - d) : (size_t)(s + n - d);
        utf8proc_int32_t cp;
        const utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s, tab - s, &cp);
        if (k != tab - s)
            continue; /* several code points: VADER never matches these */
        const vader_emoji *old = m->n_emoji ? vader_emoji_find(m, (uint32_t)cp) : NULL;
        vader_emoji *e;
        if (old != NULL) {
            e = &em[old - m->emoji]; /* a later duplicate overwrites */
        } else {
            if (n_em == em_cap) {
                em_cap = em_cap ? em_cap * 2 : 512;
                vader_emoji *ne = realloc(em, em_cap * sizeof *ne);
                if (ne == NULL) {
                    rc = nm_err_set(err, NM_ENOMEM, "out of memory loading emoji lexicon %s", name);
                    break;
                }
                em = ne;
            }
            if ((n_em + 1) * 2 > m->emoji_cap) {
                m->emoji = em;
                m->n_emoji = n_em;
                if (emoji_grow(m) != 0) {
                    rc = nm_err_set(err, NM_ENOMEM, "out of memory loading emoji lexicon %s", name);
                    break;
                }
            }
            e = &em[n_em];
            e->cp = (uint32_t)cp;
            size_t i = cp_hash((uint32_t)cp) & (m->emoji_cap - 1);
            while (m->emoji_slot[i])
                i = (i + 1) & (m->emoji_cap - 1);
            m->emoji_slot[i] = (uint32_t)++n_em;
        }
        e->desc_off = (uint32_t)store_len;
        e->desc_len = (uint32_t)dn;
        memcpy(store + store_len, d, dn);
        store_len += dn;
        m->emoji = em;
        m->n_emoji = n_em;
    }
    if (rc != 0) {
        free(store);
        free(em);
        m->emoji = NULL;
        m->n_emoji = 0;
        memset(m->emoji_slot, 0, m->emoji_cap * sizeof *m->emoji_slot);
        return rc;
    }
    free(m->emoji_text);
    m->emoji_text = store;
    m->emoji = em;
    m->n_emoji = n_em;
    return 0;
}

int vader_model_load_emoji(vader_model *m, const char *path, nm_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = nm_file_read_all(path, "emoji lexicon", &buf, &len, err);
    if (rc == 0)
        rc = vader_model_parse_emoji(m, buf, len, path, err);
    free(buf);
    return rc;
}

size_t vader_model_emoji_count(const vader_model *m)
{
    return m->n_emoji;
}

uint64_t vader_model_digest(const vader_model *m)
{
    XXH64_state_t *h = XXH64_createState();
    if (h == NULL)
        return 0;
    XXH64_reset(h, 0x766164u);
    const unsigned char ph = m->match_phrases;
    XXH64_update(h, &ph, 1);
    for (size_t i = 0; i < m->n_emoji; i++) {
        const vader_emoji *e = &m->emoji[i];
        XXH64_update(h, &e->cp, sizeof e->cp);
        XXH64_update(h, &e->desc_len, sizeof e->desc_len);
        XXH64_update(h, m->emoji_text + e->desc_off, e->desc_len);
    }
    const uint64_t d = XXH64_digest(h);
    XXH64_freeState(h);
    return d;
}

/* ---- the rule word lists for other operators (vader_words.h) --------------------- */

/* The stance scorer asks about every word near a target, so a scan of the
 * lists (about 140 strncmp) per word dominated its cost. The lists above stay
 * the only copy of the words; this is an index over them: an open-addressed
 * table of (list, entry) built once, on first use, thread-safely. */
#include <pthread.h> /* kept with the only code that needs it */
enum { RW_NEG = 1, RW_INCR = 2, RW_DECR = 3 };
#define RW_SLOTS 512u /* power of two, over three times the word count */

/* A slot: 0 empty, else len << 16 | list << 8 | entry index (every list is
 * < 256 long), the length so that most misses compare no bytes. */
static uint32_t rw_slot[RW_SLOTS];
static pthread_once_t rw_once = PTHREAD_ONCE_INIT;

static const char *const *rw_list(unsigned list)
{
    return list == RW_NEG ? vader_negate : list == RW_INCR ? vader_boost_incr : vader_boost_decr;
}

static uint32_t rw_hash(const char *w, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a: the words are a few bytes long */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static void rw_put(unsigned list, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const size_t len = strlen(words[i]);
        uint32_t h = rw_hash(words[i], len) & (RW_SLOTS - 1u);
        while (rw_slot[h] != 0) /* the lists are disjoint: no duplicate to merge */
            h = (h + 1u) & (RW_SLOTS - 1u);
        rw_slot[h] = (uint32_t)(len << 16 | list << 8 | i);
    }
}

static void rw_build(void)
{
    rw_put(RW_NEG, vader_negate, COUNT(vader_negate));
    rw_put(RW_INCR, vader_boost_incr, COUNT(vader_boost_incr));
    rw_put(RW_DECR, vader_boost_decr, COUNT(vader_boost_decr));
}

_Static_assert(COUNT(vader_negate) + COUNT(vader_boost_incr) + COUNT(vader_boost_decr) <
                   RW_SLOTS / 3u,
               "the rule word table stays sparse");

/* Which list the word w[0, len) is in: RW_*, or 0. */
static unsigned rw_find(const char *w, size_t len)
{
    if (len == 0 || len > 16) /* the longest listed word has 13 bytes */
        return 0;
    pthread_once(&rw_once, rw_build);
    for (uint32_t h = rw_hash(w, len) & (RW_SLOTS - 1u); rw_slot[h] != 0;
         h = (h + 1u) & (RW_SLOTS - 1u)) {
        const uint32_t e = rw_slot[h];
        const unsigned list = (e >> 8u) & 0xffu;
        if ((e >> 16u) == len && memcmp(rw_list(list)[e & 0xffu], w, len) == 0)
            return list;
    }
    return 0;
}

bool vader_word_is_negation(const char *w, size_t len)
{
    return rw_find(w, len) == RW_NEG;
}

int vader_word_booster(const char *w, size_t len)
{
    const unsigned list = rw_find(w, len);
    return list == RW_INCR ? 1 : list == RW_DECR ? -1 : 0;
}
