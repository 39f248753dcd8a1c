/* ngram_spill.c: spilling counting tables to disk and reading them back.
 *
 * A spill writes every table of a counter, partition by partition, as one
 * run appended to the counter's (unlinked) temporary file, remembers where
 * each (n, partition) segment lies, and frees the tables. Entries are
 * written as they lie in the table, unsorted: the final aggregation reads
 * back one partition at a time from every run and folds it into that
 * partition's table, so a spill costs one sequential write and one read.
 * The small file helpers shared with the sorted-run files are here too. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ngram_internal.h"

#define NGR_SPILL_BUF (1u << 16)

static int spill_flush(ngr_counter *c, uint32_t *buf, size_t *fill, nm_err *err)
{
    if (*fill == 0)
        return 0;
    const size_t bytes = *fill * sizeof *buf;
    if (ngr_write_all(c->fd, buf, bytes) != 0)
        return nm_err_set(err, NM_EIO, "ngrams: cannot write a spill file in %s (disk full?)",
                          c->tmp_dir ? c->tmp_dir : "the temporary directory");
    c->fd_end += bytes;
    *fill = 0;
    return 0;
}

int ngr_counter_spill(ngr_counter *c, nm_err *err)
{
    if (c->fd < 0) {
        if (c->n_fds == c->cap_fds) {
            const size_t cap = c->cap_fds ? c->cap_fds * 2 : 4;
            int *f = realloc(c->fds, cap * sizeof *f);
            if (f == NULL)
                return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
            c->fds = f;
            c->cap_fds = cap;
        }
        const int fd = ngr_tmpfile(c->ctx, c->tmp_dir, "spill", err);
        if (fd < 0)
            return fd;
        c->fd = fd;
        c->fd_end = 0;
        c->fds[c->n_fds++] = fd;
    }
    if (c->n_runs == c->cap_runs) {
        const size_t cap = c->cap_runs ? c->cap_runs * 2 : 8;
        ngr_run **r = realloc(c->runs, cap * sizeof *r);
        if (r == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        c->runs = r;
        c->cap_runs = cap;
    }
    ngr_run *run = calloc(1, sizeof *run);
    uint32_t *buf = malloc(NGR_SPILL_BUF * sizeof *buf);
    if (run == NULL || buf == NULL) {
        free(run);
        free(buf);
        return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
    }
    run->fd = c->fd;
    size_t fill = 0;
    int rc = 0;
    for (unsigned n = c->min_n; n <= c->max_n && rc == 0; n++) {
        const unsigned w = n + 2;
        for (unsigned p = 0; p < NGR_PARTS && rc == 0; p++) {
            run->off[n - 1][p] = c->fd_end + fill * sizeof *buf;
            uint64_t cnt = 0;
            /* The state's own table, then those of states merged into it. */
            for (size_t x = 0; x <= c->n_extra && rc == 0; x++) {
                const ngr_table *t = x == 0 ? &c->tab[n - 1][p] : &c->extra[x - 1]->tab[n - 1][p];
                cnt += t->used;
                for (uint32_t i = 0; i < t->cap && rc == 0; i++) {
                    const uint32_t *e = t->slot + (size_t)i * w;
                    if (e[n] == 0)
                        continue;
                    if (fill + w > NGR_SPILL_BUF)
                        rc = spill_flush(c, buf, &fill, err);
                    memcpy(buf + fill, e, w * sizeof *e);
                    fill += w;
                }
            }
            if (cnt > UINT32_MAX) {
                rc = nm_err_set(err, NM_ENOMEM, "ngrams: a spill segment is too large");
                break;
            }
            run->cnt[n - 1][p] = (uint32_t)cnt;
        }
    }
    if (rc == 0)
        rc = spill_flush(c, buf, &fill, err);
    free(buf);
    if (rc != 0) {
        free(run);
        return rc;
    }
    c->runs[c->n_runs++] = run;
    ngr_mem_force(c->ctx, sizeof *run);
    /* Free the tables: the next growth starts small again. Their memory
     * leaves the bank too: the run is over budget, and the chunk bank is
     * for reuse, not for holding memory beside the tables that follow. */
    ngr_counter_free_tables(c);
    ngr_pages_trim(&c->ctx->pages);
    c->spills++;
    return 0;
}

int ngr_counter_load_runs(ngr_counter *c, unsigned n, unsigned p, nm_err *err)
{
    const unsigned w = n + 2;
    enum { CHUNK = 8192 };  /* entries per read */
    uint32_t *buf = NULL;
    int rc = 0;
    for (size_t r = 0; r < c->n_runs && rc == 0; r++) {
        const ngr_run *run = c->runs[r];
        uint64_t left = run->cnt[n - 1][p];
        uint64_t off = run->off[n - 1][p];
        if (left == 0)
            continue;
        if (buf == NULL && (buf = malloc((size_t)CHUNK * w * sizeof *buf)) == NULL)
            return nm_err_set(err, NM_ENOMEM, "ngrams: out of memory");
        rc = ngr_counter_reserve(c, n, p, left, err);
        if (rc != 0)
            break;
        while (left > 0 && rc == 0) {
            const size_t k = left < CHUNK ? (size_t)left : CHUNK;
            if (ngr_pread_all(run->fd, buf, k * w * sizeof *buf, off) != 0) {
                rc = nm_err_set(err, NM_EIO, "ngrams: cannot read back a spill file");
                break;
            }
            for (size_t i = 0; i < k && rc == 0; i++) {
                const uint32_t *e = buf + i * w;
                rc = ngr_counter_add(c, n, e, e[n], e[n + 1], e[n] == NGR_SENTINEL, err);
            }
            off += k * w * sizeof *buf;
            left -= k;
        }
    }
    free(buf);
    return rc;
}

/* ---- files ----------------------------------------------------------------- */

int ngr_tmpfile(ngr_ctx *ctx, const char *dir, const char *what, nm_err *err)
{
    if (dir == NULL || dir[0] == '\0') {
        dir = getenv("TMPDIR");
        if (dir == NULL || dir[0] == '\0')
            dir = "/tmp";
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        char path[4096];
        const unsigned seq = atomic_fetch_add(&ctx->file_seq, 1u);
        const int len = snprintf(path, sizeof path, "%s/ngrams-%ld-%u.%s", dir, (long)getpid(), seq,
                                 what);
        if (len < 0 || (size_t)len >= sizeof path)
            return nm_err_set(err, NM_EIO, "ngrams: temporary directory path too long: %s", dir);
        const int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            unlink(path); /* gone from the directory; lives while open */
            return fd;
        }
        if (errno != EEXIST)
            return nm_err_set(err, NM_EIO, "ngrams: cannot create a spill file in %s: %s", dir,
                              strerror(errno));
    }
    return nm_err_set(err, NM_EIO, "ngrams: cannot create a spill file in %s", dir);
}

int ngr_write_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        const ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

int ngr_pread_all(int fd, void *p, size_t n, uint64_t off)
{
    char *s = p;
    while (n > 0) {
        const ssize_t r = pread(fd, s, n, (off_t)off);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            return -1;
        s += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}
