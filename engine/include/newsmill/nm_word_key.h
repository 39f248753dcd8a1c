/* nm_word_key.h: a short word's bytes as two integers, and a hash of them,
 * for the tables that look up every token of every document (n-gram
 * vocabulary, number words, stance aliases).
 *
 * A word's first and last 8 bytes (4 for 4..7 bytes; the first, middle and
 * last byte for 1..3) overlap and so cover every byte of a word of up to 16
 * bytes: for such words, equal length and equal (a, b) mean equal words, so
 * a lookup compares two integers instead of calling memcmp, and hashing
 * costs a few multiplies instead of a loop over the bytes. Longer words get
 * their first and last 8 bytes only: a hash of them may collide, and the
 * caller compares the bytes. */
#ifndef NM_WORD_KEY_H
#define NM_WORD_KEY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct nm_word_key {
    uint64_t a, b;
} nm_word_key;

static inline nm_word_key nm_word_key_of(const char *s, size_t n)
{
    nm_word_key k = {0, 0};
    if (n >= 8) {
        memcpy(&k.a, s, 8);
        memcpy(&k.b, s + n - 8, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + n - 4, 4);
        k.a = x;
        k.b = y;
    } else if (n > 0) {
        const unsigned char *u = (const unsigned char *)s;
        k.a = (uint64_t)u[0] | (uint64_t)u[n / 2] << 8 | (uint64_t)u[n - 1] << 16;
    }
    return k;
}

/* A 64-bit hash of a key and the word's length: no loop and no branch. */
static inline uint64_t nm_word_key_hash(nm_word_key k, size_t n)
{
    uint64_t h = (k.a ^ UINT64_C(0x9E3779B97F4A7C15)) * UINT64_C(0xBF58476D1CE4E5B9) ^
                 (k.b + n) * UINT64_C(0x94D049BB133111EB);
    h ^= h >> 31;
    h *= UINT64_C(0xD6E8FEB86659FD93);
    return h ^ h >> 32;
}

#endif
