/* fuzz_stance_dict.c: libFuzzer target for the stance operator's actor
 * dictionary parser (ops/stance/stance_dict.c, format in
 * ops/stance/actors/README.md). Any bytes, read as a built-in file (gen 0)
 * and as a user file overriding a small base (gen 1), must give either a
 * dictionary or an error with a message naming the file; never a crash or a
 * leak. A dictionary that loads must then find mentions and relations in a
 * fixed text and in the input read as text, with every mention inside the
 * text and a well-formed actor code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_text.h"
#include "stance/stance_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char BASE[] = "ARM\tname\tarmenia\t-\t-\t-\t-\n"
                           "ARM\tadj\tarmenian\t-\t-\t-\tamb_ethnic\n"
                           "AZE\tcapital\tbaku\t-\t-\tGOV\tmetonym\n"
                           "AZE\tleader\taliyev\t2003-10-31\t-\tGOV\tsurname\n"
                           "~MIL\tagent\ttroops\t-\t-\tMIL\t-\n";

static const char PROBE[] = "Armenian troops shelled Baku, President Aliyev said on Monday. "
                            "\"We condemn Armenia,\" the U.S. State Department said, while "
                            "Turkey threw its weight behind Azerbaijan.";

static void check_doc(const st_dict *d, const st_words_index *wi, nm_analyzer *az,
                      st_scratch *sc, const char *text, size_t len)
{
    nm_analysis an;
    nm_err err = {0};
    if (nm_analyze(az, text, len, &an, &err) != 0)
        abort();
    const st_find_config fc = {.date = 20201001, .roles = true, .gap = 12};
    if (st_find(d, wi, &an, &fc, sc, &err) != 0 || st_relate(wi, &an, &fc, sc, &err) != 0)
        abort();
    for (size_t i = 0; i < sc->n_m; i++) {
        const st_mention *m = &sc->m[i];
        const size_t cl = strnlen(m->code, sizeof m->code);
        if (m->start > m->end || m->end > len || m->w0 >= m->w1 || m->w1 > sc->n_w ||
            cl == 0 || cl >= sizeof m->code || m->kind >= ST_K_N)
            abort();
    }
    for (size_t i = 0; i < sc->n_r; i++)
        if (sc->r[i].src >= sc->n_m || sc->r[i].tgt >= sc->n_m || sc->r[i].verb >= st_n_verbs)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static st_words_index wi;
    static nm_analyzer *az;
    static bool ready;
    if (!ready) {
        nm_err err = {0};
        az = nm_analyzer_new();
        if (az == NULL || st_words_index_build(&wi, &err) != 0)
            abort();
        ready = true;
    }
    const char *text = (const char *)data;
    st_scratch sc;
    memset(&sc, 0, sizeof sc);
    for (uint8_t gen = 0; gen < 2; gen++) {
        st_dict d;
        memset(&d, 0, sizeof d);
        nm_err err = {0};
        if (gen == 1 && st_dict_parse(&d, BASE, sizeof BASE - 1, "base.tsv", 0, &err) != 0)
            abort();
        const int rc = st_dict_parse(&d, text, size, "fuzz.tsv", gen, &err);
        if (rc != 0) {
            if (rc != err.code || err.msg[0] == '\0' ||
                (rc == NM_EFORMAT && strstr(err.msg, "fuzz.tsv") == NULL))
                abort();
        } else {
            check_doc(&d, &wi, az, &sc, PROBE, sizeof PROBE - 1);
            check_doc(&d, &wi, az, &sc, text, nm_utf8_valid_prefix(text, size));
        }
        st_dict_free(&d);
    }
    st_scratch_free(&sc);
    return 0;
}
