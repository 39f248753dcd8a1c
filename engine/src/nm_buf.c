/* nm_buf.c: growable buffer and streaming JSON writer (see nm_buf.h). */
#include "newsmill/nm_buf.h"

#include "nm_dtoa.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nm_buf_init(nm_buf *b)
{
    memset(b, 0, sizeof *b);
}

void nm_buf_free(nm_buf *b)
{
    free(b->data);
    nm_buf_init(b);
}

int nm_buf_write_free(nm_buf *b, FILE *out, const char *who, const char *what, nm_err *err)
{
    int rc = 0;
    if (b->failed)
        rc = nm_err_set(err, NM_ENOMEM, "%s: out of memory", who);
    else if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
        rc = nm_err_set(err, NM_EIO, "%s: cannot write %s", who, what);
    nm_buf_free(b);
    return rc;
}

void nm_buf_reset(nm_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

bool nm_buf_reserve(nm_buf *b, size_t n)
{
    if (b->failed)
        return false;
    if (b->len + n + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void nm_buf_append(nm_buf *b, const void *data, size_t n)
{
    if (!nm_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nm_buf_putc(nm_buf *b, char c)
{
    if (!nm_buf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void nm_buf_puts(nm_buf *b, const char *s)
{
    nm_buf_append(b, s, strlen(s));
}

void nm_buf_printf(nm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    const int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0 && nm_buf_reserve(b, (size_t)n)) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void nm_buf_u64(nm_buf *b, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    nm_buf_append(b, tmp + i, sizeof tmp - i);
}

void nm_buf_i64(nm_buf *b, int64_t v)
{
    if (v < 0) {
        nm_buf_putc(b, '-');
        nm_buf_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        nm_buf_u64(b, (uint64_t)v);
    }
}

void nm_buf_double(nm_buf *b, double v)
{
    /* Formats straight into the buffer, which then always has room. */
    if (!nm_buf_reserve(b, NM_DTOA_BUFSIZE))
        return;
    b->len += nm_dtoa_shortest(v, b->data + b->len);
}

void nm_buf_json_string(nm_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!nm_buf_reserve(b, n + 2))
        return;
    b->data[b->len++] = '"';
    size_t run = 0; /* start of the pending run of bytes that need no escape */
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        nm_buf_append(b, s + run, i - run);
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            len = 6;
        }
        nm_buf_append(b, esc, len);
        run = i + 1;
    }
    nm_buf_append(b, s + run, n - run);
    nm_buf_putc(b, '"');
}

/* ---- JSON writer ---- */

void nm_jw_init(nm_jw *w, nm_buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->first[0] = true;
}

/* Writes the separator a new value needs at the current position. */
static void jw_before_value(nm_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth])
        nm_buf_putc(w->out, ',');
    w->first[w->depth] = false;
}

static void jw_open(nm_jw *w, char c)
{
    jw_before_value(w);
    nm_buf_putc(w->out, c);
    if (w->depth + 1 < NM_JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(nm_jw *w, char c)
{
    nm_buf_putc(w->out, c);
    if (w->depth > 0)
        w->depth--;
}

void nm_jw_object_begin(nm_jw *w) { jw_open(w, '{'); }
void nm_jw_object_end(nm_jw *w) { jw_close(w, '}'); }
void nm_jw_array_begin(nm_jw *w) { jw_open(w, '['); }
void nm_jw_array_end(nm_jw *w) { jw_close(w, ']'); }

void nm_jw_key(nm_jw *w, const char *key)
{
    jw_before_value(w);
    nm_buf_json_string(w->out, key, strlen(key));
    nm_buf_putc(w->out, ':');
    w->after_key = true;
}

void nm_jw_string(nm_jw *w, const char *s, size_t n)
{
    jw_before_value(w);
    nm_buf_json_string(w->out, s, n);
}

void nm_jw_cstring(nm_jw *w, const char *s)
{
    if (s == NULL)
        nm_jw_null(w);
    else
        nm_jw_string(w, s, strlen(s));
}

void nm_jw_i64(nm_jw *w, int64_t v)
{
    jw_before_value(w);
    nm_buf_i64(w->out, v);
}

void nm_jw_u64(nm_jw *w, uint64_t v)
{
    jw_before_value(w);
    nm_buf_u64(w->out, v);
}

void nm_jw_double(nm_jw *w, double v)
{
    jw_before_value(w);
    nm_buf_double(w->out, v);
}

void nm_jw_bool(nm_jw *w, bool v)
{
    jw_before_value(w);
    nm_buf_puts(w->out, v ? "true" : "false");
}

void nm_jw_null(nm_jw *w)
{
    jw_before_value(w);
    nm_buf_append(w->out, "null", 4);
}

void nm_jw_raw(nm_jw *w, const char *json, size_t n)
{
    jw_before_value(w);
    nm_buf_append(w->out, json, n);
}
