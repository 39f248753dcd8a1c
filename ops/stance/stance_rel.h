/* stance_rel.h: what the two relation files share. stance_rel.c finds
 * subjects, frames and objects of verbs; stance_rel_forms.c relates
 * mentions through the other shapes of st_shape with the same pieces.
 * Internal to the stance operator. */
#ifndef NM_STANCE_REL_H
#define NM_STANCE_REL_H

#include "stance_internal.h"

#define ST_MAX_SIDE 6

typedef struct st_rel_ctx {
    const st_words_index *wi;
    const nm_analysis *an;
    const st_find_config *cfg;
    st_scratch *sc;
} st_rel_ctx;

static inline uint32_t st_rel_cls(const st_rel_ctx *c, size_t i)
{
    return st_word_cls(c->wi, &c->sc->w[i]);
}

/* A ';', ':' or bracket in the text between words i - 1 and i. */
bool st_rel_hard_gap(const st_rel_ctx *c, size_t i);
/* A comma in the text between words i - 1 and i. */
bool st_rel_comma_gap(const st_rel_ctx *c, size_t i);
/* m and the mentions coordinated with it ("A and B", "A, B") into side[]
 * (at most ST_MAX_SIDE); dir -1 looks left, +1 right. Returns how many. */
size_t st_rel_coordinated(const st_rel_ctx *c, int32_t m, int dir, int32_t *side);
/* The subject of the verb at word v (sentence words from s0): a mention,
 * the speaker, or -1; *subj_end: the word after the subject. */
int32_t st_rel_source(const st_rel_ctx *c, size_t v, size_t s0, size_t *subj_end);
/* Frame words from word i on: the word where the target starts, 0 when the
 * frame does not match. */
size_t st_rel_frame(const st_rel_ctx *c, const char *frame, size_t i, size_t end);
/* The mention that starts at word i after determiners and at most two
 * plain words, or -1. */
int32_t st_rel_target(const st_rel_ctx *c, size_t i, size_t end);
/* Negation, modality, threat / vow between words from and v. */
void st_rel_modality(const st_rel_ctx *c, size_t from, size_t v, bool *neg, bool *modal,
                     int *kind);
/* Adds src -> tgt with row vrow anchored at word v (dropped when both are the
 * same id or the same pair was related at v already). 0 or NM_ENOMEM. */
int st_rel_add(const st_rel_ctx *c, int32_t src, int32_t tgt, size_t vrow, size_t v,
               int polarity, const char *code, bool negated, bool modal, bool passive);
/* Relations of the non-verb row vrow (st_verbs[vrow].shape != ST_V_VERB) at
 * word v of the sentence [s0, s1); as_verb: no article before it and no
 * "X-" part. 0 or NM_ENOMEM. */
int st_rel_form(const st_rel_ctx *c, size_t v, size_t s0, size_t s1, size_t vrow, bool as_verb);
/* Whether word v is the part after the hyphen of a token whose part before
 * ends a mention ("Turkish-backed"): such a word is a modifier, no verb. */
bool st_rel_hyphen_modifier(const st_rel_ctx *c, size_t v);

#endif
