/* lexicon.c: loading and querying word -> score lexicons (nm_lexicon.h).
 *
 * Keys live in one arena; an open-addressing table of entry indices (XXH3
 * hashes kept per entry, so probes compare a hash before any bytes) gives
 * exact lookups in one or two cache misses. Phrases (keys with spaces) are
 * indexed by their first word: the first word gets an entry of its own (a
 * "valueless" one when it is not a key itself, placed after every real key
 * so that iteration over keys never sees it) pointing at its phrases sorted
 * longest first, so a match tries the longest candidate first. */
#include "newsmill/nm_lexicon.h"
#include "newsmill/nm_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Inlined: keys are short words, where a call costs as much as the hash. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "newsmill/nm_analysis.h"

typedef struct lex_entry {
    uint64_t hash;
    uint32_t key_off, key_len;
    double value;
    uint32_t phr_begin, phr_end; /* phrases whose first word is this key */
    bool has_value;
} lex_entry;

typedef struct lex_phrase {
    uint32_t entry;     /* the phrase's own key */
    uint32_t first;     /* the entry of its first word */
    uint32_t n_words;
    uint32_t words_off; /* n_words (offset, length) pairs in wordpos */
} lex_phrase;

struct nm_lexicon {
    nm_lexicon_format format;
    char *arena;
    size_t arena_len, arena_cap;
    lex_entry *entry;
    size_t n_entry, entry_cap;
    size_t n_keys;      /* entries with a value: the first n_keys */
    uint32_t *slot;     /* entry index + 1; 0 = empty */
    size_t slot_cap;    /* power of two */
    lex_phrase *phrase;
    size_t n_phrase;
    uint32_t *wordpos;
    size_t max_words;
    uint64_t digest;
};

/* ---- Python's white space (str.strip / str.split), as VADER's loader uses it ---- */

/* Strips white space (Python's set, see nm_text.h) from both ends. */
static void strip(const char **p, size_t *n)
{
    *p = nm_text_strip(*p, n);
}

/* ---- table ------------------------------------------------------------------------ */

static uint64_t key_hash(const char *key, size_t len)
{
    return XXH3_64bits(key, len);
}

static int64_t find_entry(const nm_lexicon *lx, const char *key, size_t len, uint64_t h)
{
    if (lx->slot_cap == 0)
        return -1;
    const size_t mask = lx->slot_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const uint32_t s = lx->slot[i];
        if (s == 0)
            return -1;
        const lex_entry *e = &lx->entry[s - 1];
        if (e->hash == h && e->key_len == len && memcmp(lx->arena + e->key_off, key, len) == 0)
            return (int64_t)(s - 1);
    }
}

static int grow_slots(nm_lexicon *lx)
{
    const size_t cap = lx->slot_cap ? lx->slot_cap * 2 : 1024;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return NM_ENOMEM;
    for (size_t e = 0; e < lx->n_entry; e++) {
        size_t i = (size_t)lx->entry[e].hash & (cap - 1);
        while (slot[i])
            i = (i + 1) & (cap - 1);
        slot[i] = (uint32_t)e + 1;
    }
    free(lx->slot);
    lx->slot = slot;
    lx->slot_cap = cap;
    return 0;
}

/* Adds key (or finds it); returns its entry index or a negative error. */
static int64_t add_entry(nm_lexicon *lx, const char *key, size_t len, bool *added)
{
    const uint64_t h = key_hash(key, len);
    const int64_t found = find_entry(lx, key, len, h);
    *added = false;
    if (found >= 0)
        return found;
    if (len > UINT32_MAX / 2 || lx->n_entry >= UINT32_MAX / 4)
        return NM_ENOMEM;
    if ((lx->n_entry + 1) * 2 > lx->slot_cap && grow_slots(lx) != 0)
        return NM_ENOMEM;
    if (lx->n_entry == lx->entry_cap) {
        const size_t cap = lx->entry_cap ? lx->entry_cap * 2 : 256;
        lex_entry *e = realloc(lx->entry, cap * sizeof *e);
        if (e == NULL)
            return NM_ENOMEM;
        lx->entry = e;
        lx->entry_cap = cap;
    }
    if (lx->arena_len + len + 1 > lx->arena_cap) {
        size_t cap = lx->arena_cap ? lx->arena_cap : 4096;
        while (cap < lx->arena_len + len + 1)
            cap *= 2;
        char *a = realloc(lx->arena, cap);
        if (a == NULL)
            return NM_ENOMEM;
        lx->arena = a;
        lx->arena_cap = cap;
    }
    memcpy(lx->arena + lx->arena_len, key, len);
    lx->arena[lx->arena_len + len] = '\0';
    lex_entry *e = &lx->entry[lx->n_entry];
    *e = (lex_entry){.hash = h, .key_off = (uint32_t)lx->arena_len, .key_len = (uint32_t)len};
    lx->arena_len += len + 1;
    const size_t mask = lx->slot_cap - 1;
    size_t i = (size_t)h & mask;
    while (lx->slot[i])
        i = (i + 1) & mask;
    lx->slot[i] = (uint32_t)lx->n_entry + 1;
    *added = true;
    return (int64_t)lx->n_entry++;
}

/* ---- values ------------------------------------------------------------------------ */

/* A decimal number: [+-] digits [. digits] [(e|E) [+-] digits], with at least
 * one digit in the mantissa; integer_only allows only [+-] digits. */
static bool is_number(const char *s, size_t n, bool integer_only)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (integer_only)
        return digits > 0 && i == n;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t ed = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, ed++;
        if (ed == 0)
            return false;
    }
    return i == n;
}

static const char *format_name(nm_lexicon_format f)
{
    switch (f) {
    case NM_LEXICON_VADER: return "vader";
    case NM_LEXICON_AFINN: return "afinn";
    case NM_LEXICON_TSV: return "tsv";
    default: return "auto";
    }
}

/* ---- phrases ------------------------------------------------------------------------ */

static int phrase_cmp(const void *a, const void *b)
{
    const lex_phrase *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->n_words != y->n_words)
        return x->n_words > y->n_words ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static int build_phrases(nm_lexicon *lx)
{
    size_t n_phr = 0, n_words = 0;
    for (size_t e = 0; e < lx->n_keys; e++) {
        const char *k = lx->arena + lx->entry[e].key_off;
        const size_t len = lx->entry[e].key_len;
        if (memchr(k, ' ', len) == NULL)
            continue;
        n_phr++;
        for (size_t i = 0; i < len; i++)
            if (k[i] != ' ' && (i == 0 || k[i - 1] == ' '))
                n_words++;
    }
    lx->max_words = 1;
    if (n_phr == 0)
        return 0;
    lx->phrase = malloc(n_phr * sizeof *lx->phrase);
    lx->wordpos = malloc(n_words * 2 * sizeof *lx->wordpos);
    if (lx->phrase == NULL || lx->wordpos == NULL)
        return NM_ENOMEM;
    size_t wp = 0;
    const size_t n_keys = lx->n_keys;
    for (size_t e = 0; e < n_keys; e++) {
        const uint32_t off = lx->entry[e].key_off, len = lx->entry[e].key_len;
        if (memchr(lx->arena + off, ' ', len) == NULL)
            continue;
        const size_t w0 = wp;
        for (uint32_t i = 0; i < len;) {
            while (i < len && lx->arena[off + i] == ' ')
                i++;
            const uint32_t b = i;
            while (i < len && lx->arena[off + i] != ' ')
                i++;
            if (i > b) {
                lx->wordpos[wp * 2] = off + b;
                lx->wordpos[wp * 2 + 1] = i - b;
                wp++;
            }
        }
        if (wp - w0 < 2) {
            wp = w0; /* one word padded with spaces: only an exact key */
            continue;
        }
        bool added;
        /* The first word may append an entry: arena and entry may move. */
        const uint32_t fo = lx->wordpos[w0 * 2], fl = lx->wordpos[w0 * 2 + 1];
        char tmp[256];
        char *word = fl < sizeof tmp ? tmp : malloc(fl);
        if (word == NULL)
            return NM_ENOMEM;
        memcpy(word, lx->arena + fo, fl);
        const int64_t first = add_entry(lx, word, fl, &added);
        if (word != tmp)
            free(word);
        if (first < 0)
            return NM_ENOMEM;
        if (added) {
            lx->entry[first].has_value = false;
            lx->entry[first].value = 0;
        }
        lex_phrase *p = &lx->phrase[lx->n_phrase++];
        p->entry = (uint32_t)e;
        p->first = (uint32_t)first;
        p->n_words = (uint32_t)(wp - w0);
        p->words_off = (uint32_t)w0;
        if (p->n_words > lx->max_words)
            lx->max_words = p->n_words;
    }
    qsort(lx->phrase, lx->n_phrase, sizeof *lx->phrase, phrase_cmp);
    for (size_t i = 0; i < lx->n_phrase;) {
        size_t j = i;
        while (j < lx->n_phrase && lx->phrase[j].first == lx->phrase[i].first)
            j++;
        lx->entry[lx->phrase[i].first].phr_begin = (uint32_t)i;
        lx->entry[lx->phrase[i].first].phr_end = (uint32_t)j;
        i = j;
    }
    return 0;
}

static void compute_digest(nm_lexicon *lx)
{
    uint64_t d = 0x6c6578u;
    for (size_t e = 0; e < lx->n_keys; e++) {
        unsigned char v[8];
        uint64_t bits;
        memcpy(&bits, &lx->entry[e].value, sizeof bits);
        for (int k = 0; k < 8; k++)
            v[k] = (unsigned char)(bits >> (8 * k));
        d = XXH3_64bits_withSeed(lx->arena + lx->entry[e].key_off,
                                 (size_t)lx->entry[e].key_len + 1, d);
        d = XXH3_64bits_withSeed(v, sizeof v, d);
    }
    lx->digest = d;
}

/* ---- parsing ------------------------------------------------------------------------- */

static bool is_comment(const char *s, size_t n)
{
    return n >= 1 && s[0] == '#' && (n == 1 || s[1] == ' ' || s[1] == '\t' || s[1] == '#');
}

static int parse_line(nm_lexicon *lx, const char *s, size_t n, nm_lexicon_format *fmt,
                      const char *name, size_t lineno, nm_err *err)
{
    if (nm_utf8_valid_prefix(s, n) != n)
        return nm_err_set(err, NM_EFORMAT, "%s:%zu: not valid UTF-8", name, lineno);
    size_t n_fields = 1;
    for (size_t i = 0; i < n; i++)
        n_fields += s[i] == '\t';
    if (*fmt == NM_LEXICON_AUTO) {
        if (n_fields == 1)
            return nm_err_set(err, NM_EFORMAT,
                              "%s:%zu: no TAB: expected word<TAB>score (tsv, afinn) or "
                              "word<TAB>mean<TAB>sd<TAB>ratings (vader)",
                              name, lineno);
        *fmt = n_fields >= 3 ? NM_LEXICON_VADER : NM_LEXICON_TSV;
    }
    if (n_fields == 1)
        return nm_err_set(err, NM_EFORMAT, "%s:%zu: no TAB: expected %s", name, lineno,
                          *fmt == NM_LEXICON_VADER ? "word<TAB>mean<TAB>sd<TAB>ratings"
                                                   : "word<TAB>score");
    if (n_fields > 2 && *fmt != NM_LEXICON_VADER)
        return nm_err_set(err, NM_EFORMAT,
                          "%s:%zu: %zu TAB-separated fields where the %s format has 2 "
                          "(word<TAB>score); use --set sentiment.format=vader for VADER's file",
                          name, lineno, n_fields, format_name(*fmt));
    const char *tab = memchr(s, '\t', n);
    const size_t key_len = (size_t)(tab - s);
    if (key_len == 0)
        return nm_err_set(err, NM_EFORMAT, "%s:%zu: empty word before the first TAB", name,
                          lineno);
    const char *v = tab + 1;
    const char *v_end = memchr(v, '\t', n - key_len - 1);
    size_t vn = v_end ? (size_t)(v_end - v) : n - key_len - 1;
    strip(&v, &vn);
    const bool integer_only = *fmt == NM_LEXICON_AFINN;
    if (!is_number(v, vn, integer_only))
        return nm_err_set(err, NM_EFORMAT, "%s:%zu: '%.*s' is not %s", name, lineno,
                          (int)(vn > 40 ? 40 : vn), v,
                          integer_only ? "an integer (afinn format)" : "a decimal number");
    char num[64];
    if (vn >= sizeof num)
        return nm_err_set(err, NM_EFORMAT, "%s:%zu: number too long", name, lineno);
    memcpy(num, v, vn);
    num[vn] = '\0';
    const double value = strtod(num, NULL);
    if (!isfinite(value) || fabs(value) > NM_LEXICON_MAX_ABS)
        return nm_err_set(err, NM_EFORMAT,
                          "%s:%zu: value %s outside [-5, 5]: rescale the lexicon to VADER's "
                          "-4..4 (or AFINN's -5..5) scale",
                          name, lineno, num);
    bool added;
    const int64_t e = add_entry(lx, s, key_len, &added);
    if (e < 0)
        return nm_err_set(err, NM_ENOMEM, "out of memory loading lexicon %s", name);
    lx->entry[e].value = value;
    lx->entry[e].has_value = true;
    return 0;
}

int nm_lexicon_parse(const char *text, size_t len, nm_lexicon_format format, const char *name,
                     nm_lexicon **out, nm_err *err)
{
    *out = NULL;
    nm_lexicon *lx = calloc(1, sizeof *lx);
    if (lx == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory loading lexicon %s", name);
    nm_lexicon_format fmt = format;
    size_t pos = 0, lineno = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    int rc = 0;
    while (pos < len && rc == 0) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        const size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + pos;
        size_t n = end - pos;
        pos = end + 1;
        lineno++;
        strip(&s, &n);
        if (n == 0 || is_comment(s, n))
            continue;
        rc = parse_line(lx, s, n, &fmt, name, lineno, err);
    }
    /* Every entry so far has a value: fixed before phrases add first words. */
    lx->n_keys = lx->n_entry;
    lx->format = fmt == NM_LEXICON_AUTO ? NM_LEXICON_TSV : fmt;
    if (rc == 0 && build_phrases(lx) != 0)
        rc = nm_err_set(err, NM_ENOMEM, "out of memory loading lexicon %s", name);
    if (rc != 0) {
        nm_lexicon_free(lx);
        return rc;
    }
    compute_digest(lx);
    *out = lx;
    return 0;
}

int nm_lexicon_load(const char *path, nm_lexicon_format format, nm_lexicon **out, nm_err *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = nm_file_read_all(path, "lexicon", &buf, &len, err);
    if (rc == 0)
        rc = nm_lexicon_parse(buf, len, format, path, out, err);
    free(buf);
    return rc;
}

void nm_lexicon_free(nm_lexicon *lx)
{
    if (lx == NULL)
        return;
    free(lx->arena);
    free(lx->entry);
    free(lx->slot);
    free(lx->phrase);
    free(lx->wordpos);
    free(lx);
}

/* ---- queries ---------------------------------------------------------------------- */

nm_lexicon_format nm_lexicon_format_of(const nm_lexicon *lx)
{
    return lx->format;
}

size_t nm_lexicon_count(const nm_lexicon *lx)
{
    return lx->n_keys;
}

void nm_lexicon_entry(const nm_lexicon *lx, size_t i, const char **key, size_t *len,
                      double *value)
{
    const lex_entry *e = &lx->entry[i];
    *key = lx->arena + e->key_off;
    *len = e->key_len;
    *value = e->value;
}

bool nm_lexicon_get(const nm_lexicon *lx, const char *key, size_t len, double *value)
{
    const int64_t e = find_entry(lx, key, len, key_hash(key, len));
    if (e < 0 || !lx->entry[e].has_value)
        return false;
    *value = lx->entry[e].value;
    return true;
}

bool nm_lexicon_lookup(const nm_lexicon *lx, const char *key, size_t len, double *value,
                       bool *starts_phrase)
{
    const int64_t e = find_entry(lx, key, len, key_hash(key, len));
    if (e < 0) {
        if (starts_phrase)
            *starts_phrase = false;
        return false;
    }
    const lex_entry *x = &lx->entry[e];
    if (starts_phrase)
        *starts_phrase = x->phr_end > x->phr_begin;
    if (x->has_value)
        *value = x->value;
    return x->has_value;
}

size_t nm_lexicon_phrase_count(const nm_lexicon *lx)
{
    return lx->n_phrase;
}

size_t nm_lexicon_max_words(const nm_lexicon *lx)
{
    return lx->max_words;
}

bool nm_lexicon_starts_phrase(const nm_lexicon *lx, const char *word, size_t len)
{
    if (lx->n_phrase == 0)
        return false;
    const int64_t e = find_entry(lx, word, len, key_hash(word, len));
    return e >= 0 && lx->entry[e].phr_end > lx->entry[e].phr_begin;
}

size_t nm_lexicon_match(const nm_lexicon *lx, const nm_lexicon_word *words, size_t n,
                        double *value)
{
    if (lx->n_phrase == 0 || n < 2)
        return 0;
    const int64_t e = find_entry(lx, words[0].s, words[0].len, key_hash(words[0].s, words[0].len));
    if (e < 0)
        return 0;
    for (uint32_t p = lx->entry[e].phr_begin; p < lx->entry[e].phr_end; p++) {
        const lex_phrase *ph = &lx->phrase[p];
        if (ph->n_words > n)
            continue;
        const uint32_t *wp = lx->wordpos + (size_t)ph->words_off * 2;
        uint32_t k = 1;
        for (; k < ph->n_words; k++)
            if (words[k].len != wp[k * 2 + 1] ||
                memcmp(words[k].s, lx->arena + wp[k * 2], words[k].len) != 0)
                break;
        if (k == ph->n_words) {
            *value = lx->entry[ph->entry].value;
            return ph->n_words;
        }
    }
    return 0;
}

uint64_t nm_lexicon_digest(const nm_lexicon *lx)
{
    return lx->digest;
}
