/* sentiment_internal.h: the sentiment operator's pieces: configuration,
 * shared model, per-thread state, and the per-date aggregate with its exact
 * sums (sentiment_agg.c). Not part of any interface outside ops/sentiment. */
#ifndef NM_SENTIMENT_INTERNAL_H
#define NM_SENTIMENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "newsmill/nm_days.h"
#include "newsmill/nm_error.h"
#include "newsmill/nm_lexicon.h"
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

/* ---- exact sums -------------------------------------------------------------------
 * A sum of doubles kept exactly, as an integer in units of 2^-1074 (the
 * smallest subnormal) spread over 32-bit digits held in int64 limbs with
 * room for carries. Adding is exact, so the total does not depend on the
 * order of the additions: thread and shard splits give the same bits. */
#define SENT_XSUM_LIMBS 70

typedef struct sent_xsum {
    int64_t limb[SENT_XSUM_LIMBS];
    uint32_t pending;  /* additions since the last carry propagation */
} sent_xsum;

void sent_xsum_add(sent_xsum *x, double v);        /* v finite */
void sent_xsum_merge(sent_xsum *into, sent_xsum *from);
double sent_xsum_value(sent_xsum *x);              /* correctly rounded (ties to even) */
/* Canonical text: "0", or [-]HEXpSHIFT: value = +-0xHEX * 2^(SHIFT - 1074), HEX odd. */
void sent_xsum_write(sent_xsum *x, FILE *out);
int sent_xsum_parse(sent_xsum *x, const char *s, size_t n); /* adds the value; 0 or -1 */

/* ---- the per-date aggregate ------------------------------------------------------ */

/* Day key: yyyymmdd, or 0 for documents without a usable date. */
typedef struct sent_day {
    uint32_t key;
    uint64_t docs;
    sent_xsum compound, tone;
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
