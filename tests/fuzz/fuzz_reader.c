/* fuzz_reader.c: libFuzzer target for the reader (engine/src/reader.h).
 * The input is put in an in-memory file and read twice, once by path (the
 * mapped, parallel frame path) and once as standard input (the streaming
 * path), with tiny chunks and max_line so every boundary case is reached.
 * Whatever the bytes, reading must end without a crash, leak or error, and
 * every chunk must hold whole, correctly numbered lines; plain text must come
 * back unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHUNK 64
#define MAX_LINE 256

/* A broken invariant aborts, naming itself, as a fuzz finding. */
#define check(ok)                                                                   \
    do {                                                                            \
        if (!(ok)) {                                                                \
            fprintf(stderr, "fuzz_reader: %s:%d: %s\n", __FILE__, __LINE__, #ok);   \
            abort();                                                                \
        }                                                                           \
    } while (0)

static bool looks_zstd(const uint8_t *d, size_t n)
{
    if (n < 4)
        return false;
    const uint32_t m = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
                       (uint32_t)d[3] << 24;
    return m == 0xFD2FB528u || (m & 0xFFFFFFF0u) == 0x184D2A50u;
}

static void read_and_check(const char *path, const uint8_t *data, size_t size, unsigned threads)
{
    const char *in[1] = {path};
    nm_reader_opts o = {.chunk_bytes = CHUNK, .max_line = MAX_LINE, .threads = threads};
    nm_reader *r = NULL;
    nm_err err = {0};
    check(nm_reader_open(&r, in, 1, &o, &err) == 0);
    nm_chunk c;
    memset(&c, 0, sizeof c);
    const bool plain = !looks_zstd(data, size);
    uint64_t expect = 1, events = 0;
    size_t pos = 0; /* plain: how much of the input the lines matched */
    bool same = true;
    int rc;
    while ((rc = nm_reader_next(r, &c, &err)) == 1) {
        check(c.n_lines > 0 || c.n_events > 0);
        for (size_t i = 0; i < c.n_events; i++) {
            const nm_read_event *e = &c.events[i];
            check(e->input == 0);
            check(memchr(e->msg, '\0', sizeof e->msg) != NULL);
            if (e->kind == NM_EV_BAD_LINE)
                check(e->line == expect++);
            events++;
        }
        if (c.n_lines == 0) {
            check(c.len == 0);
            continue;
        }
        check(c.input == 0);
        check(c.first_line == expect);
        check(c.len > 0 && c.data[c.len - 1] == '\n');
        check(c.len <= CHUNK + MAX_LINE + 1);
        uint64_t nl = 0;
        for (size_t i = 0; i < c.len; i++)
            nl += c.data[i] == '\n';
        check(nl == c.n_lines);
        expect += c.n_lines;
        if (plain && same) {
            /* the last line may have gained its '\n' */
            const size_t body = pos + c.len <= size ? c.len : c.len - 1;
            same = pos + body <= size && memcmp(c.data, data + pos, body) == 0;
            pos += body;
        }
    }
    check(rc == 0);
    check(c.n_lines == 0 && c.n_events == 0);
    if (plain && events == 0)
        check(same && pos == size);
    if (strcmp(path, "-") != 0)
        check(nm_reader_consumed_bytes(r) == nm_reader_total_bytes(r));
    nm_chunk_free(&c);
    nm_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int fd = memfd_create("fuzz_reader", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t off = 0;
    while (off < size) {
        const ssize_t k = write(fd, data + off, size - off);
        if (k <= 0) {
            close(fd);
            return 0;
        }
        off += (size_t)k;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    read_and_check(path, data, size, 2);

    /* the same bytes as standard input: streamed, never mapped */
    const int saved = dup(STDIN_FILENO);
    if (saved >= 0 && lseek(fd, 0, SEEK_SET) == 0 && dup2(fd, STDIN_FILENO) >= 0) {
        read_and_check("-", data, size, 1);
        dup2(saved, STDIN_FILENO);
    }
    if (saved >= 0)
        close(saved);
    close(fd);
    return 0;
}
