/* stance_map.c: the stance operator's string -> uint32 hash map, used for
 * the alias index, the verb forms and the dyads of the aggregate. Open
 * addressing with the full hash kept per slot, keys in one arena addressed
 * by offset so that growing it never invalidates a slot. Most lookups are
 * misses (words that start no alias, are no verb), and a probe of the slot
 * array is a cache miss; so a bit per hash (8 bits per slot, one hash: a
 * one-way Bloom filter, about 1 in 16 false hits) turns most misses away in a
 * few kilobytes that stay in cache. */
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "stance_internal.h"

uint64_t st_hash(const char *s, size_t n)
{
    return XXH3_64bits(s, n);
}

bool st_grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * sz);
    if (q == NULL)
        return false;
    *p = q;
    *cap = c;
    return true;
}

/* Short keys (words) compare faster inline than through a memcmp call. */
static inline bool key_eq(const char *a, const char *b, size_t n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n > 0) {
        if (*a++ != *b++)
            return false;
        n--;
    }
    return true;
}

/* The filter bit of hash h: upper bits, the slot index uses the lower ones. */
static inline size_t bit_of(const st_map *m, uint64_t h)
{
    return (size_t)(h >> 32) & (m->cap * 8 - 1);
}

bool st_map_get(const st_map *m, const char *s, size_t n, uint64_t h, uint32_t *val)
{
    if (m->cap == 0)
        return false;
    const size_t b = bit_of(m, h);
    if (!(m->bits[b / 64] >> (b % 64) & 1u))
        return false;
    const size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const st_slot *sl = &m->slot[i];
        if (!sl->used)
            return false;
        if (sl->hash == h && sl->key_len == n && key_eq(m->keys + sl->key_off, s, n)) {
            *val = sl->val;
            return true;
        }
    }
}

static int map_rehash(st_map *m, size_t cap)
{
    st_slot *ns = calloc(cap, sizeof *ns);
    uint64_t *nb = calloc(cap / 8, sizeof *nb); /* cap * 8 bits; cap >= 64 */
    if (ns == NULL || nb == NULL) {
        free(ns);
        free(nb);
        return NM_ENOMEM;
    }
    free(m->bits);
    m->bits = nb;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slot[i].used)
            continue;
        size_t j = (size_t)m->slot[i].hash & (cap - 1);
        while (ns[j].used)
            j = (j + 1) & (cap - 1);
        ns[j] = m->slot[i];
    }
    free(m->slot);
    m->slot = ns;
    m->cap = cap;
    for (size_t i = 0; i < cap; i++)
        if (ns[i].used) {
            const size_t b = bit_of(m, ns[i].hash);
            nb[b / 64] |= UINT64_C(1) << (b % 64);
        }
    return 0;
}

int st_map_put(st_map *m, const char *s, size_t n, uint32_t *val_io)
{
    return st_map_put_h(m, s, n, st_hash(s, n), val_io);
}

int st_map_put_h(st_map *m, const char *s, size_t n, uint64_t h, uint32_t *val_io)
{
    if ((m->n + 1) * 2 > m->cap && map_rehash(m, m->cap ? m->cap * 2 : 64) != 0)
        return NM_ENOMEM;
    const size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        st_slot *sl = &m->slot[i];
        if (!sl->used)
            break;
        if (sl->hash == h && sl->key_len == n && memcmp(m->keys + sl->key_off, s, n) == 0) {
            *val_io = sl->val;
            return 0;
        }
    }
    if (m->keys_len + n + 1 > UINT32_MAX ||
        !st_grow((void **)&m->keys, &m->keys_cap, m->keys_len + n + 1, 1))
        return NM_ENOMEM;
    memcpy(m->keys + m->keys_len, s, n);
    m->keys[m->keys_len + n] = '\0';
    m->slot[i] = (st_slot){.hash = h, .key_off = (uint32_t)m->keys_len, .key_len = (uint32_t)n,
                           .val = *val_io, .used = 1};
    m->keys_len += n + 1;
    m->n++;
    const size_t b = bit_of(m, h);
    m->bits[b / 64] |= UINT64_C(1) << (b % 64);
    return 1;
}

void st_map_set(st_map *m, const char *s, size_t n, uint64_t h, uint32_t val)
{
    if (m->cap == 0)
        return;
    const size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        st_slot *sl = &m->slot[i];
        if (!sl->used)
            return;
        if (sl->hash == h && sl->key_len == n && memcmp(m->keys + sl->key_off, s, n) == 0) {
            sl->val = val;
            return;
        }
    }
}

const char *st_map_key(const st_map *m, const st_slot *s)
{
    return m->keys + s->key_off;
}

void st_map_free(st_map *m)
{
    free(m->slot);
    free(m->bits);
    free(m->keys);
    memset(m, 0, sizeof *m);
}
