/* number_check.c: test driver for nm_numbers_find (tests/shared/numerals.sh).
 * Reads one text per line on stdin (with "\t" and "\n" escaped as \t, \n)
 * and prints, per line, every number found as
 * kind:noncount:value:high:start:end, separated by " | ". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_number.h"

int main(void) {
    nm_analyzer *az = nm_analyzer_new();
    if (!az) return 1;
    nm_number_list l = { 0 };
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n, w = 0;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        for (size_t i = 0; i < len; i++) {
            if (line[i] == '\\' && i + 1 < len && (line[i + 1] == 't' || line[i + 1] == 'n')) {
                line[w++] = line[i + 1] == 't' ? '\t' : '\n';
                i++;
            } else line[w++] = line[i];
        }
        nm_analysis an;
        nm_err err = { 0 };
        if (nm_analyze(az, line, w, &an, &err) != 0 || nm_numbers_find(&an, &l, &err) != 0) {
            printf("ERROR %s\n", err.msg);
            continue;
        }
        for (size_t i = 0; i < l.n; i++) {
            const nm_number *x = &l.items[i];
            printf("%s%s:%s:%.17g:%.17g:%u:%u:%s", i ? " | " : "", nm_num_kind_name(x->kind),
                   nm_num_noncount_name(x->noncount), x->value, x->high, x->start, x->end,
                   x->vague ? x->vague : "");
        }
        printf("\n");
    }
    free(line);
    nm_number_list_free(&l);
    nm_analyzer_free(az);
    return 0;
}
