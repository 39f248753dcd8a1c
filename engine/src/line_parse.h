/* line_parse.h: one input line -> one document, or the reason it is bad.
 *
 * The line is validated as UTF-8 and parsed with cJSON (jansson is ~7x slower
 * on these inputs and would dominate ingest). Field names are configurable. */
#ifndef NM_LINE_PARSE_H
#define NM_LINE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "newsmill/nm_doc.h"

typedef struct nm_field_names {
    const char *text, *id, *title, *date;
} nm_field_names;

/* Parsing outcome for a line. */
typedef struct nm_parsed_line {
    void *root;          /* cJSON tree; free with nm_line_release */
    char id_buf[48];     /* an id written from a JSON number */
    char why[160];       /* for a bad line: what is wrong */
} nm_parsed_line;

/* Returns true and fills doc (id NULL when the line has none; seq untouched)
 * when line[0, len) is a usable document; false with p->why set otherwise.
 * line need not be NUL-terminated. */
bool nm_line_parse(const char *line, size_t len, const nm_field_names *names,
                   nm_parsed_line *p, nm_doc *doc);
void nm_line_release(nm_parsed_line *p);

/* True when the line holds only white space (such lines are ignored). */
bool nm_line_is_blank(const char *line, size_t len);

#endif
