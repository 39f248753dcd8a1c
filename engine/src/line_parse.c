/* line_parse.c: validates and parses one JSON line into an nm_doc. */
#include "line_parse.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "newsmill/nm_analysis.h"

bool nm_line_is_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return false;
    return true;
}

static bool bad(nm_parsed_line *p, const char *why)
{
    snprintf(p->why, sizeof p->why, "%s", why);
    return false;
}

/* The string value of field name, or NULL (absent, null, or another type). */
static const cJSON *string_field(const cJSON *root, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    return cJSON_IsString(v) ? v : NULL;
}

bool nm_line_parse(const char *line, size_t len, const nm_field_names *names,
                   nm_parsed_line *p, nm_doc *doc)
{
    p->root = NULL;
    p->why[0] = '\0';
    const size_t valid = nm_utf8_valid_prefix(line, len);
    if (valid != len) {
        snprintf(p->why, sizeof p->why, "invalid UTF-8 at byte %zu of the line", valid + 1);
        return false;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, false);
    if (root == NULL)
        return bad(p, "invalid JSON");
    p->root = root;
    /* cJSON stops after the first value: anything but white space after it
     * means the line is not one JSON value. */
    if (end && !nm_line_is_blank(end, len - (size_t)(end - line)))
        return bad(p, "invalid JSON: text after the object");
    if (!cJSON_IsObject(root))
        return bad(p, "not a JSON object");

    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, names->text);
    if (text == NULL || cJSON_IsNull(text)) {
        snprintf(p->why, sizeof p->why, "text field \"%.60s\" missing", names->text);
        return false;
    }
    if (!cJSON_IsString(text)) {
        snprintf(p->why, sizeof p->why, "text field \"%.60s\" is not a string", names->text);
        return false;
    }
    memset(doc, 0, sizeof *doc);
    doc->text = text->valuestring;
    doc->text_len = strlen(text->valuestring);
    /* Escapes can decode to lone surrogates; cJSON encodes them, so check the
     * decoded text too when the line had escapes. */
    if (nm_utf8_valid_prefix(doc->text, doc->text_len) != doc->text_len)
        return bad(p, "invalid UTF-8 in the text field (bad \\u escape)");

    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, names->id);
    if (cJSON_IsString(id)) {
        doc->id = id->valuestring;
        doc->id_len = strlen(id->valuestring);
    } else if (cJSON_IsNumber(id) && isfinite(id->valuedouble)) {
        const double v = id->valuedouble;
        if (v == floor(v) && fabs(v) < 9007199254740992.0)
            snprintf(p->id_buf, sizeof p->id_buf, "%lld", (long long)v);
        else
            snprintf(p->id_buf, sizeof p->id_buf, "%.17g", v);
        doc->id = p->id_buf;
        doc->id_len = strlen(p->id_buf);
    }
    const cJSON *title = string_field(root, names->title);
    if (title) {
        doc->title = title->valuestring;
        doc->title_len = strlen(title->valuestring);
    }
    const cJSON *date = string_field(root, names->date);
    if (date) {
        doc->date = date->valuestring;
        doc->date_len = strlen(date->valuestring);
    }
    doc->json = root;
    return true;
}

void nm_line_release(nm_parsed_line *p)
{
    cJSON_Delete(p->root);
    p->root = NULL;
}
