/* out_file.c: write-then-rename output files (see out_file.h). */
#include "out_file.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *nm_path_join(const char *dir, const char *name)
{
    const size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p == NULL)
        return NULL;
    memcpy(p, dir, a);
    size_t n = a;
    if (n && p[n - 1] != '/')
        p[n++] = '/';
    memcpy(p + n, name, b + 1);
    return p;
}

int nm_out_mkdirs(const char *dir, nm_err *err)
{
    char *path = strdup(dir);
    if (path == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    for (char *p = path + 1;; p++) {
        const char c = *p;
        if (c != '/' && c != '\0')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            const int e = errno;
            nm_err_set(err, NM_EIO, "cannot create output directory %s: %s", path, strerror(e));
            free(path);
            return NM_EIO;
        }
        *p = c;
        if (c == '\0')
            break;
    }
    free(path);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return nm_err_set(err, NM_EIO, "output path %s is not a directory; choose another with -o", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return nm_err_set(err, NM_EIO, "output directory %s is not writable; choose another with -o",
                          dir);
    return 0;
}

int nm_out_open(nm_out *o, const char *dir, const char *name, nm_err *err)
{
    memset(o, 0, sizeof *o);
    o->path = nm_path_join(dir, name);
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".tmp-%ld", (long)getpid());
    if (o->path)
        o->tmp_path = malloc(strlen(o->path) + strlen(suffix) + 1);
    if (o->tmp_path == NULL) {
        nm_out_discard(o);
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    }
    strcpy(o->tmp_path, o->path);
    strcat(o->tmp_path, suffix);
    o->f = fopen(o->tmp_path, "wb");
    if (o->f == NULL) {
        const int e = errno;
        nm_err_set(err, NM_EIO, "cannot write %s: %s", o->tmp_path, strerror(e));
        nm_out_discard(o);
        return NM_EIO;
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 20);
    return 0;
}

int nm_out_commit(nm_out *o, nm_err *err)
{
    int rc = 0;
    if (o->f) {
        const bool failed = ferror(o->f) != 0;
        const int e = errno;
        if (fclose(o->f) != 0 || failed) {
            rc = nm_err_set(err, NM_EIO, "cannot write %s: %s", o->path, strerror(errno ? errno : e));
        }
        o->f = NULL;
    }
    if (rc == 0 && o->tmp_path && rename(o->tmp_path, o->path) != 0)
        rc = nm_err_set(err, NM_EIO, "cannot rename %s to %s: %s", o->tmp_path, o->path,
                        strerror(errno));
    if (rc != 0 && o->tmp_path)
        unlink(o->tmp_path);
    free(o->tmp_path);
    free(o->path);
    memset(o, 0, sizeof *o);
    return rc;
}

void nm_out_discard(nm_out *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp_path)
        unlink(o->tmp_path);
    free(o->tmp_path);
    free(o->path);
    memset(o, 0, sizeof *o);
}

void nm_rmdir_flat(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        const struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = nm_path_join(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}
