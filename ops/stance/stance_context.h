/* stance_context.h: the given-target stance scorer of the stance operator.
 *
 * Scores how a text speaks about one span of it (a target the user names in
 * a document's `targets`, or an actor mention found by the operator), from
 * the shared analysis and a word -> valence lexicon, with hand-written rules
 * (distance-weighted lexicon window inside the target's clause, negation,
 * quotes and their speakers, the target as subject or object of evaluative
 * verbs, sentence tone as a weak fallback). Tuned on NewsMTSC; see
 * stance_context.c for the rules and the figures they earned. */
#ifndef NM_STANCE_CONTEXT_H
#define NM_STANCE_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"

/* The text's stance toward the byte span [start, end) of text: a score in [-1, 1]
   (negative = the text is negative toward the span). an is the shared analysis of text.
   Pure function of its inputs; no allocation; thread-safe. */
double stance_context_score(const nm_lexicon *lx, const char *text, const nm_analysis *an,
                            size_t start, size_t end);

/* What the scorer looks up about each token near a target (its word class,
   lexicon valence, negator, booster, the punctuation before it), remembered
   for one document and one lexicon so that several targets of one sentence
   look each word up once. One per thread; filled lazily. */
typedef struct stance_context_cache {
    struct sc_tok *tok;
    size_t cap;
    uint32_t gen;       /* the current document's generation; tokens of others are stale */
    const nm_lexicon *lx;
    /* Every word the lexicon or the word table knows, built from lx when a
       document of a new lexicon begins (stance_context_words.c): a token's
       word, valence and phrase start in one probe, most tokens turned away
       by a bit filter without touching the lexicon's tables. */
    struct sc_index *ix;
    const nm_lexicon *ix_lx;
    uint64_t ix_digest;
} stance_context_cache;

/* Starts a document: the cache covers the tokens of an, for lexicon lx.
   0, or NM_ENOMEM (the cache is then unusable until the next begin). */
int stance_context_cache_begin(stance_context_cache *c, const nm_lexicon *lx,
                               const nm_analysis *an);
void stance_context_cache_free(stance_context_cache *c);

/* stance_context_score with a cache begun on an and lx (NULL: none). Gives
   the same bits as the uncached call. */
double stance_context_score_cached(const nm_lexicon *lx, const char *text, const nm_analysis *an,
                                   size_t start, size_t end, stance_context_cache *c);

/* -1, 0 or +1 from a score, with the neutral band tuned on NewsMTSC train. */
int stance_context_label(double score);

#endif
