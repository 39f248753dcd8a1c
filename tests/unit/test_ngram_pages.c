/* test_ngram_pages.c: the ngrams operator's large-array allocator and its
 * bank of recycled 2 MiB chunks: memory handed out again is zeroed however
 * it was dirtied, the bank is drawn on before fresh memory, shrinking and
 * growing keep the contents, lazy memory is backed part by part from the
 * bank, small sizes go through malloc, and freeing
 * with no bank (NULL) still works. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ngrams/ngram_internal.h"

#define MIB ((size_t)1 << 20)

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return false;
    return true;
}

static void test_reused_memory_is_zeroed(void **unused)
{
    (void)unused;
    ngr_pages pg;
    assert_int_equal(ngr_pages_init(&pg), 0);
    unsigned char *a = ngr_zalloc(&pg, 6 * MIB);
    assert_non_null(a);
    assert_true(all_zero(a, 6 * MIB));
    memset(a, 0xab, 6 * MIB);
    ngr_zfree(&pg, a, 6 * MIB);
    assert_int_equal(pg.n, 3);   /* three 2 MiB chunks banked */

    /* 5 MiB rounds up to three chunks: all from the bank, all cleared. */
    unsigned char *b = ngr_zalloc(&pg, 5 * MIB);
    assert_non_null(b);
    assert_int_equal(pg.n, 0);
    assert_true(all_zero(b, ngr_alloc_size(5 * MIB)));

    /* More than the bank holds: the rest is fresh, still zero. */
    memset(b, 0x5a, 5 * MIB);
    ngr_zfree(&pg, b, 5 * MIB);
    unsigned char *c = ngr_zalloc(&pg, 10 * MIB);
    assert_non_null(c);
    assert_int_equal(pg.n, 0);
    assert_true(all_zero(c, 10 * MIB));
    ngr_zfree(&pg, c, 10 * MIB);
    ngr_pages_free(&pg);
}

static void test_realloc_keeps_contents(void **unused)
{
    (void)unused;
    ngr_pages pg;
    assert_int_equal(ngr_pages_init(&pg), 0);
    unsigned char *a = ngr_zalloc(&pg, 8 * MIB);
    assert_non_null(a);
    for (size_t i = 0; i < 8 * MIB; i++)
        a[i] = (unsigned char)(i * 7);
    /* Shrinking keeps the head in place and banks the tail's chunks. */
    unsigned char *s = ngr_realloc(&pg, a, 8 * MIB, 3 * MIB);
    assert_ptr_equal(s, a);
    assert_int_equal(pg.n, 2);
    /* Growing moves its chunks to a new mapping (no copy): the old
     * contents come along, the new tail is zero. */
    unsigned char *g = ngr_realloc(&pg, s, 3 * MIB, 12 * MIB);
    assert_non_null(g);
    for (size_t i = 0; i < 3 * MIB; i++)
        if (g[i] != (unsigned char)(i * 7))
            fail_msg("byte %zu changed", i);
    assert_true(all_zero(g + 3 * MIB, 9 * MIB));
    ngr_zfree(&pg, g, 12 * MIB);
    ngr_pages_free(&pg);
}

static void test_lazy_fill(void **unused)
{
    (void)unused;
    ngr_pages pg;
    assert_int_equal(ngr_pages_init(&pg), 0);
    unsigned char *a = ngr_zalloc(&pg, 8 * MIB);
    assert_non_null(a);
    memset(a, 0x77, 8 * MIB);
    ngr_zfree(&pg, a, 8 * MIB);
    assert_int_equal(pg.n, 4);
    /* Lazy memory takes nothing from the bank until parts are filled. */
    unsigned char *r = ngr_zalloc_lazy(&pg, 16 * MIB);
    assert_non_null(r);
    assert_int_equal(pg.n, 4);
    /* A part from 1 MiB to 7.5 MiB holds two whole chunks (2-4, 4-6 MiB). */
    ngr_pages_fill(&pg, r + MIB, 6 * MIB + MIB / 2);
    assert_int_equal(pg.n, 2);
    assert_true(all_zero(r, 16 * MIB));
    memset(r, 0x11, 16 * MIB);
    ngr_zfree(&pg, r, 16 * MIB);
    assert_int_equal(pg.n, 10);
    ngr_pages_fill(NULL, r, 0);   /* no bank: nothing to do */
    ngr_pages_free(&pg);
}

static void test_small_and_unbanked(void **unused)
{
    (void)unused;
    ngr_pages pg;
    assert_int_equal(ngr_pages_init(&pg), 0);
    unsigned char *small = ngr_zalloc(&pg, 1000);
    assert_non_null(small);
    assert_true(all_zero(small, 1000));
    assert_int_equal(ngr_alloc_size(1000), 1000);
    small = ngr_realloc(&pg, small, 1000, 3 * MIB);   /* malloc -> mapped */
    assert_non_null(small);
    assert_true(all_zero(small, 3 * MIB));
    ngr_zfree(&pg, small, 3 * MIB);
    assert_int_equal(pg.n, 2);
    /* No bank: big memory goes straight back to the kernel. */
    unsigned char *big = ngr_zalloc(&pg, 2 * MIB);
    assert_non_null(big);
    ngr_zfree(NULL, big, 2 * MIB);
    assert_int_equal(pg.n, 1);
    /* Trimming gives the banked chunks back to the kernel. */
    ngr_pages_trim(&pg);
    assert_int_equal(pg.n, 0);
    ngr_pages_free(&pg);
    assert_int_equal(pg.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reused_memory_is_zeroed),
        cmocka_unit_test(test_realloc_keeps_contents),
        cmocka_unit_test(test_lazy_fill),
        cmocka_unit_test(test_small_and_unbanked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
