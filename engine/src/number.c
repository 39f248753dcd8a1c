/* number.c: nm_numbers_find and nm_number_parse (nm_number.h).
 *
 * Works on "atoms": the parts of a token split at '-' ("twenty-one" ->
 * "twenty" "one", "7-year-old" -> "7" "year" "old"), walked in text order.
 * At each atom that can open a number, a small grammar reads the longest
 * number (digits, words, scale words, "and", "point"); then the words and
 * bytes around it decide whether it counts something (COUNT) or is a date,
 * age, duration, money, ordinal, percentage, time or measure (NONCOUNT).
 * A last pass joins "10-15", "10 to 15" and "between 10 and 15" into
 * ranges. Design notes and choices: docs/numbers.md. No allocation except
 * growing the caller's list. */
#include "newsmill/nm_number.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number_words.h"

typedef struct pos { size_t tok; uint32_t off; } pos;

typedef struct atom {
    const char *s;   /* lower-case form bytes */
    size_t len;
    size_t tok;
    uint32_t off;    /* offset of s in the token's form */
    int last;        /* last part of its token */
} atom;

static int atom_get(const nm_analysis *an, pos p, atom *a) {
    memset(a, 0, sizeof *a);
    if (p.tok >= an->n_tokens) return 0;
    const nm_token *t = &an->tokens[p.tok];
    const char *s = t->form + p.off;
    size_t rem = t->form_len - p.off;
    const char *h = memchr(s, '-', rem);
    a->s = s;
    a->len = h ? (size_t)(h - s) : rem;
    a->tok = p.tok;
    a->off = p.off;
    a->last = h == NULL;
    return 1;
}

static pos pos_after(const atom *a) {
    pos p;
    if (a->last) { p.tok = a->tok + 1; p.off = 0; }
    else { p.tok = a->tok; p.off = a->off + (uint32_t)a->len + 1; }
    return p;
}

/* The atom before p, or 0 at the start of the text. */
static int atom_before(const nm_analysis *an, pos p, atom *a) {
    memset(a, 0, sizeof *a);
    size_t tok = p.tok;
    uint32_t end;
    if (p.off > 0) end = p.off - 1; /* the '-' before p */
    else {
        if (tok == 0) return 0;
        tok--;
        end = an->tokens[tok].form_len;
    }
    const char *f = an->tokens[tok].form;
    uint32_t b = end;
    while (b > 0 && f[b - 1] != '-') b--;
    a->s = f + b;
    a->len = end - b;
    a->tok = tok;
    a->off = b;
    a->last = end == an->tokens[tok].form_len;
    return 1;
}

/* Byte span of an atom in the text (the whole token when its form and text
 * bytes may not line up). */
static uint32_t atom_start(const nm_analysis *an, const atom *a) {
    const nm_token *t = &an->tokens[a->tok];
    return (t->flags & NM_TOK_ASCII) ? t->start + a->off : t->start;
}
static uint32_t atom_end(const nm_analysis *an, const atom *a) {
    const nm_token *t = &an->tokens[a->tok];
    return (t->flags & NM_TOK_ASCII) ? t->start + a->off + (uint32_t)a->len : t->end;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static const nmw_entry *atom_word(const atom *a) {
    if (a->len == 0 || !is_alpha(a->s[0])) return NULL;
    return nmw_lookup(a->s, a->len);
}
static int atom_cls(const atom *a) {
    const nmw_entry *e = atom_word(a);
    return e ? e->cls : NMW_NONE;
}
static int atom_is(const atom *a, const char *w) {
    size_t n = strlen(w);
    return a->len == n && memcmp(a->s, w, n) == 0;
}

/* Is the text between two tokens only white space? */
static int gap_space(const nm_analysis *an, size_t tok_before) {
    if (tok_before + 1 >= an->n_tokens) return 0;
    const char *t = an->text;
    for (uint32_t i = an->tokens[tok_before].end; i < an->tokens[tok_before + 1].start; i++) {
        char c = t[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return 0;
    }
    return 1;
}

/* --- digits ------------------------------------------------------------- */

/* Parses s[0, len) made of digits, ',' and '.' as one number: "6,700",
 * "1,234.5", "12,34,567" (Indian grouping), "1.111,11" (decimal comma),
 * "1,3". Returns 1 and sets *v, or 0 for a list such as "22,24,26" or
 * "192.168.1.2". *plain is set when there is no separator at all. */
static int digits_value(const char *s, size_t len, double *v, int *plain) {
    size_t ncomma = 0, ndot = 0, lastsep = 0;
    char lastc = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '.') {
            if (s[i] == ',') ncomma++; else ndot++;
            lastsep = i;
            lastc = s[i];
        }
    *plain = ncomma + ndot == 0;
    char thou = 0, dec = 0;
    if (ncomma + ndot == 0) {
    } else if (ndot == 0 || ncomma == 0) {
        char sep = ndot ? '.' : ',';
        size_t nsep = ndot ? ndot : ncomma;
        /* every group after the first of exactly 3 digits: thousands
           (for a single '.', "2.500" is read as a decimal: English) */
        int all3 = 1, indian = 1;
        size_t first = 0, i = 0, g = 0, gi = 0;
        while (i < len && s[i] != sep) i++;
        first = i;
        if (first == 0 || first > 3) all3 = 0;
        if (first == 0 || first > 2) indian = 0;
        while (i < len) {
            size_t j = i + 1;
            while (j < len && s[j] != sep) j++;
            g = j - i - 1;
            gi++;
            if (g != 3) all3 = 0;
            if (gi < nsep ? g != 2 : g != 3) indian = 0;
            i = j;
        }
        if (sep == ',' && (all3 || (nsep > 1 && indian))) thou = ',';
        else if (sep == '.' && nsep == 1) dec = '.';
        else if (sep == '.' && all3) thou = '.';
        else if (sep == ',' && nsep == 1 && g <= 2 && g >= 1) dec = ',';
        else return 0;
    } else {
        dec = lastc;
        thou = lastc == '.' ? ',' : '.';
        for (size_t i = 0; i < lastsep; i++)
            if (s[i] == dec) return 0;
    }
    double x = 0, f = 0.1;
    int after = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (is_digit(c)) {
            if (after) { x += (c - '0') * f; f /= 10; }
            else x = x * 10 + (c - '0');
        } else if (c == dec && !after) after = 1;
        else if (c != thou) return 0;
    }
    *v = x;
    return 1;
}

/* Length of the leading [0-9.,] run that ends in a digit. */
static size_t digits_prefix(const char *s, size_t len) {
    size_t i = 0;
    while (i < len && (is_digit(s[i]) || s[i] == ',' || s[i] == '.')) i++;
    while (i > 0 && !is_digit(s[i - 1])) i--;
    return i;
}

/* --- the raw number a grammar reads --------------------------------------- */

typedef struct raw {
    pos begin, end;    /* atoms [begin, end) */
    uint32_t bstart, bend;
    double value, high, scale;
    unsigned flags;
    int ordinal;
    int nc;            /* nm_num_noncount already known from the form */
    const char *vague;
    int plain4;        /* written as 4 digits without separators: a possible year */
    pos skip;          /* where scanning resumes (after a unit word); tok == SIZE_MAX: end */
} raw;

enum { L_NONE, L_UNIT, L_TEEN, L_TENS, L_HUNDRED, L_SCALE, L_AND, L_DIGITS, L_ZERO };

#define VROW(h) { h, h " hundred", h " thousand", h " million", h " dozen", h " of thousands", h " of millions" }
static const char *const vague_names[][7] = {
    VROW("several"), VROW("a few"), VROW("few"), VROW("many"), VROW("numerous"), VROW("scores"),
    VROW("tens"), VROW("a handful"), VROW("dozens"), VROW("hundreds"), VROW("thousands"),
    VROW("millions"), VROW("billions"),
};
#undef VROW

static int vague_row(const atom *a, int with_a) {
    static const char *const heads[] = { "several", "", "few", "many", "numerous", "scores",
                                         "tens", "handful", "dozens", "hundreds", "thousands",
                                         "millions", "billions" };
    if (with_a) return atom_is(a, "few") ? 1 : atom_is(a, "handful") ? 7 : -1;
    for (int i = 0; i < 13; i++)
        if (i != 1 && i != 7 && atom_is(a, heads[i])) return i;
    return -1;
}

/* Glued suffix of a digit atom ("2.5bn", "100k", "11th", "180ml", "3pm").
 * Returns the scale (>1), 0 for none, or -1 with *nc / *ordinal set. */
static double digit_suffix(const nm_analysis *an, const atom *a, size_t plen, int *nc,
                           int *ordinal) {
    const char *sf = a->s + plen;
    size_t sl = a->len - plen;
    const nm_token *t = &an->tokens[a->tok];
    const char *orig = (t->flags & NM_TOK_ASCII) ? an->text + t->start + a->off + plen : NULL;
    if (sl == 0) return 0;
    if (sl == 1 && sf[0] == 'k') return 1e3;
    if (sl == 1 && sf[0] == 'b') return 1e9;
    if (sl == 1 && sf[0] == 'm') {
        /* "3M" is a million; "3m" is metres unless money comes before or a
           plural noun after ("2.5m people"): docs/numbers.md */
        if (orig && orig[0] == 'M') return 1e6;
        atom prev = { 0 }, next = { 0 };
        pos p = { a->tok, a->off };
        if (atom_before(an, p, &prev)) {
            uint32_t gs = an->tokens[prev.tok].end, ge = t->start;
            for (uint32_t i = gs; i < ge; i++) {
                unsigned char c = (unsigned char)an->text[i];
                if (c == '$' || c == 0xA3 || c == 0xAC || c == 0xA5) return 1e6;
            }
            if (atom_cls(&prev) == NMW_CUR_PRE) return 1e6;
        }
        if (a->last && atom_get(an, (pos){ a->tok + 1, 0 }, &next) && next.len > 3 &&
            (next.s[next.len - 1] == 's' || atom_is(&next, "people")) && atom_cls(&next) == NMW_NONE && is_alpha(next.s[0]))
            return 1e6;
        *nc = NM_NC_MEASURE;
        return -1;
    }
    if (sl == 2 && memcmp(sf, "mm", 2) == 0 && orig && orig[0] == 'M') return 1e6;
    const nmw_entry *e = nmw_lookup(sf, sl);
    if (e && e->cls == NMW_SCALE && !(e->flags & NMW_F_PLURAL)) return e->value;
    if (sl == 2 && (!memcmp(sf, "st", 2) || !memcmp(sf, "nd", 2) || !memcmp(sf, "rd", 2) ||
                    !memcmp(sf, "th", 2))) {
        *ordinal = 1;
        return -1;
    }
    if (sl == 1 && sf[0] == 's') { *nc = NM_NC_YEAR; return -1; } /* "1990s", "80s" */
    if (sl == 2 && !memcmp(sf, "yo", 2)) { *nc = NM_NC_AGE; return -1; }
    if (e && e->cls == NMW_TIME_POST) { *nc = NM_NC_TIME; return -1; }
    if (e && e->cls == NMW_DURATION) { *nc = NM_NC_DURATION; return -1; }
    if ((sl == 1 && (sf[0] == 'h' || sf[0] == 'd')) ) { *nc = NM_NC_DURATION; return -1; }
    if (e && e->cls == NMW_MEASURE) { *nc = NM_NC_MEASURE; return -1; }
    if (sl == 1 && (sf[0] == 'g' || sf[0] == 'l' || sf[0] == 't' || sf[0] == 'c')) {
        *nc = NM_NC_MEASURE;
        return -1;
    }
    *nc = NM_NC_OTHER;
    return -1;
}

/* Reads the decimals after "point": single digit words ("two three six"),
 * one number word ("seventy-one" -> .71) or a digit atom. */
static int read_decimals(const nm_analysis *an, pos p, double *frac, pos *end) {
    atom a = { 0 };
    double f = 0, scale = 0.1;
    int n = 0;
    while (atom_get(an, p, &a)) {
        if (n > 0 && !(a.off > 0 || gap_space(an, a.tok - 1))) break;
        if (a.len && is_digit(a.s[0])) {
            if (n > 0) break;
            size_t pl = digits_prefix(a.s, a.len);
            if (pl != a.len) return 0;
            for (size_t i = 0; i < pl; i++) {
                if (!is_digit(a.s[i])) return 0;
                f += (a.s[i] - '0') * scale;
                scale /= 10;
            }
            *frac = f;
            *end = pos_after(&a);
            return 1;
        }
        const nmw_entry *e = atom_word(&a);
        if (!e) break;
        if (e->cls == NMW_UNIT) {
            f += e->value * scale;
            scale /= 10;
            n++;
            p = pos_after(&a);
            continue;
        }
        if (n == 0 && (e->cls == NMW_TEEN || e->cls == NMW_TENS)) {
            double v = e->value;
            pos q = pos_after(&a);
            atom b = { 0 };
            if (e->cls == NMW_TENS && atom_get(an, q, &b) && (b.off > 0 || gap_space(an, b.tok - 1))) {
                const nmw_entry *eb = atom_word(&b);
                if (eb && eb->cls == NMW_UNIT && eb->value > 0) { v += eb->value; q = pos_after(&b); }
            }
            *frac = v / 100;
            *end = q;
            return 1;
        }
        break;
    }
    if (n == 0) return 0;
    *frac = f;
    *end = p;
    return 1;
}

/* Can the number go on from atom a to the atom at p? (same token, or white
 * space between; after a scale word also ", ": "a thousand, one hundred") */
static int joined(const nm_analysis *an, const atom *a, pos p, int comma_ok) {
    if (!a->last) return 1;
    if (p.tok >= an->n_tokens) return 0;
    if (gap_space(an, a->tok)) return 1;
    if (!comma_ok) return 0;
    const char *t = an->text;
    uint32_t i = an->tokens[a->tok].end, e = an->tokens[p.tok].start;
    if (i < e && t[i] == ',') {
        for (i++; i < e; i++)
            if (t[i] != ' ') return 0;
        return 1;
    }
    return 0;
}

/* The grammar: reads the longest number opening at p. */
static int read_number(const nm_analysis *an, pos p, raw *r) {
    atom a = { 0 }, b = { 0 };
    if (!atom_get(an, p, &a) || a.len == 0) return 0;
    memset(r, 0, sizeof *r);
    r->begin = p;
    r->scale = 1;
    r->skip.tok = SIZE_MAX;
    double total = 0, group = 0, tail = 0, last_scale = INFINITY;
    int last = L_NONE, paired = 0, bare = 0, decimals = 0, row = -1;
    pos q = p;

    const nmw_entry *e = atom_word(&a);
    if (!is_digit(a.s[0]) && !e) return 0;
    pos nx = pos_after(&a);
    int has_next = atom_get(an, nx, &b) && joined(an, &a, nx, 0);
    const nmw_entry *eb = has_next ? atom_word(&b) : NULL;

    /* openers that are not plain number words */
    if (e && e->cls == NMW_A) {
        if (!eb) return 0;
        if ((eb->cls == NMW_HUNDRED || eb->cls == NMW_SCALE) && !(eb->flags & NMW_F_PLURAL)) {
            group = tail = 1;
            last = L_UNIT;
            paired = 1;
            q = nx;
            r->flags |= NM_NUMF_WORDS;
            goto loop;
        }
        if (eb->cls == NMW_DOZEN && !(eb->flags & NMW_F_PLURAL)) {
            r->value = 12; r->end = pos_after(&b); r->flags |= NM_NUMF_WORDS; return 1;
        }
        if (eb->cls == NMW_COUPLE) {
            r->value = 2; r->end = pos_after(&b); r->flags |= NM_NUMF_WORDS; return 1;
        }
        if (eb->cls == NMW_HALF || eb->cls == NMW_QUARTER) {
            /* "a half", "a quarter million" */
            pos q2 = pos_after(&b);
            atom c = { 0 };
            if (atom_get(an, q2, &c) && joined(an, &b, q2, 0) && atom_cls(&c) == NMW_SCALE &&
                !(atom_word(&c)->flags & NMW_F_PLURAL)) {
                r->scale = atom_word(&c)->value;
                r->value = eb->value * r->scale;
                r->flags |= NM_NUMF_WORDS | NM_NUMF_SCALED;
                r->end = pos_after(&c);
                return 1;
            }
            r->value = eb->value; r->nc = NM_NC_FRACTION; r->end = q2; r->flags |= NM_NUMF_WORDS;
            return 1;
        }
        row = vague_row(&b, 1);
        if (row < 0) return 0;
        a = b;
        e = eb;
        nx = pos_after(&a);
        has_next = atom_get(an, nx, &b) && joined(an, &a, nx, 0);
        eb = has_next ? atom_word(&b) : NULL;
        goto vague_with_row;
    }
    if (e && e->cls == NMW_HALF) {
        /* "half a million", "half a dozen", "half million"; alone: a fraction */
        atom c = b;
        pos q2 = nx;
        const nmw_entry *ec = eb;
        if (ec && ec->cls == NMW_A) {
            q2 = pos_after(&b);
            if (atom_get(an, q2, &c) && joined(an, &b, q2, 0)) ec = atom_word(&c);
            else ec = NULL;
        }
        if (ec && (ec->cls == NMW_SCALE || ec->cls == NMW_HUNDRED || ec->cls == NMW_DOZEN) &&
            !(ec->flags & NMW_F_PLURAL)) {
            r->scale = ec->cls == NMW_DOZEN ? 1 : ec->value;
            r->value = 0.5 * ec->value;
            r->flags |= NM_NUMF_WORDS | (ec->cls == NMW_DOZEN ? 0u : NM_NUMF_SCALED);
            r->end = pos_after(&c);
            return 1;
        }
        r->value = 0.5; r->nc = NM_NC_FRACTION; r->end = nx; r->flags |= NM_NUMF_WORDS;
        return 1;
    }
    if (e && e->cls == NMW_QUARTER) {
        if (eb && eb->cls == NMW_SCALE && !(eb->flags & NMW_F_PLURAL)) {
            r->scale = eb->value;
            r->value = 0.25 * eb->value;
            r->flags |= NM_NUMF_WORDS | NM_NUMF_SCALED;
            r->end = pos_after(&b);
            return 1;
        }
        return 0;
    }
    if (e && (e->cls == NMW_VAGUE ||
              ((e->cls == NMW_HUNDRED || e->cls == NMW_SCALE || e->cls == NMW_DOZEN) &&
               (e->flags & NMW_F_PLURAL)))) {
        row = vague_row(&a, 0);
        if (row < 0) return 0; /* "lakhs" alone */
    vague_with_row:
        r->flags |= NM_NUMF_WORDS;
        double low = e->cls == NMW_VAGUE ? e->value : 2 * e->value;
        int col = 0;
        pos end = nx;
        int is_of = eb && atom_is(&b, "of") && b.off == 0;
        if (eb && !(eb->flags & NMW_F_PLURAL) && e->cls == NMW_VAGUE &&
            (eb->cls == NMW_HUNDRED || eb->cls == NMW_SCALE || eb->cls == NMW_DOZEN) &&
            (eb->value == 100 || eb->value == 1e3 || eb->value == 1e6 || eb->value == 12)) {
            /* "several hundred", "a few thousand", "several dozen" */
            col = eb->value == 100 ? 1 : eb->value == 1e3 ? 2 : eb->value == 1e6 ? 3 : 4;
            low = (row == 1 || row == 2 || row == 7 ? 2 : 3) * eb->value;
            r->scale = eb->value;
            end = pos_after(&b);
        } else if (is_of) {
            /* "tens of thousands", "hundreds of millions" */
            pos q2 = pos_after(&b);
            atom c = { 0 };
            if (atom_get(an, q2, &c) && joined(an, &b, q2, 0)) {
                const nmw_entry *ec = atom_word(&c);
                if (ec && ec->cls == NMW_SCALE && (ec->flags & NMW_F_PLURAL) &&
                    (ec->value == 1e3 || ec->value == 1e6)) {
                    col = ec->value == 1e3 ? 5 : 6;
                    low *= ec->value;
                    r->scale = ec->value;
                    end = pos_after(&c);
                }
            }
        }
        if (row == 5 && !is_of) return 0; /* "scores" alone: sports */
        if (row == 6 && !is_of) return 0; /* "tens" alone */
        r->vague = vague_names[row][col];
        r->value = low;
        r->high = INFINITY;
        r->end = end;
        atom c = { 0 };
        if (atom_get(an, end, &c) && c.off == 0 && atom_is(&c, "of")) r->flags |= NM_NUMF_OF;
        return 1;
    }
    if (e && (e->cls == NMW_AND || e->cls == NMW_POINT || e->cls == NMW_COUPLE)) return 0;
    if (e && (e->cls != NMW_UNIT && e->cls != NMW_TEEN && e->cls != NMW_TENS &&
              e->cls != NMW_HUNDRED && e->cls != NMW_SCALE && e->cls != NMW_ORD))
        return 0;

loop:
    for (int first = 1;; first = 0) {
        if (!atom_get(an, q, &a) || a.len == 0) break;
        if (!first) {
            atom prev = { 0 };
            atom_before(an, q, &prev);
            if (!joined(an, &prev, q, last == L_SCALE)) break;
        }
        if (is_digit(a.s[0])) {
            size_t pl = digits_prefix(a.s, a.len);
            double v;
            int plain;
            if (pl == 0 || !digits_value(a.s, pl, &v, &plain)) {
                if (first) return 0; /* lists are handled by the caller */
                break;
            }
            /* digits continue a number only after a scale word, "hundred" or "and" */
            if (!first && !(last == L_SCALE || last == L_HUNDRED || last == L_AND)) break;
            if (!first && v >= (last == L_HUNDRED ? 100 : last_scale)) break;
            if (!first && pl != a.len) break;
            if (!first && !plain) break;
            r->flags |= NM_NUMF_DIGITS;
            uint32_t bs = atom_start(an, &a);
            pos after = pos_after(&a);
            if (first && a.off == 0 && a.last && pl == a.len) {
                const char *t = an->text;
                /* ".77": a decimal point the tokenizer left out */
                if (plain && bs >= 1 && t[bs - 1] == '.' &&
                    (bs == 1 || t[bs - 2] == ' ' || t[bs - 2] == '(' || t[bs - 2] == '$')) {
                    double f = 1;
                    for (size_t i = 0; i < pl; i++) f /= 10;
                    v *= f;
                    r->bstart = bs - 1;
                }
                /* "136 000": groups of exactly 3 digits after one space */
                if (plain && pl <= 3) {
                    size_t k = a.tok;
                    while (k + 1 < an->n_tokens) {
                        const nm_token *n1 = &an->tokens[k + 1];
                        uint32_t gs = an->tokens[k].end;
                        if (n1->start != gs + 1 || t[gs] != ' ') break;
                        if (!(n1->flags & NM_TOK_ALL_DIGIT)) break;
                        const char *f1 = n1->form;
                        if (n1->form_len < 3 || !is_digit(f1[0]) || !is_digit(f1[1]) ||
                            !is_digit(f1[2]) || (n1->form_len > 3 && f1[3] != '.'))
                            break;
                        double w;
                        int pl2;
                        if (!digits_value(f1, n1->form_len, &w, &pl2)) break;
                        double ip = floor(w);
                        v = v * 1000 + ip + (w - ip);
                        k++;
                        after.tok = k + 1;
                        after.off = 0;
                        plain = 0;
                        if (n1->form_len > 3) break;
                    }
                }
            }
            if (first && plain && pl == 4 && pl == a.len) r->plain4 = 1;
            if (pl != a.len) {
                int nc = 0, ord = 0;
                double sc = digit_suffix(an, &a, pl, &nc, &ord);
                if (sc > 0) {
                    if (!first) break;
                    r->value = v * sc;
                    r->scale = sc;
                    r->flags |= NM_NUMF_SCALED;
                    r->end = after;
                    return 1;
                }
                if (sc < 0) {
                    r->value = v;
                    r->nc = nc;
                    r->ordinal = ord;
                    r->end = after;
                    if (nc == NM_NC_YEAR && !(v >= 10 && (v < 100 || (v >= 1000 && v <= 2100)))) {
                        r->nc = 0; /* "3s": a plural of a digit */
                    }
                    return 1;
                }
            }
            if (!plain && v != floor(v)) decimals = 1;
            group += v;
            tail += v;
            last = L_DIGITS;
            paired = 1;
            q = after;
            continue;
        }
        e = atom_word(&a);
        if (!e) break;
        double v = e->value;
        int take = 0;
        switch (e->cls) {
        case NMW_UNIT:
            if (v == 0) {
                if (last == L_NONE || last == L_ZERO) { last = L_ZERO; take = 1; }
                break;
            }
            if (last == L_NONE || last == L_ZERO || last == L_HUNDRED || last == L_SCALE ||
                last == L_AND || (last == L_TENS && fmod(group, 10) == 0)) {
                group += v; tail += v; last = L_UNIT; take = 1;
            }
            break;
        case NMW_TEEN:
        case NMW_TENS:
            if (last == L_NONE || last == L_ZERO || last == L_HUNDRED || last == L_SCALE ||
                last == L_AND) {
                group += v; tail += v; last = e->cls == NMW_TEEN ? L_TEEN : L_TENS; take = 1;
            } else if (!paired && (last == L_UNIT || last == L_TEEN || last == L_TENS) &&
                       group >= 1 && group <= 99 && total == 0 &&
                       !(last == L_TENS && e->cls == NMW_TEEN && group != 20) &&
                       !(last == L_UNIT && group >= 20 && e->cls == NMW_TEEN)) {
                /* "nineteen eighty", "one twenty", "twenty ten": read as pairs */
                group = group * 100 + v; tail = group; paired = 1;
                last = e->cls == NMW_TEEN ? L_TEEN : L_TENS; take = 1;
            }
            break;
        case NMW_HUNDRED:
            if ((e->flags & NMW_F_PLURAL) && last == L_NONE) break;
            if (last == L_NONE) { group = 100; bare = 1; }
            else if ((last == L_UNIT || last == L_TEEN || last == L_TENS || last == L_DIGITS) &&
                     tail > 0 && tail < 100 && group == tail) {
                group = tail * 100;
            } else if (last == L_DIGITS && group == tail && group >= 100 && !decimals) {
                group = group * 100; /* "322 hundred" */
            } else break;
            tail = 0; last = L_HUNDRED; take = 1; paired = 1;
            break;
        case NMW_SCALE:
            if ((e->flags & NMW_F_PLURAL) && last == L_NONE) break;
            if (last == L_NONE) {
                group = 1; bare = 1;
            } else if (last == L_AND || last == L_ZERO) break;
            if (v < last_scale) {
                if (last == L_SCALE) break;
                total += group * v;
            } else if (v > last_scale && last == L_SCALE && !bare) {
                total = total * v; /* "three thousand millions", "three lakh crore" */
            } else break;
            group = tail = 0; last_scale = v; last = L_SCALE; take = 1; paired = 1;
            r->flags |= NM_NUMF_SCALED;
            r->scale = v;
            break;
        case NMW_DOZEN:
            if (last == L_NONE || last == L_SCALE || last == L_AND || last == L_ZERO) break;
            if (tail > 0) group = group - tail + tail * 12;
            else group *= 12;
            q = pos_after(&a);
            r->flags |= NM_NUMF_WORDS;
            goto done;
        case NMW_ORD:
            if (v < 10) {
                if (!(last == L_NONE || last == L_HUNDRED || last == L_SCALE || last == L_AND ||
                      (last == L_TENS && fmod(group, 10) == 0)))
                    break;
                group += v;
            } else if (v < 100) {
                if (!(last == L_NONE || last == L_HUNDRED || last == L_SCALE || last == L_AND))
                    break;
                group += v;
            } else if (v == 100) {
                if (last == L_NONE) group = 100;
                else if (tail > 0 && tail < 100 && group == tail) group = tail * 100;
                else break;
            } else {
                if (v >= last_scale || last == L_AND) break;
                total += (last == L_NONE ? 1 : group) * v;
                group = 0;
            }
            r->ordinal = 1;
            q = pos_after(&a);
            r->flags |= NM_NUMF_WORDS;
            goto done;
        case NMW_AND: {
            pos q2 = pos_after(&a);
            atom c = { 0 };
            if (!atom_get(an, q2, &c) || !joined(an, &a, q2, 0)) break;
            const nmw_entry *ec = atom_word(&c);
            if (ec && ec->cls == NMW_A && last != L_NONE) {
                /* "one and a half", "3 million and a half" */
                pos q3 = pos_after(&c);
                atom d = { 0 };
                if (!atom_get(an, q3, &d) || !joined(an, &c, q3, 0)) break;
                const nmw_entry *ed = atom_word(&d);
                if (!ed || (ed->cls != NMW_HALF && ed->cls != NMW_QUARTER)) break;
                if (last == L_SCALE) total += ed->value * last_scale;
                else group += ed->value;
                q = pos_after(&d);
                decimals = 1;
                r->flags |= NM_NUMF_WORDS;
                /* "five and a half million" */
                atom f = { 0 };
                if (last != L_SCALE && atom_get(an, q, &f) && joined(an, &d, q, 0) &&
                    atom_cls(&f) == NMW_SCALE && atom_word(&f)->value < last_scale) {
                    total += group * atom_word(&f)->value;
                    group = 0;
                    r->flags |= NM_NUMF_SCALED;
                    r->scale = atom_word(&f)->value;
                    q = pos_after(&f);
                }
                goto done;
            }
            if (!(last == L_HUNDRED || last == L_SCALE)) break;
            if (!(ec && (ec->cls == NMW_UNIT || ec->cls == NMW_TEEN || ec->cls == NMW_TENS ||
                         ec->cls == NMW_ORD || (ec->cls == NMW_HUNDRED && last == L_SCALE) ||
                         (ec->cls == NMW_A && last == L_SCALE))) &&
                !(c.len && is_digit(c.s[0])))
                break;
            if (ec && ec->cls == NMW_UNIT && ec->value == 0) break;
            last = L_AND; take = 1;
            break;
        }
        case NMW_POINT: {
            if (!(last == L_UNIT || last == L_TEEN || last == L_TENS || last == L_HUNDRED ||
                  last == L_SCALE || last == L_ZERO || last == L_DIGITS) || decimals)
                break;
            double f;
            pos q2;
            if (!read_decimals(an, pos_after(&a), &f, &q2)) break;
            group += f;
            decimals = 1;
            q = q2;
            r->flags |= NM_NUMF_WORDS;
            /* "two point two million" */
            atom c = { 0 }, prev = { 0 };
            atom_before(an, q, &prev);
            if (atom_get(an, q, &c) && joined(an, &prev, q, 0) && atom_cls(&c) == NMW_SCALE &&
                atom_word(&c)->value < last_scale) {
                total += group * atom_word(&c)->value;
                group = 0;
                r->flags |= NM_NUMF_SCALED;
                r->scale = atom_word(&c)->value;
                q = pos_after(&c);
            }
            goto done;
        }
        default:
            break;
        }
        if (!take) break;
        if (e->cls != NMW_AND) r->flags |= NM_NUMF_WORDS;
        q = pos_after(&a);
    }
    if (last == L_AND) { /* never end on "and": give it back */
        atom prev = { 0 };
        atom_before(an, q, &prev);
        q.tok = prev.tok;
        q.off = prev.off;
    }
done:
    if (q.tok == p.tok && q.off == p.off) return 0;
    r->end = q;
    r->value = total + group;
    return 1;
}

/* --- context: what the number is ------------------------------------------ */

static int prev_is_det(const nm_analysis *an, pos p) {
    atom a = { 0 };
    return atom_before(an, p, &a) && atom_cls(&a) == NMW_DET;
}

static int is_month(const nm_analysis *an, const atom *a) {
    const nmw_entry *e = atom_word(a);
    if (!e || e->cls != NMW_MONTH) return 0;
    if ((e->flags & NMW_F_CASED) && !(an->tokens[a->tok].flags & NM_TOK_UPPER_INITIAL)) return 0;
    return 1;
}

/* The text between the token before p and p's token (or "" inside a token). */
static void gap_before(const nm_analysis *an, pos p, const char **s, size_t *n) {
    if (p.off > 0) { *s = ""; *n = 0; return; }
    uint32_t b = p.tok ? an->tokens[p.tok - 1].end : 0, e = an->tokens[p.tok].start;
    *s = an->text + b;
    *n = e - b;
}
static void gap_after(const nm_analysis *an, pos end, const char **s, size_t *n) {
    /* end is the position after the number: a token boundary when off == 0 */
    if (end.off > 0 || end.tok == 0) { *s = ""; *n = 0; return; }
    uint32_t b = an->tokens[end.tok - 1].end;
    uint32_t e = end.tok < an->n_tokens ? an->tokens[end.tok].start : (uint32_t)an->text_len;
    *s = an->text + b;
    *n = e - b;
}

static int has_currency_symbol(const char *s, size_t n) {
    /* the last non-space bytes: $ £ € ¥ ₹ */
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n == 0) return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == '$') return 1;
    if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (c == 0xA3 || c == 0xA5)) return 1;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x82 &&
        (c == 0xAC || c == 0xB9))
        return 1;
    return 0;
}

/* Decides the kind of a number read by read_number; may extend it
 * ("10:30", "6/02/2015") and sets r->skip past a unit word. */
static void classify(const nm_analysis *an, raw *r, nm_number *out) {
    atom prev = { 0 }, next = { 0 }, next2 = { 0 };
    int has_prev = atom_before(an, r->begin, &prev);
    int has_next = atom_get(an, r->end, &next);
    const char *ga, *gb;
    size_t na, nb;
    gap_before(an, r->begin, &gb, &nb);
    gap_after(an, r->end, &ga, &na);
    int next_joined = has_next && (r->end.off > 0 || gap_space(an, next.tok - 1));
    const nmw_entry *en = next_joined ? atom_word(&next) : NULL;
    const nmw_entry *ep = has_prev ? atom_word(&prev) : NULL;
    int integer = r->value == floor(r->value) && !(r->flags & NM_NUMF_SCALED);
    int nc = r->nc;

    out->kind = NM_NUM_COUNT;
    if (r->vague) { out->kind = NM_NUM_VAGUE; return; }
    if (r->ordinal) {
        nc = NM_NC_ORDINAL;
        if (r->value <= 31 && ((has_prev && is_month(an, &prev)) ||
                               (en && en->cls == NMW_MONTH && is_month(an, &next))))
            nc = NM_NC_DATE;
        if (r->value <= 31 && en && atom_is(&next, "of") && next.last &&
            atom_get(an, pos_after(&next), &next2) && is_month(an, &next2))
            nc = NM_NC_DATE;
    }
    if (!nc && na >= 1 && ga[0] == '%') nc = NM_NC_PERCENT;
    if (!nc && na >= 2 && ga[0] == ' ' && ga[1] == '%' ) nc = NM_NC_PERCENT;
    if (!nc && en && en->cls == NMW_PERCENT) { nc = NM_NC_PERCENT; r->skip = pos_after(&next); }
    if (!nc && next_joined && atom_is(&next, "per") && next.last && atom_get(an, pos_after(&next), &next2) &&
        atom_is(&next2, "cent")) {
        nc = NM_NC_PERCENT;
        r->skip = pos_after(&next2);
    }
    if (!nc && (has_currency_symbol(gb, nb) || (ep && ep->cls == NMW_CUR_PRE &&
                                                 (!atom_is(&prev, "us") || nb > 0))))
        nc = NM_NC_MONEY;
    if (!nc && en && en->cls == NMW_CURRENCY) { nc = NM_NC_MONEY; r->skip = pos_after(&next); }
    /* "10:30", "6/02/2015", "3/4" */
    if (!nc && na == 1 && (ga[0] == ':' || ga[0] == '/') && has_next &&
        (an->tokens[next.tok].flags & NM_TOK_ALL_DIGIT) && integer) {
        const nm_token *t2 = &an->tokens[next.tok];
        double w;
        int plain;
        if (digits_value(t2->form, t2->form_len, &w, &plain) && plain) {
            if (ga[0] == ':' && t2->form_len == 2 && r->value <= 24) {
                nc = NM_NC_TIME;
                r->end = (pos){ next.tok + 1, 0 };
                if (next.tok + 2 < an->n_tokens && an->tokens[next.tok + 1].start == t2->end + 1 &&
                    an->text[t2->end] == ':' && an->tokens[next.tok + 1].form_len == 2)
                    r->end.tok++;
            } else if (ga[0] == '/') {
                size_t k = next.tok;
                int three = k + 1 < an->n_tokens && an->tokens[k + 1].start == t2->end + 1 &&
                            an->text[t2->end] == '/' && (an->tokens[k + 1].flags & NM_TOK_ALL_DIGIT);
                double a1 = r->value;
                if (three) { nc = NM_NC_DATE; r->end = (pos){ k + 2, 0 }; }
                else if (a1 < w && (w == 2 || w == 3 || w == 4 || w == 8 || w == 10 || w == 100)) {
                    nc = NM_NC_FRACTION; r->value = a1 / w; r->end = (pos){ k + 1, 0 };
                } else if (a1 >= 1 && a1 <= 31 && w >= 1 && w <= 31 && (a1 <= 12 || w <= 12)) {
                    nc = NM_NC_DATE; r->end = (pos){ k + 1, 0 };
                } else if (w > 0) {
                    nc = NM_NC_FRACTION; r->value = a1 / w; r->end = (pos){ k + 1, 0 };
                }
            }
        }
        has_next = atom_get(an, r->end, &next);
        next_joined = 0;
        en = NULL;
    }
    if (!nc && en && en->cls == NMW_TIME_POST && r->value <= 2400 && integer &&
        (r->value <= 12 || !atom_is(&next, "am"))) {
        nc = NM_NC_TIME;
        r->skip = pos_after(&next);
    }
    if (!nc && next_joined && integer && r->value <= 12 && next.len == 1 &&
        (next.s[0] == 'a' || next.s[0] == 'p') && next.last &&
        an->tokens[next.tok].end < an->text_len && an->text[an->tokens[next.tok].end] == '.' &&
        atom_get(an, pos_after(&next), &next2) && atom_is(&next2, "m") &&
        an->tokens[next2.tok].start == an->tokens[next.tok].end + 1) {
        nc = NM_NC_TIME; /* "3 p.m." */
        r->skip = pos_after(&next2);
    }
    if (!nc && ep && ep->cls == NMW_AGE_PRE) nc = NM_NC_AGE;
    if (!nc && en && (en->cls == NMW_DURATION || atom_is(&next, "year"))) {
        /* "7-year-old", "7 years old", "a 7-year old": age */
        pos q2 = pos_after(&next);
        atom c = { 0 };
        if ((atom_is(&next, "year") || atom_is(&next, "years") || atom_is(&next, "month") ||
             atom_is(&next, "months") || atom_is(&next, "week") || atom_is(&next, "weeks") ||
             atom_is(&next, "day") || atom_is(&next, "yr")) &&
            atom_get(an, q2, &c) && (c.off > 0 || gap_space(an, c.tok - 1)) && atom_is(&c, "old")) {
            nc = NM_NC_AGE;
            r->skip = pos_after(&c);
        } else {
            nc = NM_NC_DURATION;
            r->skip = q2;
        }
    }
    if (!nc && en && en->cls == NMW_MEASURE) { nc = NM_NC_MEASURE; r->skip = pos_after(&next); }
    if (!nc && na >= 2 && (unsigned char)ga[0] == 0xC2 && (unsigned char)ga[1] == 0xB0)
        nc = NM_NC_MEASURE; /* "30°C" */
    if (!nc && ep && atom_is(&prev, "magnitude")) nc = NM_NC_MEASURE;
    if (!nc && integer && has_prev && is_month(an, &prev)) {
        if (r->value >= 1 && r->value <= 31) nc = NM_NC_DATE;
        else if (r->value >= 1900 && r->value <= 2100) nc = NM_NC_YEAR;
    }
    if (!nc && integer && r->value >= 1 && r->value <= 31 && en && is_month(an, &next))
        nc = NM_NC_DATE;
    if (!nc && r->plain4 && r->value >= 1900 && r->value <= 2100 && has_prev &&
        (prev.off > 0 || (ep && (ep->cls == NMW_YEAR_PRE || ep->cls == NMW_DET || ep->cls == NMW_MONTH)) ||
         (nb >= 1 && gb[0] == ',' && prev.len && is_digit(prev.s[0]))))
        nc = NM_NC_YEAR;
    if (!nc && has_prev && prev.off + prev.len + 1 == r->begin.off && prev.tok == r->begin.tok &&
        prev.len && is_alpha(prev.s[0]) && !ep)
        nc = NM_NC_OTHER; /* "covid-19", "b-52" */
    if (!nc && has_prev && nb >= 1 && gb[0] == '.' && atom_is(&prev, "no")) nc = NM_NC_OTHER;
    if (!nc && has_prev && atom_is(&prev, "update") &&
        (an->tokens[prev.tok].flags & NM_TOK_ALL_UPPER))
        nc = NM_NC_OTHER;
    if (nc) { out->kind = NM_NUM_NONCOUNT; out->noncount = (nm_num_noncount)nc; }
}

static int push(nm_number_list *l, const nm_number *n, nm_err *err) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        nm_number *it = realloc(l->items, cap * sizeof *it);
        if (!it) return nm_err_set(err, NM_ENOMEM, "out of memory growing the number list");
        l->items = it;
        l->cap = cap;
    }
    l->items[l->n++] = *n;
    return 0;
}

static uint32_t pos_start(const nm_analysis *an, pos p) {
    atom a = { 0 };
    atom_get(an, p, &a);
    return atom_start(an, &a);
}
static uint32_t pos_end(const nm_analysis *an, pos end) {
    atom a = { 0 };
    atom_before(an, end, &a);
    return atom_end(an, &a);
}
static size_t pos_tok_end(pos end) { return end.off > 0 ? end.tok + 1 : end.tok; }

/* Emits each group of a digit list ("22,24,26", "192.168.1.2") as its own number. */
static int push_list(const nm_analysis *an, const atom *a, nm_number_list *out, nm_err *err) {
    uint32_t base = atom_start(an, a);
    int ascii = (an->tokens[a->tok].flags & NM_TOK_ASCII) != 0;
    int dots = memchr(a->s, '.', a->len) != NULL;
    size_t i = 0;
    while (i < a->len) {
        size_t j = i;
        double v = 0;
        while (j < a->len && is_digit(a->s[j])) { v = v * 10 + (a->s[j] - '0'); j++; }
        if (j == i) break;
        nm_number n;
        memset(&n, 0, sizeof n);
        n.tok_begin = (uint32_t)a->tok;
        n.tok_end = (uint32_t)a->tok + 1;
        n.start = ascii ? base + (uint32_t)i : base;
        n.end = ascii ? base + (uint32_t)j : an->tokens[a->tok].end;
        n.kind = dots ? NM_NUM_NONCOUNT : NM_NUM_COUNT;
        n.noncount = dots ? NM_NC_OTHER : NM_NC_NONE;
        n.value = n.high = v;
        n.scale = 1;
        n.flags = NM_NUMF_DIGITS;
        int rc = push(out, &n, err);
        if (rc) return rc;
        if (j >= a->len || (a->s[j] != ',' && a->s[j] != '.')) break;
        i = j + 1;
    }
    return 0;
}

/* --- ranges ----------------------------------------------------------------- */

static int rangeable_nc(int nc) {
    return nc == NM_NC_DURATION || nc == NM_NC_MONEY || nc == NM_NC_PERCENT ||
           nc == NM_NC_MEASURE || nc == NM_NC_AGE;
}

/* Is there a range connector between a and b? 1 for "-", "to", "through",
 * 2 for "and" (needs "between" before a). */
static int connector(const nm_analysis *an, const nm_number *a, const nm_number *b) {
    const char *t = an->text;
    if (a->tok_end == b->tok_begin + 1 && a->end + 1 == b->start && t[a->end] == '-')
        return 1; /* inside one token: "10-15" */
    if (a->tok_end == b->tok_begin) {
        int dash = 0;
        for (uint32_t i = a->end; i < b->start; i++) {
            unsigned char c = (unsigned char)t[i];
            if (c == ' ') continue;
            if ((c == '-' || c == '~') && !dash) { dash = 1; continue; }
            if (c == 0xE2 && i + 2 < b->start && (unsigned char)t[i + 1] == 0x80 &&
                ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94) && !dash) {
                dash = 1;
                i += 2;
                continue;
            }
            return 0;
        }
        return dash;
    }
    if (a->tok_end + 1 == b->tok_begin) {
        const nm_token *m = &an->tokens[a->tok_end];
        if (!gap_space(an, a->tok_end - 1) || !gap_space(an, a->tok_end)) return 0;
        atom w = { 0 };
        atom_get(an, (pos){ a->tok_end, 0 }, &w);
        if (!w.last) return 0;
        if (atom_cls(&w) == NMW_RANGE_TO) return 1;
        if (m->form_len == 3 && memcmp(m->form, "and", 3) == 0 && a->tok_begin > 0) {
            atom p = { 0 };
            atom_before(an, (pos){ a->tok_begin, 0 }, &p);
            if (atom_is(&p, "between") && p.last) return 2;
        }
    }
    return 0;
}

static void join_ranges(const nm_analysis *an, nm_number_list *l) {
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++) {
        nm_number *a = &l->items[i];
        if (w > 0) {
            nm_number *p = &l->items[w - 1];
            int same_tok_dash = p->tok_end == a->tok_begin + 1 && p->tok_begin == a->tok_begin &&
                                p->end + 1 == a->start && an->text[p->end] == '-';
            if (same_tok_dash && (p->flags & NM_NUMF_DIGITS) && (a->flags & NM_NUMF_DIGITS) &&
                p->kind == NM_NUM_COUNT && a->kind == NM_NUM_COUNT && p->value >= 1900 &&
                p->value <= 2100 && p->value == floor(p->value)) {
                /* "1995-01", "2014-15", "1990-1995": dates and years, not ranges */
                uint32_t len_b = a->end - a->start;
                p->kind = NM_NUM_NONCOUNT;
                p->noncount = (len_b == 2 && a->value >= 1 && a->value <= 12) ? NM_NC_DATE : NM_NC_YEAR;
                p->end = a->end;
                p->tok_end = a->tok_end;
                continue;
            }
            int c = connector(an, p, a);
            if (c) {
                double lo = p->value;
                if ((a->flags & NM_NUMF_SCALED) && !(p->flags & NM_NUMF_SCALED) && lo * a->scale <= a->value)
                    lo *= a->scale; /* "2 to 3 million" */
                int ok_kind = (p->kind == NM_NUM_COUNT && a->kind == NM_NUM_COUNT) ||
                              (p->kind == NM_NUM_COUNT && a->kind == NM_NUM_NONCOUNT &&
                               rangeable_nc(a->noncount)) ||
                              (p->kind == NM_NUM_NONCOUNT && a->kind == NM_NUM_NONCOUNT &&
                               p->noncount == a->noncount && rangeable_nc(a->noncount));
                if (ok_kind && lo < a->value) {
                    if (a->kind == NM_NUM_NONCOUNT) {
                        p->kind = NM_NUM_NONCOUNT;
                        p->noncount = a->noncount;
                    } else p->kind = NM_NUM_RANGE;
                    p->value = lo;
                    p->high = a->value;
                    p->end = a->end;
                    p->tok_end = a->tok_end;
                    p->flags |= a->flags & (NM_NUMF_SCALED | NM_NUMF_WORDS | NM_NUMF_DIGITS);
                    if (a->flags & NM_NUMF_SCALED) p->scale = a->scale;
                    continue;
                }
                if (c == 1 && p->tok_begin == a->tok_begin && p->kind == NM_NUM_COUNT &&
                    a->kind == NM_NUM_COUNT) {
                    /* "3-1": a score or an identifier inside one token */
                    p->kind = a->kind = NM_NUM_NONCOUNT;
                    p->noncount = a->noncount = NM_NC_OTHER;
                }
            }
        }
        l->items[w++] = *a;
    }
    l->n = w;
}

/* --- public ------------------------------------------------------------------ */

int nm_numbers_find(const nm_analysis *an, nm_number_list *out, nm_err *err) {
    out->n = 0;
    pos p = { 0, 0 };
    atom a = { 0 };
    while (atom_get(an, p, &a)) {
        int cand = a.len > 0 && (is_digit(a.s[0]) || atom_word(&a) != NULL);
        if (!cand) { p = pos_after(&a); continue; }
        raw r;
        if (!read_number(an, p, &r)) {
            if (a.len && is_digit(a.s[0])) {
                size_t pl = digits_prefix(a.s, a.len);
                double v;
                int plain;
                if (pl == a.len && !digits_value(a.s, pl, &v, &plain)) {
                    int rc = push_list(an, &a, out, err);
                    if (rc) return rc;
                }
            }
            p = pos_after(&a);
            continue;
        }
        /* "the one", "which one": a pronoun */
        if (r.value == 1 && !(r.flags & NM_NUMF_DIGITS) && a.len == 3 && atom_is(&a, "one") &&
            r.end.tok == pos_after(&a).tok && r.end.off == pos_after(&a).off && prev_is_det(an, p)) {
            p = pos_after(&a);
            continue;
        }
        nm_number n;
        memset(&n, 0, sizeof n);
        n.flags = r.flags;
        classify(an, &r, &n);
        n.tok_begin = (uint32_t)r.begin.tok;
        n.tok_end = (uint32_t)pos_tok_end(r.end);
        n.start = r.bstart ? r.bstart : pos_start(an, r.begin);
        n.end = pos_end(an, r.end);
        n.value = r.value;
        n.high = n.kind == NM_NUM_VAGUE ? r.high : r.value;
        n.scale = r.scale;
        n.vague = r.vague;
        if (n.end < an->text_len && an->text[n.end] == '+') n.flags |= NM_NUMF_PLUS;
        int rc = push(out, &n, err);
        if (rc) return rc;
        p = r.skip.tok != SIZE_MAX ? r.skip : r.end;
    }
    join_ranges(an, out);
    return 0;
}

void nm_number_list_free(nm_number_list *l) {
    if (!l) return;
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

int nm_number_parse(const char *text, size_t len, double *value) {
    nm_analyzer *az = nm_analyzer_new();
    if (!az) return -1;
    nm_analysis an;
    nm_number_list l = { 0 };
    int ok = -1;
    if (nm_analyze(az, text, len, &an, NULL) == 0 && nm_numbers_find(&an, &l, NULL) == 0 &&
        l.n == 1 && an.n_tokens > 0 && l.items[0].tok_begin == 0 &&
        l.items[0].tok_end == an.n_tokens && l.items[0].kind == NM_NUM_COUNT) {
        *value = l.items[0].value;
        ok = 0;
    }
    nm_number_list_free(&l);
    nm_analyzer_free(az);
    return ok;
}

const char *nm_num_kind_name(nm_num_kind k) {
    switch (k) {
    case NM_NUM_COUNT: return "count";
    case NM_NUM_RANGE: return "range";
    case NM_NUM_VAGUE: return "vague";
    case NM_NUM_NONCOUNT: return "noncount";
    }
    return "?";
}

const char *nm_num_noncount_name(nm_num_noncount nc) {
    static const char *const names[] = { "", "date", "year", "age", "duration", "money",
                                         "ordinal", "percent", "time", "measure", "other",
                                         "fraction" };
    return (unsigned)nc < sizeof names / sizeof names[0] ? names[nc] : "?";
}
