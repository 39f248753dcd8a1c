/* nm_op.h: the operator contract.
 *
 * An operator is one static const nm_op descriptor (see ops/ops.def). The
 * engine parses the operator's options into a zeroed config block, calls
 * prepare once, gives every worker thread a zeroed, cache-line aligned state
 * of state_size bytes (init/fini), calls doc for each document on the thread
 * that owns the state, merges thread states in a fixed order, and calls emit
 * once, single-threaded, to write the corpus-level aggregate.
 *
 * Lifetimes: config and shared data are read-only after prepare and outlive
 * every state. fini and release are always called, even after a failed init or
 * prepare (on zeroed memory at worst), so cleanup never needs to know how far
 * setup got. Any callback may be NULL when the operator has nothing to do. */
#ifndef NM_OP_H
#define NM_OP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nm_analysis.h"
#include "nm_buf.h"
#include "nm_doc.h"
#include "nm_error.h"

typedef enum nm_opt_type {
    NM_OPT_INT,    /* int64_t, within [min, max] */
    NM_OPT_SIZE,   /* uint64_t bytes, written "512M", "2G", "65536"; within [min, max] */
    NM_OPT_DOUBLE, /* double, within [min, max] */
    NM_OPT_BOOL,   /* bool: 0/1, true/false, yes/no, on/off */
    NM_OPT_ENUM,   /* int: index of the value within choices ("sentence|doc") */
    NM_OPT_STRING, /* const char *, NULL when the default is NULL */
    NM_OPT_PATH    /* const char *, a file path; NULL when unset */
} nm_opt_type;

typedef struct nm_opt {
    const char *name;     /* the KEY in --set OP.KEY=VALUE */
    nm_opt_type type;
    size_t offset;        /* offsetof(config struct, field) */
    const char *def;      /* default as text, parsed like a user value; NULL = none */
    double min, max;      /* bounds for INT, SIZE and DOUBLE (inclusive) */
    const char *choices;  /* ENUM: values separated by '|' */
    const char *help;     /* one line */
} nm_opt;

/* A field an operator writes, for `newsmill ops` and the README. */
typedef struct nm_field {
    const char *name;
    const char *type;     /* "int", "number", "string", "object", "array", ... */
    const char *help;
} nm_field;

/* What every callback may read. */
typedef struct nm_op_env {
    const void *config;    /* the parsed option block (config_size bytes) */
    const void *shared;    /* what prepare returned */
    const char *tmp_dir;   /* a private directory for spill files, removed after the run */
    unsigned threads;      /* worker threads in this run */
    unsigned thread;       /* this state's thread index (init, doc); 0 elsewhere */
} nm_op_env;

typedef struct nm_op {
    const char *name;          /* [a-z_]+, unique */
    const char *summary;       /* one line */
    const nm_opt *options;     /* terminated by an entry with name == NULL */
    size_t config_size;

    const nm_field *doc_fields;       /* fields of the per-document object; NULL: the
                                         operator writes nothing per document */
    const nm_field *aggregate_fields; /* fields of <name>.jsonl lines; NULL: no aggregate file */
    const char *aggregate_order;      /* how <name>.jsonl is sorted, one line */

    /* Loads what every thread reads (lexicons, dictionaries) into *shared. */
    int (*prepare)(const void *config, void **shared, nm_err *err);
    void (*release)(void *shared);

    size_t state_size;
    int (*init)(const nm_op_env *env, void *state, nm_err *err);
    void (*fini)(const nm_op_env *env, void *state);

    /* Called once per document on the state's own thread. When doc_fields is
     * set, writes exactly one JSON value (normally an object) to out: the
     * engine has already written the key "<name>". Updates the aggregate. */
    int (*doc)(const nm_op_env *env, void *state, const nm_doc *doc,
               const nm_analysis *an, nm_jw *out, nm_err *err);

    /* Folds from into into. Must be associative and give the same result
     * whichever documents went to which state. from is finalised with fini
     * afterwards by the engine. */
    int (*merge)(const nm_op_env *env, void *into, void *from, nm_err *err);

    /* Writes the aggregate lines of <name>.jsonl to out, in aggregate_order. */
    int (*emit)(const nm_op_env *env, void *state, FILE *out, nm_err *err);

    /* Shards: save writes the complete mergeable aggregate (before any top or
     * min_count filter) to a file; load folds such a file into a state. A
     * sharded run saves, `newsmill merge` loads every shard's file, then
     * emits. Required when aggregate_fields is set. */
    int (*save)(const nm_op_env *env, void *state, FILE *out, nm_err *err);
    int (*load)(const nm_op_env *env, void *state, FILE *in, const char *path, nm_err *err);
} nm_op;

#endif
