/* ingest_bench.c: measures newsmill's ingest path alone: zstd decompression,
 * line cutting, UTF-8 validation, JSON parsing and field extraction, with the
 * engine's own reader and line parser, at a given thread count. It is the
 * "decompress + parse + field extraction" figure of bench/README.md.
 *
 * usage: ingest_bench THREADS INPUT...   (prints one JSON object) */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "line_parse.h"
#include "reader.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ingest_bench THREADS INPUT...\n");
        return 2;
    }
    const int threads = atoi(argv[1]);
    const nm_reader_opts opts = {.chunk_bytes = 2u << 20, .max_line = 64u << 20,
                                 .threads = (unsigned)threads};
    nm_reader *r = NULL;
    nm_err err = {0};
    if (nm_reader_open(&r, (const char *const *)(argv + 2), (size_t)(argc - 2), &opts, &err) != 0) {
        fprintf(stderr, "ingest_bench: %s\n", err.msg);
        return 1;
    }
    static const nm_field_names names = {"text", "id", "title", "date"};
    unsigned long long bytes = 0, docs = 0, bad = 0, text_bytes = 0;
    const double t0 = omp_get_wtime();
    nm_chunk chunk;
    memset(&chunk, 0, sizeof chunk);
    /* Lines of each chunk are parsed by all threads; chunks are read on one. */
#pragma omp parallel num_threads(threads)
#pragma omp single
    for (;;) {
        const int got = nm_reader_next(r, &chunk, &err);
        if (got <= 0)
            break;
        bytes += chunk.len;
        const char *p = chunk.data, *end = chunk.data + chunk.len;
        unsigned long long d = 0, b = 0, tb = 0;
        /* clang's taskloop lowering converts the trip count with sign and width
         * changes of its own, which -Wsign-conversion flags on this line. */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wsign-conversion"
#pragma clang diagnostic ignored "-Wshorten-64-to-32"
#endif
#pragma omp taskloop reduction(+ : d, b, tb) grainsize(1)
        for (int part = 0; part < 64; part++) {
            /* Each part takes the lines starting in its slice of the chunk. */
            const size_t n = (size_t)(end - p);
            const char *s = p + n * (size_t)part / 64, *e = p + n * (size_t)(part + 1) / 64;
            if (part > 0) {
                const char *nl = memchr(s - 1, '\n', (size_t)(end - (s - 1)));
                s = nl ? nl + 1 : end;
            }
            if (part < 63) {
                const char *nl = memchr(e - 1, '\n', (size_t)(end - (e - 1)));
                e = nl ? nl + 1 : end;
            }
            while (s < e) {
                const char *nl = memchr(s, '\n', (size_t)(e - s));
                const size_t len = (size_t)((nl ? nl : e) - s);
                nm_parsed_line pl;
                nm_doc doc;
                if (nm_line_parse(s, len, &names, &pl, &doc)) {
                    d++;
                    tb += doc.text_len;
                } else {
                    b++;
                }
                nm_line_release(&pl);
                s = nl ? nl + 1 : e;
            }
        }
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
        docs += d;
        bad += b;
        text_bytes += tb;
    }
    const double secs = omp_get_wtime() - t0;
    printf("{\"threads\":%d,\"seconds\":%.3f,\"jsonl_bytes\":%llu,\"text_bytes\":%llu,\"docs\":%llu,"
           "\"bad_lines\":%llu,\"mb_per_s\":%.1f}\n",
           threads, secs, bytes, text_bytes, docs, bad, (double)bytes / 1e6 / secs);
    nm_chunk_free(&chunk);
    nm_reader_free(r);
    return 0;
}
