/* vader.h: the VADER sentiment model (../shared/specs/vader.md), bit-exact.
 *
 * A vader_model is built once from a lexicon (and optionally VADER's emoji
 * description lexicon) and is read-only afterwards, shared by all threads.
 * Scoring a text needs a per-thread vader_scratch, whose buffers grow to the
 * longest text seen and are then reused, so the steady state never
 * allocates. The arithmetic follows the spec operation by operation; the
 * files are compiled with -ffp-contract=off (see CMakeLists.txt) so that no
 * multiply-add is fused.
 *
 * The rule words (negations, boosters, idioms, "but", "least", ...) and the
 * constants are VADER's and fixed; the lexicon is any nm_lexicon. With a
 * vader-format lexicon the model is exactly VADER (its multi-word keys are
 * unreachable, as in VADER); with match_phrases, multi-word lexicon entries
 * are matched on the token sequence too (see vader_score.c). */
#ifndef NM_SENTIMENT_VADER_H
#define NM_SENTIMENT_VADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_error.h"
#include "newsmill/nm_lexicon.h"

typedef struct vader_model vader_model;

typedef struct vader_scores {
    double neg, neu, pos, compound;
} vader_scores;

/* A word's lookup done elsewhere (the tone's pass over the analysis
 * tokens), for scoring to reuse: w is the table's word or NULL (no key),
 * h its vader_key hash; known is 0 for a token that was not looked up. */
typedef struct vader_hint {
    const struct vader_word *w;
    uint64_t h;
    uint8_t known;
} vader_hint;

/* Per-thread scratch: zero-initialise, release with vader_scratch_free. */
typedef struct vader_scratch {
    char *text;            /* the emoji-substituted text */
    size_t text_cap;
    char *lower;           /* lower-cased token bytes */
    size_t lower_cap;
    struct vader_tok *tok; /* per token */
    double *S;             /* per-token valence */
    size_t tok_cap;
    uint32_t *aux;         /* "but" rule: positions, list links, hash slots */
    size_t aux_cap;
    /* Optional: the analysis of the text being scored, with one hint per
     * token (hint NULL: none). A white-space token of ASCII bytes that spans
     * exactly an ASCII analysis token has the same lower-cased form, so its
     * lookup is taken from the hint instead of hashing and probing again.
     * Texts scored must lie inside hint_text, in increasing order (hint_cur,
     * the first token not yet passed, only moves forward). */
    const vader_hint *hint;
    const nm_token *hint_tok;
    size_t hint_n, hint_cur;
    const char *hint_text;
} vader_scratch;

/* Builds a model over lex (borrowed: it must outlive the model). With
 * match_phrases, multi-word keys of lex are matched on tokens. */
int vader_model_new(const nm_lexicon *lex, bool match_phrases, vader_model **out, nm_err *err);
void vader_model_free(vader_model *m); /* NULL is a no-op */

/* Adds VADER's emoji descriptions (emoji TAB description per line) from a
 * file or an in-memory text; only single-code-point keys can ever match, so
 * only those are kept. Call before the model is shared. */
int vader_model_load_emoji(vader_model *m, const char *path, nm_err *err);
int vader_model_parse_emoji(vader_model *m, const char *text, size_t len, const char *name,
                            nm_err *err);
/* A digest of what the model adds to its lexicon: the emoji descriptions
 * and whether phrases are matched (for state files). */
uint64_t vader_model_digest(const vader_model *m);

/* Number of emoji kept (single code points). */
size_t vader_model_emoji_count(const vader_model *m);

/* Scores text[0, len) (valid UTF-8) as one VADER unit. Returns 0 or
 * NM_ENOMEM. Thread-safe for distinct scratch objects. */
int vader_score(const vader_model *m, vader_scratch *s, const char *text, size_t len,
                vader_scores *out);

void vader_scratch_free(vader_scratch *s);

/* ---- exposed for the unit tests ---- */

/* Steps 1-6 of the spec: *S receives the token valences after the "but"
 * rule (*n of them, pointing into s, valid until its next use) and *amp the
 * punctuation amplifier. Returns 0 or NM_ENOMEM. */
int vader_valences(const vader_model *m, vader_scratch *s, const char *text, size_t len,
                   const double **S, size_t *n, double *amp);

/* VADER's "but" rule (spec 2.7) on S[0, n) with the first "but" at bi, with
 * first-equal-value semantics; aux must hold vader_but_aux_size(n) words.
 * vader_but_rule picks the quadratic scan for few nonzero values and an
 * indexed version otherwise; the two are also callable directly. */
size_t vader_but_aux_size(size_t n);
void vader_but_rule(double *S, size_t n, size_t bi, uint32_t *aux);
void vader_but_scan(double *S, size_t n, size_t bi, uint32_t *aux);
void vader_but_indexed(double *S, size_t n, size_t bi, uint32_t *aux);

/* Python's str.isupper() on a UTF-8 string, and str.lower() (per code point,
 * simple mappings, U+0130 to "i\u0307"; no final-sigma rule). lower writes at
 * most 3 * len / 2 + 4 bytes to out and returns the length. */
bool vader_isupper(const char *s, size_t len);
size_t vader_lower(const char *s, size_t len, char *out);

#endif
