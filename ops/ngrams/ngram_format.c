/* ngram_format.c: the text of ngrams.jsonl lines.
 *
 * A line is formatted by hand: the n-gram's forms, JSON-escaped once per
 * vocabulary entry (ngr_strtab), joined by ' ', then n, count and docs. */
#include <stdlib.h>
#include <string.h>

#include "ngram_internal.h"

int ngr_strtab_build(ngr_strtab *st, const ngr_vocab *v)
{
    uint64_t total = 0;
    for (size_t i = 0; i < v->n; i++)
        total += v->len[i];
    st->off = malloc((v->n + 1) * sizeof *st->off);
    /* Worst case every byte as \u00XX; 32 bytes of slack let short forms be
     * copied with one fixed-size move. */
    st->blob = calloc(total * 6 + 32, 1);
    if (st->off == NULL || st->blob == NULL)
        return NM_ENOMEM;
    static const char hex[] = "0123456789abcdef";
    uint64_t pos = 0;
    for (size_t r = 0; r < v->n; r++) {
        const uint32_t id = v->by_rank[r];
        const unsigned char *s = (const unsigned char *)v->str[id];
        st->off[r] = pos;
        for (uint32_t k = 0; k < v->len[id]; k++) {
            const unsigned char ch = s[k];
            if (ch == '"' || ch == '\\') {
                st->blob[pos++] = '\\';
                st->blob[pos++] = (char)ch;
            } else if (ch < 0x20) {
                memcpy(st->blob + pos, "\\u00", 4);
                st->blob[pos + 4] = hex[ch >> 4];
                st->blob[pos + 5] = hex[ch & 15];
                pos += 6;
            } else {
                st->blob[pos++] = (char)ch;
            }
        }
    }
    st->off[v->n] = pos;
    return 0;
}

void ngr_strtab_free(ngr_strtab *st)
{
    free(st->blob);
    free(st->off);
}

bool ngr_fb_reserve(ngr_fbuf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1u << 20;
    while (cap < b->len + more)
        cap *= 2;
    char *np = realloc(b->p, cap);
    if (np == NULL)
        return false;
    b->p = np;
    b->cap = cap;
    return true;
}

static const char digits2[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static char *put_u64(char *p, uint64_t v)
{
    if (v < 10) {
        *p = (char)('0' + v);
        return p + 1;
    }
    if (v < 100) {
        memcpy(p, digits2 + 2 * v, 2);
        return p + 2;
    }
    char tmp[20];
    char *t = tmp + sizeof tmp;
    while (v >= 100) {
        const unsigned r = (unsigned)(v % 100);
        v /= 100;
        t -= 2;
        memcpy(t, digits2 + 2 * r, 2);
    }
    if (v >= 10) {
        t -= 2;
        memcpy(t, digits2 + 2 * v, 2);
    } else {
        *--t = (char)('0' + v);
    }
    const size_t len = (size_t)(tmp + sizeof tmp - t);
    memcpy(p, t, len);
    return p + len;
}

NGR_INLINE void rec_ranks(const ngr_layout *L, const uint64_t *rec, uint32_t *ranks)
{
    const unsigned n = L->n;
    if (L->kw == 1) {
        const uint64_t mask = ((uint64_t)1 << L->bits) - 1;
        for (unsigned i = 0; i < n; i++)
            ranks[i] = (uint32_t)((rec[0] >> ((n - 1 - i) * L->bits)) & mask);
    } else {
        ngr_rec_get_ranks(L, rec, ranks);
    }
}

bool ngr_format_record(ngr_fbuf *b, const ngr_strtab *st, const ngr_layout *L,
                       const ngr_bigkeys *bk, const uint64_t *rec)
{
    uint32_t ranks[NGR_MAX_N];
    const unsigned n = L->n;
    rec_ranks(L, rec, ranks);
    size_t need = 96;   /* the fixed text, two numbers, copy slack */
    for (unsigned i = 0; i < n; i++)
        need += (size_t)(st->off[ranks[i] + 1] - st->off[ranks[i]]) + 1;
    if (!ngr_fb_reserve(b, need))
        return false;
    uint64_t count, docs;
    ngr_true_counts(L, bk, rec, &count, &docs);
    char *p = b->p + b->len;
    memcpy(p, "{\"ngram\":\"", 10);
    p += 10;
    for (unsigned i = 0; i < n; i++) {
        if (i)
            *p++ = ' ';
        const size_t len = (size_t)(st->off[ranks[i] + 1] - st->off[ranks[i]]);
        if (len <= 32)
            memcpy(p, st->blob + st->off[ranks[i]], 32); /* slack on both sides */
        else
            memcpy(p, st->blob + st->off[ranks[i]], len);
        p += len;
    }
    memcpy(p, "\",\"n\":", 6);
    p += 6;
    *p++ = (char)('0' + n);
    memcpy(p, ",\"count\":", 9);
    p = put_u64(p + 9, count);
    memcpy(p, ",\"docs\":", 8);
    p = put_u64(p + 8, docs);
    *p++ = '}';
    *p++ = '\n';
    b->len = (size_t)(p - b->p);
    return true;
}

int ngr_fb_write(ngr_fbuf *b, FILE *out, nm_err *err)
{
    if (b->len && fwrite(b->p, 1, b->len, out) != b->len)
        return nm_err_set(err, NM_EIO, "ngrams: cannot write ngrams.jsonl (disk full?)");
    b->len = 0;
    return 0;
}
