/* reader_zstd.c: zstd inputs for the reader.
 *
 * A regular file is mapped and walked frame by frame from the headers
 * (ZSTD_findFrameCompressedSize / ZSTD_getFrameContentSize). Frames whose
 * decompressed size is declared and at most NM_RD_FRAME_MAX are gathered into
 * a window and decompressed whole, in parallel with OpenMP, one ZSTD_DCtx per
 * thread; the cutter then stitches their bytes in order, so a line may cross
 * frame boundaries. Any other frame (size unknown or large, a header the walk
 * cannot size, a truncated tail) is streamed through ZSTD_decompressStream
 * with a fixed output buffer, as is standard input or any unmappable file.
 *
 * Damage: a frame that fails to decompress (bad data, checksum mismatch) is
 * reported once and skipped. Within a window the whole frame is lost; while
 * streaming, the bytes before the error were already delivered and only the
 * rest is lost. Reading resumes at the next frame the header walk found or,
 * when the walk itself failed, at the next zstd magic number found by
 * scanning. Line numbers after a lost frame continue from the lines actually
 * read: the lost lines cannot be counted, so the event says so and later
 * numbers exclude them. A partial line that runs into a lost frame is dropped
 * with it, and the next frame's first bytes start a new line.
 *
 * A mapped file that another process truncates while it is read would fault
 * (SIGBUS), as with any mmap reader; inputs are expected to stay put. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* memmem */
#endif
#include <assert.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "reader_impl.h"

static const unsigned char zstd_magic_bytes[4] = {0x28, 0xB5, 0x2F, 0xFD};

static int oom(nm_reader *r)
{
    return nm_err_set(r->err, NM_ENOMEM, "out of memory (zstd decompression)");
}

/* Compressed bytes consumed are the furthest input offset reached: damage
 * handling may step back to look for a frame, which must not count twice. */
static void consumed_upto(nm_reader *r, uint64_t at)
{
    if (at > r->in_consumed)
        nm_rd_add_consumed(r, at - r->in_consumed);
}

static void pend_out(nm_reader *r, size_t n)
{
    r->pend = r->sout;
    r->pend_n = n;
    atomic_store_explicit(&r->decompressed[r->cur],
                          atomic_load_explicit(&r->decompressed[r->cur], memory_order_relaxed) + n,
                          memory_order_relaxed);
}

static void stream_reset(nm_reader *r)
{
    ZSTD_DCtx_reset(r->sdctx, ZSTD_reset_session_only);
    r->frame_open = false;
    r->out_full = false;
}

/* The input ended inside a frame: keep what was decoded, drop the partial
 * last line, say so once. */
static int truncated(nm_reader *r)
{
    const size_t lost = nm_rd_drop_partial(r);
    const int rc = nm_rd_event(r, NM_EV_DAMAGE, 0,
                               "truncated zstd frame at end of file: %zu bytes of a partial line "
                               "dropped (frame %llu at byte %llu, after line %llu)",
                               lost, (unsigned long long)r->frame_no,
                               (unsigned long long)r->frame_start,
                               (unsigned long long)(r->line_no - 1));
    return rc < 0 ? rc : 0;
}

static int corrupt(nm_reader *r, const char *why, bool whole_frame)
{
    const size_t lost = nm_rd_drop_partial(r);
    char partial[64] = "";
    if (lost)
        snprintf(partial, sizeof partial, "; a %zu-byte partial line before it dropped", lost);
    return nm_rd_event(r, NM_EV_DAMAGE, 0,
                       "corrupt zstd frame %llu at byte %llu after line %llu (%s): %s lost; later "
                       "line numbers exclude them%s",
                       (unsigned long long)r->frame_no, (unsigned long long)r->frame_start,
                       (unsigned long long)(r->line_no - 1), why,
                       whole_frame ? "its lines are" : "the rest of its lines are", partial);
}

int nm_rd_zstd_begin(nm_reader *r)
{
    if (r->sdctx == NULL && (r->sdctx = ZSTD_createDCtx()) == NULL)
        return oom(r);
    if (r->sout == NULL) {
        r->sout_cap = ZSTD_DStreamOutSize() * 2;
        if ((r->sout = malloc(r->sout_cap)) == NULL)
            return oom(r);
    }
    stream_reset(r);
    r->streaming = false;
    r->resync = false;
    r->win_n = r->win_cur = 0;
    r->frame_start = 0;
    struct stat st;
    if (r->fb.own_fd && fstat(r->fb.fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size <= (uint64_t)SIZE_MAX) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, r->fb.fd, 0);
        if (m != MAP_FAILED) {
            madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
            r->map = m;
            r->map_len = (size_t)st.st_size;
            r->walk_pos = 0;
            r->mode = NM_RD_MAP;
            return 0;
        }
    }
    r->mode = NM_RD_FDZ;
    return 0;
}

void nm_rd_zstd_end(nm_reader *r)
{
    if (r->map)
        munmap((void *)(uintptr_t)r->map, r->map_len);
    r->map = NULL;
    r->map_len = 0;
    r->streaming = false;
    r->resync = false;
    r->win_n = r->win_cur = 0;
}

void nm_rd_zstd_free(nm_reader *r)
{
    nm_rd_zstd_end(r);
    for (size_t i = 0; i < r->n_dctx; i++)
        ZSTD_freeDCtx(r->dctx[i]);
    free(r->dctx);
    ZSTD_freeDCtx(r->sdctx);
    free(r->sout);
    free(r->win);
    free(r->win_buf);
}

/* ---- mapped files: windows of whole frames ---- */

static size_t find_magic(const unsigned char *p, size_t len, size_t from)
{
    if (from >= len)
        return len;
    const void *hit = memmem(p + from, len - from, zstd_magic_bytes, sizeof zstd_magic_bytes);
    return hit ? (size_t)((const unsigned char *)hit - p) : len;
}

static bool ensure_dctx(nm_reader *r, size_t n)
{
    if (n <= r->n_dctx)
        return true;
    ZSTD_DCtx **v = realloc(r->dctx, n * sizeof *v);
    if (v == NULL)
        return false;
    for (size_t i = r->n_dctx; i < n; i++)
        v[i] = NULL;
    r->dctx = v;
    r->n_dctx = n;
    return true;
}

/* Runs on any thread of the team; touches only frame i and the context of
 * the thread it runs on, made on first use and kept for the reader's life. */
static void decompress_one(nm_reader *r, size_t i, size_t tid)
{
    nm_rd_wframe *f = &r->win[i];
    assert(tid < r->n_dctx);
    ZSTD_DCtx *d = r->dctx[tid];
    if (d == NULL && (d = r->dctx[tid] = ZSTD_createDCtx()) == NULL) {
        f->oom = true;
        return;
    }
    const double t0 = omp_get_wtime();
    f->result = ZSTD_decompressDCtx(d, r->win_buf + f->dst_off, f->dsize, r->map + f->src_off,
                                    f->csize);
    f->seconds = omp_get_wtime() - t0;
}

static int win_decompress_frames(nm_reader *r, size_t n)
{
    if (n == 1 || r->threads <= 1) {
        if (!ensure_dctx(r, 1))
            return oom(r);
        for (size_t i = 0; i < n; i++)
            decompress_one(r, i, 0);
    } else if (omp_in_parallel()) {
        /* Called from the caller's team (inside omp single): tasks let the
         * team's other threads help between their own work. A taskgroup, not
         * a taskwait: wait for these tasks only, not for the caller's other
         * children (the batches being processed). */
        if (!ensure_dctx(r, (size_t)omp_get_num_threads()))
            return oom(r);
#pragma omp taskgroup
        {
            for (size_t i = 0; i < n; i++) {
#pragma omp task default(shared) firstprivate(i)
                decompress_one(r, i, (size_t)omp_get_thread_num());
            }
        }
    } else {
        const int nt = (int)(r->threads < n ? r->threads : n);
        if (!ensure_dctx(r, (size_t)nt))
            return oom(r);
        const int ni = (int)n;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) default(shared)
        for (int i = 0; i < ni; i++)
            decompress_one(r, (size_t)i, (size_t)omp_get_thread_num());
    }
    return 0;
}

/* Decompresses the window's frames. Busy time counts the frames' own
 * decompression, not the wall of the wait: other threads may do the work,
 * or this one may run other tasks meanwhile (nm_reader_next counts the
 * wall, so the difference is taken off here). */
static int win_decompress(nm_reader *r)
{
    const size_t n = r->win_n;
    const double t0 = omp_get_wtime();
    const int rc = win_decompress_frames(r, n);
    double frames = 0.0;
    for (size_t i = 0; i < n; i++)
        frames += r->win[i].seconds;
    r->busy_seconds += frames - (omp_get_wtime() - t0);
    return rc;
}

static int win_push(nm_reader *r, size_t pos, size_t csize, size_t dst_off, size_t dsize)
{
    if (r->win_n == r->win_cap) {
        const size_t cap = r->win_cap ? r->win_cap * 2 : 16;
        nm_rd_wframe *v = realloc(r->win, cap * sizeof *v);
        if (v == NULL)
            return oom(r);
        r->win = v;
        r->win_cap = cap;
    }
    nm_rd_wframe *f = &r->win[r->win_n++];
    memset(f, 0, sizeof *f);
    f->src_off = pos;
    f->csize = csize;
    f->dst_off = dst_off;
    f->dsize = dsize;
    f->frame_no = ++r->frame_no;
    return 0;
}

static void stream_start(nm_reader *r, size_t pos)
{
    r->streaming = true;
    r->s_pos = pos;
    r->frame_start = pos;
    r->frame_no++;
    stream_reset(r);
}

/* Walks frame headers from walk_pos and gathers a window; a frame the window
 * cannot take whole is left for streaming. */
static int win_fill(nm_reader *r)
{
    const unsigned char *m = r->map;
    const size_t want = 2 * (size_t)(r->threads ? r->threads : 1);
    size_t pos = r->walk_pos, total = 0;
    bool stream = false;
    r->win_n = r->win_cur = 0;
    while (pos < r->map_len && r->win_n < NM_RD_WINDOW_FRAMES_MAX) {
        const size_t rem = r->map_len - pos;
        const uint32_t magic = rem >= 4 ? nm_rd_le32(m + pos) : 0;
        const size_t cs = rem >= 4 ? ZSTD_findFrameCompressedSize(m + pos, rem) : 0;
        if (rem < 4 || ZSTD_isError(cs) || !nm_rd_is_zstd_magic(magic)) {
            stream = true;
            break;
        }
        if (magic != NM_RD_ZSTD_MAGIC) { /* skippable frame */
            pos += cs;
            consumed_upto(r, pos);
            continue;
        }
        const unsigned long long ds = ZSTD_getFrameContentSize(m + pos, cs);
        if (ds == ZSTD_CONTENTSIZE_UNKNOWN || ds == ZSTD_CONTENTSIZE_ERROR || ds > NM_RD_FRAME_MAX) {
            stream = true;
            break;
        }
        if (r->win_n > 0 && total + ds > NM_RD_FRAME_MAX)
            break;
        const int rc = win_push(r, pos, cs, total, (size_t)ds);
        if (rc != 0)
            return rc;
        total += (size_t)ds;
        pos += cs;
        if (r->win_n >= want && total >= NM_RD_WINDOW_MIN)
            break;
    }
    r->walk_pos = pos;
    if (r->win_n == 0) {
        if (stream)
            stream_start(r, pos);
        return 0;
    }
    if (r->win_buf_cap < total || r->win_buf == NULL) {
        const size_t cap = total ? total : 1;
        char *b = realloc(r->win_buf, cap);
        if (b == NULL)
            return oom(r);
        r->win_buf = b;
        r->win_buf_cap = cap;
    }
    return win_decompress(r);
}

static int win_next(nm_reader *r)
{
    const nm_rd_wframe *f = &r->win[r->win_cur++];
    consumed_upto(r, f->src_off + f->csize);
    if (f->oom)
        return oom(r);
    if (ZSTD_isError(f->result) || f->result != f->dsize) {
        r->frame_no = f->frame_no;
        r->frame_start = f->src_off;
        const char *why = ZSTD_isError(f->result) ? ZSTD_getErrorName(f->result) : "short frame";
        const int rc = corrupt(r, why, true);
        /* the walk's next frame boundary is already in the window */
        return rc < 0 ? rc : 1;
    }
    r->pend = r->win_buf + f->dst_off;
    r->pend_n = f->dsize;
    atomic_store_explicit(&r->decompressed[r->cur],
                          atomic_load_explicit(&r->decompressed[r->cur], memory_order_relaxed) +
                              f->dsize,
                          memory_order_relaxed);
    return 1;
}

/* One frame of a mapped file through the streaming decoder. */
static int map_stream(nm_reader *r)
{
    ZSTD_inBuffer in = {r->map, r->map_len, r->s_pos};
    if (in.pos >= in.size && !r->out_full) {
        r->streaming = false;
        r->walk_pos = r->map_len;
        return truncated(r);
    }
    ZSTD_outBuffer out = {r->sout, r->sout_cap, 0};
    const size_t old = r->s_pos;
    const size_t ret = ZSTD_decompressStream(r->sdctx, &out, &in);
    r->s_pos = in.pos;
    consumed_upto(r, in.pos);
    if (!ZSTD_isError(ret) && in.pos == old && out.pos == 0 && !r->out_full) {
        /* no progress with input left: treat as damage rather than spin */
        r->streaming = false;
        r->walk_pos = r->map_len;
        return truncated(r);
    }
    if (ZSTD_isError(ret)) {
        const int rc = corrupt(r, ZSTD_getErrorName(ret), false);
        r->streaming = false;
        /* The header walk could not be trusted here: look for the next
         * frame's magic number after this frame's start. */
        r->walk_pos = find_magic(r->map, r->map_len, (size_t)r->frame_start + 1);
        consumed_upto(r, r->walk_pos);
        stream_reset(r);
        return rc < 0 ? rc : 1;
    }
    r->out_full = out.pos == out.size;
    if (ret == 0) { /* frame done and flushed: back to walking headers */
        r->streaming = false;
        r->walk_pos = in.pos;
        r->out_full = false;
    }
    pend_out(r, out.pos);
    return 1;
}

static int map_produce(nm_reader *r)
{
    if (r->streaming)
        return map_stream(r);
    if (r->win_cur < r->win_n)
        return win_next(r);
    if (r->walk_pos >= r->map_len)
        return 0;
    const int rc = win_fill(r);
    return rc < 0 ? rc : 1;
}

/* ---- streams from a file descriptor ---- */

static void fd_consumed(nm_reader *r)
{
    consumed_upto(r, r->fb.base + r->fb.pos);
}

/* Skips to the next frame magic number at or after resync_from. Returns 1
 * when found, 0 at the end of input. */
static int fdz_resync(nm_reader *r)
{
    nm_rd_fdbuf *b = &r->fb;
    for (;;) {
        const uint64_t at = b->base + b->pos;
        if (at < r->resync_from) {
            const uint64_t gap = r->resync_from - at;
            b->pos += gap < b->len - b->pos ? (size_t)gap : b->len - b->pos;
            fd_consumed(r);
            if (b->pos == b->len && nm_rd_fdbuf_fill(b) == 0)
                return 0;
            continue;
        }
        const size_t found = find_magic(b->buf, b->len, b->pos);
        if (found < b->len) {
            b->pos = found;
            fd_consumed(r);
            r->resync = false;
            stream_reset(r);
            return 1;
        }
        /* keep the last 3 bytes: a magic number may straddle the refill */
        const size_t rest = b->len - b->pos;
        b->pos += rest > 3 ? rest - 3 : 0;
        fd_consumed(r);
        if (nm_rd_fdbuf_fill(b) == 0) {
            b->pos = b->len;
            fd_consumed(r);
            return 0;
        }
    }
}

static int fdz_produce(nm_reader *r)
{
    nm_rd_fdbuf *b = &r->fb;
    if (r->resync)
        return fdz_resync(r);
    if (b->pos == b->len && !r->out_full) {
        nm_rd_fdbuf_fill(b);
        if (b->pos == b->len) {
            if (b->err) {
                const size_t lost = nm_rd_drop_partial(r);
                const int rc = nm_rd_event(r, NM_EV_DAMAGE, 0,
                                           "read error at byte %llu after line %llu: %s; the rest "
                                           "of the input (and %zu bytes of a partial line) is lost",
                                           (unsigned long long)(b->base + b->len),
                                           (unsigned long long)(r->line_no - 1), strerror(b->err),
                                           lost);
                return rc < 0 ? rc : 0;
            }
            return r->frame_open ? truncated(r) : 0;
        }
    }
    if (!r->frame_open)
        r->frame_start = b->base + b->pos;
    ZSTD_inBuffer in = {b->buf, b->len, b->pos};
    ZSTD_outBuffer out = {r->sout, r->sout_cap, 0};
    const size_t old = b->pos;
    const size_t ret = ZSTD_decompressStream(r->sdctx, &out, &in);
    b->pos = in.pos;
    fd_consumed(r);
    if (!r->frame_open && in.pos > old) {
        r->frame_open = true;
        if (b->len - old < 4 || nm_rd_le32(b->buf + old) == NM_RD_ZSTD_MAGIC)
            r->frame_no++;
    }
    if (ZSTD_isError(ret)) {
        if (!r->frame_open)
            r->frame_no++;
        const int rc = corrupt(r, ZSTD_getErrorName(ret), false);
        /* Look for the next frame from just after this one's start when the
         * buffer still holds it: a damaged block header can make the decoder
         * swallow bytes of the frames that follow. */
        r->resync = true;
        r->resync_from = r->frame_start + 1;
        if (r->resync_from >= b->base && r->resync_from - b->base <= b->len)
            b->pos = (size_t)(r->resync_from - b->base);
        stream_reset(r);
        return rc < 0 ? rc : 1;
    }
    if (ret == 0)
        r->frame_open = false;
    r->out_full = out.pos == out.size;
    pend_out(r, out.pos);
    return 1;
}

int nm_rd_zstd_produce(nm_reader *r)
{
    return r->mode == NM_RD_MAP ? map_produce(r) : fdz_produce(r);
}
