/* cas_agg.c: the casualties aggregate, casualties.jsonl: per document date,
 * the number of documents and, per category, the documents with a total and
 * the sums of their low / best / high. Integer sums, so threads and shards
 * give the same bytes; the shard state file is canonical text. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "casualties_internal.h"
#include "newsmill/nm_buf.h"

/* The day's record (nm_days.h), added when new. */
static cas_day *agg_find(cas_agg *a, uint32_t key)
{
    a->days.rec_size = sizeof(cas_day);
    return nm_day_table_get(&a->days, key);
}

int cas_agg_add(cas_agg *a, uint32_t key, const cas_total tot[CAS_NCAT])
{
    cas_day *d = agg_find(a, key);
    if (d == NULL)
        return NM_ENOMEM;
    d->docs++;
    for (int c = 0; c < CAS_NCAT; c++)
        if (tot[c].present) {
            d->cat_docs[c]++;
            d->low[c] += (uint64_t)tot[c].low;
            d->best[c] += (uint64_t)tot[c].best;
            d->high[c] += (uint64_t)tot[c].high;
        }
    return 0;
}

static void day_add(cas_day *d, const cas_day *f)
{
    d->docs += f->docs;
    for (int c = 0; c < CAS_NCAT; c++) {
        d->cat_docs[c] += f->cat_docs[c];
        d->low[c] += f->low[c];
        d->best[c] += f->best[c];
        d->high[c] += f->high[c];
    }
}

int cas_agg_merge(cas_agg *into, const cas_agg *from)
{
    for (size_t i = 0; i < from->days.n; i++) {
        const cas_day *f = nm_day_table_at(&from->days, i);
        cas_day *d = agg_find(into, f->key);
        if (d == NULL)
            return NM_ENOMEM;
        day_add(d, f);
    }
    return 0;
}

void cas_agg_free(cas_agg *a)
{
    nm_day_table_free(&a->days);
}

int cas_agg_emit(cas_agg *a, unsigned cat_mask, FILE *out, nm_err *err)
{
    cas_day **v = (cas_day **)nm_day_table_sorted(&a->days);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    nm_buf b;
    nm_buf_init(&b);
    for (size_t i = 0; i < a->days.n; i++) {
        const cas_day *d = v[i];
        nm_jw w;
        nm_jw_init(&w, &b);
        nm_jw_object_begin(&w);
        nm_jw_key(&w, "date");
        nm_jw_day(&w, d->key);
        nm_jw_key(&w, "docs");
        nm_jw_u64(&w, d->docs);
        for (int c = 0; c < CAS_NCAT; c++) {
            if (!(cat_mask >> c & 1u))
                continue;
            nm_jw_key(&w, cas_cat_names[c]);
            nm_jw_object_begin(&w);
            nm_jw_key(&w, "docs");
            nm_jw_u64(&w, d->cat_docs[c]);
            nm_jw_key(&w, "low");
            nm_jw_u64(&w, d->low[c]);
            nm_jw_key(&w, "best");
            nm_jw_u64(&w, d->best[c]);
            nm_jw_key(&w, "high");
            nm_jw_u64(&w, d->high[c]);
            nm_jw_object_end(&w);
        }
        nm_jw_object_end(&w);
        nm_buf_putc(&b, '\n');
    }
    free(v);
    return nm_buf_write_free(&b, out, "casualties", "casualties.jsonl", err);
}

/* State file (shards): text, canonical, so equal aggregates give equal files.
 *   newsmill-casualties-state 1 <digest: 16 hex>
 *   days <n>
 *   <key> <docs> then per category: <docs> <low> <best> <high>   keys ascending, 0 last
 *   end */
#define STATE_MAGIC "newsmill-casualties-state"

int cas_agg_save(cas_agg *a, uint64_t digest, FILE *out, nm_err *err)
{
    cas_day **v = (cas_day **)nm_day_table_sorted(&a->days);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    nm_day_state_write_header(out, STATE_MAGIC, digest, a->days.n);
    for (size_t i = 0; i < a->days.n; i++) {
        const cas_day *d = v[i];
        fprintf(out, "%" PRIu32 " %" PRIu64, d->key, d->docs);
        for (int c = 0; c < CAS_NCAT; c++)
            fprintf(out, " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, d->cat_docs[c],
                    d->low[c], d->best[c], d->high[c]);
        fputc('\n', out);
    }
    nm_day_state_write_end(out);
    free(v);
    if (ferror(out))
        return nm_err_set(err, NM_EIO, "casualties: cannot write the state file");
    return 0;
}

/* One unsigned decimal field at *p (no sign, no leading zero), then a space
 * or the end of the line. */
static bool field_u64(const char **p, const char *end, uint64_t *v)
{
    const char *s = *p;
    size_t n = 0;
    while (s + n < end && s[n] >= '0' && s[n] <= '9')
        n++;
    if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = x * 10 + (uint64_t)(s[i] - '0');
    s += n;
    if (s < end) {
        if (*s != ' ')
            return false;
        s++;
    }
    *p = s;
    *v = x;
    return true;
}

/* One day line of a state file: docs, then per category docs low best high. */
static int load_day(void *user, uint32_t key, const char *fields, size_t len)
{
    cas_agg *a = user;
    cas_day d;
    memset(&d, 0, sizeof d);
    const char *p = fields, *end = fields + len;
    bool ok = len > 0 && end[-1] != ' ' && field_u64(&p, end, &d.docs) && d.docs > 0;
    for (int c = 0; ok && c < CAS_NCAT; c++)
        ok = field_u64(&p, end, &d.cat_docs[c]) && field_u64(&p, end, &d.low[c]) &&
             field_u64(&p, end, &d.best[c]) && field_u64(&p, end, &d.high[c]) &&
             d.cat_docs[c] <= d.docs && d.low[c] <= d.best[c] && d.best[c] <= d.high[c];
    if (!ok || p != end)
        return NM_DAY_LINE_BAD;
    cas_day *t = agg_find(a, key);
    if (t == NULL)
        return NM_ENOMEM;
    day_add(t, &d);
    return 0;
}

int cas_agg_load(cas_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err)
{
    return nm_day_state_read(in, path, STATE_MAGIC, digest, "casualties",
                             "categories option or rules version", load_day, a, err);
}
