/* tokenizer.c: UTF-8 text -> tokens with byte offsets, lower-cased forms
 * and flags (interface.md "Tokens"; docs/analysis.md).
 *
 * A token is a maximal run of code points of general category L, M or N;
 * the apostrophes U+0027 and U+2019 and the hyphen U+002D join when both
 * neighbours are token code points, '.' and ',' when both are decimal
 * digits (Nd). The form is the per-code-point simple lower case
 * (utf8proc_tolower), with U+2019 written as '\''.
 *
 * Speed: this runs over every byte of the corpus. ASCII bytes are classified
 * by a 256-entry table and lower-cased with one OR, and runs of ASCII
 * letters and digits inside a token are taken eight bytes per step
 * (ascii_alnum_block), which spares a branch per byte; utf8proc is consulted
 * only for non-ASCII code points. Forms are written straight into an arena
 * that the caller sized for the whole text, so there is no per-token
 * capacity check on it and no allocation per token. */
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "newsmill/nm_error.h"

/* Byte classes. The order matters: token bytes are SP < k < HI. */
enum { K_SEP, K_APOS, K_HYPH, K_DOT, K_COMMA, K_UP, K_LO, K_DIG, K_HIGH };

#define SP K_SEP
#define AP K_APOS
#define HY K_HYPH
#define DT K_DOT
#define CM K_COMMA
#define UP K_UP
#define LO K_LO
#define DG K_DIG
#define HI K_HIGH
static const unsigned char byte_class[256] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, AP, SP, SP, SP, SP, CM, HY, DT, SP,
    DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, SP, SP, SP, SP, SP, SP,
    SP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, SP, SP, SP, SP, SP,
    SP, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, SP, SP, SP, SP, SP,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
};
#undef SP
#undef AP
#undef HY
#undef DT
#undef CM
#undef UP
#undef LO
#undef DG
#undef HI

/* What a token has seen so far; turned into NM_TOK_* flags at its end. */
enum {
    A_UPPER = 1u << 0,    /* an upper- or titlecase letter (Lu, Lt) */
    A_LOWER = 1u << 1,    /* a lowercase letter (Ll) */
    A_ALPHA = 1u << 2,    /* a letter (L*) */
    A_ND = 1u << 3,       /* a decimal digit (Nd) */
    A_NOTDIG = 1u << 4,   /* anything but an ASCII digit or a '.' ',' joiner */
    A_NONASCII = 1u << 5
};

/* Per ASCII token class: what it contributes, and the bit that lower-cases it. */
static const unsigned class_bits[] = {
    [K_UP] = A_UPPER | A_ALPHA | A_NOTDIG,
    [K_LO] = A_LOWER | A_ALPHA | A_NOTDIG,
    [K_DIG] = A_ND,
    [K_HIGH] = 0,
};
static const unsigned char class_lower[] = {[K_UP] = 0x20, [K_HIGH] = 0};

/* Per general category (utf8proc numbering: Lu=1 .. No=11 are token code
 * points, all else separates). */
static const unsigned cat_bits[12] = {
    [UTF8PROC_CATEGORY_LU] = A_UPPER | A_ALPHA | A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_LL] = A_LOWER | A_ALPHA | A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_LT] = A_UPPER | A_ALPHA | A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_LM] = A_ALPHA | A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_LO] = A_ALPHA | A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_MN] = A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_MC] = A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_ME] = A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_ND] = A_ND | A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_NL] = A_NOTDIG | A_NONASCII,
    [UTF8PROC_CATEGORY_NO] = A_NOTDIG | A_NONASCII,
};

static inline bool cat_is_token(int cat)
{
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static inline int cp_category(uint32_t cp)
{
    return (int)utf8proc_category((utf8proc_int32_t)cp);
}

/* Is the code point starting at s[j] (j may be len) a token code point? */
static inline bool token_cp_at(const unsigned char *s, size_t j, size_t len)
{
    if (j >= len)
        return false;
    const unsigned k = byte_class[s[j]];
    if (k != K_HIGH)
        return k >= K_UP;
    unsigned n;
    return cat_is_token(cp_category(nm_utf8_decode(s + j, &n)));
}

/* Is the code point starting at s[j] a decimal digit (Nd)? */
static inline bool digit_cp_at(const unsigned char *s, size_t j, size_t len)
{
    if (j >= len)
        return false;
    if (s[j] < 0x80)
        return s[j] >= '0' && s[j] <= '9';
    unsigned n;
    return cp_category(nm_utf8_decode(s + j, &n)) == UTF8PROC_CATEGORY_ND;
}

/* Writes cp as UTF-8 at w; returns the byte after it. */
static inline char *encode_cp(char *w, uint32_t cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | (cp >> 6));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | (cp >> 12));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xF0 | (cp >> 18));
        *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* ---- eight bytes at a time ------------------------------------------ */

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* v as if loaded little-endian (a no-op on x86 and most ARM). */
static inline uint64_t le64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

/* High bit of each byte of v (bytes below 0x80 only) that lies in
 * [lo, hi]. Adding to a 7-bit byte cannot carry into the next. */
static inline uint64_t in_range(uint64_t v7, unsigned lo, unsigned hi)
{
    const uint64_t ge_lo = v7 + ONES * (0x80u - lo);
    const uint64_t gt_hi = v7 + ONES * (0x7Fu - hi);
    return ge_lo & ~gt_hi & HIGH;
}

/* Letters and digits of an 8-byte word: the high bit of each byte that is
 * an ASCII letter (alpha) or digit (dg). A letter's case is its 0x20 bit,
 * so OR-ing that bit in maps A-Z onto a-z and no other byte into it. */
static inline void ascii_classes(uint64_t v, uint64_t *alpha, uint64_t *dg)
{
    const uint64_t v7 = v & ~HIGH;
    const uint64_t ascii = ~v & HIGH;
    *alpha = in_range(v7 | (ONES * 0x20), 'a', 'z') & ascii;
    *dg = in_range(v7, '0', '9') & ascii;
}

/* Takes the leading ASCII letters and digits of p[0, 8) into a token:
 * stores all eight bytes, lower-cased, at w (only the ones taken count),
 * adds what they contribute to *acc, returns how many were taken (0..8).
 * The word is read little-endian, so p[0] is its low byte and the first
 * byte that stops the token is the lowest set bit of the stop mask. */
static inline unsigned ascii_alnum_block(const unsigned char *p, char *w, unsigned *acc)
{
    const uint64_t v = le64(load64(p));
    uint64_t alpha, dg;
    ascii_classes(v, &alpha, &dg);
    const uint64_t case_bit = (v << 2) & HIGH; /* each byte's 0x20 bit, moved to 0x80 */
    const uint64_t up = alpha & ~case_bit;
    const uint64_t stop = ~(alpha | dg) & HIGH;
    const uint64_t out = le64(v | (up >> 2)); /* 0x80 >> 2 == 0x20 */
    memcpy(w, &out, sizeof out);
    /* For stop == 0 keep is all ones: every byte is taken. */
    const uint64_t keep = (stop & (0 - stop)) - 1;
    const unsigned n = stop ? (unsigned)__builtin_ctzll(stop) >> 3 : 8;
    const unsigned has_up = (up & keep) != 0;
    const unsigned has_lo = (alpha & case_bit & keep) != 0;
    const unsigned has_dg = (dg & keep) != 0;
    *acc |= has_up * A_UPPER | has_lo * A_LOWER | (has_up | has_lo) * (A_ALPHA | A_NOTDIG) |
            has_dg * A_ND;
    return n;
}

static int tokvec_grow(nm_tokvec *tv)
{
    const size_t cap = tv->cap ? tv->cap * 2 : 1024;
    nm_token *t = realloc(tv->tok, cap * sizeof *t);
    if (t == NULL)
        return NM_ENOMEM;
    tv->tok = t;
    tv->cap = cap;
    return 0;
}

static uint32_t flags_of(unsigned acc, uint32_t initial)
{
    uint32_t f = initial;
    if (acc & A_ALPHA)
        f |= NM_TOK_HAS_ALPHA;
    if (acc & A_ND)
        f |= NM_TOK_HAS_DIGIT;
    if ((acc & (A_UPPER | A_LOWER)) == A_UPPER)
        f |= NM_TOK_ALL_UPPER;
    if (!(acc & A_NOTDIG))
        f |= NM_TOK_ALL_DIGIT;
    if (!(acc & A_NONASCII))
        f |= NM_TOK_ASCII;
    return f;
}

int nm_tokenize(nm_tokvec *tv, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    char *w = tv->arena;
    const char *const arena_end = tv->arena + tv->arena_cap;
    size_t i = 0;
    tv->n = 0;

    while (i < len) {
        /* Between tokens: skip separators, find the first token code point. */
        unsigned k = byte_class[s[i]];
        uint32_t initial = 0;
        unsigned acc;
        bool high_nd = false; /* the last non-ASCII code point taken was Nd */
        const size_t start = i;
        char *const form = w;
        if (k != K_HIGH) {
            if (k < K_UP) {
                i++;
                continue;
            }
            if (k == K_UP)
                initial = NM_TOK_UPPER_INITIAL;
            /* The loop below takes this byte, with the ones after it. */
            acc = 0;
        } else {
            unsigned n;
            const uint32_t cp = nm_utf8_decode(s + i, &n);
            const int cat = cp_category(cp);
            if (!cat_is_token(cat)) {
                i += n;
                continue;
            }
            if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
                initial = NM_TOK_UPPER_INITIAL;
            acc = cat_bits[cat];
            w = encode_cp(w, (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp));
            high_nd = cat == UTF8PROC_CATEGORY_ND;
            i += n;
        }

        /* Inside a token: extend it as far as it goes. */
        while (i < len) {
            /* Eight bytes at a time while they are ASCII letters and
             * digits; the first other byte falls to the cases below. The
             * store may write past the form: the arena bound leaves room
             * (checked against arena_end) and later bytes overwrite it. */
            if (len - i >= 8 && (size_t)(arena_end - w) >= 8) {
                const unsigned n = ascii_alnum_block(s + i, w, &acc);
                i += n;
                w += n;
                if (n == 8)
                    continue;
            }
            const unsigned char c = s[i];
            k = byte_class[c];
            if (k >= K_UP && k <= K_DIG) {
                acc |= class_bits[k];
                *w++ = (char)(c | class_lower[k]);
                i++;
                continue;
            }
            if (k == K_HIGH) {
                unsigned n;
                const uint32_t cp = nm_utf8_decode(s + i, &n);
                const int cat = cp_category(cp);
                if (cat_is_token(cat)) {
                    acc |= cat_bits[cat];
                    w = encode_cp(w, (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp));
                    high_nd = cat == UTF8PROC_CATEGORY_ND;
                    i += n;
                    continue;
                }
                if (cp == 0x2019 && token_cp_at(s, i + n, len)) {
                    acc |= A_NOTDIG | A_NONASCII;
                    *w++ = '\'';
                    high_nd = false;
                    i += n;
                    continue;
                }
                break;
            }
            if (k == K_APOS || k == K_HYPH) {
                if (!token_cp_at(s, i + 1, len))
                    break;
                acc |= A_NOTDIG;
                *w++ = (char)c;
                i++;
                continue;
            }
            if (k == K_DOT || k == K_COMMA) {
                /* The previous code point is in this token: an ASCII digit,
                 * or a non-ASCII one whose category high_nd remembers. */
                const unsigned char prev = s[i - 1];
                const bool prev_nd = prev < 0x80 ? (prev >= '0' && prev <= '9') : high_nd;
                if (!prev_nd || !digit_cp_at(s, i + 1, len))
                    break;
                *w++ = (char)c;
                i++;
                continue;
            }
            break;
        }

        if (tv->n == tv->cap && tokvec_grow(tv) != 0)
            return NM_ENOMEM;
        nm_token *t = &tv->tok[tv->n++];
        t->form = form;
        t->form_len = (uint32_t)(w - form);
        t->start = (uint32_t)start;
        t->end = (uint32_t)i;
        t->sentence = 0;
        t->flags = flags_of(acc, initial);
        *w++ = '\0';
    }
    return 0;
}
