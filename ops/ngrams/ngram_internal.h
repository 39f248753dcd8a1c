/* ngram_internal.h: the pieces of the ngrams operator and how they fit.
 *
 * Counting (ngrams.c, ngram_table.c): every token form is interned once into
 * a run-wide vocabulary (ngram_vocab.c) behind a per-thread cache, so an
 * n-gram is a fixed-size key of n u32 ids. Each thread counts its documents
 * into its own tables: per n, NGR_PARTS hash partitions (top bits of the
 * key's hash), each a small open-addressing table of {key, count, docs}. A
 * document's n-grams are first de-duplicated in a small per-document table,
 * so docs is "+1 per distinct n-gram per document" and the big tables need
 * no last-seen field; inserts into the big tables are software-prefetched.
 *
 * Memory: every table, buffer and vocabulary byte is accounted against the
 * `memory` budget in ngr_ctx. When a table would grow past it, the thread
 * spills its tables (ngram_spill.c) as one run, partition by partition, to
 * env->tmp_dir and starts again empty. A key's partition depends only on the
 * key, so at the end each partition is re-aggregated on its own from the
 * tables and every run's segment for it (hash-partitioned external
 * aggregation: no sort of the spills is ever needed).
 *
 * Output (ngram_emit.c, ngram_sort.c): the vocabulary is sorted by bytes;
 * since forms never contain bytes <= 0x20, comparing n-grams by their rank
 * tuples equals comparing their texts joined by ' '. Each n's aggregate
 * becomes records of packed ranks + count + docs, radix-sorted by key; the
 * output order (count desc, text asc) is then one stable bucket pass by
 * count. What does not fit the budget becomes sorted runs merged k-way.
 *
 * Counts: table counts are u32; an entry whose count would reach
 * UINT32_MAX keeps that value as a sentinel and its true u64 totals live in
 * the counter's "big" map, so no count is ever lost (a > 4 G-token corpus).
 *
 * Not part of the public API: only files in ops/ngrams/ include this. */
#ifndef NGRAM_INTERNAL_H
#define NGRAM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "newsmill/nm_op.h"
#include "newsmill/nm_word_key.h"

#define NGR_MAX_N 5
#define NGR_PART_BITS 4
#define NGR_PARTS (1u << NGR_PART_BITS)
#define NGR_SENTINEL UINT32_MAX  /* table/record count: true value in the big map */

#if defined(__GNUC__)
#define NGR_LIKELY(x) __builtin_expect(!!(x), 1)
#define NGR_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NGR_INLINE static inline __attribute__((always_inline))
#define NGR_PREFETCH(p, rw, locality) __builtin_prefetch((p), (rw), (locality))
#else
#define NGR_LIKELY(x) (x)
#define NGR_UNLIKELY(x) (x)
#define NGR_INLINE static inline
#define NGR_PREFETCH(p, rw, locality) ((void)(p))
#endif

enum { NGR_SPAN_SENTENCE = 0, NGR_SPAN_DOC = 1 };

/* The option block (offsets in ngrams.c's option table). */
typedef struct ngr_config {
    int64_t min_n, max_n;
    int span;
    int64_t min_count;
    int64_t top;
    const char *stopwords;
    uint64_t memory;
} ngr_config;

/* ---- vocabulary (ngram_vocab.c) ------------------------------------------ */

/* The run-wide intern table: form -> dense id. Guarded by its mutex while
 * threads count; single-threaded at merge, emit, save and load. Strings live
 * in arena blocks that never move, so caches may point at them. */
typedef struct ngr_vocab {
    pthread_mutex_t lock;
    bool lock_ok;
    uint32_t *index;         /* open addressing: id + 1, 0 = empty */
    size_t index_cap;        /* power of two */
    const char **str;        /* per id */
    uint32_t *len;
    uint64_t *hash;
    uint8_t *stop;           /* per id: 1 when the form is a stopword */
    size_t n, cap;
    struct ngr_block *blocks;
    char *blk_pos;
    size_t blk_left;
    /* finalised order (ngr_vocab_finalize), valid while n == fin_n */
    uint32_t *rank;          /* id -> rank by bytes */
    uint32_t *by_rank;       /* rank -> id */
    size_t fin_n;
    size_t bytes;            /* accounted */
} ngr_vocab;

/* Per-thread cache in front of the vocabulary. */
typedef struct ngr_vslot {
    uint64_t a, b;           /* the form's bytes (<= 16) or its hash: see ngr_str_key */
    uint64_t hash;
    const char *str;
    uint32_t len;
    uint32_t idf;            /* id << 1 | stopword */
} ngr_vslot;

typedef struct ngr_vcache {
    ngr_vslot *slot;
    size_t cap, n;           /* cap: power of two, 0 before first use */
} ngr_vcache;

/* ---- run-wide context (what prepare builds) --------------------------------- */

typedef struct ngr_stopset {
    char **word;             /* normalised forms, sorted, unique */
    uint32_t *wlen;
    size_t n;
    uint32_t *index;         /* open addressing: word index + 1 */
    size_t index_cap;
    uint64_t digest;         /* identity: XXH64 of the sorted words, '\n' separated */
} ngr_stopset;

/* Freed 2 MiB chunks of large arrays, kept for the run's next ones
 * (ngram_pages.c). */
typedef struct ngr_pages {
    pthread_mutex_t lock;
    bool lock_ok;
    void **chunk;
    size_t n, cap;
} ngr_pages;

/* Mutable run-wide objects, reached through the read-only ngr_shared. */
typedef struct ngr_ctx {
    ngr_vocab vocab;
    ngr_pages pages;
    pthread_mutex_t big_lock;    /* guards counters' big maps in parallel aggregation */
    bool big_lock_ok;
    _Atomic uint64_t mem_used;
    uint64_t budget;
    _Atomic uint32_t file_seq;   /* unique spill-file names */
} ngr_ctx;

typedef struct ngr_shared {
    ngr_stopset stop;
    ngr_ctx *ctx;
} ngr_shared;

/* Memory accounting against the budget. ngr_mem_try reserves only if the
 * total stays within the budget; ngr_mem_force always reserves. */
bool ngr_mem_try(ngr_ctx *ctx, uint64_t bytes);
void ngr_mem_force(ngr_ctx *ctx, uint64_t bytes);
void ngr_mem_release(ngr_ctx *ctx, uint64_t bytes);
uint64_t ngr_mem_avail(const ngr_ctx *ctx);   /* budget - used, 0 when over */

/* ---- counting tables (ngram_table.c) ------------------------------------- */

/* One hash partition of one n: cap entries of n + 2 u32 words
 * {key[n], count, docs}; count 0 marks an empty slot. */
typedef struct ngr_table {
    uint32_t *slot;
    uint32_t cap, used, limit;
} ngr_table;

/* Entries whose count reached the u32 sentinel: true totals by (n, key). */
typedef struct ngr_big {
    uint32_t n;
    uint32_t key[NGR_MAX_N];
    uint64_t count, docs;
} ngr_big;

typedef struct ngr_bigmap {
    ngr_big *e;              /* open addressing; n == 0: empty */
    size_t cap, used;
} ngr_bigmap;

/* A spilled run: where each (n, partition) segment lies in its file. */
typedef struct ngr_run {
    int fd;
    uint64_t off[NGR_MAX_N][NGR_PARTS];
    uint32_t cnt[NGR_MAX_N][NGR_PARTS];
} ngr_run;

/* A merged state's tables, kept as they are until the final aggregation. */
typedef struct ngr_tabset {
    ngr_table tab[NGR_MAX_N][NGR_PARTS];
} ngr_tabset;

/* A state's whole aggregate: tables, spilled runs, big counts. */
typedef struct ngr_counter {
    ngr_ctx *ctx;
    const char *tmp_dir;
    unsigned min_n, max_n;
    unsigned threads;
    ngr_table tab[NGR_MAX_N][NGR_PARTS];
    ngr_tabset **extra;      /* merged states' tables: folded partition by partition at the end */
    size_t n_extra, cap_extra;
    _Atomic uint64_t tab_bytes; /* accounted bytes of tab and extra (atomic: the final
                                   aggregation works on partitions in parallel) */
    ngr_run **runs;
    size_t n_runs, cap_runs;
    int *fds;                /* spill files owned by this counter */
    size_t n_fds, cap_fds;
    int fd;                  /* this counter's own spill file, -1 before the first spill */
    uint64_t fd_end;         /* bytes written to fd */
    bool no_spill;           /* set by the final aggregation: grow, never spill */
    ngr_bigmap big;
    uint64_t spills;         /* how many times tables were spilled (stats) */
} ngr_counter;

int ngr_counter_init(ngr_counter *c, ngr_ctx *ctx, const char *tmp_dir, unsigned min_n,
                     unsigned max_n, unsigned threads);
void ngr_counter_free(ngr_counter *c);

/* Adds (count, docs) to key; the general path (merge, load, emit). */
int ngr_counter_add(ngr_counter *c, unsigned n, const uint32_t *key, uint64_t count,
                    uint64_t docs, bool incoming_sentinel, nm_err *err);

/* Grows table (n, p) (or spills everything when the budget says so). */
int ngr_counter_grow(ngr_counter *c, unsigned n, unsigned p, nm_err *err);
/* Makes room for `more` entries in table (n, p) before a bulk fold. */
int ngr_counter_reserve(ngr_counter *c, unsigned n, unsigned p, uint64_t more, nm_err *err);

/* Takes over from's tables, runs and big counts (no copying: tables are
 * folded partition by partition in ngr_counter_gather); from is left empty. */
int ngr_counter_merge(ngr_counter *into, ngr_counter *from, nm_err *err);

/* Makes table (n, p) hold the complete aggregate of partition p: folds the
 * merged states' tables and every spilled run's segment into it. */
int ngr_counter_gather(ngr_counter *c, unsigned n, unsigned p, nm_err *err);

/* Writes all tables as one run and frees them (ngram_spill.c). */
int ngr_counter_spill(ngr_counter *c, nm_err *err);
/* Folds every run's segment (n, p) into table (n, p). */
int ngr_counter_load_runs(ngr_counter *c, unsigned n, unsigned p, nm_err *err);
/* Frees a table; returns the bytes it held (the caller un-accounts them). */
uint64_t ngr_table_free(ngr_pages *pg, ngr_table *t, unsigned n);
void ngr_counter_free_tables(ngr_counter *c);

/* Big counts. */
int ngr_big_add(ngr_bigmap *m, unsigned n, const uint32_t *key, uint64_t count, uint64_t docs);
const ngr_big *ngr_big_get(const ngr_bigmap *m, unsigned n, const uint32_t *key);
void ngr_big_free(ngr_bigmap *m);

/* The key hash: top NGR_PART_BITS bits pick the partition, the low 32 the slot. */
NGR_INLINE uint64_t ngr_fmix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

NGR_INLINE uint64_t ngr_key_hash(const uint32_t *k, unsigned n)
{
    uint64_t a = k[0], b = 0, c = 0;
    if (n >= 2)
        a |= (uint64_t)k[1] << 32;
    if (n >= 3)
        b = k[2];
    if (n >= 4)
        b |= (uint64_t)k[3] << 32;
    if (n >= 5)
        c = k[4];
    uint64_t h = a * 0x9E3779B97F4A7C15ull;
    h ^= (b * 0xC2B2AE3D27D4EB4Full) >> 7 | (b * 0xC2B2AE3D27D4EB4Full) << 57;
    h ^= (c * 0x165667B19E3779F9ull) >> 23 | (c * 0x165667B19E3779F9ull) << 41;
    return ngr_fmix(h ^ n);
}

NGR_INLINE unsigned ngr_part(uint64_t h)
{
    return (unsigned)(h >> (64 - NGR_PART_BITS));
}

NGR_INLINE uint32_t ngr_home(uint64_t h, uint32_t cap)
{
    return (uint32_t)(((h & 0xffffffffull) * cap) >> 32);
}

/* ---- vocabulary API -------------------------------------------------------- */

int ngr_vocab_init(ngr_vocab *v);
void ngr_vocab_free(ngr_vocab *v, ngr_ctx *ctx);
/* Interns s (thread-safe: takes the lock). *idf gets id << 1 | stopword. */
int ngr_vocab_intern(ngr_ctx *ctx, const ngr_stopset *stop, const char *s, uint32_t len,
                     uint64_t hash, const char **stable, uint32_t *idf);
/* Sorts the vocabulary by bytes (single-threaded; idempotent). */
int ngr_vocab_finalize(ngr_ctx *ctx);
uint64_t ngr_str_hash(const char *s, size_t len);

/* Forms are short (median ~5 bytes): for up to 16 bytes, the two
 * overlapping loads of nm_word_key (a, b) hold every byte, so (a, b, len)
 * identifies the form and a cache hit needs no memcmp; longer forms are
 * hashed (a) and compared.
 * Returns the hash the vocabulary and the caches index by. */
NGR_INLINE uint64_t ngr_str_key(const char *s, size_t len, uint64_t *pa, uint64_t *pb)
{
    if (len <= 16) {
        const nm_word_key k = nm_word_key_of(s, len);
        const uint64_t a = k.a, b = k.b;
        *pa = a;
        *pb = b;
        const uint64_t mb = b * 0xC2B2AE3D27D4EB4Full;
        return ngr_fmix(a * 0x9E3779B97F4A7C15ull ^ (mb >> 29 | mb << 35) ^ (uint64_t)len);
    }
    const uint64_t a = XXH3_64bits(s, len);
    *pa = a;
    *pb = 0;
    return a;
}

/* Thread cache: the slot a hash starts probing at (for prefetching), and
 * the lookup (the inline hit path; ngr_vcache_miss probes on and interns). */
NGR_INLINE const void *ngr_vcache_home(const ngr_vcache *vc, uint64_t h)
{
    return vc->cap ? (const void *)&vc->slot[(size_t)h & (vc->cap - 1)] : NULL;
}

int ngr_vcache_miss(ngr_vcache *vc, ngr_ctx *ctx, const ngr_stopset *stop, const char *s,
                    uint32_t len, uint64_t h, uint64_t a, uint64_t b, uint32_t *idf);

NGR_INLINE int ngr_vcache_lookup(ngr_vcache *vc, ngr_ctx *ctx, const ngr_stopset *stop,
                                 const char *s, uint32_t len, uint64_t h, uint64_t a, uint64_t b,
                                 uint32_t *idf)
{
    if (NGR_LIKELY(vc->cap)) {
        const ngr_vslot *sl = &vc->slot[(size_t)h & (vc->cap - 1)];
        if (sl->a == a && sl->b == b && sl->len == len && sl->str != NULL && len <= 16) {
            *idf = sl->idf;
            return 0;
        }
    }
    return ngr_vcache_miss(vc, ctx, stop, s, len, h, a, b, idf);
}
void ngr_vcache_free(ngr_vcache *vc, ngr_ctx *ctx);

bool ngr_stop_contains(const ngr_stopset *s, const char *w, size_t len);

/* ---- records and sorting (ngram_sort.c) -------------------------------------- */

/* A record is w = kw + 1 u64 words: kw words of the packed rank key (least
 * significant word first; rank 0 in the top bits) and one word count (low
 * 32 bits) | docs (high 32 bits). */
typedef struct ngr_layout {
    unsigned n;
    unsigned bits;       /* bits per rank */
    unsigned kbits;      /* n * bits */
    unsigned kw;         /* key words */
    unsigned w;          /* record words */
} ngr_layout;

void ngr_layout_make(ngr_layout *L, unsigned n, size_t vocab_n);
void ngr_rec_set_key(const ngr_layout *L, uint64_t *rec, const uint32_t *ranks);
void ngr_rec_get_ranks(const ngr_layout *L, const uint64_t *rec, uint32_t *ranks);
int ngr_rec_cmp_key(const ngr_layout *L, const uint64_t *a, const uint64_t *b);

NGR_INLINE uint32_t ngr_rec_count(const ngr_layout *L, const uint64_t *rec)
{
    return (uint32_t)rec[L->kw];
}
NGR_INLINE uint32_t ngr_rec_docs(const ngr_layout *L, const uint64_t *rec)
{
    return (uint32_t)(rec[L->kw] >> 32);
}

/* Sorts m records by key (radix) on up to `threads` threads; scratch holds
 * m records. */
void ngr_sort_by_key(const ngr_layout *L, uint64_t *rec, uint64_t *scratch, size_t m,
                     unsigned threads);

/* Big totals by packed key, for records whose count is the sentinel. */
typedef struct ngr_bigkeys {
    uint64_t *rec;       /* records sorted by key: the key words, then count, docs (u64 each) */
    size_t m;
    unsigned w;          /* kw + 2 */
} ngr_bigkeys;

void ngr_true_counts(const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *rec,
                     uint64_t *count, uint64_t *docs);

/* Output order for key-sorted records: perm gets the indices of records with
 * count >= min_count, by count desc then key asc; returns how many (at most
 * limit). perm must hold m entries. */
size_t ngr_order_by_count(const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *rec,
                          size_t m, uint64_t min_count, size_t limit, uint32_t *perm);

/* Compares by count desc then key asc (true counts). */
int ngr_rec_cmp_out(const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *a,
                    const uint64_t *b);

/* ---- run files of records (ngram_sort.c) ------------------------------------- */

typedef struct ngr_rfile {
    int fd;
    uint64_t end;            /* bytes written */
    uint64_t *start;         /* run i: records [start[i], start[i + 1]) in record units */
    size_t n_runs, cap_runs;
} ngr_rfile;

int ngr_rfile_open(ngr_rfile *f, ngr_ctx *ctx, const char *tmp_dir, nm_err *err);
int ngr_rfile_append(ngr_rfile *f, const ngr_layout *L, const uint64_t *rec, const uint32_t *perm,
                     size_t m, nm_err *err);
void ngr_rfile_close(ngr_rfile *f);
uint64_t ngr_rfile_records(const ngr_rfile *f);

/* k-way merge over the runs of a file. */
typedef enum { NGR_BY_KEY, NGR_BY_OUT } ngr_order;

typedef struct ngr_merger ngr_merger;
int ngr_merger_open(ngr_merger **out, const ngr_rfile *f, const ngr_layout *L,
                    const ngr_bigkeys *bk, ngr_order order, ngr_ctx *ctx, nm_err *err);
/* Next record in order: 1 and *rec set, 0 at the end, or an error. */
int ngr_merger_next(ngr_merger *m, const uint64_t **rec, nm_err *err);
void ngr_merger_free(ngr_merger *m);

/* ---- the materialised aggregate (ngram_emit.c) ------------------------------- */

/* One n's complete aggregate: key-sorted records in memory, or key-sorted
 * runs in a file when they did not fit. */
typedef struct ngr_level {
    ngr_layout L;
    uint64_t *rec;
    size_t m;
    uint64_t rec_bytes;      /* accounted */
    ngr_rfile runs;          /* runs.fd >= 0: the aggregate is on disk */
    bool on_disk;
    ngr_bigkeys bk;
} ngr_level;

typedef struct ngr_final {
    bool done;
    ngr_level lv[NGR_MAX_N];
} ngr_final;

int ngr_finalize(ngr_counter *c, ngr_final *f, unsigned threads, nm_err *err);
void ngr_final_free(ngr_final *f, ngr_ctx *ctx);

/* ---- lines of ngrams.jsonl (ngram_format.c) ---------------------------------- */

/* Each rank's form, JSON-escaped once (forms never need it in practice). */
typedef struct ngr_strtab {
    char *blob;              /* 32 bytes of slack at the end: short forms are copied whole */
    uint64_t *off;           /* rank -> offset; off[n] = end */
} ngr_strtab;

int ngr_strtab_build(ngr_strtab *st, const ngr_vocab *v);   /* 0 or NM_ENOMEM */
void ngr_strtab_free(ngr_strtab *st);

/* A growable output buffer; one per formatting thread. */
typedef struct ngr_fbuf {
    char *p;
    size_t len, cap;
} ngr_fbuf;

bool ngr_fb_reserve(ngr_fbuf *b, size_t more);
/* Writes and empties b. */
int ngr_fb_write(ngr_fbuf *b, FILE *out, nm_err *err);
/* Appends the line of record rec to b (false: out of memory). It may write
 * up to 96 bytes of scratch past the line, inside b's capacity. */
bool ngr_format_record(ngr_fbuf *b, const ngr_strtab *st, const ngr_layout *L,
                       const ngr_bigkeys *bk, const uint64_t *rec);

/* ngram_write.c */
int ngr_emit_write(const ngr_counter *c, ngr_final *f, const ngr_config *cfg, unsigned threads,
                   FILE *out, nm_err *err);

/* save/load (ngram_state_io.c) */
int ngr_state_save(const ngr_counter *c, ngr_final *f, const ngr_config *cfg,
                   const ngr_shared *sh, FILE *out, nm_err *err);
int ngr_state_load(ngr_counter *c, const ngr_config *cfg, const ngr_shared *sh, FILE *in,
                   const char *path, nm_err *err);

/* ---- small helpers (ngram_table.c) ------------------------------------------- */

/* Large arrays (ngram_pages.c): 2 MiB and more come from mmap with huge
 * pages and recycle the run's freed memory through its bank; smaller ones
 * use malloc. ngr_zalloc memory is zeroed; sizes must be passed back. */
int ngr_pages_init(ngr_pages *pg);             /* 0 or NM_ENOMEM */
void ngr_pages_free(ngr_pages *pg);            /* unmaps the bank */
/* Unmaps the banked chunks, before a phase whose big buffers come from
 * malloc: the bank would otherwise hold memory beside them. */
void ngr_pages_trim(ngr_pages *pg);
void *ngr_zalloc(ngr_pages *pg, size_t bytes);
/* Zeroed memory no page of which is touched yet, for an array written part
 * by part: ngr_pages_fill backs the whole chunks inside a part with banked
 * ones just before the part is written (a part of memory already written
 * would lose its contents). */
void *ngr_zalloc_lazy(ngr_pages *pg, size_t bytes);
void ngr_pages_fill(ngr_pages *pg, void *p, size_t bytes);
size_t ngr_alloc_size(size_t bytes);   /* what ngr_zalloc really allocates (>= bytes) */
void *ngr_realloc(ngr_pages *pg, void *p, size_t old_bytes, size_t new_bytes);
void ngr_zfree(ngr_pages *pg, void *p, size_t bytes);

/* Opens a fresh unlinked temporary file in dir (NULL: $TMPDIR or /tmp). */
int ngr_tmpfile(ngr_ctx *ctx, const char *dir, const char *what, nm_err *err);
int ngr_write_all(int fd, const void *p, size_t n);
int ngr_pread_all(int fd, void *p, size_t n, uint64_t off);

#endif
