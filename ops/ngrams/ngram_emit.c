/* ngram_emit.c: the final aggregate of the ngrams operator and ngrams.jsonl.
 *
 * ngr_finalize turns a counter (tables, merged states' tables, spilled runs)
 * into, per n, the complete aggregate as records sorted by key (= by n-gram
 * text). In the common case -- no spills, room for records and sort scratch
 * -- every partition is folded and packed in parallel into one exactly-sized
 * array, then radix-sorted in parallel. Otherwise it goes partition by
 * partition, folding each spilled segment back into the partition's table,
 * packing and freeing the table, so memory moves from tables to (smaller)
 * records as it goes; records beyond the budget become sorted runs on disk.
 * The result is kept (not consumed), so both emit and save can read it.
 *
 * ngr_emit_write orders each n by count desc then text (one bucket pass) and
 * formats lines by hand on all threads, in blocks written in order: the text
 * of an n-gram is its forms (pre-escaped once per vocabulary entry) joined
 * by ' '. */
#include <omp.h>
#include <sched.h>
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
    uint64_t *scratch = ngr_zalloc(lv->m * per);
    if (scratch == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting a run");
    ngr_mem_force(c->ctx, lv->m * per);
    ngr_sort_by_key(&lv->L, lv->rec, scratch, lv->m, threads);
    ngr_zfree(scratch, lv->m * per);
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
        const uint64_t b = ngr_table_free(t, n);
        c->tab_bytes -= b;
        ngr_mem_release(c->ctx, b);
    }
}

/* The common case, no spills: every partition is aggregated in parallel,
 * packed into one exactly-sized record array at precomputed offsets, and
 * sorted in parallel. Returns 1 when it did the work, 0 when the budget
 * asks for the streaming path, or an error. */
static int level_build_parallel(ngr_counter *c, ngr_level *lv, unsigned n, unsigned threads,
                                nm_err *err)
{
    ngr_ctx *ctx = c->ctx;
    const ngr_layout *L = &lv->L;
    const unsigned w = L->w, tw = n + 2;
    const uint64_t per = (uint64_t)w * sizeof(uint64_t);
    int rcs[NGR_PARTS];
    nm_err errs[NGR_PARTS];
#pragma omp parallel for num_threads((int)threads) schedule(dynamic, 1)
    for (unsigned p = 0; p < NGR_PARTS; p++) {
        nm_err_clear(&errs[p]);
        rcs[p] = ngr_counter_gather(c, n, p, &errs[p]);
    }
    for (unsigned p = 0; p < NGR_PARTS; p++)
        if (rcs[p] != 0) {
            nm_err_set(err, rcs[p], "%s", errs[p].msg);
            return rcs[p];
        }
    uint64_t off[NGR_PARTS + 1];
    off[0] = 0;
    for (unsigned p = 0; p < NGR_PARTS; p++)
        off[p + 1] = off[p] + c->tab[n - 1][p].used;
    const uint64_t m = off[NGR_PARTS];
    uint64_t tbytes = 0;
    for (unsigned p = 0; p < NGR_PARTS; p++)
        tbytes += (uint64_t)c->tab[n - 1][p].cap * tw * sizeof(uint32_t);
    /* Packing holds tables and records; sorting, records and scratch. */
    const uint64_t R = m * per, avail = ngr_mem_avail(ctx);
    if (m > UINT32_MAX || R > avail || 2 * R > avail + tbytes)
        return 0;
    lv->m = (size_t)m;
    lv->rec_bytes = R ? R : per;
    lv->rec = ngr_zalloc((size_t)lv->rec_bytes);
    if (lv->rec == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    ngr_mem_force(ctx, lv->rec_bytes);
    const uint32_t *rank = ctx->vocab.rank;
#pragma omp parallel for num_threads((int)threads) schedule(dynamic, 1)
    for (unsigned p = 0; p < NGR_PARTS; p++) {
        const ngr_table *t = &c->tab[n - 1][p];
        uint64_t *r = lv->rec + off[p] * w;
        for (uint32_t i = 0; i < t->cap; i++) {
            const uint32_t *e = t->slot + (size_t)i * tw;
            if (e[n] == 0)
                continue;
            pack_entry(L, rank, e, r);
            r += w;
        }
        level_free_table(c, n, p);
    }
    if (m > 1) {
        uint64_t *scratch = ngr_zalloc((size_t)R);
        if (scratch == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting n-grams");
        ngr_mem_force(ctx, R);
        ngr_sort_by_key(L, lv->rec, scratch, (size_t)m, threads);
        ngr_zfree(scratch, (size_t)R);
        ngr_mem_release(ctx, R);
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
        lv->rec = ngr_zalloc(rcap * per);
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
                    (nr = ngr_realloc(lv->rec, rcap * per, (size_t)ncap * per)) != NULL) {
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
                        if ((lv->rec = ngr_zalloc(rcap * per)) == NULL)
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
        ngr_zfree(lv->rec, lv->rec_bytes);
        lv->rec = NULL;
        ngr_mem_release(ctx, lv->rec_bytes);
        lv->rec_bytes = 0;
        return rc;
    }
    if (lv->m > 1) {
        uint64_t *scratch = ngr_zalloc(lv->m * per);
        if (scratch == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory sorting n-grams");
        ngr_mem_force(ctx, lv->m * per);
        ngr_sort_by_key(L, lv->rec, scratch, lv->m, threads);
        ngr_zfree(scratch, lv->m * per);
        ngr_mem_release(ctx, lv->m * per);
    }
    if (lv->rec && lv->m < rcap) {
        const size_t keep = (lv->m ? lv->m : 1) * per;
        uint64_t *nr = ngr_realloc(lv->rec, lv->rec_bytes, keep);
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
    for (unsigned n = 1; n <= NGR_MAX_N; n++) {
        ngr_level *lv = &f->lv[n - 1];
        ngr_zfree(lv->rec, lv->rec_bytes);
        if (ctx)
            ngr_mem_release(ctx, lv->rec_bytes);
        if (lv->on_disk)
            ngr_rfile_close(&lv->runs);
        free(lv->bk.rec);
    }
    memset(f, 0, sizeof *f);
}

/* ---- writing ngrams.jsonl ------------------------------------------------------ */

/* Each rank's form, JSON-escaped once (forms never need it in practice). */
typedef struct strtab {
    char *blob;
    uint64_t *off;     /* rank -> offset; off[n] = end */
} strtab;

static int strtab_build(strtab *st, const ngr_vocab *v)
{
    uint64_t total = 0;
    for (size_t i = 0; i < v->n; i++)
        total += v->len[i];
    st->off = malloc((v->n + 1) * sizeof *st->off);
    /* Worst case every byte as \u00XX; 32 bytes of slack let short forms be
     * copied with one fixed-size move. */
    st->blob = calloc(total * 6 + 32, 1);
    if (st->off == NULL || st->blob == NULL)
        return NM_ENOMEM;
    static const char hex[] = "0123456789abcdef";
    uint64_t pos = 0;
    for (size_t r = 0; r < v->n; r++) {
        const uint32_t id = v->by_rank[r];
        const unsigned char *s = (const unsigned char *)v->str[id];
        st->off[r] = pos;
        for (uint32_t k = 0; k < v->len[id]; k++) {
            const unsigned char ch = s[k];
            if (ch == '"' || ch == '\\') {
                st->blob[pos++] = '\\';
                st->blob[pos++] = (char)ch;
            } else if (ch < 0x20) {
                memcpy(st->blob + pos, "\\u00", 4);
                st->blob[pos + 4] = hex[ch >> 4];
                st->blob[pos + 5] = hex[ch & 15];
                pos += 6;
            } else {
                st->blob[pos++] = (char)ch;
            }
        }
    }
    st->off[v->n] = pos;
    return 0;
}

static void strtab_free(strtab *st)
{
    free(st->blob);
    free(st->off);
}

/* A growable output buffer; one per formatting thread. */
typedef struct fbuf {
    char *p;
    size_t len, cap;
} fbuf;

static bool fb_reserve(fbuf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1u << 20;
    while (cap < b->len + more)
        cap *= 2;
    char *np = realloc(b->p, cap);
    if (np == NULL)
        return false;
    b->p = np;
    b->cap = cap;
    return true;
}

static const char digits2[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static char *put_u64(char *p, uint64_t v)
{
    if (v < 10) {
        *p = (char)('0' + v);
        return p + 1;
    }
    if (v < 100) {
        memcpy(p, digits2 + 2 * v, 2);
        return p + 2;
    }
    char tmp[20];
    char *t = tmp + sizeof tmp;
    while (v >= 100) {
        const unsigned r = (unsigned)(v % 100);
        v /= 100;
        t -= 2;
        memcpy(t, digits2 + 2 * r, 2);
    }
    if (v >= 10) {
        t -= 2;
        memcpy(t, digits2 + 2 * v, 2);
    } else {
        *--t = (char)('0' + v);
    }
    const size_t len = (size_t)(tmp + sizeof tmp - t);
    memcpy(p, t, len);
    return p + len;
}

/* Appends one ngrams.jsonl line. */
static bool format_record(fbuf *b, const strtab *st, const ngr_layout *L, const ngr_bigkeys *bk,
                          const uint64_t *rec)
{
    uint32_t ranks[NGR_MAX_N];
    const unsigned n = L->n;
    if (L->kw == 1) {
        const uint64_t mask = ((uint64_t)1 << L->bits) - 1;
        for (unsigned i = 0; i < n; i++)
            ranks[i] = (uint32_t)((rec[0] >> ((n - 1 - i) * L->bits)) & mask);
    } else {
        ngr_rec_get_ranks(L, rec, ranks);
    }
    size_t need = 96;   /* the fixed text, two numbers, copy slack */
    for (unsigned i = 0; i < n; i++)
        need += (size_t)(st->off[ranks[i] + 1] - st->off[ranks[i]]) + 1;
    if (!fb_reserve(b, need))
        return false;
    uint64_t count, docs;
    ngr_true_counts(L, bk, rec, &count, &docs);
    char *p = b->p + b->len;
    memcpy(p, "{\"ngram\":\"", 10);
    p += 10;
    for (unsigned i = 0; i < n; i++) {
        if (i)
            *p++ = ' ';
        const size_t len = (size_t)(st->off[ranks[i] + 1] - st->off[ranks[i]]);
        if (len <= 32)
            memcpy(p, st->blob + st->off[ranks[i]], 32); /* slack on both sides */
        else
            memcpy(p, st->blob + st->off[ranks[i]], len);
        p += len;
    }
    memcpy(p, "\",\"n\":", 6);
    p += 6;
    *p++ = (char)('0' + n);
    memcpy(p, ",\"count\":", 9);
    p = put_u64(p + 9, count);
    memcpy(p, ",\"docs\":", 8);
    p = put_u64(p + 8, docs);
    *p++ = '}';
    *p++ = '\n';
    b->len = (size_t)(p - b->p);
    return true;
}

static int fb_write(fbuf *b, FILE *out, nm_err *err)
{
    if (b->len && fwrite(b->p, 1, b->len, out) != b->len)
        return nm_err_set(err, NM_EIO, "ngrams: cannot write ngrams.jsonl (disk full?)");
    b->len = 0;
    return 0;
}

/* Key-sorted runs -> count-ordered runs -> one merge, for levels on disk. */
static int emit_level_disk(const ngr_counter *c, ngr_level *lv, const ngr_config *cfg,
                           fbuf *fb, FILE *out, const strtab *st, nm_err *err)
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
    uint64_t *buf = malloc((size_t)C * per);
    uint32_t *perm = malloc((size_t)C * sizeof *perm);
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
    free(buf);
    free(perm);
    ngr_mem_release(ctx, held);
    ngr_merger *m = NULL;
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
        if (!format_record(fb, st, L, &lv->bk, rec))
            rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        else if (fb->len >= (4u << 20))
            rc = fb_write(fb, out, err);
        written++;
    }
    if (rc == 0)
        rc = fb_write(fb, out, err);
    ngr_merger_free(m);
    ngr_rfile_close(&ordered);
    return rc;
}

#define NGR_FMT_BLOCK 8192u   /* lines formatted as one unit of work */
#define NGR_RING_PER_THREAD 4u  /* formatted blocks in flight per thread */

/* A formatted block waiting for its turn to be written. */
typedef struct fslot {
    fbuf buf;
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
                             fslot *ring, FILE *out, const strtab *st, nm_err *err)
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
                if (!format_record(&f->buf, st, &lv->L, &lv->bk, lv->rec + (size_t)perm[i] * w)) {
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
    strtab st = {0};
    const size_t n_ring = (size_t)NGR_RING_PER_THREAD * threads;
    fslot *ring = calloc(n_ring, sizeof *ring);
    fbuf disk = {0};
    int rc = 0;
    if (ring == NULL || strtab_build(&st, &ctx->vocab) != 0)
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
        uint32_t *perm = ngr_zalloc(pbytes);
        if (perm == NULL) {
            rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
            break;
        }
        ngr_mem_force(ctx, pbytes);
        const size_t k = ngr_order_by_count(&lv->L, &lv->bk, lv->rec, lv->m,
                                            (uint64_t)cfg->min_count, limit, perm);
        rc = emit_level_memory(lv, perm, k, threads, ring, out, &st, err);
        ngr_zfree(perm, pbytes);
        ngr_mem_release(ctx, pbytes);
    }
    if (rc == 0 && fflush(out) != 0)
        rc = nm_err_set(err, NM_EIO, "ngrams: cannot write ngrams.jsonl (disk full?)");
    for (size_t t = 0; ring && t < n_ring; t++)
        free(ring[t].buf.p);
    free(ring);
    free(disk.p);
    strtab_free(&st);
    return rc;
}
