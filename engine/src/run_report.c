/* run_report.c: run.json, the record of a complete run: version, command
 * line, inputs, document counts (read = processed + skipped), every
 * operator's options, seconds per phase and per operator, where the work
 * went (share), throughput. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "op_config.h"
#include "run_internal.h"

/* Options as a jansson object, going through the JSON writer so that the
 * values print exactly as they do everywhere else. */
static json_t *options_json(const nm_op *op, const void *config)
{
    nm_buf buf;
    nm_buf_init(&buf);
    nm_jw w;
    nm_jw_init(&w, &buf);
    nm_config_write_json(op, config, &w);
    json_t *j = buf.failed ? NULL : json_loadb(buf.data, buf.len, 0, NULL);
    nm_buf_free(&buf);
    return j ? j : json_object();
}

static double round_ms(double s)
{
    return (double)(long long)(s * 1000.0 + 0.5) / 1000.0;
}

/* Where the work went: seconds.ingest, seconds.analysis and each operator's
 * per-document plus merge/emit seconds, as fractions of their sum. Thread
 * time and wall time are added as they are: a rough map, not an audit. */
static json_t *share_json(const nm_run_state *R, double ingest)
{
    double work = ingest + R->analysis_seconds;
    for (size_t i = 0; i < R->n_ops; i++)
        work += R->ops[i].seconds + R->ops[i].agg_seconds;
    const double d = work > 1e-9 ? work : 1e-9;
    json_t *ops = json_object();
    for (size_t i = 0; i < R->n_ops; i++)
        json_object_set_new(ops, R->ops[i].op->name,
                            json_real(round_ms((R->ops[i].seconds + R->ops[i].agg_seconds) / d)));
    return json_pack("{s:f, s:f, s:o}", "ingest", round_ms(ingest / d), "analysis",
                     round_ms(R->analysis_seconds / d), "operators", ops);
}

int nm_run_report(const nm_run_state *R, nm_err *err)
{
    const nm_run_config *cfg = R->cfg;
    json_t *root = json_object();
    json_t *argv = json_array();
    for (int i = 0; i < cfg->argc; i++)
        json_array_append_new(argv, json_string(cfg->argv[i]));
    json_t *inputs = json_array();
    uint64_t decompressed = 0;
    for (size_t i = 0; i < nm_reader_input_count(R->reader); i++) {
        const uint64_t bytes = nm_reader_input_bytes(R->reader, i);
        const uint64_t dbytes = nm_reader_input_decompressed(R->reader, i);
        decompressed += dbytes;
        json_array_append_new(inputs, json_pack("{s:s, s:I, s:I, s:I}", "path",
                                                nm_reader_input_path(R->reader, i), "bytes",
                                                (json_int_t)bytes, "decompressed_bytes",
                                                (json_int_t)dbytes, "docs",
                                                (json_int_t)R->input_docs[i]));
    }
    json_t *ops = json_object();
    json_t *op_list = json_array();
    json_t *op_seconds = json_object();
    json_t *agg_seconds = json_object();
    for (size_t i = 0; i < R->n_ops; i++) {
        json_object_set_new(ops, R->ops[i].op->name, options_json(R->ops[i].op, R->ops[i].config));
        json_array_append_new(op_list, json_string(R->ops[i].op->name));
        json_object_set_new(op_seconds, R->ops[i].op->name, json_real(round_ms(R->ops[i].seconds)));
        json_object_set_new(agg_seconds, R->ops[i].op->name,
                            json_real(round_ms(R->ops[i].agg_seconds)));
    }
    const double ingest = nm_reader_busy_seconds(R->reader) + R->parse_seconds;
    const double total = R->t_emit - R->t_start;
    const double process = R->t_process - R->t_start;
    json_object_set_new(root, "newsmill", json_string(nm_version()));
    json_object_set_new(root, "command", argv);
    json_object_set_new(root, "inputs", inputs);
    json_object_set_new(root, "docs", json_pack("{s:I, s:I, s:I}", "read", (json_int_t)R->read,
                                                "processed", (json_int_t)R->processed, "skipped",
                                                (json_int_t)R->skipped));
    json_object_set_new(root, "damaged", json_integer((json_int_t)R->damage));
    json_object_set_new(root, "threads", json_integer(R->threads));
    json_object_set_new(root, "shard",
                        nm_run_sharded(cfg)
                            ? json_pack("{s:i, s:i}", "index", (int)cfg->shard_index, "count",
                                        (int)cfg->shard_count)
                            : json_null());
    json_object_set_new(root, "on_error",
                        json_string(cfg->on_error == NM_ON_ERROR_FAIL ? "fail" : "skip"));
    json_object_set_new(root, "operators", op_list);
    json_object_set_new(root, "options", ops);
    json_object_set_new(root, "seconds",
                        json_pack("{s:f, s:f, s:f, s:f, s:o, s:f, s:f, s:o}", "process",
                                  round_ms(process), "merge", round_ms(R->t_merge - R->t_process),
                                  "emit", round_ms(R->t_emit - R->t_merge), "total",
                                  round_ms(total), "operators", op_seconds, "ingest",
                                  round_ms(ingest), "analysis", round_ms(R->analysis_seconds),
                                  "aggregates", agg_seconds));
    json_object_set_new(root, "share", share_json(R, ingest));
    const double secs = total > 1e-9 ? total : 1e-9;
    json_object_set_new(root, "throughput",
                        json_pack("{s:I, s:I, s:f, s:f, s:f}", "input_bytes",
                                  (json_int_t)decompressed, "text_bytes",
                                  (json_int_t)R->text_bytes, "mb_per_s",
                                  round_ms((double)decompressed / 1e6 / secs), "text_mb_per_s",
                                  round_ms((double)R->text_bytes / 1e6 / secs), "docs_per_s",
                                  round_ms((double)R->processed / secs)));

    nm_out out;
    int rc = nm_out_open(&out, cfg->out_dir, "run.json", err);
    if (rc == 0) {
        if (json_dumpf(root, out.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) != 0)
            rc = nm_err_set(err, NM_EIO, "cannot write %s", out.path);
        fputc('\n', out.f);
        if (rc == 0)
            rc = nm_out_commit(&out, err);
        nm_out_discard(&out);
    }
    json_decref(root);
    return rc;
}
