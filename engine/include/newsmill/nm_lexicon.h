/* nm_lexicon.h: word -> score lexicons (sentiment, stance), loaded once and
 * read by every thread.
 *
 * A lexicon maps keys (UTF-8 byte strings, compared exactly: no case folding,
 * so callers look up lower-cased forms) to a double. Keys may be phrases of
 * several words separated by spaces ("fed up", "can't stand"); besides the
 * exact-key lookup they can be matched on a sequence of words through an
 * index by first word. Later duplicates of a key overwrite earlier ones (as
 * VADER's loader does); the key keeps the position of its first occurrence.
 *
 * File formats (one entry per line, fields separated by TAB; blank lines
 * skipped; every line is first stripped of leading and trailing white space,
 * Python's str.strip() set; a UTF-8 byte order mark at the start is skipped):
 *   vader  token TAB mean TAB sd TAB ratings: only the first two fields are
 *          read (at least two are required);
 *   afinn  token TAB integer (exactly two fields);
 *   tsv    token TAB number (exactly two fields; decimal, optional exponent).
 * In every format a line whose first character is '#' followed by a space, a
 * TAB, another '#' or the end of the line is a comment ("#fail TAB -2" is an
 * entry). Values must be finite decimal numbers within [-5, 5]: the scale of
 * VADER (-4..4) and AFINN (-5..5); a value outside it almost always means a
 * file on another scale, whose scores would saturate VADER's normalisation.
 * `auto` decides from the first line that is neither blank nor a comment:
 * three or more fields -> vader; two -> tsv (which also reads AFINN files,
 * whose integers are numbers); one -> error.
 *
 * A malformed line is an NM_EFORMAT error naming the file (or the name given
 * for an in-memory text) and the 1-based line number.
 *
 * Thread safety: a lexicon is immutable after load; any number of threads may
 * query it concurrently. */
#ifndef NM_LEXICON_H
#define NM_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nm_error.h"

typedef enum nm_lexicon_format {
    NM_LEXICON_AUTO,
    NM_LEXICON_VADER,
    NM_LEXICON_AFINN,
    NM_LEXICON_TSV
} nm_lexicon_format;

/* The format names in enum order, for an NM_OPT_ENUM option's choices. */
#define NM_LEXICON_FORMATS "auto|vader|afinn|tsv"

/* Largest accepted |value|. */
#define NM_LEXICON_MAX_ABS 5.0

typedef struct nm_lexicon nm_lexicon;

/* One word of a sequence to match phrases against. */
typedef struct nm_lexicon_word {
    const char *s;
    size_t len;
} nm_lexicon_word;

/* Loads the file at path. On success *out owns a new lexicon (free with
 * nm_lexicon_free); on failure *out is NULL and err says why (NM_EIO,
 * NM_EFORMAT, NM_ENOMEM). */
int nm_lexicon_load(const char *path, nm_lexicon_format format, nm_lexicon **out, nm_err *err);

/* Parses an in-memory text (text[0, len), need not be NUL-terminated), for
 * built-in lexicons; name stands for the file name in error messages. */
int nm_lexicon_parse(const char *text, size_t len, nm_lexicon_format format, const char *name,
                     nm_lexicon **out, nm_err *err);

void nm_lexicon_free(nm_lexicon *lx); /* NULL is a no-op */

/* The format the lexicon was read as (auto resolved). */
nm_lexicon_format nm_lexicon_format_of(const nm_lexicon *lx);

/* Number of distinct keys, phrases included. */
size_t nm_lexicon_count(const nm_lexicon *lx);

/* The i-th distinct key (0 <= i < count) in order of first occurrence, with
 * its final value. *key is NUL-terminated and lives as long as lx. */
void nm_lexicon_entry(const nm_lexicon *lx, size_t i, const char **key, size_t *len,
                      double *value);

/* Exact-key lookup: true and *value when key[0, len) is a key. */
bool nm_lexicon_get(const nm_lexicon *lx, const char *key, size_t len, double *value);

/* Both questions in one probe: returns whether key[0, len) is a key (and
 * then sets *value); *starts_phrase (when not NULL) tells whether some
 * phrase begins with that word. */
bool nm_lexicon_lookup(const nm_lexicon *lx, const char *key, size_t len, double *value,
                       bool *starts_phrase);

/* Number of keys that contain a space (phrases), and the most words any has
 * (1 when there is no phrase). */
size_t nm_lexicon_phrase_count(const nm_lexicon *lx);
size_t nm_lexicon_max_words(const nm_lexicon *lx);

/* True when some phrase's first word is word[0, len). */
bool nm_lexicon_starts_phrase(const nm_lexicon *lx, const char *word, size_t len);

/* The longest phrase (two words or more) that words[0..] begins with: returns
 * its number of words and sets *value, or returns 0 when none matches. A
 * phrase's words are its key split at spaces. */
size_t nm_lexicon_match(const nm_lexicon *lx, const nm_lexicon_word *words, size_t n,
                        double *value);

/* A 64-bit digest of the keys and values in order: two lexicons with
 * the same digest score alike, so saved state can check what it was made with
 * (XXH3 chained over every key and value, in order). */
uint64_t nm_lexicon_digest(const nm_lexicon *lx);

#endif
