/* fuzz_lexicon.c: libFuzzer target for the lexicon loader (nm_lexicon.h) and
 * the VADER emoji loader. Any bytes, read in every format, must give either a
 * lexicon whose every key is found again with its value, or an error with a
 * message; never a crash or a leak. A lexicon that loads also builds a VADER
 * model that scores a fixed text with sane results. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_lexicon.h"
#include "sentiment/vader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    for (int f = NM_LEXICON_AUTO; f <= NM_LEXICON_TSV; f++) {
        nm_lexicon *lx = NULL;
        nm_err err = {0};
        const int rc = nm_lexicon_parse(text, size, (nm_lexicon_format)f, "fuzz", &lx, &err);
        if (rc != 0) {
            if (lx != NULL || err.code != rc || err.msg[0] == '\0')
                abort();
            continue;
        }
        for (size_t i = 0; i < nm_lexicon_count(lx); i++) {
            const char *k;
            size_t len;
            double v, w;
            nm_lexicon_entry(lx, i, &k, &len, &v);
            if (!nm_lexicon_get(lx, k, len, &w) || w != v || !isfinite(v) || fabs(v) > 5)
                abort();
        }
        vader_model *m = NULL;
        if (vader_model_new(lx, f != NM_LEXICON_VADER, &m, &err) == 0) {
            static const char probe[] = "The talks were NOT very good, but :) peace is kind of near!!";
            vader_scratch sc = {0};
            vader_scores s;
            if (vader_score(m, &sc, probe, sizeof probe - 1, &s) != 0 || !(fabs(s.compound) <= 1) ||
                !(s.neg >= 0 && s.neu >= 0 && s.pos >= 0))
                abort();
            nm_err e2 = {0};
            if (vader_model_parse_emoji(m, text, size, "fuzz-emoji", &e2) != 0 && e2.msg[0] == '\0')
                abort();
            vader_scratch_free(&sc);
        }
        vader_model_free(m);
        nm_lexicon_free(lx);
    }
    return 0;
}
