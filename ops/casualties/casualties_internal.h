/* casualties_internal.h: the casualties operator's pieces: the mention
 * record, the rules that find mentions in one analysed document
 * (cas_rules.c), the document totals (cas_totals.c) and the per-date
 * aggregate with its state file (cas_agg.c). Internal to ops/casualties;
 * the unit tests include it to test each construction on its own. */
#ifndef NM_CASUALTIES_INTERNAL_H
#define NM_CASUALTIES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "newsmill/nm_days.h"
#include "newsmill/nm_analysis.h"
#include "newsmill/nm_error.h"
#include "newsmill/nm_number.h"

typedef enum cas_cat {
    CAS_KILLED, CAS_WOUNDED, CAS_KOW, CAS_CASUALTIES, CAS_MISSING,
    CAS_DISPLACED, CAS_EVACUATED, CAS_ARRESTED, CAS_ABDUCTED, CAS_NCAT
} cas_cat;

typedef enum cas_qual {
    CAS_Q_EXACT, CAS_Q_AT_LEAST, CAS_Q_MORE_THAN, CAS_Q_APPROX, CAS_Q_NEARLY, CAS_Q_UP_TO,
    CAS_Q_FEWER_THAN, CAS_Q_RANGE, CAS_Q_VAGUE, CAS_Q_IMPLICIT_ONE
} cas_qual;

typedef enum cas_vclass {
    CAS_V_CIVILIANS, CAS_V_CHILDREN, CAS_V_WOMEN, CAS_V_SECURITY, CAS_V_ARMED,
    CAS_V_JOURNALISTS, CAS_V_AID, CAS_V_PEACEKEEPERS, CAS_V_PEOPLE
} cas_vclass;

typedef enum cas_scope {
    CAS_S_INCIDENT, CAS_S_DAILY, CAS_S_PERIOD, CAS_S_CUMULATIVE, CAS_S_INCREMENTAL
} cas_scope;

typedef enum cas_hedge {
    CAS_H_NONE, CAS_H_REPORTEDLY, CAS_H_CLAIMED, CAS_H_UNVERIFIED, CAS_H_ESTIMATED,
    CAS_H_PRELIMINARY
} cas_hedge;

extern const char *const cas_cat_names[CAS_NCAT];
extern const char *const cas_qual_names[];
extern const char *const cas_vclass_names[];
extern const char *const cas_scope_names[];
extern const char *const cas_hedge_names[];

/* One figure a reader takes from the text. */
typedef struct cas_mention {
    uint8_t cat, qual, vclass, scope, hedge;
    bool negated;
    bool has_count, has_low, has_high;
    bool other_event;   /* tied to another year or an earlier event: never in the totals */
    bool context;       /* a whole-war or whole-period tally: in the totals only as a fallback */
    bool fallback;      /* claimed or unverified: in the totals only as a fallback */
    bool counted;       /* set by cas_totals: the figure went into its category's total */
    int64_t count, low, high;
    const char *vague;  /* static storage, or NULL */
    int32_t part_of;    /* index of the mention this is a subgroup of, or -1 */
    uint32_t start, end;        /* the figure's bytes */
    uint32_t sent;              /* sentence index */
    uint32_t trig;              /* byte offset of the trigger word: figures sharing one add up */
    uint32_t vic_start, vic_end; /* victim phrase bytes; equal when none */
    uint32_t src_start, src_end; /* source phrase bytes; equal when none */
} cas_mention;

typedef struct cas_total {
    bool present;
    int64_t low, best, high;
} cas_total;

typedef struct cas_words cas_words; /* the word table, built once (cas_rules.c) */

int cas_words_new(cas_words **out, nm_err *err);
void cas_words_free(cas_words *w);

/* Per-thread scratch, reused from document to document; zero it to start. */
typedef struct cas_scratch {
    nm_number_list nums;
    cas_mention *m;
    size_t n, cap;
    uint8_t *mark;       /* per sentence: holds a trigger word */
    size_t mark_cap;
} cas_scratch;

void cas_scratch_free(cas_scratch *s);

/* Finds the mentions of one document into s->m[0, s->n), in text order.
 * doc_year is the document's year (0 when unknown): figures tied to another
 * year are marked other_event. Returns 0 or NM_ENOMEM. */
int cas_extract(const cas_words *w, const nm_analysis *an, unsigned doc_year, cas_scratch *s,
                nm_err *err);

/* Document totals per category from the mentions (marks the counted ones). */
void cas_totals(cas_mention *m, size_t n, cas_total tot[CAS_NCAT]);

/* ---- per-date aggregate ------------------------------------------------------------- */

typedef struct cas_day {
    uint32_t key;    /* yyyymmdd, 0 = undated */
    uint64_t docs;
    uint64_t cat_docs[CAS_NCAT];
    uint64_t low[CAS_NCAT], best[CAS_NCAT], high[CAS_NCAT];
} cas_day;

typedef struct cas_agg {
    nm_day_table days;  /* cas_day records */
} cas_agg;

int cas_agg_add(cas_agg *a, uint32_t key, const cas_total tot[CAS_NCAT]);
int cas_agg_merge(cas_agg *into, const cas_agg *from);
void cas_agg_free(cas_agg *a);
/* cat_mask: which categories the lines carry (bit c = category c). */
int cas_agg_emit(cas_agg *a, unsigned cat_mask, FILE *out, nm_err *err);
int cas_agg_save(cas_agg *a, uint64_t digest, FILE *out, nm_err *err);
int cas_agg_load(cas_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err);

#endif
