/* nm_number.h: numbers in an analysed document, for every operator to share.
 *
 * nm_numbers_find scans the tokens of one nm_analysis (it never tokenises
 * again; it only peeks at the bytes between tokens for "%", "$", ":", "/")
 * and reports every number in text order: digits with separators ("6,700",
 * "136 000"), decimals with scale words ("1.2 million", "2.5bn", "30 lakh"),
 * written numbers ("two hundred and fifty", "a dozen", "twenty-one",
 * "half a million"), vague quantity words kept as words ("dozens",
 * "several") with a linguistic lower bound, ranges ("between 10 and 15",
 * "10-15", "10 to 15"; inclusive), and numbers that are not counts of
 * anything, classified (dates, years, ages, durations, money, ordinals,
 * percentages, times of day, measures, fractions, negative numbers). A
 * fraction ("3/4", "two thirds", "1 in 21", "½") or a negative number ("-5",
 * "minus five") is never a COUNT: it is a NONCOUNT with reason FRACTION or
 * NEGATIVE, and carries NM_NUMF_FRACTION / NM_NUMF_NEGATIVE, so an operator
 * that keeps COUNT, RANGE and VAGUE never takes one for a count of anything.
 * The operator decides what a count
 * counts; this layer only says what the number is. See docs/numbers.md. */
#ifndef NM_NUMBER_H
#define NM_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include "nm_analysis.h"
#include "nm_error.h"

typedef enum nm_num_kind {
    NM_NUM_COUNT = 0,   /* a plain cardinal: "6,700", "two hundred and fifty", "a dozen", "1.2 million" */
    NM_NUM_RANGE = 1,   /* two cardinals as bounds: "10-15", "between 10 and 15", "10 to 15" */
    NM_NUM_VAGUE = 2,   /* a vague quantity word: "dozens", "hundreds of", "several", "a few", "scores" */
    NM_NUM_NONCOUNT = 3 /* a number that counts nothing: see nm_num_noncount */
} nm_num_kind;

typedef enum nm_num_noncount {
    NM_NC_NONE = 0,     /* kind is not NONCOUNT */
    NM_NC_DATE,         /* "6/02/2015", "March 3", "3 March", "May 4th", "2015-03-06" */
    NM_NC_YEAR,         /* 1900..2100 in a date context: "in 2015", "March 2015", "since 1998" */
    NM_NC_AGE,          /* "7-year-old", "aged 7", "age 7" */
    NM_NC_DURATION,     /* "in 24 hours", "2 days", "three weeks", "90-minute" */
    NM_NC_MONEY,        /* "$1 million", "Rs 4 lakh", "€5", "5 dollars", "2.5bn euros" */
    NM_NC_ORDINAL,      /* "11th", "second", "twenty-first"; value holds the rank */
    NM_NC_PERCENT,      /* "5%", "5 percent", "5 per cent" */
    NM_NC_TIME,         /* "10:30", "3 p.m.", "3pm", "0900 GMT" */
    NM_NC_MEASURE,      /* "180ml", "29km", "5 km", "10 kg", "3m" (metres: see docs/numbers.md) */
    NM_NC_OTHER,        /* an identifier-like number: "UPDATE 2", "No. 10", "B-52", "G20", "COVID-19",
                           a version or address "192.168.1.2", a score "3-1" */
    NM_NC_FRACTION,     /* "half", "3/4", "two thirds", "one over three", "1 in 21", "2 1/4",
                           "¾", "one and a fourth" (NM_NUMF_FRACTION); value holds the fraction */
    NM_NC_NEGATIVE      /* a number below zero that would otherwise be a count or a range:
                           "-5", "minus five", "negative 3", "between -10 and 15"
                           (NM_NUMF_NEGATIVE); value (and high) negative */
} nm_num_noncount;

typedef struct nm_number {
    uint32_t tok_begin, tok_end; /* the analysis tokens it spans, [begin, end) */
    uint32_t start, end;         /* byte offsets into the text, end exclusive */
    nm_num_kind kind;
    nm_num_noncount noncount;    /* why a NONCOUNT number is not a count; NM_NC_NONE otherwise */
    double value;                /* COUNT / NONCOUNT: the value (ordinal: the rank; date: the day
                                    of month when known, else the first number); RANGE: low;
                                    VAGUE: the linguistic lower bound ("dozens" 24, "several" 3) */
    double high;                 /* RANGE: high (inclusive); VAGUE: upper bound or INFINITY;
                                    NONCOUNT: the high end when written as a range ("10-15
                                    years", "5-10%"), else value; COUNT: equal to value */
    double scale;                /* the multiplier of a scale word in it ("1.2 million": 1e6), else 1 */
    const char *vague;           /* VAGUE: the word as normalised, lower case ("dozens",
                                    "a few", "hundreds"); static storage; NULL otherwise */
    uint32_t flags;              /* NM_NUMF_* */
} nm_number;

enum {
    NM_NUMF_DIGITS = 1u << 0,  /* written with digits (at least partly): "6,700", "2.5 million" */
    NM_NUMF_WORDS = 1u << 1,   /* written with words (at least partly): "twelve", "a dozen" */
    NM_NUMF_SCALED = 1u << 2,  /* carries a scale word: "million", "bn", "lakh" */
    NM_NUMF_OF = 1u << 3,      /* a vague word followed by "of": "dozens of", "hundreds of" */
    NM_NUMF_PLUS = 1u << 4,    /* followed by "+" in the text: "100+" */
    NM_NUMF_NEGATIVE = 1u << 5,/* has a minus sign or word ("-5", "minus five", "negative 3",
                                  "-4/5", "-5%"); value is negative. A negative count is
                                  NONCOUNT/NEGATIVE; a negative percent, money, measure,
                                  duration or fraction keeps its reason */
    NM_NUMF_FRACTION = 1u << 6,/* written as a fraction or ratio ("3/4", "two thirds", "1 in 21",
                                  "one over three", "two out of five", "½", "2 1/4"): kind
                                  NONCOUNT/FRACTION, also a mixed number ("2½" 2.5,
                                  "2 1/4" 2.25, "one and a fourth" 1.25); "one and a
                                  half" and "half a million" stay COUNTs */
    NM_NUMF_EXPONENT = 1u << 7,/* scientific or power notation: "1e6", "1.3e6", "12.32e+14",
                                  "1.1^23", "3 x 10^5" (value computed); kind COUNT unless
                                  negative or classified otherwise */
    NM_NUMF_MISSPELT = 1u << 8 /* read through a small table of common misspellings of number
                                  words ("won huntred" 100, "too thousant and fiev" 2005):
                                  docs/numbers.md */
};

/* A caller-owned growing array; zero-initialise it, reuse it across
 * documents (nm_numbers_find empties it first), free it once. */
typedef struct nm_number_list {
    nm_number *items;
    size_t n, cap;
} nm_number_list;

/* Finds every number of an analysed document, in text order (by start),
 * into out (emptied first). Allocates only to grow out. Returns 0 or
 * NM_ENOMEM. */
int nm_numbers_find(const nm_analysis *an, nm_number_list *out, nm_err *err);

/* The numbers of nm_numbers_find that matter to the sentences marked in
 * mark (one byte per sentence of an, nonzero = marked): every number of the
 * whole-text list that covers a token of a marked sentence is in out, as it
 * is in that list, and out is a part of that list, in the same order. It
 * scans only stretches of text around the marked sentences (ended by words
 * no number runs across), so it costs less when few are marked. Returns 0
 * or NM_ENOMEM. */
int nm_numbers_find_near(const nm_analysis *an, const uint8_t *mark, nm_number_list *out,
                         nm_err *err);

/* Frees the list's storage and zeroes it. NULL is a no-op. */
void nm_number_list_free(nm_number_list *l);

/* Parses a whole phrase that must be one cardinal number and nothing else
 * (for tests and tools): "two hundred and fifty" -> 250, "6,700" -> 6700,
 * "1.2 million" -> 1200000, "a dozen" -> 12. Case-insensitive, ASCII
 * spelling. Returns 0 and sets *value, or -1 when the text is not exactly
 * one number. */
int nm_number_parse(const char *text, size_t len, double *value);

/* The name of a kind ("count", "range", "vague", "noncount") and of a
 * non-count reason ("date", "year", "age", "duration", "money", "ordinal",
 * "percent", "time", "measure", "other", "fraction", "negative"; "" for
 * NM_NC_NONE). */
const char *nm_num_kind_name(nm_num_kind k);
const char *nm_num_noncount_name(nm_num_noncount nc);

#endif
