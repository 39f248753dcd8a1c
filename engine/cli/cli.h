/* cli.h: the newsmill program's commands. Each returns the process exit
 * status: 0 success, 1 the run failed, 2 usage error. */
#ifndef NM_CLI_H
#define NM_CLI_H

#include "newsmill/nm_error.h"

enum { NM_EXIT_OK = 0, NM_EXIT_FAIL = 1, NM_EXIT_USAGE = 2 };

int nm_cmd_run(int argc, char **argv);
int nm_cmd_ops(int argc, char **argv);
int nm_cmd_merge(int argc, char **argv);
int nm_cmd_pack(int argc, char **argv);

/* Prints "newsmill: <message>" for err and maps its code to an exit status. */
int nm_cli_fail(const nm_err *err);
/* Prints "newsmill: <message>" and a hint, returns NM_EXIT_USAGE. */
int nm_cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
