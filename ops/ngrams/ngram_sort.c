/* ngram_sort.c: records of the final aggregate, their sort orders, and
 * sorted runs on disk with a k-way merge.
 *
 * A record packs an n-gram's vocabulary ranks into as few u64 words as the
 * vocabulary size allows (allsides: 18 bits per rank, a trigram in one
 * word), so sorting by n-gram text is sorting small integers: one parallel
 * MSD pass on the top 11 bits, then an LSD radix sort per bucket (buckets
 * are cache-sized on average) that skips digits on which all agree.
 * The output order (count desc, then text) is derived from key order by a
 * single stable bucket pass over the counts: counts below 2048 (nearly all)
 * go to buckets, the few larger ones are sorted by comparison. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ngram_internal.h"

#define NGR_DIGIT 11u
#define NGR_RADIX (1u << NGR_DIGIT)
#define NGR_SMALL_COUNT 2048u

void ngr_layout_make(ngr_layout *L, unsigned n, size_t vocab_n)
{
    unsigned bits = 1;
    while (bits < 32 && ((uint64_t)1 << bits) < vocab_n)
        bits++;
    L->n = n;
    L->bits = bits;
    L->kbits = n * bits;
    L->kw = (L->kbits + 63) / 64;
    L->w = L->kw + 1;
}

void ngr_rec_set_key(const ngr_layout *L, uint64_t *rec, const uint32_t *ranks)
{
    for (unsigned j = 0; j < L->kw; j++)
        rec[j] = 0;
    for (unsigned i = 0; i < L->n; i++) {
        const unsigned o = (L->n - 1 - i) * L->bits;
        const unsigned wd = o / 64, sh = o % 64;
        rec[wd] |= (uint64_t)ranks[i] << sh;
        if (sh + L->bits > 64)
            rec[wd + 1] |= (uint64_t)ranks[i] >> (64 - sh);
    }
}

static uint64_t get_bits(const uint64_t *rec, unsigned kw, unsigned o, unsigned bits)
{
    const unsigned wd = o / 64, sh = o % 64;
    uint64_t v = rec[wd] >> sh;
    if (sh + bits > 64 && wd + 1 < kw)
        v |= rec[wd + 1] << (64 - sh);
    return bits >= 64 ? v : v & (((uint64_t)1 << bits) - 1);
}

void ngr_rec_get_ranks(const ngr_layout *L, const uint64_t *rec, uint32_t *ranks)
{
    for (unsigned i = 0; i < L->n; i++)
        ranks[i] = (uint32_t)get_bits(rec, L->kw, (L->n - 1 - i) * L->bits, L->bits);
}

int ngr_rec_cmp_key(const ngr_layout *L, const uint64_t *a, const uint64_t *b)
{
    for (unsigned j = L->kw; j-- > 0;)
        if (a[j] != b[j])
            return a[j] < b[j] ? -1 : 1;
    return 0;
}

/* ---- radix sort by key --------------------------------------------------------- */

static void insertion_sort(const ngr_layout *L, uint64_t *rec, size_t m)
{
    const unsigned w = L->w;
    uint64_t tmp[NGR_MAX_N + 2];
    for (size_t i = 1; i < m; i++) {
        memcpy(tmp, rec + i * w, w * sizeof *tmp);
        size_t j = i;
        while (j > 0 && ngr_rec_cmp_key(L, rec + (j - 1) * w, tmp) > 0) {
            memcpy(rec + j * w, rec + (j - 1) * w, w * sizeof *tmp);
            j--;
        }
        memcpy(rec + j * w, tmp, w * sizeof *tmp);
    }
}

NGR_INLINE size_t digit_of(const uint64_t *r, unsigned kw, unsigned o, unsigned bits)
{
    if (kw == 1)
        return (size_t)((r[0] >> o) & ((1u << bits) - 1));
    return (size_t)get_bits(r, kw, o, bits);
}

/* One LSD pass; W is a compile-time constant in the common cases so the
 * record copy is two or three plain moves. */
NGR_INLINE void scatter_pass(const uint64_t *src, uint64_t *dst, size_t m, unsigned W, unsigned kw,
                             unsigned o, unsigned bits, size_t *pos)
{
    for (size_t i = 0; i < m; i++) {
        const uint64_t *s = src + i * W;
        uint64_t *t = dst + pos[digit_of(s, kw, o, bits)]++ * W;
        for (unsigned k = 0; k < W; k++)
            t[k] = s[k];
    }
}

static void scatter(const ngr_layout *L, const uint64_t *src, uint64_t *dst, size_t m, unsigned o,
                    unsigned bits, size_t *pos)
{
    const unsigned kw = L->kw;
    switch (L->w) {
    case 2: scatter_pass(src, dst, m, 2, kw, o, bits, pos); break;
    case 3: scatter_pass(src, dst, m, 3, kw, o, bits, pos); break;
    case 4: scatter_pass(src, dst, m, 4, kw, o, bits, pos); break;
    default: scatter_pass(src, dst, m, L->w, kw, o, bits, pos); break;
    }
}

/* LSD radix sort of a[0..m) on key bits [0, hi); b is scratch of m records.
 * Digits on which every record agrees are skipped. Returns the buffer that
 * holds the result (a or b). hist: scratch of 15 * 2048 counters. */
static uint64_t *lsd_sort(const ngr_layout *L, uint64_t *a, uint64_t *b, size_t m, unsigned hi,
                          size_t *hist)
{
    if (m <= 48) {
        insertion_sort(L, a, m);
        return a;
    }
    const unsigned w = L->w, kw = L->kw;
    /* Small sets: 8-bit digits keep the histograms cheap to clear. */
    const unsigned bits = m < 4096 ? 8 : NGR_DIGIT;
    const size_t radix = (size_t)1 << bits;
    const unsigned D = (hi + bits - 1) / bits;
    memset(hist, 0, (size_t)D * radix * sizeof *hist);
    for (size_t i = 0; i < m; i++) {
        const uint64_t *r = a + i * w;
        for (unsigned d = 0; d < D; d++) {
            const unsigned o = d * bits;
            const unsigned nb = hi - o < bits ? hi - o : bits;
            hist[(size_t)d * radix + digit_of(r, kw, o, nb)]++;
        }
    }
    uint64_t *src = a, *dst = b;
    for (unsigned d = 0; d < D; d++) {
        size_t *h = hist + (size_t)d * radix;
        bool trivial = false;
        for (size_t k = 0; k < radix; k++) {
            if (h[k] == m)
                trivial = true;
            if (h[k] != 0)
                break;
        }
        if (trivial)
            continue;
        size_t sum = 0;
        for (size_t k = 0; k < radix; k++) {
            const size_t c = h[k];
            h[k] = sum;
            sum += c;
        }
        const unsigned o = d * bits;
        scatter(L, src, dst, m, o, hi - o < bits ? hi - o : bits, h);
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

#define NGR_HIST_WORDS (15u * NGR_RADIX)

static void serial_sort(const ngr_layout *L, uint64_t *rec, uint64_t *scratch, size_t m)
{
    size_t *hist = malloc(NGR_HIST_WORDS * sizeof *hist);
    if (hist == NULL) {
        insertion_sort(L, rec, m); /* only when not even 240 KiB is left */
        return;
    }
    uint64_t *res = lsd_sort(L, rec, scratch, m, L->kbits, hist);
    if (res != rec)
        memcpy(rec, res, m * L->w * sizeof *rec);
    free(hist);
}

/* MSD on the top 11 bits (in parallel: per-thread histograms, a stable
 * scatter), then every bucket -- cache-sized on average -- gets its own
 * LSD sort on the remaining bits, buckets spread over the threads. */
void ngr_sort_by_key(const ngr_layout *L, uint64_t *rec, uint64_t *scratch, size_t m,
                     unsigned threads)
{
    if (m < 2)
        return;
    const unsigned w = L->w;
    if (threads < 1)
        threads = 1;
    if (L->kbits <= NGR_DIGIT || m < 65536) {
        serial_sort(L, rec, scratch, m);
        return;
    }
    const unsigned o = L->kbits - NGR_DIGIT;
    const unsigned T = threads;
    size_t *cnt = calloc((size_t)T * NGR_RADIX, sizeof *cnt);
    size_t *start = malloc((NGR_RADIX + 1) * sizeof *start);
    size_t *hists = malloc((size_t)T * NGR_HIST_WORDS * sizeof *hists);
    if (cnt == NULL || start == NULL || hists == NULL) {
        free(cnt);
        free(start);
        free(hists);
        serial_sort(L, rec, scratch, m);
        return;
    }
#pragma omp parallel num_threads((int)T)
    {
        const unsigned t = (unsigned)omp_get_thread_num();
        const unsigned nt = (unsigned)omp_get_num_threads();
        const size_t lo = m * t / nt, hi = m * (t + 1) / nt;
        size_t *c = cnt + (size_t)t * NGR_RADIX;
        for (size_t i = lo; i < hi; i++)
            c[digit_of(rec + i * w, L->kw, o, NGR_DIGIT)]++;
#pragma omp barrier
#pragma omp single
        {
            size_t sum = 0;
            for (size_t b = 0; b < NGR_RADIX; b++) {
                start[b] = sum;
                for (unsigned u = 0; u < nt; u++) {
                    const size_t k = cnt[(size_t)u * NGR_RADIX + b];
                    cnt[(size_t)u * NGR_RADIX + b] = sum;
                    sum += k;
                }
            }
            start[NGR_RADIX] = sum;
        }
        scatter(L, rec + lo * w, scratch, hi - lo, o, NGR_DIGIT, c);
#pragma omp barrier
        size_t *hist = hists + (size_t)t * NGR_HIST_WORDS;
#pragma omp for schedule(dynamic, 16)
        for (size_t b = 0; b < NGR_RADIX; b++) {
            const size_t k = start[b + 1] - start[b];
            if (k == 0)
                continue;
            uint64_t *sb = scratch + start[b] * w, *rb = rec + start[b] * w;
            uint64_t *res = lsd_sort(L, sb, rb, k, o, hist);
            if (res != rb)
                memcpy(rb, res, k * w * sizeof *rb);
        }
    }
    free(cnt);
    free(start);
    free(hists);
}

/* ---- counts, including those past u32 ------------------------------------------- */

void ngr_true_counts(const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *rec,
                     uint64_t *count, uint64_t *docs)
{
    const uint32_t c = ngr_rec_count(L, rec);
    if (NGR_LIKELY(c != NGR_SENTINEL)) {
        *count = c;
        *docs = ngr_rec_docs(L, rec);
        return;
    }
    size_t lo = 0, hi = bk->m;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const uint64_t *b = bk->rec + mid * bk->w;
        const int cmp = ngr_rec_cmp_key(L, b, rec);
        if (cmp == 0) {
            *count = b[L->kw];
            *docs = b[L->kw + 1];
            return;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* A sentinel without its big total cannot happen; report the floor. */
    *count = NGR_SENTINEL;
    *docs = NGR_SENTINEL;
}

int ngr_rec_cmp_out(const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *a,
                    const uint64_t *b)
{
    uint64_t ca, cb, da, db;
    ngr_true_counts(L, bk, a, &ca, &da);
    ngr_true_counts(L, bk, b, &cb, &db);
    if (ca != cb)
        return ca > cb ? -1 : 1;
    return ngr_rec_cmp_key(L, a, b);
}

typedef struct order_ctx {
    const ngr_layout *L;
    const ngr_bigkeys *bk;
    const uint64_t *rec;
} order_ctx;

static int order_cmp(const void *a, const void *b, void *arg)
{
    const order_ctx *o = arg;
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return ngr_rec_cmp_out(o->L, o->bk, o->rec + (size_t)x * o->L->w,
                           o->rec + (size_t)y * o->L->w);
}

size_t ngr_order_by_count(const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *rec,
                          size_t m, uint64_t min_count, size_t limit, uint32_t *perm)
{
    const unsigned w = L->w;
    size_t hist[NGR_SMALL_COUNT];
    memset(hist, 0, sizeof hist);
    size_t n_large = 0;
    for (size_t i = 0; i < m; i++) {
        const uint32_t c = ngr_rec_count(L, rec + i * w);
        if (c < NGR_SMALL_COUNT) {
            if (c >= min_count)
                hist[c]++;
        } else if (c != NGR_SENTINEL) {
            if (c >= min_count)
                n_large++;
        } else {
            uint64_t tc, td;
            ngr_true_counts(L, bk, rec + i * w, &tc, &td);
            if (tc >= min_count)
                n_large++;
        }
    }
    /* Bucket c starts after the large ones and every bucket above it. */
    size_t pos = n_large;
    for (size_t c = NGR_SMALL_COUNT; c-- > 0;) {
        const size_t k = hist[c];
        hist[c] = pos;
        pos += k;
    }
    const size_t total = pos;
    size_t lpos = 0;
    for (size_t i = 0; i < m; i++) {
        const uint32_t c = ngr_rec_count(L, rec + i * w);
        if (c < NGR_SMALL_COUNT) {
            if (c >= min_count)
                perm[hist[c]++] = (uint32_t)i;
            continue;
        }
        uint64_t tc = c, td;
        if (c == NGR_SENTINEL)
            ngr_true_counts(L, bk, rec + i * w, &tc, &td);
        if (tc >= min_count)
            perm[lpos++] = (uint32_t)i;
    }
    if (n_large > 1) {
        order_ctx o = {L, bk, rec};
        qsort_r(perm, n_large, sizeof *perm, order_cmp, &o);
    }
    return total < limit ? total : limit;
}

/* ---- run files -------------------------------------------------------------------- */

#define NGR_RUNBUF_WORDS (1u << 16)   /* 512 KiB staging for appends */

int ngr_rfile_open(ngr_rfile *f, ngr_ctx *ctx, const char *tmp_dir, nm_err *err)
{
    memset(f, 0, sizeof *f);
    f->fd = ngr_tmpfile(ctx, tmp_dir, "runs", err);
    if (f->fd < 0) {
        const int rc = f->fd;
        f->fd = -1;
        return rc;
    }
    return 0;
}

int ngr_rfile_append(ngr_rfile *f, const ngr_layout *L, const uint64_t *rec, const uint32_t *perm,
                     size_t m, nm_err *err)
{
    const unsigned w = L->w;
    if (f->n_runs + 2 > f->cap_runs) {
        const size_t cap = f->cap_runs ? f->cap_runs * 2 : 16;
        uint64_t *s = realloc(f->start, cap * sizeof *s);
        if (s == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        f->start = s;
        f->cap_runs = cap;
    }
    const uint64_t first = f->end / (w * sizeof *rec);
    if (perm == NULL) {
        if (ngr_write_all(f->fd, rec, m * w * sizeof *rec) != 0)
            return nm_err_set(err, NM_EIO, "ngrams: cannot write a run file (disk full?)");
    } else {
        uint64_t *buf = malloc(NGR_RUNBUF_WORDS * sizeof *buf);
        if (buf == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        size_t fill = 0;
        for (size_t i = 0; i < m; i++) {
            if (fill + w > NGR_RUNBUF_WORDS) {
                if (ngr_write_all(f->fd, buf, fill * sizeof *buf) != 0) {
                    free(buf);
                    return nm_err_set(err, NM_EIO, "ngrams: cannot write a run file (disk full?)");
                }
                fill = 0;
            }
            memcpy(buf + fill, rec + (size_t)perm[i] * w, w * sizeof *buf);
            fill += w;
        }
        const int bad = ngr_write_all(f->fd, buf, fill * sizeof *buf);
        free(buf);
        if (bad)
            return nm_err_set(err, NM_EIO, "ngrams: cannot write a run file (disk full?)");
    }
    f->start[f->n_runs++] = first;
    f->end += (uint64_t)m * w * sizeof *rec;
    f->start[f->n_runs] = f->end / (w * sizeof *rec);
    return 0;
}

uint64_t ngr_rfile_records(const ngr_rfile *f)
{
    return f->n_runs ? f->start[f->n_runs] : 0;
}

void ngr_rfile_close(ngr_rfile *f)
{
    if (f->fd >= 0)
        close(f->fd);
    free(f->start);
    memset(f, 0, sizeof *f);
    f->fd = -1;
}

/* ---- k-way merge ------------------------------------------------------------------ */

typedef struct ngr_cursor {
    uint64_t *buf;
    size_t have, pos;        /* records in buf, next to return */
    uint64_t next, end;      /* record indices in the file still to read */
} ngr_cursor;

struct ngr_merger {
    const ngr_layout *L;
    const ngr_bigkeys *bk;
    ngr_order order;
    int fd;
    size_t k, hn, B;
    ngr_cursor *cur;
    size_t *heap;
    bool started;
    ngr_ctx *ctx;
    uint64_t bytes;
};

static int cursor_fill(ngr_merger *m, ngr_cursor *c)
{
    const unsigned w = m->L->w;
    const uint64_t left = c->end - c->next;
    const size_t k = left < m->B ? (size_t)left : m->B;
    c->have = k;
    c->pos = 0;
    if (k == 0)
        return 0;
    if (ngr_pread_all(m->fd, c->buf, k * w * sizeof *c->buf, c->next * w * sizeof *c->buf) != 0)
        return NM_EIO;
    c->next += k;
    return 0;
}

static const uint64_t *cursor_rec(const ngr_merger *m, const ngr_cursor *c)
{
    return c->buf + c->pos * m->L->w;
}

static int merger_less(const ngr_merger *m, size_t a, size_t b)
{
    const uint64_t *ra = cursor_rec(m, &m->cur[a]), *rb = cursor_rec(m, &m->cur[b]);
    const int c = m->order == NGR_BY_KEY ? ngr_rec_cmp_key(m->L, ra, rb)
                                         : ngr_rec_cmp_out(m->L, m->bk, ra, rb);
    return c < 0 || (c == 0 && a < b);
}

static void sift_down(ngr_merger *m, size_t i)
{
    for (;;) {
        size_t best = i;
        const size_t l = 2 * i + 1, r = l + 1;
        if (l < m->hn && merger_less(m, m->heap[l], m->heap[best]))
            best = l;
        if (r < m->hn && merger_less(m, m->heap[r], m->heap[best]))
            best = r;
        if (best == i)
            return;
        const size_t t = m->heap[i];
        m->heap[i] = m->heap[best];
        m->heap[best] = t;
        i = best;
    }
}

int ngr_merger_open(ngr_merger **out, const ngr_rfile *f, const ngr_layout *L,
                    const ngr_bigkeys *bk, ngr_order order, ngr_ctx *ctx, nm_err *err)
{
    *out = NULL;
    ngr_merger *m = calloc(1, sizeof *m);
    if (m == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    m->L = L;
    m->bk = bk;
    m->order = order;
    m->fd = f->fd;
    m->k = f->n_runs;
    m->ctx = ctx;
    /* Read buffers share what the budget has left, 1 Ki .. 64 Ki records each. */
    const uint64_t per = (uint64_t)L->w * sizeof(uint64_t);
    uint64_t B = m->k ? ngr_mem_avail(ctx) / 2 / (m->k * per) : 1;
    B = B < 1024 ? 1024 : B > 65536 ? 65536 : B;
    m->B = (size_t)B;
    m->cur = calloc(m->k ? m->k : 1, sizeof *m->cur);
    m->heap = calloc(m->k ? m->k : 1, sizeof *m->heap);
    if (m->cur == NULL || m->heap == NULL) {
        ngr_merger_free(m);
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    }
    m->bytes = m->k * B * per;
    ngr_mem_force(ctx, m->bytes);
    for (size_t i = 0; i < m->k; i++) {
        ngr_cursor *c = &m->cur[i];
        c->next = f->start[i];
        c->end = f->start[i + 1];
        if (c->end == c->next)
            continue;
        c->buf = malloc(m->B * per);
        if (c->buf == NULL) {
            ngr_merger_free(m);
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        }
        if (cursor_fill(m, c) != 0) {
            ngr_merger_free(m);
            return nm_err_set(err, NM_EIO, "ngrams: cannot read back a run file");
        }
        m->heap[m->hn++] = i;
    }
    for (size_t i = m->hn / 2; i-- > 0;)
        sift_down(m, i);
    *out = m;
    return 0;
}

int ngr_merger_next(ngr_merger *m, const uint64_t **rec, nm_err *err)
{
    if (m->started && m->hn > 0) {
        /* Advance the cursor whose record was returned last time. */
        ngr_cursor *c = &m->cur[m->heap[0]];
        if (++c->pos == c->have) {
            if (cursor_fill(m, c) != 0)
                return nm_err_set(err, NM_EIO, "ngrams: cannot read back a run file");
            if (c->have == 0)
                m->heap[0] = m->heap[--m->hn];
        }
        if (m->hn > 0)
            sift_down(m, 0);
    }
    m->started = true;
    if (m->hn == 0)
        return 0;
    *rec = cursor_rec(m, &m->cur[m->heap[0]]);
    return 1;
}

void ngr_merger_free(ngr_merger *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->k && m->cur; i++)
        free(m->cur[i].buf);
    free(m->cur);
    free(m->heap);
    ngr_mem_release(m->ctx, m->bytes);
    free(m);
}
