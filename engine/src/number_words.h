/* number_words.h: the English word list behind nm_number (number.c): number
 * words, scale words, ordinals, vague quantity words and the context words
 * (months, currencies, units) that make a number a non-count. Internal. */
#ifndef NM_NUMBER_WORDS_H
#define NM_NUMBER_WORDS_H

#include <stddef.h>

typedef enum nmw_class {
    NMW_NONE = 0,
    NMW_UNIT,       /* zero..nine */
    NMW_TEEN,       /* ten..nineteen */
    NMW_TENS,       /* twenty..ninety */
    NMW_HUNDRED,    /* hundred, hundreds (plural: vague when bare) */
    NMW_SCALE,      /* thousand, million, lakh, crore, bn ...; plural forms flagged */
    NMW_DOZEN,      /* dozen, dozens, dz, doz */
    NMW_ORD,        /* first..ninth, tenth..nineteenth, twentieth.., hundredth, thousandth */
    NMW_A,          /* a, an */
    NMW_AND,
    NMW_POINT,      /* point, dot */
    NMW_HALF,       /* half */
    NMW_QUARTER,    /* quarter */
    NMW_COUPLE,     /* couple, pair: only after "a" */
    NMW_VAGUE,      /* several, few, many, numerous, scores, tens, handful */
    NMW_MONTH,
    NMW_CURRENCY,   /* dollars, euros, rupees, usd ...: money after the number */
    NMW_CUR_PRE,    /* rs, inr, usd, eur, gbp: money before the number */
    NMW_DURATION,   /* hours, days, years ... */
    NMW_MEASURE,    /* km, kg, miles, metres ... */
    NMW_PERCENT,    /* percent, pct */
    NMW_AGE_PRE,    /* aged, age, ages */
    NMW_YEAR_PRE,   /* in, since, until ...: a 4-digit 1900..2100 after it is a year */
    NMW_DET,        /* the, this, that, which ...: "the one" is a pronoun */
    NMW_TIME_POST,  /* am, pm, gmt, utc, o'clock */
    NMW_RANGE_TO,   /* to, through, thru */
    NMW_ORD_PL,     /* thirds, fifths, hundredths, halves, quarters ...: only a fraction's
                       denominator ("two thirds"); value is the denominator */
    NMW_SINGLE,     /* single: 1, only alone ("a single soldier") */
    NMW_MISSPELT,   /* a common misspelling of a number word ("huntred"); value is the
                       index of the spelling it stands for: see nmw_misspelt */
    NMW_SIGN,       /* minus, negative: a sign before a number */
    NMW_RATIO       /* over, out: "one over three", "two out of five" */
} nmw_class;

enum {
    NMW_F_PLURAL = 1u << 0,  /* "millions", "hundreds", "dozens" */
    NMW_F_CASED = 1u << 1,   /* counts only when written with a capital ("May", "March") */
    NMW_F_WEAK = 1u << 2     /* a misspelling that is also an English word ("won", "too",
                                "tree", "sex"): read only next to a multiplier or after
                                a tens word ("won huntred", "twinty sex") */
};

typedef struct nmw_entry {
    const char *word;
    unsigned char cls;   /* nmw_class */
    unsigned char flags; /* NMW_F_* */
    double value;        /* number value, scale, ordinal rank, vague lower bound, month 1..12 */
} nmw_entry;

/* The entry for a lower-case word, or NULL. Thread-safe; no allocation. */
const nmw_entry *nmw_lookup(const char *w, size_t len);

/* The entry of the number word an NMW_MISSPELT entry stands for ("huntred"
 * -> "hundred"); e itself for any other entry. */
const nmw_entry *nmw_misspelt(const nmw_entry *e);

/* Whether w[0, n) is one of the words of three letters or more that
 * number.c's grammar names besides the list above (number.c): a word that
 * is neither can end no number nor join a range, which lets
 * nm_numbers_find_near scan only the stretches around marked sentences. */
int nm_numbers_word_named(const char *w, size_t n);

#endif
