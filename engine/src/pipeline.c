/* pipeline.c: the parallel heart of a run.
 *
 * One thread (an OpenMP `single`) reads chunks of whole lines in input order
 * and hands each to a task; any thread runs a task: it parses the lines,
 * analyses each document once and calls every operator on the thread's own
 * state. Results land in the batch's buffers; when a batch is done, whichever
 * thread finishes it writes every batch that is now next in input order. So
 * docs.jsonl and errors.jsonl never depend on the thread count or timing.
 *
 * At most `window` batches are in flight: when the ring is full the reading
 * thread waits for the tasks (and runs some itself), which bounds memory. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "run_internal.h"

static bool stopped(const nm_run_state *R)
{
    return __atomic_load_n(&R->stop, __ATOMIC_ACQUIRE) != 0;
}

static void request_stop(nm_run_state *R)
{
    __atomic_store_n(&R->stop, 1, __ATOMIC_RELEASE);
}

static const char *base_name(const char *path)
{
    if (strcmp(path, "-") == 0)
        return "stdin";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Appends one errors.jsonl record. line 0 means unknown (null). */
static void add_error_record(nm_batch *b, const char *file, uint64_t line, const char *msg,
                             bool sharded, uint64_t pos)
{
    nm_jw w;
    nm_jw_init(&w, &b->errors);
    nm_jw_object_begin(&w);
    nm_jw_key(&w, "file");
    nm_jw_cstring(&w, file);
    nm_jw_key(&w, "line");
    if (line)
        nm_jw_u64(&w, line);
    else
        nm_jw_null(&w);
    nm_jw_key(&w, "error");
    nm_jw_cstring(&w, msg);
    nm_jw_object_end(&w);
    nm_buf_putc(&b->errors, '\n');
    if (sharded) {
        nm_buf_u64(&b->errors_pos, pos);
        nm_buf_putc(&b->errors_pos, '\n');
    }
}

static bool in_shard(const nm_run_config *cfg, uint64_t ordinal)
{
    return !nm_run_sharded(cfg) || ordinal % cfg->shard_count == cfg->shard_index;
}

/* Records a bad line: skipped (and reported), or the reason to stop. */
static void bad_line(const nm_run_state *R, nm_batch *b, const char *file, uint64_t line,
                     uint64_t ordinal, const char *why)
{
    b->read++;
    b->skipped++;
    add_error_record(b, file, line, why, nm_run_sharded(R->cfg), nm_pos_line(ordinal));
    if (R->cfg->on_error == NM_ON_ERROR_FAIL) {
        b->failed_line = true;
        nm_err_set(&b->err, NM_EINPUT, "%s:%" PRIu64 ": %s (stopped by --on-error fail; use --on-error skip to skip bad lines)",
                   file, line, why);
    }
}

/* Reader events come before the chunk's lines in input order. */
static void add_events(const nm_run_state *R, nm_batch *b)
{
    const nm_chunk *c = &b->chunk;
    for (size_t i = 0; i < c->n_events && !b->failed_line; i++) {
        const nm_read_event *ev = &c->events[i];
        const char *file = nm_reader_input_path(R->reader, ev->input);
        const uint64_t base = R->input_base[ev->input];
        if (ev->kind == NM_EV_BAD_LINE) {
            const uint64_t ordinal = base + ev->line - 1;
            if (in_shard(R->cfg, ordinal))
                bad_line(R, b, file, ev->line, ordinal, ev->msg);
            continue;
        }
        /* Damage belongs to no line: shard 0 reports it, keyed before the
         * line that follows it. */
        const uint64_t next = ev->input == c->input ? base + c->first_line - 1 : base;
        if (nm_run_sharded(R->cfg) && R->cfg->shard_index != 0)
            continue;
        b->damage++;
        add_error_record(b, file, ev->line, ev->msg, nm_run_sharded(R->cfg), nm_pos_damage(next));
        if (R->cfg->on_error == NM_ON_ERROR_FAIL) {
            b->failed_line = true;
            nm_err_set(&b->err, NM_EINPUT, "%s: %s (stopped by --on-error fail)", file, ev->msg);
        }
    }
}

/* One document through every operator; writes its docs.jsonl line. */
static int process_doc(nm_run_state *R, nm_batch *b, unsigned t, nm_doc *doc)
{
    nm_analysis an;
    nm_err err = {0};
    double t0 = omp_get_wtime();
    int rc = nm_analyze(R->workers[t].az, doc->text, doc->text_len, &an, &err);
    double t1 = omp_get_wtime();
    b->analysis_seconds += t1 - t0;
    if (rc != 0) {
        nm_err_set(&b->err, rc, "%s", err.msg);
        return rc;
    }
    const size_t mark = b->docs.len;
    nm_jw w;
    nm_jw_init(&w, &b->docs);
    nm_jw_object_begin(&w);
    nm_jw_key(&w, "id");
    nm_jw_string(&w, doc->id, doc->id_len);
    for (size_t i = 0; i < R->n_ops; i++) {
        const nm_run_op *ro = &R->ops[i];
        if (ro->op->doc == NULL)
            continue;
        const nm_op_env env = {.config = ro->config, .shared = ro->shared, .tmp_dir = R->tmp_dir,
                               .threads = R->threads, .thread = t};
        if (ro->op->doc_fields)
            nm_jw_key(&w, ro->op->name);
        t0 = t1;
        rc = ro->op->doc(&env, ro->states[t], doc, &an, &w, &err);
        t1 = omp_get_wtime();
        b->op_seconds[i] += t1 - t0;
        if (rc != 0) {
            b->docs.len = mark;
            nm_err_set(&b->err, rc, "operator %s failed on document %.*s: %s", ro->op->name,
                       (int)(doc->id_len > 80 ? 80 : doc->id_len), doc->id, err.msg);
            return rc;
        }
    }
    nm_jw_object_end(&w);
    nm_buf_putc(&b->docs, '\n');
    if (b->docs.failed)
        return nm_err_set(&b->err, NM_ENOMEM, "out of memory");
    if (nm_run_sharded(R->cfg)) {
        nm_buf_u64(&b->docs_pos, nm_pos_line(doc->seq));
        nm_buf_putc(&b->docs_pos, '\n');
    }
    b->text_bytes += doc->text_len;
    return 0;
}

static void process_lines(nm_run_state *R, nm_batch *b, unsigned t)
{
    const nm_chunk *c = &b->chunk;
    const char *file = nm_reader_input_path(R->reader, c->input);
    const uint64_t base = R->input_base[c->input];
    const char *p = c->data, *const end = c->data + c->len;
    for (uint64_t line = c->first_line; p < end && !b->failed_line; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const size_t len = (size_t)(line_end - p);
        const char *start = p;
        p = nl ? nl + 1 : end;
        const uint64_t ordinal = base + line - 1;
        if (!in_shard(R->cfg, ordinal) || nm_line_is_blank(start, len))
            continue;
        if (stopped(R))
            return;
        nm_parsed_line parsed;
        nm_doc doc;
        const double t0 = omp_get_wtime();
        const bool ok = nm_line_parse(start, len, &R->fields, &parsed, &doc);
        b->parse_seconds += omp_get_wtime() - t0;
        if (!ok) {
            nm_line_release(&parsed);
            bad_line(R, b, file, line, ordinal, parsed.why);
            continue;
        }
        char id_buf[300];
        if (doc.id == NULL) {
            const int n = snprintf(id_buf, sizeof id_buf, "%s:%" PRIu64, base_name(file), line);
            doc.id = id_buf;
            doc.id_len = n < (int)sizeof id_buf ? (size_t)n : sizeof id_buf - 1;
        }
        doc.seq = ordinal;
        b->read++;
        const int rc = process_doc(R, b, t, &doc);
        nm_line_release(&parsed);
        if (rc != 0) {
            request_stop(R);
            return;
        }
        b->processed++;
    }
}

static void batch_reset(nm_batch *b)
{
    nm_buf_reset(&b->docs);
    nm_buf_reset(&b->errors);
    nm_buf_reset(&b->docs_pos);
    nm_buf_reset(&b->errors_pos);
    b->read = b->processed = b->skipped = b->damage = b->text_bytes = 0;
    b->failed_line = false;
    nm_err_clear(&b->err);
    memset(b->op_seconds, 0, sizeof b->op_seconds);
    b->parse_seconds = b->analysis_seconds = 0.0;
}

static void write_buf(nm_run_state *R, nm_out *o, const nm_buf *buf)
{
    if (buf->len && fwrite(buf->data, 1, buf->len, o->f) != buf->len && R->stop_err.code == 0) {
        nm_err_set(&R->stop_err, NM_EIO, "cannot write %s: disk full or I/O error", o->path);
        request_stop(R);
    }
}

/* Writes one finished batch (called in input order, under write_lock). */
static void write_batch(nm_run_state *R, nm_batch *b)
{
    if (R->stop_err.code != 0)
        return; /* the run already failed: nothing more is written */
    if (b->failed_line || b->err.code != 0) {
        /* Earliest in input order, because batches are written in order. */
        R->stop_err = b->err;
        if (R->stop_err.code == 0)
            nm_err_set(&R->stop_err, NM_EINPUT, "bad input");
        request_stop(R);
        return;
    }
    write_buf(R, &R->docs_out, &b->docs);
    write_buf(R, &R->errors_out, &b->errors);
    if (nm_run_sharded(R->cfg)) {
        write_buf(R, &R->docs_pos_out, &b->docs_pos);
        write_buf(R, &R->errors_pos_out, &b->errors_pos);
    }
    R->read += b->read;
    R->processed += b->processed;
    R->skipped += b->skipped;
    R->damage += b->damage;
    R->text_bytes += b->text_bytes;
    R->out_bytes += b->chunk.len;
    R->input_docs[b->chunk.input] += b->processed;
    for (size_t i = 0; i < R->n_ops && i < 16; i++)
        R->ops[i].seconds += b->op_seconds[i];
    R->parse_seconds += b->parse_seconds;
    R->analysis_seconds += b->analysis_seconds;
}

static void finish_batch(nm_run_state *R, nm_batch *b)
{
    omp_set_lock(&R->write_lock);
    b->done = true;
    for (;;) {
        nm_batch *next = &R->slots[R->written % R->window];
        if (R->written == R->produced || !next->done)
            break;
        write_batch(R, next);
        next->done = false;
        __atomic_store_n(&R->written, R->written + 1, __ATOMIC_RELEASE);
    }
    omp_unset_lock(&R->write_lock);
}

static void process_batch(nm_run_state *R, nm_batch *b)
{
    const unsigned t = (unsigned)omp_get_thread_num();
    if (!stopped(R)) {
        add_events(R, b);
        if (!b->failed_line)
            process_lines(R, b, t);
    }
    finish_batch(R, b);
}

/* Keeps input positions: the ordinal of line 1 of every input up to i. */
static void advance_input(nm_run_state *R, size_t input)
{
    while (R->cur_input < input) {
        R->input_base[R->cur_input + 1] = R->input_base[R->cur_input] + R->input_lines[R->cur_input];
        R->cur_input++;
    }
}

static void note_lines(nm_run_state *R, const nm_chunk *c)
{
    for (size_t i = 0; i < c->n_events; i++) {
        advance_input(R, c->events[i].input);
        if (c->events[i].line > R->input_lines[c->events[i].input])
            R->input_lines[c->events[i].input] = c->events[i].line;
    }
    advance_input(R, c->input);
    if (c->n_lines && c->first_line + c->n_lines - 1 > R->input_lines[c->input])
        R->input_lines[c->input] = c->first_line + c->n_lines - 1;
}

static void show_progress(nm_run_state *R, bool final)
{
    if (R->cfg->quiet || !isatty(STDERR_FILENO))
        return;
    const double now = omp_get_wtime();
    if (!final && now - R->last_progress < 0.25)
        return;
    R->last_progress = now;
    omp_set_lock(&R->write_lock);
    const uint64_t bytes = R->out_bytes, docs = R->processed;
    omp_unset_lock(&R->write_lock);
    const double secs = now - R->t_start > 1e-9 ? now - R->t_start : 1e-9;
    const uint64_t total = nm_reader_total_bytes(R->reader);
    const uint64_t consumed = nm_reader_consumed_bytes(R->reader);
    char eta[32] = "";
    if (total && consumed && consumed <= total && !final) {
        const double left = secs * (double)(total - consumed) / (double)consumed;
        snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
    }
    fprintf(stderr, "\rnewsmill: %.1f MB, %" PRIu64 " docs, %.1f MB/s, %.0f docs/s%s\033[K%s",
            (double)bytes / 1e6, docs, (double)bytes / 1e6 / secs, (double)docs / secs, eta,
            final ? "\n" : "");
    R->progress_shown = true;
}

int nm_pipeline_run(nm_run_state *R, nm_err *err)
{
    int read_rc = 0;
    nm_err read_err = {0};
#pragma omp parallel num_threads((int)R->threads)
#pragma omp single
    {
        while (!stopped(R)) {
            if (R->produced - __atomic_load_n(&R->written, __ATOMIC_ACQUIRE) >= R->window) {
#pragma omp taskwait
                continue;
            }
            nm_batch *b = &R->slots[R->produced % R->window];
            batch_reset(b);
            const int got = nm_reader_next(R->reader, &b->chunk, &read_err);
            if (got <= 0) {
                read_rc = got;
                break;
            }
            note_lines(R, &b->chunk);
            b->seq = R->produced;
            omp_set_lock(&R->write_lock);
            R->produced++;
            omp_unset_lock(&R->write_lock);
#pragma omp task firstprivate(b) default(none) shared(R)
            process_batch(R, b);
            show_progress(R, false);
        }
#pragma omp taskwait
    }
    if (R->progress_shown)
        show_progress(R, true);
    if (read_rc < 0) {
        *err = read_err;
        if (err->code == 0)
            nm_err_set(err, read_rc, "reading the input failed");
        return err->code;
    }
    if (R->stop_err.code != 0) {
        *err = R->stop_err;
        return err->code;
    }
    return 0;
}
