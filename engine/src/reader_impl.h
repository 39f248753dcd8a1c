/* reader_impl.h: the reader's insides, shared by reader.c (inputs, line
 * cutting, events), reader_zstd.c (frame walking, parallel and streaming
 * decompression, resynchronisation) and input_list.c (expanding inputs).
 *
 * The model: each input is a source of decompressed bytes ("pend"), produced a
 * block at a time by the mode-specific code and fed to one line cutter that
 * builds the chunk. Damage is reported by dropping the line in progress and
 * emitting an event; the cutter never sees a half-line across a lost frame. */
#ifndef NM_READER_IMPL_H
#define NM_READER_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zstd.h>

#include "reader.h"

#define NM_RD_ZSTD_MAGIC 0xFD2FB528u
#define NM_RD_SKIP_MAGIC 0x184D2A50u      /* 0x184D2A50 .. 0x184D2A5F */
#define NM_RD_SKIP_MASK 0xFFFFFFF0u

/* A frame whose declared content is larger than this is streamed, not
 * decompressed whole; a window of frames holds at most this much too. */
#define NM_RD_FRAME_MAX ((size_t)16 << 20)
/* A window is filled to at least this many bytes (or 2 x threads frames,
 * whichever comes later) so tiny frames do not cost a parallel region each. */
#define NM_RD_WINDOW_MIN ((size_t)4 << 20)
#define NM_RD_WINDOW_FRAMES_MAX 4096

/* The expanded input list (input_list.c). */
typedef struct nm_rd_inputs {
    char **paths;        /* owned copies; "-" for standard input */
    uint64_t *sizes;     /* st_size for regular files, else 0 */
    size_t n;
    bool unknown_size;   /* some input is stdin or not a regular file */
} nm_rd_inputs;

int nm_rd_inputs_expand(nm_rd_inputs *out, const char *const *inputs, size_t n_inputs,
                        nm_err *err);
void nm_rd_inputs_free(nm_rd_inputs *in);

/* Buffered reading from a file descriptor, with compaction so a scan can keep
 * the last few bytes across refills. base is the input offset of buf[0]. */
typedef struct nm_rd_fdbuf {
    int fd;
    bool own_fd;         /* false for standard input */
    unsigned char *buf;
    size_t cap, len, pos;
    uint64_t base;
    bool eof;
    int err;             /* errno of a failed read */
} nm_rd_fdbuf;

/* Reads more bytes after buf[len), first moving buf[pos..len) to the front.
 * Returns the number of new bytes, 0 at end of file or on error (see err). */
size_t nm_rd_fdbuf_fill(nm_rd_fdbuf *b);

typedef enum nm_rd_mode {
    NM_RD_IDLE,          /* no input open */
    NM_RD_PLAIN,         /* plain text read from fd */
    NM_RD_MAP,           /* zstd file mapped: frame windows and per-frame streaming */
    NM_RD_FDZ            /* zstd streamed from fd (stdin, pipes, unmappable files) */
} nm_rd_mode;

/* One frame of a decompression window. */
typedef struct nm_rd_wframe {
    size_t src_off, csize;   /* in the mapped file */
    size_t dst_off, dsize;   /* in the window buffer */
    uint64_t frame_no;       /* 1-based among the input's frames */
    size_t result;           /* ZSTD_decompressDCtx's return */
    double seconds;          /* time decompressing it, on the thread that did */
    bool oom;                /* no decompression context could be made */
} nm_rd_wframe;

struct nm_reader {
    nm_rd_inputs in;
    size_t chunk_bytes, max_line;
    unsigned threads;

    /* statistics: written by the reading thread, readable from any */
    _Atomic uint64_t *decompressed;     /* per input */
    _Atomic uint64_t *disk_bytes;       /* per input (stdin: grows as read) */
    _Atomic uint64_t consumed;          /* all inputs */
    uint64_t consumed_done;             /* inputs finished before the current one */
    uint64_t in_consumed;               /* compressed bytes of the current input */
    uint64_t total_bytes;
    double busy_seconds;                /* see nm_reader_busy_seconds */

    /* the current input */
    size_t cur;
    nm_rd_mode mode;
    uint64_t line_no;        /* number of the next line to start (1-based) */
    bool skipping;           /* inside an over-long line, dropping up to '\n' */
    size_t line_start;       /* offset in the chunk where the line in progress starts */
    const char *pend;        /* decompressed bytes not yet fed to the cutter */
    size_t pend_n;
    nm_rd_fdbuf fb;
    uint64_t frame_no;       /* frames started in this input */

    /* zstd: mapped file */
    const unsigned char *map;
    size_t map_len;
    size_t walk_pos;         /* next frame to walk */
    nm_rd_wframe *win;
    size_t win_n, win_cap, win_cur;
    char *win_buf;
    size_t win_buf_cap;
    ZSTD_DCtx **dctx;        /* one per OpenMP thread number, made on first use */
    size_t n_dctx;

    /* zstd: streaming (fd, or one frame of a mapped file) */
    ZSTD_DCtx *sdctx;
    char *sout;
    size_t sout_cap;
    bool streaming;          /* MAP: the frame at s_pos is being streamed */
    size_t s_pos;            /* MAP: position in the map while streaming */
    uint64_t frame_start;    /* input offset where the current frame began */
    bool frame_open;         /* bytes of a frame consumed, its end not yet seen */
    bool out_full;           /* the last call filled sout: more may be buffered */
    bool resync;             /* FDZ: looking for the next frame magic number */
    uint64_t resync_from;    /* FDZ: input offset to start looking at */

    /* the call in progress */
    nm_chunk *chunk;
    bool stop;               /* return the chunk now */
    nm_read_event *pending;  /* events that belong to the next chunk */
    size_t n_pending, cap_pending;
    nm_err *err;
};

/* reader.c, for reader_zstd.c */
/* Drops the line in progress (damage); returns how many bytes it had. */
size_t nm_rd_drop_partial(nm_reader *r);
/* Records an event before the next lines; returns 0 or NM_ENOMEM. */
int nm_rd_event(nm_reader *r, nm_read_event_kind kind, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void nm_rd_add_consumed(nm_reader *r, uint64_t n);

/* reader_zstd.c */
/* Produces the next decompressed bytes into r->pend (or emits damage).
 * Returns 1 on progress, 0 at the end of the input, or NM_ENOMEM. */
int nm_rd_zstd_produce(nm_reader *r);
/* Starts reading a mapped zstd file / a zstd stream from r->fb. */
int nm_rd_zstd_begin(nm_reader *r);
/* Releases per-input zstd state (the map); contexts are kept for reuse. */
void nm_rd_zstd_end(nm_reader *r);
/* Releases everything at reader free. */
void nm_rd_zstd_free(nm_reader *r);

static inline uint32_t nm_rd_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline bool nm_rd_is_zstd_magic(uint32_t m)
{
    return m == NM_RD_ZSTD_MAGIC || (m & NM_RD_SKIP_MASK) == NM_RD_SKIP_MAGIC;
}

#endif
