/* op_config.c: parses operator options (--set OP.KEY=VALUE) into the zeroed
 * config block an operator declares, with defaults, types and bounds taken
 * from its option table. Errors are usage errors naming the valid choices. */
#include "op_config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newsmill/nm_engine.h"

static void *field_at(void *config, const nm_opt *o)
{
    return (char *)config + o->offset;
}

static const void *cfield_at(const void *config, const nm_opt *o)
{
    return (const char *)config + o->offset;
}

void nm_config_names(const nm_op *op, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const nm_opt *o = op->options; o && o->name; o++) {
        const int n = snprintf(out + used, out_size - used, "%s%s", used ? ", " : "", o->name);
        if (n < 0 || (size_t)n >= out_size - used)
            break;
        used += (size_t)n;
    }
}

/* Parses "512M", "2G", "65536", "1.5G" into bytes (binary multiples). */
static int parse_size(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno != 0 || !(v >= 0))
        return -1;
    double mult = 1;
    switch (*end) {
    case 'k': case 'K': mult = 1024.0; end++; break;
    case 'm': case 'M': mult = 1024.0 * 1024; end++; break;
    case 'g': case 'G': mult = 1024.0 * 1024 * 1024; end++; break;
    case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (mult > 1 && (*end == 'i' || *end == 'I'))
        end++;
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end != '\0')
        return -1;
    *out = floor(v * mult);
    return 0;
}

int nm_parse_size(const char *text, uint64_t *bytes)
{
    double v = 0;
    if (parse_size(text, &v) != 0 || v >= 18446744073709551616.0)
        return -1;
    *bytes = (uint64_t)v;
    return 0;
}

static int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) { *out = true; return 0; }
        if (strcasecmp(s, no[i]) == 0) { *out = false; return 0; }
    }
    return -1;
}

/* Index of value among '|'-separated choices, or -1. */
static int enum_index(const char *choices, const char *value)
{
    const size_t vlen = strlen(value);
    int idx = 0;
    for (const char *p = choices; p && *p; idx++) {
        const char *bar = strchr(p, '|');
        const size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == vlen && strncmp(p, value, len) == 0)
            return idx;
        p = bar ? bar + 1 : NULL;
    }
    return -1;
}

static int bounds_error(const nm_op *op, const nm_opt *o, const char *value, nm_err *err)
{
    return nm_err_set(err, NM_EUSAGE, "bad value '%s' for %s.%s: expected %s from %.17g to %.17g",
                      value, op->name, o->name,
                      o->type == NM_OPT_SIZE ? "a size (e.g. 512M, 2G)"
                      : o->type == NM_OPT_INT ? "a whole number" : "a number",
                      o->min, o->max);
}

static int set_value(const nm_op *op, const nm_opt *o, void *config, const char *value, nm_err *err)
{
    void *dst = field_at(config, o);
    switch (o->type) {
    case NM_OPT_INT: {
        char *end = NULL;
        errno = 0;
        const long long v = strtoll(value, &end, 10);
        if (end == value || *end != '\0' || errno != 0 || (double)v < o->min || (double)v > o->max)
            return bounds_error(op, o, value, err);
        *(int64_t *)dst = (int64_t)v;
        return 0;
    }
    case NM_OPT_SIZE: {
        double v = 0;
        if (parse_size(value, &v) != 0 || v < o->min || v > o->max)
            return bounds_error(op, o, value, err);
        *(uint64_t *)dst = (uint64_t)v;
        return 0;
    }
    case NM_OPT_DOUBLE: {
        char *end = NULL;
        errno = 0;
        const double v = strtod(value, &end);
        if (end == value || *end != '\0' || errno != 0 || !(v >= o->min && v <= o->max))
            return bounds_error(op, o, value, err);
        *(double *)dst = v;
        return 0;
    }
    case NM_OPT_BOOL:
        if (parse_bool(value, (bool *)dst) != 0)
            return nm_err_set(err, NM_EUSAGE, "bad value '%s' for %s.%s: expected true or false",
                              value, op->name, o->name);
        return 0;
    case NM_OPT_ENUM: {
        const int idx = enum_index(o->choices, value);
        if (idx < 0)
            return nm_err_set(err, NM_EUSAGE, "bad value '%s' for %s.%s: expected one of %s",
                              value, op->name, o->name, o->choices);
        *(int *)dst = idx;
        return 0;
    }
    case NM_OPT_STRING:
    case NM_OPT_PATH: {
        char **slot = (char **)dst;
        char *copy = strdup(value);
        if (copy == NULL)
            return nm_err_set(err, NM_ENOMEM, "out of memory");
        free(*slot);
        *slot = copy;
        return 0;
    }
    }
    return nm_err_set(err, NM_EUSAGE, "option %s.%s has an unknown type", op->name, o->name);
}

static const nm_opt *find_opt(const nm_op *op, const char *key, size_t key_len)
{
    for (const nm_opt *o = op->options; o && o->name; o++)
        if (strlen(o->name) == key_len && strncmp(o->name, key, key_len) == 0)
            return o;
    return NULL;
}

int nm_config_parse(const nm_op *op, const char *const *settings, size_t n_settings,
                    void **config, nm_err *err)
{
    *config = calloc(1, op->config_size ? op->config_size : 1);
    if (*config == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    for (const nm_opt *o = op->options; o && o->name; o++) {
        if (o->def == NULL)
            continue;
        const int rc = set_value(op, o, *config, o->def, err);
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < n_settings; i++) {
        const char *eq = strchr(settings[i], '=');
        if (eq == NULL)
            return nm_err_set(err, NM_EUSAGE, "bad setting '%s.%s': expected %s.KEY=VALUE",
                              op->name, settings[i], op->name);
        const nm_opt *o = find_opt(op, settings[i], (size_t)(eq - settings[i]));
        if (o == NULL) {
            char names[256];
            nm_config_names(op, names, sizeof names);
            return nm_err_set(err, NM_EUSAGE, "unknown option '%s.%.*s'; %s takes: %s", op->name,
                              (int)(eq - settings[i]), settings[i], op->name,
                              names[0] ? names : "no options");
        }
        const int rc = set_value(op, o, *config, eq + 1, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

void nm_config_free(const nm_op *op, void *config)
{
    if (config == NULL)
        return;
    for (const nm_opt *o = op->options; o && o->name; o++)
        if (o->type == NM_OPT_STRING || o->type == NM_OPT_PATH)
            free(*(char **)field_at(config, o));
    free(config);
}

void nm_config_write_json(const nm_op *op, const void *config, nm_jw *w)
{
    nm_jw_object_begin(w);
    for (const nm_opt *o = op->options; o && o->name; o++) {
        const void *src = cfield_at(config, o);
        nm_jw_key(w, o->name);
        switch (o->type) {
        case NM_OPT_INT: nm_jw_i64(w, *(const int64_t *)src); break;
        case NM_OPT_SIZE: nm_jw_u64(w, *(const uint64_t *)src); break;
        case NM_OPT_DOUBLE: nm_jw_double(w, *(const double *)src); break;
        case NM_OPT_BOOL: nm_jw_bool(w, *(const bool *)src); break;
        case NM_OPT_ENUM: {
            const int idx = *(const int *)src;
            const char *p = o->choices;
            for (int i = 0; i < idx && p; i++) {
                p = strchr(p, '|');
                if (p)
                    p++;
            }
            const char *bar = p ? strchr(p, '|') : NULL;
            if (p)
                nm_jw_string(w, p, bar ? (size_t)(bar - p) : strlen(p));
            else
                nm_jw_null(w);
            break;
        }
        case NM_OPT_STRING:
        case NM_OPT_PATH: nm_jw_cstring(w, *(const char *const *)src); break;
        }
    }
    nm_jw_object_end(w);
}
