/* ngram_emit.c: the final aggregate of the ngrams operator.
 *
 * ngr_finalize turns a counter (tables, merged states' tables, spilled runs)
 * into, per n, the complete aggregate as records sorted by key (= by n-gram
 * text). In the common case -- no spills, room for records and sort scratch
 * -- every partition is folded and packed in parallel into one exactly-sized
 * array, then radix-sorted in parallel. Otherwise it goes partition by
 * partition, folding each spilled segment back into the partition's table,
 * packing and freeing the table, so memory moves from tables to (smaller)
 * records as it goes; records beyond the budget become sorted runs on disk.
 * The result is kept (not consumed), so both emit and save can read it;
 * ngram_write.c writes ngrams.jsonl from it. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ngram_internal.h"

static int bk_cmp(const void *a, const void *b, void *arg)
{
    return ngr_rec_cmp_key(arg, a, b);
}

static int level_bigkeys(const ngr_counter *c, ngr_level *lv, unsigned n, nm_err *err)
{
    const ngr_layout *L = &lv->L;
    const uint32_t *rank = c->ctx->vocab.rank;
    size_t k = 0;
    for (size_t i = 0; i < c->big.cap; i++)
        k += c->big.e[i].n == n;
    lv->bk.w = L->kw + 2;
    if (k == 0)
        return 0;
    lv->bk.rec = calloc(k, lv->bk.w * sizeof *lv->bk.rec);
    if (lv->bk.rec == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    for (size_t i = 0; i < c->big.cap; i++) {
        const ngr_big *b = &c->big.e[i];
        if (b->n != n)
            continue;
        uint32_t ranks[NGR_MAX_N];
        for (unsigned j = 0; j < n; j++)
            ranks[j] = rank[b->key[j]];
        uint64_t *r = lv->bk.rec + lv->bk.m * lv->bk.w;
        ngr_rec_set_key(L, r, ranks);
        r[L->kw] = b->count;
        r[L->kw + 1] = b->docs;
        lv->bk.m++;
    }
    qsort_r(lv->bk.rec, lv->bk.m, lv->bk.w * sizeof *lv->bk.rec, bk_cmp, &lv->L);
    return 0;
}

/* Sorts the records gathered so far and appends them to the level's runs. */
static int level_flush(ngr_counter *c, ngr_level *lv, unsigned threads, nm_err *err)
{
    const uint64_t per = (uint64_t)lv->L.w * sizeof(uint64_t);
    if (!lv->on_disk) {
        const int rc = ngr_rfile_open(&lv->runs, c->ctx, c->tmp_dir, err);
        if (rc != 0)
            return rc;
        lv->on_disk = true;
    }
    if (lv->m == 0)
        return 0;
    uint64_t *scratch = ngr_zalloc(&c->ctx->pages, lv->m * per);
    if (scratch == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting a run");
    ngr_mem_force(c->ctx, lv->m * per);
    ngr_sort_by_key(&lv->L, lv->rec, scratch, lv->m, threads);
    ngr_zfree(&c->ctx->pages, scratch, lv->m * per);
    ngr_mem_release(c->ctx, lv->m * per);
    const int rc = ngr_rfile_append(&lv->runs, &lv->L, lv->rec, NULL, lv->m, err);
    lv->m = 0;
    return rc;
}

/* Packs table entry e (u32 ids) into record r (ranks). */
static void pack_entry(const ngr_layout *L, const uint32_t *rank, const uint32_t *e, uint64_t *r)
{
    const unsigned n = L->n;
    if (L->kw == 1) {
        uint64_t k = 0;
        for (unsigned j = 0; j < n; j++)
            k = k << L->bits | rank[e[j]];
        r[0] = k;
    } else {
        uint32_t ranks[NGR_MAX_N];
        for (unsigned j = 0; j < n; j++)
            ranks[j] = rank[e[j]];
        ngr_rec_set_key(L, r, ranks);
    }
    r[L->kw] = (uint64_t)e[n] | (uint64_t)e[n + 1] << 32;
}

static void level_free_table(ngr_counter *c, unsigned n, unsigned p)
{
    ngr_table *t = &c->tab[n - 1][p];
    if (t->slot) {
        const uint64_t b = ngr_table_free(&c->ctx->pages, t, n);
        c->tab_bytes -= b;
        ngr_mem_release(c->ctx, b);
    }
}

/* Sums the counts of records with equal keys (sorted by key) into one;
 * returns how many records are left. A total reaching the u32 sentinel
 * goes to the big map as ngr_counter_add does it: a key whose entry in some
 * table was already the sentinel has its big total there (merged with its
 * state), and the other entries' counts are added to it. */
static int level_combine(ngr_counter *c, ngr_level *lv, size_t *m_out, nm_err *err)
{
    const ngr_layout *L = &lv->L;
    const unsigned w = L->w, kw = L->kw, n = L->n;
    const uint32_t *by_rank = c->ctx->vocab.by_rank;
    uint64_t *rec = lv->rec;
    const size_t m = lv->m;
    size_t out = 0;
    for (size_t i = 0; i < m;) {
        const uint64_t *a = rec + i * w;
        size_t j = i + 1;
        while (j < m && ngr_rec_cmp_key(L, rec + j * w, a) == 0)
            j++;
        uint64_t *o = rec + out * w;
        if (o != a)
            memcpy(o, a, w * sizeof *o);
        if (j > i + 1) {
            bool sentinel = false;
            uint64_t count = 0, docs = 0;
            for (size_t r = i; r < j; r++) {
                const uint64_t *x = rec + r * w;
                if (ngr_rec_count(L, x) == NGR_SENTINEL) {
                    sentinel = true;
                } else {
                    count += ngr_rec_count(L, x);
                    docs += ngr_rec_docs(L, x);
                }
            }
            if (sentinel || count >= NGR_SENTINEL) {
                uint32_t key[NGR_MAX_N];
                ngr_rec_get_ranks(L, o, key);
                for (unsigned k = 0; k < n; k++)
                    key[k] = by_rank[key[k]];
                if ((count || docs) && ngr_big_add(&c->big, n, key, count, docs) != 0)
                    return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
                count = docs = NGR_SENTINEL;
            }
            o[kw] = count | docs << 32;
        }
        out++;
        i = j;
    }
    *m_out = out;
    return 0;
}

/* Packs partition p's entries of every table holding it (the state's own,
 * then those of states merged into it) at r, freeing the tables. */
static void pack_partition(ngr_counter *c, const ngr_layout *L, unsigned p, uint64_t *r)
{
    const unsigned n = L->n, w = L->w, tw = n + 2;
    const uint32_t *rank = c->ctx->vocab.rank;
    for (size_t x = 0; x <= c->n_extra; x++) {
        ngr_table *t = x == 0 ? &c->tab[n - 1][p] : &c->extra[x - 1]->tab[n - 1][p];
        for (uint32_t i = 0; i < t->cap; i++) {
            const uint32_t *e = t->slot + (size_t)i * tw;
            if (e[n] == 0)
                continue;
            pack_entry(L, rank, e, r);
            r += w;
        }
        if (t->slot) {
            const uint64_t b = ngr_table_free(&c->ctx->pages, t, n);
            c->tab_bytes -= b;
            ngr_mem_release(c->ctx, b);
        }
    }
}

/* The common case, no spills: every partition's entries -- of this state's
 * tables and of those merged into it -- are packed in parallel into one
 * exactly-sized record array at precomputed offsets and sorted in
 * parallel; then equal keys (an n-gram several threads counted) are
 * combined in one pass. Sorting costs far less than folding the tables
 * into one, which is a random access per entry. Returns 1 when it did the
 * work, 0 when the budget asks for the streaming path, or an error. */
static int level_build_parallel(ngr_counter *c, ngr_level *lv, unsigned n, unsigned threads,
                                nm_err *err)
{
    ngr_ctx *ctx = c->ctx;
    const ngr_layout *L = &lv->L;
    const unsigned w = L->w, tw = n + 2;
    const uint64_t per = (uint64_t)w * sizeof(uint64_t);
    uint64_t off[NGR_PARTS + 1];
    off[0] = 0;
    uint64_t tbytes = 0;
    for (unsigned p = 0; p < NGR_PARTS; p++) {
        off[p + 1] = off[p];
        for (size_t x = 0; x <= c->n_extra; x++) {
            const ngr_table *t = x == 0 ? &c->tab[n - 1][p] : &c->extra[x - 1]->tab[n - 1][p];
            off[p + 1] += t->used;
            tbytes += (uint64_t)t->cap * tw * sizeof(uint32_t);
        }
    }
    const uint64_t m = off[NGR_PARTS];
    /* Packing holds tables and records; sorting, records and scratch. */
    const uint64_t R = m * per, avail = ngr_mem_avail(ctx);
    if (m > UINT32_MAX || R > avail || 2 * R > avail + tbytes)
        return 0;
    lv->m = (size_t)m;
    lv->rec_bytes = R ? R : per;
    /* The records' memory is taken part by part as partitions are packed,
     * from the chunks of the tables packed before (ngram_pages.c). */
    lv->rec = ngr_zalloc_lazy(&c->ctx->pages, (size_t)lv->rec_bytes);
    if (lv->rec == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    ngr_mem_force(ctx, lv->rec_bytes);
#pragma omp parallel for num_threads((int)threads) schedule(dynamic, 1)
    for (unsigned p = 0; p < NGR_PARTS; p++) {
        ngr_pages_fill(&c->ctx->pages, lv->rec + off[p] * w, (off[p + 1] - off[p]) * per);
        pack_partition(c, L, p, lv->rec + off[p] * w);
    }
    if (m > 1) {
        uint64_t *scratch = ngr_zalloc(&c->ctx->pages, (size_t)R);
        if (scratch == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting n-grams");
        ngr_mem_force(ctx, R);
        ngr_sort_by_key(L, lv->rec, scratch, (size_t)m, threads);
        ngr_zfree(&c->ctx->pages, scratch, (size_t)R);
        ngr_mem_release(ctx, R);
    }
    if (c->n_extra > 0) {
        const int rc = level_combine(c, lv, &lv->m, err);
        if (rc != 0)
            return rc;
    }
    return 1;
}

/* The bounded path: partition by partition (folding spilled segments back
 * in), records gathered while the budget allows, sorted runs beyond it. */
static int level_build_stream(ngr_counter *c, ngr_level *lv, unsigned n, unsigned threads,
                              nm_err *err)
{
    ngr_ctx *ctx = c->ctx;
    const ngr_layout *L = &lv->L;
    const unsigned w = L->w, tw = n + 2;
    const uint64_t per = (uint64_t)w * sizeof(uint64_t);
    int rc = 0;

    /* Upper bound of distinct n-grams; spilled segments may repeat keys. */
    uint64_t est = 0;
    for (unsigned p = 0; p < NGR_PARTS; p++) {
        est += c->tab[n - 1][p].used;
        for (size_t x = 0; x < c->n_extra; x++)
            est += c->extra[x]->tab[n - 1][p].used;
        for (size_t r = 0; r < c->n_runs; r++)
            est += c->runs[r]->cnt[n - 1][p];
    }
    /* Records and the sort's scratch must both fit what is left. */
    uint64_t cap = est;
    const uint64_t afford = ngr_mem_avail(ctx) / (2 * per);
    if (cap > afford)
        cap = afford > 4096 ? afford : 4096;
    if (cap > est)
        cap = est;
    if (cap > UINT32_MAX)
        cap = UINT32_MAX;
    size_t rcap = (size_t)cap;
    if (rcap) {
        lv->rec = ngr_zalloc(&c->ctx->pages, rcap * per);
        if (lv->rec == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        ngr_mem_force(ctx, rcap * per);
        lv->rec_bytes = rcap * per;
    }
    const uint32_t *rank = ctx->vocab.rank;
    for (unsigned p = 0; p < NGR_PARTS; p++) {
        rc = ngr_counter_gather(c, n, p, err);
        if (rc != 0)
            return rc;
        const ngr_table *t = &c->tab[n - 1][p];
        for (uint32_t i = 0; i < t->cap; i++) {
            const uint32_t *e = t->slot + (size_t)i * tw;
            if (e[n] == 0)
                continue;
            if (lv->m == rcap) {
                /* Full: grow if the budget allows (tables freed so far made
                 * room), else sort what we have into a run. */
                uint64_t ncap = rcap + rcap / 2 + 4096;
                if (ncap > UINT32_MAX)
                    ncap = UINT32_MAX;
                const uint64_t more = (ncap - rcap) * per;
                uint64_t *nr = NULL;
                if (ncap > rcap && ngr_mem_avail(ctx) >= more + ncap * per &&
                    (nr = ngr_realloc(&c->ctx->pages, lv->rec, rcap * per, (size_t)ncap * per)) != NULL) {
                    lv->rec = nr;
                    ngr_mem_force(ctx, more);
                    lv->rec_bytes += more;
                    rcap = (size_t)ncap;
                } else {
                    rc = level_flush(c, lv, threads, err);
                    if (rc != 0)
                        return rc;
                    if (rcap == 0) {
                        rcap = 4096;
                        if ((lv->rec = ngr_zalloc(&c->ctx->pages, rcap * per)) == NULL)
                            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
                        ngr_mem_force(ctx, rcap * per);
                        lv->rec_bytes = rcap * per;
                    }
                }
            }
            pack_entry(L, rank, e, lv->rec + lv->m * w);
            lv->m++;
        }
        level_free_table(c, n, p);
    }
    if (lv->on_disk) {
        rc = level_flush(c, lv, threads, err);
        ngr_zfree(&c->ctx->pages, lv->rec, lv->rec_bytes);
        lv->rec = NULL;
        ngr_mem_release(ctx, lv->rec_bytes);
        lv->rec_bytes = 0;
        return rc;
    }
    if (lv->m > 1) {
        uint64_t *scratch = ngr_zalloc(&c->ctx->pages, lv->m * per);
        if (scratch == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting n-grams");
        ngr_mem_force(ctx, lv->m * per);
        ngr_sort_by_key(L, lv->rec, scratch, lv->m, threads);
        ngr_zfree(&c->ctx->pages, scratch, lv->m * per);
        ngr_mem_release(ctx, lv->m * per);
    }
    if (lv->rec && lv->m < rcap) {
        const size_t keep = (lv->m ? lv->m : 1) * per;
        uint64_t *nr = ngr_realloc(&c->ctx->pages, lv->rec, lv->rec_bytes, keep);
        if (nr != NULL) {
            lv->rec = nr;
            ngr_mem_release(ctx, lv->rec_bytes - keep);
            lv->rec_bytes = keep;
        }
    }
    return 0;
}

static int level_build(ngr_counter *c, ngr_level *lv, unsigned n, unsigned threads, nm_err *err)
{
    ngr_layout_make(&lv->L, n, c->ctx->vocab.n);
    lv->runs.fd = -1;
    int rc = 0;
    if (c->n_runs == 0)
        rc = level_build_parallel(c, lv, n, threads, err);
    if (rc == 0)
        rc = level_build_stream(c, lv, n, threads, err);
    /* Folding partitions can move counts past 2^32 into the big map: only
     * now is it complete for this n. */
    return rc < 0 ? rc : level_bigkeys(c, lv, n, err);
}

int ngr_finalize(ngr_counter *c, ngr_final *f, unsigned threads, nm_err *err)
{
    if (f->done)
        return 0;
    c->no_spill = true;
    if (ngr_vocab_finalize(c->ctx) != 0)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting the vocabulary");
    for (unsigned n = c->min_n; n <= c->max_n; n++) {
        const int rc = level_build(c, &f->lv[n - 1], n, threads ? threads : 1, err);
        if (rc != 0)
            return rc;
    }
    f->done = true;
    return 0;
}

void ngr_final_free(ngr_final *f, ngr_ctx *ctx)
{
    ngr_pages *pg = ctx ? &ctx->pages : NULL;
    for (unsigned n = 1; n <= NGR_MAX_N; n++) {
        ngr_level *lv = &f->lv[n - 1];
        ngr_zfree(pg, lv->rec, lv->rec_bytes);
        if (ctx)
            ngr_mem_release(ctx, lv->rec_bytes);
        if (lv->on_disk)
            ngr_rfile_close(&lv->runs);
        free(lv->bk.rec);
    }
    memset(f, 0, sizeof *f);
}
