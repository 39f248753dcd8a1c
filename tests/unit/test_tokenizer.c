/* test_tokenizer.c: tokens as interface.md "Tokens" defines them: forms,
 * byte offsets and flags for ASCII and Unicode text, joiners at edges,
 * numbers, lower-casing; invalid UTF-8 and empty text; and the fast
 * tokenizer against a slow per-code-point reference on random text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "../fuzz/analysis_invariants.h"
#include "newsmill/nm_analysis.h"
#include "newsmill/nm_error.h"

static nm_analyzer *az;
static nm_analysis an;

static int setup(void **state)
{
    (void)state;
    az = nm_analyzer_new();
    return az == NULL;
}

static int teardown(void **state)
{
    (void)state;
    nm_analyzer_free(az);
    return 0;
}

static void analyse_n(const char *text, size_t len)
{
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_analyze(az, text, len, &an, &err), 0);
    assert_int_equal(err.code, 0);
    assert_null(nm_check_analysis(&an));
}

/* The forms of text's tokens joined by '|'. */
static const char *forms(const char *text)
{
    static char buf[4096];
    analyse_n(text, strlen(text));
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < an.n_tokens; i++) {
        const int w = snprintf(buf + o, sizeof buf - o, "%s%s", i ? "|" : "", an.tokens[i].form);
        assert_true(w > 0 && (size_t)w < sizeof buf - o);
        o += (size_t)w;
    }
    return buf;
}

static void assert_token(size_t i, const char *form, uint32_t start, uint32_t end, uint32_t flags)
{
    assert_true(i < an.n_tokens);
    assert_string_equal(an.tokens[i].form, form);
    assert_int_equal(an.tokens[i].form_len, strlen(form));
    assert_int_equal(an.tokens[i].start, start);
    assert_int_equal(an.tokens[i].end, end);
    assert_int_equal(an.tokens[i].flags, flags);
}

enum {
    UI = NM_TOK_UPPER_INITIAL,
    AU = NM_TOK_ALL_UPPER,
    AL = NM_TOK_HAS_ALPHA,
    DI = NM_TOK_HAS_DIGIT,
    AD = NM_TOK_ALL_DIGIT,
    AS = NM_TOK_ASCII
};

static void test_ascii(void **state)
{
    (void)state;
    assert_string_equal(forms("Hello, World! It's 5 o'clock."), "hello|world|it's|5|o'clock");
    assert_int_equal(an.n_tokens, 5);
    assert_token(0, "hello", 0, 5, UI | AL | AS);
    assert_token(1, "world", 7, 12, UI | AL | AS);
    assert_token(2, "it's", 14, 18, UI | AL | AS);
    assert_token(3, "5", 19, 20, DI | AD | AS);
    assert_token(4, "o'clock", 21, 28, AL | AS);
    assert_string_equal(forms("a_b a+b a@b.com #tag $5 50% (x) [y] {z} a/b a\\b a;b a:b"),
                        "a|b|a|b|a|b|com|tag|5|50|x|y|z|a|b|a|b|a|b|a|b");
}

static void test_flags(void **state)
{
    (void)state;
    analyse_n("NATO Hello hello 3M 2019 6,700 1-2 x2 I", 39);
    assert_token(0, "nato", 0, 4, UI | AU | AL | AS);
    assert_token(1, "hello", 5, 10, UI | AL | AS);
    assert_token(2, "hello", 11, 16, AL | AS);
    assert_token(3, "3m", 17, 19, AU | AL | DI | AS);
    assert_token(4, "2019", 20, 24, DI | AD | AS);
    assert_token(5, "6,700", 25, 30, DI | AD | AS);
    assert_token(6, "1-2", 31, 34, DI | AS);
    assert_token(7, "x2", 35, 37, AL | DI | AS);
    assert_token(8, "i", 38, 39, UI | AU | AL | AS);
}

static void test_unicode_letters(void **state)
{
    (void)state;
    assert_string_equal(forms("naïve café Москва Ελληνικά"), "naïve|café|москва|ελληνικά");
    assert_token(0, "naïve", 0, 6, AL);
    assert_token(1, "café", 7, 12, AL);
    assert_string_equal(forms("ÉCOLE"), "école");
    assert_token(0, "école", 0, 6, UI | AU | AL);
    /* U+0130 lower-cases to plain i (simple mapping): the form is shorter. */
    assert_string_equal(forms("İstanbul"), "istanbul");
    assert_token(0, "istanbul", 0, 9, UI | AL);
    /* Simple, per code point: no final sigma. */
    assert_string_equal(forms("ΣΟΦΙΑΣ"), "σοφιασ");
    /* Lower-casing that grows (U+023A -> U+2C65) and shrinks (U+1E9E, U+212A). */
    assert_string_equal(forms("\xC8\xBA \xE1\xBA\x9E \xE2\x84\xAA"), "\xE2\xB1\xA5|\xC3\x9F|k");
    assert_token(0, "\xE2\xB1\xA5", 0, 2, UI | AU | AL);
    /* Titlecase letter U+01C5 counts as upper. */
    assert_string_equal(forms("\xC7\x85"), "\xC7\x86");
    assert_token(0, "\xC7\x86", 0, 2, UI | AU | AL);
}

static void test_cjk(void **state)
{
    (void)state;
    /* Han, kana and the prolonged sound mark (Lm) form one run. */
    assert_string_equal(forms("東京タワー"), "東京タワー");
    assert_token(0, "東京タワー", 0, 15, AL);
    assert_string_equal(forms("東京、大阪。"), "東京|大阪");
    assert_token(1, "大阪", 9, 15, AL);
}

static void test_marks_and_numbers(void **state)
{
    (void)state;
    /* e + U+0301 COMBINING ACUTE stays decomposed, one token. */
    assert_string_equal(forms("E\xCC\x81" "cole"), "e\xCC\x81" "cole");
    assert_token(0, "e\xCC\x81" "cole", 0, 7, UI | AL);
    /* A mark is a token code point even at the start. */
    assert_string_equal(forms(" \xCC\x81" "a"), "\xCC\x81" "a");
    assert_token(0, "\xCC\x81" "a", 1, 4, AL);
    /* Nl (U+216B) lower-cases to U+217B; No (½) is a token; Arabic-Indic
     * digits are Nd and join with '.', but are not ASCII digits. */
    assert_string_equal(forms("\xE2\x85\xAB \xC2\xBD \xD9\xA3.\xD9\xA4"),
                        "\xE2\x85\xBB|\xC2\xBD|\xD9\xA3.\xD9\xA4");
    assert_token(0, "\xE2\x85\xBB", 0, 3, 0);
    assert_token(1, "\xC2\xBD", 4, 6, 0);
    assert_token(2, "\xD9\xA3.\xD9\xA4", 7, 12, DI);
}

static void test_apostrophes(void **state)
{
    (void)state;
    assert_string_equal(forms("don't rock'n'roll"), "don't|rock'n'roll");
    /* U+2019 joins like U+0027 and is written as it. */
    assert_string_equal(forms("don\xE2\x80\x99t"), "don't");
    assert_token(0, "don't", 0, 7, AL);
    /* At the edges, and doubled, they separate. */
    assert_string_equal(forms("'tis dogs' \xE2\x80\x99tis dogs\xE2\x80\x99 a''b a\xE2\x80\x99'b"),
                        "tis|dogs|tis|dogs|a|b|a|b");
    assert_token(3, "dogs", 18, 22, AL | AS);
    assert_string_equal(forms("'"), "");
    assert_string_equal(forms("a'"), "a");
    assert_string_equal(forms("L'\xC3\xA9t\xC3\xA9 l\xE2\x80\x99\xC3\xA9t\xC3\xA9"), "l'été|l'été");
    /* Digits are token code points too: the '80s, 90's. */
    assert_string_equal(forms("90's '80s"), "90's|80s");
}

static void test_hyphens(void **state)
{
    (void)state;
    assert_string_equal(forms("e-mail well-known -x- a--b x- -y 1-2 co-op-ed"),
                        "e-mail|well-known|x|a|b|x|y|1-2|co-op-ed");
    /* Other dashes separate: U+2010, U+2013, U+2014. */
    assert_string_equal(forms("a\xE2\x80\x90" "b a\xE2\x80\x93" "b a\xE2\x80\x94" "b"),
                        "a|b|a|b|a|b");
    assert_string_equal(forms("state-of-the-art's"), "state-of-the-art's");
    analyse_n("x-ray", 5);
    assert_token(0, "x-ray", 0, 5, AL | AS);
}

static void test_numbers(void **state)
{
    (void)state;
    assert_string_equal(forms("6,700 2.5 1,2,3 a,b 3.a a.3 1. ,5 1..2 1,,2 3.14.15"),
                        "6,700|2.5|1,2,3|a|b|3|a|a|3|1|5|1|2|1|2|3.14.15");
    assert_token(0, "6,700", 0, 5, DI | AD | AS);
    assert_token(1, "2.5", 6, 9, DI | AD | AS);
    assert_token(2, "1,2,3", 10, 15, DI | AD | AS);
    /* Only digits on both sides: a letter before the '.' does not join. */
    assert_string_equal(forms("v2.0 A1.B2 $1,000.50"), "v2.0|a1|b2|1,000.50");
    assert_token(0, "v2.0", 0, 4, AL | DI | AS);
    assert_token(3, "1,000.50", 12, 20, DI | AD | AS);
}

static void test_symbols_separate(void **state)
{
    (void)state;
    /* Emoji (So), currency (Sc), math (Sm), ZWJ (Cf), NBSP (Zs), curly quotes. */
    assert_string_equal(forms("I\xF0\x9F\x98\x80NY a\xE2\x82\xAC" "b a+b a\xE2\x80\x8D" "b a\xC2\xA0" "b"),
                        "i|ny|a|b|a|b|a|b|a|b");
    assert_token(1, "ny", 5, 7, UI | AU | AL | AS);
    assert_string_equal(forms("\xE2\x80\x9CQuote\xE2\x80\x9D \xC2\xABguillemets\xC2\xBB"),
                        "quote|guillemets");
    assert_token(0, "quote", 3, 8, UI | AL | AS);
}

static void test_offsets_multibyte(void **state)
{
    (void)state;
    analyse_n("\xC3\xA9 x \xF0\x9F\x98\x80 \xF0\x90\x90\x80z", 15);
    /* U+10400 DESERET CAPITAL LONG I lower-cases to U+10428. */
    assert_int_equal(an.n_tokens, 3);
    assert_token(0, "\xC3\xA9", 0, 2, AL);
    assert_token(1, "x", 3, 4, AL | AS);
    assert_token(2, "\xF0\x90\x90\xA8z", 10, 15, UI | AL);
}

static void test_nul_and_empty(void **state)
{
    (void)state;
    analyse_n("a\0b", 3);
    assert_int_equal(an.n_tokens, 2);
    assert_token(0, "a", 0, 1, AL | AS);
    assert_token(1, "b", 2, 3, AL | AS);

    analyse_n("", 0);
    assert_int_equal(an.n_tokens, 0);
    assert_int_equal(an.n_sentences, 0);
    assert_int_equal(an.n_paragraphs, 0);
    analyse_n(NULL, 0);
    assert_int_equal(an.n_tokens, 0);
    analyse_n(" \n\t ... !? -- \xE2\x80\x94 ", 18);
    assert_int_equal(an.n_tokens, 0);
    assert_int_equal(an.n_sentences, 0);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char *const bad[] = {"abc\xC3", "\xC0\x80", "ok \xED\xA0\x80", "\xF4\x90\x80\x80",
                                      "x\x80y", "\xFF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nm_err err;
        nm_err_clear(&err);
        assert_int_equal(nm_analyze(az, bad[i], strlen(bad[i]), &an, &err), NM_EINPUT);
        assert_int_equal(err.code, NM_EINPUT);
        assert_non_null(strstr(err.msg, "invalid UTF-8"));
        assert_int_equal(an.n_tokens, 0);
        assert_int_equal(an.n_sentences, 0);
    }
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_analyze(az, "abc\xC3", 4, &an, &err), NM_EINPUT);
    assert_string_equal(err.msg, "invalid UTF-8 in text at byte 3");
    /* The analyzer still works afterwards. */
    assert_string_equal(forms("still fine"), "still|fine");
}

static void test_reuse_and_growth(void **state)
{
    (void)state;
    /* Many tokens (past any first capacity), then a small text again. */
    const size_t n = 50000;
    char *big = malloc(n * 4);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        memcpy(big + 4 * i, i % 2 ? "ab. " : "Cd, ", 4);
    analyse_n(big, n * 4);
    assert_int_equal(an.n_tokens, n);
    assert_token(n - 1, "ab", (uint32_t)(4 * (n - 1)), (uint32_t)(4 * (n - 1) + 2), AL | AS);
    assert_int_equal(an.n_sentences, n / 2);
    free(big);
    assert_string_equal(forms("x y"), "x|y");
    assert_int_equal(an.n_sentences, 1);
}

/* NM_TOK_ARENA_BOUND assumes lower-casing grows a code point by at most one
 * byte per two; check that against every code point utf8proc knows. */
static void test_arena_bound_holds(void **state)
{
    (void)state;
    unsigned grows = 0;
    for (utf8proc_int32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        utf8proc_uint8_t a[4], b[4];
        const utf8proc_ssize_t la = utf8proc_encode_char(c, a);
        const utf8proc_ssize_t lb = utf8proc_encode_char(utf8proc_tolower(c), b);
        assert_true(2 * lb <= 3 * la);
        grows += lb > la;
    }
    assert_true(grows <= 8);
}

/* ---- reference tokenizer: one code point at a time, as the spec reads --- */

typedef struct ref_tok {
    char form[512];
    size_t start, end;
    uint32_t flags;
} ref_tok;

static int cat_of(int32_t cp)
{
    return (int)utf8proc_category(cp);
}

static size_t ref_tokenize(const unsigned char *s, size_t len, ref_tok *out, size_t max)
{
    int32_t cps[600];
    size_t off[601], n = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        const utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        assert_true(k > 0 && n < 600);
        off[n] = i;
        cps[n++] = cp;
        i += (size_t)k;
    }
    off[n] = len;
    bool tokcp[600], in[600];
    for (size_t i = 0; i < n; i++) {
        const int c = cat_of(cps[i]);
        tokcp[i] = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
    }
    for (size_t i = 0; i < n; i++) {
        in[i] = tokcp[i];
        if (in[i] || i == 0 || i + 1 == n)
            continue;
        const int32_t c = cps[i];
        if (c == '\'' || c == 0x2019 || c == '-')
            in[i] = tokcp[i - 1] && tokcp[i + 1];
        else if (c == '.' || c == ',')
            in[i] = cat_of(cps[i - 1]) == UTF8PROC_CATEGORY_ND &&
                    cat_of(cps[i + 1]) == UTF8PROC_CATEGORY_ND;
    }
    size_t nt = 0;
    for (size_t i = 0; i < n;) {
        if (!in[i]) {
            i++;
            continue;
        }
        assert_true(nt < max);
        ref_tok *t = &out[nt++];
        size_t fl = 0;
        bool up = false, lo = false, alpha = false, nd = false, alldig = true, ascii = true;
        const int c0 = cat_of(cps[i]);
        t->start = off[i];
        t->flags = (c0 == UTF8PROC_CATEGORY_LU || c0 == UTF8PROC_CATEGORY_LT) ? NM_TOK_UPPER_INITIAL : 0;
        for (; i < n && in[i]; i++) {
            const int32_t c = cps[i];
            const int cat = cat_of(c);
            up |= cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
            lo |= cat == UTF8PROC_CATEGORY_LL;
            alpha |= cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
            nd |= cat == UTF8PROC_CATEGORY_ND;
            alldig &= (c >= '0' && c <= '9') || c == '.' || c == ',';
            ascii &= c < 0x80;
            const int32_t lc = c == 0x2019 ? '\'' : utf8proc_tolower(c);
            fl += (size_t)utf8proc_encode_char(lc, (utf8proc_uint8_t *)t->form + fl);
        }
        t->form[fl] = '\0';
        t->end = off[i];
        t->flags |= (alpha ? NM_TOK_HAS_ALPHA : 0u) | (nd ? NM_TOK_HAS_DIGIT : 0u) |
                    (up && !lo ? NM_TOK_ALL_UPPER : 0u) | (alldig ? NM_TOK_ALL_DIGIT : 0u) |
                    (ascii ? NM_TOK_ASCII : 0u);
    }
    return nt;
}

/* Tokenizes 20,000 pseudo-random texts of up to max_cp - 1 code points drawn
 * from alphabet (with token_bias, three draws in four come from its first 16
 * entries) and compares every token with ref_tokenize's. */
static void check_random_texts(const int32_t *alphabet, size_t na, uint32_t seed, size_t max_cp,
                               bool token_bias)
{
    static ref_tok ref[300];
    unsigned char text[600 * 4];
    uint32_t x = seed;
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 0;
        const size_t ncp = (size_t)iter % max_cp;
        for (size_t i = 0; i < ncp; i++) {
            x = x * 1103515245u + 12345u;
            const size_t k = !token_bias         ? (x >> 16) % na
                             : (x >> 16) % 4 ? (x >> 20) % 16
                                             : (x >> 20) % na;
            len += (size_t)utf8proc_encode_char(alphabet[k], text + len);
        }
        const size_t nt = ref_tokenize(text, len, ref, 300);
        analyse_n((const char *)text, len);
        assert_int_equal(an.n_tokens, nt);
        for (size_t i = 0; i < nt; i++) {
            assert_string_equal(an.tokens[i].form, ref[i].form);
            assert_int_equal(an.tokens[i].start, ref[i].start);
            assert_int_equal(an.tokens[i].end, ref[i].end);
            assert_int_equal(an.tokens[i].flags, ref[i].flags);
        }
    }
}

static void test_random_against_reference(void **state)
{
    (void)state;
    static const int32_t alphabet[] = {
        'a', 'Z', 'q', '0', '7', ' ', ' ', '\'', 0x2019, '-', '.', ',', '!', '\n', 0xE9, 0xC9,
        0x130, 0x6771, 0x301, 0x1F600, 0x663, 0x216B, 0xBD, 0x1C5, 0x23A, 0x2026, 0x201C, 0xA0,
        0x3002, 0x2014, 0x10400, 0xFE0F,
    };
    check_random_texts(alphabet, sizeof alphabet / sizeof alphabet[0], 99, 60, false);
}

/* The tokenizer takes ASCII letters and digits eight bytes at a time: tokens
 * that end at, straddle or fill whole 8-byte blocks, joiners and non-ASCII
 * code points right after ASCII runs, and texts whose last block is short. */
static void test_block_edges(void **state)
{
    (void)state;
    assert_string_equal(forms("ABCDEFGH"), "abcdefgh");
    assert_token(0, "abcdefgh", 0, 8, UI | AU | AL | AS);
    assert_string_equal(forms("abcdefg"), "abcdefg");
    assert_string_equal(forms("abcdefghi"), "abcdefghi");
    assert_string_equal(forms("AbCdEfGhIjKlMnOpQ"), "abcdefghijklmnopq");
    assert_token(0, "abcdefghijklmnopq", 0, 17, UI | AL | AS);
    assert_string_equal(forms("1234567 12345678 123456789"), "1234567|12345678|123456789");
    assert_token(1, "12345678", 8, 16, DI | AD | AS);
    assert_token(2, "123456789", 17, 26, DI | AD | AS);
    assert_string_equal(forms("abcdefgh ijklmnop qrstuvwx"), "abcdefgh|ijklmnop|qrstuvwx");
    assert_token(2, "qrstuvwx", 18, 26, AL | AS);
    /* Separators at every offset of a block. */
    assert_string_equal(forms("a b c d e f g h i j k"), "a|b|c|d|e|f|g|h|i|j|k");
    assert_string_equal(forms("@[`{/:\x7f@[`{/:"), "");
    assert_string_equal(forms("Z@[`{/:0A"), "z|0a");
    /* Joiners at and across block edges. */
    assert_string_equal(forms("abcdefg-hijklmn"), "abcdefg-hijklmn");
    assert_string_equal(forms("abcdefgh-ijklmnop-"), "abcdefgh-ijklmnop");
    assert_string_equal(forms("1234567,891.2345678."), "1234567,891.2345678");
    assert_token(0, "1234567,891.2345678", 0, 19, DI | AD | AS);
    assert_string_equal(forms("abcdefg.8 1234567.a"), "abcdefg|8|1234567|a");
    assert_string_equal(forms("doesn'tdoesn't"), "doesn'tdoesn't");
    /* Non-ASCII right after, inside and before ASCII runs. */
    assert_string_equal(forms("abcdefgh\xc3\x89tude"), "abcdefgh\xc3\xa9tude");
    assert_token(0, "abcdefgh\xc3\xa9tude", 0, 14, AL);
    assert_string_equal(forms("ABCDEFG\xc3\x89"), "abcdefg\xc3\xa9");
    assert_token(0, "abcdefg\xc3\xa9", 0, 9, UI | AU | AL);
    assert_string_equal(forms("\xc3\x89TUDESABCDEFGH"), "\xc3\xa9tudesabcdefgh");
    assert_token(0, "\xc3\xa9tudesabcdefgh", 0, 15, UI | AU | AL);
    assert_string_equal(forms("abcdefgh\xe2\x80\x99sabcdefgh"), "abcdefgh'sabcdefgh");
    assert_string_equal(forms("abcdefgh\xe2\x80\x9cquoted\xe2\x80\x9d"), "abcdefgh|quoted");
    assert_string_equal(forms("1234567\xd9\xa3"), "1234567\xd9\xa3");
    assert_token(0, "1234567\xd9\xa3", 0, 9, DI);
}

/* Like test_random_against_reference, with mostly ASCII letters and digits
 * so that runs cross 8-byte blocks at every offset. */
static void test_random_ascii_runs_against_reference(void **state)
{
    (void)state;
    static const int32_t alphabet[] = {
        'a', 'b', 'Z', 'Y', 'q', 'M', '0', '9', 'z', 'A', 'e', 'T', '5', 'x', 'k', 'R',
        ' ', '\'', 0x2019, '-', '.', ',', '@', '[', '`', '{', '/', ':', 0xE9, 0x663, 0x2014, 0x301,
    };
    check_random_texts(alphabet, sizeof alphabet / sizeof alphabet[0], 7, 80, true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_unicode_letters),
        cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_marks_and_numbers),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_hyphens),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_symbols_separate),
        cmocka_unit_test(test_offsets_multibyte),
        cmocka_unit_test(test_nul_and_empty),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_reuse_and_growth),
        cmocka_unit_test(test_arena_bound_holds),
        cmocka_unit_test(test_random_against_reference),
        cmocka_unit_test(test_block_edges),
        cmocka_unit_test(test_random_ascii_runs_against_reference),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
