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

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"

/* The text's stance toward the byte span [start, end) of text: a score in [-1, 1]
   (negative = the text is negative toward the span). an is the shared analysis of text.
   Pure function of its inputs; no allocation; thread-safe. */
double stance_context_score(const nm_lexicon *lx, const char *text, const nm_analysis *an,
                            size_t start, size_t end);

/* -1, 0 or +1 from a score, with the neutral band tuned on NewsMTSC train. */
int stance_context_label(double score);

#endif
