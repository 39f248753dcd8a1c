/* stance_agg.c: the stance operator's corpus aggregate, stance.jsonl: one
 * line per (source, target) dyad, source "author" for the texts' own stance
 * toward each actor, sorted by source then target (bytewise).
 *
 * Counts are integers and the sums of polarities and scores exact (nm_xsum),
 * so threads and shards give the same bytes whatever went where; the mean is
 * rounded once, at the end. The shard state file is canonical text:
 *   newsmill-stance-state 2 <digest: 16 hex>
 *   dyads <n>
 *   <source> <target> <documents> <relations> <positive> <negative> <sum>   sorted
 *   end
 * <sum> in nm_xsum's text form (version 1 held a fixed-point integer). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_buf.h"
#include "stance_internal.h"

#define STATE_MAGIC "newsmill-stance-state"
#define STATE_VERSION 2
/* The longest dyad line: two codes, four counts, a sum (at most about 560
   characters of nm_xsum text). */
#define STATE_LINE 1024

/* The dyad (src, tgt), added with zero counts when new; NULL with *rc set
   (NM_ENOMEM, NM_EFORMAT for codes too long). */
static st_dyad *dyad(st_agg *a, const char *src, size_t sl, const char *tgt, int *rc)
{
    char key[2 * ST_CODE_MAX + 8];
    const size_t tl = strlen(tgt);
    *rc = NM_EFORMAT;
    if (sl + tl + 2 > sizeof key)
        return NULL;
    memcpy(key, src, sl);
    key[sl] = '\t';
    memcpy(key + sl + 1, tgt, tl);
    uint32_t idx = (uint32_t)a->n;
    *rc = NM_ENOMEM;
    /* grow first: a key in the map always has its dyad */
    if (!st_grow((void **)&a->d, &a->cap, a->n + 1, sizeof *a->d))
        return NULL;
    const int added = st_map_put(&a->keys, key, sl + 1 + tl, &idx);
    if (added < 0)
        return NULL;
    if (added)
        memset(&a->d[a->n++], 0, sizeof *a->d);
    *rc = 0;
    return &a->d[idx];
}

static void count(st_dyad *d, uint64_t documents, uint64_t relations, uint64_t positive,
                  uint64_t negative)
{
    d->documents += documents;
    d->relations += relations;
    d->positive += positive;
    d->negative += negative;
}

int st_agg_add(st_agg *a, const char *src, const char *tgt, uint64_t documents,
               uint64_t relations, uint64_t positive, uint64_t negative, double value)
{
    int rc;
    st_dyad *d = dyad(a, src, strlen(src), tgt, &rc);
    if (d == NULL)
        return rc;
    count(d, documents, relations, positive, negative);
    nm_xsum_add(&d->sum, value);
    return 0;
}

int st_agg_merge(st_agg *into, st_agg *from)
{
    for (size_t i = 0; i < from->keys.cap; i++) {
        const st_slot *s = &from->keys.slot[i];
        if (!s->used)
            continue;
        const char *k = st_map_key(&from->keys, s);
        const char *tab = memchr(k, '\t', s->key_len);
        st_dyad *f = &from->d[s->val];
        int rc;
        st_dyad *d = dyad(into, k, (size_t)(tab - k), tab + 1, &rc);
        if (d == NULL)
            return rc;
        count(d, f->documents, f->relations, f->positive, f->negative);
        nm_xsum_merge(&d->sum, &f->sum);
    }
    return 0;
}

typedef struct dyad_ref {
    const char *key;
    uint32_t len, val;
} dyad_ref;

static int ref_cmp(const void *x, const void *y)
{
    const dyad_ref *a = x, *b = y;
    const size_t n = a->len < b->len ? a->len : b->len;
    const int c = memcmp(a->key, b->key, n);
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* The dyads in key order; NULL when out of memory. */
static dyad_ref *sorted(const st_agg *a, size_t *n)
{
    *n = 0;
    dyad_ref *v = malloc((a->n + 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < a->keys.cap; i++)
        if (a->keys.slot[i].used)
            v[(*n)++] = (dyad_ref){st_map_key(&a->keys, &a->keys.slot[i]),
                                   a->keys.slot[i].key_len, a->keys.slot[i].val};
    qsort(v, *n, sizeof *v, ref_cmp);
    return v;
}

int st_agg_emit(st_agg *a, FILE *out, nm_err *err)
{
    size_t n;
    dyad_ref *v = sorted(a, &n);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
    nm_buf b;
    nm_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        const char *k = v[i].key;
        const char *tab = memchr(k, '\t', v[i].len);
        st_dyad *d = &a->d[v[i].val];
        nm_jw w;
        nm_jw_init(&w, &b);
        nm_jw_object_begin(&w);
        nm_jw_key(&w, "source");
        nm_jw_string(&w, k, (size_t)(tab - k));
        nm_jw_key(&w, "target");
        nm_jw_cstring(&w, tab + 1);
        nm_jw_key(&w, "documents");
        nm_jw_u64(&w, d->documents);
        nm_jw_key(&w, "relations");
        nm_jw_u64(&w, d->relations);
        nm_jw_key(&w, "positive");
        nm_jw_u64(&w, d->positive);
        nm_jw_key(&w, "negative");
        nm_jw_u64(&w, d->negative);
        nm_jw_key(&w, "mean");
        const uint64_t den = d->relations ? d->relations : d->documents;
        /* the sum is exact and rounds once; the division rounds once more */
        nm_jw_double(&w, den ? nm_xsum_value(&d->sum) / (double)den : 0.0);
        nm_jw_object_end(&w);
        nm_buf_putc(&b, '\n');
    }
    free(v);
    return nm_buf_write_free(&b, out, "stance", "stance.jsonl", err);
}

int st_agg_save(st_agg *a, uint64_t digest, FILE *out, nm_err *err)
{
    size_t n;
    dyad_ref *v = sorted(a, &n);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
    fprintf(out, "%s %d %016" PRIx64 "\ndyads %zu\n", STATE_MAGIC, STATE_VERSION, digest, n);
    for (size_t i = 0; i < n; i++) {
        const char *k = v[i].key;
        const char *tab = memchr(k, '\t', v[i].len);
        st_dyad *d = &a->d[v[i].val];
        fprintf(out, "%.*s %s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " ", (int)(tab - k), k,
                tab + 1, d->documents, d->relations, d->positive, d->negative);
        nm_xsum_write(&d->sum, out);
        fputc('\n', out);
    }
    fputs("end\n", out);
    free(v);
    if (ferror(out))
        return nm_err_set(err, NM_EIO, "stance: cannot write the state file");
    return 0;
}

static bool code_ok(const char *s)
{
    if (strcmp(s, "author") == 0)
        return true;
    const size_t n = strlen(s);
    if (n < 3 || n >= ST_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

int st_agg_load(st_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err)
{
    char line[STATE_LINE];
    size_t lineno = 0, n = 0, seen = 0;
#define BAD(...) nm_err_set(err, NM_EFORMAT, __VA_ARGS__)
    if (fgets(line, sizeof line, in) == NULL)
        return BAD("%s: empty stance state file", path);
    lineno++;
    char magic[64];
    unsigned ver;
    uint64_t dg;
    if (sscanf(line, "%63s %u %" SCNx64, magic, &ver, &dg) != 3 || strcmp(magic, STATE_MAGIC) ||
        ver != STATE_VERSION)
        return BAD("%s:1: not a stance state file (version %d)", path, STATE_VERSION);
    if (dg != digest)
        return BAD("%s:1: the state was made with another actor dictionary, lexicon or "
                   "stance options; rerun the shards with the same options",
                   path);
    if (fgets(line, sizeof line, in) == NULL || sscanf(line, "dyads %zu", &n) != 1)
        return BAD("%s:2: expected 'dyads <n>'", path);
    lineno++;
    while (fgets(line, sizeof line, in) != NULL) {
        lineno++;
        if (strcmp(line, "end\n") == 0) {
            if (seen != n)
                return BAD("%s:%zu: %zu dyads, header says %zu", path, lineno, seen, n);
            return 0;
        }
        char src[64], tgt[64];
        uint64_t docs, rels, pos, negs;
        int used = 0;
        nm_xsum sum;
        memset(&sum, 0, sizeof sum);
        const char *nl = strchr(line, '\n');
        if (sscanf(line, "%63s %63s %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %n", src,
                   tgt, &docs, &rels, &pos, &negs, &used) != 6 ||
            used == 0 || nl == NULL || nl < line + used || !code_ok(src) || !code_ok(tgt) ||
            pos + negs > rels + docs ||
            nm_xsum_parse(&sum, line + used, (size_t)(nl - (line + used))) != 0)
            return BAD("%s:%zu: malformed dyad line", path, lineno);
        int rc;
        st_dyad *d = dyad(a, src, strlen(src), tgt, &rc);
        if (d == NULL)
            return rc == NM_ENOMEM ? nm_err_set(err, NM_ENOMEM, "stance: out of memory")
                                   : BAD("%s:%zu: malformed dyad line", path, lineno);
        count(d, docs, rels, pos, negs);
        nm_xsum_merge(&d->sum, &sum);
        seen++;
    }
    return BAD("%s: truncated stance state file (no 'end' line)", path);
#undef BAD
}

void st_agg_free(st_agg *a)
{
    st_map_free(&a->keys);
    free(a->d);
    memset(a, 0, sizeof *a);
}
