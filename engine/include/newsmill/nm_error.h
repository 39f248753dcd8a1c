/* nm_error.h: error codes and the error record every fallible call fills in.
 *
 * Functions return 0 on success or a negative NM_E* code; the human-readable
 * detail (what, where, what to do) goes into a caller-owned nm_err. */
#ifndef NM_ERROR_H
#define NM_ERROR_H

#include <stddef.h>

enum {
    NM_OK = 0,
    NM_ENOMEM = -1,   /* allocation failed */
    NM_EIO = -2,      /* a file could not be opened, read or written */
    NM_EUSAGE = -3,   /* bad option, value or command line: exit status 2 */
    NM_EINPUT = -4,   /* bad input data (a malformed line, a corrupt frame) */
    NM_EFORMAT = -5,  /* a malformed auxiliary file (lexicon, stopwords, state) */
    NM_ESTOP = -6     /* the run was stopped on purpose (--on-error fail) */
};

#define NM_ERR_MSG_MAX 512

typedef struct nm_err {
    int code;                  /* 0 or an NM_E* code */
    char msg[NM_ERR_MSG_MAX];  /* one line, no trailing newline */
} nm_err;

/* Records code and a printf-style message in err (which may be NULL) and
 * returns code, so callers can write `return nm_err_set(err, NM_EIO, ...)`.
 * Keeps the first error: a second call on an err that already holds one is
 * ignored, so the root cause survives cleanup paths. Thread-safe for distinct
 * err objects. */
int nm_err_set(nm_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to "no error". */
void nm_err_clear(nm_err *err);

/* A short name for an error code ("out of memory", "I/O error", ...). */
const char *nm_err_name(int code);

#endif
