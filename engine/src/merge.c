/* merge.c: `newsmill merge`: combines the outputs of the N shards of a run
 * into what the unsharded run writes.
 *
 * Each shard wrote its docs.jsonl and errors.jsonl lines with their input
 * positions (state/docs.pos, state/errors.pos), and each aggregate operator
 * its complete mergeable state (state/<op>.state). Lines are merged by
 * position; states are loaded into one state and emitted, so top-K and
 * min_count filters see the whole corpus. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_engine.h"
#include "out_file.h"

typedef struct shard {
    const char *dir;
    json_t *run;          /* its run.json */
    FILE *lines, *pos;    /* the file being merged and its positions */
    char *line;           /* current line, or NULL at the end */
    size_t line_cap;
    ssize_t line_len;
    uint64_t key;
} shard;

static json_t *load_run_json(const char *dir, nm_err *err)
{
    char *path = nm_path_join(dir, "run.json");
    if (path == NULL) {
        nm_err_set(err, NM_ENOMEM, "out of memory");
        return NULL;
    }
    json_error_t jerr;
    json_t *j = json_load_file(path, 0, &jerr);
    if (j == NULL)
        nm_err_set(err, NM_EIO, "cannot read %s: %s; is %s the output of a complete 'newsmill run --shard'?",
                   path, jerr.text, dir);
    free(path);
    return j;
}

/* Checks that the shards are the N distinct shards of one run. */
static int check_shards(shard *s, size_t n, nm_err *err)
{
    const json_t *ops0 = json_object_get(s[0].run, "options");
    json_int_t count = -1;
    char *seen = calloc(n, 1);
    if (seen == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const json_t *sh = json_object_get(s[i].run, "shard");
        const json_int_t idx = json_integer_value(json_object_get(sh, "index"));
        const json_int_t cnt = json_integer_value(json_object_get(sh, "count"));
        if (!json_is_object(sh))
            rc = nm_err_set(err, NM_EUSAGE, "%s is not a sharded run (run it with --shard I/N)", s[i].dir);
        else if (count >= 0 && cnt != count)
            rc = nm_err_set(err, NM_EUSAGE, "%s is shard %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT
                            " but another shard has N=%" JSON_INTEGER_FORMAT, s[i].dir, idx, cnt, count);
        else if ((size_t)cnt != n)
            rc = nm_err_set(err, NM_EUSAGE, "the run has %" JSON_INTEGER_FORMAT " shards but %zu were given",
                            cnt, n);
        else if (idx < 0 || idx >= cnt || seen[idx])
            rc = nm_err_set(err, NM_EUSAGE, "shard %" JSON_INTEGER_FORMAT " given twice (%s)", idx, s[i].dir);
        else if (!json_equal(ops0, json_object_get(s[i].run, "options")))
            rc = nm_err_set(err, NM_EUSAGE, "%s ran other operators or options than %s", s[i].dir, s[0].dir);
        else
            seen[idx] = 1;
        count = cnt;
    }
    free(seen);
    return rc;
}

static void shard_advance(shard *s)
{
    s->line_len = getline(&s->line, &s->line_cap, s->lines);
    if (s->line_len < 0) {
        s->line_len = -1;
        return;
    }
    char pos[32];
    s->key = fgets(pos, sizeof pos, s->pos) ? strtoull(pos, NULL, 10) : UINT64_MAX;
}

/* Merges <name> of every shard by the positions in state/<pos_name>. */
static int merge_lines(shard *s, size_t n, const char *out_dir, const char *name,
                       const char *pos_name, nm_err *err)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *lp = nm_path_join(s[i].dir, name);
        char *sd = nm_path_join(s[i].dir, "state");
        char *pp = sd ? nm_path_join(sd, pos_name) : NULL;
        if (lp == NULL || pp == NULL)
            rc = nm_err_set(err, NM_ENOMEM, "out of memory");
        if (rc == 0 && ((s[i].lines = fopen(lp, "rb")) == NULL || (s[i].pos = fopen(pp, "rb")) == NULL))
            rc = nm_err_set(err, NM_EIO, "cannot read %s or %s: is %s a complete shard output?", lp, pp,
                            s[i].dir);
        if (rc == 0)
            shard_advance(&s[i]);
        free(lp);
        free(sd);
        free(pp);
    }
    nm_out out;
    memset(&out, 0, sizeof out);
    if (rc == 0)
        rc = nm_out_open(&out, out_dir, name, err);
    while (rc == 0) {
        shard *best = NULL;
        for (size_t i = 0; i < n; i++)
            if (s[i].line_len >= 0 && (best == NULL || s[i].key < best->key))
                best = &s[i];
        if (best == NULL)
            break;
        fwrite(best->line, 1, (size_t)best->line_len, out.f);
        shard_advance(best);
    }
    if (rc == 0)
        rc = nm_out_commit(&out, err);
    nm_out_discard(&out);
    for (size_t i = 0; i < n; i++) {
        if (s[i].lines)
            fclose(s[i].lines);
        if (s[i].pos)
            fclose(s[i].pos);
        s[i].lines = s[i].pos = NULL;
        free(s[i].line);
        s[i].line = NULL;
        s[i].line_cap = 0;
    }
    return rc;
}

/* run.json options of one operator back into "KEY=VALUE" settings. */
static int options_to_settings(json_t *opts, char ***out, size_t *n_out, nm_err *err)
{
    const size_t n = json_object_size(opts);
    char **set = calloc(n + 1, sizeof *set);
    if (set == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    size_t k = 0;
    const char *key;
    json_t *v;
    json_object_foreach(opts, key, v) {
        char val[64];
        const char *text = val;
        if (json_is_string(v)) text = json_string_value(v);
        else if (json_is_integer(v)) snprintf(val, sizeof val, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else if (json_is_real(v)) snprintf(val, sizeof val, "%.17g", json_real_value(v));
        else if (json_is_boolean(v)) text = json_is_true(v) ? "true" : "false";
        else continue;
        const size_t len = strlen(key) + strlen(text) + 2;
        if ((set[k] = malloc(len)) == NULL)
            break;
        snprintf(set[k++], len, "%s=%s", key, text);
    }
    *out = set;
    *n_out = k;
    return 0;
}

static void free_settings(char **set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(set[i]);
    free(set);
}

/* Loads every shard's state of op into one state and emits <op>.jsonl. */
static int merge_op(const nm_op *op, shard *s, size_t n, const char *out_dir, nm_err *err)
{
    char **set = NULL;
    size_t n_set = 0;
    void *config = NULL, *shared = NULL, *state = NULL;
    bool prepared = false;
    json_t *opts = json_object_get(json_object_get(s[0].run, "options"), op->name);
    int rc = options_to_settings(opts, &set, &n_set, err);
    if (rc == 0)
        rc = nm_config_parse(op, (const char *const *)set, n_set, &config, err);
    if (rc == 0 && op->prepare) {
        prepared = true;
        rc = op->prepare(config, &shared, err);
    }
    char *tmp = nm_path_join(out_dir, ".newsmill-merge-XXXXXX");
    if (rc == 0 && (tmp == NULL || mkdtemp(tmp) == NULL))
        rc = nm_err_set(err, NM_EIO, "cannot create a temporary directory in %s", out_dir);
    const nm_op_env env = {.config = config, .shared = shared, .tmp_dir = tmp, .threads = 1, .thread = 0};
    const size_t size = (op->state_size + 63) / 64 * 64;
    if (rc == 0 && (state = aligned_alloc(64, size ? size : 64)) == NULL)
        rc = nm_err_set(err, NM_ENOMEM, "out of memory");
    if (state)
        memset(state, 0, size ? size : 64);
    if (rc == 0 && op->init)
        rc = op->init(&env, state, err);
    char name[128];
    snprintf(name, sizeof name, "%s.state", op->name);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *sd = nm_path_join(s[i].dir, "state");
        char *path = sd ? nm_path_join(sd, name) : NULL;
        FILE *f = path ? fopen(path, "rb") : NULL;
        if (f == NULL)
            rc = nm_err_set(err, NM_EIO, "cannot read %s: is %s a complete shard output?",
                            path ? path : name, s[i].dir);
        else if (op->load)
            rc = op->load(&env, state, f, path, err);
        if (f)
            fclose(f);
        free(sd);
        free(path);
    }
    nm_out out;
    memset(&out, 0, sizeof out);
    snprintf(name, sizeof name, "%s.jsonl", op->name);
    if (rc == 0)
        rc = nm_out_open(&out, out_dir, name, err);
    if (rc == 0 && op->emit)
        rc = op->emit(&env, state, out.f, err);
    if (rc == 0)
        rc = nm_out_commit(&out, err);
    nm_out_discard(&out);
    if (state && op->fini)
        op->fini(&env, state);
    free(state);
    if (tmp) {
        nm_rmdir_flat(tmp);
        free(tmp);
    }
    if (prepared && op->release)
        op->release(shared);
    nm_config_free(op, config);
    free_settings(set, n_set);
    return rc;
}

static int write_merged_run_json(shard *s, size_t n, const char *out_dir, nm_err *err)
{
    json_t *root = json_deep_copy(s[0].run);
    json_int_t read = 0, processed = 0, skipped = 0, damaged = 0;
    json_t *dirs = json_array();
    for (size_t i = 0; i < n; i++) {
        const json_t *d = json_object_get(s[i].run, "docs");
        read += json_integer_value(json_object_get(d, "read"));
        processed += json_integer_value(json_object_get(d, "processed"));
        skipped += json_integer_value(json_object_get(d, "skipped"));
        damaged += json_integer_value(json_object_get(s[i].run, "damaged"));
        json_array_append_new(dirs, json_string(s[i].dir));
    }
    json_object_set_new(root, "docs", json_pack("{s:I, s:I, s:I}", "read", read, "processed",
                                                processed, "skipped", skipped));
    json_object_set_new(root, "damaged", json_integer(damaged));
    /* Every shard read every input; each processed its own share of the
     * documents, so an input's docs are the sum over the shards. */
    json_t *inputs = json_object_get(root, "inputs");
    for (size_t k = 0; k < json_array_size(inputs); k++) {
        json_int_t docs = 0;
        for (size_t i = 0; i < n; i++)
            docs += json_integer_value(
                json_object_get(json_array_get(json_object_get(s[i].run, "inputs"), k), "docs"));
        json_object_set_new(json_array_get(inputs, k), "docs", json_integer(docs));
    }
    json_object_set_new(root, "shard", json_null());
    json_object_set_new(root, "merged_from", dirs);
    nm_out out;
    int rc = nm_out_open(&out, out_dir, "run.json", err);
    if (rc == 0) {
        json_dumpf(root, out.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        fputc('\n', out.f);
        rc = nm_out_commit(&out, err);
    }
    nm_out_discard(&out);
    json_decref(root);
    return rc;
}

int nm_merge(const char *out_dir, const char *const *shard_dirs, size_t n_shards,
             const nm_op *const *registry, size_t n_registry, bool quiet, nm_err *err)
{
    (void)quiet;
    shard *s = calloc(n_shards, sizeof *s);
    if (s == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n_shards && rc == 0; i++) {
        s[i].dir = shard_dirs[i];
        if ((s[i].run = load_run_json(shard_dirs[i], err)) == NULL)
            rc = err->code;
    }
    if (rc == 0)
        rc = check_shards(s, n_shards, err);
    if (rc == 0)
        rc = nm_out_mkdirs(out_dir, err);
    if (rc == 0) {
        char *old = nm_path_join(out_dir, "run.json");
        if (old)
            remove(old);
        free(old);
    }
    if (rc == 0)
        rc = merge_lines(s, n_shards, out_dir, "docs.jsonl", "docs.pos", err);
    if (rc == 0)
        rc = merge_lines(s, n_shards, out_dir, "errors.jsonl", "errors.pos", err);
    const json_t *ops = json_object_get(s[0].run, "operators");
    for (size_t i = 0; rc == 0 && i < json_array_size(ops); i++) {
        const char *name = json_string_value(json_array_get(ops, i));
        const nm_op *op = NULL;
        for (size_t r = 0; name && r < n_registry; r++)
            if (strcmp(registry[r]->name, name) == 0)
                op = registry[r];
        if (op == NULL)
            rc = nm_err_set(err, NM_EUSAGE, "%s used operator '%s', which this newsmill does not have",
                            s[0].dir, name ? name : "?");
        else if (op->aggregate_fields)
            rc = merge_op(op, s, n_shards, out_dir, err);
    }
    if (rc == 0)
        rc = write_merged_run_json(s, n_shards, out_dir, err);
    for (size_t i = 0; i < n_shards; i++)
        json_decref(s[i].run);
    free(s);
    return rc;
}
