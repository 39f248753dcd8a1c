/* ngram_bigmap.c: the ngrams operator's counts past u32.
 *
 * Table counts are u32; an entry whose count would reach UINT32_MAX keeps
 * that value as a sentinel, and its true u64 totals live here, keyed by
 * (n, ids). Such counts need a corpus of billions of tokens, so a plain
 * open-addressing map is plenty. */
#include <stdlib.h>
#include <string.h>

#include "ngram_internal.h"

static bool key_eq(const uint32_t *a, const uint32_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

static uint64_t big_hash(unsigned n, const uint32_t *key)
{
    return ngr_key_hash(key, n) * 31 + n;
}

static int big_grow(ngr_bigmap *m)
{
    const size_t cap = m->cap ? m->cap * 2 : 16;
    ngr_big *e = calloc(cap, sizeof *e);
    if (e == NULL)
        return NM_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        const ngr_big *b = &m->e[i];
        if (b->n == 0)
            continue;
        size_t j = (size_t)big_hash(b->n, b->key) & (cap - 1);
        while (e[j].n)
            j = (j + 1) & (cap - 1);
        e[j] = *b;
    }
    free(m->e);
    m->e = e;
    m->cap = cap;
    return 0;
}

int ngr_big_add(ngr_bigmap *m, unsigned n, const uint32_t *key, uint64_t count, uint64_t docs)
{
    if ((m->used + 1) * 2 > m->cap && big_grow(m) != 0)
        return NM_ENOMEM;
    size_t i = (size_t)big_hash(n, key) & (m->cap - 1);
    for (;; i = (i + 1) & (m->cap - 1)) {
        ngr_big *b = &m->e[i];
        if (b->n == 0) {
            b->n = n;
            memset(b->key, 0, sizeof b->key);
            memcpy(b->key, key, n * sizeof *key);
            b->count = count;
            b->docs = docs;
            m->used++;
            return 0;
        }
        if (b->n == n && key_eq(b->key, key, n)) {
            /* Saturate rather than wrap: 2^64 occurrences cannot happen. */
            b->count = b->count + count < b->count ? UINT64_MAX : b->count + count;
            b->docs = b->docs + docs < b->docs ? UINT64_MAX : b->docs + docs;
            return 0;
        }
    }
}

const ngr_big *ngr_big_get(const ngr_bigmap *m, unsigned n, const uint32_t *key)
{
    if (m->cap == 0)
        return NULL;
    for (size_t i = (size_t)big_hash(n, key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const ngr_big *b = &m->e[i];
        if (b->n == 0)
            return NULL;
        if (b->n == n && key_eq(b->key, key, n))
            return b;
    }
}

void ngr_big_free(ngr_bigmap *m)
{
    free(m->e);
    memset(m, 0, sizeof *m);
}
