/* text_util.c: white space by Python's definition, trimming, reading whole
 * files (see nm_text.h). */
#include "newsmill/nm_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t nm_text_space_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    const unsigned char c = s[0];
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ? 1 : 0;
    if (c == 0xc2 && n >= 2)
        return s[1] == 0x85 || s[1] == 0xa0 ? 2 : 0;
    if (n < 3)
        return 0;
    if (c == 0xe1)
        return s[1] == 0x9a && s[2] == 0x80 ? 3 : 0;
    if (c == 0xe2) {
        if (s[1] == 0x80)
            return s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf ? 3 : 0;
        return s[1] == 0x81 && s[2] == 0x9f ? 3 : 0;
    }
    if (c == 0xe3)
        return s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
    return 0;
}

size_t nm_text_space_before(const char *s, size_t len)
{
    for (size_t k = 1; k <= 3 && k <= len; k++) {
        const unsigned char c = (unsigned char)s[len - k];
        if (k < 3 && c >= 0x80 && c < 0xc0)
            continue; /* a continuation byte: the code point starts further back */
        return nm_text_space_at(s + len - k, k) == k ? k : 0;
    }
    return 0;
}

const char *nm_text_strip(const char *s, size_t *len)
{
    size_t n = *len, k;
    while (n > 0 && (k = nm_text_space_at(s, n)) > 0) {
        s += k;
        n -= k;
    }
    while (n > 0 && (k = nm_text_space_before(s, n)) > 0)
        n -= k;
    *len = n;
    return s;
}

int nm_file_read_all(const char *path, const char *what, char **data, size_t *len, nm_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return nm_err_set(err, NM_EIO, "cannot read %s %s: %s", what, path, strerror(errno));
    char *buf = NULL;
    size_t used = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (used + 1 >= cap) {
            cap = cap ? cap * 2 : 1 << 16;
            char *nb = realloc(buf, cap);
            if (nb == NULL) {
                rc = nm_err_set(err, NM_ENOMEM, "out of memory reading %s %s", what, path);
                break;
            }
            buf = nb;
        }
        const size_t got = fread(buf + used, 1, cap - used - 1, f);
        used += got;
        if (got == 0) {
            if (ferror(f))
                rc = nm_err_set(err, NM_EIO, "cannot read %s %s: read error", what, path);
            break;
        }
    }
    fclose(f);
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}
