/* nm_text.h: small text and file utilities every operator may need, kept in
 * one place so that no two operators grow their own copies.
 *
 * "White space" here is Unicode White_Space as Python's str.isspace() and
 * str.split() see it (Python 3.11): U+0009-000D, U+001C-0020, U+0085, U+00A0,
 * U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000. VADER's
 * algorithm is defined over exactly this set. All functions are pure and
 * thread-safe. */
#ifndef NM_TEXT_H
#define NM_TEXT_H

#include <stddef.h>

#include "nm_error.h"

/* Byte length of the white-space code point starting at s[0] (s has n > 0
 * bytes of valid UTF-8), or 0 when it is not white space. */
size_t nm_text_space_at(const char *s, size_t n);

/* Byte length of the white-space code point ending at s[len), or 0. */
size_t nm_text_space_before(const char *s, size_t len);

/* Strips white space from both ends of s[0, *len): returns the new start
 * and stores the new length. */
const char *nm_text_strip(const char *s, size_t *len);

/* Reads a whole file into a malloc'd buffer (NUL-terminated; *len excludes
 * the NUL). what names the file in messages ("lexicon", "stopwords file").
 * Returns 0, NM_EIO or NM_ENOMEM; *data is NULL on failure. */
int nm_file_read_all(const char *path, const char *what, char **data, size_t *len, nm_err *err);

#endif
