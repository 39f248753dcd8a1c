/* run_internal.h: the state of one `newsmill run`, shared by the files that
 * set it up (run.c), drive the parallel pipeline (pipeline.c) and report it
 * (run_report.c). */
#ifndef NM_RUN_INTERNAL_H
#define NM_RUN_INTERNAL_H

#include <omp.h>
#include <stdbool.h>
#include <stdint.h>

#include "line_parse.h"
#include "newsmill/nm_engine.h"
#include "out_file.h"
#include "reader.h"

/* One operator of the run: its parsed options, prepared data and the
 * per-thread states. */
typedef struct nm_run_op {
    const nm_op *op;
    void *config;
    void *shared;
    bool prepared;
    void **states;        /* threads entries, each cache-line aligned and zeroed */
    bool *inited;
    double seconds;       /* time spent in this operator's doc calls, all threads */
    double agg_seconds;   /* its merge and emit (or save), wall */
} nm_run_op;

/* A chunk of input in flight, with what processing it produced. */
typedef struct nm_batch {
    nm_chunk chunk;
    uint64_t seq;
    nm_buf docs;          /* docs.jsonl lines */
    nm_buf errors;        /* errors.jsonl lines */
    nm_buf docs_pos;      /* shard runs: input position of each docs line */
    nm_buf errors_pos;    /* shard runs: sort key of each errors line */
    uint64_t read, processed, skipped, damage;
    uint64_t text_bytes;  /* bytes of document text processed */
    bool failed_line;     /* --on-error fail: a bad line or damage was found */
    nm_err err;           /* the reason for failed_line, or a fatal error */
    bool done;            /* processed, waiting for its turn to be written */
    double op_seconds[16];
    double parse_seconds;    /* JSON lines -> documents */
    double analysis_seconds; /* nm_analyze */
} nm_batch;

/* Per-thread working memory. */
typedef struct nm_worker {
    nm_analyzer *az;
} nm_worker;

typedef struct nm_run_state {
    const nm_run_config *cfg;
    nm_field_names fields;
    unsigned threads;
    nm_reader *reader;
    nm_run_op *ops;
    size_t n_ops;
    nm_worker *workers;
    char *tmp_dir;        /* spill space for operators */

    /* pipeline */
    nm_batch *slots;      /* a ring of `window` batches */
    unsigned window;
    uint64_t produced;    /* batches handed to workers */
    uint64_t written;     /* batches written to the outputs, in order */
    omp_lock_t write_lock;
    int stop;             /* set (atomically) to stop reading and processing */
    nm_err stop_err;      /* why, earliest in input order */

    /* input positions: the ordinal of line 1 of each input */
    uint64_t *input_base;
    uint64_t *input_lines;   /* lines seen so far in each input */
    uint64_t *input_docs;    /* processed documents per input */
    size_t cur_input;

    /* outputs */
    nm_out docs_out, errors_out, docs_pos_out, errors_pos_out;
    uint64_t read, processed, skipped, damage, text_bytes, out_bytes;

    /* timing */
    double t_start, t_process, t_merge, t_emit;
    double parse_seconds, analysis_seconds;  /* summed over threads */
    double last_progress;
    bool progress_shown;
} nm_run_state;

/* pipeline.c: reads every chunk, processes batches on all threads, writes
 * docs and errors in input order. Returns 0 or the error that stopped it. */
int nm_pipeline_run(nm_run_state *R, nm_err *err);

/* run_report.c: writes run.json. */
int nm_run_report(const nm_run_state *R, nm_err *err);

/* Shard positions: a document's or bad line's sort key, and a damage
 * report's (which sorts before the line it precedes). */
static inline uint64_t nm_pos_line(uint64_t ordinal) { return ordinal * 2 + 1; }
static inline uint64_t nm_pos_damage(uint64_t ordinal) { return ordinal * 2; }

static inline bool nm_run_sharded(const nm_run_config *cfg) { return cfg->shard_count > 1; }

#endif
