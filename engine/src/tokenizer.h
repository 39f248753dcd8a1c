/* tokenizer.h: the analysis layer's internals (tokens, sentences, paragraphs).
 *
 * nm_analyze (analyzer.c) owns the buffers and calls nm_tokenize, then
 * nm_sentences_split. Both take text that nm_utf8_valid_prefix has accepted
 * and that is shorter than 4 GiB; the decoders below rely on that and never
 * check for malformed sequences. Rules: docs/analysis.md. Not thread-safe
 * per buffer; give each thread its own. */
#ifndef NM_TOKENIZER_H
#define NM_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newsmill/nm_analysis.h"

/* Tokens and the arena their forms live in. */
typedef struct nm_tokvec {
    nm_token *tok;
    size_t n, cap;
    char *arena;       /* forms, each NUL-terminated */
    size_t arena_cap;
} nm_tokvec;

/* Sentence or paragraph spans. */
typedef struct nm_spanvec {
    nm_span *span;
    size_t n, cap;
} nm_spanvec;

/* Bytes of arena a text of len bytes can need: lower-casing grows a code
 * point by at most one byte per two (U+023A and U+023E, 2 -> 3 bytes; the
 * tokenizer test checks this for every code point), and each form takes a
 * NUL, so forms take at most 2 * len + 1 bytes. */
#define NM_TOK_ARENA_BOUND(len) (2 * (len) + 16)

/* Tokenises text[0, len) into tv (tv->n tokens, sentence fields 0).
 * Requires tv->arena_cap >= NM_TOK_ARENA_BOUND(len), so forms never move
 * while tokens point at them. Returns 0 or NM_ENOMEM (token array growth). */
int nm_tokenize(nm_tokvec *tv, const char *text, size_t len);

/* Finds sentence and paragraph spans over the tokens, sets each token's
 * sentence index. Returns 0 or NM_ENOMEM. */
int nm_sentences_split(nm_token *tok, size_t n_tok, const char *text, size_t len,
                       nm_spanvec *sent, nm_spanvec *para);

/* Decodes the code point at p, which starts a well-formed sequence; *n gets
 * its length in bytes. */
static inline uint32_t nm_utf8_decode(const unsigned char *p, unsigned *n)
{
    const uint32_t c = p[0];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    if (c < 0xE0) {
        *n = 2;
        return ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    }
    if (c < 0xF0) {
        *n = 3;
        return ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    }
    *n = 4;
    return ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
           (p[3] & 0x3Fu);
}

/* Unicode White_Space (ASCII controls 9-13 and space included). */
static inline bool nm_is_space_cp(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

#endif
