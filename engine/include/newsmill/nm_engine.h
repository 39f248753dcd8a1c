/* nm_engine.h: what the newsmill program asks of the engine: run a corpus
 * through a list of operators, merge sharded runs, pack a corpus.
 *
 * The engine knows no operator: callers pass the descriptors (the CLI passes
 * the registry in ops/). */
#ifndef NM_ENGINE_H
#define NM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nm_error.h"
#include "nm_op.h"

const char *nm_version(void);

/* Parses a byte size: "65536", "512K", "64M", "2G", "1.5G" (binary
 * multiples; an optional "iB" or "B" after the letter). Returns 0 or -1. */
int nm_parse_size(const char *text, uint64_t *bytes);

typedef enum nm_on_error { NM_ON_ERROR_SKIP, NM_ON_ERROR_FAIL } nm_on_error;

/* One operator chosen for a run, with its options as given by the user
 * ("KEY=VALUE" strings, already split from "OP.KEY=VALUE"). */
typedef struct nm_op_choice {
    const nm_op *op;
    const char **settings;   /* "KEY=VALUE", n_settings of them */
    size_t n_settings;
} nm_op_choice;

/* What a finished run counted, for the caller's closing words. */
typedef struct nm_run_summary {
    uint64_t read, processed, skipped;  /* lines: read = processed + skipped */
    uint64_t damaged;                   /* damaged frames or unreadable inputs */
} nm_run_summary;

typedef struct nm_run_config {
    const char *const *inputs;  /* files, directories or "-" */
    size_t n_inputs;
    const char *out_dir;        /* created if missing */
    const nm_op_choice *ops;
    size_t n_ops;
    unsigned threads;           /* 0: all cores */
    nm_on_error on_error;
    uint64_t max_line;          /* bytes; 0: 64 MiB */
    const char *field_text, *field_id, *field_title, *field_date; /* NULL: defaults */
    uint32_t shard_index, shard_count;  /* shard_count 0 or 1: no sharding */
    bool quiet;                 /* no progress line */
    int argc;                   /* the command line, recorded in run.json */
    char *const *argv;
    nm_run_summary *summary;    /* optional: filled in when the run succeeds */
} nm_run_config;

/* Runs the corpus. Returns 0 (also when bad lines were skipped), NM_EUSAGE for
 * a bad option (exit 2), or another negative code when the run failed (exit 1);
 * err then holds the one-line message. */
int nm_run(const nm_run_config *cfg, nm_err *err);

/* Parses one operator's settings into a config block, as nm_run does: for
 * `newsmill ops` and tests. *config is malloc'd (free with nm_config_free). */
int nm_config_parse(const nm_op *op, const char *const *settings, size_t n_settings,
                    void **config, nm_err *err);
void nm_config_free(const nm_op *op, void *config);

/* Merges the outputs of sharded runs (run with --shard I/N, all N of them,
 * any order) into out_dir, byte-identical to the unsharded run. ops is the
 * registry to find the shards' operators in. */
int nm_merge(const char *out_dir, const char *const *shard_dirs, size_t n_shards,
             const nm_op *const *registry, size_t n_registry, bool quiet, nm_err *err);

typedef struct nm_pack_config {
    const char *const *inputs;  /* as for nm_run: files, directories, "-" */
    size_t n_inputs;
    const char *out_path;       /* "-" for standard output */
    size_t frame_size;          /* max uncompressed bytes per frame; 0: 1 MiB */
    int level;                  /* zstd level; 0: 19 */
    unsigned threads;           /* frames compressed in parallel; 0: all cores */
    bool quiet;
} nm_pack_config;

/* Writes the inputs' lines as a multi-frame .jsonl.zst: frames of at most
 * frame_size uncompressed bytes, cut at line boundaries (a longer line gets a
 * frame of its own), each with content size and checksum. Output is written
 * under a temporary name and renamed when complete. */
int nm_pack(const nm_pack_config *cfg, nm_err *err);

#endif
