/* days.c: day keys and per-day record tables (see nm_days.h). */
#include "newsmill/nm_days.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

uint32_t nm_day_key(const char *d, size_t len)
{
    if (d == NULL || len < 10 || !digit(d[0]) || !digit(d[1]) || !digit(d[2]) || !digit(d[3]) ||
        d[4] != '-' || !digit(d[5]) || !digit(d[6]) || d[7] != '-' || !digit(d[8]) ||
        !digit(d[9]) || (len > 10 && digit(d[10])))
        return 0;
    const uint32_t y = (uint32_t)((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
                                  (d[3] - '0'));
    const uint32_t m = (uint32_t)((d[5] - '0') * 10 + (d[6] - '0'));
    const uint32_t day = (uint32_t)((d[8] - '0') * 10 + (d[9] - '0'));
    if (m < 1 || m > 12 || day < 1 || day > 31 || y == 0)
        return 0;
    return y * 10000 + m * 100 + day;
}

bool nm_day_key_valid(uint64_t key)
{
    if (key == 0)
        return true;
    const uint64_t y = key / 10000, m = key / 100 % 100, d = key % 100;
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int nm_day_key_cmp(uint32_t a, uint32_t b)
{
    const uint32_t x = a - 1u, y = b - 1u; /* 0 wraps to the largest: undated last */
    return x < y ? -1 : x > y;
}

void nm_jw_day(nm_jw *w, uint32_t key)
{
    if (key == 0) {
        nm_jw_null(w);
        return;
    }
    char date[11] = "0000-00-00";
    const uint32_t parts[3] = {key / 10000, key / 100 % 100, key % 100};
    const int ends[3] = {3, 6, 9};
    for (int p = 0; p < 3; p++)
        for (uint32_t v = parts[p], i = 0; i < (p == 0 ? 4u : 2u); i++, v /= 10)
            date[ends[p] - (int)i] = (char)('0' + v % 10);
    nm_jw_string(w, date, 10);
}

static size_t key_home(uint32_t key, size_t mask)
{
    return (size_t)((key * 0x9E3779B1u) >> 8) & mask;
}

void *nm_day_table_at(const nm_day_table *t, size_t i)
{
    return t->recs + i * t->rec_size;
}

static uint32_t rec_key(const nm_day_table *t, size_t i)
{
    uint32_t key;
    memcpy(&key, nm_day_table_at(t, i), sizeof key);
    return key;
}

static void slot_put(uint32_t *slot, size_t cap, uint32_t key, size_t index)
{
    size_t i = key_home(key, cap - 1);
    while (slot[i])
        i = (i + 1) & (cap - 1);
    slot[i] = (uint32_t)index + 1;
}

void *nm_day_table_get(nm_day_table *t, uint32_t key)
{
    if (t->slot_cap) {
        const size_t mask = t->slot_cap - 1;
        for (size_t i = key_home(key, mask); t->slot[i] != 0; i = (i + 1) & mask)
            if (rec_key(t, t->slot[i] - 1) == key)
                return nm_day_table_at(t, t->slot[i] - 1);
    }
    if ((t->n + 1) * 2 > t->slot_cap) {
        const size_t cap = t->slot_cap ? t->slot_cap * 2 : 16;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (slot == NULL)
            return NULL;
        for (size_t d = 0; d < t->n; d++)
            slot_put(slot, cap, rec_key(t, d), d);
        free(t->slot);
        t->slot = slot;
        t->slot_cap = cap;
    }
    if (t->n == t->cap) {
        const size_t cap = t->cap ? t->cap * 2 : 4;
        char *recs = realloc(t->recs, cap * t->rec_size);
        if (recs == NULL)
            return NULL;
        t->recs = recs;
        t->cap = cap;
    }
    void *rec = nm_day_table_at(t, t->n);
    memset(rec, 0, t->rec_size);
    memcpy(rec, &key, sizeof key);
    slot_put(t->slot, t->slot_cap, key, t->n);
    t->n++;
    return rec;
}

static int rec_cmp(const void *pa, const void *pb)
{
    uint32_t a, b;
    memcpy(&a, *(void *const *)pa, sizeof a);
    memcpy(&b, *(void *const *)pb, sizeof b);
    return nm_day_key_cmp(a, b);
}

void **nm_day_table_sorted(const nm_day_table *t)
{
    void **v = malloc((t->n ? t->n : 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        v[i] = nm_day_table_at(t, i);
    qsort(v, t->n, sizeof *v, rec_cmp);
    return v;
}

void nm_day_table_free(nm_day_table *t)
{
    free(t->recs);
    free(t->slot);
    const size_t rec_size = t->rec_size;
    memset(t, 0, sizeof *t);
    t->rec_size = rec_size;
}

/* ---- shard state files ----------------------------------------------------------------- */

void nm_day_state_write_header(FILE *out, const char *magic, uint64_t digest, size_t n_days)
{
    fprintf(out, "%s 1 %016" PRIx64 "\ndays %zu\n", magic, digest, n_days);
}

void nm_day_state_write_end(FILE *out)
{
    fputs("end\n", out);
}

bool nm_parse_u64_exact(const char *s, size_t n, uint64_t *v)
{
    if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (!digit(s[i]))
            return false;
        x = x * 10 + (uint64_t)(s[i] - '0');
    }
    *v = x;
    return true;
}

/* Checks line 1 against "<magic> 1 <digest>". */
static int check_header(const char *line, const char *path, const char *magic, uint64_t digest,
                        const char *what, const char *differs, nm_err *err)
{
    const size_t m = strlen(magic);
    if (strncmp(line, magic, m) != 0 || line[m] != ' ')
        return nm_err_set(err, NM_EFORMAT, "%s: not a %s state file", path, what);
    if (strncmp(line + m + 1, "1 ", 2) != 0)
        return nm_err_set(err, NM_EFORMAT, "%s: unsupported %s state version", path, what);
    char want[32];
    snprintf(want, sizeof want, "%016" PRIx64, digest);
    if (strcmp(line + m + 3, want) != 0)
        return nm_err_set(err, NM_EFORMAT,
                          "%s: a %s state made with another %s than this merge's", path, what,
                          differs);
    return 0;
}

int nm_day_state_read(FILE *in, const char *path, const char *magic, uint64_t digest,
                      const char *what, const char *differs, nm_day_line_fn on_day, void *user,
                      nm_err *err)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    uint64_t n_days = 0, seen = 0;
    bool done = false;
    uint32_t prev_key = 0;
    while (rc == 0 && (got = getline(&line, &cap, in)) >= 0) {
        lineno++;
        size_t n = (size_t)got;
        if (n == 0 || line[n - 1] != '\n') {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: truncated %s state", path, lineno, what);
            break;
        }
        line[--n] = '\0';
        if (done) {
            rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: text after the end of the %s state", path,
                            lineno, what);
        } else if (lineno == 1) {
            rc = check_header(line, path, magic, digest, what, differs, err);
        } else if (lineno == 2) {
            if (strncmp(line, "days ", 5) != 0 || !nm_parse_u64_exact(line + 5, n - 5, &n_days))
                rc = nm_err_set(err, NM_EFORMAT, "%s:2: expected 'days N' in a %s state", path,
                                what);
        } else if (seen == n_days) {
            if (strcmp(line, "end") != 0)
                rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: expected 'end' of the %s state", path,
                                lineno, what);
            done = true;
        } else {
            const char *sp = memchr(line, ' ', n);
            uint64_t key = 0;
            if (sp == NULL || !nm_parse_u64_exact(line, (size_t)(sp - line), &key) ||
                !nm_day_key_valid(key) ||
                (seen > 0 && nm_day_key_cmp(prev_key, (uint32_t)key) >= 0)) {
                rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: bad or unordered date key in a %s state",
                                path, lineno, what);
                break;
            }
            prev_key = (uint32_t)key;
            seen++;
            const int r = on_day(user, (uint32_t)key, sp + 1, n - (size_t)(sp + 1 - line));
            if (r == NM_ENOMEM)
                rc = nm_err_set(err, NM_ENOMEM, "%s: out of memory", what);
            else if (r != 0)
                rc = nm_err_set(err, NM_EFORMAT, "%s:%zu: malformed %s state line", path, lineno,
                                what);
        }
    }
    free(line);
    if (rc == 0 && ferror(in))
        rc = nm_err_set(err, NM_EIO, "%s: read error", path);
    if (rc == 0 && !done)
        rc = nm_err_set(err, NM_EFORMAT, "%s: truncated %s state (no 'end')", path, what);
    return rc;
}
