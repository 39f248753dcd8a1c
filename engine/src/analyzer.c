/* analyzer.c: nm_analyze, the one analysis of a document that every
 * operator shares: validate, tokenise, split sentences and paragraphs.
 *
 * An analyzer belongs to one thread and keeps its buffers from document to
 * document, so the steady state allocates nothing: the form arena is sized
 * once per document for the worst case (NM_TOK_ARENA_BOUND) and the token
 * and span arrays grow geometrically. A document far larger than the rest
 * would pin its buffers for the thread's life, so they are given back when
 * they are both big and mostly unused. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_error.h"
#include "tokenizer.h"

/* Past this, an arena more than 8 times what a document needs is shrunk. */
#define ARENA_KEEP_MAX ((size_t)64 << 20)

struct nm_analyzer {
    nm_tokvec tv;
    nm_spanvec sent;
    nm_spanvec para;
};

nm_analyzer *nm_analyzer_new(void)
{
    return calloc(1, sizeof(nm_analyzer));
}

void nm_analyzer_free(nm_analyzer *az)
{
    if (az == NULL)
        return;
    free(az->tv.tok);
    free(az->tv.arena);
    free(az->sent.span);
    free(az->para.span);
    free(az);
}

/* Makes the arena hold at least need bytes. Contents are not kept. */
static int arena_reserve(nm_tokvec *tv, size_t need)
{
    if (need <= tv->arena_cap && !(tv->arena_cap > ARENA_KEEP_MAX && need < tv->arena_cap / 8))
        return 0;
    size_t cap = tv->arena_cap && tv->arena_cap <= ARENA_KEEP_MAX ? tv->arena_cap : 4096;
    while (cap < need)
        cap = cap < SIZE_MAX / 2 ? cap * 2 : need;
    free(tv->arena);
    tv->arena = malloc(cap);
    tv->arena_cap = tv->arena ? cap : 0;
    return tv->arena ? 0 : NM_ENOMEM;
}

static void set_empty(nm_analysis *out, const char *text)
{
    out->text = text;
    out->text_len = 0;
    out->tokens = NULL;
    out->n_tokens = 0;
    out->sentences = NULL;
    out->n_sentences = 0;
    out->paragraphs = NULL;
    out->n_paragraphs = 0;
}

int nm_analyze(nm_analyzer *az, const char *text, size_t len, nm_analysis *out, nm_err *err)
{
    set_empty(out, text);
    if (len > UINT32_MAX)
        return nm_err_set(err, NM_EINPUT, "text of %zu bytes is too long (limit 4 GiB - 1)", len);
    const size_t valid = nm_utf8_valid_prefix(text, len);
    if (valid != len)
        return nm_err_set(err, NM_EINPUT, "invalid UTF-8 in text at byte %zu", valid);

    /* A text has at most (len + 1) / 2 tokens. */
    if (az->tv.cap * sizeof(nm_token) > ARENA_KEEP_MAX && len / 2 + 1 < az->tv.cap / 8) {
        free(az->tv.tok);
        az->tv.tok = NULL;
        az->tv.cap = 0;
    }
    if (len > (SIZE_MAX - 16) / 2 || arena_reserve(&az->tv, NM_TOK_ARENA_BOUND(len)) != 0 ||
        nm_tokenize(&az->tv, text, len) != 0 ||
        nm_sentences_split(az->tv.tok, az->tv.n, text, len, &az->sent, &az->para) != 0) {
        az->tv.n = az->sent.n = az->para.n = 0;
        return nm_err_set(err, NM_ENOMEM, "out of memory analysing a text of %zu bytes", len);
    }

    out->text_len = len;
    out->tokens = az->tv.tok;
    out->n_tokens = az->tv.n;
    out->sentences = az->sent.span;
    out->n_sentences = az->sent.n;
    out->paragraphs = az->para.span;
    out->n_paragraphs = az->para.n;
    return 0;
}
