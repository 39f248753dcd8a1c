/* input_list.c: expands the run's inputs into the list the reader reads.
 *
 * Directories become the *.jsonl.zst, *.zst and *.jsonl regular files directly
 * inside them (not recursive, dot files skipped as a shell glob would), sorted
 * by name bytewise so the reading order never depends on the file system.
 * Everything is checked up front, so a typo fails the run before any work. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out_file.h"
#include "reader_impl.h"

typedef struct name_list {
    char **v;
    uint64_t *sizes;
    size_t n, cap;
    bool unknown;
} name_list;

static int list_push(name_list *l, char *path, uint64_t size)
{
    if (l->n == l->cap) {
        const size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return NM_ENOMEM;
        l->v = v;
        uint64_t *s = realloc(l->sizes, cap * sizeof *s);
        if (s == NULL)
            return NM_ENOMEM;
        l->sizes = s;
        l->cap = cap;
    }
    l->v[l->n] = path;
    l->sizes[l->n] = size;
    l->n++;
    return 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
    const size_t a = strlen(s), b = strlen(suffix);
    return a > b && memcmp(s + a - b, suffix, b) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Opening a regular file is the honest readability test (it also catches
 * ACLs and read-only mounts that access() misjudges). A pipe or FIFO is only
 * checked with access(): opening one could block for a writer, and closing
 * the only reader would make its writer fail. */
static int check_readable(const char *path, bool regular, nm_err *err)
{
    if (!regular) {
        if (access(path, R_OK) != 0)
            return nm_err_set(err, NM_EIO, "cannot read input %s: %s; check its permissions",
                              path, strerror(errno));
        return 0;
    }
    const int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return nm_err_set(err, NM_EIO, "cannot read input %s: %s; check its permissions", path,
                          strerror(errno));
    close(fd);
    return 0;
}

static int expand_dir(name_list *l, const char *dir, nm_err *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return nm_err_set(err, NM_EIO, "cannot read input directory %s: %s; check its permissions",
                          dir, strerror(errno));
    name_list found = {0};
    int rc = 0;
    const struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (name[0] == '.' || !(has_suffix(name, ".zst") || has_suffix(name, ".jsonl")))
            continue;
        char *path = nm_path_join(dir, name);
        if (path == NULL) {
            rc = nm_err_set(err, NM_ENOMEM, "out of memory");
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        rc = check_readable(path, true, err);
        if (rc == 0 && list_push(&found, path, (uint64_t)st.st_size) != 0)
            rc = nm_err_set(err, NM_ENOMEM, "out of memory");
        if (rc != 0)
            free(path);
    }
    closedir(d);
    if (rc == 0 && found.n == 0)
        rc = nm_err_set(err, NM_EIO,
                        "input directory %s has no *.jsonl.zst, *.zst or *.jsonl files; "
                        "name the files or another directory",
                        dir);
    if (rc == 0) {
        /* Sort the names alone and stat again for the sizes: simpler than
         * sorting pairs, and a directory listing is small. */
        qsort(found.v, found.n, sizeof *found.v, cmp_str);
        for (size_t i = 0; i < found.n && rc == 0; i++) {
            struct stat st;
            const uint64_t size = stat(found.v[i], &st) == 0 ? (uint64_t)st.st_size : 0;
            if (list_push(l, found.v[i], size) != 0)
                rc = nm_err_set(err, NM_ENOMEM, "out of memory");
            else
                found.v[i] = NULL;
        }
    }
    for (size_t i = 0; i < found.n; i++)
        free(found.v[i]);
    free(found.v);
    free(found.sizes);
    return rc;
}

int nm_rd_inputs_expand(nm_rd_inputs *out, const char *const *inputs, size_t n_inputs,
                        nm_err *err)
{
    memset(out, 0, sizeof *out);
    name_list l = {0};
    int rc = 0;
    if (n_inputs == 0)
        rc = nm_err_set(err, NM_EUSAGE, "no input given; name files, directories or - for stdin");
    for (size_t i = 0; i < n_inputs && rc == 0; i++) {
        const char *p = inputs[i];
        if (p == NULL || p[0] == '\0') {
            rc = nm_err_set(err, NM_EIO, "empty input path; name a file, a directory or -");
            break;
        }
        if (strcmp(p, "-") == 0) {
            l.unknown = true;
            char *s = strdup("-");
            if (s == NULL || list_push(&l, s, 0) != 0) {
                free(s);
                rc = nm_err_set(err, NM_ENOMEM, "out of memory");
            }
            continue;
        }
        struct stat st;
        if (stat(p, &st) != 0) {
            rc = nm_err_set(err, NM_EIO, "cannot open input %s: %s; check the path", p,
                            strerror(errno));
            break;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = expand_dir(&l, p, err);
            continue;
        }
        rc = check_readable(p, S_ISREG(st.st_mode), err);
        if (rc != 0)
            break;
        if (!S_ISREG(st.st_mode))
            l.unknown = true;
        char *s = strdup(p);
        if (s == NULL || list_push(&l, s, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0) != 0) {
            free(s);
            rc = nm_err_set(err, NM_ENOMEM, "out of memory");
        }
    }
    if (rc != 0) {
        for (size_t i = 0; i < l.n; i++)
            free(l.v[i]);
        free(l.v);
        free(l.sizes);
        return rc;
    }
    out->paths = l.v;
    out->sizes = l.sizes;
    out->n = l.n;
    out->unknown_size = l.unknown;
    return 0;
}

void nm_rd_inputs_free(nm_rd_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    free(in->sizes);
    memset(in, 0, sizeof *in);
}
