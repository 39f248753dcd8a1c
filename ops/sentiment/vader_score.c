/* vader_score.c: scoring one text with VADER, exactly as specs/vader.md says.
 *
 * The steps and their spec sections: emoji substitution (2.3), the white-
 * space split and punctuation stripping (2.4), the caps differential (2.5),
 * per-token valence with the booster, negation, idiom and "least" rules
 * (2.6), the "but" rule (2.7), the punctuation amplifier (2.8), compound and
 * proportions (2.9). Every floating-point operation is written in the
 * spec's order and compiled without contraction (-ffp-contract=off), so the
 * results equal the reference's doubles bit for bit.
 *
 * Speed: one pass splits and classifies the bytes; each token costs one
 * hash lookup of its lower-cased form, which brings every fact the rules
 * need (valence, booster, negation word, rule-word id); ASCII tokens never
 * touch the Unicode tables. All buffers live in the caller's scratch. */
#include "newsmill/nm_text.h"
#include "vader_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- constants (spec 2.2) --------------------------------------------------------- */

#define B_INCR 0.293
#define B_DECR (-0.293)
#define C_INCR 0.733
#define N_SCALAR (-0.74)

/* ---- Unicode: isupper and lower (spec 2.5, 2.12); white space is nm_text.h's ---------- */

/* Code points Python (Unicode 14) counts as lower or upper case beyond the
 * categories Ll and Lu: the Other_Lowercase and Other_Uppercase properties. */
static const uint32_t other_lower[][2] = {
    {0xaa, 0xaa},       {0xba, 0xba},       {0x2b0, 0x2b8},     {0x2c0, 0x2c1},
    {0x2e0, 0x2e4},     {0x345, 0x345},     {0x37a, 0x37a},     {0x1d2c, 0x1d6a},
    {0x1d78, 0x1d78},   {0x1d9b, 0x1dbf},   {0x2071, 0x2071},   {0x207f, 0x207f},
    {0x2090, 0x209c},   {0x2170, 0x217f},   {0x24d0, 0x24e9},   {0x2c7c, 0x2c7d},
    {0xa69c, 0xa69d},   {0xa770, 0xa770},   {0xa7f8, 0xa7f9},   {0xab5c, 0xab5f},
    {0x10780, 0x10780}, {0x10783, 0x10785}, {0x10787, 0x107b0}, {0x107b2, 0x107ba},
};
static const uint32_t other_upper[][2] = {
    {0x2160, 0x216f}, {0x24b6, 0x24cf}, {0x1f130, 0x1f149}, {0x1f150, 0x1f169}, {0x1f170, 0x1f189},
};

static bool in_ranges(const uint32_t (*r)[2], size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i][0] && cp <= r[i][1])
            return true;
    return false;
}

/* Decodes one code point of valid UTF-8 at s; returns its length. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    const unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xe0) {
        *cp = (uint32_t)(c & 0x1f) << 6 | (s[1] & 0x3fu);
        return 2;
    }
    if (c < 0xf0) {
        *cp = (uint32_t)(c & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3fu);
        return 3;
    }
    *cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
          (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3fu);
    return 4;
}

/* 1: upper, 2: lower or title case, 0: uncased (for isupper). */
static int case_class(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? 1 : cp >= 'a' && cp <= 'z' ? 2 : 0;
    const utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat == UTF8PROC_CATEGORY_LU)
        return 1;
    if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT)
        return 2;
    if (in_ranges(other_lower, sizeof other_lower / sizeof other_lower[0], cp))
        return 2;
    if (in_ranges(other_upper, sizeof other_upper / sizeof other_upper[0], cp))
        return 1;
    return 0;
}

bool vader_isupper(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    bool upper = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(s + i, &cp);
        const int c = case_class(cp);
        if (c == 2)
            return false;
        if (c == 1)
            upper = true;
    }
    return upper;
}

size_t vader_lower(const char *str, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x80) {
            const unsigned char c = s[i++];
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, &cp);
        if (cp == 0x130) { /* the one full lower-case mapping of two code points */
            memcpy(out + o, "i\xcc\x87", 3);
            o += 3;
            continue;
        }
        const utf8proc_int32_t lc = utf8proc_tolower((utf8proc_int32_t)cp);
        o += (size_t)utf8proc_encode_char(lc, (utf8proc_uint8_t *)out + o);
    }
    return o;
}

/* ---- scratch ---------------------------------------------------------------------------- */

void vader_scratch_free(vader_scratch *s)
{
    free(s->text);
    free(s->lower);
    free(s->tok);
    free(s->S);
    free(s->aux);
    memset(s, 0, sizeof *s);
}

static bool reserve_bytes(char **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    char *np = realloc(*p, c);
    if (np == NULL)
        return false;
    *p = np;
    *cap = c;
    return true;
}

static bool reserve_tokens(vader_scratch *s, size_t n)
{
    if (n <= s->tok_cap)
        return true;
    size_t c = s->tok_cap ? s->tok_cap : 256;
    while (c < n)
        c *= 2;
    vader_tok *t = realloc(s->tok, c * sizeof *t);
    if (t == NULL)
        return false;
    s->tok = t;
    double *S = realloc(s->S, c * sizeof *S);
    if (S == NULL)
        return false;
    s->S = S;
    s->tok_cap = c;
    return true;
}

/* ---- step 1: emoji substitution (spec 2.3) ----------------------------------------- */

/* Returns the text with single-code-point emoji replaced by their
 * descriptions: text itself when none occurs, else the scratch copy. */
static const char *emoji_substitute(const vader_model *m, vader_scratch *sc, const char *text,
                                    size_t len, size_t *out_len, bool *oom)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len && s[i] < 0xc2) /* every emoji key is U+00A9 or above */
        i++;
    if (i == len)
        return text;
    bool prev_space = i == 0 || s[i - 1] == ' ';
    size_t copied = 0, o = 0; /* text[0, copied) is already in the output */
    bool any = false;
    while (i < len) {
        uint32_t cp;
        const size_t k = utf8_decode(s + i, &cp);
        const vader_emoji *e = cp >= 0xa9 ? vader_emoji_find(m, cp) : NULL;
        if (e == NULL) {
            prev_space = cp == ' ';
            i += k;
            continue;
        }
        /* Output: the pending original bytes, a space unless one precedes,
         * then the description. */
        const size_t pending = i - copied;
        if (!reserve_bytes(&sc->text, &sc->text_cap, o + pending + 1 + e->desc_len + 1)) {
            *oom = true;
            return text;
        }
        memcpy(sc->text + o, text + copied, pending);
        o += pending;
        if (!prev_space)
            sc->text[o++] = ' ';
        memcpy(sc->text + o, m->emoji_text + e->desc_off, e->desc_len);
        o += e->desc_len;
        prev_space = false;
        any = true;
        i += k;
        copied = i;
    }
    if (!any)
        return text;
    if (!reserve_bytes(&sc->text, &sc->text_cap, o + (len - copied) + 1)) {
        *oom = true;
        return text;
    }
    memcpy(sc->text + o, text + copied, len - copied);
    o += len - copied;
    *out_len = o;
    return sc->text;
}

/* ---- step 2: tokens (spec 2.4) --------------------------------------------------------- */

/* Byte classes: white space (ASCII, or a lead byte that may begin a
 * multi-byte one), the 32 ASCII punctuation characters, bytes >= 0x80, ASCII
 * upper and lower case letters, '!' and '?'. A token's classes OR-ed
 * together decide its isupper, whether it needs lower-casing or Unicode
 * tables, stripping, and the amplifier count. */
enum {
    C_SPACE = 1, C_MBSPACE = 2, C_PUNCT = 4, C_HIGH = 8, C_UPPER = 16, C_LOWER = 32, C_BANG = 64,
    C_QUEST = 128
};

void vader_fill_classes(unsigned char cls[256])
{
    for (int c = 0; c < 256; c++) {
        unsigned k = 0;
        if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20))
            k |= C_SPACE;
        if (c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3)
            k |= C_MBSPACE;
        if ((c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
            (c >= 0x7b && c <= 0x7e))
            k |= C_PUNCT;
        if (c >= 0x80)
            k |= C_HIGH;
        if (c >= 'A' && c <= 'Z')
            k |= C_UPPER;
        if (c >= 'a' && c <= 'z')
            k |= C_LOWER;
        if (c == '!')
            k |= C_BANG;
        if (c == '?')
            k |= C_QUEST;
        cls[c] = (unsigned char)k;
    }
}

static bool has_nt(const char *L, size_t n)
{
    const char *p = L, *end = L + n;
    while (p + 3 <= end && (p = memchr(p, '\'', (size_t)(end - p))) != NULL) {
        if (p > L && p[-1] == 'n' && p + 1 < end && p[1] == 't')
            return true;
        p++;
    }
    return false;
}

/* Takes the lookup of an ASCII token at hint_text[pos, pos + n) from the
 * analysis token spanning exactly those bytes, if there is one and the
 * tone looked it up: its form is then the same lower-cased bytes, and
 * becomes the token's L. */
static bool hint_find(vader_scratch *sc, size_t pos, size_t n, vader_tok *tk)
{
    size_t j = sc->hint_cur;
    const nm_token *at = sc->hint_tok;
    while (j < sc->hint_n && at[j].start < pos)
        j++;
    sc->hint_cur = j;
    if (j == sc->hint_n)
        return false;
    /* One test for the usual outcome, either way (fewer mispredictions). */
    const nm_token *a = &at[j];
    const size_t diff = ((size_t)a->start ^ pos) | ((size_t)(a->end - a->start) ^ n) |
                        ((size_t)a->form_len ^ n) | (size_t)(~a->flags & NM_TOK_ASCII);
    if (diff != 0 || !sc->hint[j].known)
        return false;
    tk->hinted = 1;
    tk->hit = sc->hint[j].w;
    tk->h = sc->hint[j].h;
    tk->L = at[j].form;
    return true;
}

/* Prepares the token W = t[b, e): its lower-cased form, isupper, and its
 * table hash, whose slot is prefetched; the lookup itself comes later
 * (token_lookup), once every token is split, so lookups overlap. A hint
 * (hint_find) replaces hash and lookup. base: the offset of t in
 * sc->hint_text, or SIZE_MAX when hints do not apply. */
static void token_prepare(const vader_model *m, vader_scratch *sc, size_t *lower_len,
                          const unsigned char *cls, unsigned acc, const char *t, size_t b,
                          size_t e, size_t base, vader_tok *tk)
{
    const unsigned char *w = (const unsigned char *)t + b;
    const size_t n = e - b;
    const char *L;
    size_t L_len;
    if (acc & C_HIGH) {
        tk->hinted = 0; /* hints hold for ASCII tokens only */
        tk->upper = vader_isupper((const char *)w, n);
        L = sc->lower + *lower_len;
        L_len = vader_lower((const char *)w, n, sc->lower + *lower_len);
        *lower_len += L_len;
    } else {
        tk->upper = (acc & C_UPPER) && !(acc & C_LOWER);
        tk->hinted = 0;
        if (base != SIZE_MAX && n <= m->max_key_len && hint_find(sc, base + b, n, tk)) {
            L = tk->L; /* the analysis' form: no lower-cased copy */
        } else if (acc & C_UPPER) {
            char *o = sc->lower + *lower_len;
            for (size_t i = 0; i < n; i++)
                o[i] = (char)(cls[w[i]] & C_UPPER ? w[i] + 32 : w[i]);
            L = o;
            *lower_len += n;
        } else {
            L = (const char *)w;
        }
        L_len = n;
    }
    tk->L = L;
    tk->L_len = (uint32_t)L_len;
    tk->neg = (acc & C_PUNCT) && L_len >= 3 && has_nt(L, L_len); /* "n't" needs a '\'' */
    tk->probe = L_len <= m->max_key_len; /* a longer token is no key */
    if (tk->probe && !tk->hinted) {
        tk->h = vader_key(L, L_len, &tk->ka, &tk->kb);
        vader_word_prefetch(m, tk->h);
    }
}

/* Stands for "no key": every fact zero, so a token copies its facts the
 * same way whether or not its lookup found a word (hits and misses
 * alternate unpredictably, and the branch on them was mispredicted). */
static const vader_word no_word = {0};

static void token_lookup(const vader_model *m, vader_tok *tk)
{
    const vader_word *vw = tk->hinted ? tk->hit
                           : tk->probe ? vader_word_probe(m, tk->L, tk->L_len, tk->h, tk->ka, tk->kb)
                                       : NULL;
    if (vw == NULL)
        vw = &no_word;
    tk->lex = vw->lex;
    tk->has_lex = vw->has_lex;
    tk->boost = vw->boost;
    tk->neg |= vw->negate;
    tk->wid = vw->wid;
    tk->phrase = vw->phrase;
}

/* Word-at-a-time token scanning (little-endian with the GNU builtins).
 * A plain byte is printable ASCII, 0x21 to 0x7f: never white space nor part
 * of a multi-byte character, so a token runs on through it, and its class
 * bits (cls) are one of C_UPPER, C_LOWER, C_PUNCT (with C_BANG or C_QUEST
 * for '!' and '?'), or none for digits and DEL. Text lengths vary, so the
 * byte loop's exit branch was mispredicted once per token. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define VADER_SWAR 1
#define REP8(c) ((uint64_t)(c) * 0x0101010101010101u)
#define HIGH8 REP8(0x80)

/* The high bit of every byte of w that is not plain (< 0x21 or >= 0x80).
 * (b | 0x80) - 0x21 never borrows from the next byte, and its high bit is
 * clear exactly when the low seven bits of b are below 0x21. */
static inline uint64_t not_plain(uint64_t w)
{
    return (~((w | HIGH8) - REP8(0x21)) | w) & HIGH8;
}

/* The high bit of every byte of v (all < 0x80) in [lo, hi]: the sums stay
 * within their bytes (no carry out, as lo >= 1). */
#define IN_RANGE(v, lo, hi) (((v) + REP8(0x80 - (lo))) & ~((v) + REP8(0x7f - (hi))) & HIGH8)

/* The OR of cls[] over the bytes of w selected by keep, all plain: the
 * others are replaced by '0', a digit, whose class is none. Letters are
 * found case-folded (v | 0x20 maps only A-Z into a-z), their case is bit 5;
 * punctuation is every plain byte that is no letter, digit or DEL. */
static inline unsigned plain_classes(uint64_t w, uint64_t keep)
{
    const uint64_t v = (w & keep) | (REP8('0') & ~keep);
    const uint64_t alpha = IN_RANGE(v | REP8(0x20), 'a', 'z');
    const uint64_t lo = alpha & (v << 2), up = alpha & ~(v << 2);
    const uint64_t other = alpha | IN_RANGE(v, '0', '9') | ((v + REP8(1)) & HIGH8);
    const uint64_t x = v ^ REP8('!'), y = v ^ REP8('?');
    const uint64_t bq = ((x - REP8(1)) & ~x) | ((y - REP8(1)) & ~y);
    unsigned acc = 0;
    acc |= up ? C_UPPER : 0u;
    acc |= lo ? C_LOWER : 0u;
    acc |= other != HIGH8 ? C_PUNCT : 0u;
    acc |= bq & HIGH8 ? C_BANG : 0u; /* '!' or '?': only starts the exact count */
    return acc;
}
#else
#define VADER_SWAR 0
#endif

/* Splits t on white space into tokens with punctuation stripped; returns
 * the token count and counts '!' and '?' (which are never white space, so
 * every one lies in a token) and the isupper tokens. Sets *oom when the token arrays cannot grow. */
static size_t tokenize(const vader_model *m, vader_scratch *sc, const char *t, size_t len,
                       size_t base, size_t *n_bang, size_t *n_quest, size_t *n_upper,
                       bool *oom)
{
    const unsigned char *cls = m->cls;
    const unsigned char *s = (const unsigned char *)t;
    size_t n = 0, lower_len = 0, i = 0, bang = 0, quest = 0;
    for (;;) {
        /* skip white space */
        while (i < len) {
            const unsigned char k = cls[s[i]];
            if (k & C_SPACE) {
                i++;
            } else if (k & C_MBSPACE) {
                const size_t w = nm_text_space_at(t + i, len - i);
                if (w == 0)
                    break;
                i += w;
            } else {
                break;
            }
        }
        if (i >= len)
            break;
        const size_t b = i;
        unsigned acc = 0;
#if VADER_SWAR
        /* Eight bytes at a time while they are plain (see plain_classes);
         * the byte loop below takes over at the first other byte. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            const uint64_t stop = not_plain(w);
            if (stop == 0) {
                acc |= plain_classes(w, ~(uint64_t)0);
                i += 8;
                continue;
            }
            /* The bytes before the lowest byte that stops (little-endian). */
            const uint64_t keep = ((stop & (0 - stop)) >> 7) - 1;
            acc |= plain_classes(w, keep);
            i += (size_t)__builtin_ctzll(stop) >> 3;
            break;
        }
#endif
        while (i < len) {
            const unsigned k = cls[s[i]];
            if ((k & (C_SPACE | C_MBSPACE)) &&
                ((k & C_SPACE) || nm_text_space_at(t + i, len - i) != 0))
                break;
            acc |= k;
            i++;
        }
        const size_t e = i;
        if (acc & (C_BANG | C_QUEST))
            for (size_t j = b; j < e; j++) {
                bang += s[j] == '!';
                quest += s[j] == '?';
            }
        /* Strip leading and trailing ASCII punctuation; keep the piece whole
         * when at most 2 code points would remain. Only punctuation goes, so
         * the case and high-byte bits of acc hold for the stripped token. */
        size_t sb = b, se = e;
        if (acc & C_PUNCT) {
            while (sb < se && (cls[s[sb]] & C_PUNCT))
                sb++;
            while (se > sb && (cls[s[se - 1]] & C_PUNCT))
                se--;
            if (sb != b || se != e) {
                size_t cps = 0;
                for (size_t j = sb; j < se && cps <= 2; j++)
                    cps += (s[j] & 0xc0) != 0x80;
                if (cps <= 2) {
                    sb = b;
                    se = e;
                }
            }
        }
        /* Token arrays grow with the text's real token count, not its
         * worst case (one token per two bytes). */
        if (n == sc->tok_cap && !reserve_tokens(sc, n + 1)) {
            *oom = true;
            return 0;
        }
        token_prepare(m, sc, &lower_len, cls, acc, t, sb, se, base, &sc->tok[n]);
        n++;
    }
    size_t upper = 0;
    for (size_t k = 0; k < n; k++) {
        token_lookup(m, &sc->tok[k]);
        upper += sc->tok[k].upper;
    }
    *n_upper = upper;
    *n_bang = bang;
    *n_quest = quest;
    return n;
}

/* ---- phrases (lexicons with multi-word keys, match_phrases) ------------------------- */

/* A matched phrase becomes one lexicon word at its first token; its other
 * tokens become plain neutral tokens (no lexicon value, no rule role). */
static void match_phrases(const vader_model *m, vader_tok *tok, size_t n)
{
    enum { MAXW = 32 };
    nm_lexicon_word words[MAXW];
    for (size_t i = 0; i < n; i++) {
        if (!tok[i].phrase)
            continue;
        /* A phrase needs a second word that is some key's (probe) and that
         * the filter pairs with this one; phrase implies tok[i].h is set. */
        if (i + 1 >= n || !tok[i + 1].probe || !vader_pair_maybe(m, tok[i].h, tok[i + 1].h))
            continue;
        size_t nw = n - i < MAXW ? n - i : MAXW;
        for (size_t k = 0; k < nw; k++) {
            words[k].s = tok[i + k].L;
            words[k].len = tok[i + k].L_len;
        }
        double v;
        const size_t got = nm_lexicon_match(m->lex, words, nw, &v);
        if (got < 2)
            continue;
        tok[i].lex = v;
        tok[i].has_lex = 1;
        tok[i].boost = 0;
        tok[i].neg = 0;
        tok[i].wid = 0;
        for (size_t k = 1; k < got; k++) {
            vader_tok *f = &tok[i + k];
            f->has_lex = 0;
            f->lex = 0;
            f->boost = 0;
            f->neg = 0;
            f->wid = 0;
            f->phrase = 0;
        }
        i += got - 1;
    }
}

/* ---- step 4: valence (spec 2.6) ------------------------------------------------------ */

static double scalar(const vader_tok *w, double v, bool capdiff)
{
    if (w->boost == 0)
        return 0.0;
    double x = w->boost > 0 ? B_INCR : B_DECR;
    if (v < 0)
        x = -x;
    if (w->upper && capdiff) {
        if (v > 0)
            x = x + C_INCR;
        else
            x = x - C_INCR;
    }
    return x;
}

static bool so_this(const vader_tok *t)
{
    return t->wid == VW_SO || t->wid == VW_THIS;
}

/* SPECIAL_CASES (idioms), by word ids. */
static bool special2(unsigned a, unsigned b, double *v)
{
    switch (a) {
    case VW_THE:
        if (b == VW_SHIT || b == VW_BOMB) {
            *v = 3;
            return true;
        }
        return false;
    case VW_BAD: if (b == VW_ASS) { *v = 1.5; return true; } return false;
    case VW_BUS: if (b == VW_STOP) { *v = 0.0; return true; } return false;
    case VW_YEAH: if (b == VW_RIGHT) { *v = -2; return true; } return false;
    case VW_BEATING: if (b == VW_HEART) { *v = 3.1; return true; } return false;
    case VW_BROKEN: if (b == VW_HEART) { *v = -2.9; return true; } return false;
    default: return false;
    }
}

static bool special3(unsigned a, unsigned b, unsigned c, double *v)
{
    if (a == VW_KISS && b == VW_OF && c == VW_DEATH) {
        *v = -1.5;
        return true;
    }
    if (a == VW_TO && b == VW_DIE && c == VW_FOR) {
        *v = 3;
        return true;
    }
    return false;
}

/* The multi-word BOOST keys: "kind of", "sort of", "just enough". */
static bool boost2(unsigned a, unsigned b)
{
    return ((a == VW_KIND || a == VW_SORT) && b == VW_OF) || (a == VW_JUST && b == VW_ENOUGH);
}

static double idioms(const vader_tok *tok, size_t n, size_t i, double v)
{
    const unsigned w0 = tok[i].wid, w1 = tok[i - 1].wid, w2 = tok[i - 2].wid, w3 = tok[i - 3].wid;
    double sv;
    if (special2(w1, w0, &sv) || special3(w2, w1, w0, &sv) || special2(w2, w1, &sv) ||
        special3(w3, w2, w1, &sv) || special2(w3, w2, &sv))
        v = sv;
    if (n - 1 > i && special2(w0, tok[i + 1].wid, &sv))
        v = sv;
    if (n - 1 > i + 1 && special3(w0, tok[i + 1].wid, tok[i + 2].wid, &sv))
        v = sv;
    /* "L[i-3] L[i-2] L[i-1]" can never be a BOOST key: none has three words. */
    if (boost2(w3, w2))
        v = v + B_DECR;
    if (boost2(w2, w1))
        v = v + B_DECR;
    return v;
}

static double valence(const vader_tok *tok, size_t n, size_t i, bool capdiff)
{
    const vader_tok *t = &tok[i];
    double v = t->lex;
    if (t->wid == VW_NO && i != n - 1 && tok[i + 1].has_lex)
        v = 0.0;
    if ((i >= 1 && tok[i - 1].wid == VW_NO) || (i >= 2 && tok[i - 2].wid == VW_NO) ||
        (i >= 3 && tok[i - 3].wid == VW_NO && (tok[i - 1].wid == VW_OR || tok[i - 1].wid == VW_NOR)))
        v = t->lex * N_SCALAR;
    if (t->upper && capdiff) {
        if (v > 0)
            v = v + C_INCR;
        else
            v = v - C_INCR;
    }
    for (size_t k = 1; k <= 3 && k <= i; k++) {
        const vader_tok *p = &tok[i - k];
        if (p->has_lex)
            continue;
        double s = scalar(p, v, capdiff);
        if (k == 2 && s != 0)
            s = s * 0.95;
        if (k == 3 && s != 0)
            s = s * 0.9;
        v = v + s;
        if (k == 1) {
            if (tok[i - 1].neg)
                v = v * N_SCALAR;
        } else if (k == 2) {
            if (tok[i - 2].wid == VW_NEVER && so_this(&tok[i - 1]))
                v = v * 1.25;
            else if (tok[i - 2].wid == VW_WITHOUT && tok[i - 1].wid == VW_DOUBT)
                ;
            else if (tok[i - 2].neg)
                v = v * N_SCALAR;
        } else {
            if ((tok[i - 3].wid == VW_NEVER && so_this(&tok[i - 2])) || so_this(&tok[i - 1]))
                v = v * 1.25;
            else if (tok[i - 3].wid == VW_WITHOUT &&
                     (tok[i - 2].wid == VW_DOUBT || tok[i - 1].wid == VW_DOUBT))
                ;
            else if (tok[i - 3].neg)
                v = v * N_SCALAR;
            v = idioms(tok, n, i, v);
        }
    }
    if (i >= 2 && tok[i - 1].wid == VW_LEAST) {
        if (tok[i - 2].wid != VW_AT && tok[i - 2].wid != VW_VERY)
            v = v * N_SCALAR;
    } else if (i >= 1 && tok[i - 1].wid == VW_LEAST) {
        v = v * N_SCALAR;
    }
    return v;
}

/* ---- step 5: the "but" rule (spec 2.7) ------------------------------------------------ */

/* Zeros never matter: a zero's first equal is a zero, and scaling it leaves
 * a zero (the sign of a zero changes nothing downstream: sums start at +0.0
 * and comparisons treat -0.0 as 0). So only nonzero positions take part. */

static size_t but_slots(size_t n)
{
    size_t cap = 16;
    while (cap < 4 * n)
        cap *= 2;
    return cap;
}

/* Words of aux: P[n], next[n], head[2n], slot[cap], then 2n doubles. */
size_t vader_but_aux_size(size_t n)
{
    return 4 * n + but_slots(n) + 4 * n + 4;
}

void vader_but_scan(double *S, size_t n, size_t bi, uint32_t *aux)
{
    uint32_t *P = aux;
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (S[k] != 0)
            P[m++] = (uint32_t)k;
    for (size_t a = 0; a < m; a++) {
        const double val = S[P[a]];
        size_t b = 0;
        while (S[P[b]] != val)
            b++;
        const size_t j = P[b];
        if (j < bi)
            S[j] = val * 0.5;
        else if (j > bi)
            S[j] = val * 1.5;
    }
}

/* The same with an index: for each value, the positions holding it as a
 * sorted linked list, found through a hash of the value. The first equal
 * position is the list's head; a rescaled position moves to the list of its
 * new value. Lists are never removed (an emptied one can be refilled), so
 * there are at most 2m: m initial values and one new value per step. */
static size_t but_hash(double v, size_t mask)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    bits ^= bits >> 29;
    bits *= 0xbf58476d1ce4e5b9u;
    bits ^= bits >> 32;
    return (size_t)bits & mask;
}

typedef struct but_index {
    uint32_t *next;   /* per position: next position + 1 in its list; 0 = end */
    uint32_t *head;   /* per list: first position + 1; 0 = empty */
    uint32_t *slot;   /* hash slot -> list + 1 */
    double *val;      /* per list: its value */
    size_t mask, n_lists;
} but_index;

/* The list of value v, created empty when absent. */
static uint32_t but_list(but_index *x, double v)
{
    size_t h = but_hash(v, x->mask);
    while (x->slot[h] != 0) {
        if (x->val[x->slot[h] - 1] == v)
            return x->slot[h] - 1;
        h = (h + 1) & x->mask;
    }
    const uint32_t li = (uint32_t)x->n_lists++;
    x->slot[h] = li + 1;
    x->val[li] = v;
    x->head[li] = 0;
    return li;
}

/* Inserts position j into list li, keeping it sorted. */
static void but_insert(but_index *x, uint32_t li, uint32_t j)
{
    if (x->head[li] == 0 || x->head[li] - 1 > j) {
        x->next[j] = x->head[li];
        x->head[li] = j + 1;
        return;
    }
    uint32_t q = x->head[li] - 1;
    while (x->next[q] != 0 && x->next[q] - 1 < j)
        q = x->next[q] - 1;
    x->next[j] = x->next[q];
    x->next[q] = j + 1;
}

void vader_but_indexed(double *S, size_t n, size_t bi, uint32_t *aux)
{
    const size_t cap = but_slots(n);
    uint32_t *P = aux;
    but_index x = {.next = aux + n, .head = aux + 2 * n, .slot = aux + 4 * n,
                   .val = (double *)(void *)(aux + 4 * n + cap), .mask = cap - 1, .n_lists = 0};
    memset(x.slot, 0, cap * sizeof *x.slot);
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (S[k] != 0)
            P[m++] = (uint32_t)k;
    /* Positions in increasing order: inserting each at its list's end keeps
     * lists sorted; the walk is short because equal values are rare. */
    for (size_t a = m; a-- > 0;) {
        const uint32_t li = but_list(&x, S[P[a]]);
        x.next[P[a]] = x.head[li];
        x.head[li] = P[a] + 1;
    }
    for (size_t a = 0; a < m; a++) {
        const double val = S[P[a]];
        const uint32_t li = but_list(&x, val);
        const uint32_t j = x.head[li] - 1;
        if (j == bi)
            continue;
        const double nv = j < bi ? val * 0.5 : val * 1.5;
        x.head[li] = x.next[j];
        S[j] = nv;
        but_insert(&x, but_list(&x, nv), j);
    }
}

void vader_but_rule(double *S, size_t n, size_t bi, uint32_t *aux)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        m += S[k] != 0;
    if (m <= 64)
        vader_but_scan(S, n, bi, aux);
    else
        vader_but_indexed(S, n, bi, aux);
}

/* ---- steps 6 and 7: amplifier, compound, proportions (spec 2.8, 2.9) --------------- */

/* Steps 1-6: the token valences S (in sc->S, after the "but" rule), their
 * number and the punctuation amplifier. */
static int valences(const vader_model *m, vader_scratch *sc, const char *text, size_t len,
                    size_t *n_out, double *amp_out)
{
    *n_out = 0;
    *amp_out = 0.0;
    bool oom = false;
    size_t tn = len;
    const char *t = m->n_emoji ? emoji_substitute(m, sc, text, len, &tn, &oom) : text;
    if (oom)
        return NM_ENOMEM;
    /* Lower-cased forms take at most 1.5 times the bytes (a 2-byte letter
     * can lower to 3 bytes); reserved up front, as tokens point into it. */
    if (!reserve_bytes(&sc->lower, &sc->lower_cap, tn + tn / 2 + 8))
        return NM_ENOMEM;
    size_t n_excl, n_quest, n_upper;
    /* Hints are positions in the original text: not after emoji
     * substitution, which copies it. */
    const size_t base = sc->hint != NULL && t == text ? (size_t)(text - sc->hint_text) : SIZE_MAX;
    const size_t n = tokenize(m, sc, t, tn, base, &n_excl, &n_quest, &n_upper, &oom);
    if (oom)
        return NM_ENOMEM;
    if (n == 0)
        return 0;
    vader_tok *tok = sc->tok;
    if (m->match_phrases)
        match_phrases(m, tok, n);

    const bool capdiff = n_upper > 0 && n_upper < n;

    double *S = sc->S;
    size_t bi = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const vader_tok *tk = &tok[i];
        if (tk->wid == VW_BUT && bi == SIZE_MAX)
            bi = i;
        /* Most tokens have no lexicon value: that test first. */
        if (!tk->has_lex || tk->boost != 0 ||
            (i < n - 1 && tk->wid == VW_KIND && tok[i + 1].wid == VW_OF)) {
            S[i] = 0.0;
            continue;
        }
        S[i] = valence(tok, n, i, capdiff);
    }
    if (bi != SIZE_MAX) {
        const size_t words = vader_but_aux_size(n);
        if (words > sc->aux_cap) {
            uint32_t *a = realloc(sc->aux, words * sizeof *a);
            if (a == NULL)
                return NM_ENOMEM;
            sc->aux = a;
            sc->aux_cap = words;
        }
        vader_but_rule(S, n, bi, sc->aux);
    }

    if (n_excl > 4)
        n_excl = 4;
    const double ep = (double)n_excl * 0.292;
    double qm = 0.0;
    if (n_quest > 1) {
        if (n_quest <= 3)
            qm = (double)n_quest * 0.18;
        else
            qm = 0.96;
    }
    *amp_out = ep + qm;
    *n_out = n;
    return 0;
}

int vader_valences(const vader_model *m, vader_scratch *sc, const char *text, size_t len,
                   const double **S, size_t *n, double *amp)
{
    const int rc = valences(m, sc, text, len, n, amp);
    *S = sc->S;
    return rc;
}

int vader_score(const vader_model *m, vader_scratch *sc, const char *text, size_t len,
                vader_scores *out)
{
    *out = (vader_scores){0.0, 0.0, 0.0, 0.0};
    size_t n;
    double amp;
    const int rc = valences(m, sc, text, len, &n, &amp);
    if (rc != 0 || n == 0)
        return rc;
    const double *S = sc->S;

    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum = sum + S[i];
    if (sum > 0)
        sum = sum + amp;
    else if (sum < 0)
        sum = sum - amp;
    double compound = sum / sqrt(sum * sum + 15);
    if (compound < -1.0)
        compound = -1.0;
    else if (compound > 1.0)
        compound = 1.0;

    double pos_sum = 0.0, neg_sum = 0.0;
    size_t neu = 0;
    for (size_t i = 0; i < n; i++) {
        if (S[i] > 0)
            pos_sum = pos_sum + (S[i] + 1);
        if (S[i] < 0)
            neg_sum = neg_sum + (S[i] - 1);
        if (S[i] == 0)
            neu = neu + 1;
    }
    if (pos_sum > fabs(neg_sum))
        pos_sum = pos_sum + amp;
    else if (pos_sum < fabs(neg_sum))
        neg_sum = neg_sum - amp;
    const double total = (pos_sum + fabs(neg_sum)) + (double)neu;
    out->pos = fabs(pos_sum / total);
    out->neg = fabs(neg_sum / total);
    out->neu = fabs((double)neu / total);
    out->compound = compound;
    return 0;
}
