/* pack.c: `newsmill pack`: rewrites a corpus as a multi-frame .jsonl.zst.
 *
 * The inputs are read with the reader (files, directories, stdin, plain or
 * zstd of any framing) and their lines regrouped into frames of at most
 * frame_size uncompressed bytes, cut only at line ends, so every frame starts
 * at an article. A line longer than frame_size gets a frame of its own. Each
 * frame is compressed on its own (content size and checksum recorded) by one
 * of several threads, a batch of frames at a time, and the frames are written
 * in input order: the output is one ordinary zstd stream for `zstd -d`, and a
 * set of independently decodable frames for the reader's parallel path.
 *
 * Lines are packed as they are, not checked: a last line without '\n' gains
 * one (the reader completes it). Damage in the inputs (a corrupt or truncated
 * frame, an unreadable input) is printed as a warning on stderr (even with
 * quiet, which only silences the summary line: data loss is never silent),
 * everything readable is written, and nm_pack returns 0, as a run with
 * skipped lines does. The output appears under its name only when complete. */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zstd.h>

#include "newsmill/nm_engine.h"
#include "out_file.h"
#include "reader.h"

#define NM_PACK_DEFAULT_FRAME ((size_t)1 << 20)
#define NM_PACK_DEFAULT_LEVEL 19
/* Pack keeps long lines rather than judging them; this only bounds memory
 * when an input has no line ends at all. */
#define NM_PACK_MAX_LINE ((size_t)1 << 30)

typedef struct pack_frame {
    char *src;
    size_t len, cap;
    char *dst;
    size_t dst_cap;
    size_t result;     /* compressed size or a zstd error code */
    bool oom;
} pack_frame;

typedef struct pack_state {
    const nm_pack_config *cfg;
    size_t frame_size;
    unsigned threads;
    pack_frame *frames;  /* a batch: 2 x threads frames */
    size_t n_frames, nb; /* closed frames in the batch, batch size */
    ZSTD_CCtx **cctx;    /* one per thread */
    FILE *out;
    const char *out_name;
    uint64_t lines, frames_written, bytes_in, bytes_out;
} pack_state;

static int frame_append(pack_frame *f, const char *p, size_t n, nm_err *err)
{
    if (f->cap - f->len < n) {
        size_t cap = f->cap ? f->cap : 4096;
        while (cap - f->len < n)
            cap *= 2;
        char *s = realloc(f->src, cap);
        if (s == NULL)
            return nm_err_set(err, NM_ENOMEM, "out of memory (frame of %zu bytes)", cap);
        f->src = s;
        f->cap = cap;
    }
    memcpy(f->src + f->len, p, n);
    f->len += n;
    return 0;
}

static ZSTD_CCtx *make_cctx(int level)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    if (c == NULL)
        return NULL;
    if (ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1))) {
        ZSTD_freeCCtx(c);
        return NULL;
    }
    return c;
}

/* Compresses one frame; runs on any thread, touching only frame i and the
 * thread's own context. */
static void compress_one(pack_state *s, size_t i, size_t tid)
{
    pack_frame *f = &s->frames[i];
    const size_t bound = ZSTD_compressBound(f->len);
    if (f->dst_cap < bound) {
        char *d = realloc(f->dst, bound);
        if (d == NULL) {
            f->oom = true;
            return;
        }
        f->dst = d;
        f->dst_cap = bound;
    }
    f->result = ZSTD_compress2(s->cctx[tid], f->dst, f->dst_cap, f->src, f->len);
}

/* Compresses the batch's closed frames in parallel, then writes them in
 * order. */
static int batch_flush(pack_state *s, nm_err *err)
{
    const size_t n = s->n_frames;
    if (n == 0)
        return 0;
    const int nt = (int)(s->threads < n ? s->threads : n);
    if (nt <= 1) {
        for (size_t i = 0; i < n; i++)
            compress_one(s, i, 0);
    } else {
        const int ni = (int)n; /* n <= 2 x threads */
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) default(shared)
        for (int i = 0; i < ni; i++)
            compress_one(s, (size_t)i, (size_t)omp_get_thread_num());
    }
    for (size_t i = 0; i < n; i++) {
        pack_frame *f = &s->frames[i];
        if (f->oom)
            return nm_err_set(err, NM_ENOMEM, "out of memory (compressed frame)");
        if (ZSTD_isError(f->result))
            return nm_err_set(err, NM_EIO, "zstd compression failed for %s: %s", s->out_name,
                              ZSTD_getErrorName(f->result));
        if (fwrite(f->dst, 1, f->result, s->out) != f->result)
            return nm_err_set(err, NM_EIO, "cannot write %s: %s", s->out_name, strerror(errno));
        s->frames_written++;
        s->bytes_in += f->len;
        s->bytes_out += f->result;
        f->len = 0;
        f->oom = false;
    }
    s->n_frames = 0;
    return 0;
}

static int frame_close(pack_state *s, nm_err *err)
{
    s->n_frames++;
    return s->n_frames == s->nb ? batch_flush(s, err) : 0;
}

/* Spreads a chunk's lines over frames: as many whole lines as fit, a new
 * frame when the next line does not, an over-long line alone. */
static int pack_chunk(pack_state *s, const nm_chunk *c, nm_err *err)
{
    const char *p = c->data;
    size_t left = c->len;
    s->lines += c->n_lines;
    while (left) {
        pack_frame *f = &s->frames[s->n_frames];
        const size_t room = f->len < s->frame_size ? s->frame_size - f->len : 0;
        int rc;
        if (left <= room)
            return frame_append(f, p, left, err);
        const char *nl = room ? memrchr(p, '\n', room) : NULL;
        size_t take;
        if (nl) {
            take = (size_t)(nl - p) + 1;
        } else if (f->len > 0) {
            if ((rc = frame_close(s, err)) != 0)
                return rc;
            continue;
        } else {
            nl = memchr(p, '\n', left); /* chunk lines always end in '\n' */
            take = nl ? (size_t)(nl - p) + 1 : left;
        }
        if ((rc = frame_append(f, p, take, err)) != 0 || (rc = frame_close(s, err)) != 0)
            return rc;
        p += take;
        left -= take;
    }
    return 0;
}

static void pack_warn(const nm_reader *r, const nm_chunk *c)
{
    for (size_t i = 0; i < c->n_events; i++) {
        const nm_read_event *e = &c->events[i];
        const char *path = nm_reader_input_path(r, e->input);
        if (e->line)
            fprintf(stderr, "newsmill pack: warning: %s:%llu: %s\n", path ? path : "?",
                    (unsigned long long)e->line, e->msg);
        else
            fprintf(stderr, "newsmill pack: warning: %s: %s\n", path ? path : "?", e->msg);
    }
}

static int pack_all(pack_state *s, nm_reader *r, nm_err *err)
{
    nm_chunk chunk;
    memset(&chunk, 0, sizeof chunk);
    int rc;
    while ((rc = nm_reader_next(r, &chunk, err)) > 0) {
        pack_warn(r, &chunk);
        if ((rc = pack_chunk(s, &chunk, err)) != 0)
            break;
    }
    nm_chunk_free(&chunk);
    if (rc != 0)
        return rc;
    /* An empty corpus still gets one (empty) frame: a valid zstd file. */
    if (s->frames[s->n_frames].len > 0 || (s->n_frames == 0 && s->frames_written == 0))
        s->n_frames++;
    return batch_flush(s, err);
}

static int open_output(pack_state *s, nm_out *o, nm_err *err)
{
    const char *path = s->cfg->out_path;
    if (strcmp(path, "-") == 0) {
        s->out = stdout;
        s->out_name = "standard output";
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return nm_err_set(err, NM_EIO, "output %s is a directory; name a file with -o", path);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup("");
    if (dir == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    const int rc = nm_out_open(o, dir, slash ? slash + 1 : path, err);
    free(dir);
    if (rc != 0)
        return rc;
    s->out = o->f;
    s->out_name = path;
    return 0;
}

int nm_pack(const nm_pack_config *cfg, nm_err *err)
{
    pack_state s;
    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    s.frame_size = cfg->frame_size ? cfg->frame_size : NM_PACK_DEFAULT_FRAME;
    const int max_threads = omp_get_max_threads();
    s.threads = cfg->threads ? cfg->threads : (unsigned)(max_threads > 0 ? max_threads : 1);
    const int level = cfg->level ? cfg->level : NM_PACK_DEFAULT_LEVEL;
    if (cfg->out_path == NULL || cfg->out_path[0] == '\0')
        return nm_err_set(err, NM_EUSAGE, "pack needs an output: -o FILE (or - for stdout)");
    if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel())
        return nm_err_set(err, NM_EUSAGE, "zstd level %d out of range %d..%d", level,
                          ZSTD_minCLevel(), ZSTD_maxCLevel());

    nm_reader_opts ro = {.chunk_bytes = s.frame_size > ((size_t)1 << 20) ? s.frame_size : (size_t)1 << 20,
                         .max_line = NM_PACK_MAX_LINE,
                         .threads = s.threads};
    nm_reader *r = NULL;
    int rc = nm_reader_open(&r, cfg->inputs, cfg->n_inputs, &ro, err);
    if (rc != 0)
        return rc;

    s.nb = 2 * (size_t)s.threads;
    s.frames = calloc(s.nb, sizeof *s.frames);
    s.cctx = calloc(s.threads, sizeof *s.cctx);
    if (s.frames == NULL || s.cctx == NULL)
        rc = nm_err_set(err, NM_ENOMEM, "out of memory");
    for (unsigned t = 0; rc == 0 && t < s.threads; t++)
        if ((s.cctx[t] = make_cctx(level)) == NULL)
            rc = nm_err_set(err, NM_ENOMEM, "out of memory (zstd context)");

    nm_out o;
    memset(&o, 0, sizeof o);
    if (rc == 0)
        rc = open_output(&s, &o, err);
    if (rc == 0)
        rc = pack_all(&s, r, err);
    if (rc == 0) {
        if (o.f) {
            rc = nm_out_commit(&o, err);
        } else if (fflush(s.out) != 0 || ferror(s.out)) {
            rc = nm_err_set(err, NM_EIO, "cannot write %s: %s", s.out_name, strerror(errno));
        }
    }
    if (rc != 0)
        nm_out_discard(&o);
    else if (!cfg->quiet)
        fprintf(stderr, "newsmill pack: wrote %s: %llu lines in %llu frames, %llu -> %llu bytes\n",
                s.out_name, (unsigned long long)s.lines, (unsigned long long)s.frames_written,
                (unsigned long long)s.bytes_in, (unsigned long long)s.bytes_out);

    for (size_t i = 0; s.frames && i < s.nb; i++) {
        free(s.frames[i].src);
        free(s.frames[i].dst);
    }
    free(s.frames);
    for (unsigned t = 0; s.cctx && t < s.threads; t++)
        ZSTD_freeCCtx(s.cctx[t]);
    free(s.cctx);
    nm_reader_free(r);
    return rc;
}
