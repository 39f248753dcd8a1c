/* cmd_merge_pack.c: `newsmill merge` and `newsmill pack`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "newsmill/nm_engine.h"
#include "registry.h"

static const char merge_help[] =
    "usage: newsmill merge -o DIR SHARD_DIR...\n"
    "\n"
    "Combines the outputs of 'newsmill run --shard I/N' for all N shards into DIR,\n"
    "byte-identical to the unsharded run (run.json aside).\n"
    "  -o, --out DIR   output directory (required)\n"
    "  -q, --quiet     no progress output\n";

static const char pack_help[] =
    "usage: newsmill pack [OPTIONS] -o OUT INPUT...\n"
    "\n"
    "Writes the inputs' lines as a multi-frame .jsonl.zst: frames cut at line boundaries,\n"
    "each with its content size and checksum, readable by 'zstd -d' and decompressed in\n"
    "parallel by 'newsmill run'.\n"
    "  -o, --out OUT        output file, or - for standard output (required)\n"
    "      --frame-size SIZE  largest uncompressed frame (default 1M)\n"
    "  -l, --level N        zstd level 1..22 (default 19)\n"
    "  -t, --threads N      compression threads (default: all cores)\n"
    "  -q, --quiet          no warnings about damaged input\n";

int nm_cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL;
    bool quiet = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'q': quiet = true; break;
        case 'h': fputs(merge_help, stdout); return NM_EXIT_OK;
        case ':': return nm_cli_usage("merge", "option '%s' needs a value", argv[optind - 1]);
        default: return nm_cli_usage("merge", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (out == NULL)
        return nm_cli_usage("merge", "missing -o DIR");
    if (optind >= argc)
        return nm_cli_usage("merge", "no shard directories given");
    size_t n = 0;
    const nm_op *const *reg = nm_registry(&n);
    nm_err err = {0};
    if (nm_merge(out, (const char *const *)(argv + optind), (size_t)(argc - optind), reg, n, quiet,
                 &err) != 0)
        return nm_cli_fail(&err);
    return NM_EXIT_OK;
}

int nm_cmd_pack(int argc, char **argv)
{
    enum { OPT_FRAME_SIZE = 256 };
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"frame-size", required_argument, NULL, OPT_FRAME_SIZE},
                                         {"level", required_argument, NULL, 'l'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    nm_pack_config cfg = {0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:l:t:qh", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'o': cfg.out_path = optarg; break;
        case OPT_FRAME_SIZE: {
            uint64_t v = 0;
            if (nm_parse_size(optarg, &v) != 0 || v < 1024 || v > (1u << 30))
                return nm_cli_usage("pack", "bad --frame-size '%s': expected a size from 1K to 1G", optarg);
            cfg.frame_size = (size_t)v;
            break;
        }
        case 'l': {
            const long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 1 || v > 22)
                return nm_cli_usage("pack", "bad --level '%s': expected 1 to 22", optarg);
            cfg.level = (int)v;
            break;
        }
        case 't': {
            const long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 1 || v > 1024)
                return nm_cli_usage("pack", "bad --threads '%s': expected 1 to 1024", optarg);
            cfg.threads = (unsigned)v;
            break;
        }
        case 'q': cfg.quiet = true; break;
        case 'h': fputs(pack_help, stdout); return NM_EXIT_OK;
        case ':': return nm_cli_usage("pack", "option '%s' needs a value", argv[optind - 1]);
        default: return nm_cli_usage("pack", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (cfg.out_path == NULL)
        return nm_cli_usage("pack", "missing -o OUT");
    if (optind >= argc)
        return nm_cli_usage("pack", "no input given");
    cfg.inputs = (const char *const *)(argv + optind);
    cfg.n_inputs = (size_t)(argc - optind);
    nm_err err = {0};
    if (nm_pack(&cfg, &err) != 0)
        return nm_cli_fail(&err);
    return NM_EXIT_OK;
}
