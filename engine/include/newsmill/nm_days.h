/* nm_days.h: per-date aggregates, the shape of every operator's
 * <name>.jsonl that goes "one line per document date".
 *
 * A day key is yyyymmdd as an integer, read from the first ten characters of
 * a document's date field when they are an ISO day ("2024-03-07",
 * "2024-03-07T10:00:00Z"); 0 stands for undated (no date, or one that does
 * not read as yyyy-mm-dd). Aggregate files sort by date with undated last.
 *
 * nm_day_table keeps one fixed-size record per day, for an operator's own
 * record type whose first member is `uint32_t key`. Not thread-safe: each
 * thread state owns its table; merge tables in the operator's merge. */
#ifndef NM_DAYS_H
#define NM_DAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nm_buf.h"
#include "nm_error.h"

/* The day key of date[0, len) (date may be NULL), or 0. */
uint32_t nm_day_key(const char *date, size_t len);

/* True for 0 and for every key nm_day_key can return. */
bool nm_day_key_valid(uint64_t key);

/* Sort order of day keys: dates ascending, undated (0) last. */
int nm_day_key_cmp(uint32_t a, uint32_t b);

/* Writes the key as "yyyy-mm-dd", or null for 0. */
void nm_jw_day(nm_jw *w, uint32_t key);

typedef struct nm_day_table {
    size_t rec_size;    /* bytes per record; set before the first get */
    char *recs;         /* records in insertion order */
    size_t n, cap;
    uint32_t *slot;     /* open addressing: record index + 1, 0 = empty */
    size_t slot_cap;    /* a power of two */
} nm_day_table;

/* The record of key, added zeroed (with its key set) when absent; NULL when
 * out of memory. Pointers stay valid until the next get that adds. */
void *nm_day_table_get(nm_day_table *t, uint32_t key);
/* Record i (0 <= i < t->n), in insertion order. */
void *nm_day_table_at(const nm_day_table *t, size_t i);
/* A malloc'd array of the t->n records in nm_day_key_cmp order (NULL when
 * out of memory); free it with free(). */
void **nm_day_table_sorted(const nm_day_table *t);
void nm_day_table_free(nm_day_table *t);   /* keeps rec_size */

/* Shard state files of per-day tables share one canonical text frame, so
 * equal aggregates give equal files and every loader checks the same things:
 *
 *   <magic> 1 <digest: 16 lower-case hex digits>
 *   days <n>
 *   <key> <the operator's fields>      n lines, keys in nm_day_key_cmp order
 *   end
 *
 * The digest identifies the options that make states comparable (lexicon,
 * categories, rules version); a state with another digest is refused. */
void nm_day_state_write_header(FILE *out, const char *magic, uint64_t digest, size_t n_days);
void nm_day_state_write_end(FILE *out);

/* Called for each day line with its key and the text after "<key> "
 * (NUL-terminated); returns 0, NM_DAY_LINE_BAD for a malformed line, or
 * NM_ENOMEM. */
#define NM_DAY_LINE_BAD 1
typedef int (*nm_day_line_fn)(void *user, uint32_t key, const char *fields, size_t len);

/* Reads a state file written in the frame above, calling on_day for each
 * line. what names the operator ("sentiment"), differs says which options a
 * digest mismatch means ("lexicon, emoji lexicon or unit"). Errors are
 * NM_EFORMAT with path and line, NM_EIO, or NM_ENOMEM. */
int nm_day_state_read(FILE *in, const char *path, const char *magic, uint64_t digest,
                      const char *what, const char *differs, nm_day_line_fn on_day, void *user,
                      nm_err *err);

/* Parses an unsigned decimal s[0, n) with no sign and no leading zero. */
bool nm_parse_u64_exact(const char *s, size_t n, uint64_t *v);

#endif
