/* nm_analysis.h: the one analysis of a document that every operator shares.
 *
 * The engine tokenises each document once (interface.md, "Tokens"), finds
 * sentence and paragraph boundaries, and hands the result to every operator.
 * Operators never tokenise again. All offsets are byte offsets into the
 * document text as decoded from JSON, end exclusive. */
#ifndef NM_ANALYSIS_H
#define NM_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "nm_error.h"

/* Token flags: what the surface form looks like. */
enum {
    NM_TOK_UPPER_INITIAL = 1u << 0, /* first code point is an upper- or titlecase letter */
    NM_TOK_ALL_UPPER = 1u << 1,     /* has a cased letter and none is lower case ("NATO", "U.S" never: '.' splits) */
    NM_TOK_HAS_ALPHA = 1u << 2,     /* contains a letter (category L) */
    NM_TOK_HAS_DIGIT = 1u << 3,     /* contains a decimal digit (category Nd) */
    NM_TOK_ALL_DIGIT = 1u << 4,     /* only ASCII digits and the joiners '.' ','  ("6,700", "2.5") */
    NM_TOK_ASCII = 1u << 5          /* every byte is ASCII */
};

typedef struct nm_token {
    const char *form;    /* lower-cased form, NUL-terminated, U+2019 written as '\'' */
    uint32_t form_len;   /* bytes of form, without the NUL */
    uint32_t start;      /* byte offset of the first byte in the text */
    uint32_t end;        /* byte offset one past the last byte */
    uint32_t sentence;   /* index into nm_analysis.sentences */
    uint32_t flags;      /* NM_TOK_* */
} nm_token;

/* A run of text: a sentence or a paragraph. */
typedef struct nm_span {
    uint32_t start, end;             /* byte offsets, end exclusive; trimmed of white space */
    uint32_t tok_begin, tok_end;     /* tokens [tok_begin, tok_end) lie inside */
} nm_span;

typedef struct nm_analysis {
    const char *text;       /* the document text (borrowed) */
    size_t text_len;
    const nm_token *tokens;
    size_t n_tokens;
    const nm_span *sentences;  /* in text order; every token lies in exactly one */
    size_t n_sentences;
    const nm_span *paragraphs; /* runs of whole sentences, split at blank lines, at newlines
                                  followed by indentation and after heading lines
                                  (docs/analysis.md); a text without tokens has none */
    size_t n_paragraphs;
} nm_analysis;

/* Per-thread analyser: owns the buffers the analysis points into, reused
 * from document to document so the hot path does not allocate. */
typedef struct nm_analyzer nm_analyzer;

nm_analyzer *nm_analyzer_new(void);
void nm_analyzer_free(nm_analyzer *az);   /* NULL is a no-op */

/* Analyses text[0, len) (which must be valid UTF-8 and shorter than 4 GiB)
 * into *out. The result points into az and into text; it stays valid until
 * the next nm_analyze call on az. Returns 0, NM_ENOMEM, or NM_EINPUT for
 * invalid UTF-8 or an oversized text. */
int nm_analyze(nm_analyzer *az, const char *text, size_t len, nm_analysis *out, nm_err *err);

/* Validates UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
 * Returns the length of the longest valid prefix: == len when valid. */
size_t nm_utf8_valid_prefix(const char *s, size_t len);

#endif
