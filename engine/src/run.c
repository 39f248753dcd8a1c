/* run.c: `newsmill run`: sets a run up (options, inputs, outputs, operator
 * states), drives the pipeline, merges thread states in a fixed order,
 * writes the aggregates and run.json, and tears everything down whatever
 * happened. Files appear in the output directory only if the run succeeds. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_internal.h"

#define NM_CACHE_LINE 64

const char *nm_version(void)
{
    return NM_VERSION;
}

static int setup_ops(nm_run_state *R, nm_err *err)
{
    const nm_run_config *cfg = R->cfg;
    if (cfg->n_ops > 16)
        return nm_err_set(err, NM_EUSAGE, "at most 16 operators can run at once");
    R->ops = calloc(cfg->n_ops ? cfg->n_ops : 1, sizeof *R->ops);
    if (R->ops == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    R->n_ops = cfg->n_ops;
    /* Parse every operator's options before loading anything, so a usage
     * error is reported before slow setup. */
    for (size_t i = 0; i < cfg->n_ops; i++) {
        R->ops[i].op = cfg->ops[i].op;
        const int rc = nm_config_parse(cfg->ops[i].op, cfg->ops[i].settings,
                                       cfg->ops[i].n_settings, &R->ops[i].config, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int prepare_ops(nm_run_state *R, nm_err *err)
{
    for (size_t i = 0; i < R->n_ops; i++) {
        nm_run_op *ro = &R->ops[i];
        if (ro->op->prepare) {
            ro->prepared = true;
            const int rc = ro->op->prepare(ro->config, &ro->shared, err);
            if (rc != 0)
                return rc;
        }
        ro->states = calloc(R->threads, sizeof *ro->states);
        ro->inited = calloc(R->threads, sizeof *ro->inited);
        if (ro->states == NULL || ro->inited == NULL)
            return nm_err_set(err, NM_ENOMEM, "out of memory");
        const size_t size = (ro->op->state_size + NM_CACHE_LINE - 1) / NM_CACHE_LINE * NM_CACHE_LINE;
        for (unsigned t = 0; t < R->threads; t++) {
            ro->states[t] = aligned_alloc(NM_CACHE_LINE, size ? size : NM_CACHE_LINE);
            if (ro->states[t] == NULL)
                return nm_err_set(err, NM_ENOMEM, "out of memory");
            memset(ro->states[t], 0, size ? size : NM_CACHE_LINE);
            ro->inited[t] = true;
            if (ro->op->init) {
                const nm_op_env env = {.config = ro->config, .shared = ro->shared,
                                       .tmp_dir = R->tmp_dir, .threads = R->threads, .thread = t};
                const int rc = ro->op->init(&env, ro->states[t], err);
                if (rc != 0)
                    return rc;
            }
        }
    }
    return 0;
}

static nm_op_env op_env(const nm_run_state *R, const nm_run_op *ro, unsigned thread)
{
    const nm_op_env env = {.config = ro->config, .shared = ro->shared, .tmp_dir = R->tmp_dir,
                           .threads = R->threads, .thread = thread};
    return env;
}

static void teardown_ops(nm_run_state *R)
{
    for (size_t i = 0; i < R->n_ops; i++) {
        nm_run_op *ro = &R->ops[i];
        for (unsigned t = 0; ro->states && t < R->threads; t++) {
            if (ro->inited[t] && ro->op->fini) {
                const nm_op_env env = op_env(R, ro, t);
                ro->op->fini(&env, ro->states[t]);
            }
            free(ro->states[t]);
        }
        free(ro->states);
        free(ro->inited);
        if (ro->prepared && ro->op->release)
            ro->op->release(ro->shared);
        nm_config_free(ro->op, ro->config);
    }
    free(R->ops);
}

/* Folds thread states into state 0 in thread order, then writes each
 * operator's aggregate (or, for a shard, its mergeable state). */
static int finish_ops(nm_run_state *R, nm_out *agg, nm_err *err)
{
    for (size_t i = 0; i < R->n_ops; i++) {
        nm_run_op *ro = &R->ops[i];
        const double t0 = omp_get_wtime();
        for (unsigned t = 1; t < R->threads; t++) {
            const nm_op_env env = op_env(R, ro, 0);
            if (ro->op->merge) {
                const int rc = ro->op->merge(&env, ro->states[0], ro->states[t], err);
                if (rc != 0)
                    return rc;
            }
            if (ro->op->fini) {
                const nm_op_env tenv = op_env(R, ro, t);
                ro->op->fini(&tenv, ro->states[t]);
            }
            ro->inited[t] = false;
        }
        ro->agg_seconds += omp_get_wtime() - t0;
    }
    R->t_merge = omp_get_wtime();
    const char *state_dir = NULL;
    char *state_path = NULL;
    if (nm_run_sharded(R->cfg)) {
        state_path = nm_path_join(R->cfg->out_dir, "state");
        if (state_path == NULL)
            return nm_err_set(err, NM_ENOMEM, "out of memory");
        const int rc = nm_out_mkdirs(state_path, err);
        if (rc != 0) {
            free(state_path);
            return rc;
        }
        state_dir = state_path;
    }
    int rc = 0;
    for (size_t i = 0; i < R->n_ops && rc == 0; i++) {
        nm_run_op *ro = &R->ops[i];
        if (ro->op->aggregate_fields == NULL)
            continue;
        const nm_op_env env = op_env(R, ro, 0);
        const double t0 = omp_get_wtime();
        char name[128];
        if (state_dir) {
            snprintf(name, sizeof name, "%s.state", ro->op->name);
            rc = nm_out_open(&agg[i], state_dir, name, err);
            if (rc == 0 && ro->op->save)
                rc = ro->op->save(&env, ro->states[0], agg[i].f, err);
        } else {
            snprintf(name, sizeof name, "%s.jsonl", ro->op->name);
            rc = nm_out_open(&agg[i], R->cfg->out_dir, name, err);
            if (rc == 0 && ro->op->emit)
                rc = ro->op->emit(&env, ro->states[0], agg[i].f, err);
        }
        ro->agg_seconds += omp_get_wtime() - t0;
    }
    free(state_path);
    R->t_emit = omp_get_wtime();
    return rc;
}

static int open_outputs(nm_run_state *R, nm_err *err)
{
    int rc = nm_out_open(&R->docs_out, R->cfg->out_dir, "docs.jsonl", err);
    if (rc == 0)
        rc = nm_out_open(&R->errors_out, R->cfg->out_dir, "errors.jsonl", err);
    if (rc == 0 && nm_run_sharded(R->cfg)) {
        char *state = nm_path_join(R->cfg->out_dir, "state");
        if (state == NULL)
            return nm_err_set(err, NM_ENOMEM, "out of memory");
        rc = nm_out_mkdirs(state, err);
        if (rc == 0)
            rc = nm_out_open(&R->docs_pos_out, state, "docs.pos", err);
        if (rc == 0)
            rc = nm_out_open(&R->errors_pos_out, state, "errors.pos", err);
        free(state);
    }
    return rc;
}

static int make_tmp_dir(nm_run_state *R, nm_err *err)
{
    char *tmpl = nm_path_join(R->cfg->out_dir, ".newsmill-tmp-XXXXXX");
    if (tmpl == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    if (mkdtemp(tmpl) == NULL) {
        free(tmpl);
        return nm_err_set(err, NM_EIO, "cannot create a temporary directory in %s",
                          R->cfg->out_dir);
    }
    R->tmp_dir = tmpl;
    return 0;
}

static int check_config(const nm_run_config *cfg, nm_err *err)
{
    if (cfg->n_inputs == 0)
        return nm_err_set(err, NM_EUSAGE, "no input given; try: newsmill run corpus.jsonl.zst");
    if (cfg->shard_count > 1 && cfg->shard_index >= cfg->shard_count)
        return nm_err_set(err, NM_EUSAGE, "bad --shard %u/%u: need 0 <= I < N", cfg->shard_index,
                          cfg->shard_count);
    size_t stdin_count = 0;
    for (size_t i = 0; i < cfg->n_inputs; i++)
        stdin_count += strcmp(cfg->inputs[i], "-") == 0;
    if (stdin_count > 1)
        return nm_err_set(err, NM_EUSAGE, "standard input ('-') can be given only once");
    return 0;
}

int nm_run(const nm_run_config *cfg, nm_err *err)
{
    nm_run_state R_storage;
    nm_run_state *R = &R_storage;
    memset(R, 0, sizeof *R);
    R->cfg = cfg;
    R->t_start = omp_get_wtime();
    R->fields.text = cfg->field_text ? cfg->field_text : "text";
    R->fields.id = cfg->field_id ? cfg->field_id : "id";
    R->fields.title = cfg->field_title ? cfg->field_title : "title";
    R->fields.date = cfg->field_date ? cfg->field_date : "date";
    R->threads = cfg->threads ? cfg->threads : (unsigned)omp_get_num_procs();
    if (R->threads < 1)
        R->threads = 1;
    /* Batches in flight (512 KiB of input each). When all slots are taken
     * the producer waits for every running batch (taskwait), so one thread
     * idles while the last finishes: a deep window makes those drains rare
     * (8 slots: ~0.2 s of a 2-thread run on allsides37k). */
    R->window = R->threads * 16 < 32 ? 32 : R->threads * 16;
    omp_init_lock(&R->write_lock);

    nm_out agg[16];
    memset(agg, 0, sizeof agg);
    int rc = check_config(cfg, err);
    if (rc == 0)
        rc = setup_ops(R, err);
    if (rc == 0) {
        const nm_reader_opts ropts = {.chunk_bytes = 512u << 10,
                                      .max_line = cfg->max_line ? cfg->max_line : 64u << 20,
                                      .threads = R->threads};
        rc = nm_reader_open(&R->reader, cfg->inputs, cfg->n_inputs, &ropts, err);
    }
    if (rc == 0)
        rc = nm_out_mkdirs(cfg->out_dir, err);
    if (rc == 0) {
        /* run.json marks a complete run: remove an older one now, so a
         * failed run never sits beside a stale success marker. */
        char *old = nm_path_join(cfg->out_dir, "run.json");
        if (old)
            unlink(old);
        free(old);
        rc = make_tmp_dir(R, err);
    }
    if (rc == 0)
        rc = prepare_ops(R, err);
    if (rc == 0) {
        const size_t n_in = nm_reader_input_count(R->reader);
        R->input_base = calloc(n_in + 1, sizeof *R->input_base);
        R->input_lines = calloc(n_in + 1, sizeof *R->input_lines);
        R->input_docs = calloc(n_in + 1, sizeof *R->input_docs);
        R->workers = calloc(R->threads, sizeof *R->workers);
        R->slots = calloc(R->window, sizeof *R->slots);
        if (!R->input_base || !R->input_lines || !R->input_docs || !R->workers || !R->slots)
            rc = nm_err_set(err, NM_ENOMEM, "out of memory");
        for (unsigned t = 0; rc == 0 && t < R->threads; t++)
            if ((R->workers[t].az = nm_analyzer_new()) == NULL)
                rc = nm_err_set(err, NM_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = open_outputs(R, err);
    if (rc == 0)
        rc = nm_pipeline_run(R, err);
    R->t_process = omp_get_wtime();
    if (rc == 0)
        rc = finish_ops(R, agg, err);
    /* Commit: aggregates, docs, errors, then run.json last, so its presence
     * means the run is complete. */
    for (size_t i = 0; i < 16 && rc == 0; i++)
        if (agg[i].f)
            rc = nm_out_commit(&agg[i], err);
    if (rc == 0)
        rc = nm_out_commit(&R->docs_out, err);
    if (rc == 0)
        rc = nm_out_commit(&R->errors_out, err);
    if (rc == 0 && nm_run_sharded(cfg)) {
        rc = nm_out_commit(&R->docs_pos_out, err);
        if (rc == 0)
            rc = nm_out_commit(&R->errors_pos_out, err);
    }
    if (rc == 0)
        rc = nm_run_report(R, err);
    if (rc == 0 && cfg->summary) {
        const nm_run_summary sum = {R->read, R->processed, R->skipped, R->damage};
        *cfg->summary = sum;
    }

    for (size_t i = 0; i < 16; i++)
        nm_out_discard(&agg[i]);
    nm_out_discard(&R->docs_out);
    nm_out_discard(&R->errors_out);
    nm_out_discard(&R->docs_pos_out);
    nm_out_discard(&R->errors_pos_out);
    teardown_ops(R);
    if (R->tmp_dir) {
        nm_rmdir_flat(R->tmp_dir);
        free(R->tmp_dir);
    }
    for (unsigned t = 0; R->workers && t < R->threads; t++)
        nm_analyzer_free(R->workers[t].az);
    for (unsigned i = 0; R->slots && i < R->window; i++) {
        nm_chunk_free(&R->slots[i].chunk);
        nm_buf_free(&R->slots[i].docs);
        nm_buf_free(&R->slots[i].errors);
        nm_buf_free(&R->slots[i].docs_pos);
        nm_buf_free(&R->slots[i].errors_pos);
    }
    free(R->slots);
    free(R->workers);
    free(R->input_base);
    free(R->input_lines);
    free(R->input_docs);
    nm_reader_free(R->reader);
    omp_destroy_lock(&R->write_lock);
    return rc;
}
