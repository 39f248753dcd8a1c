/* sentiment_agg.c: the sentiment operator's corpus aggregate, sentiment.jsonl:
 * per document date, the number of documents and the mean compound and tone.
 *
 * Means must not depend on how documents were spread over threads or
 * shards, yet floating-point addition is not associative. So the sums are
 * exact (sent_xsum: a fixed-point integer wide enough for any double), and
 * only the final total is rounded, once, to a double; mean = total / docs.
 * Memory is per distinct date, never per document. */
#include "sentiment_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_buf.h"

/* ---- exact sums --------------------------------------------------------------------- */

#define XS_N SENT_XSUM_LIMBS
#define XS_MAX_BITS (32 * (XS_N - 2)) /* what a state file may hold */

static void xs_normalize(sent_xsum *x)
{
    for (int i = 0; i < XS_N - 1; i++) {
        const int64_t low = (int64_t)((uint64_t)x->limb[i] & 0xffffffffu);
        const int64_t carry = (x->limb[i] - low) / 4294967296LL;
        x->limb[i] = low;
        x->limb[i + 1] += carry;
    }
    x->pending = 0;
}

/* Adds sign * d * 2^pos (d < 2^53) to the limbs. */
static void xs_add_bits(sent_xsum *x, uint64_t d, unsigned pos, bool neg)
{
    const unsigned L = pos / 32, sh = pos % 32;
    const uint64_t lo = (d & 0xffffffffu) << sh; /* < 2^63 */
    const uint64_t hi = (d >> 32) << sh;         /* < 2^52 */
    const int64_t d0 = (int64_t)(lo & 0xffffffffu);
    const int64_t d1 = (int64_t)(lo >> 32) + (int64_t)(hi & 0xffffffffu);
    const int64_t d2 = (int64_t)(hi >> 32);
    if (neg) {
        x->limb[L] -= d0;
        x->limb[L + 1] -= d1;
        x->limb[L + 2] -= d2;
    } else {
        x->limb[L] += d0;
        x->limb[L + 1] += d1;
        x->limb[L + 2] += d2;
    }
    if (++x->pending >= (1u << 29))
        xs_normalize(x);
}

void sent_xsum_add(sent_xsum *x, double v)
{
    if (v == 0 || !isfinite(v))
        return;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    const unsigned exp = (unsigned)(bits >> 52) & 0x7ffu;
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    unsigned p = 0;
    if (exp != 0) {
        m |= UINT64_C(1) << 52;
        p = exp - 1; /* value = m * 2^(p - 1074) */
    }
    xs_add_bits(x, m, p, (bits >> 63) != 0);
}

void sent_xsum_merge(sent_xsum *into, sent_xsum *from)
{
    xs_normalize(into);
    xs_normalize(from);
    for (int i = 0; i < XS_N; i++)
        into->limb[i] += from->limb[i];
    xs_normalize(into);
}

/* The magnitude, normalised (every limb in [0, 2^32)), and the sign. */
static bool xs_magnitude(sent_xsum *x, sent_xsum *mag)
{
    xs_normalize(x);
    *mag = *x;
    const bool neg = mag->limb[XS_N - 1] < 0;
    if (neg) {
        for (int i = 0; i < XS_N; i++)
            mag->limb[i] = -mag->limb[i];
        xs_normalize(mag);
    }
    return neg;
}

static unsigned xs_bit(const sent_xsum *m, long i)
{
    if (i < 0)
        return 0;
    return (unsigned)((uint64_t)m->limb[i / 32] >> (i % 32)) & 1u;
}

/* Highest set bit, or -1 for zero. */
static long xs_top(const sent_xsum *m)
{
    for (int h = XS_N - 1; h >= 0; h--)
        if (m->limb[h] != 0) {
            long b = 63;
            while (((uint64_t)m->limb[h] >> b & 1u) == 0)
                b--;
            return 32L * h + b;
        }
    return -1;
}

double sent_xsum_value(sent_xsum *x)
{
    sent_xsum mag;
    const bool neg = xs_magnitude(x, &mag);
    const long B = xs_top(&mag);
    if (B < 0)
        return 0.0;
    double v;
    if (B <= 52) {
        uint64_t i = 0;
        for (long k = B; k >= 0; k--)
            i = i << 1 | xs_bit(&mag, k);
        v = ldexp((double)i, -1074); /* exact: fewer than 54 bits */
    } else {
        uint64_t w = 0;
        for (long k = B; k > B - 64; k--)
            w = w << 1 | xs_bit(&mag, k);
        bool sticky = false;
        for (long k = B - 64; k >= 0 && !sticky; k--)
            sticky = xs_bit(&mag, k) != 0;
        uint64_t keep = w >> 11;
        const uint64_t rem = w & 0x7ffu;
        if (rem > 0x400u || (rem == 0x400u && (sticky || (keep & 1u))))
            keep++;
        int e = (int)(B - 63 + 11 - 1074);
        if (keep == UINT64_C(1) << 53) {
            keep >>= 1;
            e++;
        }
        v = ldexp((double)keep, e);
    }
    return neg ? -v : v;
}

void sent_xsum_write(sent_xsum *x, FILE *out)
{
    sent_xsum mag;
    const bool neg = xs_magnitude(x, &mag);
    const long B = xs_top(&mag);
    if (B < 0) {
        fputc('0', out);
        return;
    }
    long lo = 0;
    while (xs_bit(&mag, lo) == 0)
        lo++;
    if (neg)
        fputc('-', out);
    const long n_digits = (B - lo) / 4 + 1;
    for (long d = n_digits - 1; d >= 0; d--) {
        unsigned v = 0;
        for (int b = 3; b >= 0; b--)
            v = v << 1 | xs_bit(&mag, lo + 4 * d + b);
        fputc("0123456789abcdef"[v], out);
    }
    fprintf(out, "p%ld", lo);
}

int sent_xsum_parse(sent_xsum *x, const char *s, size_t n)
{
    if (n == 1 && s[0] == '0')
        return 0;
    size_t i = 0;
    const bool neg = n > 0 && s[0] == '-';
    if (neg)
        i++;
    const size_t d0 = i;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
        i++;
    const size_t d1 = i;
    if (d1 == d0 || s[d0] == '0' || i >= n || s[i] != 'p' || i + 1 >= n)
        return -1;
    long shift = 0;
    for (i++; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || shift > XS_MAX_BITS)
            return -1;
        shift = shift * 10 + (s[i] - '0');
    }
    const long n_digits = (long)(d1 - d0);
    if (shift + 4 * n_digits > XS_MAX_BITS)
        return -1;
    const char last = s[d1 - 1];
    const unsigned lv = (unsigned)(last <= '9' ? last - '0' : last - 'a' + 10);
    if ((lv & 1u) == 0)
        return -1; /* canonical: the lowest digit holds the lowest set bit */
    for (long k = 0; k < n_digits; k++) {
        const char c = s[d1 - 1 - (size_t)k];
        const unsigned v = (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
        if (v)
            xs_add_bits(x, v, (unsigned)(shift + 4 * k), neg);
    }
    return 0;
}

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
    sent_xsum_add(&d->compound, compound);
    sent_xsum_add(&d->tone, tone);
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
        sent_xsum_merge(&d->compound, &f->compound);
        sent_xsum_merge(&d->tone, &f->tone);
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
        nm_jw_double(&w, sent_xsum_value(&d->compound) / (double)d->docs);
        nm_jw_key(&w, "tone");
        nm_jw_double(&w, sent_xsum_value(&d->tone) / (double)d->docs);
        nm_jw_object_end(&w);
        nm_buf_putc(&b, '\n');
    }
    free(v);
    int rc = 0;
    if (b.failed)
        rc = nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
    else if (b.len && fwrite(b.data, 1, b.len, out) != b.len)
        rc = nm_err_set(err, NM_EIO, "sentiment: cannot write sentiment.jsonl");
    nm_buf_free(&b);
    return rc;
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
        sent_xsum_write(&v[i]->compound, out);
        fputc(' ', out);
        sent_xsum_write(&v[i]->tone, out);
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
    sent_xsum c, t;
    memset(&c, 0, sizeof c);
    memset(&t, 0, sizeof t);
    if (nf != 3 || p <= end || !nm_parse_u64_exact(f[0], fl[0], &docs) || docs == 0 ||
        sent_xsum_parse(&c, f[1], fl[1]) != 0 || sent_xsum_parse(&t, f[2], fl[2]) != 0)
        return NM_DAY_LINE_BAD;
    sent_day *d = agg_find(a, key);
    if (d == NULL)
        return NM_ENOMEM;
    d->docs += docs;
    sent_xsum_merge(&d->compound, &c);
    sent_xsum_merge(&d->tone, &t);
    return 0;
}

int sent_agg_load(sent_agg *a, uint64_t digest, FILE *in, const char *path, nm_err *err)
{
    return nm_day_state_read(in, path, STATE_MAGIC, digest, "sentiment",
                             "lexicon, emoji lexicon or unit", load_day, a, err);
}
