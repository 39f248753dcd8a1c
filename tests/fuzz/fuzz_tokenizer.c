/* fuzz_tokenizer.c: libFuzzer target for the analysis layer (UTF-8
 * validation, tokens, sentences, paragraphs).
 *
 * Any bytes: nm_analyze must reject exactly the texts nm_utf8_valid_prefix
 * rejects, and the longest valid prefix must analyse into tokens, sentences
 * and paragraphs that keep every invariant in analysis_invariants.h.
 * Analysing the same text twice with a reused analyzer must give the same
 * result (buffers are reused, never stale). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_invariants.h"
#include "newsmill/nm_analysis.h"
#include "newsmill/nm_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
    fprintf(stderr, "fuzz_tokenizer: %s\n", why);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nm_analyzer *az;
    if (az == NULL && (az = nm_analyzer_new()) == NULL)
        return 0;
    const char *text = (const char *)data;

    const size_t valid = nm_utf8_valid_prefix(text, size);
    if (valid > size || nm_utf8_valid_prefix(text, valid) != valid)
        fail("valid prefix is not valid");

    nm_analysis an;
    nm_err err;
    nm_err_clear(&err);
    int rc = nm_analyze(az, text, size, &an, &err);
    if (valid != size) {
        if (rc != NM_EINPUT || err.code != NM_EINPUT || an.n_tokens != 0)
            fail("invalid UTF-8 not rejected");
        nm_err_clear(&err);
        rc = nm_analyze(az, text, valid, &an, &err);
    }
    if (rc != 0)
        fail("valid text not analysed");
    const char *why = nm_check_analysis(&an);
    if (why)
        fail(why);

    /* Copy what we saw, analyse again, compare. */
    const size_t n_tok = an.n_tokens, n_sent = an.n_sentences, n_para = an.n_paragraphs;
    nm_token *tok = malloc(n_tok * sizeof *tok + 1);
    nm_span *sent = malloc(n_sent * sizeof *sent + 1);
    if (tok == NULL || sent == NULL) {
        free(tok);
        free(sent);
        return 0;
    }
    if (n_tok)
        memcpy(tok, an.tokens, n_tok * sizeof *tok);
    if (n_sent)
        memcpy(sent, an.sentences, n_sent * sizeof *sent);
    if (nm_analyze(az, text, valid, &an, &err) != 0 || an.n_tokens != n_tok ||
        an.n_sentences != n_sent || an.n_paragraphs != n_para)
        fail("second analysis differs in counts");
    for (size_t i = 0; i < n_tok; i++)
        if (tok[i].start != an.tokens[i].start || tok[i].end != an.tokens[i].end ||
            tok[i].flags != an.tokens[i].flags || tok[i].form_len != an.tokens[i].form_len ||
            tok[i].sentence != an.tokens[i].sentence)
            fail("second analysis differs in tokens");
    if (n_sent && memcmp(sent, an.sentences, n_sent * sizeof *sent) != 0)
        fail("second analysis differs in sentences");
    free(tok);
    free(sent);
    return 0;
}
