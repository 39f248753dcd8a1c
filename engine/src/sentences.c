/* sentences.c: sentence and paragraph boundaries over the tokens.
 *
 * Boundaries fall only in the gaps between tokens, so every token lies in
 * exactly one sentence and every sentence and paragraph holds at least one
 * token (a text without tokens has neither). A paragraph is a run of whole
 * sentences. The rules, with examples, are in docs/analysis.md; in short:
 *
 *   paragraph (and sentence) break
 *     - a blank line (a line holding only white space);
 *     - a newline followed by indentation (space or tab): Reuters marks
 *       paragraphs that way and hard-wraps the lines in between;
 *     - after a heading line: a whole line whose letters are all upper case
 *       ("TRUMP SAYS HE HAD 'GOOD TALK'"), ending in a word or a closing
 *       quote, followed by a single newline and a capitalised word.
 *   sentence break
 *     - terminal punctuation ('.', '!', '?', runs like "?!" or "...",
 *       U+2026, U+203C, U+203D, U+2047..U+2049), then any closing quotes or
 *       brackets, then white space; and the next word must not start with a
 *       lower-case letter. An ellipsis needs an upper-case start;
 *     - a period after an abbreviation: never after a title (Mr. Dr. Gen.
 *       Sen. ...), never after "No." before a number; after Inc. Co. Jan.
 *       etc. St., an initial ("J.") or a dotted acronym ("U.S.", "a.m."),
 *       only when the next word is a common sentence starter ("The", "He");
 *     - CJK full stops and marks (U+3002, U+FF01, U+FF1F, U+FF61) always,
 *       with no white space needed;
 *     - a lost space: "in Syria.The town" (see glued_break).
 *   A single newline is white space: Reuters text is hard-wrapped. */
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "newsmill/nm_error.h"

static int spanvec_reserve(nm_spanvec *v, size_t need)
{
    if (need <= v->cap)
        return 0;
    size_t cap = v->cap ? v->cap : 64;
    while (cap < need)
        cap *= 2;
    nm_span *s = realloc(v->span, cap * sizeof *s);
    if (s == NULL)
        return NM_ENOMEM;
    v->span = s;
    v->cap = cap;
    return 0;
}

static int spanvec_push(nm_spanvec *v, size_t start, size_t end, size_t tb, size_t te)
{
    if (v->n == v->cap && spanvec_reserve(v, v->n + 1) != 0)
        return NM_ENOMEM;
    nm_span *sp = &v->span[v->n++];
    sp->start = (uint32_t)start;
    sp->end = (uint32_t)end;
    sp->tok_begin = (uint32_t)tb;
    sp->tok_end = (uint32_t)te;
    return 0;
}

/* ---- code point helpers ---------------------------------------------- */

/* Bytes that may start what a boundary needs: terminal punctuation, a
 * newline, or the lead byte of U+2026.., U+3002, U+FF01 (E2, E3, EF). Gaps
 * without one (", ", " ") are dismissed with a table look-up per byte. */
static const unsigned char gap_interest[256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

enum { T_NONE, T_DOT, T_STRONG, T_ELLIPSIS, T_CJK };

static int term_kind(uint32_t cp)
{
    switch (cp) {
    case '.':
        return T_DOT;
    case '!':
    case '?':
    case 0x203C: /* double exclamation mark */
    case 0x203D: /* interrobang */
    case 0x2047: /* double question mark */
    case 0x2048: /* question exclamation mark */
    case 0x2049: /* exclamation question mark */
        return T_STRONG;
    case 0x2026: /* horizontal ellipsis */
        return T_ELLIPSIS;
    case 0x3002: /* ideographic full stop */
    case 0xFF01: /* fullwidth exclamation mark */
    case 0xFF1F: /* fullwidth question mark */
    case 0xFF61: /* halfwidth ideographic full stop */
        return T_CJK;
    default:
        return T_NONE;
    }
}

static int category(uint32_t cp)
{
    return (int)utf8proc_category((utf8proc_int32_t)cp);
}

/* Closing quotes and brackets, which stay with the sentence they close. */
static bool is_closer(uint32_t cp)
{
    if (cp < 0x80)
        return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}';
    const int c = category(cp);
    return c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF;
}

static bool is_opener(uint32_t cp)
{
    if (cp < 0x80)
        return cp == '"' || cp == '\'' || cp == '(' || cp == '[';
    const int c = category(cp);
    return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI;
}

static bool space_at(const unsigned char *s, size_t j)
{
    unsigned n;
    return nm_is_space_cp(nm_utf8_decode(s + j, &n));
}

static size_t skip_closers(const unsigned char *s, size_t j, size_t hi)
{
    while (j < hi) {
        unsigned n;
        if (!is_closer(nm_utf8_decode(s + j, &n)))
            break;
        j += n;
    }
    return j;
}

/* First position in [j, hi) that is not white space (hi if none). */
static size_t skip_space_fwd(const unsigned char *s, size_t j, size_t hi)
{
    while (j < hi) {
        unsigned n;
        if (!nm_is_space_cp(nm_utf8_decode(s + j, &n)))
            break;
        j += n;
    }
    return j;
}

/* Moves p back over white space, not below lo. */
static size_t skip_space_back(const unsigned char *s, size_t lo, size_t p)
{
    while (p > lo) {
        size_t q = p - 1;
        while (q > lo && (s[q] & 0xC0) == 0x80)
            q--;
        unsigned n;
        if (!nm_is_space_cp(nm_utf8_decode(s + q, &n)))
            break;
        p = q;
    }
    return p;
}

static bool first_cp_lower(const unsigned char *s, const nm_token *t)
{
    const unsigned char c = s[t->start];
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    unsigned n;
    return category(nm_utf8_decode(s + t->start, &n)) == UTF8PROC_CATEGORY_LL;
}

static bool single_letter(const unsigned char *s, const nm_token *t)
{
    if (!(t->flags & NM_TOK_HAS_ALPHA))
        return false;
    unsigned n;
    (void)nm_utf8_decode(s + t->start, &n);
    return t->start + n == t->end;
}

static unsigned count_cps(const unsigned char *s, size_t start, size_t end)
{
    unsigned n = 0;
    for (size_t j = start; j < end; j++)
        n += (s[j] & 0xC0) != 0x80;
    return n;
}

/* ---- word lists ------------------------------------------------------ */

enum { AB_NONE, AB_TITLE, AB_NUMBER, AB_SUFFIX };

typedef struct abbrev {
    char form[5];       /* lower case, as the token's form */
    unsigned char kind; /* AB_* */
    bool capital;       /* only when written with a capital ("Mr", not "mr") */
} abbrev;

/* AB_TITLE precedes a name and never ends a sentence; AB_NUMBER ("No.")
 * does not before a number; AB_SUFFIX often ends one ("... of Apple Inc.
 * The company said"), so it ends one only before a sentence starter. */
static const abbrev abbrevs[] = {
    {"mr", AB_TITLE, true},    {"mrs", AB_TITLE, true},   {"ms", AB_TITLE, true},
    {"dr", AB_TITLE, true},    {"gen", AB_TITLE, true},   {"sen", AB_TITLE, true},
    {"rep", AB_TITLE, true},   {"gov", AB_TITLE, true},   {"col", AB_TITLE, true},
    {"lt", AB_TITLE, true},    {"sgt", AB_TITLE, true},   {"capt", AB_TITLE, true},
    {"maj", AB_TITLE, true},   {"prof", AB_TITLE, true},  {"adm", AB_TITLE, true},
    {"cmdr", AB_TITLE, true},  {"brig", AB_TITLE, true},  {"gens", AB_TITLE, true},
    {"reps", AB_TITLE, true},  {"sens", AB_TITLE, true},  {"rev", AB_TITLE, true},
    {"hon", AB_TITLE, true},   {"pres", AB_TITLE, true},  {"supt", AB_TITLE, true},
    {"atty", AB_TITLE, true},  {"vs", AB_TITLE, false},   {"no", AB_NUMBER, true},
    {"st", AB_SUFFIX, true},   {"jr", AB_SUFFIX, true},   {"sr", AB_SUFFIX, true},
    {"inc", AB_SUFFIX, true},  {"corp", AB_SUFFIX, true}, {"co", AB_SUFFIX, true},
    {"ltd", AB_SUFFIX, true},  {"etc", AB_SUFFIX, false}, {"mt", AB_SUFFIX, true},
    {"ft", AB_SUFFIX, true},   {"dept", AB_SUFFIX, true}, {"univ", AB_SUFFIX, true},
    {"ave", AB_SUFFIX, true},  {"jan", AB_SUFFIX, true},  {"feb", AB_SUFFIX, true},
    {"mar", AB_SUFFIX, true},  {"apr", AB_SUFFIX, true},  {"aug", AB_SUFFIX, true},
    {"sept", AB_SUFFIX, true}, {"sep", AB_SUFFIX, true},  {"oct", AB_SUFFIX, true},
    {"nov", AB_SUFFIX, true},  {"dec", AB_SUFFIX, true},
};

/* Capitalised words that commonly open a sentence: after an ambiguous
 * period ("in the U.S. The", "Apple Inc. It") they tip it to a break. */
static const char *const starters[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that",
    "these", "those", "there", "his", "her", "its", "their", "our", "my", "in", "on",
    "at", "but", "and", "as", "for", "if", "when", "while", "after", "before", "since",
    "however", "meanwhile", "also", "yet", "so", "some", "many", "most", "what", "why",
    "how", "who", "where", "then", "now", "one",
};

static bool is_starter(const nm_token *t)
{
    if (!(t->flags & NM_TOK_UPPER_INITIAL))
        return false;
    /* "IT", "US" are names; "I" and "A" are the words. */
    if ((t->flags & NM_TOK_ALL_UPPER) && t->form_len > 1)
        return false;
    /* The form is NUL-terminated and holds no NUL, so strcmp is the length
     * and byte comparison in one; the first byte rules out most entries. */
    for (size_t k = 0; k < sizeof starters / sizeof starters[0]; k++)
        if (starters[k][0] == t->form[0] && strcmp(starters[k], t->form) == 0)
            return true;
    return false;
}

/* What kind of abbreviation token i is, when a period directly follows it. */
static int abbrev_kind(const unsigned char *s, const nm_token *tok, size_t i)
{
    const nm_token *a = &tok[i];
    if (single_letter(s, a)) {
        if (a->flags & NM_TOK_UPPER_INITIAL)
            return AB_SUFFIX; /* an initial, or the end of "U.S." */
        if (i > 0 && tok[i - 1].end + 1 == a->start && s[tok[i - 1].end] == '.' &&
            single_letter(s, &tok[i - 1]))
            return AB_SUFFIX; /* "a.m.", "e.g." */
        return AB_NONE;
    }
    /* After a hyphen, the last part counts: "then-Sen.", "post-Sept. 11".
     * In an ASCII token, form and text offsets agree. */
    size_t off = 0;
    bool capital = (a->flags & NM_TOK_UPPER_INITIAL) != 0;
    if (a->flags & NM_TOK_ASCII) {
        for (size_t k = a->form_len; k > 0; k--)
            if (a->form[k - 1] == '-') {
                off = k;
                break;
            }
        capital = s[a->start + off] >= 'A' && s[a->start + off] <= 'Z';
    }
    const size_t flen = a->form_len - off;
    if (flen < 2 || flen > 4)
        return AB_NONE;
    for (size_t k = 0; k < sizeof abbrevs / sizeof abbrevs[0]; k++) {
        const abbrev *ab = &abbrevs[k];
        /* a->form + off is NUL-terminated after flen bytes (see is_starter). */
        if (ab->form[0] == a->form[off] && strcmp(ab->form, a->form + off) == 0)
            return (!ab->capital || capital) ? ab->kind : AB_NONE;
    }
    return AB_NONE;
}

/* ---- the gap between two tokens ------------------------------------- */

enum { GB_NONE, GB_SENTENCE, GB_PARAGRAPH };

/* The line being read: could it be a heading? */
typedef struct line_state {
    bool all_upper;   /* every token with a letter is all upper case */
    unsigned letters; /* code points in those tokens, counted up to 2 */
} line_state;

static void line_add(line_state *ls, const unsigned char *s, const nm_token *t)
{
    if (!(t->flags & NM_TOK_HAS_ALPHA))
        return;
    if (!(t->flags & NM_TOK_ALL_UPPER))
        ls->all_upper = false;
    else if (ls->letters < 2)
        ls->letters += count_cps(s, t->start, t->end);
}

/* Glued sentences, where text extraction lost the space: "in Syria.The
 * town", "he wrote.\"If we". The gap is exactly one '.' (or a run of '!'
 * and '?') right after a word of two or more code points ending in a
 * lower-case letter or a digit, then closers; the next word is capitalised
 * with lower case after, and does not go on as a domain or an address
 * ("One.Tel", "Halo.Bungie.Org", "Dan.Smith@example.com"). Glued
 * ellipses ("capabilities...They") stay joined: in quotes they mostly
 * mark an omission. */
static int glued_break(const unsigned char *s, const nm_token *tok, size_t i, size_t len,
                       size_t *p)
{
    const nm_token *a = &tok[i], *b = &tok[i + 1];
    const size_t g0 = a->end, g1 = b->start;
    if ((b->flags & (NM_TOK_UPPER_INITIAL | NM_TOK_ALL_UPPER)) != NM_TOK_UPPER_INITIAL)
        return GB_NONE;
    size_t j = g0;
    unsigned dots = 0, strong = 0;
    while (j < g1) {
        unsigned n;
        const int t = term_kind(nm_utf8_decode(s + j, &n));
        if (t == T_DOT)
            dots++;
        else if (t == T_STRONG)
            strong++;
        else
            break;
        j += n;
    }
    if (!((dots == 1 && strong == 0) || (dots == 0 && strong > 0)))
        return GB_NONE;
    if (skip_closers(s, j, g1) != g1)
        return GB_NONE;
    if (b->end + 1 < len && (s[b->end] == '.' || s[b->end] == '@') && !space_at(s, b->end + 1))
        return GB_NONE;
    if (a->start > 0 && (s[a->start - 1] == '.' || s[a->start - 1] == '@'))
        return GB_NONE;
    if (count_cps(s, a->start, a->end) < 2)
        return GB_NONE;
    size_t q = a->end - 1;
    while (q > a->start && (s[q] & 0xC0) == 0x80)
        q--;
    unsigned n;
    const int cat = category(nm_utf8_decode(s + q, &n));
    if (cat != UTF8PROC_CATEGORY_LL && cat != UTF8PROC_CATEGORY_ND)
        return GB_NONE;
    if (dots == 1) {
        const int ab = abbrev_kind(s, tok, i);
        if (ab == AB_TITLE || (ab == AB_SUFFIX && !is_starter(b)))
            return GB_NONE;
    }
    *p = g1;
    return GB_SENTENCE;
}

/* Terminal punctuation in the gap after token i. */
static int terminal_break(const unsigned char *s, const nm_token *tok, size_t i, size_t len,
                          size_t *p)
{
    const nm_token *a = &tok[i], *b = &tok[i + 1];
    const size_t g0 = a->end, g1 = b->start;
    size_t j = g0, cand = SIZE_MAX;
    unsigned dots = 0;
    bool strong = false, ellipsis = false, attached = false;

    while (j < g1) {
        unsigned n;
        int t = term_kind(nm_utf8_decode(s + j, &n));
        if (t == T_NONE) {
            j += n;
            continue;
        }
        if (t == T_CJK) {
            *p = skip_closers(s, j + n, g1);
            return GB_SENTENCE;
        }
        const size_t r0 = j;
        while (j < g1) {
            t = term_kind(nm_utf8_decode(s + j, &n));
            if (t == T_NONE || t == T_CJK)
                break;
            dots += t == T_DOT;
            strong |= t == T_STRONG;
            ellipsis |= t == T_ELLIPSIS;
            j += n;
        }
        j = skip_closers(s, j, g1);
        /* Terminal punctuation ends a sentence only before white space:
         * "Yahoo.com", "rational...licensing" go on. The last such run in
         * the gap wins, so ". . ." stays whole. */
        if (j < g1 && space_at(s, j)) {
            cand = j;
            attached |= r0 == g0;
        }
    }
    if (cand == SIZE_MAX)
        return glued_break(s, tok, i, len, p);
    *p = cand;

    if (strong)
        return first_cp_lower(s, b) ? GB_NONE : GB_SENTENCE;
    if (ellipsis || dots >= 2)
        return (b->flags & NM_TOK_UPPER_INITIAL) ? GB_SENTENCE : GB_NONE;
    if (first_cp_lower(s, b))
        return GB_NONE;
    if (!attached)
        return GB_SENTENCE;
    switch (abbrev_kind(s, tok, i)) {
    case AB_TITLE:
        return GB_NONE;
    case AB_NUMBER:
        return (s[b->start] >= '0' && s[b->start] <= '9') ? GB_NONE : GB_SENTENCE;
    case AB_SUFFIX:
        return is_starter(b) ? GB_SENTENCE : GB_NONE;
    default:
        return GB_SENTENCE;
    }
}

/* Heading rule for a gap holding exactly one newline, at nl. */
static bool heading_break(const unsigned char *s, const nm_token *a, const nm_token *b,
                          size_t nl, const line_state *ls)
{
    if (!ls->all_upper || ls->letters < 2)
        return false;
    if ((b->flags & (NM_TOK_UPPER_INITIAL | NM_TOK_ALL_UPPER)) != NM_TOK_UPPER_INITIAL)
        return false;
    /* The line ends in a word or closing quote ("... LEADER'"), not in a
     * comma, dash or colon that would carry on to the next line. */
    for (size_t j = a->end; j < nl;) {
        unsigned n;
        const uint32_t cp = nm_utf8_decode(s + j, &n);
        if (!nm_is_space_cp(cp) && !is_closer(cp))
            return false;
        j += n;
    }
    for (size_t j = nl + 1; j < b->start;) {
        unsigned n;
        if (!is_opener(nm_utf8_decode(s + j, &n)))
            return false;
        j += n;
    }
    return true;
}

/* Decides whether a boundary falls in the gap after token i; *p gets the
 * split point (the sentence before ends, trimmed, before it; the next one
 * starts at the first non-space at or after it). Updates the line state
 * for the newlines in the gap. */
static int gap_break(const unsigned char *s, size_t len, const nm_token *tok, size_t i,
                     line_state *ls, size_t *p)
{
    const size_t g0 = tok[i].end, g1 = tok[i + 1].start;
    size_t j = g0;
    while (j < g1 && !gap_interest[s[j]])
        j++;
    if (j == g1)
        return GB_NONE;

    size_t nl = SIZE_MAX, para_at = SIZE_MAX;
    unsigned n_nl = 0;
    bool para = false;
    for (; j < g1; j++) {
        if (s[j] != '\n')
            continue;
        if (n_nl++ == 0)
            nl = j;
        if (para)
            continue;
        size_t k = j + 1;
        bool indent = false;
        while (k < g1 && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\v' ||
                          s[k] == '\f')) {
            indent |= s[k] == ' ' || s[k] == '\t';
            k++;
        }
        if ((k < g1 && s[k] == '\n') || indent) {
            para = true; /* a blank line, or an indented line, after j */
            para_at = j;
        }
    }

    int kind = GB_NONE;
    if (para) {
        *p = para_at;
        kind = GB_PARAGRAPH;
    } else {
        kind = terminal_break(s, tok, i, len, p);
        if (kind == GB_NONE && n_nl == 1 && heading_break(s, &tok[i], &tok[i + 1], nl, ls)) {
            *p = nl;
            kind = GB_PARAGRAPH;
        }
    }
    if (n_nl > 0) {
        ls->all_upper = true;
        ls->letters = 0;
    }
    return kind;
}

/* ---- driver ---------------------------------------------------------- */

int nm_sentences_split(nm_token *tok, size_t n_tok, const char *text, size_t len,
                       nm_spanvec *sent, nm_spanvec *para)
{
    const unsigned char *s = (const unsigned char *)text;
    sent->n = 0;
    para->n = 0;
    if (n_tok == 0)
        return 0;

    line_state ls = {true, 0};
    size_t s_start = skip_space_fwd(s, 0, tok[0].start), s_tok = 0;
    size_t p_start = s_start, p_tok = 0;
    line_add(&ls, s, &tok[0]);

    for (size_t i = 0; i + 1 < n_tok; i++) {
        size_t p = 0;
        const int kind = gap_break(s, len, tok, i, &ls, &p);
        if (kind != GB_NONE) {
            const size_t end = skip_space_back(s, tok[i].end, p);
            const uint32_t idx = (uint32_t)sent->n;
            if (spanvec_push(sent, s_start, end, s_tok, i + 1) != 0)
                return NM_ENOMEM;
            for (size_t k = s_tok; k <= i; k++)
                tok[k].sentence = idx;
            if (kind == GB_PARAGRAPH) {
                if (spanvec_push(para, p_start, end, p_tok, i + 1) != 0)
                    return NM_ENOMEM;
                p_tok = i + 1;
            }
            s_start = skip_space_fwd(s, p, tok[i + 1].start);
            s_tok = i + 1;
            if (kind == GB_PARAGRAPH)
                p_start = s_start;
        }
        /* Once the line has a word that is not all upper case it is no
         * heading, and only a newline (which resets ls) changes that. */
        if (ls.all_upper)
            line_add(&ls, s, &tok[i + 1]);
    }

    const size_t end = skip_space_back(s, tok[n_tok - 1].end, len);
    const uint32_t idx = (uint32_t)sent->n;
    if (spanvec_push(sent, s_start, end, s_tok, n_tok) != 0 ||
        spanvec_push(para, p_start, end, p_tok, n_tok) != 0)
        return NM_ENOMEM;
    for (size_t k = s_tok; k < n_tok; k++)
        tok[k].sentence = idx;
    return 0;
}
