/* xsum.c: exact sums of doubles (nm_xsum.h). The sum is an integer in units
 * of 2^-1074 held in 32-bit digits (int64 limbs, so that up to 2^29 additions
 * can pile up before carries are propagated); reading it rounds once. */
#include "newsmill/nm_xsum.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define XS_N NM_XSUM_LIMBS
#define XS_MAX_BITS (32 * (XS_N - 2)) /* what a state file may hold */

static void xs_normalize(nm_xsum *x)
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
static void xs_add_bits(nm_xsum *x, uint64_t d, unsigned pos, bool neg)
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

void nm_xsum_add(nm_xsum *x, double v)
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

void nm_xsum_merge(nm_xsum *into, nm_xsum *from)
{
    xs_normalize(into);
    xs_normalize(from);
    for (int i = 0; i < XS_N; i++)
        into->limb[i] += from->limb[i];
    xs_normalize(into);
}

/* The magnitude, normalised (every limb in [0, 2^32)), and the sign. */
static bool xs_magnitude(nm_xsum *x, nm_xsum *mag)
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

static unsigned xs_bit(const nm_xsum *m, long i)
{
    if (i < 0)
        return 0;
    return (unsigned)((uint64_t)m->limb[i / 32] >> (i % 32)) & 1u;
}

/* Highest set bit, or -1 for zero. */
static long xs_top(const nm_xsum *m)
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

double nm_xsum_value(nm_xsum *x)
{
    nm_xsum mag;
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

void nm_xsum_write(nm_xsum *x, FILE *out)
{
    nm_xsum mag;
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

int nm_xsum_parse(nm_xsum *x, const char *s, size_t n)
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
