/* ngram_vocab.c: the run-wide token vocabulary of the ngrams operator.
 *
 * Every distinct token form gets a dense u32 id the first time any thread
 * sees it, so n-grams are counted as fixed-size integer keys instead of
 * strings. The shared table is guarded by a mutex; each thread looks forms
 * up in its own cache first, so after warm-up (a few thousand documents)
 * the lock is almost never taken. Ids depend on timing, which is harmless:
 * nothing is ever ordered by id; the output orders by ranks from
 * ngr_vocab_finalize, which sorts the forms by bytes. */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "ngram_internal.h"

struct ngr_block {
    struct ngr_block *next;
    size_t size;
    char data[];
};

#define NGR_BLOCK_MIN (64u * 1024u)

uint64_t ngr_str_hash(const char *s, size_t len)
{
    uint64_t a, b;
    return ngr_str_key(s, len, &a, &b);
}

bool ngr_mem_try(ngr_ctx *ctx, uint64_t bytes)
{
    uint64_t cur = atomic_load_explicit(&ctx->mem_used, memory_order_relaxed);
    for (;;) {
        if (cur + bytes > ctx->budget)
            return false;
        if (atomic_compare_exchange_weak_explicit(&ctx->mem_used, &cur, cur + bytes,
                                                  memory_order_relaxed, memory_order_relaxed))
            return true;
    }
}

void ngr_mem_force(ngr_ctx *ctx, uint64_t bytes)
{
    atomic_fetch_add_explicit(&ctx->mem_used, bytes, memory_order_relaxed);
}

void ngr_mem_release(ngr_ctx *ctx, uint64_t bytes)
{
    atomic_fetch_sub_explicit(&ctx->mem_used, bytes, memory_order_relaxed);
}

uint64_t ngr_mem_avail(const ngr_ctx *ctx)
{
    const uint64_t used = atomic_load_explicit(&ctx->mem_used, memory_order_relaxed);
    return used >= ctx->budget ? 0 : ctx->budget - used;
}

int ngr_vocab_init(ngr_vocab *v)
{
    memset(v, 0, sizeof *v);
    if (pthread_mutex_init(&v->lock, NULL) != 0)
        return NM_ENOMEM;
    v->lock_ok = true;
    return 0;
}

void ngr_vocab_free(ngr_vocab *v, ngr_ctx *ctx)
{
    if (v->lock_ok)
        pthread_mutex_destroy(&v->lock);
    for (struct ngr_block *b = v->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(v->index);
    free(v->str);
    free(v->len);
    free(v->hash);
    free(v->stop);
    free(v->rank);
    free(v->by_rank);
    if (ctx)
        ngr_mem_release(ctx, v->bytes);
    memset(v, 0, sizeof *v);
}

static int vocab_grow_arrays(ngr_vocab *v, ngr_ctx *ctx)
{
    const size_t cap = v->cap ? v->cap * 2 : 4096;
    const char **str = realloc(v->str, cap * sizeof *str);
    if (str == NULL)
        return NM_ENOMEM;
    v->str = str;
    uint32_t *len = realloc(v->len, cap * sizeof *len);
    if (len == NULL)
        return NM_ENOMEM;
    v->len = len;
    uint64_t *hash = realloc(v->hash, cap * sizeof *hash);
    if (hash == NULL)
        return NM_ENOMEM;
    v->hash = hash;
    uint8_t *stop = realloc(v->stop, cap);
    if (stop == NULL)
        return NM_ENOMEM;
    v->stop = stop;
    const uint64_t per = sizeof *str + sizeof *len + sizeof *hash + 1;
    ngr_mem_force(ctx, (cap - v->cap) * per);
    v->bytes += (cap - v->cap) * per;
    v->cap = cap;
    return 0;
}

static int vocab_grow_index(ngr_vocab *v, ngr_ctx *ctx)
{
    const size_t cap = v->index_cap ? v->index_cap * 2 : 8192;
    uint32_t *idx = calloc(cap, sizeof *idx);
    if (idx == NULL)
        return NM_ENOMEM;
    for (size_t id = 0; id < v->n; id++) {
        size_t i = (size_t)v->hash[id] & (cap - 1);
        while (idx[i])
            i = (i + 1) & (cap - 1);
        idx[i] = (uint32_t)id + 1;
    }
    free(v->index);
    ngr_mem_force(ctx, (cap - v->index_cap) * sizeof *idx);
    v->bytes += (cap - v->index_cap) * sizeof *idx;
    v->index = idx;
    v->index_cap = cap;
    return 0;
}

static const char *vocab_store(ngr_vocab *v, ngr_ctx *ctx, const char *s, uint32_t len)
{
    if (v->blk_left < (size_t)len + 1) {
        const size_t size = (size_t)len + 1 > NGR_BLOCK_MIN ? (size_t)len + 1 : NGR_BLOCK_MIN;
        struct ngr_block *b = malloc(sizeof *b + size);
        if (b == NULL)
            return NULL;
        b->next = v->blocks;
        b->size = size;
        v->blocks = b;
        v->blk_pos = b->data;
        v->blk_left = size;
        ngr_mem_force(ctx, sizeof *b + size);
        v->bytes += sizeof *b + size;
    }
    char *p = v->blk_pos;
    memcpy(p, s, len);
    p[len] = '\0';
    v->blk_pos += (size_t)len + 1;
    v->blk_left -= (size_t)len + 1;
    return p;
}

/* Under the lock. */
static int vocab_intern_locked(ngr_vocab *v, ngr_ctx *ctx, const ngr_stopset *stop,
                               const char *s, uint32_t len, uint64_t hash,
                               const char **stable, uint32_t *idf)
{
    if (v->index_cap) {
        size_t i = (size_t)hash & (v->index_cap - 1);
        for (uint32_t e; (e = v->index[i]) != 0; i = (i + 1) & (v->index_cap - 1)) {
            const uint32_t id = e - 1;
            if (v->hash[id] == hash && v->len[id] == len && memcmp(v->str[id], s, len) == 0) {
                *stable = v->str[id];
                *idf = id << 1 | v->stop[id];
                return 0;
            }
        }
    }
    if (v->n >= (size_t)UINT32_MAX >> 1)
        return NM_ENOMEM; /* ids are 31 bits in the caches */
    if (v->n == v->cap && vocab_grow_arrays(v, ctx) != 0)
        return NM_ENOMEM;
    if ((v->n + 1) * 2 > v->index_cap && vocab_grow_index(v, ctx) != 0)
        return NM_ENOMEM;
    const char *p = vocab_store(v, ctx, s, len);
    if (p == NULL)
        return NM_ENOMEM;
    const uint32_t id = (uint32_t)v->n++;
    v->str[id] = p;
    v->len[id] = len;
    v->hash[id] = hash;
    v->stop[id] = stop && stop->n && ngr_stop_contains(stop, s, len);
    size_t i = (size_t)hash & (v->index_cap - 1);
    while (v->index[i])
        i = (i + 1) & (v->index_cap - 1);
    v->index[i] = id + 1;
    *stable = p;
    *idf = id << 1 | v->stop[id];
    return 0;
}

int ngr_vocab_intern(ngr_ctx *ctx, const ngr_stopset *stop, const char *s, uint32_t len,
                     uint64_t hash, const char **stable, uint32_t *idf)
{
    ngr_vocab *v = &ctx->vocab;
    pthread_mutex_lock(&v->lock);
    const int rc = vocab_intern_locked(v, ctx, stop, s, len, hash, stable, idf);
    pthread_mutex_unlock(&v->lock);
    return rc;
}

static int vocab_cmp(const void *a, const void *b, void *arg)
{
    const ngr_vocab *v = arg;
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const uint32_t lx = v->len[x], ly = v->len[y];
    const int c = memcmp(v->str[x], v->str[y], lx < ly ? lx : ly);
    if (c != 0)
        return c;
    return lx < ly ? -1 : lx > ly;
}

int ngr_vocab_finalize(ngr_ctx *ctx)
{
    ngr_vocab *v = &ctx->vocab;
    if (v->rank && v->fin_n == v->n)
        return 0;
    const size_t n = v->n;
    uint32_t *rank = realloc(v->rank, (n ? n : 1) * sizeof *rank);
    if (rank == NULL)
        return NM_ENOMEM;
    v->rank = rank;
    uint32_t *by = realloc(v->by_rank, (n ? n : 1) * sizeof *by);
    if (by == NULL)
        return NM_ENOMEM;
    v->by_rank = by;
    for (size_t i = 0; i < n; i++)
        by[i] = (uint32_t)i;
    qsort_r(by, n, sizeof *by, vocab_cmp, v);
    for (size_t r = 0; r < n; r++)
        rank[by[r]] = (uint32_t)r;
    const uint64_t had = v->fin_n * 2 * sizeof *rank;
    ngr_mem_release(ctx, had);
    ngr_mem_force(ctx, n * 2 * sizeof *rank);
    v->bytes = v->bytes - had + n * 2 * sizeof *rank;
    v->fin_n = n;
    return 0;
}

/* ---- per-thread cache ----------------------------------------------------- */

static int vcache_grow(ngr_vcache *vc, ngr_ctx *ctx)
{
    const size_t cap = vc->cap ? vc->cap * 2 : 4096;
    ngr_vslot *slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return NM_ENOMEM;
    for (size_t i = 0; i < vc->cap; i++) {
        const ngr_vslot *s = &vc->slot[i];
        if (s->str == NULL)
            continue;
        size_t j = (size_t)s->hash & (cap - 1);
        while (slot[j].str)
            j = (j + 1) & (cap - 1);
        slot[j] = *s;
    }
    free(vc->slot);
    ngr_mem_force(ctx, (cap - vc->cap) * sizeof *slot);
    vc->slot = slot;
    vc->cap = cap;
    return 0;
}

int ngr_vcache_miss(ngr_vcache *vc, ngr_ctx *ctx, const ngr_stopset *stop, const char *s,
                    uint32_t len, uint64_t h, uint64_t a, uint64_t b, uint32_t *idf)
{
    if ((vc->n + 1) * 4 > vc->cap * 3 && vcache_grow(vc, ctx) != 0)
        return NM_ENOMEM;
    const size_t mask = vc->cap - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        const ngr_vslot *sl = &vc->slot[i];
        if (sl->str == NULL)
            break;
        if (sl->a == a && sl->b == b && sl->len == len &&
            (len <= 16 || memcmp(sl->str, s, len) == 0)) {
            *idf = sl->idf;
            return 0;
        }
        i = (i + 1) & mask;
    }
    const char *stable = NULL;
    const int rc = ngr_vocab_intern(ctx, stop, s, len, h, &stable, idf);
    if (rc != 0)
        return rc;
    ngr_vslot *sl = &vc->slot[i];
    sl->a = a;
    sl->b = b;
    sl->hash = h;
    sl->str = stable;
    sl->len = len;
    sl->idf = *idf;
    vc->n++;
    return 0;
}

void ngr_vcache_free(ngr_vcache *vc, ngr_ctx *ctx)
{
    if (ctx)
        ngr_mem_release(ctx, vc->cap * sizeof *vc->slot);
    free(vc->slot);
    memset(vc, 0, sizeof *vc);
}

/* ---- stopword set ---------------------------------------------------------- */

bool ngr_stop_contains(const ngr_stopset *s, const char *w, size_t len)
{
    if (s->index_cap == 0)
        return false;
    size_t i = (size_t)ngr_str_hash(w, len) & (s->index_cap - 1);
    for (uint32_t e; (e = s->index[i]) != 0; i = (i + 1) & (s->index_cap - 1))
        if (s->wlen[e - 1] == len && memcmp(s->word[e - 1], w, len) == 0)
            return true;
    return false;
}
