/* fuzz_ngrams_state.c: libFuzzer target for the ngrams operator's shard state
 * loader (ops/ngrams/ngram_state_io.c). Any bytes must either load, or fail
 * with an error code and a message; never crash or leak. Inputs whose first
 * byte is odd are taken as a body: the target wraps them in a valid header
 * and checksum, so the fuzzer reaches the body parser instead of stopping at
 * the checksum. A state that loads must emit, save, and load again to the
 * same output. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "newsmill/nm_engine.h"
#include "newsmill/nm_op.h"

extern const nm_op nm_op_ngrams;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char header[] =
    "newsmill ngrams state 1\nmin_n 1\nmax_n 3\nspan sentence\nstopwords none\nbody\n";

/* Emits the state into a malloc'd string. */
static char *emit(const nm_op_env *env, void *state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        abort();
    nm_err err = {0};
    if (nm_op_ngrams.emit(env, state, f, &err) != 0)
        abort();
    fclose(f);
    return buf;
}

static void *new_state(const nm_op_env *env)
{
    void *st = aligned_alloc(64, (nm_op_ngrams.state_size + 63) / 64 * 64);
    if (st == NULL)
        abort();
    memset(st, 0, nm_op_ngrams.state_size);
    nm_err err = {0};
    if (nm_op_ngrams.init(env, st, &err) != 0)
        abort();
    return st;
}

static void free_state(const nm_op_env *env, void *st)
{
    nm_op_ngrams.fini(env, st);
    free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *settings[] = {"min_n=1", "max_n=3", "memory=16M"};
    void *cfg = NULL, *shared = NULL;
    nm_err err = {0};
    if (nm_config_parse(&nm_op_ngrams, settings, 3, &cfg, &err) != 0 ||
        nm_op_ngrams.prepare(cfg, &shared, &err) != 0)
        abort();
    const nm_op_env env = {.config = cfg, .shared = shared, .tmp_dir = NULL, .threads = 1};

    /* The file to load: the input as is, or (odd first byte) a wrapped body. */
    FILE *in = tmpfile();
    if (in == NULL)
        abort();
    if (size > 0 && (data[0] & 1)) {
        const uint64_t sum = XXH64(data + 1, size - 1, 0);
        unsigned char le[8];
        for (int i = 0; i < 8; i++)
            le[i] = (unsigned char)(sum >> (8 * i));
        fputs(header, in);
        fwrite(data + 1, 1, size - 1, in);
        fwrite(le, 1, 8, in);
    } else {
        fwrite(data, 1, size, in);
    }
    rewind(in);

    void *st = new_state(&env);
    const int rc = nm_op_ngrams.load(&env, st, in, "fuzz.state", &err);
    fclose(in);
    if (rc != 0) {
        if (err.code != rc || err.msg[0] == '\0')
            abort();
    } else {
        /* Loaded: save, load into a fresh state, and both emit the same. */
        FILE *saved = tmpfile();
        if (saved == NULL || nm_op_ngrams.save(&env, st, saved, &err) != 0)
            abort();
        char *a = emit(&env, st);
        rewind(saved);
        void *st2 = new_state(&env);
        if (nm_op_ngrams.load(&env, st2, saved, "saved.state", &err) != 0)
            abort();
        char *b = emit(&env, st2);
        if (strcmp(a, b) != 0)
            abort();
        free(a);
        free(b);
        free_state(&env, st2);
        fclose(saved);
    }
    free_state(&env, st);
    nm_op_ngrams.release(shared);
    nm_config_free(&nm_op_ngrams, cfg);
    return 0;
}
