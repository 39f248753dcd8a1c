/* nm_doc.h: one article as the engine hands it to operators. */
#ifndef NM_DOC_H
#define NM_DOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct nm_doc {
    const char *id;       /* as in the input, or "<file name>:<line>" when absent */
    size_t id_len;
    const char *title;    /* NULL when absent or not a string */
    size_t title_len;
    const char *date;     /* NULL when absent, null or not a string */
    size_t date_len;
    const char *text;     /* the text field decoded from JSON; valid UTF-8 */
    size_t text_len;
    uint64_t seq;         /* the document's input position: 0-based ordinal of its
                             line among all lines of all inputs (blank lines
                             included); unique in a run, the same in every shard */
    const void *json;     /* the parsed line (a cJSON object); read-only, for
                             operators that read extra fields */
} nm_doc;

#endif
