/* nm_xsum.h: exact sums of doubles, for aggregates that must not depend on
 * how documents were spread over threads or shards.
 *
 * Floating-point addition is not associative, so a mean summed in whatever
 * order the threads finish differs in its last bits from run to run. An
 * nm_xsum holds the sum exactly, as an integer in units of 2^-1074 (the
 * smallest subnormal) spread over 32-bit digits in int64 limbs with room
 * for carries: adding is exact, the total is the same whatever the order,
 * and it is rounded once, when read. Used by sentiment (per-date means) and
 * stance (per-dyad means). About 0.6 KB each; no allocation. Not
 * thread-safe: one per thread, merged.
 *
 * Text form (state files): "0", or [-]HEXpSHIFT with value
 * +-0xHEX * 2^(SHIFT - 1074), HEX lower-case without leading zeros and odd
 * (its lowest digit holds the lowest set bit), so equal sums give equal text. */
#ifndef NM_XSUM_H
#define NM_XSUM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NM_XSUM_LIMBS 70

typedef struct nm_xsum {
    int64_t limb[NM_XSUM_LIMBS];
    uint32_t pending; /* additions since the last carry propagation */
} nm_xsum;

/* Zero-initialise (memset or = {0}) before the first use. */

/* Adds v exactly; zeros, infinities and NaN are ignored. */
void nm_xsum_add(nm_xsum *x, double v);
/* into += from (from is normalised in place, its value unchanged). */
void nm_xsum_merge(nm_xsum *into, nm_xsum *from);
/* The sum correctly rounded to a double (ties to even); x is normalised in
 * place. A sum beyond DBL_MAX gives +-inf. */
double nm_xsum_value(nm_xsum *x);
/* Writes the canonical text form to out. */
void nm_xsum_write(nm_xsum *x, FILE *out);
/* Adds the value of the text form s[0, n) to x: 0, or -1 (x unchanged) when s
 * is not canonical text or holds more than a state file may. */
int nm_xsum_parse(nm_xsum *x, const char *s, size_t n);

#endif
