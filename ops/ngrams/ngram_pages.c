/* ngram_pages.c: large arrays for the ngrams operator, and a bank that
 * recycles their memory within a run.
 *
 * Tables and record arrays of 2 MiB and more come straight from mmap with
 * transparent huge pages requested: random probes over hundreds of MiB are
 * TLB-bound with 4 KiB pages. Tables grow by 1.5x, so a run allocates about
 * three times the memory it ever holds at once. Giving the old memory back
 * to the kernel and taking fresh memory is not free: the kernel must clear
 * every new page, and on a virtual machine whose host reclaims guest memory
 * that is freed (free page reporting, balloons) the first touch of a page
 * also costs a host fault; here that was ~0.9 s per GiB of huge pages, 15%
 * of a 1-thread ngrams run. So freed 2 MiB chunks are kept in a bank owned
 * by the run, and a new array is assembled by moving banked chunks into
 * place with mremap (page-table moves, no copy) and clearing them, which
 * costs ~0.03 s per GiB. Only the part the bank cannot cover is fresh.
 *
 * Memory held: the bank only ever holds chunks that were live before, and
 * an allocation empties it before taking fresh memory, so live + banked
 * never exceeds the peak of live memory. ngr_pages_free returns it all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ngram_internal.h"

#define NGR_CHUNK ((size_t)2 << 20)   /* one huge page */

static bool use_mmap(size_t bytes)
{
    return bytes >= NGR_CHUNK;
}

size_t ngr_alloc_size(size_t bytes)
{
    if (!use_mmap(bytes))
        return bytes;
    return (bytes + NGR_CHUNK - 1) / NGR_CHUNK * NGR_CHUNK;
}

int ngr_pages_init(ngr_pages *pg)
{
    memset(pg, 0, sizeof *pg);
    if (pthread_mutex_init(&pg->lock, NULL) != 0)
        return NM_ENOMEM;
    pg->lock_ok = true;
    return 0;
}

void ngr_pages_free(ngr_pages *pg)
{
    for (size_t i = 0; i < pg->n; i++)
        munmap(pg->chunk[i], NGR_CHUNK);
    free(pg->chunk);
    if (pg->lock_ok)
        pthread_mutex_destroy(&pg->lock);
    memset(pg, 0, sizeof *pg);
}

void ngr_pages_trim(ngr_pages *pg)
{
    pthread_mutex_lock(&pg->lock);
    for (size_t i = 0; i < pg->n; i++)
        munmap(pg->chunk[i], NGR_CHUNK);
    pg->n = 0;
    pthread_mutex_unlock(&pg->lock);
}

/* Banks the chunks of [p, p + bytes) (chunk-aligned, whole chunks); what
 * the bank has no room to list goes back to the kernel. */
static void bank_put(ngr_pages *pg, char *p, size_t bytes)
{
    pthread_mutex_lock(&pg->lock);
    const size_t k = bytes / NGR_CHUNK;
    size_t i = 0;
    if (pg->n + k > pg->cap) {
        size_t cap = pg->cap ? pg->cap : 64;
        while (cap < pg->n + k)
            cap *= 2;
        void **grown = realloc(pg->chunk, cap * sizeof *grown);
        if (grown != NULL) {
            pg->chunk = grown;
            pg->cap = cap;
        }
    }
    for (; i < k && pg->n < pg->cap; i++)
        pg->chunk[pg->n++] = p + i * NGR_CHUNK;
    pthread_mutex_unlock(&pg->lock);
    if (i < k)
        munmap(p + i * NGR_CHUNK, bytes - i * NGR_CHUNK);
}

/* A chunk-aligned anonymous mapping of bytes (a multiple of the chunk). */
static char *map_aligned(size_t bytes)
{
    char *raw = mmap(NULL, bytes + NGR_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    const size_t head = (NGR_CHUNK - ((uintptr_t)raw & (NGR_CHUNK - 1))) & (NGR_CHUNK - 1);
    if (head)
        munmap(raw, head);
    munmap(raw + head + bytes, NGR_CHUNK - head);
    return raw + head;
}

/* Moves up to want banked chunks to p, p + chunk, ... (chunk-aligned,
 * untouched memory of one of our mappings: pages there would be dropped)
 * and clears them. Returns how many it placed, or SIZE_MAX when a failed
 * move left a hole it could not map again (not expected). */
static size_t bank_take(ngr_pages *pg, char *p, size_t want)
{
    size_t got = 0;
    void *taken[64];
    while (got < want) {
        size_t k = 0;
        pthread_mutex_lock(&pg->lock);
        while (k < 64 && got + k < want && pg->n > 0)
            taken[k++] = pg->chunk[--pg->n];
        pthread_mutex_unlock(&pg->lock);
        if (k == 0)
            break;
        for (size_t i = 0; i < k; i++, got++) {
            char *dst = p + got * NGR_CHUNK;
            if (mremap(taken[i], NGR_CHUNK, NGR_CHUNK, MREMAP_MAYMOVE | MREMAP_FIXED, dst) !=
                MAP_FAILED) {
                memset(dst, 0, NGR_CHUNK);
                continue;
            }
            /* Not expected. A failed move may have unmapped the destination:
             * map it fresh again, or give up (the chunks not yet moved go
             * back to the kernel). */
            for (size_t j = i; j < k; j++)
                munmap(taken[j], NGR_CHUNK);
            if (mmap(dst, NGR_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                     -1, 0) == MAP_FAILED)
                return SIZE_MAX;
            return got;
        }
    }
    return got;
}

void ngr_pages_fill(ngr_pages *pg, void *p, size_t bytes)
{
    if (pg == NULL)
        return;
    const uintptr_t lo = ((uintptr_t)p + NGR_CHUNK - 1) & ~(uintptr_t)(NGR_CHUNK - 1);
    const uintptr_t hi = ((uintptr_t)p + bytes) & ~(uintptr_t)(NGR_CHUNK - 1);
    if (hi > lo)
        (void)bank_take(pg, (char *)lo, (hi - lo) / NGR_CHUNK);
}

void *ngr_zalloc_lazy(ngr_pages *pg, size_t bytes)
{
    if (!use_mmap(bytes))
        return ngr_zalloc(pg, bytes);
    bytes = ngr_alloc_size(bytes);
    char *p = map_aligned(bytes);
#ifdef MADV_HUGEPAGE
    if (p != NULL)
        madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

void *ngr_zalloc(ngr_pages *pg, size_t bytes)
{
    if (!use_mmap(bytes)) {
        /* Not calloc: on fresh heap memory calloc skips the clearing, so
         * the first probe reads (maps) the shared zero page and the first
         * insert takes a copy-on-write fault whose TLB flush interrupts
         * every other thread: ~15% of a 2-thread run on allsides_conflict,
         * whose many small partition tables grow often. Writing the zeros
         * ourselves makes the first fault a plain write fault. */
        void *small = malloc(bytes ? bytes : 1);
        if (small)
            memset(small, 0, bytes);
        return small;
    }
    char *p = ngr_zalloc_lazy(pg, bytes);
    if (p == NULL)
        return NULL;
    bytes = ngr_alloc_size(bytes);
    if (bank_take(pg, p, bytes / NGR_CHUNK) == SIZE_MAX) {
        munmap(p, bytes);
        return NULL;
    }
    return p;
}

void ngr_zfree(ngr_pages *pg, void *p, size_t bytes)
{
    if (p == NULL)
        return;
    if (!use_mmap(bytes))
        free(p);
    else if (pg == NULL)
        munmap(p, ngr_alloc_size(bytes));
    else
        bank_put(pg, p, ngr_alloc_size(bytes));
}

void *ngr_realloc(ngr_pages *pg, void *p, size_t old_bytes, size_t new_bytes)
{
    if (p == NULL)
        return ngr_zalloc(pg, new_bytes);
    if (!use_mmap(old_bytes) && !use_mmap(new_bytes))
        return realloc(p, new_bytes ? new_bytes : 1);
    const size_t old_size = ngr_alloc_size(old_bytes), new_size = ngr_alloc_size(new_bytes);
    if (use_mmap(old_bytes) && use_mmap(new_bytes) && new_size <= old_size) {
        /* Shrinking: the tail's chunks go to the bank. */
        if (new_size < old_size)
            bank_put(pg, (char *)p + new_size, old_size - new_size);
        return p;
    }
    if (use_mmap(old_bytes) && use_mmap(new_bytes) && pg != NULL) {
        /* Growing: the old chunks move to the head of the new mapping (a
         * page-table move per chunk, no copy, never both copies at once),
         * the tail comes from the bank. */
        char *q = ngr_zalloc_lazy(pg, new_bytes);
        if (q == NULL)
            return NULL;
        size_t moved = 0;
        while (moved < old_size &&
               mremap((char *)p + moved, NGR_CHUNK, NGR_CHUNK, MREMAP_MAYMOVE | MREMAP_FIXED,
                      q + moved) != MAP_FAILED)
            moved += NGR_CHUNK;
        if (moved == old_size && bank_take(pg, q + old_size, (new_size - old_size) / NGR_CHUNK) !=
                                     SIZE_MAX) {
            /* past old_bytes, as zeroed as a fresh allocation */
            memset(q + old_bytes, 0, old_size - old_bytes);
            return q;
        }
        /* Not expected: put back what moved, then the copying path. */
        for (size_t at = 0; at < moved; at += NGR_CHUNK)
            if (mremap(q + at, NGR_CHUNK, NGR_CHUNK, MREMAP_MAYMOVE | MREMAP_FIXED,
                       (char *)p + at) == MAP_FAILED) {
                munmap(q, new_size);
                return NULL;
            }
        munmap(q, new_size);
    }
    void *q = ngr_zalloc(pg, new_bytes);
    if (q == NULL)
        return NULL;
    memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    ngr_zfree(pg, p, old_bytes);
    return q;
}
