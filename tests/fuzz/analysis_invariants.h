/* analysis_invariants.h: what must hold for any nm_analysis, whatever the
 * text: used by the tokenizer fuzz target and the unit tests.
 *
 * nm_check_analysis returns NULL when every invariant holds, else a short
 * description of the first one broken. Header-only (static functions) so
 * both a fuzz target and a cmocka test can include it. */
#ifndef NM_ANALYSIS_INVARIANTS_H
#define NM_ANALYSIS_INVARIANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "newsmill/nm_analysis.h"

static inline bool nm_inv_space(const unsigned char *s, size_t at, size_t len)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate(s + at, (utf8proc_ssize_t)(len - at), &cp) <= 0)
        return false;
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Is the code point at s[at] of category L, M or N? */
static inline bool nm_inv_token_cp(const unsigned char *s, size_t at, size_t len)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate(s + at, (utf8proc_ssize_t)(len - at), &cp) <= 0)
        return false;
    const int c = (int)utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* Spans: ordered, disjoint, trimmed, covering the tokens in order. */
static inline const char *nm_inv_spans(const nm_analysis *an, const nm_span *sp, size_t n)
{
    const unsigned char *s = (const unsigned char *)an->text;
    if ((an->n_tokens == 0) != (n == 0))
        return "spans exist iff tokens do";
    if (n > 0 && (sp[0].tok_begin != 0 || sp[n - 1].tok_end != an->n_tokens))
        return "spans do not cover all tokens";
    for (size_t i = 0; i < n; i++) {
        if (sp[i].start >= sp[i].end || sp[i].end > an->text_len)
            return "span empty or out of range";
        if (sp[i].tok_begin >= sp[i].tok_end)
            return "span without tokens";
        if (i > 0 && (sp[i].start < sp[i - 1].end || sp[i].tok_begin != sp[i - 1].tok_end))
            return "spans overlap or skip tokens";
        if (nm_inv_space(s, sp[i].start, an->text_len))
            return "span starts with white space";
        size_t last = sp[i].end - 1;
        while (last > sp[i].start && (s[last] & 0xC0) == 0x80)
            last--;
        if (nm_inv_space(s, last, an->text_len))
            return "span ends with white space";
        if (an->tokens[sp[i].tok_begin].start < sp[i].start ||
            an->tokens[sp[i].tok_end - 1].end > sp[i].end)
            return "a token sticks out of its span";
    }
    return NULL;
}

static inline const char *nm_check_analysis(const nm_analysis *an)
{
    const unsigned char *s = (const unsigned char *)an->text;
    const size_t len = an->text_len;
    for (size_t i = 0; i < an->n_tokens; i++) {
        const nm_token *t = &an->tokens[i];
        if (t->start >= t->end || t->end > len)
            return "token offsets out of range";
        if (i > 0 && t->start < an->tokens[i - 1].end)
            return "tokens overlap or go backwards";
        if (!nm_inv_token_cp(s, t->start, len))
            return "token does not start with a letter, mark or number";
        size_t last = t->end - 1;
        while (last > t->start && (s[last] & 0xC0) == 0x80)
            last--;
        if (!nm_inv_token_cp(s, last, len))
            return "token does not end with a letter, mark or number";
        if (t->form == NULL || t->form[t->form_len] != '\0' || t->form_len == 0)
            return "form not NUL-terminated or empty";
        if (nm_utf8_valid_prefix(t->form, t->form_len) != t->form_len)
            return "form is not valid UTF-8";
        if (t->sentence >= an->n_sentences)
            return "token sentence index out of range";
        const nm_span *sp = &an->sentences[t->sentence];
        if (i < sp->tok_begin || i >= sp->tok_end)
            return "token not inside its sentence";
        if ((t->flags & NM_TOK_ASCII) && t->form_len != t->end - t->start)
            return "ASCII token whose form length differs";
    }
    const char *why = nm_inv_spans(an, an->sentences, an->n_sentences);
    if (why)
        return why;
    why = nm_inv_spans(an, an->paragraphs, an->n_paragraphs);
    if (why)
        return why;
    /* Every paragraph is a run of whole sentences. */
    size_t k = 0;
    for (size_t p = 0; p < an->n_paragraphs; p++) {
        const nm_span *pp = &an->paragraphs[p];
        while (k < an->n_sentences && an->sentences[k].tok_begin < pp->tok_begin)
            k++;
        if (k >= an->n_sentences || an->sentences[k].tok_begin != pp->tok_begin ||
            an->sentences[k].start != pp->start)
            return "paragraph does not start with a sentence";
        while (k < an->n_sentences && an->sentences[k].tok_end < pp->tok_end)
            k++;
        if (k >= an->n_sentences || an->sentences[k].tok_end != pp->tok_end ||
            an->sentences[k].end != pp->end)
            return "paragraph does not end with a sentence";
    }
    return NULL;
}

#endif
