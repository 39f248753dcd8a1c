/* sentiment_internal.h: the sentiment operator's pieces: configuration,
 * shared model, per-thread state, and the per-date aggregate with its exact
 * sums (sentiment_agg.c, nm_xsum). Not part of any interface outside ops/sentiment. */
#ifndef NM_SENTIMENT_INTERNAL_H
#define NM_SENTIMENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_days.h"
#include "newsmill/nm_error.h"
#include "newsmill/nm_lexicon.h"
#include "newsmill/nm_xsum.h"
#include "vader.h"

enum { SENT_UNIT_SENTENCE = 0, SENT_UNIT_DOC = 1 };

typedef struct sentiment_config {
    char *lexicon;  /* NULL: the built-in lexicon */
    int format;     /* nm_lexicon_format */
    char *emoji;    /* NULL: no emoji substitution */
    int unit;       /* SENT_UNIT_* */
    bool detail;    /* unit=sentence: per-sentence compounds */
} sentiment_config;

typedef struct sentiment_shared {
    nm_lexicon *lex;
    vader_model *model;
    uint64_t digest;  /* what the scores depend on: lexicon, emoji, unit (state files) */
} sentiment_shared;

/* ---- tone (sentiment_tone.c) --------------------------------------------------- */

typedef struct sent_tone {
    size_t words;
    double positive_pct, negative_pct, tone, polarity;
} sent_tone;

/* GDELT-style tone of the analysis; hint (n_tokens entries) receives each
 * token's lookup for the VADER scorer. */
void sent_tone_compute(const sentiment_shared *sh, const nm_analysis *an, vader_hint *hint,
                       sent_tone *out);

/* ---- the per-date aggregate ------------------------------------------------------ */

/* Day key: yyyymmdd, or 0 for documents without a usable date. */
typedef struct sent_day {
    uint32_t key;
    uint64_t docs;
    nm_xsum compound, tone;
} sent_day;

typedef struct sent_agg {
    nm_day_table days;  /* sent_day records */
} sent_agg;

int sent_agg_add(sent_agg *a, uint32_t key, double compound, double tone);
int sent_agg_merge(sent_agg *into, sent_agg *from);
void sent_agg_free(sent_agg *a);
int sent_agg_emit(sent_agg *a, FILE *out, nm_err *err);
int sent_agg_save(sent_agg *a, uint64_t digest, FILE *out, nm_err *err);
int sent_agg_load(sent_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err);

#endif
