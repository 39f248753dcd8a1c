/* cas_agg.c: the casualties aggregate, casualties.jsonl: per document date,
 * the number of documents and, per category, the documents with a total and
 * the sums of their low / best / high. Integer sums, so threads and shards
 * give the same bytes; the shard state file is canonical text. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "casualties_internal.h"
#include "newsmill/nm_buf.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

uint32_t cas_day_key(const char *d, size_t len)
{
    if (d == NULL || len < 10 || !digit(d[0]) || !digit(d[1]) || !digit(d[2]) || !digit(d[3]) ||
        d[4] != '-' || !digit(d[5]) || !digit(d[6]) || d[7] != '-' || !digit(d[8]) ||
        !digit(d[9]) || (len > 10 && digit(d[10])))
        return 0;
    const uint32_t y = (uint32_t)((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
                                  (d[3] - '0'));
    const uint32_t m = (uint32_t)((d[5] - '0') * 10 + (d[6] - '0'));
    const uint32_t day = (uint32_t)((d[8] - '0') * 10 + (d[9] - '0'));
    if (m < 1 || m > 12 || day < 1 || day > 31 || y == 0)
        return 0;
    return y * 10000 + m * 100 + day;
}

static size_t key_home(uint32_t key, size_t mask)
{
    return (size_t)((key * 0x9E3779B1u) >> 8) & mask;
}

static cas_day *agg_find(cas_agg *a, uint32_t key)
{
    if (a->slot_cap) {
        const size_t mask = a->slot_cap - 1;
        for (size_t i = key_home(key, mask);; i = (i + 1) & mask) {
            const uint32_t x = a->slot[i];
            if (x == 0)
                break;
            if (a->day[x - 1].key == key)
                return &a->day[x - 1];
        }
    }
    if ((a->n_day + 1) * 2 > a->slot_cap) {
        const size_t cap = a->slot_cap ? a->slot_cap * 2 : 16;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (slot == NULL)
            return NULL;
        for (size_t d = 0; d < a->n_day; d++) {
            size_t i = key_home(a->day[d].key, cap - 1);
            while (slot[i])
                i = (i + 1) & (cap - 1);
            slot[i] = (uint32_t)d + 1;
        }
        free(a->slot);
        a->slot = slot;
        a->slot_cap = cap;
    }
    if (a->n_day == a->day_cap) {
        const size_t cap = a->day_cap ? a->day_cap * 2 : 4;
        cas_day *nd = realloc(a->day, cap * sizeof *nd);
        if (nd == NULL)
            return NULL;
        a->day = nd;
        a->day_cap = cap;
    }
    cas_day *d = &a->day[a->n_day];
    memset(d, 0, sizeof *d);
    d->key = key;
    size_t i = key_home(key, a->slot_cap - 1);
    while (a->slot[i])
        i = (i + 1) & (a->slot_cap - 1);
    a->slot[i] = (uint32_t)++a->n_day;
    return d;
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
    for (size_t i = 0; i < from->n_day; i++) {
        cas_day *d = agg_find(into, from->day[i].key);
        if (d == NULL)
            return NM_ENOMEM;
        day_add(d, &from->day[i]);
    }
    return 0;
}

void cas_agg_free(cas_agg *a)
{
    free(a->day);
    free(a->slot);
    memset(a, 0, sizeof *a);
}

/* Dates ascending, the undated (key 0) last. */
static int day_cmp(const void *pa, const void *pb)
{
    const uint32_t a = (*(cas_day *const *)pa)->key - 1u;
    const uint32_t b = (*(cas_day *const *)pb)->key - 1u;
    return a < b ? -1 : a > b;
}

static cas_day **agg_sorted(cas_agg *a)
{
    cas_day **v = malloc((a->n_day ? a->n_day : 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < a->n_day; i++)
        v[i] = &a->day[i];
    qsort(v, a->n_day, sizeof *v, day_cmp);
    return v;
}

int cas_agg_emit(cas_agg *a, unsigned cat_mask, FILE *out, nm_err *err)
{
    cas_day **v = agg_sorted(a);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    nm_buf b;
    nm_buf_init(&b);
    for (size_t i = 0; i < a->n_day; i++) {
        const cas_day *d = v[i];
        nm_jw w;
        nm_jw_init(&w, &b);
        nm_jw_object_begin(&w);
        nm_jw_key(&w, "date");
        if (d->key == 0) {
            nm_jw_null(&w);
        } else {
            char date[16];
            snprintf(date, sizeof date, "%04u-%02u-%02u", d->key / 10000, d->key / 100 % 100,
                     d->key % 100);
            nm_jw_cstring(&w, date);
        }
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
    int rc = 0;
    if (b.failed)
        rc = nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    else if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
        rc = nm_err_set(err, NM_EIO, "casualties: cannot write casualties.jsonl");
    nm_buf_free(&b);
    return rc;
}

/* State file (shards): text, canonical, so equal aggregates give equal files.
 *   newsmill-casualties-state 1 <digest: 16 hex>
 *   days <n>
 *   <key> <docs> then per category: <docs> <low> <best> <high>   keys ascending, 0 last
 *   end */
#define STATE_MAGIC "newsmill-casualties-state"

int cas_agg_save(cas_agg *a, uint64_t digest, FILE *out, nm_err *err)
{
    cas_day **v = agg_sorted(a);
    if (v == NULL)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    fprintf(out, "%s 1 %016" PRIx64 "\ndays %zu\n", STATE_MAGIC, digest, a->n_day);
    for (size_t i = 0; i < a->n_day; i++) {
        const cas_day *d = v[i];
        fprintf(out, "%" PRIu32 " %" PRIu64, d->key, d->docs);
        for (int c = 0; c < CAS_NCAT; c++)
            fprintf(out, " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, d->cat_docs[c],
                    d->low[c], d->best[c], d->high[c]);
        fputc('\n', out);
    }
    fputs("end\n", out);
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
    while (s + n < end && digit(s[n]))
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

int cas_agg_load(cas_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    uint64_t n_days = 0, seen = 0;
    bool done = false;
    uint32_t prev_key = 0;
    while (rc == 0 && (got = getline(&line, &cap, in)) >= 0) {
        lineno++;
        size_t n = (size_t)got;
        if (n == 0 || line[n - 1] != '\n') {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: truncated casualties state", path, lineno);
            break;
        }
        line[--n] = '\0';
        if (done) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: text after the end of the state", path,
                            lineno);
            break;
        }
        if (lineno == 1) {
            char want[64];
            snprintf(want, sizeof want, "%s 1 %016" PRIx64, STATE_MAGIC, digest);
            if (strncmp(line, STATE_MAGIC " ", sizeof STATE_MAGIC) != 0)
                rc = nm_err_set(err, NM_EFORMAT, "%s: not a casualties state file", path);
            else if (strncmp(line + sizeof STATE_MAGIC, "1 ", 2) != 0)
                rc = nm_err_set(err, NM_EFORMAT, "%s: unsupported casualties state version", path);
            else if (strcmp(line, want) != 0)
                rc = nm_err_set(err, NM_EFORMAT,
                                "%s: made with other casualties options (categories) or rules "
                                "than this merge's",
                                path);
            continue;
        }
        if (lineno == 2) {
            const char *p = line + 5;
            if (strncmp(line, "days ", 5) != 0 || !field_u64(&p, line + n, &n_days) ||
                p != line + n)
                rc = nm_err_set(err, NM_EFORMAT, "%s:2: expected 'days N'", path);
            continue;
        }
        if (seen == n_days) {
            if (strcmp(line, "end") != 0)
                rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: expected 'end'", path, lineno);
            done = true;
            continue;
        }
        cas_day d;
        memset(&d, 0, sizeof d);
        const char *p = line, *end = line + n;
        uint64_t key = 0;
        bool ok = field_u64(&p, end, &key) && field_u64(&p, end, &d.docs) && d.docs > 0;
        for (int c = 0; ok && c < CAS_NCAT; c++)
            ok = field_u64(&p, end, &d.cat_docs[c]) && field_u64(&p, end, &d.low[c]) &&
                 field_u64(&p, end, &d.best[c]) && field_u64(&p, end, &d.high[c]) &&
                 d.cat_docs[c] <= d.docs && d.low[c] <= d.best[c] && d.best[c] <= d.high[c];
        if (!ok || p != end || end[-1] == ' ') {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: malformed casualties state line", path,
                            lineno);
            break;
        }
        char date[16];
        snprintf(date, sizeof date, "%04u-%02u-%02u", (unsigned)(key / 10000 % 10000),
                 (unsigned)(key / 100 % 100), (unsigned)(key % 100));
        const uint32_t k32 = (uint32_t)key;
        if (key > 99991231 || (key != 0 && cas_day_key(date, 10) != k32) ||
            (seen > 0 && (uint32_t)(k32 - 1u) <= (uint32_t)(prev_key - 1u))) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: bad or unordered date key", path, lineno);
            break;
        }
        prev_key = k32;
        seen++;
        d.key = k32;
        cas_day *t = agg_find(a, k32);
        if (t == NULL) {
            rc = nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
            break;
        }
        day_add(t, &d);
    }
    free(line);
    if (rc == 0 && ferror(in))
        rc = nm_err_set(err, NM_EIO, "%s: read error", path);
    if (rc == 0 && !done)
        rc = nm_err_set(err, NM_EFORMAT, "%s: truncated casualties state (no 'end')", path);
    return rc;
}
