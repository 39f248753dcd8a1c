/* test_reader.c: the reader (engine/src/reader.h) on inputs made at test time:
 * plain and zstd files of every framing, stdin, directories, and damage
 * (corrupt, truncated, random, over-long lines, vanished inputs). Every read
 * goes through read_all, which checks the chunk invariants on the way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zstd.h>

#include "reader.h"

/* ---- fixtures ---- */

typedef struct bytes {
    char *p;
    size_t len, cap;
} bytes;

static void b_add(bytes *b, const void *p, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < n + 1)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void b_free(bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Appends one zstd frame of src to out. */
static void zframe(bytes *out, const char *src, size_t n, bool content_size)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    assert_non_null(c);
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, content_size ? 1 : 0);
    const size_t bound = ZSTD_compressBound(n) + 64;
    char *dst = malloc(bound);
    assert_non_null(dst);
    size_t len;
    if (content_size) {
        len = ZSTD_compress2(c, dst, bound, src, n);
    } else { /* streaming without a pledged size: no content size in the header */
        ZSTD_inBuffer in = {src, n, 0};
        ZSTD_outBuffer o = {dst, bound, 0};
        size_t rem;
        do {
            rem = ZSTD_compressStream2(c, &o, &in, ZSTD_e_end);
            assert_false(ZSTD_isError(rem));
        } while (rem != 0);
        len = o.pos;
    }
    assert_false(ZSTD_isError(len));
    b_add(out, dst, len);
    free(dst);
    ZSTD_freeCCtx(c);
}

/* Frames cut every `every` bytes, wherever that falls. */
static void zframes(bytes *out, const char *src, size_t n, size_t every)
{
    for (size_t i = 0; i < n; i += every)
        zframe(out, src + i, n - i < every ? n - i : every, true);
}

/* Frames cut at line ends, each at most `max` bytes (or one longer line). */
static void zframes_lines(bytes *out, const char *src, size_t n, size_t max, size_t *n_frames)
{
    size_t start = 0, frames = 0;
    while (start < n) {
        size_t end = start;
        for (;;) {
            const char *nl = memchr(src + end, '\n', n - end);
            const size_t next = nl ? (size_t)(nl - src) + 1 : n;
            if (end > start && next - start > max)
                break;
            end = next;
            if (end == n)
                break;
        }
        zframe(out, src + start, end - start, true);
        frames++;
        start = end;
    }
    if (n_frames)
        *n_frames = frames;
}

static void skippable(bytes *out, uint32_t variant, size_t n)
{
    const uint32_t magic = 0x184D2A50u + variant;
    const unsigned char h[8] = {(unsigned char)magic, (unsigned char)(magic >> 8),
                                (unsigned char)(magic >> 16), (unsigned char)(magic >> 24),
                                (unsigned char)n, (unsigned char)(n >> 8),
                                (unsigned char)(n >> 16), (unsigned char)(n >> 24)};
    b_add(out, h, sizeof h);
    for (size_t i = 0; i < n; i++)
        b_add(out, &"\x28\xb5\x2f\xfd"[i % 4], 1); /* payload that looks like magic */
}

#define TMPDIR_FIXTURE_NAME "test_reader"
#include "tmpdir_fixture.h"

/* n lines of varied length; line i (1-based) starts with "L<i> ". */
static void make_lines(bytes *b, size_t n, unsigned seed)
{
    for (size_t i = 1; i <= n; i++) {
        char head[32];
        const int h = snprintf(head, sizeof head, "L%zu ", i);
        b_add(b, head, (size_t)h);
        seed = seed * 1103515245u + 12345u;
        const size_t extra = (seed >> 16) % 300;
        for (size_t k = 0; k < extra; k++)
            b_add(b, &"abcdefghij {}\":,"[(k + i) % 16], 1);
        b_add(b, "\n", 1);
    }
}

/* ---- reading everything, checking the invariants ---- */

typedef struct result {
    bytes text;
    uint64_t *lno;       /* line number of each line read */
    uint32_t *inp;       /* input of each line read */
    size_t n_lines, cap_lines;
    nm_read_event ev[64];
    size_t n_ev;
    uint64_t chunks;
    int rc;              /* nm_reader_open's return */
    nm_err err;
    uint64_t consumed, total, decompressed;
} result;

static void res_free(result *r)
{
    b_free(&r->text);
    free(r->lno);
    free(r->inp);
    memset(r, 0, sizeof *r);
}

static void read_all(result *res, const char *const *inputs, size_t n, size_t chunk_bytes,
                     size_t max_line, unsigned threads)
{
    memset(res, 0, sizeof *res);
    nm_reader_opts o = {.chunk_bytes = chunk_bytes, .max_line = max_line, .threads = threads};
    if (chunk_bytes == 0)
        chunk_bytes = (size_t)2 << 20;
    if (max_line == 0)
        max_line = (size_t)64 << 20;
    nm_reader *r = NULL;
    res->rc = nm_reader_open(&r, inputs, n, &o, &res->err);
    if (res->rc != 0) {
        assert_null(r);
        return;
    }
    const size_t n_in = nm_reader_input_count(r);
    uint64_t *expect = calloc(n_in, sizeof *expect);
    assert_non_null(expect);
    for (size_t i = 0; i < n_in; i++)
        expect[i] = 1;
    nm_chunk c;
    memset(&c, 0, sizeof c);
    int rc;
    while ((rc = nm_reader_next(r, &c, &res->err)) == 1) {
        res->chunks++;
        assert_true(c.n_lines > 0 || c.n_events > 0);
        for (size_t e = 0; e < c.n_events; e++) {
            const nm_read_event *ev = &c.events[e];
            assert_true(ev->input < n_in);
            if (ev->kind == NM_EV_BAD_LINE) { /* a bad line takes the next number */
                assert_int_equal(ev->line, expect[ev->input]);
                expect[ev->input]++;
            }
            if (res->n_ev < 64)
                res->ev[res->n_ev++] = *ev;
        }
        if (c.n_lines == 0) {
            assert_int_equal(c.len, 0);
            continue;
        }
        assert_true(c.input < n_in);
        assert_int_equal(c.first_line, expect[c.input]);
        assert_true(c.len > 0);
        assert_int_equal(c.data[c.len - 1], '\n');
        uint64_t k = 0;
        for (size_t i = 0; i < c.len; i++) {
            if (c.data[i] != '\n')
                continue;
            if (res->n_lines == res->cap_lines) {
                res->cap_lines = res->cap_lines ? res->cap_lines * 2 : 1024;
                res->lno = realloc(res->lno, res->cap_lines * sizeof *res->lno);
                res->inp = realloc(res->inp, res->cap_lines * sizeof *res->inp);
                assert_non_null(res->lno);
                assert_non_null(res->inp);
            }
            res->lno[res->n_lines] = c.first_line + k;
            res->inp[res->n_lines] = c.input;
            res->n_lines++;
            k++;
        }
        assert_int_equal(k, c.n_lines);
        expect[c.input] += c.n_lines;
        /* a chunk is cut at the first line end at or past chunk_bytes */
        assert_true(c.len < chunk_bytes + max_line + 2);
        b_add(&res->text, c.data, c.len);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(c.n_lines, 0);
    res->consumed = nm_reader_consumed_bytes(r);
    res->total = nm_reader_total_bytes(r);
    for (size_t i = 0; i < n_in; i++)
        res->decompressed += nm_reader_input_decompressed(r, i);
    nm_chunk_free(&c);
    nm_chunk_free(&c); /* reusable and idempotent */
    free(expect);
    nm_reader_free(r);
}

static void read_one(result *res, const char *path, size_t chunk_bytes, size_t max_line,
                     unsigned threads)
{
    const char *in[1] = {path};
    read_all(res, in, 1, chunk_bytes, max_line, threads);
    assert_int_equal(res->rc, 0);
}

static size_t count_kind(const result *r, nm_read_event_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_ev; i++)
        n += r->ev[i].kind == k;
    return n;
}

/* Every line of got is a whole line of want, in order, numbered as in want
 * unless `renumbered` (after a lost frame). Returns how many matched. */
static size_t lines_subset(const result *got, const char *want)
{
    const char *w = want;
    const char *g = got->text.p ? got->text.p : "";
    size_t matched = 0;
    for (size_t i = 0; i < got->n_lines; i++) {
        const char *ge = strchr(g, '\n');
        assert_non_null(ge);
        const size_t gl = (size_t)(ge - g) + 1;
        /* find this exact line further in want */
        for (;;) {
            const char *we = strchr(w, '\n');
            assert_non_null(we); /* a line read that is not in the input */
            const size_t wl = (size_t)(we - w) + 1;
            w = we + 1;
            if (wl == gl && memcmp(w - wl, g, gl) == 0)
                break;
        }
        matched++;
        g = ge + 1;
    }
    return matched;
}

/* ---- plain ---- */

static void test_plain_final_newline(void **state)
{
    (void)state;
    result r;
    read_one(&r, put("p1.jsonl", "a\nbb\nccc\n", 9), 0, 0, 1);
    assert_string_equal(r.text.p, "a\nbb\nccc\n");
    assert_int_equal(r.n_lines, 3);
    assert_int_equal(r.lno[2], 3);
    assert_int_equal(r.n_ev, 0);
    assert_int_equal(r.consumed, 9);
    assert_int_equal(r.total, 9);
    assert_int_equal(r.decompressed, 9);
    res_free(&r);
}

static void test_plain_no_final_newline(void **state)
{
    (void)state;
    result r;
    read_one(&r, put("p2.jsonl", "a\nbb\nccc", 8), 0, 0, 1);
    assert_string_equal(r.text.p, "a\nbb\nccc\n");
    assert_int_equal(r.n_lines, 3);
    assert_int_equal(r.n_ev, 0);
    res_free(&r);
    read_one(&r, put("p3.jsonl", "x", 1), 0, 0, 1);
    assert_string_equal(r.text.p, "x\n");
    res_free(&r);
}

static void test_blank_lines_kept(void **state)
{
    (void)state;
    result r;
    read_one(&r, put("blank.jsonl", "\n\n{}\n\n", 6), 0, 0, 1);
    assert_int_equal(r.n_lines, 4);
    assert_memory_equal(r.text.p, "\n\n{}\n\n", 6);
    assert_int_equal(r.lno[2], 3);
    res_free(&r);
}

static void test_empty_file(void **state)
{
    (void)state;
    result r;
    read_one(&r, put("empty.jsonl", "", 0), 0, 0, 1);
    assert_int_equal(r.n_lines, 0);
    assert_int_equal(r.n_ev, 0);
    assert_int_equal(r.chunks, 0);
    res_free(&r);
    bytes z = {0};
    zframe(&z, "", 0, true);
    read_one(&r, put("empty.jsonl.zst", z.p, z.len), 0, 0, 1);
    assert_int_equal(r.n_lines, 0);
    assert_int_equal(r.n_ev, 0);
    res_free(&r);
    b_free(&z);
}

static void test_plain_small_chunks(void **state)
{
    (void)state;
    bytes text = {0};
    make_lines(&text, 3000, 1);
    const char *p = put("many.jsonl", text.p, text.len);
    result r;
    read_one(&r, p, 1000, 4096, 1);
    assert_int_equal(r.n_lines, 3000);
    assert_int_equal(r.text.len, text.len);
    assert_memory_equal(r.text.p, text.p, text.len);
    assert_true(r.chunks > 100);
    for (size_t i = 0; i < r.n_lines; i++)
        assert_int_equal(r.lno[i], i + 1);
    res_free(&r);
    b_free(&text);
}

/* ---- zstd ---- */

static void check_same(const result *r, const bytes *text, size_t n_lines)
{
    assert_int_equal(r->n_lines, n_lines);
    assert_int_equal(r->text.len, text->len);
    assert_memory_equal(r->text.p, text->p, text->len);
    for (size_t i = 0; i < r->n_lines; i++)
        assert_int_equal(r->lno[i], i + 1);
    assert_int_equal(r->n_ev, 0);
}

static void test_zstd_one_frame(void **state)
{
    (void)state;
    bytes text = {0}, z = {0}, zu = {0};
    make_lines(&text, 2000, 2);
    zframe(&z, text.p, text.len, true);
    zframe(&zu, text.p, text.len, false); /* no content size: streamed */
    const char *p = put("one.jsonl.zst", z.p, z.len);
    const char *pu = put("one_unknown.zst", zu.p, zu.len);
    result r;
    for (unsigned t = 1; t <= 2; t++) {
        read_one(&r, p, 4096, 1 << 20, t);
        check_same(&r, &text, 2000);
        assert_int_equal(r.consumed, z.len);
        assert_int_equal(r.decompressed, text.len);
        res_free(&r);
        read_one(&r, pu, 4096, 1 << 20, t);
        check_same(&r, &text, 2000);
        assert_int_equal(r.consumed, zu.len);
        res_free(&r);
    }
    b_free(&text);
    b_free(&z);
    b_free(&zu);
}

static void test_zstd_many_frames(void **state)
{
    (void)state;
    bytes text = {0}, at_lines = {0}, anywhere = {0};
    make_lines(&text, 5000, 3);
    size_t nf = 0;
    zframes_lines(&at_lines, text.p, text.len, 7000, &nf);
    assert_true(nf > 50);
    zframes(&anywhere, text.p, text.len, 777); /* mid-line cuts */
    const char *p1 = put("lines.frames.jsonl.zst", at_lines.p, at_lines.len);
    const char *p2 = put("anywhere.frames.zst", anywhere.p, anywhere.len);
    result r;
    for (unsigned t = 1; t <= 3; t++) {
        read_one(&r, p1, 3000, 1 << 20, t);
        check_same(&r, &text, 5000);
        assert_int_equal(r.consumed, at_lines.len);
        res_free(&r);
        read_one(&r, p2, 100000, 1 << 20, t);
        check_same(&r, &text, 5000);
        res_free(&r);
    }
    /* from inside a parallel region, the way the pipeline calls it: tasks */
#pragma omp parallel num_threads(2)
#pragma omp single
    {
        result rp;
        read_one(&rp, p2, 2000, 1 << 20, 2);
        check_same(&rp, &text, 5000);
        res_free(&rp);
    }
    b_free(&text);
    b_free(&at_lines);
    b_free(&anywhere);
}

static void test_zstd_skippable(void **state)
{
    (void)state;
    bytes text = {0}, z = {0};
    make_lines(&text, 300, 4);
    const size_t half = text.len / 2;
    skippable(&z, 0, 13);
    zframe(&z, text.p, half, true);
    skippable(&z, 15, 0);
    skippable(&z, 7, 100);
    zframe(&z, text.p + half, text.len - half, false);
    skippable(&z, 3, 5);
    const char *p = put("skip.zst", z.p, z.len);
    result r;
    read_one(&r, p, 1000, 1 << 20, 2);
    check_same(&r, &text, 300);
    assert_int_equal(r.consumed, z.len);
    res_free(&r);
    /* the same through the stream decoder */
    FILE *f = freopen(p, "rb", stdin);
    assert_non_null(f);
    read_one(&r, "-", 1000, 1 << 20, 2);
    check_same(&r, &text, 300);
    res_free(&r);
    b_free(&text);
    b_free(&z);
}

/* Reads `data` from a real pipe on standard input. */
static void read_via_pipe(result *r, const bytes *data, size_t chunk_bytes)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    const pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        size_t off = 0;
        while (off < data->len) {
            const ssize_t k = write(fds[1], data->p + off, data->len - off);
            if (k <= 0)
                _exit(1);
            off += (size_t)k;
        }
        _exit(0);
    }
    close(fds[1]);
    const int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fds[0], STDIN_FILENO) >= 0);
    close(fds[0]);
    read_one(r, "-", chunk_bytes, 1 << 20, 2);
    assert_true(dup2(saved, STDIN_FILENO) >= 0);
    close(saved);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_stdin(void **state)
{
    (void)state;
    bytes text = {0}, z = {0};
    make_lines(&text, 4000, 5);
    zframes(&z, text.p, text.len, 50000);
    result r;
    read_via_pipe(&r, &text, 5000);
    check_same(&r, &text, 4000);
    assert_int_equal(r.consumed, text.len);
    assert_int_equal(r.total, 0); /* unknown with stdin */
    res_free(&r);
    read_via_pipe(&r, &z, 5000);
    check_same(&r, &text, 4000);
    assert_int_equal(r.consumed, z.len);
    res_free(&r);
    /* tiny inputs: fewer than 4 bytes to peek */
    bytes tiny = {0};
    b_add(&tiny, "ab", 2);
    read_via_pipe(&r, &tiny, 5000);
    assert_string_equal(r.text.p, "ab\n");
    res_free(&r);
    b_free(&tiny);
    b_free(&text);
    b_free(&z);
}

/* ---- directories and input errors ---- */

static void test_directory(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/dir", tmp_dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    bytes z = {0};
    zframe(&z, "z1\nz2\n", 6, true);
    put("dir/b.jsonl", "b1\n", 3);
    put("dir/a.jsonl.zst", z.p, z.len);
    put("dir/c.zst", "c1\nc2\nc3", 8); /* plain text despite the name */
    put("dir/B.jsonl", "B1\n", 3);
    put("dir/d.txt", "no\n", 3);
    put("dir/.hidden.jsonl", "no\n", 3);
    put("dir/e.json", "no\n", 3);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sub.jsonl", dir);
    assert_int_equal(mkdir(sub, 0777), 0);

    nm_reader *rd = NULL;
    nm_err err = {0};
    const char *in[2] = {dir, tpath("p1.jsonl")};
    assert_int_equal(nm_reader_open(&rd, in, 2, NULL, &err), 0);
    assert_int_equal(nm_reader_input_count(rd), 5);
    const char *want[5] = {"dir/B.jsonl", "dir/a.jsonl.zst", "dir/b.jsonl", "dir/c.zst", "p1.jsonl"};
    for (size_t i = 0; i < 5; i++) {
        const char *p = nm_reader_input_path(rd, i);
        assert_non_null(p);
        assert_non_null(strstr(p, want[i]));
    }
    assert_null(nm_reader_input_path(rd, 5));
    assert_int_equal(nm_reader_input_bytes(rd, 1), z.len);
    nm_reader_free(rd);

    result r;
    read_all(&r, in, 2, 0, 0, 2);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.text.p, "B1\nz1\nz2\nb1\nc1\nc2\nc3\na\nbb\nccc\n");
    assert_int_equal(r.inp[0], 0);
    assert_int_equal(r.inp[2], 1);
    assert_int_equal(r.lno[2], 2);
    assert_int_equal(r.inp[6], 3);
    assert_int_equal(r.lno[6], 3);
    res_free(&r);
    b_free(&z);

    /* an empty directory (nothing matching) is an error naming it */
    char empty[512];
    snprintf(empty, sizeof empty, "%s/emptydir", tmp_dir);
    assert_int_equal(mkdir(empty, 0777), 0);
    put("emptydir/notes.txt", "x", 1);
    const char *in2[1] = {empty};
    read_all(&r, in2, 1, 0, 0, 1);
    assert_int_equal(r.rc, NM_EIO);
    assert_non_null(strstr(r.err.msg, empty));
    res_free(&r);
}

static void test_missing_input(void **state)
{
    (void)state;
    const char *in[2] = {tpath("p1.jsonl"), tpath("does-not-exist.jsonl")};
    result r;
    read_all(&r, in, 2, 0, 0, 1);
    assert_int_equal(r.rc, NM_EIO);
    assert_int_equal(r.err.code, NM_EIO);
    assert_non_null(strstr(r.err.msg, "does-not-exist.jsonl"));
    res_free(&r);
}

static void test_input_vanishes(void **state)
{
    (void)state;
    const char *a = put("gone1.jsonl", "g1\n", 3);
    const char *b = put("gone2.jsonl", "g2\n", 3);
    const char *c = put("gone3.jsonl", "g3\n", 3);
    const char *in[3] = {a, b, c};
    nm_reader *rd = NULL;
    nm_err err = {0};
    assert_int_equal(nm_reader_open(&rd, in, 3, NULL, &err), 0);
    assert_int_equal(unlink(b), 0);
    nm_chunk ch;
    memset(&ch, 0, sizeof ch);
    assert_int_equal(nm_reader_next(rd, &ch, &err), 1);
    assert_int_equal(ch.n_lines, 1);
    assert_int_equal(ch.input, 0);
    assert_int_equal(ch.n_events, 0);
    assert_int_equal(nm_reader_next(rd, &ch, &err), 1);
    assert_int_equal(ch.n_events, 1);
    assert_int_equal(ch.events[0].kind, NM_EV_INPUT_ERROR);
    assert_int_equal(ch.events[0].input, 1);
    assert_int_equal(ch.n_lines, 1); /* the next input's line, after the event */
    assert_int_equal(ch.input, 2);
    assert_memory_equal(ch.data, "g3\n", 3);
    assert_int_equal(nm_reader_next(rd, &ch, &err), 0);
    assert_int_equal(nm_reader_consumed_bytes(rd), nm_reader_total_bytes(rd));
    nm_chunk_free(&ch);
    nm_reader_free(rd);
    nm_reader_free(NULL);
}

/* ---- damage ---- */

static void test_corrupt_frame(void **state)
{
    (void)state;
    bytes text = {0}, z = {0};
    make_lines(&text, 3000, 6);
    /* frames at line ends: record where frame 5 starts and which lines it holds */
    size_t start = 0, frame = 0, k_off = 0, k_len = 0, first_lost = 0, n_lost = 0, line = 1;
    while (start < text.len) {
        size_t end = start, lines = 0;
        while (end < text.len && end - start < 5000) {
            end = (size_t)((const char *)memchr(text.p + end, '\n', text.len - end) - text.p) + 1;
            lines++;
        }
        const size_t before = z.len;
        zframe(&z, text.p + start, end - start, true);
        if (frame == 5) {
            k_off = before;
            k_len = z.len - before;
            first_lost = line;
            n_lost = lines;
        }
        frame++;
        line += lines;
        start = end;
    }
    assert_true(frame > 10);
    for (size_t i = 0; i < 8; i++) /* flip bytes in the middle of frame 5 */
        z.p[k_off + k_len / 2 + i] ^= 0x5A;
    const char *p = put("corrupt.frames.zst", z.p, z.len);
    result r;
    for (unsigned t = 1; t <= 2; t++) {
        read_one(&r, p, 4000, 1 << 20, t);
        assert_int_equal(count_kind(&r, NM_EV_DAMAGE), 1);
        assert_int_equal(r.n_ev, 1);
        assert_non_null(strstr(r.ev[0].msg, "corrupt zstd frame"));
        assert_int_equal(r.n_lines, 3000 - n_lost);
        assert_int_equal(lines_subset(&r, text.p), 3000 - n_lost);
        /* numbers are exact up to the damage and continue from the lines read */
        for (size_t i = 0; i < r.n_lines; i++)
            assert_int_equal(r.lno[i], i + 1);
        /* the line after the damage is the first line of frame 6 */
        char head[32];
        snprintf(head, sizeof head, "L%zu ", first_lost + n_lost);
        size_t off = 0;
        for (size_t i = 0; i < first_lost - 1; i++)
            off = (size_t)(strchr(r.text.p + off, '\n') - r.text.p) + 1;
        assert_memory_equal(r.text.p + off, head, strlen(head));
        res_free(&r);
    }
    /* the same file as a stream: one event, other frames intact */
    FILE *f = freopen(p, "rb", stdin);
    assert_non_null(f);
    read_one(&r, "-", 4000, 1 << 20, 1);
    assert_int_equal(count_kind(&r, NM_EV_DAMAGE), 1);
    assert_true(r.n_lines >= 3000 - n_lost && r.n_lines < 3000);
    assert_int_equal(lines_subset(&r, text.p), r.n_lines);
    res_free(&r);
    b_free(&text);
    b_free(&z);
}

static void test_corrupt_frame_mid_line(void **state)
{
    (void)state;
    bytes text = {0}, z = {0};
    make_lines(&text, 2000, 7);
    const size_t every = 3001; /* frames cut anywhere */
    zframes(&z, text.p, text.len, every);
    /* corrupt frame 3: find it by walking */
    size_t off = 0;
    for (int i = 0; i < 3; i++)
        off += ZSTD_findFrameCompressedSize(z.p + off, z.len - off);
    const size_t len = ZSTD_findFrameCompressedSize(z.p + off, z.len - off);
    z.p[off + len / 2] ^= 0x11;
    z.p[off + len / 2 + 1] ^= 0x22;
    const char *p = put("corrupt_mid.zst", z.p, z.len);
    result r;
    read_one(&r, p, 5000, 1 << 20, 2);
    assert_int_equal(count_kind(&r, NM_EV_DAMAGE), 1);
    if (text.p[3 * every - 1] != '\n') /* frame 3 starts inside a line */
        assert_non_null(strstr(r.ev[0].msg, "partial line"));
    /* everything before the lost frame is intact */
    const size_t keep = (size_t)((const char *)memrchr(text.p, '\n', 3 * every) - text.p) + 1;
    assert_memory_equal(r.text.p, text.p, keep);
    /* lines wholly before and after frame 3 are there; the next frame's
     * first bytes (the rest of a cut line) read as one broken line */
    assert_true(r.n_lines < 2000);
    assert_true(r.n_lines > 2000 - 40);
    assert_int_equal(r.text.p[r.text.len - 1], '\n');
    res_free(&r);
    b_free(&text);
    b_free(&z);
}

static void test_truncated(void **state)
{
    (void)state;
    bytes text = {0}, multi = {0}, single = {0};
    make_lines(&text, 3000, 8);
    zframes_lines(&multi, text.p, text.len, 20000, NULL);
    zframe(&single, text.p, text.len, false);
    size_t last = 0, off = 0;
    while (off < multi.len) {
        last = off;
        off += ZSTD_findFrameCompressedSize(multi.p + off, multi.len - off);
    }
    const size_t cut_multi = last + (multi.len - last) / 2;
    const char *pm = put("trunc.frames.zst", multi.p, cut_multi);
    const char *ps = put("trunc.single.zst", single.p, single.len * 2 / 3);
    result r;
    for (unsigned t = 1; t <= 2; t++) {
        read_one(&r, pm, 8000, 1 << 20, t);
        assert_int_equal(r.n_ev, 1);
        assert_int_equal(r.ev[0].kind, NM_EV_DAMAGE);
        assert_non_null(strstr(r.ev[0].msg, "truncated zstd frame at end of file"));
        assert_true(r.n_lines > 2500 && r.n_lines < 3000);
        /* a prefix of the input, whole lines only */
        assert_memory_equal(r.text.p, text.p, r.text.len);
        assert_int_equal(text.p[r.text.len - 1], '\n');
        for (size_t i = 0; i < r.n_lines; i++)
            assert_int_equal(r.lno[i], i + 1);
        res_free(&r);
    }
    read_one(&r, ps, 8000, 1 << 20, 1);
    assert_int_equal(r.n_ev, 1);
    assert_non_null(strstr(r.ev[0].msg, "truncated"));
    assert_true(r.n_lines > 1000 && r.n_lines < 3000);
    assert_memory_equal(r.text.p, text.p, r.text.len);
    assert_int_equal(text.p[r.text.len - 1], '\n');
    res_free(&r);
    FILE *f = freopen(ps, "rb", stdin);
    assert_non_null(f);
    read_one(&r, "-", 8000, 1 << 20, 1);
    assert_int_equal(r.n_ev, 1);
    assert_non_null(strstr(r.ev[0].msg, "truncated"));
    assert_memory_equal(r.text.p, text.p, r.text.len);
    res_free(&r);
    b_free(&text);
    b_free(&multi);
    b_free(&single);
}

static void test_random_and_bad_magic(void **state)
{
    (void)state;
    unsigned char rnd[5000];
    unsigned s = 99;
    for (size_t i = 0; i < sizeof rnd; i++) {
        s = s * 1103515245u + 12345u;
        rnd[i] = (unsigned char)(s >> 16);
    }
    rnd[0] = 'x'; /* no magic: plain text, whatever it holds */
    result r;
    read_one(&r, put("random.zst", rnd, sizeof rnd), 512, 1 << 20, 1);
    assert_int_equal(r.n_ev, 0);
    assert_true(r.text.len >= sizeof rnd);
    res_free(&r);
    /* the magic, then garbage: damage, no crash */
    memcpy(rnd, "\x28\xb5\x2f\xfd", 4);
    for (unsigned t = 1; t <= 2; t++) {
        read_one(&r, put("badmagic.zst", rnd, sizeof rnd), 512, 1 << 20, t);
        assert_true(count_kind(&r, NM_EV_DAMAGE) >= 1);
        res_free(&r);
    }
    FILE *f = freopen(tpath("badmagic.zst"), "rb", stdin);
    assert_non_null(f);
    read_one(&r, "-", 512, 1 << 20, 1);
    assert_true(count_kind(&r, NM_EV_DAMAGE) >= 1);
    res_free(&r);
    /* a good file with garbage appended: all lines, one damage event */
    bytes z = {0};
    zframe(&z, "g1\ng2\n", 6, true);
    b_add(&z, "garbage!", 8);
    read_one(&r, put("tailgarbage.zst", z.p, z.len), 512, 1 << 20, 1);
    assert_string_equal(r.text.p, "g1\ng2\n");
    assert_int_equal(r.n_ev, 1);
    assert_int_equal(r.ev[0].kind, NM_EV_DAMAGE);
    res_free(&r);
    b_free(&z);
}

static void test_long_line(void **state)
{
    (void)state;
    bytes text = {0};
    b_add(&text, "short\n", 6);
    for (int i = 0; i < 5000; i++)
        b_add(&text, "x", 1);
    b_add(&text, "\nok\n", 4);
    for (int i = 0; i < 300; i++)
        b_add(&text, "y", 1); /* over-long last line without '\n' */
    const char *p = put("long.jsonl", text.p, text.len);
    result r;
    read_one(&r, p, 64, 100, 1);
    assert_string_equal(r.text.p, "short\nok\n");
    assert_int_equal(r.n_lines, 2);
    assert_int_equal(r.lno[0], 1);
    assert_int_equal(r.lno[1], 3);
    assert_int_equal(r.n_ev, 2);
    assert_int_equal(r.ev[0].kind, NM_EV_BAD_LINE);
    assert_int_equal(r.ev[0].line, 2);
    assert_non_null(strstr(r.ev[0].msg, "line longer than --max-line (100 bytes)"));
    assert_int_equal(r.ev[1].line, 4);
    res_free(&r);
    /* exactly max_line bytes is fine */
    read_one(&r, put("exact.jsonl", "12345\n123456\n", 13), 0, 5, 1);
    assert_string_equal(r.text.p, "12345\n");
    assert_int_equal(r.ev[0].line, 2);
    res_free(&r);
    /* over-long lines spanning frames and input blocks */
    bytes big = {0}, z = {0};
    char *zs = malloc(3000000);
    assert_non_null(zs);
    memset(zs, 'z', 3000000);
    for (int k = 0; k < 3; k++) {
        b_add(&big, "head\n", 5);
        b_add(&big, zs, 3000000);
        b_add(&big, "\n", 1);
    }
    free(zs);
    b_add(&big, "tail\n", 5);
    zframes(&z, big.p, big.len, 100000);
    const char *in[2] = {put("long.zst", z.p, z.len), put("long2.jsonl", big.p, big.len)};
    read_all(&r, in, 2, 1000, 1 << 20, 2);
    assert_string_equal(r.text.p, "head\nhead\nhead\ntail\nhead\nhead\nhead\ntail\n");
    assert_int_equal(count_kind(&r, NM_EV_BAD_LINE), 6);
    assert_int_equal(r.ev[0].line, 2);
    assert_int_equal(r.ev[2].line, 6);
    assert_int_equal(r.lno[3], 7);
    assert_int_equal(r.ev[3].input, 1);
    res_free(&r);
    b_free(&z);
    b_free(&big);
    b_free(&text);
}

static void test_chunk_reuse_and_sizes(void **state)
{
    (void)state;
    bytes text = {0}, z = {0};
    make_lines(&text, 20000, 9);
    zframes(&z, text.p, text.len, 1 << 20);
    const char *in[3] = {put("r1.zst", z.p, z.len), put("r2.jsonl", text.p, text.len),
                         put("r3.zst", z.p, z.len)};
    result r;
    read_all(&r, in, 3, 1 << 16, 1 << 20, 2);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.n_lines, 60000);
    assert_int_equal(r.text.len, 3 * text.len);
    assert_int_equal(r.consumed, r.total);
    assert_int_equal(r.total, 2 * z.len + text.len);
    assert_int_equal(r.decompressed, 3 * text.len);
    assert_int_equal(r.lno[40000], 1);
    assert_int_equal(r.inp[40000], 2);
    res_free(&r);
    b_free(&text);
    b_free(&z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_final_newline),
        cmocka_unit_test(test_plain_no_final_newline),
        cmocka_unit_test(test_blank_lines_kept),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_plain_small_chunks),
        cmocka_unit_test(test_zstd_one_frame),
        cmocka_unit_test(test_zstd_many_frames),
        cmocka_unit_test(test_zstd_skippable),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_missing_input),
        cmocka_unit_test(test_input_vanishes),
        cmocka_unit_test(test_corrupt_frame),
        cmocka_unit_test(test_corrupt_frame_mid_line),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_random_and_bad_magic),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_chunk_reuse_and_sizes),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
