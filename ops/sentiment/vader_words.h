/* vader_words.h: VADER's rule word classes (negations, boosters, dampeners),
 * exposed so that other operators (stance) reuse the very lists the
 * sentiment scorer applies instead of keeping copies. Lookups scan short
 * static tables: no model, no allocation, thread-safe. */
#ifndef NM_SENTIMENT_VADER_WORDS_H
#define NM_SENTIMENT_VADER_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* True when the lower-cased word w[0, len) is in VADER's NEGATE list. */
bool vader_word_is_negation(const char *w, size_t len);

/* +1 for an incrementing booster ("very"), -1 for a dampener ("slightly"),
 * 0 otherwise; single words only (w lower-cased). */
int vader_word_booster(const char *w, size_t len);

#endif
