/* fuzz_vader.c: libFuzzer target for the VADER scorer. Any valid UTF-8 text
 * (invalid input is cut to its valid prefix, as the engine guarantees valid
 * text) is scored with a small lexicon and emoji map: the scores must be
 * finite, compound within [-1, 1], the proportions non-negative and summing
 * to 1 (or all 0 for a text without tokens); the "but" rule's two
 * implementations must agree on the text's valences. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"
#include "sentiment/vader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char LEX[] = "good\t1.9\nbad\t-2.5\nno\t-1.2\nkind\t2.4\nheart\t3.2\n:)\t2\n"
                          "bomb\t-2.2\nstop\t-1.2\nfed up\t-1.8\n\xc3\xa9t\xc3\xa9\t1\n";
static const char EMOJI[] = "\xe2\x9d\xa4\tred heart\n\xf0\x9f\x94\x9b\tON! arrow\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nm_lexicon *lx[2];
    static vader_model *m[2];
    if (m[0] == NULL) {
        nm_err err = {0};
        if (nm_lexicon_parse(LEX, sizeof LEX - 1, NM_LEXICON_TSV, "lex", &lx[0], &err) != 0 ||
            nm_lexicon_parse(LEX, sizeof LEX - 1, NM_LEXICON_TSV, "lex", &lx[1], &err) != 0 ||
            vader_model_new(lx[0], false, &m[0], &err) != 0 ||
            vader_model_new(lx[1], true, &m[1], &err) != 0 ||
            vader_model_parse_emoji(m[1], EMOJI, sizeof EMOJI - 1, "emoji", &err) != 0)
            abort();
    }
    const char *text = (const char *)data;
    const size_t len = nm_utf8_valid_prefix(text, size);
    vader_scratch sc = {0};
    for (int k = 0; k < 2; k++) {
        vader_scores s;
        if (vader_score(m[k], &sc, text, len, &s) != 0)
            abort();
        if (!isfinite(s.compound) || fabs(s.compound) > 1 || s.neg < 0 || s.neu < 0 || s.pos < 0)
            abort();
        const double total = s.neg + s.neu + s.pos;
        if (total != 0 && fabs(total - 1) > 1e-9)
            abort();
        const double *S;
        size_t n;
        double amp;
        if (vader_valences(m[k], &sc, text, len, &S, &n, &amp) != 0)
            abort();
        if (n > 0) {
            double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            uint32_t *aux = malloc(vader_but_aux_size(n) * sizeof *aux);
            memcpy(a, S, n * sizeof *a);
            memcpy(b, S, n * sizeof *b);
            vader_but_scan(a, n, n / 2, aux);
            vader_but_indexed(b, n, n / 2, aux);
            for (size_t i = 0; i < n; i++)
                if (a[i] != b[i])
                    abort();
            free(a);
            free(b);
            free(aux);
        }
    }
    vader_scratch_free(&sc);
    return 0;
}
