/* ngram_table.c: the ngrams operator's counting tables.
 *
 * A counter holds, per n and per hash partition, an open-addressing table
 * with linear probing of fixed-size entries {key[n], count, docs} (u32
 * words, count 0 = empty). Partitions keep tables apart: growing one
 * rehashes 1/16 of an n's data (no 2x peak of a single huge table), the
 * final aggregation folds and packs partitions independently (in parallel),
 * and a spill is read back one partition at a time. Tables grow by 1.5x up
 * to a 70% load, so memory tracks the data within ~1.4-2.1x.
 *
 * This file also holds the general (slow-path) add with the u32 sentinel
 * rules and the counter merge; the map of counts past u32 is in
 * ngram_bigmap.c, the file helpers in ngram_spill.c. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ngram_internal.h"

#define NGR_TABLE_MIN 64u
/* Most inserts of 2- and 3-grams are of new keys, whose linear-probing
 * search runs to the next empty slot: ~(1 + 1/(1-a)^2)/2 slots at load a,
 * 22 at 85%, 6 at 70%. Growing at 70% instead of 85% costs ~20% more table
 * memory and saved ~10% of the operator on allsides37k (2 threads). */
#define NGR_MAX_LOAD_PCT 70u

int ngr_counter_init(ngr_counter *c, ngr_ctx *ctx, const char *tmp_dir, unsigned min_n,
                     unsigned max_n, unsigned threads)
{
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
    c->tmp_dir = tmp_dir;
    c->min_n = min_n;
    c->max_n = max_n;
    c->threads = threads ? threads : 1;
    c->fd = -1;
    return 0;
}

static uint64_t table_bytes(unsigned n, uint32_t cap)
{
    return (uint64_t)cap * (n + 2) * sizeof(uint32_t);
}

uint64_t ngr_table_free(ngr_pages *pg, ngr_table *t, unsigned n)
{
    const uint64_t b = table_bytes(n, t->cap);
    ngr_zfree(pg, t->slot, (size_t)b);
    memset(t, 0, sizeof *t);
    return b;
}

void ngr_counter_free_tables(ngr_counter *c)
{
    ngr_pages *pg = c->ctx ? &c->ctx->pages : NULL;
    for (unsigned n = 1; n <= NGR_MAX_N; n++)
        for (unsigned p = 0; p < NGR_PARTS; p++) {
            if (c->tab[n - 1][p].slot)
                ngr_table_free(pg, &c->tab[n - 1][p], n);
            for (size_t x = 0; x < c->n_extra; x++)
                if (c->extra[x]->tab[n - 1][p].slot)
                    ngr_table_free(pg, &c->extra[x]->tab[n - 1][p], n);
        }
    for (size_t x = 0; x < c->n_extra; x++)
        free(c->extra[x]);
    c->n_extra = 0;
    if (c->ctx)
        ngr_mem_release(c->ctx, c->tab_bytes);
    c->tab_bytes = 0;
}

void ngr_counter_free(ngr_counter *c)
{
    ngr_counter_free_tables(c);
    free(c->extra);
    for (size_t i = 0; i < c->n_runs; i++)
        free(c->runs[i]);
    if (c->ctx)
        ngr_mem_release(c->ctx, c->n_runs * sizeof(ngr_run));
    free(c->runs);
    for (size_t i = 0; i < c->n_fds; i++)
        close(c->fds[i]);
    free(c->fds);
    ngr_big_free(&c->big);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

/* Inserts a whole entry into a table known to have room and not to hold
 * the key (rehash). */
NGR_INLINE void table_place(ngr_table *t, const unsigned n, const uint32_t *e)
{
    const unsigned w = n + 2;
    uint32_t i = ngr_home(ngr_key_hash(e, n), t->cap);
    for (;;) {
        uint32_t *d = t->slot + (size_t)i * w;
        if (d[n] == 0) {
            for (unsigned k = 0; k < w; k++)
                d[k] = e[k];
            return;
        }
        if (++i == t->cap)
            i = 0;
    }
}

NGR_INLINE void table_rehash(ngr_table *nt, const ngr_table *t, const unsigned n)
{
    const unsigned w = n + 2;
    for (uint32_t i = 0; i < t->cap; i++) {
        const uint32_t *e = t->slot + (size_t)i * w;
        if (e[n] != 0)
            table_place(nt, n, e);
    }
}

/* Resizes table (n, p) to cap entries (cap > used). Over budget, it may
 * spill the whole counter first (never during the final aggregation, the
 * only place bulk reservations happen), and then starts the table small. */
static int table_resize(ngr_counter *c, unsigned n, unsigned p, uint64_t cap, nm_err *err)
{
    ngr_table *t = &c->tab[n - 1][p];
    /* A huge-page allocation is rounded up: use all of it. */
    cap = ngr_alloc_size((size_t)(cap * (n + 2) * sizeof(uint32_t))) / ((n + 2) * sizeof(uint32_t));
    if (cap > UINT32_MAX - 1)
        return nm_err_set(err, NM_ENOMEM, "ngrams: a counting table is full");
    uint64_t need = table_bytes(n, (uint32_t)cap) - table_bytes(n, t->cap);
    if (!ngr_mem_try(c->ctx, need)) {
        /* Over budget. Spill when this counter holds a fair share of it;
         * a thread that holds little goes on (a bounded overshoot) so the
         * big holders spill instead of every small one churning. */
        const uint64_t fair = c->ctx->budget / c->threads / 4;
        if (!c->no_spill && c->tab_bytes > 0 && c->tab_bytes >= fair) {
            const int rc = ngr_counter_spill(c, err);
            if (rc != 0)
                return rc;
            if (t->cap == 0) {
                cap = NGR_TABLE_MIN;
                need = table_bytes(n, (uint32_t)cap);
            }
        }
        ngr_mem_force(c->ctx, need);
    }
    uint32_t *slot = ngr_zalloc(&c->ctx->pages, (size_t)table_bytes(n, (uint32_t)cap));
    if (slot == NULL) {
        ngr_mem_release(c->ctx, need);
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory growing a counting table");
    }
    ngr_table nt = {.slot = slot, .cap = (uint32_t)cap, .used = t->used,
                    .limit = (uint32_t)(cap * NGR_MAX_LOAD_PCT / 100)};
    switch (n) {
    case 1: table_rehash(&nt, t, 1); break;
    case 2: table_rehash(&nt, t, 2); break;
    case 3: table_rehash(&nt, t, 3); break;
    case 4: table_rehash(&nt, t, 4); break;
    default: table_rehash(&nt, t, 5); break;
    }
    ngr_zfree(&c->ctx->pages, t->slot, (size_t)table_bytes(n, t->cap));
    *t = nt;
    c->tab_bytes += need;
    return 0;
}

int ngr_counter_grow(ngr_counter *c, unsigned n, unsigned p, nm_err *err)
{
    const ngr_table *t = &c->tab[n - 1][p];
    return table_resize(c, n, p, t->cap ? (uint64_t)t->cap + t->cap / 2 : NGR_TABLE_MIN, err);
}

int ngr_counter_reserve(ngr_counter *c, unsigned n, unsigned p, uint64_t more, nm_err *err)
{
    /* Entries folded in from another table or a spilled segment arrive in
     * that table's slot order, i.e. sorted by home slot: growing only on
     * the global load would let the front of the table overflow locally
     * into one huge cluster (quadratic probing). Room for all of them
     * first keeps the table uniformly below its load limit. */
    const ngr_table *t = &c->tab[n - 1][p];
    const uint64_t need = (uint64_t)t->used + more;
    if (need <= t->limit)
        return 0;
    uint64_t cap = need * 100 / NGR_MAX_LOAD_PCT + 1;
    const uint64_t step = t->cap ? (uint64_t)t->cap + t->cap / 2 : NGR_TABLE_MIN;
    return table_resize(c, n, p, cap > step ? cap : step, err);
}

static bool key_eq(const uint32_t *a, const uint32_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The big map is shared by all partitions: partitions may be aggregated in
 * parallel, so updates take the lock (they are rare: counts past 2^32). */
static int big_add(ngr_counter *c, unsigned n, const uint32_t *key, uint64_t count, uint64_t docs)
{
    pthread_mutex_lock(&c->ctx->big_lock);
    const int rc = ngr_big_add(&c->big, n, key, count, docs);
    pthread_mutex_unlock(&c->ctx->big_lock);
    return rc;
}

int ngr_counter_add(ngr_counter *c, unsigned n, const uint32_t *key, uint64_t count,
                    uint64_t docs, bool incoming_sentinel, nm_err *err)
{
    const uint64_t h = ngr_key_hash(key, n);
    const unsigned p = ngr_part(h);
    ngr_table *t = &c->tab[n - 1][p];
    if (t->used >= t->limit) {
        const int rc = ngr_counter_grow(c, n, p, err);
        if (rc != 0)
            return rc;
    }
    const unsigned w = n + 2;
    uint32_t i = ngr_home(h, t->cap);
    for (;;) {
        uint32_t *e = t->slot + (size_t)i * w;
        if (e[n] == 0) {
            memcpy(e, key, n * sizeof *e);
            t->used++;
            if (incoming_sentinel) {
                e[n] = e[n + 1] = NGR_SENTINEL;
            } else if (count >= NGR_SENTINEL) {
                if (big_add(c, n, key, count, docs) != 0)
                    return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
                e[n] = e[n + 1] = NGR_SENTINEL;
            } else {
                e[n] = (uint32_t)count;
                e[n + 1] = (uint32_t)docs;
            }
            return 0;
        }
        if (key_eq(e, key, n)) {
            int rc = 0;
            if (e[n] == NGR_SENTINEL) {
                if (!incoming_sentinel)
                    rc = big_add(c, n, key, count, docs);
            } else if (incoming_sentinel) {
                rc = big_add(c, n, key, e[n], e[n + 1]);
                e[n] = e[n + 1] = NGR_SENTINEL;
            } else if ((uint64_t)e[n] + count >= NGR_SENTINEL) {
                rc = big_add(c, n, key, e[n] + count, e[n + 1] + docs);
                e[n] = e[n + 1] = NGR_SENTINEL;
            } else {
                e[n] += (uint32_t)count;
                e[n + 1] += (uint32_t)docs;
            }
            return rc ? nm_err_set(err, NM_ENOMEM, "ngrams: out of memory") : 0;
        }
        if (++i == t->cap)
            i = 0;
    }
}

static int grow_array(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *a = realloc(*arr, ncap * elem);
    if (a == NULL)
        return NM_ENOMEM;
    *arr = a;
    *cap = ncap;
    return 0;
}

int ngr_counter_merge(ngr_counter *into, ngr_counter *from, nm_err *err)
{
    /* Big counts first: a sentinel folded later refers to them. */
    for (size_t i = 0; i < from->big.cap; i++) {
        const ngr_big *b = &from->big.e[i];
        if (b->n && ngr_big_add(&into->big, b->n, b->key, b->count, b->docs) != 0)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    }
    ngr_big_free(&from->big);

    /* Spilled runs and their files change owner. */
    if (grow_array((void **)&into->runs, &into->cap_runs, into->n_runs + from->n_runs,
                   sizeof *into->runs) != 0 ||
        grow_array((void **)&into->fds, &into->cap_fds, into->n_fds + from->n_fds,
                   sizeof *into->fds) != 0 ||
        grow_array((void **)&into->extra, &into->cap_extra, into->n_extra + from->n_extra + 1,
                   sizeof *into->extra) != 0)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    if (from->n_runs)
        memcpy(into->runs + into->n_runs, from->runs, from->n_runs * sizeof *from->runs);
    into->n_runs += from->n_runs;
    from->n_runs = 0;
    if (from->n_fds)
        memcpy(into->fds + into->n_fds, from->fds, from->n_fds * sizeof *from->fds);
    into->n_fds += from->n_fds;
    from->n_fds = 0;
    from->fd = -1;
    into->spills += from->spills;

    /* Tables change owner as they are; folding waits for ngr_counter_gather,
     * which works one cache-sized partition at a time. */
    ngr_tabset *set = malloc(sizeof *set);
    if (set == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    memcpy(set->tab, from->tab, sizeof set->tab);
    memset(from->tab, 0, sizeof from->tab);
    into->extra[into->n_extra++] = set;
    if (from->n_extra)
        memcpy(into->extra + into->n_extra, from->extra, from->n_extra * sizeof *from->extra);
    into->n_extra += from->n_extra;
    from->n_extra = 0;
    into->tab_bytes += from->tab_bytes;
    from->tab_bytes = 0;
    return 0;
}

int ngr_counter_gather(ngr_counter *c, unsigned n, unsigned p, nm_err *err)
{
    ngr_table *t = &c->tab[n - 1][p];
    const unsigned w = n + 2;
    for (size_t x = 0; x < c->n_extra; x++) {
        ngr_table *xt = &c->extra[x]->tab[n - 1][p];
        if (xt->used > t->used) {
            const ngr_table tmp = *t;
            *t = *xt;
            *xt = tmp;
        }
        int rc = ngr_counter_reserve(c, n, p, xt->used, err);
        if (rc != 0)
            return rc;
        for (uint32_t i = 0; i < xt->cap; i++) {
            const uint32_t *e = xt->slot + (size_t)i * w;
            if (e[n] == 0)
                continue;
            rc = ngr_counter_add(c, n, e, e[n], e[n + 1], e[n] == NGR_SENTINEL, err);
            if (rc != 0)
                return rc;
        }
        if (xt->slot) {
            const uint64_t b = ngr_table_free(&c->ctx->pages, xt, n);
            c->tab_bytes -= b;
            ngr_mem_release(c->ctx, b);
        }
    }
    return ngr_counter_load_runs(c, n, p, err);
}
