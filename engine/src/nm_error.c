/* nm_error.c: filling in nm_err records. */
#include "newsmill/nm_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int nm_err_set(nm_err *err, int code, const char *fmt, ...)
{
    if (err == NULL || err->code != 0)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* One line: a message must never break the "one stderr line" rule. */
    for (char *p = err->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return code;
}

void nm_err_clear(nm_err *err)
{
    if (err == NULL)
        return;
    err->code = 0;
    err->msg[0] = '\0';
}

const char *nm_err_name(int code)
{
    switch (code) {
    case NM_OK: return "ok";
    case NM_ENOMEM: return "out of memory";
    case NM_EIO: return "I/O error";
    case NM_EUSAGE: return "usage error";
    case NM_EINPUT: return "bad input";
    case NM_EFORMAT: return "malformed file";
    case NM_ESTOP: return "stopped";
    default: return "unknown error";
    }
}
