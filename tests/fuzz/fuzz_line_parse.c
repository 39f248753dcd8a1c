/* fuzz_line_parse.c: libFuzzer target for the JSON line -> document parser.
 * Any bytes must give either a document whose fields are valid UTF-8 inside
 * the parsed tree, or a reason; never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "line_parse.h"
#include "newsmill/nm_analysis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const nm_field_names names = {"text", "id", "title", "date"};
    nm_parsed_line p;
    nm_doc doc;
    if (nm_line_parse((const char *)data, size, &names, &p, &doc)) {
        if (nm_utf8_valid_prefix(doc.text, doc.text_len) != doc.text_len)
            abort();
        if (doc.id && strlen(doc.id) != doc.id_len)
            abort();
        if (doc.json == NULL)
            abort();
    } else if (p.why[0] == '\0') {
        abort();
    }
    nm_line_release(&p);
    return 0;
}
