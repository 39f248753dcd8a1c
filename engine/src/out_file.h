/* out_file.h: output files that appear only when complete.
 *
 * Each file is written as "<name>.tmp-<pid>" in the output directory and
 * renamed into place by nm_out_commit, so a crashed or killed run never leaves
 * a file that looks complete. */
#ifndef NM_OUT_FILE_H
#define NM_OUT_FILE_H

#include <stdio.h>

#include "newsmill/nm_error.h"

typedef struct nm_out {
    FILE *f;
    char *path;      /* final path */
    char *tmp_path;  /* where it is written until committed */
} nm_out;

/* Creates dir and its parents if missing; fails with NM_EIO naming the path. */
int nm_out_mkdirs(const char *dir, nm_err *err);

/* Opens dir/name for writing under its temporary name (with a 1 MiB buffer). */
int nm_out_open(nm_out *o, const char *dir, const char *name, nm_err *err);
/* Flushes, closes and renames into place; any write error is reported here. */
int nm_out_commit(nm_out *o, nm_err *err);
/* Closes and removes the temporary file; safe on a zeroed or closed nm_out. */
void nm_out_discard(nm_out *o);

/* dir + "/" + name, malloc'd, or NULL. */
char *nm_path_join(const char *dir, const char *name);

/* Removes a directory and the regular files directly inside it. */
void nm_rmdir_flat(const char *dir);

#endif
