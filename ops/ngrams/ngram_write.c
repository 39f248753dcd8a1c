/* ngram_write.c: writing ngrams.jsonl from the final aggregate.
 *
 * Each n is ordered by count desc then text (one bucket pass over the
 * key-sorted records); its lines are formatted on all threads in blocks
 * that are written in order (ngram_format.c makes the lines). Levels that
 * did not fit in memory are merged from sorted runs on disk. */
#include <omp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "ngram_internal.h"

/* Key-sorted runs -> count-ordered runs -> one merge, for levels on disk. */
static int emit_level_disk(const ngr_counter *c, ngr_level *lv, const ngr_config *cfg,
                           ngr_fbuf *fb, FILE *out, const ngr_strtab *st, nm_err *err)
{
    ngr_ctx *ctx = c->ctx;
    const ngr_layout *L = &lv->L;
    const uint64_t per = (uint64_t)L->w * sizeof(uint64_t);
    const size_t limit = cfg->top > 0 ? (size_t)cfg->top : SIZE_MAX;
    uint64_t C = ngr_mem_avail(ctx) / (per + sizeof(uint32_t));
    if (C < 4096)
        C = 4096;
    if (C > UINT32_MAX)
        C = UINT32_MAX;
    const uint64_t total = ngr_rfile_records(&lv->runs);
    if (C > total)
        C = total ? total : 1;
    /* From the run's chunk bank: the tables freed before are there. */
    uint64_t *buf = ngr_zalloc(&ctx->pages, (size_t)C * per);
    uint32_t *perm = ngr_zalloc(&ctx->pages, (size_t)C * sizeof *perm);
    ngr_rfile ordered;
    memset(&ordered, 0, sizeof ordered);
    ordered.fd = -1;
    int rc = 0;
    if (buf == NULL || perm == NULL)
        rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    const uint64_t held = C * (per + sizeof *perm);
    ngr_mem_force(ctx, held);
    if (rc == 0)
        rc = ngr_rfile_open(&ordered, ctx, c->tmp_dir, err);
    for (size_t r = 0; r < lv->runs.n_runs && rc == 0; r++) {
        for (uint64_t at = lv->runs.start[r]; at < lv->runs.start[r + 1] && rc == 0;) {
            const uint64_t left = lv->runs.start[r + 1] - at;
            const size_t k = (size_t)(left < C ? left : C);
            if (ngr_pread_all(lv->runs.fd, buf, k * per, at * per) != 0) {
                rc = nm_err_set(err, NM_EIO, "ngrams: cannot read back a run file");
                break;
            }
            const size_t kept = ngr_order_by_count(L, &lv->bk, buf, k, (uint64_t)cfg->min_count,
                                                   limit, perm);
            rc = ngr_rfile_append(&ordered, L, buf, perm, kept, err);
            at += k;
        }
    }
    ngr_zfree(&ctx->pages, buf, (size_t)C * per);
    ngr_zfree(&ctx->pages, perm, (size_t)C * sizeof *perm);
    ngr_mem_release(ctx, held);
    ngr_merger *m = NULL;
    ngr_pages_trim(&ctx->pages); /* the merge's buffers are malloc'd */
    if (rc == 0)
        rc = ngr_merger_open(&m, &ordered, L, &lv->bk, NGR_BY_OUT, ctx, err);
    size_t written = 0;
    while (rc == 0 && written < limit) {
        const uint64_t *rec = NULL;
        const int got = ngr_merger_next(m, &rec, err);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (!ngr_format_record(fb, st, L, &lv->bk, rec))
            rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        else if (fb->len >= (4u << 20))
            rc = ngr_fb_write(fb, out, err);
        written++;
    }
    if (rc == 0)
        rc = ngr_fb_write(fb, out, err);
    ngr_merger_free(m);
    ngr_rfile_close(&ordered);
    return rc;
}

#define NGR_FMT_BLOCK 8192u   /* lines formatted as one unit of work */
#define NGR_RING_PER_THREAD 4u  /* formatted blocks in flight per thread */

/* A formatted block waiting for its turn to be written. */
typedef struct fslot {
    ngr_fbuf buf;
    _Atomic size_t ready;    /* block index + 1 once formatted, 0 when free */
} fslot;

/* Writes every formatted block that is next in order. Caller holds lock. */
static void ring_drain(fslot *ring, size_t R, _Atomic size_t *next_write, size_t n_blocks,
                       FILE *out, _Atomic int *bad_io)
{
    size_t nw = atomic_load(next_write);
    while (nw < n_blocks) {
        fslot *f = &ring[nw % R];
        if (atomic_load_explicit(&f->ready, memory_order_acquire) != nw + 1)
            break;
        if (f->buf.len && fwrite(f->buf.p, 1, f->buf.len, out) != f->buf.len)
            atomic_store(bad_io, 1);
        f->buf.len = 0;
        atomic_store_explicit(&f->ready, 0, memory_order_release);
        atomic_store(next_write, ++nw);
    }
}

/* Formats perm[0..k) of a level on all threads and writes it in order.
 * Threads claim blocks of lines, format each into a slot of a ring, and
 * whoever gets the write lock writes every block that is next in order;
 * there is no barrier, so a thread the OS parks for a while delays only the
 * blocks it holds (and the ring keeps memory bounded). */
static int emit_level_memory(ngr_level *lv, const uint32_t *perm, size_t k, unsigned threads,
                             fslot *ring, FILE *out, const ngr_strtab *st, nm_err *err)
{
    const unsigned w = lv->L.w;
    const size_t R = (size_t)NGR_RING_PER_THREAD * threads;
    const size_t n_blocks = (k + NGR_FMT_BLOCK - 1) / NGR_FMT_BLOCK;
    _Atomic size_t next_claim = 0, next_write = 0;
    _Atomic int bad_mem = 0, bad_io = 0;
    omp_lock_t lock;
    omp_init_lock(&lock);
#pragma omp parallel num_threads((int)threads)
    {
        for (;;) {
            const size_t b = atomic_fetch_add(&next_claim, 1);
            if (b >= n_blocks || atomic_load(&bad_mem) || atomic_load(&bad_io))
                break;
            fslot *f = &ring[b % R];
            /* Wait for the slot: block b - R must be written first. */
            while (atomic_load(&next_write) + R <= b) {
                if (omp_test_lock(&lock)) {
                    ring_drain(ring, R, &next_write, n_blocks, out, &bad_io);
                    omp_unset_lock(&lock);
                }
                if (atomic_load(&next_write) + R <= b)
                    sched_yield();
            }
            const size_t lo = b * NGR_FMT_BLOCK;
            const size_t hi = lo + NGR_FMT_BLOCK < k ? lo + NGR_FMT_BLOCK : k;
            for (size_t i = lo; i < hi; i++) {
                if (i + 16 < hi)
                    NGR_PREFETCH(lv->rec + (size_t)perm[i + 16] * w, 0, 0);
                if (!ngr_format_record(&f->buf, st, &lv->L, &lv->bk, lv->rec + (size_t)perm[i] * w)) {
                    atomic_store(&bad_mem, 1);
                    break;
                }
            }
            atomic_store_explicit(&f->ready, b + 1, memory_order_release);
            if (omp_test_lock(&lock)) {
                ring_drain(ring, R, &next_write, n_blocks, out, &bad_io);
                omp_unset_lock(&lock);
            }
        }
        /* Out of work: help write what the others finish. */
        while (atomic_load(&next_write) < n_blocks && !atomic_load(&bad_mem) &&
               !atomic_load(&bad_io)) {
            omp_set_lock(&lock);
            ring_drain(ring, R, &next_write, n_blocks, out, &bad_io);
            omp_unset_lock(&lock);
            if (atomic_load(&next_write) < n_blocks)
                sched_yield();
        }
    }
    omp_destroy_lock(&lock);
    for (size_t i = 0; i < R; i++) {
        ring[i].buf.len = 0;
        atomic_store(&ring[i].ready, 0);
    }
    if (bad_mem)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    if (bad_io)
        return nm_err_set(err, NM_EIO, "ngrams: cannot write ngrams.jsonl (disk full?)");
    return 0;
}

int ngr_emit_write(const ngr_counter *c, ngr_final *f, const ngr_config *cfg, unsigned threads,
                   FILE *out, nm_err *err)
{
    ngr_ctx *ctx = c->ctx;
    if (threads < 1)
        threads = 1;
    ngr_strtab st = {0};
    const size_t n_ring = (size_t)NGR_RING_PER_THREAD * threads;
    fslot *ring = calloc(n_ring, sizeof *ring);
    ngr_fbuf disk = {0};
    int rc = 0;
    if (ring == NULL || ngr_strtab_build(&st, &ctx->vocab) != 0)
        rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    const size_t limit = cfg->top > 0 ? (size_t)cfg->top : SIZE_MAX;
    for (unsigned n = c->min_n; n <= c->max_n && rc == 0; n++) {
        ngr_level *lv = &f->lv[n - 1];
        if (lv->on_disk) {
            rc = emit_level_disk(c, lv, cfg, &disk, out, &st, err);
            continue;
        }
        if (lv->m == 0)
            continue;
        const size_t pbytes = lv->m * sizeof(uint32_t);
        uint32_t *perm = ngr_zalloc(&c->ctx->pages, pbytes);
        if (perm == NULL) {
            rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
            break;
        }
        ngr_mem_force(ctx, pbytes);
        const size_t k = ngr_order_by_count(&lv->L, &lv->bk, lv->rec, lv->m,
                                            (uint64_t)cfg->min_count, limit, perm);
        rc = emit_level_memory(lv, perm, k, threads, ring, out, &st, err);
        ngr_zfree(&c->ctx->pages, perm, pbytes);
        ngr_mem_release(ctx, pbytes);
    }
    if (rc == 0 && fflush(out) != 0)
        rc = nm_err_set(err, NM_EIO, "ngrams: cannot write ngrams.jsonl (disk full?)");
    for (size_t t = 0; ring && t < n_ring; t++)
        free(ring[t].buf.p);
    free(ring);
    free(disk.p);
    ngr_strtab_free(&st);
    return rc;
}
