/* nm_dtoa.h: shortest round-trip double -> decimal conversion (engine internal).
 *
 * nm_buf_double writes every number of the JSON output through here, a few
 * per document per operator, so it has to cost tens of nanoseconds rather than
 * the microsecond-ish of printf + strtod probing. The digits come from the
 * Schubfach method (R. Giulietti, "The Schubfach way to render doubles"): one
 * 128-bit multiplication by a tabulated power of ten per interval bound, no
 * loops over candidate precisions, no bignums. The output text style is
 * nm_buf_double's (see nm_buf.h). All functions are pure and thread-safe. */
#ifndef NM_DTOA_H
#define NM_DTOA_H

#include <stddef.h>
#include <stdint.h>

/* Bytes nm_dtoa_shortest may need, NUL included: the longest text is the
 * 24 bytes of "-1.2345678901234567e-308", the rest is slack. */
#define NM_DTOA_BUFSIZE 32

/* A positive decimal digits * 10^exp10 with no trailing zero in digits. */
typedef struct nm_decimal {
    uint64_t digits; /* 1 .. 10^17 - 1 */
    int exp10;
} nm_decimal;

/* The shortest decimal that rounds to |v| under round-to-nearest-even (what
 * strtod does); when several decimals of that length round to |v|, the one
 * nearest to |v|, and of two equally near the one with the even last digit.
 * Requires v finite and non-zero (asserted). */
nm_decimal nm_dtoa_decimal(double v);

/* Writes v as nm_buf_double's JSON number text into out (NUL-terminated) and
 * returns its length (without the NUL). out needs NM_DTOA_BUFSIZE bytes.
 * Non-finite values give "null". */
size_t nm_dtoa_shortest(double v, char out[NM_DTOA_BUFSIZE]);

#endif
