/* main.c: the newsmill program: dispatches to a command. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "newsmill/nm_engine.h"

static const char usage_text[] =
    "newsmill: a batch engine for news corpora\n"
    "\n"
    "usage:\n"
    "  newsmill run [OPTIONS] INPUT...         analyse a corpus (.jsonl.zst, .jsonl, dir, -)\n"
    "  newsmill ops [NAME]                     list operators, their options and output fields\n"
    "  newsmill merge -o DIR SHARD_DIR...      combine the outputs of sharded runs\n"
    "  newsmill pack [OPTIONS] -o OUT INPUT... write a corpus as multi-frame .jsonl.zst\n"
    "  newsmill --version | --help | COMMAND --help\n";

int nm_cli_fail(const nm_err *err)
{
    fprintf(stderr, "newsmill: %s\n", err->msg[0] ? err->msg : nm_err_name(err->code));
    return err->code == NM_EUSAGE ? NM_EXIT_USAGE : NM_EXIT_FAIL;
}

int nm_cli_usage(const char *command, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "newsmill: %s (see 'newsmill %s --help')\n", msg, command);
    return NM_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return NM_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("newsmill %s\n", nm_version());
        return NM_EXIT_OK;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return NM_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return nm_cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "ops") == 0)
        return nm_cmd_ops(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return nm_cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "pack") == 0)
        return nm_cmd_pack(argc - 1, argv + 1);
    fprintf(stderr, "newsmill: unknown command '%s'; commands: run, ops, merge, pack (see 'newsmill --help')\n", cmd);
    return NM_EXIT_USAGE;
}
