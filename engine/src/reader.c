/* reader.c: the reader's front: opening inputs one after another, cutting
 * decompressed bytes into chunks of whole numbered lines, and turning damage
 * into events (see reader.h for the contract, reader_impl.h for the model).
 *
 * The line cutter keeps the line in progress at the end of the chunk being
 * built and returns a chunk only at a line boundary, so no line ever needs a
 * carry buffer between calls. Memory per reader is bounded by
 * chunk_bytes + max_line plus fixed buffers (1 MiB input, 16 MiB window). */
#include <errno.h>
#include <fcntl.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader_impl.h"

#define NM_RD_DEFAULT_CHUNK ((size_t)2 << 20)
#define NM_RD_DEFAULT_MAX_LINE ((size_t)64 << 20)
#define NM_RD_FDBUF_CAP ((size_t)1 << 20)

/* ---- statistics ---- */

static void stat_add(_Atomic uint64_t *v, uint64_t n)
{
    /* One writer (the reading thread): a relaxed load and store are enough
     * for readers in other threads to see a value that only grows. */
    atomic_store_explicit(v, atomic_load_explicit(v, memory_order_relaxed) + n,
                          memory_order_relaxed);
}

void nm_rd_add_consumed(nm_reader *r, uint64_t n)
{
    r->in_consumed += n;
    atomic_store_explicit(&r->consumed, r->consumed_done + r->in_consumed, memory_order_relaxed);
    if (r->in.sizes[r->cur] == 0) /* stdin or a pipe: its size is what was read */
        atomic_store_explicit(&r->disk_bytes[r->cur], r->in_consumed, memory_order_relaxed);
}

static void set_pend(nm_reader *r, const char *p, size_t n)
{
    r->pend = p;
    r->pend_n = n;
    stat_add(&r->decompressed[r->cur], n);
}

/* ---- events ---- */

static int push_event(nm_read_event **v, size_t *n, size_t *cap, const nm_read_event *ev)
{
    if (*n == *cap) {
        const size_t c = *cap ? *cap * 2 : 4;
        nm_read_event *p = realloc(*v, c * sizeof *p);
        if (p == NULL)
            return NM_ENOMEM;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = *ev;
    return 0;
}

int nm_rd_event(nm_reader *r, nm_read_event_kind kind, uint64_t line, const char *fmt, ...)
{
    nm_read_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.input = (uint32_t)r->cur;
    ev.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev.msg, sizeof ev.msg, fmt, ap);
    va_end(ap);
    nm_chunk *c = r->chunk;
    int rc;
    /* Events come before the lines of their chunk: once the chunk holds
     * lines, the event waits for the next chunk and this one is returned. */
    if (c->n_lines > 0 || r->n_pending > 0) {
        rc = push_event(&r->pending, &r->n_pending, &r->cap_pending, &ev);
        r->stop = true;
    } else {
        rc = push_event(&c->events, &c->n_events, &c->cap_events, &ev);
    }
    if (rc != 0)
        return nm_err_set(r->err, NM_ENOMEM, "out of memory");
    return 0;
}

size_t nm_rd_drop_partial(nm_reader *r)
{
    nm_chunk *c = r->chunk;
    const size_t n = c->len - r->line_start;
    c->len = r->line_start;
    r->skipping = false;
    return n;
}

/* ---- the line cutter ---- */

static int chunk_reserve(nm_reader *r, nm_chunk *c, size_t more)
{
    if (c->cap - c->len >= more)
        return 0;
    size_t cap = c->cap ? c->cap : r->chunk_bytes + 4096;
    while (cap - c->len < more) {
        if (cap > SIZE_MAX / 2)
            return nm_err_set(r->err, NM_ENOMEM, "out of memory");
        cap *= 2;
    }
    char *p = realloc(c->data, cap);
    if (p == NULL)
        return nm_err_set(r->err, NM_ENOMEM, "out of memory (chunk of %zu bytes)", cap);
    c->data = p;
    c->cap = cap;
    return 0;
}

static void count_lines(nm_reader *r, nm_chunk *c, uint64_t lines)
{
    if (c->n_lines == 0) {
        c->first_line = r->line_no;
        c->input = (uint32_t)r->cur;
    }
    c->n_lines += lines;
    r->line_no += lines;
}

/* Appends p[0..n) to the chunk, whole lines at a time, checking each line's
 * length against max_line before copying it. Sets *used to the bytes taken;
 * stops early (r->stop) when the chunk is full at a line boundary or an event
 * must wait for the next chunk. */
static int cut_feed(nm_reader *r, const char *p, size_t n, size_t *used)
{
    nm_chunk *c = r->chunk;
    size_t i = 0;
    while (i < n && !r->stop) {
        if (r->skipping) {
            const char *nl = memchr(p + i, '\n', n - i);
            if (nl == NULL) {
                i = n;
                break;
            }
            i = (size_t)(nl - p) + 1;
            r->skipping = false;
            continue;
        }
        const size_t run_start = i;
        size_t partial = c->len - r->line_start;
        size_t last_end = i;
        uint64_t lines = 0;
        bool bad = false;
        const char *nl = NULL;
        while (i < n) {
            nl = memchr(p + i, '\n', n - i);
            const size_t end = nl ? (size_t)(nl - p) : n;
            if (partial + (end - i) > r->max_line) {
                bad = true;
                break;
            }
            if (nl == NULL) {
                i = n;
                break;
            }
            i = end + 1;
            lines++;
            partial = 0;
            last_end = i;
            if (c->len + (i - run_start) >= r->chunk_bytes) {
                r->stop = true;
                break;
            }
        }
        const size_t take = i - run_start;
        if (take) {
            const int rc = chunk_reserve(r, c, take);
            if (rc != 0)
                return rc;
            memcpy(c->data + c->len, p + run_start, take);
            c->len += take;
        }
        if (lines) {
            count_lines(r, c, lines);
            r->line_start = c->len - (i - last_end);
        }
        if (bad) {
            /* Never buffer an over-long line: drop what is held and skip the
             * rest up to its '\n'. It keeps its number: it is a line read. */
            c->len = r->line_start;
            const uint64_t line = r->line_no++;
            if (nl) {
                i = (size_t)(nl - p) + 1;
            } else {
                i = n;
                r->skipping = true;
            }
            const int rc = nm_rd_event(r, NM_EV_BAD_LINE, line, "line longer than --max-line (%zu bytes)",
                                       r->max_line);
            if (rc != 0)
                return rc;
        }
    }
    *used = i;
    return 0;
}

/* ---- inputs ---- */

size_t nm_rd_fdbuf_fill(nm_rd_fdbuf *b)
{
    if (b->pos > 0) {
        memmove(b->buf, b->buf + b->pos, b->len - b->pos);
        b->base += b->pos;
        b->len -= b->pos;
        b->pos = 0;
    }
    if (b->eof || b->err || b->len == b->cap)
        return 0;
    for (;;) {
        const ssize_t k = read(b->fd, b->buf + b->len, b->cap - b->len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            b->err = errno;
            return 0;
        }
        if (k == 0) {
            b->eof = true;
            return 0;
        }
        b->len += (size_t)k;
        return (size_t)k;
    }
}

static void input_close(nm_reader *r)
{
    nm_rd_zstd_end(r);
    if (r->fb.own_fd && r->fb.fd >= 0)
        close(r->fb.fd);
    r->fb.fd = -1;
    r->fb.own_fd = false;
    r->mode = NM_RD_IDLE;
    r->pend_n = 0;
}

/* Moves on to the next input; the current one counts as fully consumed for
 * progress even when damage made the reader skip some of its bytes. */
static void input_next(nm_reader *r)
{
    input_close(r);
    const uint64_t size = r->in.sizes[r->cur];
    r->consumed_done += r->in_consumed > size ? r->in_consumed : size;
    r->in_consumed = 0;
    atomic_store_explicit(&r->consumed, r->consumed_done, memory_order_relaxed);
    r->cur++;
}

/* Opens input r->cur and picks its mode from the first 4 bytes. An input that
 * cannot be opened or read becomes an NM_EV_INPUT_ERROR and is passed over. */
static int input_open(nm_reader *r)
{
    const char *path = r->in.paths[r->cur];
    r->line_no = 1;
    r->skipping = false;
    r->line_start = r->chunk->len;
    r->frame_no = 0;
    r->pend_n = 0;
    nm_rd_fdbuf *b = &r->fb;
    if (b->buf == NULL) {
        b->buf = malloc(NM_RD_FDBUF_CAP);
        if (b->buf == NULL)
            return nm_err_set(r->err, NM_ENOMEM, "out of memory");
        b->cap = NM_RD_FDBUF_CAP;
    }
    b->len = b->pos = 0;
    b->base = 0;
    b->eof = false;
    b->err = 0;
    if (strcmp(path, "-") == 0) {
        b->fd = STDIN_FILENO;
        b->own_fd = false;
    } else {
        b->fd = open(path, O_RDONLY | O_CLOEXEC);
        b->own_fd = b->fd >= 0;
        if (b->fd < 0) {
            const int rc = nm_rd_event(r, NM_EV_INPUT_ERROR, 0, "cannot open input: %s; skipped",
                                       strerror(errno));
            input_next(r);
            return rc;
        }
    }
    while (b->len < 4 && nm_rd_fdbuf_fill(b) > 0)
        ;
    if (b->len == 0 && b->err) {
        const int rc = nm_rd_event(r, NM_EV_INPUT_ERROR, 0, "cannot read input: %s; skipped",
                                   strerror(b->err));
        input_next(r);
        return rc;
    }
    if (b->len >= 4 && nm_rd_is_zstd_magic(nm_rd_le32(b->buf)))
        return nm_rd_zstd_begin(r);
    r->mode = NM_RD_PLAIN;
    return 0;
}

static int plain_produce(nm_reader *r)
{
    nm_rd_fdbuf *b = &r->fb;
    if (b->pos == b->len) {
        nm_rd_fdbuf_fill(b);
        if (b->pos == b->len) {
            if (b->err == 0)
                return 0;
            const size_t lost = nm_rd_drop_partial(r);
            const int rc = nm_rd_event(r, NM_EV_DAMAGE, 0,
                                       "read error at byte %llu after line %llu: %s; the rest of the "
                                       "input (and %zu bytes of a partial line) is lost",
                                       (unsigned long long)(b->base + b->len),
                                       (unsigned long long)(r->line_no - 1), strerror(b->err), lost);
            return rc < 0 ? rc : 0;
        }
    }
    const size_t n = b->len - b->pos;
    set_pend(r, (const char *)b->buf + b->pos, n);
    b->pos = b->len;
    nm_rd_add_consumed(r, n);
    return 1;
}

/* The input ended cleanly: a last line without '\n' is a complete line. */
static int input_finish(nm_reader *r)
{
    nm_chunk *c = r->chunk;
    if (c->len > r->line_start) {
        const int rc = chunk_reserve(r, c, 1);
        if (rc != 0)
            return rc;
        c->data[c->len++] = '\n';
        count_lines(r, c, 1);
        r->line_start = c->len;
    }
    r->skipping = false;
    input_next(r);
    return 0;
}

/* ---- public ---- */

int nm_reader_open(nm_reader **out, const char *const *inputs, size_t n_inputs,
                   const nm_reader_opts *opts, nm_err *err)
{
    *out = NULL;
    nm_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    r->fb.fd = -1;
    int rc = nm_rd_inputs_expand(&r->in, inputs, n_inputs, err);
    if (rc != 0) {
        free(r);
        return rc;
    }
    r->chunk_bytes = opts && opts->chunk_bytes ? opts->chunk_bytes : NM_RD_DEFAULT_CHUNK;
    r->max_line = opts && opts->max_line ? opts->max_line : NM_RD_DEFAULT_MAX_LINE;
    const int max_threads = omp_get_max_threads();
    r->threads = opts && opts->threads ? opts->threads : (unsigned)(max_threads > 0 ? max_threads : 1);
    r->decompressed = calloc(r->in.n, sizeof *r->decompressed);
    r->disk_bytes = calloc(r->in.n, sizeof *r->disk_bytes);
    if (r->decompressed == NULL || r->disk_bytes == NULL) {
        nm_reader_free(r);
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < r->in.n; i++) {
        atomic_init(&r->decompressed[i], 0);
        atomic_init(&r->disk_bytes[i], r->in.sizes[i]);
        r->total_bytes += r->in.sizes[i];
    }
    if (r->in.unknown_size)
        r->total_bytes = 0;
    atomic_init(&r->consumed, 0);
    *out = r;
    return 0;
}

void nm_reader_free(nm_reader *r)
{
    if (r == NULL)
        return;
    if (r->in.paths && r->cur < r->in.n)
        input_close(r);
    nm_rd_zstd_free(r);
    free(r->fb.buf);
    free(r->pending);
    free(r->decompressed);
    free(r->disk_bytes);
    nm_rd_inputs_free(&r->in);
    free(r);
}

size_t nm_reader_input_count(const nm_reader *r) { return r->in.n; }

const char *nm_reader_input_path(const nm_reader *r, size_t i)
{
    return i < r->in.n ? r->in.paths[i] : NULL;
}

uint64_t nm_reader_input_bytes(const nm_reader *r, size_t i)
{
    return i < r->in.n ? atomic_load_explicit(&r->disk_bytes[i], memory_order_relaxed) : 0;
}

uint64_t nm_reader_input_decompressed(const nm_reader *r, size_t i)
{
    return i < r->in.n ? atomic_load_explicit(&r->decompressed[i], memory_order_relaxed) : 0;
}

uint64_t nm_reader_total_bytes(const nm_reader *r) { return r->total_bytes; }

uint64_t nm_reader_consumed_bytes(const nm_reader *r)
{
    return atomic_load_explicit(&r->consumed, memory_order_relaxed);
}

double nm_reader_busy_seconds(const nm_reader *r) { return r->busy_seconds; }

static int reader_next(nm_reader *r, nm_chunk *c, nm_err *err);

int nm_reader_next(nm_reader *r, nm_chunk *c, nm_err *err)
{
    const double t0 = omp_get_wtime();
    const int rc = reader_next(r, c, err);
    r->busy_seconds += omp_get_wtime() - t0;
    return rc;
}

static int reader_next(nm_reader *r, nm_chunk *c, nm_err *err)
{
    c->len = 0;
    c->n_lines = 0;
    c->n_events = 0;
    c->first_line = r->line_no ? r->line_no : 1;
    c->input = (uint32_t)(r->cur < r->in.n ? r->cur : (r->in.n ? r->in.n - 1 : 0));
    r->chunk = c;
    r->err = err;
    r->stop = false;
    r->line_start = 0;
    for (size_t i = 0; i < r->n_pending; i++)
        if (push_event(&c->events, &c->n_events, &c->cap_events, &r->pending[i]) != 0)
            return nm_err_set(err, NM_ENOMEM, "out of memory");
    r->n_pending = 0;

    int rc = 0;
    while (r->cur < r->in.n) {
        if (r->mode == NM_RD_IDLE) {
            const size_t before = r->cur;
            rc = input_open(r);
            if (rc < 0)
                return rc;
            if (r->cur != before) /* could not be opened: an event, next input */
                continue;
        }
        if (r->pend_n) {
            size_t used = 0;
            rc = cut_feed(r, r->pend, r->pend_n, &used);
            if (rc < 0)
                return rc;
            r->pend += used;
            r->pend_n -= used;
            if (r->stop)
                return 1;
            continue;
        }
        rc = r->mode == NM_RD_PLAIN ? plain_produce(r) : nm_rd_zstd_produce(r);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            rc = input_finish(r);
            if (rc < 0)
                return rc;
            /* A chunk holds the lines of one input only. */
            if (c->n_lines || c->n_events)
                break;
            continue;
        }
        if (r->stop)
            return 1;
    }
    if (c->n_lines == 0)
        c->first_line = r->line_no;
    return (c->n_lines || c->n_events) ? 1 : 0;
}

void nm_chunk_free(nm_chunk *c)
{
    if (c == NULL)
        return;
    free(c->data);
    free(c->events);
    memset(c, 0, sizeof *c);
}
