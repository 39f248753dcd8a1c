/* cmd_run.c: `newsmill run`: command-line options -> nm_run_config. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "newsmill/nm_engine.h"
#include "registry.h"

static const char run_help[] =
    "usage: newsmill run [OPTIONS] INPUT...\n"
    "\n"
    "Analyses a corpus of JSON lines (one article per line). INPUT is a .jsonl.zst or .zst\n"
    "file (one zstd frame or many), a .jsonl file, a directory (its *.jsonl.zst, *.zst and\n"
    "*.jsonl files, sorted by name) or - for standard input (zstd or plain).\n"
    "\n"
    "options:\n"
    "  -o, --out DIR          output directory (default newsmill-out), created if missing\n"
    "      --ops LIST         comma-separated operators (default: all; see 'newsmill ops')\n"
    "  -t, --threads N        worker threads (default: all cores)\n"
    "      --set OP.KEY=VALUE set an operator option; repeatable\n"
    "      --field ROLE=NAME  JSON field for ROLE (text, id, title, date); repeatable or\n"
    "                         comma-separated: --field text=body,id=uid\n"
    "      --on-error MODE    skip (default): skip and record bad lines; fail: stop at the first\n"
    "      --max-line SIZE    longest accepted line (default 64M)\n"
    "      --shard I/N        process only shard I of N (0 <= I < N); combine with 'newsmill merge'\n"
    "  -q, --quiet            no progress line on stderr\n"
    "  -h, --help             this help\n"
    "\n"
    "outputs in DIR: docs.jsonl, <op>.jsonl aggregates, errors.jsonl, run.json\n";

enum { OPT_OPS = 256, OPT_SET, OPT_FIELD, OPT_ON_ERROR, OPT_MAX_LINE, OPT_SHARD };

static const struct option run_options[] = {
    {"out", required_argument, NULL, 'o'},       {"ops", required_argument, NULL, OPT_OPS},
    {"threads", required_argument, NULL, 't'},   {"set", required_argument, NULL, OPT_SET},
    {"field", required_argument, NULL, OPT_FIELD}, {"on-error", required_argument, NULL, OPT_ON_ERROR},
    {"max-line", required_argument, NULL, OPT_MAX_LINE}, {"shard", required_argument, NULL, OPT_SHARD},
    {"quiet", no_argument, NULL, 'q'},           {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* Applies "text=body,id=uid" to cfg. */
static int parse_fields(char *spec, nm_run_config *cfg)
{
    for (char *save = NULL, *item = strtok_r(spec, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        if (eq == NULL || eq[1] == '\0')
            return nm_cli_usage("run", "bad --field '%s': expected ROLE=NAME with ROLE text, id, title or date", item);
        *eq = '\0';
        const char *name = eq + 1;
        if (strcmp(item, "text") == 0) cfg->field_text = name;
        else if (strcmp(item, "id") == 0) cfg->field_id = name;
        else if (strcmp(item, "title") == 0) cfg->field_title = name;
        else if (strcmp(item, "date") == 0) cfg->field_date = name;
        else
            return nm_cli_usage("run", "bad --field role '%s': expected text, id, title or date", item);
    }
    return 0;
}

static void list_operators(char *out, size_t size)
{
    size_t n = 0, used = 0;
    const nm_op *const *ops = nm_registry(&n);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const int w = snprintf(out + used, size - used, "%s%s", i ? ", " : "", ops[i]->name);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
}

/* Fills choices from --ops (or every operator) and hands out the --set
 * settings to the operators they name. */
static int choose_ops(char *ops_list, char **sets, size_t n_sets, nm_op_choice *choices,
                      size_t *n_choices)
{
    char names[512];
    list_operators(names, sizeof names);
    size_t n = 0, reg_n = 0;
    const nm_op *const *reg = nm_registry(&reg_n);
    if (ops_list == NULL) {
        for (size_t i = 0; i < reg_n; i++)
            choices[n++].op = reg[i];
    } else {
        for (char *save = NULL, *item = strtok_r(ops_list, ",", &save); item;
             item = strtok_r(NULL, ",", &save)) {
            const nm_op *op = nm_registry_find(item, strlen(item));
            if (op == NULL)
                return nm_cli_usage("run", "unknown operator '%s'; operators: %s", item, names);
            for (size_t i = 0; i < n; i++)
                if (choices[i].op == op)
                    return nm_cli_usage("run", "operator '%s' named twice in --ops", item);
            choices[n++].op = op;
        }
        if (n == 0)
            return nm_cli_usage("run", "--ops names no operator; operators: %s", names);
    }
    for (size_t s = 0; s < n_sets; s++) {
        const char *dot = strchr(sets[s], '.');
        const char *eq = strchr(sets[s], '=');
        if (dot == NULL || eq == NULL || dot > eq)
            return nm_cli_usage("run", "bad --set '%s': expected OP.KEY=VALUE", sets[s]);
        const nm_op *op = nm_registry_find(sets[s], (size_t)(dot - sets[s]));
        if (op == NULL)
            return nm_cli_usage("run", "--set %s: unknown operator '%.*s'; operators: %s", sets[s],
                                (int)(dot - sets[s]), sets[s], names);
        nm_op_choice *c = NULL;
        for (size_t i = 0; i < n; i++)
            if (choices[i].op == op)
                c = &choices[i];
        if (c == NULL)
            return nm_cli_usage("run", "--set %s: operator '%s' is not in --ops", sets[s], op->name);
        c->settings[c->n_settings++] = dot + 1;
    }
    *n_choices = n;
    return 0;
}

static int parse_shard(const char *s, nm_run_config *cfg)
{
    unsigned i = 0, n = 0;
    char tail = 0;
    if (sscanf(s, "%u/%u%c", &i, &n, &tail) != 2 || n == 0 || i >= n)
        return nm_cli_usage("run", "bad --shard '%s': expected I/N with 0 <= I < N", s);
    cfg->shard_index = i;
    cfg->shard_count = n;
    return 0;
}

int nm_cmd_run(int argc, char **argv)
{
    /* The command line as typed, for run.json (getopt reorders argv). */
    char **typed = calloc((size_t)argc + 2, sizeof *typed);
    if (typed == NULL) {
        fputs("newsmill: out of memory\n", stderr);
        return NM_EXIT_FAIL;
    }
    static char program[] = "newsmill";
    typed[0] = program;
    for (int i = 0; i < argc; i++)
        typed[i + 1] = argv[i];
    nm_run_config cfg = {.out_dir = "newsmill-out", .argc = argc + 1, .argv = typed};
    char *ops_list = NULL;
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t reg_n = 0;
    nm_registry(&reg_n);
    nm_op_choice *choices = calloc(reg_n + 1, sizeof *choices);
    const char **settings = calloc((reg_n + 1) * ((size_t)argc + 1), sizeof *settings);
    if (!sets || !choices || !settings) {
        fputs("newsmill: out of memory\n", stderr);
        free(typed);
        free(sets);
        free(choices);
        free(settings);
        return NM_EXIT_FAIL;
    }
    for (size_t i = 0; i < reg_n + 1; i++)
        choices[i].settings = settings + i * ((size_t)argc + 1);
    size_t n_sets = 0;
    int status = -1, c;
    optind = 1;
    opterr = 0;
    while (status < 0 && (c = getopt_long(argc, argv, ":o:t:qh", run_options, NULL)) != -1) {
        switch (c) {
        case 'o': cfg.out_dir = optarg; break;
        case OPT_OPS: ops_list = optarg; break;
        case 't': {
            char *end = NULL;
            const long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 1 || v > 1024)
                status = nm_cli_usage("run", "bad --threads '%s': expected a number from 1 to 1024", optarg);
            cfg.threads = (unsigned)v;
            break;
        }
        case OPT_SET: sets[n_sets++] = optarg; break;
        case OPT_FIELD:
            if (parse_fields(optarg, &cfg) != 0)
                status = NM_EXIT_USAGE;
            break;
        case OPT_ON_ERROR:
            if (strcmp(optarg, "skip") == 0) cfg.on_error = NM_ON_ERROR_SKIP;
            else if (strcmp(optarg, "fail") == 0) cfg.on_error = NM_ON_ERROR_FAIL;
            else status = nm_cli_usage("run", "bad --on-error '%s': expected skip or fail", optarg);
            break;
        case OPT_MAX_LINE:
            if (nm_parse_size(optarg, &cfg.max_line) != 0 || cfg.max_line == 0)
                status = nm_cli_usage("run", "bad --max-line '%s': expected a size such as 64M", optarg);
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &cfg) != 0)
                status = NM_EXIT_USAGE;
            break;
        case 'q': cfg.quiet = true; break;
        case 'h': fputs(run_help, stdout); status = NM_EXIT_OK; break;
        case ':': status = nm_cli_usage("run", "option '%s' needs a value", argv[optind - 1]); break;
        default: status = nm_cli_usage("run", "unknown option '%s'", argv[optind - 1]); break;
        }
    }
    size_t n_choices = 0;
    if (status < 0 && choose_ops(ops_list, sets, n_sets, choices, &n_choices) != 0)
        status = NM_EXIT_USAGE;
    if (status < 0 && optind >= argc)
        status = nm_cli_usage("run", "no input given; try: newsmill run corpus.jsonl.zst");
    if (status < 0) {
        cfg.inputs = (const char *const *)(argv + optind);
        cfg.n_inputs = (size_t)(argc - optind);
        cfg.ops = choices;
        cfg.n_ops = n_choices;
        nm_err err = {0};
        nm_run_summary sum = {0};
        cfg.summary = &sum;
        status = nm_run(&cfg, &err) == 0 ? NM_EXIT_OK : nm_cli_fail(&err);
        if (status == NM_EXIT_OK && (sum.skipped || sum.damaged))
            fprintf(stderr,
                    "newsmill: warning: %" PRIu64 " of %" PRIu64 " lines skipped, %" PRIu64
                    " damaged input stretches; details in %s/errors.jsonl\n",
                    sum.skipped, sum.read, sum.damaged, cfg.out_dir);
    }
    free(typed);
    free(sets);
    free(choices);
    free(settings);
    return status;
}
