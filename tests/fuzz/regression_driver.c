/* regression_driver.c: replays fuzz inputs through a libFuzzer target as an
 * ordinary program, so every build (gcc included, no libFuzzer) runs each
 * target's corpus as a ctest case.
 *
 * Usage: <target>_replay PATH...
 * Each PATH is a file or a directory; a directory is walked recursively and
 * its regular files are run in byte-wise sorted order, so runs are
 * repeatable. Every input is read whole and handed to LLVMFuzzerTestOneInput
 * once (LLVMFuzzerInitialize is not called: targets here do not define it).
 * A target reports a failure by crashing or aborting, as under libFuzzer.
 * Exits 1 when a path is missing or unreadable or a directory holds no
 * input, since a replay that ran nothing would pass without testing. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one file. Returns 0, or -1 (with a message) if it cannot be read. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "regression_driver: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        uint8_t *nb = realloc(buf, cap * 2);
        if (nb == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    const int bad = buf == NULL || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "regression_driver: cannot read %s\n", path);
        return -1;
    }
    /* An exact-size copy lets ASan catch reads past the input. */
    uint8_t *data = malloc(len ? len : 1);
    if (data == NULL) {
        free(buf);
        return -1;
    }
    memcpy(data, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

/* Runs path (file or directory); adds the inputs run to *count. */
static int run_path(const char *path, size_t *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "regression_driver: %s does not exist\n", path);
        return -1;
    }
    if (S_ISREG(st.st_mode)) {
        if (run_file(path) != 0)
            return -1;
        (*count)++;
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return 0;

    DIR *d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "regression_driver: cannot open directory %s\n", path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (nn == NULL) {
                rc = -1;
                break;
            }
            names = nn;
        }
        const size_t sz = strlen(path) + strlen(e->d_name) + 2;
        if ((names[n] = malloc(sz)) == NULL) {
            rc = -1;
            break;
        }
        snprintf(names[n++], sz, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (rc == 0 && n > 0)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = run_path(names[i], count);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        size_t count = 0;
        if (run_path(argv[i], &count) != 0)
            return 1;
        if (count == 0) {
            fprintf(stderr, "regression_driver: no inputs in %s\n", argv[i]);
            return 1;
        }
        total += count;
    }
    printf("regression_driver: ran %zu inputs\n", total);
    return 0;
}
