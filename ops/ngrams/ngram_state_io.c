/* ngram_state_io.c: the ngrams operator's shard state file (save / load).
 *
 * A sharded run saves its complete, unfiltered aggregate; `newsmill merge`
 * loads every shard's file into one state and emits. The format is
 * canonical (a deterministic function of the shard's documents and the
 * counting options, whatever the thread count) and self-describing:
 *
 *   newsmill ngrams state 1\n          magic and version
 *   min_n N\n max_n N\n span sentence|doc\n
 *   stopwords none | stopwords COUNT XXH64HEX\n   identity of the word set
 *   body\n
 *   binary body, integers as unsigned LEB128 varints:
 *     V, then V forms (length, bytes), strictly increasing bytewise;
 *     for each n from min_n to max_n: n, M, then M entries
 *       (n ranks into the forms, count, docs), strictly increasing by ranks;
 *   8 bytes: XXH64 of the body, little-endian; then end of file.
 *
 * Load checks every invariant (order, bounds, docs <= count, checksum, no
 * trailing bytes) and rejects a file counted with other options, so a
 * damaged or mismatched file is an NM_EFORMAT error naming it, never a
 * crash or a silently wrong merge. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "ngram_internal.h"

#define NGR_MAGIC "newsmill ngrams state 1"
#define NGR_IOBUF (1u << 20)
#define NGR_MAX_FORM (1u << 26)

/* ---- writing ------------------------------------------------------------------ */

typedef struct bwriter {
    FILE *out;
    unsigned char *buf;
    size_t pos;
    XXH64_state_t *hs;
    bool failed;
} bwriter;

static void bw_flush(bwriter *w)
{
    if (w->pos == 0)
        return;
    XXH64_update(w->hs, w->buf, w->pos);
    if (!w->failed && fwrite(w->buf, 1, w->pos, w->out) != w->pos)
        w->failed = true;
    w->pos = 0;
}

static void bw_bytes(bwriter *w, const void *p, size_t n)
{
    const unsigned char *s = p;
    while (n > 0) {
        if (w->pos == NGR_IOBUF)
            bw_flush(w);
        const size_t k = NGR_IOBUF - w->pos < n ? NGR_IOBUF - w->pos : n;
        memcpy(w->buf + w->pos, s, k);
        w->pos += k;
        s += k;
        n -= k;
    }
}

static void bw_varint(bwriter *w, uint64_t v)
{
    if (w->pos + 10 > NGR_IOBUF)
        bw_flush(w);
    while (v >= 0x80) {
        w->buf[w->pos++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    w->buf[w->pos++] = (unsigned char)v;
}

static void stop_identity(const ngr_shared *sh, char *out, size_t size)
{
    if (sh->stop.n == 0)
        snprintf(out, size, "none");
    else
        snprintf(out, size, "%zu %016" PRIx64, sh->stop.n, sh->stop.digest);
}

static void write_entry(bwriter *w, const ngr_layout *L, const ngr_bigkeys *bk, const uint64_t *rec)
{
    uint32_t ranks[NGR_MAX_N];
    ngr_rec_get_ranks(L, rec, ranks);
    for (unsigned i = 0; i < L->n; i++)
        bw_varint(w, ranks[i]);
    uint64_t count, docs;
    ngr_true_counts(L, bk, rec, &count, &docs);
    bw_varint(w, count);
    bw_varint(w, docs);
}

int ngr_state_save(const ngr_counter *c, ngr_final *f, const ngr_config *cfg,
                   const ngr_shared *sh, FILE *out, nm_err *err)
{
    ngr_ctx *ctx = c->ctx;
    const ngr_vocab *v = &ctx->vocab;
    char ident[64];
    stop_identity(sh, ident, sizeof ident);
    if (fprintf(out, "%s\nmin_n %d\nmax_n %d\nspan %s\nstopwords %s\nbody\n", NGR_MAGIC,
                (int)cfg->min_n, (int)cfg->max_n, cfg->span == NGR_SPAN_DOC ? "doc" : "sentence",
                ident) < 0)
        return nm_err_set(err, NM_EIO, "ngrams: cannot write the state file");
    bwriter w = {.out = out};
    w.buf = malloc(NGR_IOBUF);
    w.hs = XXH64_createState();
    if (w.buf == NULL || w.hs == NULL) {
        free(w.buf);
        XXH64_freeState(w.hs);
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    }
    XXH64_reset(w.hs, 0);
    int rc = 0;
    bw_varint(&w, v->n);
    for (size_t r = 0; r < v->n; r++) {
        const uint32_t id = v->by_rank[r];
        bw_varint(&w, v->len[id]);
        bw_bytes(&w, v->str[id], v->len[id]);
    }
    for (unsigned n = c->min_n; n <= c->max_n && rc == 0; n++) {
        ngr_level *lv = &f->lv[n - 1];
        bw_varint(&w, n);
        if (!lv->on_disk) {
            bw_varint(&w, lv->m);
            for (size_t i = 0; i < lv->m; i++)
                write_entry(&w, &lv->L, &lv->bk, lv->rec + i * lv->L.w);
            continue;
        }
        bw_varint(&w, ngr_rfile_records(&lv->runs));
        ngr_merger *m = NULL;
        rc = ngr_merger_open(&m, &lv->runs, &lv->L, &lv->bk, NGR_BY_KEY, ctx, err);
        while (rc == 0) {
            const uint64_t *rec = NULL;
            const int got = ngr_merger_next(m, &rec, err);
            if (got <= 0) {
                rc = got;
                break;
            }
            write_entry(&w, &lv->L, &lv->bk, rec);
        }
        ngr_merger_free(m);
    }
    bw_flush(&w);
    unsigned char sum[8];
    const uint64_t d = XXH64_digest(w.hs);
    for (int i = 0; i < 8; i++)
        sum[i] = (unsigned char)(d >> (8 * i));
    if (rc == 0 && (w.failed || fwrite(sum, 1, 8, out) != 8 || fflush(out) != 0))
        rc = nm_err_set(err, NM_EIO, "ngrams: cannot write the state file (disk full?)");
    free(w.buf);
    XXH64_freeState(w.hs);
    return rc;
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct breader {
    FILE *in;
    unsigned char *buf;
    size_t pos, len, hashed;
    XXH64_state_t *hs;
    bool eof;
} breader;

static void br_hash(breader *r)
{
    if (r->pos > r->hashed)
        XXH64_update(r->hs, r->buf + r->hashed, r->pos - r->hashed);
    r->hashed = r->pos;
}

static bool br_fill(breader *r)
{
    if (r->pos < r->len)
        return true;
    br_hash(r);
    if (r->eof)
        return false;
    r->len = fread(r->buf, 1, NGR_IOBUF, r->in);
    r->pos = r->hashed = 0;
    if (r->len < NGR_IOBUF)
        r->eof = true;
    return r->len > 0;
}

static bool br_varint(breader *r, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (!br_fill(r))
            return false;
        const unsigned char b = r->buf[r->pos++];
        if (shift == 63 && b > 1)
            return false;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static bool br_bytes(breader *r, void *p, size_t n)
{
    unsigned char *d = p;
    while (n > 0) {
        if (!br_fill(r))
            return false;
        const size_t k = r->len - r->pos < n ? r->len - r->pos : n;
        memcpy(d, r->buf + r->pos, k);
        r->pos += k;
        d += k;
        n -= k;
    }
    return true;
}

/* Reads one header line (without '\n') into line; false on EOF or overlong. */
static bool read_line(FILE *in, char *line, size_t size)
{
    size_t n = 0;
    for (;;) {
        const int ch = fgetc(in);
        if (ch == EOF)
            return false;
        if (ch == '\n')
            break;
        if (n + 1 >= size)
            return false;
        line[n++] = (char)ch;
    }
    line[n] = '\0';
    return true;
}

static int bad(nm_err *err, const char *path, const char *what)
{
    return nm_err_set(err, NM_EFORMAT, "%s: not a valid ngrams state file (%s)", path, what);
}

static int read_header(FILE *in, const ngr_config *cfg, const ngr_shared *sh, const char *path,
                       nm_err *err)
{
    char line[256];
    if (!read_line(in, line, sizeof line) || strcmp(line, NGR_MAGIC) != 0)
        return bad(err, path, "missing or unknown header line");
    static const char *const keys[] = {"min_n ", "max_n ", "span ", "stopwords "};
    char want[4][64];
    snprintf(want[0], sizeof want[0], "%d", (int)cfg->min_n);
    snprintf(want[1], sizeof want[1], "%d", (int)cfg->max_n);
    snprintf(want[2], sizeof want[2], "%s", cfg->span == NGR_SPAN_DOC ? "doc" : "sentence");
    stop_identity(sh, want[3], sizeof want[3]);
    for (int k = 0; k < 4; k++) {
        const size_t kl = strlen(keys[k]);
        if (!read_line(in, line, sizeof line) || strncmp(line, keys[k], kl) != 0)
            return bad(err, path, "truncated or malformed header");
        if (strcmp(line + kl, want[k]) != 0) {
            if (k == 3)
                return nm_err_set(err, NM_EFORMAT,
                                  "%s: counted with a different stopword set (stopwords %s; this "
                                  "merge has %s); use the same ngrams.stopwords file",
                                  path, line + kl, want[k]);
            return nm_err_set(err, NM_EFORMAT,
                              "%s: counted with ngrams.%.*s=%s, but this merge uses %s; merge "
                              "only shards run with the same counting options",
                              path, (int)kl - 1, keys[k], line + kl, want[k]);
        }
    }
    if (!read_line(in, line, sizeof line) || strcmp(line, "body") != 0)
        return bad(err, path, "truncated or malformed header");
    return 0;
}

int ngr_state_load(ngr_counter *c, const ngr_config *cfg, const ngr_shared *sh, FILE *in,
                   const char *path, nm_err *err)
{
    if (path == NULL)
        path = "(state file)";
    int rc = read_header(in, cfg, sh, path, err);
    if (rc != 0)
        return rc;
    breader r = {.in = in};
    r.buf = malloc(NGR_IOBUF);
    r.hs = XXH64_createState();
    uint32_t *map = NULL;
    char *form = NULL, *prev = NULL;
    if (r.buf == NULL || r.hs == NULL) {
        rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        goto done;
    }
    XXH64_reset(r.hs, 0);
    uint64_t V = 0;
    if (!br_varint(&r, &V) || V > (UINT32_MAX >> 1)) {
        rc = bad(err, path, "bad vocabulary size");
        goto done;
    }
    size_t map_cap = 0;
    uint32_t prev_len = 0;
    size_t form_cap = 0;
    for (uint64_t i = 0; i < V; i++) {
        uint64_t len = 0;
        if (!br_varint(&r, &len) || len == 0 || len > NGR_MAX_FORM) {
            rc = bad(err, path, "bad form length");
            goto done;
        }
        if (len + 1 > form_cap) {
            form_cap = (size_t)len + 1 > 256 ? (size_t)len + 1 : 256;
            char *nf = realloc(form, form_cap), *np = nf ? realloc(prev, form_cap) : NULL;
            if (nf)
                form = nf;
            if (np)
                prev = np;
            if (nf == NULL || np == NULL) {
                rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
                goto done;
            }
        }
        if (!br_bytes(&r, form, (size_t)len)) {
            rc = bad(err, path, "truncated vocabulary");
            goto done;
        }
        for (uint64_t k = 0; k < len; k++)
            if ((unsigned char)form[k] <= 0x20) {
                rc = bad(err, path, "a form contains a control byte or space");
                goto done;
            }
        if (nm_utf8_valid_prefix(form, (size_t)len) != len) {
            rc = bad(err, path, "a form is not valid UTF-8");
            goto done;
        }
        if (i > 0) {
            const int cmp = memcmp(prev, form, prev_len < len ? prev_len : (size_t)len);
            if (cmp > 0 || (cmp == 0 && prev_len >= len)) {
                rc = bad(err, path, "vocabulary out of order");
                goto done;
            }
        }
        memcpy(prev, form, (size_t)len);
        prev_len = (uint32_t)len;
        if (i == map_cap) {
            map_cap = map_cap ? map_cap * 2 : 4096;
            uint32_t *nm = realloc(map, map_cap * sizeof *nm);
            if (nm == NULL) {
                rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
                goto done;
            }
            map = nm;
        }
        const char *stable = NULL;
        uint32_t idf = 0;
        if (ngr_vocab_intern(c->ctx, &sh->stop, form, (uint32_t)len, ngr_str_hash(form, (size_t)len),
                             &stable, &idf) != 0) {
            rc = nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
            goto done;
        }
        map[i] = idf >> 1;
    }
    for (unsigned n = c->min_n; n <= c->max_n; n++) {
        uint64_t fn = 0, M = 0;
        if (!br_varint(&r, &fn) || fn != n || !br_varint(&r, &M)) {
            rc = bad(err, path, "bad section header");
            goto done;
        }
        uint64_t last[NGR_MAX_N] = {0};
        for (uint64_t i = 0; i < M; i++) {
            uint64_t rk[NGR_MAX_N], count = 0, docs = 0;
            for (unsigned j = 0; j < n; j++)
                if (!br_varint(&r, &rk[j]) || rk[j] >= V) {
                    rc = bad(err, path, "truncated entry or rank out of range");
                    goto done;
                }
            if (!br_varint(&r, &count) || !br_varint(&r, &docs) || count == 0 || docs == 0 ||
                docs > count) {
                rc = bad(err, path, "bad count");
                goto done;
            }
            if (i > 0) {
                int cmp = 0;
                for (unsigned j = 0; j < n && cmp == 0; j++)
                    cmp = rk[j] < last[j] ? -1 : rk[j] > last[j];
                if (cmp <= 0) {
                    rc = bad(err, path, "entries out of order");
                    goto done;
                }
            }
            uint32_t key[NGR_MAX_N];
            for (unsigned j = 0; j < n; j++) {
                last[j] = rk[j];
                key[j] = map[rk[j]];
            }
            rc = ngr_counter_add(c, n, key, count, docs, false, err);
            if (rc != 0)
                goto done;
        }
    }
    br_hash(&r);
    const uint64_t want = XXH64_digest(r.hs);
    unsigned char sum[8];
    if (!br_bytes(&r, sum, 8)) {
        rc = bad(err, path, "truncated: no checksum");
        goto done;
    }
    uint64_t got = 0;
    for (int i = 0; i < 8; i++)
        got |= (uint64_t)sum[i] << (8 * i);
    if (got != want) {
        rc = bad(err, path, "checksum mismatch: the file is damaged");
        goto done;
    }
    if (br_fill(&r)) {
        rc = bad(err, path, "trailing bytes after the checksum");
        goto done;
    }
done:
    free(r.buf);
    XXH64_freeState(r.hs);
    free(map);
    free(form);
    free(prev);
    return rc;
}
