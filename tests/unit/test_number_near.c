/* test_number_near.c: nm_numbers_find_near, the scan of only the stretches
 * around marked sentences, against nm_numbers_find on the whole text: on
 * random documents built from number words, digits, the words number.c's
 * grammar names and plain words, under random marks, it returns exactly
 * the whole scan's numbers that touch a marked sentence (and no others).
 * Its correctness rests on number.c naming every word its grammar compares
 * against in named_words; the second test reads number.c and checks that
 * every lower-case string literal of three letters or more is listed there
 * or in the number-word list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_number.h"
#include "number_words.h"

static const char *const pieces[] = {
    "one", "two", "twenty", "hundred", "thousand", "million", "dozen", "dozens", "scores",
    "half", "third", "fifths", "point", "minus", "negative", "and", "to", "of", "per", "cent",
    "percent", "people", "killed", "wounded", "dead", "years", "old", "year", "between", "from",
    "over", "out", "in", "the", "a", "few", "handful", "several", "hundreds", "thousands",
    "monday", "july", "magnitude", "update", "no.", "us", "am", "m", "o", "oh", "villagers",
    "houses", "police", "said", "blast", "quintillion", "tree", "won", "too", "sex", "1", "7",
    "12", "30", "100", "1,000", "2.5", "3/4", "1e6", "1.1^23", "10:30", "5/17/2018", "2019",
    "-5", "$5", "½", "15th", "1990s", "mln", "bn", "km", "%", "-", "–", "—", ",", ".", ";", ":",
    "(", ")", "\"", "'s", "\n\n", "\n", "Twenty", "ONE", "Killed", "qqq",
};
#define N_PIECES (sizeof pieces / sizeof pieces[0])

/* Whether number f touches a marked sentence of an. */
static int touches_mark(const nm_analysis *an, const uint8_t *mark, const nm_number *f)
{
    for (size_t s = 0; s < an->n_sentences; s++)
        if (mark[s] && f->tok_begin < an->sentences[s].tok_end &&
            an->sentences[s].tok_begin < f->tok_end)
            return 1;
    return 0;
}

static void test_near_equals_full(void **unused)
{
    (void)unused;
    nm_analyzer *az = nm_analyzer_new();
    assert_non_null(az);
    nm_number_list full = {0}, near = {0};
    uint8_t *mark = NULL;
    size_t mark_cap = 0, checked = 0;
    char text[4096];
    srand(20261128);
    for (int doc = 0; doc < 4000; doc++) {
        size_t len = 0;
        const int words = 5 + rand() % 120;
        for (int i = 0; i < words; i++) {
            const char *p = pieces[(size_t)rand() % N_PIECES];
            const size_t pl = strlen(p);
            if (len + pl + 2 >= sizeof text)
                break;
            memcpy(text + len, p, pl);
            len += pl;
            if (rand() % 4 != 0)
                text[len++] = ' ';
        }
        nm_analysis an;
        assert_int_equal(nm_analyze(az, text, len, &an, NULL), 0);
        if (an.n_sentences > mark_cap) {
            mark_cap = an.n_sentences * 2;
            mark = realloc(mark, mark_cap);
            assert_non_null(mark);
        }
        const int pct = 10 + rand() % 91;
        for (size_t s = 0; s < an.n_sentences; s++)
            mark[s] = (uint8_t)(rand() % 100 < pct);
        assert_int_equal(nm_numbers_find(&an, &full, NULL), 0);
        assert_int_equal(nm_numbers_find_near(&an, mark, &near, NULL), 0);
        /* near: a subsequence of full holding every number touching a mark */
        size_t j = 0;
        for (size_t i = 0; i < near.n; i++) {
            while (j < full.n && memcmp(&full.items[j], &near.items[i], sizeof(nm_number)) != 0)
                j++;
            if (j == full.n)
                fail_msg("doc %d: a number the whole scan does not find: %.*s", doc, (int)len,
                         text);
            j++;
        }
        for (size_t k = 0; k < full.n; k++) {
            if (!touches_mark(&an, mark, &full.items[k]))
                continue;
            checked++;
            int found = 0;
            for (size_t i = 0; i < near.n && !found; i++)
                found = memcmp(&full.items[k], &near.items[i], sizeof(nm_number)) == 0;
            if (!found)
                fail_msg("doc %d: number at token %u missed: %.*s", doc,
                         (unsigned)full.items[k].tok_begin, (int)len, text);
        }
    }
    assert_true(checked > 10000);
    free(mark);
    nm_number_list_free(&full);
    nm_number_list_free(&near);
    nm_analyzer_free(az);
}

static void test_named_words_cover_the_grammar(void **unused)
{
    (void)unused;
    const char *dir = getenv("NM_SOURCE_DIR");
    if (dir == NULL)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/engine/src/number.c", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char src[1 << 20];
    const size_t n = fread(src, 1, sizeof src - 1, f);
    fclose(f);
    src[n] = '\0';
    size_t literals = 0;
    for (const char *p = src; (p = strchr(p, '"')) != NULL;) {
        const char *e = ++p;
        while (*e >= 'a' && *e <= 'z')
            e++;
        if (*e == '"' && e - p >= 3) {
            literals++;
            const size_t wl = (size_t)(e - p);
            if (!nmw_lookup(p, wl) && !nm_numbers_word_named(p, wl))
                fail_msg("number.c names \"%.*s\" but named_words does not list it", (int)wl,
                         p);
        }
        p = *e == '"' ? e + 1 : e;
    }
    assert_true(literals > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_near_equals_full),
        cmocka_unit_test(test_named_words_cover_the_grammar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
