/* test_pack.c: nm_pack (nm_engine.h): the output holds the input's lines
 * unchanged, in frames of at most frame_size bytes cut at line ends (a longer
 * line alone), each with content size and checksum; it decodes as one zstd
 * stream and reads back through the reader as multi-frame. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "newsmill/nm_engine.h"
#include "reader.h"

#define TMPDIR_FIXTURE_NAME "test_pack"
#include "tmpdir_fixture.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    const long n = ftell(f);
    assert_true(n >= 0);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* Lines of varied length, with one much longer than the frame size. */
static char *make_text(size_t n_lines, size_t long_at, size_t long_len, size_t *len)
{
    size_t cap = n_lines * 200 + long_len + 64, n = 0;
    char *p = malloc(cap);
    assert_non_null(p);
    unsigned s = 7;
    for (size_t i = 1; i <= n_lines; i++) {
        n += (size_t)snprintf(p + n, cap - n, "{\"id\":\"%zu\",\"text\":\"", i);
        s = s * 1103515245u + 12345u;
        const size_t k = i == long_at ? long_len : (s >> 16) % 150;
        for (size_t j = 0; j < k; j++)
            p[n++] = (char)('a' + (i + j) % 26);
        n += (size_t)snprintf(p + n, cap - n, "\"}\n");
    }
    *len = n;
    return p;
}

/* Decodes every frame on its own and checks its framing. */
static void check_frames(const char *z, size_t zlen, const char *text, size_t text_len,
                         size_t frame_size, size_t *n_frames)
{
    size_t off = 0, out = 0, frames = 0;
    while (off < zlen) {
        const size_t cs = ZSTD_findFrameCompressedSize(z + off, zlen - off);
        assert_false(ZSTD_isError(cs));
        const unsigned long long ds = ZSTD_getFrameContentSize(z + off, cs);
        assert_true(ds != ZSTD_CONTENTSIZE_UNKNOWN && ds != ZSTD_CONTENTSIZE_ERROR);
        /* Frame_Header_Descriptor bit 2: Content_Checksum_flag */
        assert_int_equal(((unsigned char)z[off + 4] >> 2) & 1, 1);
        char *d = malloc(ds + 1);
        assert_non_null(d);
        assert_int_equal(ZSTD_decompress(d, ds + 1, z + off, cs), ds);
        assert_true(out + ds <= text_len);
        assert_memory_equal(d, text + out, ds);
        if (ds > 0) {
            assert_int_equal(d[ds - 1], '\n'); /* cut at a line end */
            if (ds > frame_size) /* only a single over-long line */
                assert_ptr_equal(memchr(d, '\n', ds), d + ds - 1);
        }
        /* the next line would not have fitted */
        if (out + ds < text_len && ds <= frame_size) {
            const char *nl = memchr(text + out + ds, '\n', text_len - out - ds);
            assert_non_null(nl);
            assert_true(ds + (size_t)(nl - (text + out + ds)) + 1 > frame_size);
        }
        free(d);
        out += ds;
        off += cs;
        frames++;
    }
    assert_int_equal(out, text_len);
    *n_frames = frames;
}


static void test_pack_roundtrip(void **state)
{
    (void)state;
    size_t len;
    char *text = make_text(3000, 1234, 20000, &len);
    const char *in_path = put("in.jsonl", text, len);
    const char *out_path = tpath("out.jsonl.zst");
    const char *inputs[1] = {in_path};
    for (unsigned threads = 1; threads <= 3; threads++) {
        nm_pack_config cfg = {.inputs = inputs, .n_inputs = 1, .out_path = out_path,
                              .frame_size = 4096, .level = 3, .threads = threads, .quiet = true};
        nm_err err = {0};
        assert_int_equal(nm_pack(&cfg, &err), 0);
        size_t zlen;
        char *z = slurp(out_path, &zlen);
        size_t frames = 0;
        check_frames(z, zlen, text, len, 4096, &frames);
        assert_true(frames > (len - 20000) / 4096); /* full frames, one long line alone */

        /* one stream for a plain decoder */
        char *d = malloc(len + 1);
        assert_non_null(d);
        assert_int_equal(ZSTD_decompress(d, len + 1, z, zlen), len);
        assert_memory_equal(d, text, len);
        free(d);
        free(z);

        /* and the same lines through the reader, numbered 1.. */
        nm_reader *r = NULL;
        const char *rin[1] = {out_path};
        nm_reader_opts o = {.chunk_bytes = 10000, .max_line = 1 << 20, .threads = 2};
        assert_int_equal(nm_reader_open(&r, rin, 1, &o, &err), 0);
        nm_chunk c;
        memset(&c, 0, sizeof c);
        size_t got = 0;
        uint64_t next = 1;
        while (nm_reader_next(r, &c, &err) == 1) {
            assert_int_equal(c.n_events, 0);
            assert_int_equal(c.first_line, next);
            next += c.n_lines;
            assert_true(got + c.len <= len);
            assert_memory_equal(c.data, text + got, c.len);
            got += c.len;
        }
        assert_int_equal(got, len);
        assert_int_equal(next, 3001);
        nm_chunk_free(&c);
        nm_reader_free(r);
    }
    /* no temporary file is left behind */
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out_path, (long)getpid());
    assert_int_not_equal(access(tmp, F_OK), 0);
    free(text);
}

static void test_pack_zstd_input_and_stdout(void **state)
{
    (void)state;
    size_t len;
    char *text = make_text(500, 0, 0, &len);
    /* input: one zstd frame without the final newline, in a directory */
    char dir[512];
    snprintf(dir, sizeof dir, "%s/indir", tmp_dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    const size_t bound = ZSTD_compressBound(len);
    char *z = malloc(bound);
    assert_non_null(z);
    const size_t zl = ZSTD_compress(z, bound, text, len - 1, 1);
    assert_false(ZSTD_isError(zl));
    put("indir/a.jsonl.zst", z, zl);
    free(z);

    const char *out_path = tpath("stdout.zst");
    const char *inputs[1] = {dir};
    nm_pack_config cfg = {.inputs = inputs, .n_inputs = 1, .out_path = "-",
                          .frame_size = 0, .level = 0, .threads = 2, .quiet = true};
    nm_err err = {0};
    fflush(stdout);
    const int saved = dup(STDOUT_FILENO);
    const int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(saved >= 0 && fd >= 0);
    assert_true(dup2(fd, STDOUT_FILENO) >= 0);
    close(fd);
    const int rc = nm_pack(&cfg, &err);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    assert_int_equal(rc, 0);
    size_t olen;
    char *o = slurp(out_path, &olen);
    size_t frames;
    check_frames(o, olen, text, len, (size_t)1 << 20, &frames); /* newline restored */
    assert_int_equal(frames, 1);
    free(o);
    free(text);
}

static void test_pack_empty_and_errors(void **state)
{
    (void)state;
    const char *in_path = put("empty.jsonl", "", 0);
    const char *out_path = tpath("empty.zst");
    const char *inputs[1] = {in_path};
    nm_pack_config cfg = {.inputs = inputs, .n_inputs = 1, .out_path = out_path, .quiet = true,
                          .threads = 1, .level = 1};
    nm_err err = {0};
    assert_int_equal(nm_pack(&cfg, &err), 0);
    size_t zlen;
    char *z = slurp(out_path, &zlen);
    assert_true(zlen > 0);
    char d[4];
    assert_int_equal(ZSTD_decompress(d, sizeof d, z, zlen), 0); /* a valid, empty stream */
    free(z);

    /* a missing input: an error naming it, no output */
    const char *bad[1] = {tpath("missing.jsonl")};
    const char *out2 = tpath("never.zst");
    nm_pack_config c2 = {.inputs = bad, .n_inputs = 1, .out_path = out2, .quiet = true};
    nm_err e2 = {0};
    assert_int_equal(nm_pack(&c2, &e2), NM_EIO);
    assert_non_null(strstr(e2.msg, "missing.jsonl"));
    assert_int_not_equal(access(out2, F_OK), 0);

    /* an unwritable output: an error naming it */
    nm_pack_config c3 = {.inputs = inputs, .n_inputs = 1,
                         .out_path = "/nonexistent-dir/x/out.zst", .quiet = true};
    nm_err e3 = {0};
    assert_int_equal(nm_pack(&c3, &e3), NM_EIO);
    assert_non_null(strstr(e3.msg, "/nonexistent-dir/x/out.zst"));

    /* damaged input: what is readable is written, and the call succeeds */
    size_t len;
    char *text = make_text(200, 0, 0, &len);
    const size_t bound = ZSTD_compressBound(len);
    char *zz = malloc(bound);
    assert_non_null(zz);
    const size_t zl = ZSTD_compress(zz, bound, text, len, 1);
    const char *trunc = put("trunc.zst", zz, zl / 2);
    const char *ins[2] = {trunc, in_path};
    nm_pack_config c4 = {.inputs = ins, .n_inputs = 2, .out_path = tpath("fromtrunc.zst"),
                         .quiet = true, .threads = 2, .level = 1};
    nm_err e4 = {0};
    assert_int_equal(nm_pack(&c4, &e4), 0);
    free(zz);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_roundtrip),
        cmocka_unit_test(test_pack_zstd_input_and_stdout),
        cmocka_unit_test(test_pack_empty_and_errors),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
