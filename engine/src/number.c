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
 * growing the caller's list. nm_numbers_find_near runs the same scan over
 * stretches of the text only, between words no number crosses (tok_dead). */
#include "newsmill/nm_number.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number_words.h"

typedef struct pos { size_t tok; uint32_t off; } pos;

static const pos NOPOS = { SIZE_MAX, 0 };
static int pos_eq(pos a, pos b) { return a.tok == b.tok && a.off == b.off; }

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
    /* most forms are short words: a loop beats a call to memchr */
    const char *h = NULL;
    if (rem <= 16) {
        for (size_t i = 0; i < rem; i++)
            if (s[i] == '-') { h = s + i; break; }
    } else
        h = memchr(s, '-', rem);
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

struct raw {
    pos begin, end;    /* atoms [begin, end) */
    uint32_t bstart, bend;
    double value, high, scale;
    unsigned flags;
    int ordinal;
    int nc;            /* nm_num_noncount already known from the form */
    const char *vague;
    int plain4;        /* written as 4 digits without separators: a possible year */
    pos skip;          /* where scanning resumes (after a unit word); tok == SIZE_MAX: end */
    int date3;         /* a d/m/y date: its 2nd and 3rd parts are reported apart */
    int suspended;     /* "10-" in "10- to 15-year-olds": a suspended compound */
};



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

/* A vulgar fraction character at s ("½", "⅔"): its value and byte length, or 0. */
static size_t vulgar_at(const char *s, size_t len, double *v) {
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 2 && u[0] == 0xC2 && u[1] >= 0xBC && u[1] <= 0xBE) {
        static const double half[] = { 0.25, 0.5, 0.75 };
        *v = half[u[1] - 0xBC];
        return 2;
    }
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x85 && u[2] >= 0x90 && u[2] <= 0x9E) {
        static const double f[] = { 1.0 / 7, 1.0 / 9, 0.1, 1.0 / 3, 2.0 / 3, 0.2, 0.4, 0.6, 0.8,
                                    1.0 / 6, 5.0 / 6, 0.125, 0.375, 0.625, 0.875 };
        *v = f[u[2] - 0x90];
        return 3;
    }
    return 0;
}

/* "^" after token tok, signs, then a token of plain digits: the exponent
 * ("1.1^23", "2.5^-1", "1.1^--23"). Sets *e and *etok (the digits' token). */
static int power_after(const nm_analysis *an, size_t tok, double *e, size_t *etok) {
    const char *t = an->text;
    uint32_t i = an->tokens[tok].end;
    if (i >= an->text_len || t[i] != '^' || tok + 1 >= an->n_tokens) return 0;
    double sign = 1;
    for (i++; i < an->text_len && (t[i] == '+' || t[i] == '-'); i++)
        if (t[i] == '-') sign = -sign;
    const nm_token *n = &an->tokens[tok + 1];
    if (n->start != i || !(n->flags & NM_TOK_ALL_DIGIT)) return 0;
    double v;
    int plain;
    if (!digits_value(n->form, n->form_len, &v, &plain) || !plain) return 0;
    *e = sign * v;
    *etok = tok + 1;
    return 1;
}

/* The bytes between two digit groups of one number: one space, or a
 * no-break, narrow no-break or thin space ("1 234 567.89"). */
static int group_gap(const char *t, uint32_t b, uint32_t e) {
    const unsigned char *u = (const unsigned char *)t;
    if (e == b + 1) return u[b] == ' ';
    if (e == b + 2) return u[b] == 0xC2 && u[b + 1] == 0xA0;
    if (e == b + 3) return u[b] == 0xE2 && u[b + 1] == 0x80 && (u[b + 2] == 0xAF || u[b + 2] == 0x89);
    return 0;
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
    if (sl == 1 && sf[0] == 'g' && orig && orig[0] == 'G') {
        /* "10G" is ten giga (Duckling); "3G", "4G", "5G" are network generations */
        if (plen == 1 && a->s[0] >= '2' && a->s[0] <= '6') { *nc = NM_NC_OTHER; return -1; }
        return 1e9;
    }
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

typedef struct raw raw;
static int read_number_lim(const nm_analysis *an, pos p, pos stop, raw *r);

/* Reads the decimals after "point": single digit words ("two three six",
 * "o five"), one number word ("seventy-one" -> .71), a number below a
 * thousand read as its digits ("two hundred thirty-six" -> .236) or a digit
 * atom. */
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
        if (n > 0 && (atom_is(&a, "o") || atom_is(&a, "oh")) && a.last) {
            scale /= 10; /* "point o five" */
            n++;
            p = pos_after(&a);
            continue;
        }
        const nmw_entry *e = atom_word(&a);
        if (!e) break;
        if (e->cls == NMW_UNIT && n == 0 && e->value > 0) {
            pos q = pos_after(&a);
            atom h = { 0 };
            if (atom_get(an, q, &h) && joined(an, &a, q, 0) && atom_is(&h, "hundred")) {
                raw t;
                if (read_number_lim(an, p, NOPOS, &t) && !(t.flags & NM_NUMF_SCALED) &&
                    t.value < 1000 && t.value == floor(t.value) && !t.ordinal) {
                    *frac = t.value / 1000;
                    *end = t.end;
                    return 1;
                }
            }
        }
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

/* Is the text between two tokens spaces, one hyphen or dash, spaces ("fifty - two")? */
static int gap_spaced_hyphen(const nm_analysis *an, size_t tok_before) {
    if (tok_before + 1 >= an->n_tokens) return 0;
    const char *t = an->text;
    int dash = 0;
    for (uint32_t i = an->tokens[tok_before].end; i < an->tokens[tok_before + 1].start; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ') continue;
        if (c == '-' && !dash) { dash = 1; continue; }
        return 0;
    }
    return dash;
}

/* A number word, resolving a misspelling ("huntred") when its neighbours allow
 * it: a weak one ("won", "too", "tree", "sex": English words too) only before
 * a multiplier ("won huntred") or, for "tree" and "sex", after a tens word
 * ("twinty sex"); any misspelling only next to another number word. *missp is
 * set when a misspelling was read. */
static const nmw_entry *num_word(const nm_analysis *an, const atom *a, int inside,
                                 int *missp) {
    /* inside: 0 opening a number, 1 inside one, 2 right after a tens word */
    int after_tens = inside == 2;
    const nmw_entry *e = atom_word(a);
    if (!e || e->cls != NMW_MISSPELT) return e;
    const nmw_entry *c = nmw_misspelt(e);
    pos nx = pos_after(a);
    atom b = { 0 };
    const nmw_entry *eb = NULL;
    if (atom_get(an, nx, &b) && joined(an, a, nx, 0)) eb = nmw_misspelt(atom_word(&b));
    int mult_next = eb && (eb->cls == NMW_HUNDRED || eb->cls == NMW_SCALE) &&
                    !(eb->flags & NMW_F_PLURAL);
    if (e->flags & NMW_F_WEAK) {
        if (!(mult_next || (after_tens && (e->value == 2 || e->value == 3)))) return NULL;
    } else if (!inside && !(eb && (eb->cls == NMW_UNIT || eb->cls == NMW_TEEN ||
                                        eb->cls == NMW_TENS || eb->cls == NMW_HUNDRED ||
                                        eb->cls == NMW_SCALE || eb->cls == NMW_AND))) {
        /* a strong misspelling opening a number needs a number word after it;
           inside a number (after_tens or the caller's grammar) it is read */
        if (c && (c->cls == NMW_UNIT || c->cls == NMW_TENS)) return NULL;
    }
    if (missp) *missp = 1;
    return c;
}

static int read_number_lim(const nm_analysis *an, pos p, pos stop, raw *r);

/* The grammar: reads the longest number opening at p. */
static int read_number(const nm_analysis *an, pos p, raw *r) {
    return read_number_lim(an, p, NOPOS, r);
}

/* The same, never reading past stop. */
/* Classes of words that never open a number: read_number_lim returns 0 for
 * them at once, and the scan of nm_numbers_find skips them without trying
 * anything else ("the", "of", "in", "to" are a good part of all tokens).
 * NMW_A and "scores" (NMW_VAGUE) open numbers, so they are not here. */
static int never_opens(int cls) {
    switch (cls) {
    case NMW_AND: case NMW_COUPLE: case NMW_MONTH: case NMW_CURRENCY: case NMW_CUR_PRE:
    case NMW_DURATION: case NMW_MEASURE: case NMW_PERCENT: case NMW_AGE_PRE:
    case NMW_YEAR_PRE: case NMW_DET: case NMW_TIME_POST: case NMW_RANGE_TO:
    case NMW_ORD_PL: case NMW_SIGN: case NMW_RATIO:
        return 1;
    default:
        return 0;
    }
}

static int read_number_lim(const nm_analysis *an, pos p, pos stop, raw *r) {
    atom a = { 0 }, b = { 0 };
    if (!atom_get(an, p, &a) || a.len == 0) return 0;
    memset(r, 0, sizeof *r);
    r->begin = p;
    r->scale = 1;
    r->skip.tok = SIZE_MAX;
    /* HUGE_VAL, not INFINITY: a double infinity (INFINITY is a float, and
       -Wdouble-promotion rejects it under clang) */
    double total = 0, group = 0, tail = 0, last_scale = HUGE_VAL;
    int last = L_NONE, paired = 0, bare = 0, decimals = 0, row = -1, pairing = 0, missp = 0;
    /* the state before a ", " after a scale word, to give the comma back when a
       larger scale follows ("two thousand, two million" is two numbers) */
    int comma_saved = 0;
    pos comma_q = p;
    double comma_total = 0, comma_group = 0, comma_scale = 0;
    pos q = p;

    const nmw_entry *e = atom_word(&a);
    if (!is_digit(a.s[0]) && !e) return 0;
    if (e && never_opens(e->cls)) return 0;
    if (e && e->cls == NMW_MISSPELT) {
        e = num_word(an, &a, 0, &missp);
        if (!e) return 0;
        r->flags |= NM_NUMF_MISSPELT;
    }
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
        r->high = HUGE_VAL;
        r->end = end;
        atom c = { 0 };
        if (atom_get(an, end, &c) && c.off == 0 && atom_is(&c, "of")) r->flags |= NM_NUMF_OF;
        return 1;
    }
    if (e && e->cls == NMW_DOZEN && !(e->flags & NMW_F_PLURAL) && a.len == 5) {
        /* a bare "dozen" ("Dozen killed in attack"), a headline's "a dozen" */
        r->value = 12; r->end = nx; r->flags |= NM_NUMF_WORDS; return 1;
    }
    if (e && e->cls == NMW_SINGLE) {
        /* "single" is the numeral 1 only standing alone; before a noun ("a single
           family", "single-digit", "single \"dead man's hand\" gloves") it is
           emphasis or a compound, not a figure */
        if (!a.last || a.off != 0) return 0;
        if (a.tok + 1 < an->n_tokens) {
            const char *t = an->text;
            for (uint32_t i = an->tokens[a.tok].end; i < an->tokens[a.tok + 1].start; i++)
                if (t[i] != ' ' && t[i] != '"' && t[i] != '\n' && t[i] != '\t') goto single_ok;
            return 0;
        }
    single_ok:
        r->value = 1; r->end = nx; r->flags |= NM_NUMF_WORDS; return 1;
    }
    if (e && e->cls == NMW_POINT) {
        /* "point 77", "point one": a decimal without its zero; only where "point"
           cannot be a noun ("at one point", "the point"): at the start, after
           punctuation, or after a verb of being or a preposition of amount */
        atom pv = { 0 };
        if (atom_before(an, p, &pv) && gap_space(an, pv.tok) && a.off == 0) {
            static const char *const ok[] = { "is", "was", "are", "were", "be", "by", "of",
                                              "equals", "minus", "plus", "negative" };
            int found = 0;
            for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
                if (atom_is(&pv, ok[i])) found = 1;
            if (!found) return 0;
        }
        double f;
        pos q2;
        if (!read_decimals(an, nx, &f, &q2)) return 0;
        r->value = f; r->end = q2; r->flags |= NM_NUMF_WORDS; return 1;
    }
    if (e && (e->cls == NMW_AND || e->cls == NMW_POINT || e->cls == NMW_COUPLE)) return 0;
    if (e && (e->cls != NMW_UNIT && e->cls != NMW_TEEN && e->cls != NMW_TENS &&
              e->cls != NMW_HUNDRED && e->cls != NMW_SCALE && e->cls != NMW_ORD))
        return 0;

loop:
    for (int first = 1;; first = 0) {
        if (pos_eq(q, stop)) break;
        if (!atom_get(an, q, &a) || a.len == 0) break;
        if (!first) {
            atom prev = { 0 };
            atom_before(an, q, &prev);
            if (!joined(an, &prev, q, last == L_SCALE)) {
                /* "fifty - two": a spaced hyphen inside a compound */
                const nmw_entry *ea = num_word(an, &a, last == L_TENS ? 2 : 1, NULL);
                if (!(last == L_TENS && prev.last && gap_spaced_hyphen(an, prev.tok) && ea &&
                      ea->value > 0 && ea->value < 10 &&
                      (ea->cls == NMW_UNIT || ea->cls == NMW_ORD)))
                    break;
            } else if (last == L_SCALE && prev.last && !gap_space(an, prev.tok) && !comma_saved) {
                comma_saved = 1;
                comma_q = q;
                comma_total = total;
                comma_group = group;
                comma_scale = last_scale;
            }
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
            if (first && a.off == 0 && a.last && pl != a.len && plain && pl < a.len) {
                uint32_t b0 = atom_start(an, &a);
                const char *t = an->text;
                if (b0 >= 1 && t[b0 - 1] == '.' && (b0 == 1 || t[b0 - 2] == ' ' || t[b0 - 2] == '-')) {
                    for (size_t i = 0; i < pl; i++) v /= 10; /* ".0012G" */
                    r->bstart = b0 - 1;
                    plain = 0;
                }
            }
            if (first && a.off == 0 && a.last && pl == a.len) {
                const char *t = an->text;
                /* ".77": a decimal point the tokenizer left out */
                if (plain && bs >= 1 && t[bs - 1] == '.' &&
                    (bs == 1 || t[bs - 2] == ' ' || t[bs - 2] == '(' || t[bs - 2] == '$' ||
                     t[bs - 2] == '-')) {
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
                        if (!group_gap(t, gs, n1->start)) break;
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
            if (first && pl != a.len) {
                const char *sf = a.s + pl;
                size_t sl = a.len - pl;
                double fv, ex;
                size_t etok;
                if (sf[0] == 'e' && sl > 1) {
                    /* "1e10", "1.3e6" */
                    double d = 0;
                    size_t i = 1;
                    for (; i < sl && is_digit(sf[i]); i++) d = d * 10 + (sf[i] - '0');
                    if (i == sl && d < 300) {
                        r->value = v * pow(10, d);
                        r->flags |= NM_NUMF_EXPONENT;
                        r->end = after;
                        return 1;
                    }
                } else if (sl == 1 && sf[0] == 'e') {
                    /* "12e-1" (one token), "12.32e+14" (the sign splits the tokens) */
                    atom x = { 0 };
                    const nm_token *tk = &an->tokens[a.tok];
                    double sign = 1;
                    pos xp = after;
                    if (a.last && a.tok + 1 < an->n_tokens &&
                        an->tokens[a.tok + 1].start == tk->end + 1 &&
                        (an->text[tk->end] == '+' || an->text[tk->end] == '-')) {
                        sign = an->text[tk->end] == '-' ? -1 : 1;
                    } else if (a.last) xp = NOPOS;
                    else sign = -1;
                    if (xp.tok != SIZE_MAX && atom_get(an, xp, &x) && x.len > 0 && x.len < 4 &&
                        digits_prefix(x.s, x.len) == x.len && x.last) {
                        double d = 0;
                        int okd = 1;
                        for (size_t i = 0; i < x.len; i++) {
                            if (!is_digit(x.s[i])) okd = 0;
                            d = d * 10 + (x.s[i] - '0');
                        }
                        if (okd) {
                            r->value = v * pow(10, sign * d);
                            r->flags |= NM_NUMF_EXPONENT;
                            r->end = pos_after(&x);
                            return 1;
                        }
                    }
                } else if (sl == 3 && !memcmp(sf, "x10", 3) && a.last &&
                           power_after(an, a.tok, &ex, &etok)) {
                    r->value = v * pow(10, ex); /* "1.3x10^6" */
                    r->flags |= NM_NUMF_EXPONENT;
                    r->end = (pos){ etok + 1, 0 };
                    return 1;
                } else if (vulgar_at(sf, sl, &fv) == sl && plain) {
                    r->value = v + fv; /* "2½" */
                    r->nc = NM_NC_FRACTION;
                    r->flags |= NM_NUMF_FRACTION;
                    r->end = after;
                    return 1;
                }
            }
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
        if (e && e->cls == NMW_MISSPELT) {
            e = num_word(an, &a, last == L_TENS ? 2 : 1, &missp);
            if (e) r->flags |= NM_NUMF_MISSPELT;
        }
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
                       !(last == L_UNIT && group >= 20 && e->cls == NMW_TEEN) &&
                       !(last == L_UNIT && e->cls == NMW_TEEN) &&
                       !(group > 20 && fmod(group, 10) != 0)) {
                /* "nineteen eighty", "one twenty", "twenty ten", "twenty twenty": read as
                   pairs; not "one ten" nor "fifty-one fifty-six" */
                group = group * 100 + v; tail = group; paired = 1; pairing = 1;
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
            } else if (last == L_SCALE && group == 0 && !(e->flags & NMW_F_PLURAL) &&
                       last_scale > 100) {
                group = 100; /* "two thousand hundred" */
            } else break;
            tail = 0; last = L_HUNDRED; take = 1; paired = 1;
            break;
        case NMW_SCALE:
            if ((e->flags & NMW_F_PLURAL) && last == L_NONE) break;
            if (last == L_NONE) {
                group = 1; bare = 1;
            } else if (last == L_AND || last == L_ZERO) break;
            if (comma_saved && v >= comma_scale) {
                /* "two thousand, two million": give the comma back */
                q = comma_q;
                total = comma_total;
                group = comma_group;
                goto done;
            }
            if (v < last_scale) {
                if (last == L_SCALE) break;
                total += group * v;
            } else if (v > last_scale && last == L_SCALE && !bare) {
                total = total * v; /* "three thousand millions", "three lakh crore" */
            } else if (v > last_scale && last != L_SCALE && last != L_AND && !bare && group > 0 &&
                       group < last_scale) {
                total = (total + group) * v; /* "one thousand five hundred million" */
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
            if (pairing) break;
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
            const nmw_entry *ec = num_word(an, &c, 1, NULL);
            if (ec && ec->cls == NMW_A && last != L_NONE) {
                /* "one and a half", "3 million and a half" */
                pos q3 = pos_after(&c);
                atom d = { 0 };
                if (!atom_get(an, q3, &d) || !joined(an, &c, q3, 0)) break;
                const nmw_entry *ed = atom_word(&d);
                if (!ed || (ed->cls != NMW_HALF && ed->cls != NMW_QUARTER)) break;
                q = pos_after(&d);
                atom g = { 0 };
                if (last == L_SCALE && atom_get(an, q, &g) && joined(an, &d, q, 0) &&
                    atom_cls(&g) == NMW_SCALE && atom_word(&g)->value < last_scale &&
                    !(atom_word(&g)->flags & NMW_F_PLURAL)) {
                    /* "one billion and a half million" */
                    total += ed->value * atom_word(&g)->value;
                    q = pos_after(&g);
                    decimals = 1;
                    r->flags |= NM_NUMF_WORDS;
                    goto done;
                }
                if (last == L_SCALE) total += ed->value * last_scale;
                else group += ed->value;
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
            {
                /* "3 hundred and 2 hundred": the "and" joins two numbers */
                pos q3 = pos_after(&c);
                atom d = { 0 };
                if (atom_get(an, q3, &d) && joined(an, &c, q3, 0)) {
                    const nmw_entry *ed = nmw_misspelt(atom_word(&d));
                    if (ed && !(ed->flags & NMW_F_PLURAL) &&
                        ((ed->cls == NMW_HUNDRED && last == L_HUNDRED) ||
                         (ed->cls == NMW_SCALE && ed->value >= last_scale)))
                        break;
                }
            }
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

/* --- fractions, ratios, powers, signs ----------------------------------------- */

/* A word that ends a fraction: "fifths", "third", "half", "quarters".
 * Returns the denominator, or 0. Singular "first" and "second" never are
 * one alone ("a second attack"); *singular is set for a singular ordinal. */
static double denom_word(const nmw_entry *e, int *singular) {
    *singular = 0;
    if (!e) return 0;
    if (e->cls == NMW_ORD_PL) return e->value;
    if (e->cls == NMW_HALF) return 2;
    if (e->cls == NMW_QUARTER) return 4;
    if (e->cls == NMW_ORD) { *singular = 1; return e->value; }
    return 0;
}

#define FR_MAX 40
typedef struct fr {
    atom a[FR_MAX];
    const nmw_entry *e[FR_MAX];
    pos at[FR_MAX];
    int hy[FR_MAX]; /* joined to the atom before by a hyphen */
    int n;
} fr;

/* Is [lo, s) exactly one number? Sets *v (and *scaled when it ends in a
 * scale word: "two million"). "a" alone is one. */
static int fr_num(const nm_analysis *an, const fr *f, int lo, int s, double *v, double *endscale) {
    if (s <= lo) return 0;
    *endscale = 0;
    if (s == lo + 1 && f->e[lo] && f->e[lo]->cls == NMW_A) { *v = 1; return 1; }
    raw t;
    if (!read_number_lim(an, f->at[lo], f->at[s], &t) || !pos_eq(t.end, f->at[s]) || t.ordinal ||
        t.vague || t.nc)
        return 0;
    *v = t.value;
    if (f->e[s - 1] && f->e[s - 1]->cls == NMW_SCALE) *endscale = f->e[s - 1]->value;
    return 1;
}

/* The value of [lo, d] with f->a[d] a denominator word: the numerator is
 * what is left of the longest ordinal compound ending at d ("one hundred
 * thirty fifths" 100/35, "one one hundred fifth" 1/105, "one hundred one
 * thousand fifths" 100/1005; "twenty fifths" 20/5, "ninety - five hundred
 * fifths" 9500/5: a unit hyphened to a tens word stays with it). */
static int fr_split(const nm_analysis *an, const fr *f, int lo, int d, double *v) {
    int sing;
    double dv = denom_word(f->e[d], &sing);
    double nv, es;
    /* [unit] hundred|scale [and] [tens] D */
    int k = d - 1;
    double tens = 0;
    if (k >= lo && f->e[k] && f->e[k]->cls == NMW_TENS && dv < 10) { tens = f->e[k]->value; k--; }
    if (k >= lo && f->e[k] && f->e[k]->cls == NMW_AND) k--;
    if (k - 1 >= lo && f->e[k] && (f->e[k]->cls == NMW_HUNDRED || f->e[k]->cls == NMW_SCALE) &&
        !(f->e[k]->flags & NMW_F_PLURAL) && f->e[k - 1] && f->e[k - 1]->cls == NMW_UNIT &&
        f->e[k - 1]->value > 0 && dv < f->e[k]->value &&
        !(f->hy[k - 1] && k - 2 >= lo && f->e[k - 2] && f->e[k - 2]->cls == NMW_TENS) &&
        fr_num(an, f, lo, k - 1, &nv, &es)) {
        *v = nv / (f->e[k - 1]->value * f->e[k]->value + tens + dv);
        return 1;
    }
    if (dv >= 1 && dv < 10 && d - 1 > lo && f->e[d - 1] && f->e[d - 1]->cls == NMW_TENS &&
        fr_num(an, f, lo, d - 1, &nv, &es)) {
        *v = nv / (f->e[d - 1]->value + dv); /* "three twenty-firsts" */
        return 1;
    }
    if (dv >= 2 && fr_num(an, f, lo, d, &nv, &es)) { *v = nv / dv; return 1; }
    return 0;
}

/* A whole number for a mixed fraction; "twenty and three" is 23. */
static int fr_whole(const nm_analysis *an, const fr *f, int lo, int k, double *v, double *es) {
    if (fr_num(an, f, lo, k, v, es)) return 1;
    double sum = 0, x, e2;
    int b = lo;
    for (int i = lo; i <= k; i++) {
        if (i < k && !(f->e[i] && f->e[i]->cls == NMW_AND)) continue;
        if (!fr_num(an, f, b, i, &x, &e2)) return 0;
        sum += x;
        b = i + 1;
    }
    *v = sum;
    *es = 0;
    return 1;
}

/* Reads a fraction written in words opening at p ("two thirds", "one and a
 * fourth", "two million and three fifths", "two hundred and fifty-four
 * hundredths", "three quarters of a million"). Returns 1 and fills r. */
static int read_fraction(const nm_analysis *an, pos p, raw *r) {
    fr f;
    f.n = 0;
    pos q = p;
    int d = -1;
    atom prev = { 0 };
    while (f.n < FR_MAX) {
        atom a = { 0 };
        if (!atom_get(an, q, &a) || a.len == 0) break;
        int hy = 0;
        if (f.n > 0) {
            if (!prev.last) hy = 1;
            else if (gap_space(an, prev.tok)) hy = 0;
            else if (gap_spaced_hyphen(an, prev.tok)) hy = 1;
            else break;
        }
        const nmw_entry *e = atom_word(&a);
        if (!e) break; /* "100 millionths": a word fraction is written in words */
        if (e && !(e->cls == NMW_UNIT || e->cls == NMW_TEEN || e->cls == NMW_TENS ||
                   e->cls == NMW_HUNDRED || e->cls == NMW_SCALE || e->cls == NMW_ORD ||
                   e->cls == NMW_ORD_PL || e->cls == NMW_HALF || e->cls == NMW_QUARTER ||
                   e->cls == NMW_AND || e->cls == NMW_A))
            break;
        if (e && e->cls == NMW_A && f.n > 0 && !(f.e[f.n - 1] && f.e[f.n - 1]->cls == NMW_AND)) break;
        f.a[f.n] = a;
        f.e[f.n] = e;
        f.at[f.n] = q;
        f.hy[f.n] = hy;
        f.n++;
        int sing;
        if (f.n > 1 && denom_word(e, &sing) > 0) { d = f.n - 1; break; }
        prev = a;
        q = pos_after(&a);
    }
    if (d < 1) return 0;
    int sing;
    denom_word(f.e[d], &sing);
    pos end = pos_after(&f.a[d]);
    atom nx = { 0 };
    int has_nx = atom_get(an, end, &nx) && joined(an, &f.a[d], end, 0);
    if (sing) {
        raw t;
        if (read_number(an, p, &t) && t.ordinal && pos_eq(t.end, end)) return 0; /* "one hundredth" */
        if (f.e[d]->value <= 2 && !(d >= 1 && f.e[d - 1] && f.e[d - 1]->cls == NMW_TENS)) return 0;
        if (d == 1 && f.e[0] && f.e[0]->cls == NMW_A && has_nx && atom_word(&nx) == NULL &&
            !atom_is(&nx, "of"))
            return 0; /* "a third suspect": an ordinal */
    }
    /* a scale after it: "three quarters million", "two thirds of a million" */
    double mul = 0;
    if (has_nx) {
        const nmw_entry *en = atom_word(&nx);
        if (en && en->cls == NMW_SCALE && !(en->flags & NMW_F_PLURAL)) {
            mul = en->value;
            end = pos_after(&nx);
        } else if (atom_is(&nx, "of") && nx.last) {
            atom x1 = { 0 }, x2 = { 0 };
            pos q1 = pos_after(&nx);
            if (atom_get(an, q1, &x1) && atom_cls(&x1) == NMW_A && atom_get(an, pos_after(&x1), &x2) &&
                atom_cls(&x2) == NMW_SCALE && !(atom_word(&x2)->flags & NMW_F_PLURAL)) {
                mul = atom_word(&x2)->value;
                end = pos_after(&x2);
            }
        }
    }
    double v = 0, fv, w, es;
    int ok = 0;
    /* mixed: "W and F" with F proper ("one hundred and three quarters" 100.75;
       "one hundred and thirty fifths" is 130/5) */
    for (int k = d - 1; k > 0 && !ok; k--) {
        if (!(f.e[k] && f.e[k]->cls == NMW_AND)) continue;
        if (fr_split(an, &f, k + 1, d, &fv) && fv < 1 && fr_whole(an, &f, 0, k, &w, &es)) {
            if (mul > 0) fv *= mul;
            else if (es > 0) fv *= es;
            v = w + fv;
            ok = 1;
        }
    }
    if (!ok) {
        if (!fr_split(an, &f, 0, d, &v)) return 0;
        if (mul > 0) v *= mul;
    }
    memset(r, 0, sizeof *r);
    r->begin = p;
    r->end = end;
    r->skip = NOPOS;
    r->value = v;
    r->high = v;
    r->scale = 1;
    r->nc = NM_NC_FRACTION;
    r->flags = NM_NUMF_WORDS | NM_NUMF_FRACTION;
    return 1;
}

/* Does the atom after the number (r->end) call for a fraction reading? */
static int fraction_follows(const nm_analysis *an, const raw *r) {
    atom a = { 0 }, b = { 0 };
    if (!atom_get(an, r->end, &a) || a.len == 0 || !is_alpha(a.s[0])) return 0;
    if (!atom_before(an, r->end, &b)) return 0;
    if (b.last && !gap_space(an, b.tok) && !gap_spaced_hyphen(an, b.tok)) return 0;
    const nmw_entry *e = atom_word(&a);
    if (!e) return 0;
    switch (e->cls) {
    case NMW_ORD: case NMW_ORD_PL: case NMW_HALF: case NMW_QUARTER: case NMW_UNIT:
    case NMW_TEEN: case NMW_TENS: case NMW_HUNDRED: case NMW_AND:
        return 1;
    default:
        return 0;
    }
}

/* Is the number read at r followed by a word that makes it a non-count
 * ("2 in 24 hours")? Checked on a ratio's second number. */
static int unit_follows(const nm_analysis *an, const raw *r) {
    atom a = { 0 };
    if (!atom_get(an, r->end, &a)) return 0;
    const nmw_entry *e = atom_word(&a);
    if (!e) return 0;
    return e->cls == NMW_DURATION || e->cls == NMW_MEASURE || e->cls == NMW_CURRENCY ||
           e->cls == NMW_PERCENT || e->cls == NMW_TIME_POST || e->cls == NMW_MONTH ||
           atom_is(&a, "year");
}

/* "one over three", "two out of five", "1 in 21": a ratio after the number r. */
static int read_ratio(const nm_analysis *an, raw *r) {
    atom w = { 0 }, prev = { 0 };
    if (r->vague || r->nc || r->ordinal || !atom_get(an, r->end, &w) || !w.last ||
        !atom_before(an, r->end, &prev) || !(prev.last && gap_space(an, prev.tok)))
        return 0;
    int kind = 0;
    pos q = pos_after(&w);
    if (atom_is(&w, "over")) kind = 1;
    else if (atom_is(&w, "in")) kind = 3;
    else if (atom_is(&w, "out")) {
        atom o = { 0 };
        if (!gap_space(an, w.tok) || !atom_get(an, q, &o) || !atom_is(&o, "of") || !o.last) return 0;
        kind = 2;
        w = o;
        q = pos_after(&o);
    } else return 0;
    if (!gap_space(an, w.tok)) return 0;
    raw m;
    if (!read_number(an, q, &m) || m.vague || m.nc || m.ordinal || m.value <= 0 || unit_follows(an, &m))
        return 0;
    if (m.plain4 && m.value >= 1900 && m.value <= 2100) return 0;
    if (kind == 3 && !(r->value >= 1 && r->value < m.value && r->value == floor(r->value) &&
                       m.value == floor(m.value)))
        return 0;
    if (kind == 2 && r->value > m.value) return 0; /* "12 out of 10": two numbers */
    r->value = r->value / m.value;
    r->nc = NM_NC_FRACTION;
    r->flags |= NM_NUMF_FRACTION | (m.flags & (NM_NUMF_WORDS | NM_NUMF_DIGITS));
    r->end = m.end;
    r->skip = NOPOS;
    return 1;
}

/* After a plain digit number: a spaced scale letter ("2.33 k", "30 l" lakh,
 * "1,674.5 G", "5 M"), a power ("1.1^23", "3 x 10^5") or a mixed fraction
 * ("2 1/4"). */
static void digits_tail(const nm_analysis *an, raw *r) {
    if (r->nc || r->vague || r->ordinal || (r->flags & (NM_NUMF_WORDS | NM_NUMF_SCALED)) ||
        r->end.off != 0 || r->end.tok == 0)
        return;
    size_t lt = r->end.tok - 1;
    double ex;
    size_t etok;
    if (power_after(an, lt, &ex, &etok)) {
        r->value = pow(r->value, ex);
        r->flags |= NM_NUMF_EXPONENT;
        r->end = (pos){ etok + 1, 0 };
        return;
    }
    if (r->end.tok >= an->n_tokens || !gap_space(an, lt)) return;
    const nm_token *n = &an->tokens[r->end.tok];
    if (n->form_len == 1 && is_alpha(n->form[0])) {
        char c = an->text[n->start];
        double sc = c == 'k' || c == 'K' ? 1e3 : c == 'M' ? 1e6 : c == 'G' ? 1e9 :
                    c == 'l' || c == 'L' ? 1e5 : 0;
        if (sc > 0 && (r->end.tok + 1 >= an->n_tokens || an->tokens[r->end.tok + 1].start > n->end)) {
            r->value *= sc;
            r->scale = sc;
            r->flags |= NM_NUMF_SCALED;
            r->end.tok++;
            return;
        }
        if ((c == 'x' || c == 'X') && r->end.tok + 1 < an->n_tokens && gap_space(an, r->end.tok) &&
            an->tokens[r->end.tok + 1].form_len == 2 &&
            !memcmp(an->tokens[r->end.tok + 1].form, "10", 2) &&
            power_after(an, r->end.tok + 1, &ex, &etok)) {
            r->value *= pow(10, ex); /* "3 x 10^5" */
            r->flags |= NM_NUMF_EXPONENT;
            r->end = (pos){ etok + 1, 0 };
        }
        return;
    }
    /* "2 1/4" */
    if ((n->flags & NM_TOK_ALL_DIGIT) && r->value == floor(r->value) && r->end.tok + 1 < an->n_tokens) {
        const nm_token *d = &an->tokens[r->end.tok + 1];
        double a1, w;
        int p1, p2;
        if (d->start == n->end + 1 && an->text[n->end] == '/' && (d->flags & NM_TOK_ALL_DIGIT) &&
            digits_value(n->form, n->form_len, &a1, &p1) && p1 &&
            digits_value(d->form, d->form_len, &w, &p2) && p2 && a1 >= 1 && a1 < w && w <= 64 &&
            !(d->end < an->text_len && an->text[d->end] == '/')) {
            r->value += a1 / w;
            r->nc = NM_NC_FRACTION;
            r->flags |= NM_NUMF_FRACTION;
            r->end.tok += 2;
        }
    }
}

/* A minus sign or word before the number at begin: "-5", "- 5" (at the
 * start of the text or after "<", "=", "(", "["), "−5", "minus five",
 * "negative 3". Sets *sb (the sign's first byte) and *stok. Not after a
 * digit ("10 -15" is a range) or inside a word ("COVID-19"). */
static int sign_before(const nm_analysis *an, pos begin, uint32_t start, uint32_t *sb, size_t *stok) {
    if (begin.off > 0) return 0;
    const unsigned char *t = (const unsigned char *)an->text;
    uint32_t lo = begin.tok ? an->tokens[begin.tok - 1].end : 0;
    *stok = begin.tok;
    if (start > lo) {
        uint32_t i = start, dash;
        int spaced = 0;
        while (i > lo && t[i - 1] == ' ') { i--; spaced = 1; }
        if (i > lo && t[i - 1] == '-') dash = i - 1;
        else if (i >= lo + 3 && t[i - 3] == 0xE2 && t[i - 2] == 0x88 && t[i - 1] == 0x92) dash = i - 3;
        else goto word;
        uint32_t j = dash;
        while (j > 0 && t[j - 1] == ' ') j--;
        if (j == 0) { *sb = dash; return 1; }
        unsigned char c = t[j - 1];
        if (c == '<' || c == '>' || c == '=' || c == '(' || c == '[') { *sb = dash; return 1; }
        if (spaced || j < dash) return 0;
        if (c == '\n' || c == '\t' || is_digit((char)c) || is_alpha((char)c) || c == '-' ||
            c == '.' || c == '/' || c == '+' || c >= 0x80)
            return 0;
        *sb = dash;
        return 1;
    }
word:;
    atom s = { 0 };
    if (begin.tok > 0 && gap_space(an, begin.tok - 1) && atom_before(an, begin, &s) && s.off == 0 &&
        s.last && atom_cls(&s) == NMW_SIGN) {
        *sb = an->tokens[s.tok].start;
        *stok = s.tok;
        return 1;
    }
    return 0;
}

/* Makes a number negative when a sign comes before it (see sign_before). */
static void apply_sign(const nm_analysis *an, pos begin, nm_number *n) {
    uint32_t sb;
    size_t stok;
    if (n->kind == NM_NUM_VAGUE) return;
    if (n->kind == NM_NUM_NONCOUNT && n->noncount != NM_NC_FRACTION && n->noncount != NM_NC_PERCENT &&
        n->noncount != NM_NC_MONEY && n->noncount != NM_NC_MEASURE)
        return;
    if (!sign_before(an, begin, n->start, &sb, &stok)) return;
    n->value = -n->value;
    n->high = -n->high;
    n->flags |= NM_NUMF_NEGATIVE;
    n->start = sb;
    n->tok_begin = (uint32_t)stok;
    if (n->kind == NM_NUM_COUNT || n->kind == NM_NUM_RANGE) {
        n->kind = NM_NUM_NONCOUNT;
        n->noncount = NM_NC_NEGATIVE;
    }
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

/* Does the word before a "3/15" make it a date? */
static int date_context(const nm_analysis *an, const atom *prev, int has_prev) {
    static const char *const w[] = { "on", "since", "until", "till", "by", "from", "before",
                                     "after", "dated", "date", "monday", "tuesday", "wednesday",
                                     "thursday", "friday", "saturday", "sunday", "mon", "tue",
                                     "wed", "thu", "fri", "sat", "sun", "ending", "ended" };
    (void)an;
    if (!has_prev) return 0;
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (atom_is(prev, w[i])) return 1;
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
                /* "6/02/2015": a date, its parts reported one by one; "3/15" is a
                   date only after a word that calls for one ("on 3/15") */
                if (three) { nc = NM_NC_DATE; r->date3 = 1; }
                else if (a1 >= 1 && a1 <= 31 && w >= 1 && w <= 31 && (a1 <= 12 || w <= 12) &&
                         date_context(an, &prev, has_prev)) {
                    nc = NM_NC_DATE; r->end = (pos){ k + 1, 0 };
                } else if (w > 0) {
                    nc = NM_NC_FRACTION; r->value = a1 / w; r->end = (pos){ k + 1, 0 };
                    r->flags |= NM_NUMF_FRACTION;
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
    if (!nc && r->end.off == 0 && r->end.tok > 0 && na >= 1 && ga[0] == '-' &&
        (na == 1 ? !has_next : ga[1] == ' ')) {
        nc = NM_NC_OTHER; /* "112-", "10- to 15-year-olds": a suspended compound */
        r->suspended = 1;
    }
    if (nc) { out->kind = NM_NUM_NONCOUNT; out->noncount = (nm_num_noncount)nc; }
    if (nc == NM_NC_FRACTION) out->flags |= NM_NUMF_FRACTION;
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

/* Internal mark of a suspended compound ("10-" in "10- to 15-year-olds"),
 * cleared before nm_numbers_find returns. */
#define NUMF_SUSPENDED (1u << 31)

static int rangeable_nc(nm_num_noncount nc) {
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
        if ((!gap_space(an, a->tok_end - 1) && !(a->flags & NUMF_SUSPENDED)) ||
            !gap_space(an, a->tok_end))
            return 0;
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
                int neg = p->kind == NM_NUM_NONCOUNT && p->noncount == NM_NC_NEGATIVE &&
                          (a->kind == NM_NUM_COUNT ||
                           (a->kind == NM_NUM_NONCOUNT && a->noncount == NM_NC_NEGATIVE));
                int susp = (p->flags & NUMF_SUSPENDED) && a->kind == NM_NUM_NONCOUNT &&
                           rangeable_nc(a->noncount);
                int ok_kind = neg || susp || (p->kind == NM_NUM_COUNT && a->kind == NM_NUM_COUNT) ||
                              (p->kind == NM_NUM_COUNT && a->kind == NM_NUM_NONCOUNT &&
                               rangeable_nc(a->noncount)) ||
                              (p->kind == NM_NUM_NONCOUNT && a->kind == NM_NUM_NONCOUNT &&
                               p->noncount == a->noncount && rangeable_nc(a->noncount));
                if (ok_kind && lo < a->value) {
                    if (neg) p->flags |= a->flags & NM_NUMF_NEGATIVE; /* "between -10 and 15" */
                    else if (a->kind == NM_NUM_NONCOUNT) {
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
    for (size_t i = 0; i < w; i++) l->items[i].flags &= ~NUMF_SUSPENDED;
}

/* --- public ------------------------------------------------------------------ */

/* A token of three or more digit groups joined by '-' that is not a date
 * ("+1-222-2222-2222", "1-2-3"): each group is pushed as OTHER. */
static int phone_like(const nm_analysis *an, const atom *a, nm_number_list *out, nm_err *err,
                      int *done) {
    const nm_token *t = &an->tokens[a->tok];
    *done = 0;
    size_t groups = 1, g0 = 0;
    for (size_t i = 0; i < t->form_len; i++) {
        char c = t->form[i];
        if (c == '-') {
            if (i == 0 || t->form[i - 1] == '-') return 0;
            groups++;
        } else if (!is_digit(c)) return 0;
        else if (groups == 1) g0++;
    }
    if (groups < 3 || t->form[t->form_len - 1] == '-') return 0;
    if (g0 == 4 && groups == 3) return 0; /* "2015-03-06" */
    if (!(t->flags & NM_TOK_ASCII)) return 0;
    size_t i = 0;
    while (i < t->form_len) {
        size_t j = i;
        double v = 0;
        while (j < t->form_len && is_digit(t->form[j])) { v = v * 10 + (t->form[j] - '0'); j++; }
        nm_number n;
        memset(&n, 0, sizeof n);
        n.tok_begin = (uint32_t)a->tok;
        n.tok_end = (uint32_t)a->tok + 1;
        n.start = t->start + (uint32_t)i;
        n.end = t->start + (uint32_t)j;
        n.kind = NM_NUM_NONCOUNT;
        n.noncount = NM_NC_OTHER;
        n.value = n.high = v;
        n.scale = 1;
        n.flags = NM_NUMF_DIGITS;
        int rc = push(out, &n, err);
        if (rc) return rc;
        i = j + 1;
    }
    *done = 1;
    return 0;
}

/* Bare "scores" as a vague quantity without "of": only as a headline's
 * subject ("Scores killed", "\"scores\" were wounded", "left scores dead"):
 * not after a word that makes it a noun or a verb ("test scores", "Messi
 * scores"), and before a participle or a verb of state. */
static int scores_bare(const nm_analysis *an, const atom *a) {
    atom pv = { 0 }, nx = { 0 };
    if (!a->last || a->off != 0) return 0;
    if (atom_before(an, (pos){ a->tok, 0 }, &pv) && gap_space(an, pv.tok)) {
        static const char *const ok[] = { "left", "leaving", "leaves", "killed", "killing", "kill",
                                          "kills", "and", "with", "wounding", "injuring" };
        int found = 0;
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
            if (atom_is(&pv, ok[i])) found = 1;
        if (!found) return 0;
    }
    if (!atom_get(an, (pos){ a->tok + 1, 0 }, &nx) || nx.len < 3 || !is_alpha(nx.s[0])) return 0;
    for (uint32_t i = an->tokens[a->tok].end; i < an->tokens[nx.tok].start; i++) {
        char c = an->text[i];
        if (c != ' ' && c != '"' && c != '\'') return 0;
    }
    static const char *const st[] = { "dead", "hurt", "were", "are", "have", "had", "feared",
                                      "missing", "die", "died", "flee", "fled" };
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
        if (atom_is(&nx, st[i])) return 1;
    return nx.s[nx.len - 2] == 'e' && nx.s[nx.len - 1] == 'd';
}

/* The scan of nm_numbers_find from p, a point it passes through, to the first
 * point at or after token stop: appends what it finds to out (ranges not yet
 * joined). */
static int scan(const nm_analysis *an, pos p, size_t stop, nm_number_list *out, nm_err *err) {
    atom a = { 0 };
    while (p.tok < stop && atom_get(an, p, &a)) {
        const nmw_entry *ea = atom_word(&a);
        if (ea && never_opens(ea->cls)) {
            p = pos_after(&a);
            continue;
        }
        int cand = a.len > 0 && (is_digit(a.s[0]) || ea != NULL);
        if (!cand) {
            double fv;
            if (a.len > 0 && (unsigned char)a.s[0] >= 0xC2 && a.off == 0 &&
                vulgar_at(a.s, a.len, &fv) == a.len) {
                /* "¾" alone */
                nm_number n;
                memset(&n, 0, sizeof n);
                n.tok_begin = (uint32_t)a.tok;
                n.tok_end = (uint32_t)a.tok + 1;
                n.start = an->tokens[a.tok].start;
                n.end = an->tokens[a.tok].end;
                n.kind = NM_NUM_NONCOUNT;
                n.noncount = NM_NC_FRACTION;
                n.value = n.high = fv;
                n.scale = 1;
                n.flags = NM_NUMF_FRACTION;
                apply_sign(an, p, &n);
                int rc = push(out, &n, err);
                if (rc) return rc;
            }
            p = pos_after(&a);
            continue;
        }
        if (!a.last && a.off == 0 && is_digit(a.s[0])) {
            int done, rc = phone_like(an, &a, out, err, &done);
            if (rc) return rc;
            if (done) { p = (pos){ a.tok + 1, 0 }; continue; }
        }
        raw r;
        int got = read_number(an, p, &r);
        if (!got && a.len == 6 && atom_is(&a, "scores") && scores_bare(an, &a)) {
            memset(&r, 0, sizeof r);
            r.begin = p;
            r.end = pos_after(&a);
            r.skip = NOPOS;
            r.value = 40;
            r.high = HUGE_VAL;
            r.scale = 1;
            r.vague = vague_names[5][0];
            r.flags = NM_NUMF_WORDS;
            got = 1;
        }
        if (!got && atom_cls(&a) == NMW_A && read_fraction(an, p, &r)) got = 1;
        if (got && !r.vague && !r.nc && !r.ordinal) {
            raw fr_r;
            if ((r.flags & NM_NUMF_DIGITS) && !(r.flags & NM_NUMF_WORDS)) digits_tail(an, &r);
            if (!r.nc && fraction_follows(an, &r) && read_fraction(an, p, &fr_r)) r = fr_r;
            if (!r.nc) read_ratio(an, &r);
        }
        if (!got) {
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
        if (r.suspended) n.flags |= NUMF_SUSPENDED;
        apply_sign(an, r.begin, &n);
        int rc = push(out, &n, err);
        if (rc) return rc;
        p = r.skip.tok != SIZE_MAX ? r.skip : r.end;
        if (r.date3 && r.end.off == 0 && r.end.tok + 1 < an->n_tokens) {
            /* the day (or month) and the year of "5/17/2018" */
            for (size_t k = r.end.tok; k < r.end.tok + 2; k++) {
                const nm_token *t = &an->tokens[k];
                double v;
                int plain;
                if (!digits_value(t->form, t->form_len, &v, &plain)) v = 0;
                memset(&n, 0, sizeof n);
                n.tok_begin = (uint32_t)k;
                n.tok_end = (uint32_t)k + 1;
                n.start = t->start;
                n.end = t->end;
                n.kind = NM_NUM_NONCOUNT;
                n.noncount = (k > r.end.tok && v >= 1900 && v <= 2100) ? NM_NC_YEAR : NM_NC_DATE;
                n.value = n.high = v;
                n.scale = 1;
                n.flags = NM_NUMF_DIGITS;
                rc = push(out, &n, err);
                if (rc) return rc;
            }
            p = (pos){ r.end.tok + 2, 0 };
        }
    }
    return 0;
}

int nm_numbers_find(const nm_analysis *an, nm_number_list *out, nm_err *err) {
    out->n = 0;
    int rc = scan(an, (pos){ 0, 0 }, SIZE_MAX, out, err);
    if (rc) return rc;
    join_ranges(an, out);
    return 0;
}

/* Every lower-case word of three letters or more named in a string in this
 * file (some are kind names, which costs nothing): tok_dead must never take
 * a word the grammar reads for one no number crosses. A comparison with a
 * new word in this file needs the word here too, or nm_numbers_find_near
 * may miss or cut a number that nm_numbers_find reads through it
 * (tests/unit/test_number_near.c checks every such string of this file). */
static const char *const named_words[] = {
    "after", "age", "and", "are", "atoms", "before", "between", "billions", "cent", "count",
    "date", "dated", "day", "dead", "die", "died", "dozen", "dozens", "duration", "ended",
    "ending", "equals", "feared", "few", "fifths", "first", "fled", "flee", "fraction", "fri",
    "friday", "from", "had", "half", "handful", "have", "hundred", "hundreds", "huntred",
    "hurt", "injuring", "kill", "killed", "killing", "kills", "lakhs", "leaves", "leaving",
    "left", "magnitude", "many", "measure", "millions", "minus", "missing", "mon", "monday",
    "money", "month", "months", "negative", "noncount", "numerous", "old", "one", "ordinal",
    "other", "out", "over", "people", "per", "percent", "plus", "point", "quarters", "range",
    "sat", "saturday", "scores", "second", "several", "sex", "since", "single", "sun", "sunday",
    "tens", "the", "third", "thousands", "through", "thu", "thursday", "till", "time", "too",
    "tree", "tue", "tuesday", "twenty", "until", "update", "vague", "was", "wed", "wednesday",
    "week", "weeks", "were", "with", "won", "wounding", "year", "years",
};

int nm_numbers_word_named(const char *w, size_t n) {
    for (size_t i = 0; i < sizeof named_words / sizeof named_words[0]; i++)
        if (named_words[i][0] == w[0] && strlen(named_words[i]) == n &&
            memcmp(named_words[i], w, n) == 0)
            return 1;
    return 0;
}

/* Can no number run across token t, nor a range join across it? A word of
 * letters only that is neither in the word list (number_words.c) nor named
 * in this file: the grammar reads digits, listed words and the words this
 * file names, so a number ends before such a word and the next one starts
 * after it; it opens nothing (not a digit, not a listed word), and a range
 * joins only numbers next to each other or around "to", "and" or a dash. So
 * the scan of the whole text passes through the start of the token after
 * it, and goes on from there as a scan started there would. */
static int tok_dead(const nm_analysis *an, size_t t) {
    const nm_token *k = &an->tokens[t];
    const size_t n = k->form_len;
    if (n < 3 || (k->flags & (NM_TOK_ASCII | NM_TOK_HAS_DIGIT)) != NM_TOK_ASCII) return 0;
    for (size_t i = 0; i < n; i++)
        if (k->form[i] < 'a' || k->form[i] > 'z') return 0;
    return !nmw_lookup(k->form, n) && !nm_numbers_word_named(k->form, n);
}

int nm_numbers_find_near(const nm_analysis *an, const uint8_t *mark, nm_number_list *out,
                         nm_err *err) {
    out->n = 0;
    /* stretches [ws, we) around marked sentences, each bounded by the text's
       ends or by a token after which (ws - 1) or before which (we - 1) no
       number runs (tok_dead); overlapping or touching stretches merge */
    size_t ws = 0, we = 0;
    int open = 0;
    for (size_t si = 0; si < an->n_sentences; si++) {
        const nm_span *sp = &an->sentences[si];
        if (!mark[si] || sp->tok_begin >= sp->tok_end) continue;
        size_t b = sp->tok_begin, e = sp->tok_end;
        const size_t lim = open ? we : 0;
        while (b > lim && !tok_dead(an, b - 1)) b--;
        if (!open || b > we) {
            if (open) {
                int rc = scan(an, (pos){ ws, 0 }, we, out, err);
                if (rc) return rc;
            }
            ws = b;
            open = 1;
        }
        if (e < we) e = we;
        while (e < an->n_tokens && !tok_dead(an, e - 1)) e++;
        we = e;
    }
    if (open) {
        int rc = scan(an, (pos){ ws, 0 }, we, out, err);
        if (rc) return rc;
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
                                         "fraction", "negative" };
    return (unsigned)nc < sizeof names / sizeof names[0] ? names[nc] : "?";
}
