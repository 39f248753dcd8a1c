/* fuzz_stance_doc.c: libFuzzer target for the stance operator's document
 * callback (ops/stance/stance.c) with the built-in dictionary and lexicon.
 *
 * Input layout: byte 0 picks the options (roles, quotes, context_mentions)
 * and whether targets is an array; bytes 1..8 are four (start, end) pairs of
 * 8-bit offsets scaled over the text, so that spans fall inside, outside,
 * backwards and inside UTF-8 characters; byte 9 the date; the rest is the
 * text (cut to its valid UTF-8 prefix, as the engine guarantees). The
 * callback must succeed and write one JSON object whose numbers are sane:
 * offsets within the text, scores in [-1, 1], one targets or target_errors
 * entry per span. The document's aggregate must survive save / load with
 * the same bytes. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_buf.h"
#include "newsmill/nm_doc.h"
#include "newsmill/nm_engine.h"
#include "newsmill/nm_op.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const nm_op nm_op_stance;

enum { N_CONFIGS = 4, HEAD = 10 };

static const char *const settings[N_CONFIGS][3] = {
    {"context_mentions=0", "roles=true", "quotes=true"},
    {"context_mentions=1", "roles=false", "quotes=true"},
    {"context_mentions=3", "roles=true", "quotes=false"},
    {"context_mentions=2", "roles=false", "quotes=false"},
};

static bool in_text(const cJSON *o, const char *key, size_t len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= (double)len;
}

static bool score_ok(const cJSON *o)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "score");
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && fabs(v->valuedouble) <= 1.0;
}

/* What the callback wrote, checked. */
static void check_output(const char *json, size_t n, size_t text_len, size_t n_spans,
                         bool has_targets)
{
    cJSON *o = cJSON_ParseWithLength(json, n);
    if (!cJSON_IsObject(o))
        abort();
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "mentions"))
    {
        if (!in_text(it, "start", text_len) || !in_text(it, "end", text_len))
            abort();
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "relations"))
    {
        if (!in_text(it, "start", text_len) || !in_text(it, "end", text_len))
            abort();
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "actors"))
    {
        if (!score_ok(it))
            abort();
    }
    const cJSON *tg = cJSON_GetObjectItemCaseSensitive(o, "targets");
    const cJSON *te = cJSON_GetObjectItemCaseSensitive(o, "target_errors");
    if (!has_targets) {
        if (tg != NULL || te != NULL)
            abort();
    } else {
        if (!cJSON_IsArray(tg) || !cJSON_IsArray(te))
            abort();
        cJSON_ArrayForEach(it, tg)
        {
            if (!score_ok(it) || !in_text(it, "start", text_len) || !in_text(it, "end", text_len))
                abort();
        }
        const size_t got = (size_t)cJSON_GetArraySize(tg) + (size_t)cJSON_GetArraySize(te);
        if (n_spans > 0 && got != n_spans)
            abort();
    }
    cJSON_Delete(o);
}

/* Saves the state's aggregate, loads it into a fresh state, saves again:
 * the same bytes. */
static void check_state(const nm_op_env *env, void *state)
{
    char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0;
    nm_err err = {0};
    FILE *f = open_memstream(&a, &al);
    if (f == NULL || nm_op_stance.save(env, state, f, &err) != 0)
        abort();
    fclose(f);
    void *st2 = calloc(1, nm_op_stance.state_size);
    if (st2 == NULL || nm_op_stance.init(env, st2, &err) != 0)
        abort();
    f = fmemopen(a, al, "r");
    if (f == NULL || nm_op_stance.load(env, st2, f, "fuzz.state", &err) != 0)
        abort();
    fclose(f);
    f = open_memstream(&b, &bl);
    if (f == NULL || nm_op_stance.save(env, st2, f, &err) != 0)
        abort();
    fclose(f);
    if (al != bl || memcmp(a, b, al) != 0)
        abort();
    nm_op_stance.fini(env, st2);
    free(st2);
    free(a);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static void *config[N_CONFIGS];
    static void *shared[N_CONFIGS];
    static nm_analyzer *az;
    if (az == NULL) {
        nm_err err = {0};
        az = nm_analyzer_new();
        for (int k = 0; k < N_CONFIGS; k++)
            if (az == NULL || nm_config_parse(&nm_op_stance, settings[k], 3, &config[k], &err) ||
                nm_op_stance.prepare(config[k], &shared[k], &err) != 0)
                abort();
    }
    if (size < HEAD)
        return 0;
    const int k = data[0] % N_CONFIGS;
    const bool as_array = (data[0] & 0x10) == 0;
    const char *text = (const char *)data + HEAD;
    const size_t len = nm_utf8_valid_prefix(text, size - HEAD);

    /* the document's JSON: {"targets": [...]} (or a non-array) */
    cJSON *json = cJSON_CreateObject();
    cJSON *targets = as_array ? cJSON_AddArrayToObject(json, "targets")
                              : cJSON_AddStringToObject(json, "targets", "not spans");
    size_t n_spans = 0;
    if (as_array) {
        for (int i = 0; i < 4; i++) {
            /* offsets 0..255 over 0..len + 8: some beyond the end */
            const double s = (double)data[1 + 2 * i] * (double)(len + 8) / 255.0;
            const double e = (double)data[2 + 2 * i] * (double)(len + 8) / 255.0;
            cJSON *span = cJSON_CreateObject();
            cJSON_AddNumberToObject(span, "start", i == 3 ? s : floor(s));
            cJSON_AddNumberToObject(span, "end", floor(e));
            cJSON_AddItemToArray(targets, span);
            n_spans++;
        }
        cJSON_AddItemToArray(targets, cJSON_CreateString("bad")); /* not an object */
        n_spans++;
    }
    static const char *const dates[] = {"2020-10-01", "2014-01-01", "2024-06-30", "x"};
    const char *date = (data[9] & 4) ? NULL : dates[data[9] % 4];
    const nm_doc doc = {.id = "fuzz", .id_len = 4, .date = date,
                        .date_len = date ? strlen(date) : 0, .text = text, .text_len = len,
                        .json = json};

    const nm_op_env env = {.config = config[k], .shared = shared[k], .threads = 1};
    void *state = calloc(1, nm_op_stance.state_size);
    nm_err err = {0};
    if (state == NULL || nm_op_stance.init(&env, state, &err) != 0)
        abort();
    nm_analysis an;
    if (nm_analyze(az, text, len, &an, &err) != 0)
        abort();
    nm_buf b;
    nm_buf_init(&b);
    nm_jw w;
    nm_jw_init(&w, &b);
    if (nm_op_stance.doc(&env, state, &doc, &an, &w, &err) != 0 || b.failed)
        abort();
    check_output(b.data, b.len, len, as_array ? n_spans : 0, true);
    check_state(&env, state);
    nm_buf_free(&b);
    nm_op_stance.fini(&env, state);
    free(state);
    cJSON_Delete(json);
    return 0;
}
