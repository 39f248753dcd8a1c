/* stance_context_check.c: test driver for the given-target stance scorer
 * (ops/stance/stance_context.h), used by bench/eval_stance_newsmtsc.py and
 * tests/shared/stance_newsmtsc.sh. Reads lines "text TAB start TAB end" on
 * stdin (the text with TAB, newline and backslash escaped as \t, \n, \\;
 * start and end byte offsets into the unescaped text) and prints, per line,
 * "score TAB label" (label -1, 0 or 1), or "ERROR message". The lexicon is
 * the built-in news lexicon, or the file given as the first argument. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"
#include "stance/stance_context.h"

extern const char nm_sentiment_builtin_lexicon[];
extern const size_t nm_sentiment_builtin_lexicon_len;

/* Unescapes s[0, len) in place; returns the new length. */
static size_t unescape(char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && (s[i + 1] == 't' || s[i + 1] == 'n' || s[i + 1] == '\\')) {
            s[w++] = s[i + 1] == 't' ? '\t' : s[i + 1] == 'n' ? '\n' : '\\';
            i++;
        } else
            s[w++] = s[i];
    }
    return w;
}

int main(int argc, char **argv)
{
    nm_err err = { 0 };
    nm_lexicon *lx = NULL;
    int rc = argc > 1 ? nm_lexicon_load(argv[1], NM_LEXICON_AUTO, &lx, &err)
                      : nm_lexicon_parse(nm_sentiment_builtin_lexicon, nm_sentiment_builtin_lexicon_len,
                                         NM_LEXICON_TSV, "news_lexicon.tsv", &lx, &err);
    if (rc != 0) {
        fprintf(stderr, "stance_context_check: %s\n", err.msg);
        return 1;
    }
    nm_analyzer *az = nm_analyzer_new();
    if (!az) {
        nm_lexicon_free(lx);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        /* The two offsets are the last two TAB-separated fields (the text's own
           TABs are escaped, so a raw TAB always separates fields). */
        char *t2 = memrchr(line, '\t', len);
        char *t1 = t2 ? memrchr(line, '\t', (size_t)(t2 - line)) : NULL;
        if (!t1) {
            printf("ERROR expected text TAB start TAB end\n");
            continue;
        }
        line[len] = '\0';
        *t2 = '\0';
        char *e1, *e2;
        const unsigned long long start = strtoull(t1 + 1, &e1, 10);
        const unsigned long long end = strtoull(t2 + 1, &e2, 10);
        const size_t tlen = unescape(line, (size_t)(t1 - line));
        if (*e1 != '\0' || *e2 != '\0' || start > end || end > tlen) {
            printf("ERROR bad offsets\n");
            continue;
        }
        nm_analysis an;
        if (nm_analyze(az, line, tlen, &an, &err) != 0) {
            printf("ERROR %s\n", err.msg);
            continue;
        }
        const double s = stance_context_score(lx, line, &an, (size_t)start, (size_t)end);
        printf("%.17g\t%d\n", s, stance_context_label(s));
    }
    free(line);
    nm_analyzer_free(az);
    nm_lexicon_free(lx);
    return 0;
}
