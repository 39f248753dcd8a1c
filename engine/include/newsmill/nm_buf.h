/* nm_buf.h: a growable byte buffer and a streaming JSON writer on top of it.
 *
 * The writer is how per-document fields and aggregate lines are produced: it
 * appends JSON text straight into a buffer with no intermediate tree, which
 * keeps output off the allocator and out of the profile. Numbers are written
 * so that parsing them gives back the same double (shortest round-trip form).
 * Not thread-safe per object; give each thread its own buffer. */
#ifndef NM_BUF_H
#define NM_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nm_error.h"

typedef struct nm_buf {
    char *data;   /* owned; NUL-terminated after every append (data[len] == 0) */
    size_t len;
    size_t cap;
    bool failed;  /* an allocation failed; later appends are no-ops */
} nm_buf;

void nm_buf_init(nm_buf *b);
void nm_buf_free(nm_buf *b);            /* frees data, leaves an empty buffer */
void nm_buf_reset(nm_buf *b);           /* len = 0, keeps capacity */
/* Writes the buffer to out and frees it: how an operator's emit hands over
 * the lines it built. Fails with NM_ENOMEM ("<who>: out of memory") when an
 * append failed, NM_EIO ("<who>: cannot write <what>") when the write fell
 * short. */
int nm_buf_write_free(nm_buf *b, FILE *out, const char *who, const char *what, nm_err *err);
/* Makes room for n more bytes; returns false (and sets failed) on ENOMEM. */
bool nm_buf_reserve(nm_buf *b, size_t n);
void nm_buf_append(nm_buf *b, const void *data, size_t n);
void nm_buf_putc(nm_buf *b, char c);
void nm_buf_puts(nm_buf *b, const char *s);
void nm_buf_printf(nm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nm_buf_u64(nm_buf *b, uint64_t v);  /* decimal */
void nm_buf_i64(nm_buf *b, int64_t v);
/* Shortest decimal text that strtod() reads back as exactly v: the fewest
 * significant digits that do, and of those the nearest to v (ties: even last
 * digit), the digits Python's repr picks. The layout:
 *   0.0  -0.0        zero, with its sign;
 *   42.0  -3.0       integral values below 1e15 in magnitude end in ".0",
 *                    so readers keep them as floats;
 *   0.25  123.456  0.00012  1125899906842625.2
 *                    otherwise printf %g's layout for precision P, where P is
 *                    the digit count but at least 15: plain notation when the
 *                    exponent X of the leading digit is in [-4, P), so also
 *                    9007199254740992 (16 digits, X = 15) with no ".0";
 *   1e+15  1.5e-05  5e-324  1.7976931348623157e+308
 *                    exponent notation when X < -4 or X >= P, with a sign
 *                    and at least two exponent digits, as %g writes them;
 *   null             NaN and infinities (JSON has neither).
 * The text is byte for byte what probing "%.15g", "%.16g", "%.17g" for the
 * first that reads back gave, except where that was not the shortest: it
 * now has fewer digits for some subnormals and powers of two. Writes at most
 * 24 bytes; thread-safe for distinct buffers. */
void nm_buf_double(nm_buf *b, double v);
/* v as a JSON string literal with quotes; s must be valid UTF-8. */
void nm_buf_json_string(nm_buf *b, const char *s, size_t n);

/* Streaming JSON writer: tracks nesting so callers never write commas. */
#define NM_JW_MAX_DEPTH 32
typedef struct nm_jw {
    nm_buf *out;
    unsigned depth;
    bool first[NM_JW_MAX_DEPTH]; /* no element written yet at this depth */
    bool after_key;              /* a key was written; the value comes next */
} nm_jw;

void nm_jw_init(nm_jw *w, nm_buf *out);
void nm_jw_object_begin(nm_jw *w);
void nm_jw_object_end(nm_jw *w);
void nm_jw_array_begin(nm_jw *w);
void nm_jw_array_end(nm_jw *w);
void nm_jw_key(nm_jw *w, const char *key);   /* key: a NUL-terminated literal, UTF-8 */
void nm_jw_string(nm_jw *w, const char *s, size_t n);
void nm_jw_cstring(nm_jw *w, const char *s); /* NULL writes null */
void nm_jw_i64(nm_jw *w, int64_t v);
void nm_jw_u64(nm_jw *w, uint64_t v);
void nm_jw_double(nm_jw *w, double v);
void nm_jw_bool(nm_jw *w, bool v);
void nm_jw_null(nm_jw *w);
/* Inserts already-serialised JSON (one value) verbatim. */
void nm_jw_raw(nm_jw *w, const char *json, size_t n);

#endif
