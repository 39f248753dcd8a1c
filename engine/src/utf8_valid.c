/* utf8_valid.c: strict UTF-8 validation, run on every document text.
 *
 * Strict means the well-formed byte sequences of Unicode 15, table 3-7: no
 * overlong forms, no surrogates (U+D800..U+DFFF), nothing past U+10FFFF, no
 * stray continuation bytes, no truncated sequences. News text is mostly
 * ASCII, so the loop checks 32 and then 8 bytes at a time for a set high
 * bit and only decodes byte by byte around non-ASCII characters. */
#include "newsmill/nm_analysis.h"

#include <stdint.h>
#include <string.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* memcpy keeps unaligned loads defined; compilers turn it into one mov. */
static inline uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t nm_utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        /* ASCII fast path. */
        while (len - i >= 32) {
            const uint64_t v = load64(p + i) | load64(p + i + 8) | load64(p + i + 16) |
                               load64(p + i + 24);
            if (v & HIGH_BITS)
                break;
            i += 32;
        }
        while (len - i >= 8 && !(load64(p + i) & HIGH_BITS))
            i += 8;
        while (i < len && p[i] < 0x80)
            i++;
        if (i >= len)
            break;

        /* A multi-byte sequence at i; its second byte has a narrower range
         * after E0, ED, F0 and F4 (that is what rules out overlongs,
         * surrogates and code points past U+10FFFF). */
        const unsigned char c = p[i];
        const size_t left = len - i;
        if (c < 0xC2) /* continuation byte, or C0/C1 (always overlong) */
            return i;
        if (c < 0xE0) {
            if (left < 2 || !is_cont(p[i + 1]))
                return i;
            i += 2;
            continue;
        }
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0xF0) {
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
            if (left < 3 || p[i + 1] < lo || p[i + 1] > hi || !is_cont(p[i + 2]))
                return i;
            i += 3;
            continue;
        }
        if (c > 0xF4)
            return i;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (left < 4 || p[i + 1] < lo || p[i + 1] > hi || !is_cont(p[i + 2]) ||
            !is_cont(p[i + 3]))
            return i;
        i += 4;
    }
    return len;
}
