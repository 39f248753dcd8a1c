/* stance_internal.h: the pieces of the stance operator and what they share.
 *
 * stance_dict.c    the actor dictionary (actors/<file>.tsv, format in
 *                  actors/README.md): loading, plurals, the alias index
 * stance_map.c     a string -> uint32 hash map (aliases, verbs, dyads)
 * stance_find.c    per document: words, mentions, quotes, in that order
 * stance_words.c   words: tokens folded, possessives stripped, hyphenated
 *                  forms split; word classes looked up on first use
 * stance_mentions.c  actor mentions: lookup, gates, agent composition
 * stance_quotes.c  quotes, speakers, indirect speech, each word's holder
 * stance_verbs.c   the verb table and the word lists
 * stance_rel.c     relations between mentions: subject, verb, object
 * stance_rel_forms.c  relations of other shapes: nominal ("Russia's
 *                  condemnation of"), "X-backed Y", pro-/anti-, reciprocal
 *                  ("A and B signed"), reported attacks ("X said Y shelled")
 * stance_agg.c     stance.jsonl: per (source, target) dyad, save / load
 * stance.c         the operator descriptor and the per-document output
 * README.md has the semantics; nothing here is a public API. */
#ifndef NM_STANCE_INTERNAL_H
#define NM_STANCE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_error.h"
#include "newsmill/nm_word_key.h"
#include "newsmill/nm_xsum.h"

/* ---- string -> uint32 map ------------------------------------------------------- */

typedef struct st_slot {
    uint64_t hash;
    uint32_t key_off, key_len;
    uint32_t val;
    uint32_t used;
} st_slot;

typedef struct st_map {
    st_slot *slot;
    size_t cap;        /* power of two, 0 before the first put */
    size_t n;
    uint64_t *bits;    /* cap * 8 bits: one per key's hash (stance_map.c) */
    char *keys;        /* the keys, back to back, each followed by a NUL */
    size_t keys_len, keys_cap;
} st_map;

uint64_t st_hash(const char *s, size_t n);
/* The value of key s[0, n), or false. */
bool st_map_get(const st_map *m, const char *s, size_t n, uint64_t h, uint32_t *val);
/* Inserts or finds key; *val_io in: value for a new key, out: the value held.
 * Returns 1 when added, 0 when present, NM_ENOMEM. */
int st_map_put(st_map *m, const char *s, size_t n, uint32_t *val_io);
/* st_map_put with the key's hash given: a map of single words is keyed by
 * st_word_hash, which every word of a document gets once (st_words_build),
 * so its lookups hash nothing. Every put and get of one map must use the
 * same hash. */
int st_map_put_h(st_map *m, const char *s, size_t n, uint64_t h, uint32_t *val_io);
/* Starts loading the cache lines a st_map_get of hash h reads first (its
 * filter word and home slot), so that a loop over many lookups known ahead
 * (stance_mentions.c) overlaps their cache misses; changes nothing. */
static inline void st_map_prefetch(const st_map *m, uint64_t h)
{
#if defined(__GNUC__) || defined(__clang__)
    if (m->cap == 0)
        return;
    const size_t b = (size_t)(h >> 32) & (m->cap * 8 - 1); /* stance_map.c bit_of */
    __builtin_prefetch(&m->bits[b / 64]);
    __builtin_prefetch(&m->slot[(size_t)h & (m->cap - 1)]);
#else
    (void)m;
    (void)h;
#endif
}
/* Overwrites the value of a present key of hash h (no-op when absent). */
void st_map_set(st_map *m, const char *s, size_t n, uint64_t h, uint32_t val);

/* The hash of one word (nm_word_key.h): no loop and no branch on the bytes,
 * since every word of every document is hashed; the cheap filter hash it
 * replaced (length, first two and last byte) let common words such as "a",
 * "said", "be" through to the maps. Longer words collide only in the hash;
 * the maps compare keys. */
static inline uint64_t st_word_hash(const char *s, size_t n)
{
    return nm_word_key_hash(nm_word_key_of(s, n), n);
}
const char *st_map_key(const st_map *m, const st_slot *s);
void st_map_free(st_map *m);

/* ---- actor dictionary ------------------------------------------------------------ */

typedef enum st_kind {
    ST_K_NAME,
    ST_K_ADJ,
    ST_K_DEMONYM,
    ST_K_CAPITAL,
    ST_K_METONYM,
    ST_K_LEADER,
    ST_K_ORG,
    ST_K_AGENT,
    ST_K_N
} st_kind;

extern const char *const st_kind_names[ST_K_N];

enum {
    ST_F_CAP = 1u << 0,
    ST_F_SURNAME = 1u << 1,
    ST_F_NEEDS_CTX = 1u << 2,
    ST_F_AMB_ETHNIC = 1u << 3,
    ST_F_METONYM = 1u << 4,
    ST_F_PLURAL = 1u << 5 /* generated plural of an adj/demonym */
};

#define ST_CODE_MAX 24   /* id (<= 12) + role (<= 11) + NUL */
#define ST_NONE UINT32_MAX

typedef struct st_entry {
    char id[13];       /* "ARM", "IGOUNO"; agents: "" (the role is what they add) */
    char role[12];     /* "GOV", "" for none */
    uint8_t kind;      /* st_kind */
    uint8_t flags;     /* ST_F_* */
    uint32_t from, to; /* yyyymmdd inclusive; 0 = open */
    uint32_t next;     /* next entry of the same alias, ST_NONE at the end */
} st_entry;

typedef struct st_alias {
    uint32_t head, tail;  /* entries, in file order */
    uint16_t n_words;
    uint8_t gen;          /* which load last wrote it (user files override) */
    uint8_t pad;
} st_alias;

#define ST_FILTER_BITS 65536u
#define ST_FIRST_ALONE (1u << 16)
#define ST_FIRST_WORDS(v) ((v) & 0xffffu)

/* A word's bit in the ST_FILTER_BITS filters: the top bits of its
 * st_word_hash (the maps' slots and their own filter use the lower ones). */
static inline uint32_t st_filter_bit(uint64_t word_hash)
{
    return (uint32_t)(word_hash >> 48) & (ST_FILTER_BITS - 1u);
}

static inline bool st_filter_has(const uint64_t *filter, uint64_t word_hash)
{
    const uint32_t b = st_filter_bit(word_hash);
    return filter[b / 64] >> (b % 64) & 1u;
}

typedef struct st_dict {
    st_entry *entry;
    size_t n_entry, entry_cap;
    st_alias *alias;
    size_t n_alias, alias_cap;
    st_map aliases;     /* alias text (words joined by one space) -> alias index */
    st_map first;       /* first word of an alias (st_word_hash) -> most words of any alias it starts,
                           | ST_FIRST_ALONE when the word alone is an alias */
    uint64_t filter[ST_FILTER_BITS / 64]; /* st_filter_bit of every first word */
    /* st_filter_bit of every second word: "to" starts "to lam" only, so
       "to be" is turned away before any key is built ("is", "than", "she"...) */
    uint64_t filter2[ST_FILTER_BITS / 64];
    uint8_t gen;
    uint64_t digest;    /* over every line loaded, in order */
} st_dict;

/* Parses one dictionary text (name appears in errors as name:line). gen 0
 * for the built-in files (lines add up), > 0 for a user file (an alias it
 * names replaces every earlier entry of that alias). */
int st_dict_parse(st_dict *d, const char *text, size_t len, const char *name, uint8_t gen,
                  nm_err *err);
int st_dict_load_file(st_dict *d, const char *path, uint8_t gen, nm_err *err);
/* Loads every embedded actors/<file>.tsv, in the fixed order. */
int st_dict_load_builtin(st_dict *d, nm_err *err);
void st_dict_free(st_dict *d);

/* Folds a word for lookup: lower case is done by the analysis; this strips
 * diacritics (canonical decomposition, marks dropped) and writes curly
 * apostrophes as '. Writes at most n + 4 bytes to out; returns the length. */
size_t st_fold(const char *s, size_t n, char *out);

/* ---- word classes and the verb table ----------------------------------------------- */

enum {
    ST_C_SAY = 1u << 0,     /* said, told, added, ... */
    ST_C_TITLE = 1u << 1,   /* president, minister, mr: a bare surname may follow */
    ST_C_LOC = 1u << 2,     /* in, at, from, near, to, into: a capital after it is a place */
    ST_C_BREAK = 1u << 3,   /* but, while, whereas, although...: a clause boundary */
    ST_C_NEG = 1u << 4,     /* not, never, no, n't */
    ST_C_MODAL = 1u << 5,   /* could, may, might, would, should */
    ST_C_DET = 1u << 6,     /* the, a, its, both...: may stand between a verb and its target */
    ST_C_PRON = 1u << 7,    /* he, she: the last person mentioned */
    ST_C_WE = 1u << 8,      /* we, i: the speaker, inside a quote */
    ST_C_SPORT = 1u << 9,   /* football, fifa, tournament: a sports sentence */
    ST_C_SPORTW = 1u << 10, /* beat, draw, match, goal: sports with a score */
    ST_C_BE = 1u << 11,     /* is, was, been: passives */
    ST_C_REL = 1u << 12,    /* which, who, whose, whom */
    ST_C_REFUSE = 1u << 13, /* refused, declined, failed (to): negation */
    ST_C_THREAT = 1u << 14, /* threatened (to) */
    ST_C_VOW = 1u << 15,    /* vowed, pledged, promised (to) */
    ST_C_PREP = 1u << 16,   /* on, of, for, with, against...: never skipped toward a target */
    ST_C_COORD = 1u << 17   /* and, or */
};

#define ST_SPORT_BITS 1024u
/* A word's bit in st_words_index.sport: bits of its st_word_hash that the
 * other filters and the maps' slots do not use first. */
static inline uint32_t st_sport_bit(uint64_t word_hash)
{
    return (uint32_t)(word_hash >> 36) & (ST_SPORT_BITS - 1u);
}

typedef struct st_lexent {
    uint32_t cls;           /* ST_C_* */
    uint32_t vbeg, vend;    /* verb rows [vbeg, vend) in st_words_index.rows */
} st_lexent;

/* Word -> classes and the verb rows the word is a form of; built once. */
typedef struct st_words_index {
    st_map map;             /* word (st_word_hash) -> index into e */
    st_lexent *e;
    size_t n, cap;
    uint32_t *rows;
    size_t n_rows, cap_rows;
    uint64_t filter[ST_FILTER_BITS / 64]; /* st_filter_bit of every word */
    /* st_sport_bit of every ST_C_SPORT or ST_C_SPORTW word: the sports test
       of a sentence with a mention (stance_mentions.c) asks the classes of
       only the words that may be one, not of every word of the sentence */
    uint64_t sport[ST_SPORT_BITS / 64];
    /* st_filter_bit of every ST_C_SPORT word: a sentence none of whose words
       is in it, and that has no hyphenated word (no score "2-0"), is no
       sports sentence, so the sports test skips it (stance_words.c records
       both per sentence as it builds the words) */
    uint64_t sport_strong[ST_FILTER_BITS / 64];
} st_words_index;

static inline bool st_sport_may(const st_words_index *wi, uint64_t word_hash)
{
    const uint32_t b = st_sport_bit(word_hash);
    return wi->sport[b / 64] >> (b % 64) & 1u;
}

int st_words_index_build(st_words_index *wi, nm_err *err);
void st_words_index_free(st_words_index *wi);

/* ---- the verb table -------------------------------------------------------------- */

/* How a row relates its mentions (stance_rel.c for verbs, stance_rel_forms.c
 * for the rest). */
typedef enum st_shape {
    ST_V_VERB = 0, /* S V frame T */
    ST_V_NOUN,     /* S's N of|for T, N of T by S: "Russia's condemnation of" */
    ST_V_MOD,      /* S-V-ed T, one token: "Turkish-backed Syrian rebels" */
    ST_V_PRO,      /* pro-T / anti-T: holder the modified actor, possessor or speaker */
    ST_V_RECIP,    /* A and B V, V by A and B: both ways */
    ST_V_BETWEEN,  /* N between A and B: both ways */
    ST_V_REPORT    /* SPEAKER said (that) S V-ed: SPEAKER -> S (PETRARCH-2's accusation) */
} st_shape;

typedef struct st_verb {
    const char *lemma;  /* what "verb" reports */
    const char *forms;  /* surface forms, '|'-separated */
    const char *frame;  /* words after the verb: T = the target, P = optional possessive
                           pronoun, a/b = alternatives, words after T are not required */
    const char *code;   /* CAMEO-style root code, NULL when none fits */
    int polarity;       /* -1, 0, +1 */
    st_shape shape;     /* ST_V_VERB unless given */
} st_verb;

extern const st_verb st_verbs[];
extern const size_t st_n_verbs;


/* ---- per document ---------------------------------------------------------------- */

enum {
    ST_W_CAP = 1u << 0,     /* capitalised in the text */
    ST_W_POSS = 1u << 1,    /* possessive 's or ' stripped from the end */
    ST_W_HYPHEN = 1u << 2,  /* joined to the previous word by a hyphen */
    ST_W_ALLCAP = 1u << 3
};

typedef struct st_word {
    const char *s;       /* folded lower-case form (no possessive) */
    uint64_t h;          /* st_word_hash of s */
    uint32_t len;
    uint32_t start, end; /* bytes in the text (possessive excluded) */
    uint32_t tok;        /* token index */
    uint32_t sent;       /* sentence index */
    uint32_t flags;      /* ST_W_* */
    int32_t mention;     /* the mention covering the word, -1 */
    int32_t holder;      /* -1 author; >= 0 a mention (the speaker); -2 unknown speaker */
    int32_t quote;       /* the quote the word is in, -1 */
    uint32_t cls;        /* ST_C_* (valid when lex_done) */
    uint32_t lex;        /* st_words_index entry + 1, 0 none (valid when lex_done) */
    uint8_t lex_done;
    uint8_t skip;        /* inside a comma-delimited relative clause */
} st_word;

typedef struct st_mention {
    uint32_t w0, w1;     /* words [w0, w1) */
    uint32_t start, end;
    char code[ST_CODE_MAX]; /* id + role: the actor */
    char id[13];
    uint8_t kind;        /* st_kind of the alias (agent: composed) */
    uint8_t flags;       /* ST_F_* of the entry */
    bool ethnic;         /* amb_ethnic adjective or demonym not composed with an agent */
    bool possessive;
    bool used;           /* took part in a relation (lets an ethnic mention count) */
    bool drop;           /* removed by a gate after the scan (needs_ctx) */
} st_mention;

typedef struct st_quote {
    uint32_t start, end;      /* bytes, quote marks included */
    int32_t speaker;          /* mention, -1 none */
    uint32_t sp_start, sp_end; /* free-text speaker, when no mention */
    uint32_t w0, w1;          /* words: the first starting at or after start, after end */
} st_quote;

typedef struct st_relation {
    uint32_t src, tgt;   /* mentions */
    uint32_t verb;       /* row of st_verbs */
    uint32_t v_start, v_end;
    uint32_t start, end;
    int polarity;
    const char *code;
    bool negated, modal, in_quote, passive;
} st_relation;

typedef struct st_scratch {
    st_word *w;
    size_t n_w, cap_w;
    uint32_t *cand;      /* words that pass the dictionary's first-word filter, in order */
    size_t n_cand, cap_cand; /* cap_cand >= cap_w (stance_words.c) */
    char *fold;          /* folded forms of non-ASCII words */
    size_t cap_fold;
    st_mention *m;
    size_t n_m, cap_m;
    st_quote *q;
    size_t n_q, cap_q;
    st_relation *r;
    size_t n_r, cap_r;
    void *ag;            /* agent matches of the scan (stance_mentions.c) */
    /* per sentence of the analysis, 0 when it surely is no sports sentence
       (st_words_index.sport_strong); sentences past n_sent_may unknown */
    uint8_t *sent_may;
    size_t n_sent_may, cap_sent_may;
    size_t cap_ag;
    char key[512];       /* alias lookup key being built */
} st_scratch;

typedef struct st_find_config {
    uint32_t date;        /* yyyymmdd of the document, 0 undated */
    bool roles;           /* actor codes keep the role (ARMGOV) */
    unsigned gap;         /* most tokens between a mention and a verb */
} st_find_config;

/* The pieces of st_find, in its order: words (stance_words.c; first_filter is the
 * dictionary's first-word filter, its candidates go to sc->cand), mentions
 * (stance_mentions.c), quotes and holders (stance_quotes.c); each 0 or
 * NM_ENOMEM. st_words_build settles the classes of the words outside wi's
 * filter (none) as it goes. */
int st_words_build(const nm_analysis *an, const uint64_t *first_filter,
                   const st_words_index *wi, st_scratch *sc);
int st_mentions_find(const st_dict *d, const st_words_index *wi, const nm_analysis *an,
                     const st_find_config *cfg, st_scratch *sc);
int st_quotes_find(const st_words_index *wi, const nm_analysis *an, st_scratch *sc);
/* Words, mentions, quotes and speakers of one document into sc. */
int st_find(const st_dict *d, const st_words_index *wi, const nm_analysis *an,
            const st_find_config *cfg, st_scratch *sc, nm_err *err);
/* Relations into sc->r (after st_find). */
int st_relate(const st_words_index *wi, const nm_analysis *an, const st_find_config *cfg,
              st_scratch *sc, nm_err *err);
/* The classes of word w, looked up on first use (st_word_cls_lookup), then
 * cached in the word; inline, since most calls find them cached (and
 * st_words_build settles every word outside wi's filter as none). */
uint32_t st_word_cls_lookup(const st_words_index *wi, st_word *w);
static inline uint32_t st_word_cls(const st_words_index *wi, st_word *w)
{
    return w->lex_done ? w->cls : st_word_cls_lookup(wi, w);
}
/* Whether word i is word s (NUL-terminated, folded form). */
bool st_word_is(const st_word *w, const char *s);
void st_scratch_free(st_scratch *sc);

/* Grows an array *p of *cap elements of size sz to hold need. */
bool st_grow(void **p, size_t *cap, size_t need, size_t sz);

/* ---- aggregate ------------------------------------------------------------------- */

/* Polarities and scores are summed exactly (nm_xsum), so sums do not depend
 * on the order documents were added in. */
typedef struct st_dyad {
    uint64_t documents, relations, positive, negative;
    nm_xsum sum;         /* relations: sum of polarities; author: of scores */
} st_dyad;

typedef struct st_agg {
    st_map keys;         /* "SOURCE\tTARGET" -> index */
    st_dyad *d;
    size_t n, cap;
} st_agg;

/* Adds counts and value (a polarity or a score) to the dyad (src, tgt). */
int st_agg_add(st_agg *a, const char *src, const char *tgt, uint64_t documents,
               uint64_t relations, uint64_t positive, uint64_t negative, double value);
/* The next three normalise the exact sums in place (values unchanged). */
int st_agg_merge(st_agg *into, st_agg *from);
int st_agg_emit(st_agg *a, FILE *out, nm_err *err);
int st_agg_save(st_agg *a, uint64_t digest, FILE *out, nm_err *err);
int st_agg_load(st_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err);
void st_agg_free(st_agg *a);

#endif
