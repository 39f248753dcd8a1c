/* test_sentences.c: every sentence and paragraph rule of docs/analysis.md,
 * with the exact spans expected, and the invariants (ordered, trimmed,
 * every token in one sentence, paragraphs made of whole sentences). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

static const char *join(const char *text, const nm_span *sp, size_t n)
{
    static char buf[8192];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const int w = snprintf(buf + o, sizeof buf - o, "%s%.*s", i ? " | " : "",
                               (int)(sp[i].end - sp[i].start), text + sp[i].start);
        assert_true(w > 0 && (size_t)w < sizeof buf - o);
        o += (size_t)w;
    }
    return buf;
}

static void analyse(const char *text)
{
    nm_err err;
    nm_err_clear(&err);
    assert_int_equal(nm_analyze(az, text, strlen(text), &an, &err), 0);
    const char *why = nm_check_analysis(&an);
    if (why)
        fail_msg("%s in \"%s\"", why, text);
}

/* Sentences of text, joined by " | ". */
static const char *sents(const char *text)
{
    analyse(text);
    return join(text, an.sentences, an.n_sentences);
}

static const char *paras(const char *text)
{
    analyse(text);
    return join(text, an.paragraphs, an.n_paragraphs);
}

static void test_terminal_punctuation(void **state)
{
    (void)state;
    assert_string_equal(sents("Hello world. This is a test."), "Hello world. | This is a test.");
    assert_string_equal(sents("Really?! Yes. Wow!!! Ok? Fine"), "Really?! | Yes. | Wow!!! | Ok? | Fine");
    /* A lower-case start continues the sentence, after any terminal. */
    assert_string_equal(sents("The end. and more"), "The end. and more");
    assert_string_equal(sents("Why? because I said so! now go"), "Why? because I said so! now go");
    /* A digit start breaks after a plain period. */
    assert_string_equal(sents("It ended in 2019. 15 people died."), "It ended in 2019. | 15 people died.");
    /* No white space after the terminal: no break. */
    assert_string_equal(sents("Visit example.com today. Yes"), "Visit example.com today. | Yes");
    assert_string_equal(sents("Wow!great and x.Two"), "Wow!great and x.Two");
    /* A detached period still ends the sentence. */
    assert_string_equal(sents("Word . Next one"), "Word . | Next one");
    /* Unicode terminals. */
    assert_string_equal(sents("Is it\xE2\x80\xBD Yes\xE2\x81\x89 Ok"), "Is it\xE2\x80\xBD | Yes\xE2\x81\x89 | Ok");
}

static void test_ellipsis(void **state)
{
    (void)state;
    assert_string_equal(sents("Wait... what happened"), "Wait... what happened");
    assert_string_equal(sents("Wait... What happened"), "Wait... | What happened");
    assert_string_equal(sents("Wait\xE2\x80\xA6 What"), "Wait\xE2\x80\xA6 | What");
    assert_string_equal(sents("Wait\xE2\x80\xA6what"), "Wait\xE2\x80\xA6what");
    assert_string_equal(sents("a more rational...licensing process"), "a more rational...licensing process");
    /* An ellipsis needs an upper-case start; a number does not do. */
    assert_string_equal(sents("So ... 5 people came"), "So ... 5 people came");
    assert_string_equal(sents("It went . . . Then it stopped"), "It went . . . | Then it stopped");
    assert_string_equal(sents("Really?.. Yes"), "Really?.. | Yes");
}

static void test_closing_quotes_and_brackets(void **state)
{
    (void)state;
    assert_string_equal(sents("He said \"Stop.\" Then he left."), "He said \"Stop.\" | Then he left.");
    assert_string_equal(sents("He said \xE2\x80\x9CStop.\xE2\x80\x9D Then he left."),
                        "He said \xE2\x80\x9CStop.\xE2\x80\x9D | Then he left.");
    assert_string_equal(sents("It is \xE2\x80\x98" "fine.\xE2\x80\x99 Next"),
                        "It is \xE2\x80\x98" "fine.\xE2\x80\x99 | Next");
    assert_string_equal(sents("(See below.) Next one."), "(See below.) | Next one.");
    assert_string_equal(sents("Done.)] Next"), "Done.)] | Next");
    /* An opening quote starts the next sentence. */
    assert_string_equal(sents("He left. \"Why?\" she asked."), "He left. | \"Why?\" she asked.");
    assert_string_equal(sents("\"Stop!\" he said."), "\"Stop!\" he said.");
    assert_int_equal(an.sentences[0].start, 0);
}

static void test_titles(void **state)
{
    (void)state;
    assert_string_equal(sents("Mr. Smith met Dr. Jones and Gen. Lee. They talked."),
                        "Mr. Smith met Dr. Jones and Gen. Lee. | They talked.");
    static const char *const titles[] = {
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Col", "Lt", "Sgt", "Capt", "Maj",
        "Prof", "Adm", "Cmdr", "Brig", "Gens", "Reps", "Sens", "Rev", "Hon", "Pres", "Supt",
        "Atty"};
    char text[128];
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        snprintf(text, sizeof text, "They met %s. The Smith today.", titles[i]);
        analyse(text);
        if (an.n_sentences != 1)
            fail_msg("%s: %zu sentences", text, an.n_sentences);
    }
    /* Titles work after a hyphen, not in lower case. */
    assert_string_equal(sents("A speech by then-Sen. Barack Obama."), "A speech by then-Sen. Barack Obama.");
    assert_string_equal(sents("Texas vs. Ohio State"), "Texas vs. Ohio State");
    assert_string_equal(sents("We ate at the mr. The end"), "We ate at the mr. | The end");
}

static void test_suffix_abbreviations(void **state)
{
    (void)state;
    /* Break only before a common sentence starter. */
    assert_string_equal(sents("He works at Apple Inc. The company grew."),
                        "He works at Apple Inc. | The company grew.");
    assert_string_equal(sents("Apple Inc. Headquarters is big."), "Apple Inc. Headquarters is big.");
    assert_string_equal(sents("Shares of Acme Corp. rose."), "Shares of Acme Corp. rose.");
    assert_string_equal(sents("Acme Co. Ltd. It said so."), "Acme Co. Ltd. | It said so.");
    assert_string_equal(sents("He lives on Main St. Louis is far."), "He lives on Main St. Louis is far.");
    assert_string_equal(sents("Martin Luther King Jr. He spoke."), "Martin Luther King Jr. | He spoke.");
    assert_string_equal(sents("apples, pears, etc. We ate them."), "apples, pears, etc. | We ate them.");
    assert_string_equal(sents("apples etc. and pears"), "apples etc. and pears");
    assert_string_equal(sents("On Feb. 29 and Sept. 11 they met. On Jan. The end"),
                        "On Feb. 29 and Sept. 11 they met. | On Jan. | The end");
    assert_string_equal(sents("After post-Sept. 11 rules."), "After post-Sept. 11 rules.");
    assert_string_equal(sents("the Dept. Of Energy"), "the Dept. Of Energy");
}

static void test_number_abbreviation(void **state)
{
    (void)state;
    assert_string_equal(sents("No. 10 Downing Street. He said no. Then left."),
                        "No. 10 Downing Street. | He said no. | Then left.");
    assert_string_equal(sents("\"No. I refuse,\" he said."), "\"No. | I refuse,\" he said.");
}

static void test_acronyms(void **state)
{
    (void)state;
    assert_string_equal(sents("The U.S. Army said so. It was late."),
                        "The U.S. Army said so. | It was late.");
    assert_string_equal(sents("He flew to the U.S. The trip was long."),
                        "He flew to the U.S. | The trip was long.");
    assert_string_equal(sents("He lives in Washington, D.C. He likes it."),
                        "He lives in Washington, D.C. | He likes it.");
    assert_string_equal(sents("The U.N. Security Council met."), "The U.N. Security Council met.");
    assert_string_equal(sents("At 9 a.m. Eastern time, at 5 p.m. The meeting ended."),
                        "At 9 a.m. Eastern time, at 5 p.m. | The meeting ended.");
    assert_string_equal(sents("Cities, e.g. Paris, grew."), "Cities, e.g. Paris, grew.");
    /* "IT" is not the pronoun; "I" is. */
    assert_string_equal(sents("Jobs in the U.K. IT sector. I agree."), "Jobs in the U.K. IT sector. | I agree.");
}

static void test_initials(void **state)
{
    (void)state;
    assert_string_equal(sents("J. K. Rowling wrote it. George W. Bush read it."),
                        "J. K. Rowling wrote it. | George W. Bush read it.");
    assert_string_equal(sents("It was Plan B. It failed."), "It was Plan B. | It failed.");
    /* A lower-case single letter is no initial. */
    assert_string_equal(sents("Point a. Then point b."), "Point a. | Then point b.");
}

static void test_numbers_and_decimals(void **state)
{
    (void)state;
    assert_string_equal(sents("It rose 2.5 percent. Prices fell 1,200 points."),
                        "It rose 2.5 percent. | Prices fell 1,200 points.");
    assert_string_equal(sents("The score was 3. The next game was 4-2."),
                        "The score was 3. | The next game was 4-2.");
    assert_string_equal(sents("Version 2.0. Released"), "Version 2.0. | Released");
}

static void test_newlines(void **state)
{
    (void)state;
    /* A single newline is white space: hard-wrapped text. */
    const char *wrapped = "The company said\nit would grow. Sales rose\nsharply.";
    assert_string_equal(sents(wrapped), "The company said\nit would grow. | Sales rose\nsharply.");
    assert_string_equal(paras(wrapped), "The company said\nit would grow. Sales rose\nsharply.");
    assert_string_equal(sents("Standard Oil Co and BP North America\nInc said they plan"),
                        "Standard Oil Co and BP North America\nInc said they plan");

    /* A blank line ends sentence and paragraph, even without punctuation. */
    const char *blank = "First line without period\n\nSecond paragraph here. More.";
    assert_string_equal(sents(blank), "First line without period | Second paragraph here. | More.");
    assert_string_equal(paras(blank), "First line without period | Second paragraph here. More.");
    assert_string_equal(sents("One\n \t \nTwo"), "One | Two");
    assert_int_equal(an.n_paragraphs, 2);
    /* CRLF line ends. */
    assert_string_equal(paras("One\r\n\r\nTwo\r\nthree"), "One | Two\r\nthree");

    /* A newline followed by indentation: Reuters paragraphs. */
    const char *reuters = "Prices rose in\nthe north, traders said\n    The board will meet\nagain.\n\tTabbed";
    assert_string_equal(sents(reuters),
                        "Prices rose in\nthe north, traders said | The board will meet\nagain. | Tabbed");
    assert_string_equal(paras(reuters),
                        "Prices rose in\nthe north, traders said | The board will meet\nagain. | Tabbed");
    assert_string_equal(paras("Shr 39 cts vs 50 cts\n    Net 1,545,160 vs 2,188,933\n    Revs 25.2 mln"),
                        "Shr 39 cts vs 50 cts | Net 1,545,160 vs 2,188,933 | Revs 25.2 mln");
    /* The break goes at the newline before the indented line, so stray
     * punctuation stays with the line it is on. */
    assert_string_equal(sents("all the facts\n...\"\n    McFarlane said"),
                        "all the facts\n...\" | McFarlane said");
}

static void test_headings(void **state)
{
    (void)state;
    const char *h = "TRUMP SAYS HE HAD 'GOOD TALK' WITH LEADER\nPresident Trump said on Tuesday.";
    assert_string_equal(sents(h), "TRUMP SAYS HE HAD 'GOOD TALK' WITH LEADER | President Trump said on Tuesday.");
    assert_string_equal(paras(h), "TRUMP SAYS HE HAD 'GOOD TALK' WITH LEADER | President Trump said on Tuesday.");
    assert_string_equal(sents("BREAKING NEWS\n\"The vote,\" she said."), "BREAKING NEWS | \"The vote,\" she said.");
    /* Not headings: the next line starts in lower case or all capitals, the
     * line ends in a comma, the line has lower case, or one letter only. */
    assert_string_equal(sents("SUN RAISES CRUDE POSTINGS TO 17.50\ndlrs/bbl"),
                        "SUN RAISES CRUDE POSTINGS TO 17.50\ndlrs/bbl");
    assert_string_equal(sents("THE RAINFALL WAS RECORDED IN\nTHE AREAS OVER PAST HOURS"),
                        "THE RAINFALL WAS RECORDED IN\nTHE AREAS OVER PAST HOURS");
    assert_string_equal(sents("MONEY MARKET GIVEN HELP LONDON,\nMarch 16 - The Bank said"),
                        "MONEY MARKET GIVEN HELP LONDON,\nMarch 16 - The Bank said");
    assert_string_equal(sents("Some Title Case Line\nNext line"), "Some Title Case Line\nNext line");
    assert_string_equal(sents("A\nBig deal"), "A\nBig deal");
}

static void test_glued(void **state)
{
    (void)state;
    /* Text extraction lost the space after the terminal. */
    assert_string_equal(sents("It was in Syria.The town fell."), "It was in Syria. | The town fell.");
    assert_string_equal(sents("He wrote.\"If we go,\" he said."), "He wrote.\" | If we go,\" he said.");
    assert_string_equal(sents("It was 2015.Then what?Nothing!Really"), "It was 2015. | Then what? | Nothing! | Really");
    assert_string_equal(sents("bombs.\xE2\x80\x9DIsraeli officials"), "bombs.\xE2\x80\x9D | Israeli officials");
    /* Not glued: domains, addresses, titles, abbreviations, acronyms,
     * single letters, ellipses, lower case or capitals after. */
    assert_string_equal(sents("See Halo.Bungie.Org and Dan.Smith@example.com now"),
                        "See Halo.Bungie.Org and Dan.Smith@example.com now");
    assert_string_equal(sents("Rep.Tlaib and Acme Inc.Headquarters"), "Rep.Tlaib and Acme Inc.Headquarters");
    assert_string_equal(sents("the U.S.Army and ASP.NET and Node.js"), "the U.S.Army and ASP.NET and Node.js");
    assert_string_equal(sents("fear capabilities...They are"), "fear capabilities...They are");
    assert_string_equal(sents("rate.It and ends.AND"), "rate. | It and ends.AND");
}

static void test_cjk(void **state)
{
    (void)state;
    assert_string_equal(sents("東京に行きました。大阪にも行きました。"),
                        "東京に行きました。 | 大阪にも行きました。");
    assert_string_equal(sents("本当？「はい！」と彼は言った"), "本当？ | 「はい！」 | と彼は言った");
}

static void test_spans_trimmed(void **state)
{
    (void)state;
    const char *t = "  Hello there.   \n\n  Next one.  ";
    analyse(t);
    assert_int_equal(an.n_sentences, 2);
    assert_int_equal(an.sentences[0].start, 2);
    assert_int_equal(an.sentences[0].end, 14);
    assert_int_equal(an.sentences[0].tok_begin, 0);
    assert_int_equal(an.sentences[0].tok_end, 2);
    assert_int_equal(an.sentences[1].start, 21);
    assert_int_equal(an.sentences[1].end, 30);
    assert_int_equal(an.sentences[1].tok_begin, 2);
    assert_int_equal(an.sentences[1].tok_end, 4);
    assert_int_equal(an.n_paragraphs, 2);
    assert_int_equal(an.paragraphs[0].start, 2);
    assert_int_equal(an.paragraphs[0].end, 14);
    assert_int_equal(an.paragraphs[1].start, 21);
    assert_int_equal(an.paragraphs[1].end, 30);
    for (size_t i = 0; i < an.n_tokens; i++)
        assert_int_equal(an.tokens[i].sentence, i / 2);
    /* Unicode white space is trimmed too (NBSP, ideographic space). */
    const char *u = "\xC2\xA0Hi.\xE3\x80\x80";
    analyse(u);
    assert_int_equal(an.sentences[0].start, 2);
    assert_int_equal(an.sentences[0].end, 5);
}

static void test_tokenless_text(void **state)
{
    (void)state;
    analyse("...");
    assert_int_equal(an.n_sentences, 0);
    assert_int_equal(an.n_paragraphs, 0);
    analyse(" \n\n ");
    assert_int_equal(an.n_sentences, 0);
    /* A punctuation-only paragraph joins the next sentence. */
    assert_string_equal(sents("Hello.\n\n***\n\nWorld."), "Hello. | ***\n\nWorld.");
    assert_string_equal(paras("Hello.\n\n***\n\nWorld."), "Hello. | ***\n\nWorld.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terminal_punctuation),
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_closing_quotes_and_brackets),
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_suffix_abbreviations),
        cmocka_unit_test(test_number_abbreviation),
        cmocka_unit_test(test_acronyms),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_numbers_and_decimals),
        cmocka_unit_test(test_newlines),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_glued),
        cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_spans_trimmed),
        cmocka_unit_test(test_tokenless_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
