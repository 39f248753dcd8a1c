/* vader_internal.h: the VADER model's tables, shared by vader.c (building)
 * and vader_score.c (scoring). Not part of the operator's interface. */
#ifndef NM_SENTIMENT_VADER_INTERNAL_H
#define NM_SENTIMENT_VADER_INTERNAL_H

#include <string.h>

#include "vader.h"

/* Words VADER's rules name, by id, so rules compare small integers. */
enum vader_wid {
    VW_NONE = 0,
    VW_NO, VW_KIND, VW_OF, VW_BUT, VW_LEAST, VW_NEVER, VW_SO, VW_THIS, VW_WITHOUT, VW_DOUBT,
    VW_AT, VW_VERY, VW_OR, VW_NOR, VW_SORT, VW_JUST, VW_ENOUGH,
    /* words of the idioms (SPECIAL_CASES) */
    VW_THE, VW_SHIT, VW_BOMB, VW_BAD, VW_ASS, VW_BUS, VW_STOP, VW_YEAH, VW_RIGHT, VW_KISS,
    VW_DEATH, VW_TO, VW_DIE, VW_FOR, VW_BEATING, VW_HEART, VW_BROKEN,
    VW_COUNT
};

/* What the model knows of one lower-cased word: 32 bytes, so the table of
 * a VADER-sized lexicon stays in the L2 cache. A key of at most 16 bytes is
 * held exactly by its fingerprint (ka, kb) (see vader_key); a longer one by
 * its arena offset (ka) and full hash (kb), confirmed with memcmp. */
typedef struct vader_word {
    uint64_t ka, kb;
    double lex;        /* lexicon valence, when has_lex */
    uint16_t key_len;
    uint8_t has_lex;
    int8_t boost;      /* +1: B_INCR booster, -1: B_DECR dampener, 0: neither */
    uint8_t negate;    /* in VADER's NEGATE list */
    uint8_t wid;       /* enum vader_wid */
    uint8_t phrase;    /* scoring: a multi-word key starts with it (match_phrases) */
    uint8_t tphrase;   /* tone: a multi-word key starts with it (any format) */
} vader_word;

_Static_assert(sizeof(vader_word) == 32, "vader_word fills half a cache line");

#define VADER_MAX_KEY 65535

typedef struct vader_emoji {
    uint32_t cp;
    uint32_t desc_off, desc_len;
} vader_emoji;

struct vader_model {
    const nm_lexicon *lex;
    bool match_phrases;
    vader_word *word;
    size_t n_word, word_cap;
    char *keys;         /* every key's bytes (read by lookups only past 16 bytes) */
    uint32_t *key_at;   /* per word: its key's offset in keys (building only) */
    size_t keys_len, keys_cap;
    uint64_t *slot;     /* hash tag << 32 | (word index + 1); 0 = empty */
    size_t slot_cap;    /* power of two */
    size_t max_key_len;
    vader_emoji *emoji;
    size_t n_emoji;
    uint32_t *emoji_slot;
    size_t emoji_cap;
    char *emoji_text;   /* descriptions */
    uint64_t *pair_bits; /* Bloom filter of (first, second word) of phrases */
    size_t pair_mask;    /* its bit count - 1; pair_bits NULL when no phrase */
    unsigned char cls[256]; /* byte classes for the tokenizer (vader_score.c) */
};

/* One token of the text being scored. */
typedef struct vader_tok {
    const char *L;     /* lower-cased form (not NUL-terminated) */
    uint64_t h, ka, kb; /* table hash and key fingerprint (vader_key) */
    uint32_t L_len;
    double lex;
    uint8_t has_lex;
    int8_t boost;
    uint8_t neg;       /* negated(L): NEGATE word or contains "n't" */
    uint8_t upper;     /* isupper(W) */
    uint8_t wid;
    uint8_t phrase;
    uint8_t probe;     /* short enough to be a key: look it up */
    uint8_t hinted;    /* hit is the lookup's result (vader_hint) */
    const vader_word *hit;
} vader_tok;

/* The fingerprint of a key: for n <= 16 two words that hold every byte
 * (overlapping loads), so (ka, kb, n) equal means the keys are equal; for
 * longer keys, a hash of all bytes in kb. Returns the table hash. */
static inline uint64_t vader_key(const char *s, size_t n, uint64_t *ka, uint64_t *kb)
{
    const uint64_t K1 = 0x9E3779B97F4A7C15u, K2 = 0xC2B2AE3D27D4EB4Fu;
    uint64_t a, b;
    if (n - 4 <= 12) {
        /* 4 to 16 bytes in one branch-free shape (word lengths vary too
         * much for a predictor): four 4-byte loads, the middle two at a
         * select offset, so 8..16 bytes read as two 8-byte halves and 4..7
         * as the first and last 4 bytes, each twice. */
        const size_t hi = n >= 8 ? 4 : 0;
        uint32_t a0, a1, b0, b1;
        memcpy(&a0, s, 4);
        memcpy(&a1, s + hi, 4);
        memcpy(&b0, s + n - 4 - hi, 4);
        memcpy(&b1, s + n - 4, 4);
        a = a0 | (uint64_t)a1 << 32;
        b = b0 | (uint64_t)b1 << 32;
    } else if (n > 0 && n < 4) {
        a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
            (uint64_t)(unsigned char)s[n - 1] << 16;
        b = 0;
    } else if (n == 0) {
        a = b = 0;
    } else {
        uint64_t h = K1 ^ n;
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            h = (h ^ w) * K2;
            h ^= h >> 31;
        }
        uint64_t w;
        memcpy(&w, s + n - 8, 8);
        h = (h ^ w) * K1;
        h ^= h >> 29;
        *ka = 0;
        *kb = h;
        return h * K2 ^ (h >> 32);
    }
    *ka = a;
    *kb = b;
    uint64_t h = (a ^ (uint64_t)n) * K1;
    h ^= (b + K2) * K2;
    h ^= h >> 32;
    h *= K1;
    return h ^ (h >> 29);
}

const vader_emoji *vader_emoji_find(const vader_model *m, uint32_t cp);
void vader_fill_classes(unsigned char cls[256]);

/* The word s[0, n) with fingerprint (ka, kb) and hash h (from vader_key),
 * or NULL. */
static inline const vader_word *vader_word_probe(const vader_model *m, const char *s, size_t n,
                                                 uint64_t h, uint64_t ka, uint64_t kb)
{
    const uint64_t tag = h >> 32;
    const size_t mask = m->slot_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const uint64_t x = m->slot[i];
        if (x == 0)
            return NULL;
        if (x >> 32 != tag)
            continue;
        const vader_word *w = &m->word[(uint32_t)x - 1];
        if (w->key_len != n || w->kb != kb)
            continue;
        if (n <= 16 ? w->ka == ka : memcmp(m->keys + w->ka, s, n) == 0)
            return w;
    }
}

/* Starts loading the slot a probe with hash h reads first: scoring hashes a
 * few tokens ahead so that their table lookups overlap. */
static inline void vader_word_prefetch(const vader_model *m, uint64_t h)
{
#if defined(__GNUC__)
    __builtin_prefetch(&m->slot[(size_t)h & (m->slot_cap - 1)]);
#else
    (void)m;
    (void)h;
#endif
}

/* The filter bit of a phrase's first two words, from their vader_key
 * hashes. Most tokens that start a phrase (common words: "in", "good",
 * "war") are not followed by any of its second words, and this rejects them
 * before the exact match, which re-hashes and compares every candidate. */
static inline size_t vader_pair_bit(const vader_model *m, uint64_t h1, uint64_t h2)
{
    uint64_t x = h1 ^ (h2 * 0x9E3779B97F4A7C15u);
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 29;
    return (size_t)x & m->pair_mask;
}

/* False when no phrase begins with the words of hashes h1, h2 (no false
 * negatives: true may still find no phrase). */
static inline bool vader_pair_maybe(const vader_model *m, uint64_t h1, uint64_t h2)
{
    if (m->pair_bits == NULL)
        return true;
    const size_t b = vader_pair_bit(m, h1, h2);
    return (m->pair_bits[b >> 6] >> (b & 63)) & 1u;
}

/* The word s[0, n) (already lower-cased), or NULL. */
static inline const vader_word *vader_word_find(const vader_model *m, const char *s, size_t n)
{
    if (n > m->max_key_len)
        return NULL;
    uint64_t ka, kb;
    const uint64_t h = vader_key(s, n, &ka, &kb);
    return vader_word_probe(m, s, n, h, ka, kb);
}

#endif
