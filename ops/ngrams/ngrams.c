/* ngrams.c: the ngrams operator: corpus n-gram counts (ngrams.jsonl).
 *
 * This file holds the descriptor, options, stopword loading and the per-
 * document hot path; ngram_internal.h explains how the pieces fit (ids,
 * partitioned tables, spills, sorted output). Per document: forms -> ids
 * through the thread's vocabulary cache; for each n, the document's n-grams
 * (never across a sentence boundary with span=sentence, never through a
 * stopword) are de-duplicated in a small table, then each distinct one is
 * added to the thread's big tables as (+count in the document, +1 doc),
 * with the next inserts' slots prefetched to hide memory latency.
 * Unigrams skip both: their key is a vocabulary id, so they are counted in
 * a dense per-thread array indexed by it (count, docs, and the last
 * document that counted it), a fifth of the operator before, and poured
 * into the unigram tables before a merge, save or emit (uni_flush). */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "ngram_internal.h"

typedef struct ngrams_state {
    ngr_counter cnt;
    ngr_vcache vc;
    ngr_final fin;
    ngr_ctx *ctx;
    uint32_t *ids;       /* per token: vocabulary id */
    uint64_t *tkey;      /* per token: form hash, a, b (ngr_str_key) */
    uint8_t *run;        /* per token: how many tokens from it can form an n-gram (<= max_n) */
    size_t tok_cap;
    uint32_t *dd;        /* per-document de-duplication index: unique + 1, 0 = empty */
    size_t dd_cap;
    uint32_t *uq;        /* unique n-grams of the document: key[n], count, hash lo, hash hi */
    size_t uq_cap;       /* in u32 words */
    uint32_t *uni;       /* per vocabulary id: count, docs, last document (UNI_W words) */
    size_t uni_cap;      /* ids covered */
    uint32_t doc_no;     /* this state's document number, for uni's last document */
    uint64_t scratch_bytes;
    bool inited;
} ngrams_state;

/* ---- stopwords ----------------------------------------------------------------- */

static int stop_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void stopset_free(ngr_stopset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->word[i]);
    free(s->word);
    free(s->wlen);
    free(s->index);
    memset(s, 0, sizeof *s);
}

/* Lower-cases a word code point by code point as the tokenizer does (and
 * writes U+2019 as '\''), so it compares equal to token forms. */
static char *stop_normalise(const char *w, size_t len)
{
    char *out = malloc(len * 2 + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            free(out);
            return NULL;
        }
        i += (size_t)k;
        cp = cp == 0x2019 ? '\'' : utf8proc_tolower(cp);
        o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
    }
    out[o] = '\0';
    return out;
}

static int stopset_load(ngr_stopset *s, const char *path, nm_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return nm_err_set(err, NM_EIO, "cannot read stopwords file %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t line_cap = 0, cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &line_cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)got;
        char *hash = memchr(line, '#', len);
        if (hash)
            len = (size_t)(hash - line);
        size_t b = 0;
        while (b < len && (line[b] == ' ' || line[b] == '\t' || line[b] == '\r' || line[b] == '\n'))
            b++;
        while (len > b && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
                           line[len - 1] == '\r' || line[len - 1] == '\n'))
            len--;
        if (len == b)
            continue;
        if (memchr(line + b, ' ', len - b) || memchr(line + b, '\t', len - b)) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: one word per line expected", path, lineno);
            break;
        }
        char *word = stop_normalise(line + b, len - b);
        if (word == NULL) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: not valid UTF-8", path, lineno);
            break;
        }
        if (s->n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nw = realloc(s->word, cap * sizeof *nw);
            if (nw == NULL) {
                free(word);
                rc = nm_err_set(err, NM_ENOMEM, "out of memory");
                break;
            }
            s->word = nw;
        }
        s->word[s->n++] = word;
    }
    if (rc == 0 && ferror(f))
        rc = nm_err_set(err, NM_EIO, "cannot read stopwords file %s: read error", path);
    free(line);
    fclose(f);
    if (rc != 0)
        return rc;
    if (s->n == 0)
        return 0;
    qsort(s->word, s->n, sizeof *s->word, stop_cmp);
    size_t u = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (u > 0 && strcmp(s->word[u - 1], s->word[i]) == 0)
            free(s->word[i]);
        else
            s->word[u++] = s->word[i];
    }
    s->n = u;
    s->wlen = malloc(s->n * sizeof *s->wlen);
    s->index_cap = 16;
    while (s->index_cap < s->n * 2)
        s->index_cap *= 2;
    s->index = calloc(s->index_cap, sizeof *s->index);
    XXH64_state_t *hs = XXH64_createState();
    if (s->wlen == NULL || s->index == NULL || hs == NULL) {
        XXH64_freeState(hs);
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    }
    XXH64_reset(hs, 0);
    for (size_t i = 0; i < s->n; i++) {
        const size_t len = strlen(s->word[i]);
        s->wlen[i] = (uint32_t)len;
        XXH64_update(hs, s->word[i], len);
        XXH64_update(hs, "\n", 1);
        size_t j = (size_t)ngr_str_hash(s->word[i], len) & (s->index_cap - 1);
        while (s->index[j])
            j = (j + 1) & (s->index_cap - 1);
        s->index[j] = (uint32_t)i + 1;
    }
    s->digest = XXH64_digest(hs);
    XXH64_freeState(hs);
    return 0;
}

/* ---- prepare / release ----------------------------------------------------------- */

static void ngrams_release(void *shared)
{
    ngr_shared *sh = shared;
    if (sh == NULL)
        return;
    if (sh->ctx) {
        if (sh->ctx->big_lock_ok)
            pthread_mutex_destroy(&sh->ctx->big_lock);
        ngr_vocab_free(&sh->ctx->vocab, NULL);
        ngr_pages_free(&sh->ctx->pages);
        free(sh->ctx);
    }
    stopset_free(&sh->stop);
    free(sh);
}

static int ngrams_prepare(const void *config, void **shared, nm_err *err)
{
    const ngr_config *cfg = config;
    *shared = NULL;
    if (cfg->min_n > cfg->max_n)
        return nm_err_set(err, NM_EUSAGE,
                          "ngrams.min_n (%lld) must not exceed ngrams.max_n (%lld); set "
                          "--set ngrams.min_n=N --set ngrams.max_n=M with N <= M",
                          (long long)cfg->min_n, (long long)cfg->max_n);
    if (cfg->min_n < 1 || cfg->max_n > NGR_MAX_N)
        return nm_err_set(err, NM_EUSAGE, "ngrams.min_n and ngrams.max_n must lie in 1..%d",
                          NGR_MAX_N);
    ngr_shared *sh = calloc(1, sizeof *sh);
    if (sh == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    *shared = sh;
    if (cfg->stopwords) {
        const int rc = stopset_load(&sh->stop, cfg->stopwords, err);
        if (rc != 0)
            return rc;
    }
    sh->ctx = calloc(1, sizeof *sh->ctx);
    if (sh->ctx == NULL || ngr_vocab_init(&sh->ctx->vocab) != 0 ||
        ngr_pages_init(&sh->ctx->pages) != 0)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    if (pthread_mutex_init(&sh->ctx->big_lock, NULL) != 0)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    sh->ctx->big_lock_ok = true;
    sh->ctx->budget = cfg->memory;
    atomic_init(&sh->ctx->mem_used, 0);
    atomic_init(&sh->ctx->file_seq, 0);
    return 0;
}

/* ---- per-thread state -------------------------------------------------------------- */

static int ngrams_init(const nm_op_env *env, void *state, nm_err *err)
{
    const ngr_config *cfg = env->config;
    const ngr_shared *sh = env->shared;
    ngrams_state *S = state;
    memset(S, 0, sizeof *S);
    S->ctx = sh->ctx;
    ngr_counter_init(&S->cnt, sh->ctx, env->tmp_dir, (unsigned)cfg->min_n, (unsigned)cfg->max_n,
                     env->threads);
    S->inited = true;
    (void)err;
    return 0;
}

static void ngrams_fini(const nm_op_env *env, void *state)
{
    (void)env;
    ngrams_state *S = state;
    if (!S->inited)
        return;
    ngr_final_free(&S->fin, S->ctx);
    ngr_counter_free(&S->cnt);
    ngr_vcache_free(&S->vc, S->ctx);
    free(S->ids);
    free(S->tkey);
    free(S->run);
    free(S->dd);
    free(S->uq);
    free(S->uni);
    if (S->ctx)
        ngr_mem_release(S->ctx, S->scratch_bytes);
    memset(S, 0, sizeof *S);
}

static int grow_scratch(ngrams_state *S, size_t n_tok, nm_err *err)
{
    if (n_tok > S->tok_cap) {
        size_t cap = S->tok_cap ? S->tok_cap : 1024;
        while (cap < n_tok)
            cap *= 2;
        uint32_t *ids = realloc(S->ids, cap * sizeof *ids);
        if (ids)
            S->ids = ids;
        uint8_t *run = realloc(S->run, cap);
        if (run)
            S->run = run;
        uint64_t *tkey = realloc(S->tkey, cap * 3 * sizeof *tkey);
        if (tkey)
            S->tkey = tkey;
        if (ids == NULL || run == NULL || tkey == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        ngr_mem_force(S->ctx, (cap - S->tok_cap) * 29);
        S->scratch_bytes += (cap - S->tok_cap) * 29;
        S->tok_cap = cap;
    }
    /* De-duplication index at load <= 1/2 and the unique list, for the
     * largest n (n_tok occurrences at most). */
    size_t dd = 64;
    while (dd < n_tok * 2)
        dd *= 2;
    if (dd > S->dd_cap) {
        uint32_t *d = realloc(S->dd, dd * sizeof *d);
        if (d == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        S->dd = d;
        ngr_mem_force(S->ctx, (dd - S->dd_cap) * sizeof *d);
        S->scratch_bytes += (dd - S->dd_cap) * sizeof *d;
        S->dd_cap = dd;
    }
    const size_t uq = n_tok * (NGR_MAX_N + 3);
    if (uq > S->uq_cap) {
        uint32_t *u = realloc(S->uq, uq * sizeof *u);
        if (u == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        S->uq = u;
        ngr_mem_force(S->ctx, (uq - S->uq_cap) * sizeof *u);
        S->scratch_bytes += (uq - S->uq_cap) * sizeof *u;
        S->uq_cap = uq;
    }
    return 0;
}

/* ---- unigrams: a dense array by vocabulary id ------------------------------------------ */

#define UNI_W 3u /* u32 words per id: count, docs, last document */
/* A count this high is poured into the tables before it grows. (The unit
 * tests build this file a second time with a limit of 2, so the pour runs
 * inside documents and between them.) */
#ifndef NGR_UNI_LIMIT
#define NGR_UNI_LIMIT (UINT32_MAX - 1u)
#endif

/* Adds id's counts to the unigram tables and clears them. */
static int uni_flush_one(ngrams_state *S, uint32_t id, nm_err *err)
{
    uint32_t *e = S->uni + (size_t)id * UNI_W;
    const int rc = ngr_counter_add(&S->cnt, 1, &id, e[0], e[1], false, err);
    e[0] = e[1] = 0;
    return rc;
}

/* Pours every unigram counted so far into the unigram tables, where
 * merging, saving and the final aggregation find them. */
static int uni_flush(ngrams_state *S, nm_err *err)
{
    for (size_t id = 0; id < S->uni_cap; id++)
        if (S->uni[id * UNI_W] != 0) {
            const int rc = uni_flush_one(S, (uint32_t)id, err);
            if (rc != 0)
                return rc;
        }
    return 0;
}

/* Covers ids below need (zeroed), growing by doubling. */
static int uni_reserve(ngrams_state *S, size_t need, nm_err *err)
{
    if (need <= S->uni_cap)
        return 0;
    size_t cap = S->uni_cap ? S->uni_cap : 4096;
    while (cap < need)
        cap *= 2;
    uint32_t *u = realloc(S->uni, cap * UNI_W * sizeof *u);
    if (u == NULL)
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    memset(u + S->uni_cap * UNI_W, 0, (cap - S->uni_cap) * UNI_W * sizeof *u);
    ngr_mem_force(S->ctx, (cap - S->uni_cap) * UNI_W * sizeof *u);
    S->scratch_bytes += (cap - S->uni_cap) * UNI_W * sizeof *u;
    S->uni = u;
    S->uni_cap = cap;
    return 0;
}

static int count_unigrams(ngrams_state *S, size_t nt, nm_err *err)
{
    const uint32_t *ids = S->ids;
    const uint8_t *run = S->run;
    uint32_t top = 0;
    for (size_t i = 0; i < nt; i++)
        top = ids[i] > top ? ids[i] : top;
    int rc = uni_reserve(S, (size_t)top + 1, err);
    if (rc != 0)
        return rc;
    if (++S->doc_no == 0) {
        /* 2^32 documents on this state: the last-document marks start over */
        for (size_t id = 0; id < S->uni_cap; id++)
            S->uni[id * UNI_W + 2] = 0;
        S->doc_no = 1;
    }
    const uint32_t doc_no = S->doc_no;
    for (size_t i = 0; i < nt; i++) {
        if (run[i] == 0) /* a stopword */
            continue;
        uint32_t *e = S->uni + (size_t)ids[i] * UNI_W;
        if (NGR_UNLIKELY(e[0] >= NGR_UNI_LIMIT) && (rc = uni_flush_one(S, ids[i], err)) != 0)
            return rc;
        e[0]++;
        e[1] += e[2] != doc_no;
        e[2] = doc_no;
    }
    return 0;
}

NGR_INLINE bool keq(const uint32_t *a, const uint32_t *b, unsigned N)
{
    for (unsigned i = 0; i < N; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Counts the document's n-grams of length N (a compile-time constant in
 * each instance below). */
NGR_INLINE int count_level(ngrams_state *S, size_t nt, const unsigned N, nm_err *err)
{
    const uint32_t *ids = S->ids;
    const uint8_t *run = S->run;
    const unsigned US = N + 3;   /* unique entry stride */
    size_t dcap = 64;
    while (dcap < nt * 2)
        dcap *= 2;
    const size_t mask = dcap - 1;
    uint32_t *dd = S->dd, *uq = S->uq;
    size_t nu = 0;
    bool any = false;
    for (size_t i = 0; i < nt; i++)
        if (run[i] >= N) {
            any = true;
            break;
        }
    if (!any)
        return 0;
    memset(dd, 0, dcap * sizeof *dd);
    ngr_counter *c = &S->cnt;
    ngr_table *tabs = c->tab[N - 1];
    const unsigned TW = N + 2;
    for (size_t i = 0; i + N <= nt; i++) {
        if (run[i] < N)
            continue;
        const uint32_t *key = ids + i;
        const uint64_t h = ngr_key_hash(key, N);
        size_t s = (size_t)(h >> 32) & mask;
        for (;;) {
            const uint32_t x = dd[s];
            if (x == 0) {
                uint32_t *u = uq + nu * US;
                for (unsigned k = 0; k < N; k++)
                    u[k] = key[k];
                u[N] = 1;
                u[N + 1] = (uint32_t)h;
                u[N + 2] = (uint32_t)(h >> 32);
                dd[s] = (uint32_t)++nu;
                /* Start fetching its big-table slot now: by the time the
                 * inserts below reach it, it is in cache. */
                const ngr_table *t = &tabs[ngr_part(h)];
                if (t->cap)
                    NGR_PREFETCH(t->slot + (size_t)ngr_home(h, t->cap) * TW, 1, 2);
                break;
            }
            uint32_t *u = uq + (size_t)(x - 1) * US;
            if (keq(u, key, N)) {
                u[N]++;
                break;
            }
            s = (s + 1) & mask;
        }
    }

    enum { PF = 16 };
    for (size_t j = 0; j < nu; j++) {
        if (j + PF < nu) {
            const uint32_t *q = uq + (j + PF) * US;
            const uint64_t h = (uint64_t)q[N + 1] | (uint64_t)q[N + 2] << 32;
            const ngr_table *t = &tabs[ngr_part(h)];
            if (t->cap) {
                const char *line = (const char *)(t->slot + (size_t)ngr_home(h, t->cap) * TW);
                NGR_PREFETCH(line, 1, 3);
                NGR_PREFETCH(line + 64, 1, 3);
            }
        }
        const uint32_t *q = uq + j * US;
        const uint64_t h = (uint64_t)q[N + 1] | (uint64_t)q[N + 2] << 32;
        const uint32_t cnt = q[N];
        const unsigned p = ngr_part(h);
        ngr_table *t = &tabs[p];
        if (NGR_UNLIKELY(t->used >= t->limit)) {
            const int rc = ngr_counter_grow(c, N, p, err);
            if (rc != 0)
                return rc;
        }
        uint32_t i = ngr_home(h, t->cap);
        for (;;) {
            uint32_t *e = t->slot + (size_t)i * TW;
            if (e[N] == 0) {
                for (unsigned k = 0; k < N; k++)
                    e[k] = q[k];
                e[N] = cnt;
                e[N + 1] = 1;
                t->used++;
                break;
            }
            if (keq(e, q, N)) {
                if (NGR_UNLIKELY(e[N] >= NGR_SENTINEL - cnt)) {
                    /* Reaching the u32 sentinel: the general path keeps the total. */
                    const int rc = ngr_counter_add(c, N, q, cnt, 1, false, err);
                    if (rc != 0)
                        return rc;
                } else {
                    e[N] += cnt;
                    e[N + 1]++;
                }
                break;
            }
            if (++i == t->cap)
                i = 0;
        }
    }
    return 0;
}

static int ngrams_doc(const nm_op_env *env, void *state, const nm_doc *doc,
                      const nm_analysis *an, nm_jw *out, nm_err *err)
{
    (void)doc;
    (void)out;
    const ngr_config *cfg = env->config;
    const ngr_shared *sh = env->shared;
    ngrams_state *S = state;
    if (S->fin.done)
        return nm_err_set(err, NM_EUSAGE, "ngrams: document after the aggregate was written");
    const size_t nt = an->n_tokens;
    if (nt == 0)
        return 0;
    int rc = grow_scratch(S, nt, err);
    if (rc != 0)
        return rc;
    const nm_token *tok = an->tokens;
    uint32_t *ids = S->ids;
    uint8_t *run = S->run;
    /* Forms -> ids: hash every form first, prefetching its cache slot, so
     * the lookups below find their slots in cache (the cache is MiBs). */
    uint64_t *tk = S->tkey;
    for (size_t i = 0; i < nt; i++) {
        uint64_t *k = tk + 3 * i;
        k[0] = ngr_str_key(tok[i].form, tok[i].form_len, &k[1], &k[2]);
        const void *slot = ngr_vcache_home(&S->vc, k[0]);
        if (slot)
            NGR_PREFETCH(slot, 0, 3);
    }
    for (size_t i = 0; i < nt; i++) {
        uint32_t idf = 0;
        const uint64_t *k = tk + 3 * i;
        rc = ngr_vcache_lookup(&S->vc, S->ctx, &sh->stop, tok[i].form, tok[i].form_len, k[0],
                               k[1], k[2], &idf);
        if (rc != 0)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory (vocabulary)");
        ids[i] = idf >> 1;
        run[i] = (uint8_t)(idf & 1); /* stopword flag, replaced below */
    }
    /* run[i]: tokens from i on that may share an n-gram, capped at max_n:
     * stopwords break the chain, and so do sentence ends with span=sentence. */
    const unsigned max_n = (unsigned)cfg->max_n;
    const bool by_sentence = cfg->span == NGR_SPAN_SENTENCE;
    unsigned next = 0;
    for (size_t i = nt; i-- > 0;) {
        unsigned r;
        if (run[i]) {
            r = 0;
        } else if (i + 1 < nt && (!by_sentence || tok[i].sentence == tok[i + 1].sentence)) {
            r = next + 1 > max_n ? max_n : next + 1;
        } else {
            r = 1;
        }
        run[i] = (uint8_t)r;
        next = r;
    }
    for (unsigned n = (unsigned)cfg->min_n; n <= max_n && rc == 0; n++) {
        switch (n) {
        case 1: rc = count_unigrams(S, nt, err); break;
        case 2: rc = count_level(S, nt, 2, err); break;
        case 3: rc = count_level(S, nt, 3, err); break;
        case 4: rc = count_level(S, nt, 4, err); break;
        default: rc = count_level(S, nt, 5, err); break;
        }
    }
    return rc;
}

static int ngrams_merge(const nm_op_env *env, void *into, void *from, nm_err *err)
{
    (void)env;
    ngrams_state *A = into, *B = from;
    if (A->fin.done || B->fin.done)
        return nm_err_set(err, NM_EUSAGE, "ngrams: merge after the aggregate was written");
    int rc = uni_flush(A, err);
    if (rc == 0)
        rc = uni_flush(B, err);
    return rc != 0 ? rc : ngr_counter_merge(&A->cnt, &B->cnt, err);
}

static int ngrams_emit(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    ngrams_state *S = state;
    int rc = S->fin.done ? 0 : uni_flush(S, err);
    if (rc == 0)
        rc = ngr_finalize(&S->cnt, &S->fin, env->threads, err);
    if (rc != 0)
        return rc;
    return ngr_emit_write(&S->cnt, &S->fin, env->config, env->threads, out, err);
}

static int ngrams_save(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    ngrams_state *S = state;
    int rc = S->fin.done ? 0 : uni_flush(S, err);
    if (rc == 0)
        rc = ngr_finalize(&S->cnt, &S->fin, env->threads, err);
    if (rc != 0)
        return rc;
    return ngr_state_save(&S->cnt, &S->fin, env->config, env->shared, out, err);
}

static int ngrams_load(const nm_op_env *env, void *state, FILE *in, const char *path, nm_err *err)
{
    ngrams_state *S = state;
    if (S->fin.done)
        return nm_err_set(err, NM_EUSAGE, "ngrams: load after the aggregate was written");
    return ngr_state_load(&S->cnt, env->config, env->shared, in, path, err);
}

/* ---- descriptor ---------------------------------------------------------------------- */

static const nm_opt ngrams_options[] = {
    {.name = "min_n", .type = NM_OPT_INT, .offset = offsetof(ngr_config, min_n), .def = "1",
     .min = 1, .max = NGR_MAX_N, .help = "shortest n-gram, in tokens"},
    {.name = "max_n", .type = NM_OPT_INT, .offset = offsetof(ngr_config, max_n), .def = "3",
     .min = 1, .max = NGR_MAX_N, .help = "longest n-gram, in tokens"},
    {.name = "span", .type = NM_OPT_ENUM, .offset = offsetof(ngr_config, span),
     .def = "sentence", .choices = "sentence|doc",
     .help = "sentence: an n-gram never crosses a sentence boundary; doc: it may"},
    {.name = "min_count", .type = NM_OPT_INT, .offset = offsetof(ngr_config, min_count),
     .def = "1", .min = 1, .max = 1e18, .help = "write only n-grams seen at least this often"},
    {.name = "top", .type = NM_OPT_INT, .offset = offsetof(ngr_config, top), .def = "0",
     .min = 0, .max = 1e18, .help = "write only the K most frequent n-grams per n (0: all)"},
    {.name = "stopwords", .type = NM_OPT_PATH, .offset = offsetof(ngr_config, stopwords),
     .def = NULL,
     .help = "file of lower-case words, one per line (# comments); n-grams containing one are "
             "not counted"},
    {.name = "memory", .type = NM_OPT_SIZE, .offset = offsetof(ngr_config, memory), .def = "1G",
     .min = 16.0 * 1024 * 1024, .max = 1024.0 * 1024 * 1024 * 1024 * 64,
     .help = "budget for the counting tables (all threads); past it, runs spill to disk"},
    {.name = NULL},
};

static const nm_field ngrams_aggregate_fields[] = {
    {.name = "ngram", .type = "string", .help = "the tokens' lower-cased forms joined by one space"},
    {.name = "n", .type = "int", .help = "number of tokens"},
    {.name = "count", .type = "int", .help = "occurrences in the corpus"},
    {.name = "docs", .type = "int", .help = "documents containing it at least once"},
    {.name = NULL},
};

const nm_op nm_op_ngrams = {
    .name = "ngrams",
    .summary = "corpus n-gram counts (occurrences and document frequency), memory-bounded",
    .options = ngrams_options,
    .config_size = sizeof(ngr_config),
    .doc_fields = NULL,
    .aggregate_fields = ngrams_aggregate_fields,
    .aggregate_order = "n ascending, then count descending, then ngram bytewise ascending",
    .prepare = ngrams_prepare,
    .release = ngrams_release,
    .state_size = sizeof(ngrams_state),
    .init = ngrams_init,
    .fini = ngrams_fini,
    .doc = ngrams_doc,
    .merge = ngrams_merge,
    .emit = ngrams_emit,
    .save = ngrams_save,
    .load = ngrams_load,
};
