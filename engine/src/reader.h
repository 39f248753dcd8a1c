/* reader.h: turns the run's inputs into chunks of whole lines, in input order.
 *
 * Inputs are files (.jsonl.zst / .zst: one zstd frame or many; anything else:
 * plain JSONL, told apart by the zstd magic number, not the name), directories
 * (every *.jsonl.zst, *.zst and *.jsonl inside, sorted by name, not recursive)
 * and "-" for standard input. Each chunk holds whole lines of one input only,
 * with the 1-based number of its first line in that input's decompressed
 * stream, so every line can be reported as file:line.
 *
 * Damage is data, not a crash: a corrupt frame, a truncated file, a line over
 * max_line or an unreadable input becomes an nm_read_event attached to the
 * chunk it precedes (a chunk may carry events and no lines), and reading resumes at the
 * next frame (the next frame magic number) or the next input.
 *
 * Memory is bounded: a single-frame or stdin stream is decompressed
 * incrementally; a multi-frame file is mapped and its frames decompressed in
 * parallel (OpenMP tasks) a window at a time. nm_reader_next is called by one
 * thread at a time. */
#ifndef NM_READER_H
#define NM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newsmill/nm_error.h"

typedef enum nm_read_event_kind {
    NM_EV_BAD_LINE,    /* one input line skipped (over max_line): counts as a read, skipped line */
    NM_EV_DAMAGE,      /* a corrupt or truncated frame, unreadable bytes: no line count */
    NM_EV_INPUT_ERROR  /* an input could not be opened or read at all */
} nm_read_event_kind;

typedef struct nm_read_event {
    nm_read_event_kind kind;
    uint32_t input;        /* index into nm_reader_input_path() */
    uint64_t line;         /* 1-based line number, 0 when unknown */
    char msg[256];         /* e.g. "corrupt zstd frame at byte 1234 (frame 7): lines lost" */
} nm_read_event;

typedef struct nm_chunk {
    char *data;            /* whole lines, each ending in '\n' (the reader adds one to a
                              last line without it); owned by the chunk */
    size_t len;
    size_t cap;
    uint32_t input;        /* which input the lines come from */
    uint64_t first_line;   /* 1-based line number of data's first line */
    uint64_t n_lines;      /* lines in data (count of '\n') */
    nm_read_event *events; /* events that come before these lines in input order */
    size_t n_events;
    size_t cap_events;
} nm_chunk;

typedef struct nm_reader_opts {
    size_t chunk_bytes;    /* target chunk size (default 2 MiB); a chunk may be larger
                              when a single line is */
    size_t max_line;       /* longer lines are skipped with an NM_EV_BAD_LINE event */
    unsigned threads;      /* parallelism for frame decompression (tasks) */
} nm_reader_opts;

typedef struct nm_reader nm_reader;

/* Expands directories and checks that every input exists and is readable.
 * A missing input or an empty directory is an NM_EIO error naming the path.
 * On failure *out is NULL. inputs are borrowed for the reader's life. */
int nm_reader_open(nm_reader **out, const char *const *inputs, size_t n_inputs,
                   const nm_reader_opts *opts, nm_err *err);
void nm_reader_free(nm_reader *r);          /* NULL is a no-op */

/* The expanded input list: paths in reading order ("-" for stdin). */
size_t nm_reader_input_count(const nm_reader *r);
const char *nm_reader_input_path(const nm_reader *r, size_t i);
/* Size of input i on disk (compressed bytes; 0 for stdin until read) and the
 * decompressed bytes read from it so far. */
uint64_t nm_reader_input_bytes(const nm_reader *r, size_t i);
uint64_t nm_reader_input_decompressed(const nm_reader *r, size_t i);
/* Total bytes of all inputs on disk when known (for progress ETA), else 0;
 * and compressed bytes consumed so far. */
uint64_t nm_reader_total_bytes(const nm_reader *r);
uint64_t nm_reader_consumed_bytes(const nm_reader *r);
/* Thread-seconds spent so far reading, decompressing and cutting lines:
 * nm_reader_next's own time plus every frame's decompression on whichever
 * thread ran it, without the time spent waiting for (or running other)
 * tasks meanwhile. For run.json's seconds.ingest. */
double nm_reader_busy_seconds(const nm_reader *r);

/* Fills *chunk (reusing its buffers; zero-initialise it before first use)
 * with the next lines. Returns 1 when chunk holds lines or events (or both),
 * 0 at the end of all input (chunk then holds nothing), or a negative NM_E*
 * code for a failure that stops the run (out of memory). A complete last line
 * without '\n' in a plain file is a line; in a truncated zstd stream the
 * partial last line is dropped and reported as damage. */
int nm_reader_next(nm_reader *r, nm_chunk *chunk, nm_err *err);

void nm_chunk_free(nm_chunk *c);            /* frees buffers; the struct is reusable */

#endif
