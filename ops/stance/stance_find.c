/* stance_find.c: per document, everything the relations and the output
 * need before relations are looked for, in order: the words
 * (stance_words.c), the actor mentions (stance_mentions.c), then quotes,
 * speakers and the holder of every word (stance_quotes.c). Nothing is
 * allocated per document once the scratch arrays have grown to the largest
 * document seen. */
#include "stance_internal.h"

#define OOM(err) nm_err_set((err), NM_ENOMEM, "stance: out of memory")

int st_find(const st_dict *d, const st_words_index *wi, const nm_analysis *an,
            const st_find_config *cfg, st_scratch *sc, nm_err *err)
{
    sc->n_m = sc->n_q = sc->n_r = 0;
    if (st_words_build(an, d->filter, wi, sc) != 0)
        return OOM(err);
    if (st_mentions_find(d, wi, an, cfg, sc) != 0)
        return OOM(err);
    if (st_quotes_find(wi, an, sc) != 0)
        return OOM(err);
    return 0;
}
