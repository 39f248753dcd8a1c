/* sentiment_agg.c: the sentiment operator's corpus aggregate, sentiment.jsonl:
 * per document date, the number of documents and the mean compound and tone.
 *
 * Means must not depend on how documents were spread over threads or
 * shards, yet floating-point addition is not associative. So the sums are
 * exact (nm_xsum, shared with stance: a fixed-point integer wide enough for
 * any double), and only the final total is rounded, once, to a double;
 * mean = total / docs.
 * Memory is per distinct date, never per document. */
#include "sentiment_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_buf.h"

/* ---- the aggregate: one sent_day per day key (nm_days.h) ------------------------------- */

static sent_day *agg_find(sent_agg *a, uint32_t key)
{
    a->days.rec_size = sizeof(sent_day);
    return nm_day_table_get(&a->days, key);
}

int sent_agg_add(sent_agg *a, uint32_t key, double compound, double tone)
{
    sent_day *d = agg_find(a, key);
    if (d == NULL)
        return NM_ENOMEM;
    d->docs++;
    nm_xsum_add(&d->compound, compound);
    nm_xsum_add(&d->tone, tone);
    return 0;
}

int sent_agg_merge(sent_agg *into, sent_agg *from)
{
    for (size_t i = 0; i < from->days.n; i++) {
        sent_day *f = nm_day_table_at(&from->days, i);
        sent_day *d = agg_find(into, f->key);
        if (d == NULL)
            return NM_ENOMEM;
        d->docs += f->docs;
        nm_xsum_merge(&d->compound, &f->compound);
        nm_xsum_merge(&d->tone, &f->tone);
    }
    return 0;
}

void sent_agg_free(sent_agg *a)
{
    nm_day_table_free(&a->days);
}

int sent_agg_emit(sent_agg *a, FILE *out, nm_err *err)
{
    sent_day **v = (sent_day **)nm_day_table_sorted(&a->days);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
    nm_buf b;
    nm_buf_init(&b);
    for (size_t i = 0; i < a->days.n; i++) {
        sent_day *d = v[i];
        nm_jw w;
        nm_jw_init(&w, &b);
        nm_jw_object_begin(&w);
        nm_jw_key(&w, "date");
        nm_jw_day(&w, d->key);
        nm_jw_key(&w, "docs");
        nm_jw_u64(&w, d->docs);
        nm_jw_key(&w, "compound");
        nm_jw_double(&w, nm_xsum_value(&d->compound) / (double)d->docs);
        nm_jw_key(&w, "tone");
        nm_jw_double(&w, nm_xsum_value(&d->tone) / (double)d->docs);
        nm_jw_object_end(&w);
        nm_buf_putc(&b, '\n');
    }
    free(v);
    return nm_buf_write_free(&b, out, "sentiment", "sentiment.jsonl", err);
}

/* State file (shards): text, canonical, so equal aggregates give equal files.
 *   newsmill-sentiment-state 1 <digest: 16 hex>
 *   days <n>
 *   <key> <docs> <compound sum> <tone sum>     n lines, keys ascending (0 = undated)
 *   end */
#define STATE_MAGIC "newsmill-sentiment-state"

int sent_agg_save(sent_agg *a, uint64_t digest, FILE *out, nm_err *err)
{
    sent_day **v = (sent_day **)nm_day_table_sorted(&a->days);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
    nm_day_state_write_header(out, STATE_MAGIC, digest, a->days.n);
    for (size_t i = 0; i < a->days.n; i++) {
        fprintf(out, "%" PRIu32 " %" PRIu64 " ", v[i]->key, v[i]->docs);
        nm_xsum_write(&v[i]->compound, out);
        fputc(' ', out);
        nm_xsum_write(&v[i]->tone, out);
        fputc('\n', out);
    }
    nm_day_state_write_end(out);
    free(v);
    if (ferror(out))
        return nm_err_set(err, NM_EIO, "sentiment: cannot write the state file");
    return 0;
}

/* One day line of a state file: docs, compound sum, tone sum. */
static int load_day(void *user, uint32_t key, const char *fields, size_t len)
{
    sent_agg *a = user;
    const char *f[3];
    size_t fl[3], nf = 0;
    const char *p = fields, *end = fields + len;
    while (nf < 3 && p <= end) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        const char *e = sp ? sp : end;
        f[nf] = p;
        fl[nf++] = (size_t)(e - p);
        p = e + 1;
        if (sp == NULL)
            break;
    }
    uint64_t docs = 0;
    nm_xsum c, t;
    memset(&c, 0, sizeof c);
    memset(&t, 0, sizeof t);
    if (nf != 3 || p <= end || !nm_parse_u64_exact(f[0], fl[0], &docs) || docs == 0 ||
        nm_xsum_parse(&c, f[1], fl[1]) != 0 || nm_xsum_parse(&t, f[2], fl[2]) != 0)
        return NM_DAY_LINE_BAD;
    sent_day *d = agg_find(a, key);
    if (d == NULL)
        return NM_ENOMEM;
    d->docs += docs;
    nm_xsum_merge(&d->compound, &c);
    nm_xsum_merge(&d->tone, &t);
    return 0;
}

int sent_agg_load(sent_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err)
{
    return nm_day_state_read(in, path, STATE_MAGIC, digest, "sentiment",
                             "lexicon, emoji lexicon or unit", load_day, a, err);
}
