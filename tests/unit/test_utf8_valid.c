/* test_utf8_valid.c: nm_utf8_valid_prefix against hand-picked sequences
 * (Unicode table 3-7 edges: overlongs, surrogates, past U+10FFFF, truncated
 * and stray bytes) and against a slow reference validator on random bytes,
 * at every alignment of the ASCII fast path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_analysis.h"

static size_t vp(const char *s, size_t n)
{
    return nm_utf8_valid_prefix(s, n);
}

#define VP(lit) vp(lit, sizeof(lit) - 1)

static void test_empty_and_ascii(void **state)
{
    (void)state;
    assert_int_equal(vp("", 0), 0);
    assert_int_equal(vp(NULL, 0), 0);
    assert_int_equal(VP("a"), 1);
    assert_int_equal(VP("hello, world\n\t\x01\x7f"), 16);
    char big[1000];
    memset(big, 'x', sizeof big);
    assert_int_equal(vp(big, sizeof big), sizeof big);
    /* NUL is a valid character. */
    assert_int_equal(vp("a\0b", 3), 3);
}

static void test_valid_multibyte(void **state)
{
    (void)state;
    assert_int_equal(VP("\xC2\x80"), 2);                 /* U+0080, smallest 2-byte */
    assert_int_equal(VP("\xC3\xA9"), 2);                 /* é */
    assert_int_equal(VP("\xDF\xBF"), 2);                 /* U+07FF */
    assert_int_equal(VP("\xE0\xA0\x80"), 3);             /* U+0800, smallest 3-byte */
    assert_int_equal(VP("\xE2\x82\xAC"), 3);             /* € */
    assert_int_equal(VP("\xED\x9F\xBF"), 3);             /* U+D7FF, just below surrogates */
    assert_int_equal(VP("\xEE\x80\x80"), 3);             /* U+E000, just above */
    assert_int_equal(VP("\xEF\xBF\xBF"), 3);             /* U+FFFF */
    assert_int_equal(VP("\xF0\x90\x80\x80"), 4);         /* U+10000, smallest 4-byte */
    assert_int_equal(VP("\xF0\x9F\x98\x80"), 4);         /* emoji */
    assert_int_equal(VP("\xF4\x8F\xBF\xBF"), 4);         /* U+10FFFF, the last */
    assert_int_equal(VP("caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC"), 12);
}

static void test_overlongs(void **state)
{
    (void)state;
    assert_int_equal(VP("\xC0\x80"), 0);
    assert_int_equal(VP("\xC0\xAF"), 0);
    assert_int_equal(VP("\xC1\xBF"), 0);
    assert_int_equal(VP("\xE0\x80\x80"), 0);
    assert_int_equal(VP("\xE0\x9F\xBF"), 0);
    assert_int_equal(VP("\xF0\x80\x80\x80"), 0);
    assert_int_equal(VP("\xF0\x8F\xBF\xBF"), 0);
    assert_int_equal(VP("ok\xC0\x80"), 2);
}

static void test_surrogates_and_range(void **state)
{
    (void)state;
    assert_int_equal(VP("\xED\xA0\x80"), 0); /* U+D800 */
    assert_int_equal(VP("\xED\xBF\xBF"), 0); /* U+DFFF */
    assert_int_equal(VP("\xED\xA0\x80\xED\xB0\x80"), 0); /* CESU-8 pair */
    assert_int_equal(VP("\xF4\x90\x80\x80"), 0); /* U+110000 */
    assert_int_equal(VP("\xF5\x80\x80\x80"), 0);
    assert_int_equal(VP("\xF7\xBF\xBF\xBF"), 0);
    assert_int_equal(VP("\xF8\x88\x80\x80\x80"), 0);
    assert_int_equal(VP("\xFE"), 0);
    assert_int_equal(VP("\xFF"), 0);
    assert_int_equal(VP("abc\xF4\x90\x80\x80"), 3);
}

static void test_stray_and_truncated(void **state)
{
    (void)state;
    assert_int_equal(VP("\x80"), 0);
    assert_int_equal(VP("\xBF"), 0);
    assert_int_equal(VP("a\x80" "b"), 1);
    assert_int_equal(VP("\xC3"), 0);
    assert_int_equal(VP("\xE2\x82"), 0);
    assert_int_equal(VP("\xF0\x9F\x98"), 0);
    assert_int_equal(VP("abc\xE2\x82"), 3);
    assert_int_equal(VP("\xC3\x41"), 0);          /* continuation missing */
    assert_int_equal(VP("\xE2\x28\xA1"), 0);
    assert_int_equal(VP("\xE2\x82\x28"), 0);
    assert_int_equal(VP("\xF0\x9F\x98\x28"), 0);
    assert_int_equal(VP("\xC3\xA9\xC3"), 2);       /* valid, then truncated */
    /* Length limits what is read: a valid sequence cut by len is invalid. */
    assert_int_equal(vp("\xE2\x82\xAC", 2), 0);
    assert_int_equal(vp("\xE2\x82\xAC", 3), 3);
}

/* An error at every offset of a long ASCII run: the 32- and 8-byte paths
 * must stop exactly at it. */
static void test_error_at_every_offset(void **state)
{
    (void)state;
    char buf[100];
    for (size_t at = 0; at < sizeof buf; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = (char)0x80;
        assert_int_equal(vp(buf, sizeof buf), at);
        memcpy(buf + at, "\xC3\xA9", at + 2 <= sizeof buf ? 2 : 1);
        assert_int_equal(vp(buf, sizeof buf), at + 2 <= sizeof buf ? sizeof buf : at);
    }
}

/* Slow reference: decode, then check the code point and minimal length. */
static size_t ref_valid_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const unsigned c = s[i];
        size_t n;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (i + n > len)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

static void test_random_against_reference(void **state)
{
    (void)state;
    /* Mostly ASCII with some lead and continuation bytes: long valid runs
     * with errors in varied places. Fixed seed: repeatable. */
    uint32_t x = 12345;
    unsigned char buf[96];
    for (int iter = 0; iter < 200000; iter++) {
        const size_t len = (size_t)(iter % 97);
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            const unsigned r = (x >> 16) & 0xFF;
            if (r < 200)
                buf[i] = (unsigned char)(0x20 + r % 90);
            else if (r < 230)
                buf[i] = (unsigned char)(0x80 + (r * 7) % 64);
            else
                buf[i] = (unsigned char)(0xC0 + (r * 13) % 64);
        }
        assert_int_equal(nm_utf8_valid_prefix((const char *)buf, len), ref_valid_prefix(buf, len));
    }
    /* Every 2-, 3- and 4-byte lead with boundary continuations. */
    static const unsigned char conts[] = {0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0};
    for (unsigned lead = 0x80; lead <= 0xFF; lead++)
        for (size_t a = 0; a < sizeof conts; a++)
            for (size_t b = 0; b < sizeof conts; b++)
                for (size_t c = 0; c < sizeof conts; c++) {
                    const unsigned char s[4] = {(unsigned char)lead, conts[a], conts[b], conts[c]};
                    for (size_t len = 1; len <= 4; len++)
                        assert_int_equal(nm_utf8_valid_prefix((const char *)s, len),
                                         ref_valid_prefix(s, len));
                }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_ascii),
        cmocka_unit_test(test_valid_multibyte),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates_and_range),
        cmocka_unit_test(test_stray_and_truncated),
        cmocka_unit_test(test_error_at_every_offset),
        cmocka_unit_test(test_random_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
