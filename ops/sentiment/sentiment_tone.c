/* sentiment_tone.c: the sentiment operator's GDELT-style tone over the
 * shared analysis' tokens, whose lookups it leaves as hints for the VADER
 * scorer (vader_scratch.hint), so each word is looked up once per document. */
#include <stddef.h>
#include <stdint.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"
#include "sentiment_internal.h"
#include "vader_internal.h"

/* Stands for "no key": all facts zero (see the lookup below). */
static const vader_word no_word = {0};

/* A token's vader_key, computed a few tokens ahead of its lookup. */
typedef struct tone_key {
    uint64_t h, ka, kb;
    size_t idx; /* the token it was computed for (a phrase skips some) */
} tone_key;

/* Whether token i (hash h1) and token i + 1 (no longer than a key) may
 * begin a phrase; k is the ring entry for i + 1, filled here when it holds
 * another token's key (the lookup of i + 1 then reuses it). */
static bool next_pairs(const vader_model *m, const nm_token *tok, size_t i, uint64_t h1,
                       tone_key *k)
{
    if (k->idx != i + 1) {
        k->h = vader_key(tok[i + 1].form, tok[i + 1].form_len, &k->ka, &k->kb);
        k->idx = i + 1;
    }
    return vader_pair_maybe(m, h1, k->h);
}

/* GDELT-style tone over the analysis' tokens: the share of words whose
 * lower-cased form has a positive (negative) lexicon value. A phrase matched
 * on consecutive tokens of one sentence gives its value to each of its
 * words, and the longest phrase wins over single words. */
void sent_tone_compute(const sentiment_shared *sh, const nm_analysis *an, vader_hint *hint,
                       sent_tone *out)
{
    enum { MAXW = 32 };
    const size_t n = an->n_tokens;
    const nm_token *tok = an->tokens;
    size_t maxw = nm_lexicon_max_words(sh->lex);
    if (maxw > MAXW)
        maxw = MAXW;
    size_t pos = 0, neg = 0;
    /* Hashes run PF tokens ahead of the lookups, with the slots prefetched,
     * so that the table's cache misses overlap. The ring holds RING > PF
     * keys: token i + PF's key must not overwrite token i's before its
     * lookup (with RING == PF every token was hashed twice). */
    enum { PF = 8, RING = 16 };
    tone_key key[RING];
    const vader_model *m = sh->model;
    const size_t max_len = m->max_key_len;
    for (size_t j = 0; j < RING; j++)
        key[j].idx = SIZE_MAX; /* no token's key yet */
    for (size_t i = 0; i < n && i < PF; i++)
        if (tok[i].form_len <= max_len) {
            key[i].h = vader_key(tok[i].form, tok[i].form_len, &key[i].ka, &key[i].kb);
            key[i].idx = i;
            vader_word_prefetch(m, key[i].h);
        }
    for (size_t i = 0; i < n; i++) {
        const size_t ahead = i + PF;
        if (ahead < n && tok[ahead].form_len <= max_len) {
            const size_t r = ahead % RING;
            key[r].h = vader_key(tok[ahead].form, tok[ahead].form_len, &key[r].ka, &key[r].kb);
            key[r].idx = ahead;
            vader_word_prefetch(m, key[r].h);
        }
        if (tok[i].form_len > max_len) {
            hint[i].known = 0;
            continue;
        }
        const size_t r = i % RING;
        if (key[r].idx != i) {
            key[r].h = vader_key(tok[i].form, tok[i].form_len, &key[r].ka, &key[r].kb);
            key[r].idx = i;
        }
        const vader_word *w =
            vader_word_probe(m, tok[i].form, tok[i].form_len, key[r].h, key[r].ka, key[r].kb);
        hint[i] = (vader_hint){.w = w, .h = key[r].h, .known = 1};
        if (w == NULL)
            w = &no_word; /* counts nothing, starts no phrase: no branch */
        /* A phrase needs a next word in the sentence, no longer than a key,
         * that the filter pairs with this one (vader_pair_maybe). */
        if (w->tphrase && i + 1 < n && tok[i + 1].sentence == tok[i].sentence &&
            tok[i + 1].form_len <= max_len &&
            next_pairs(m, tok, i, key[r].h, &key[(i + 1) % RING])) {
            nm_lexicon_word words[MAXW];
            size_t k = 0;
            while (k < maxw && i + k < n && tok[i + k].sentence == tok[i].sentence) {
                words[k].s = tok[i + k].form;
                words[k].len = tok[i + k].form_len;
                k++;
            }
            double pv;
            const size_t got = nm_lexicon_match(sh->lex, words, k, &pv);
            if (got >= 2) {
                if (pv > 0)
                    pos += got;
                else if (pv < 0)
                    neg += got;
                for (size_t k2 = 1; k2 < got; k2++)
                    hint[i + k2].known = 0; /* skipped: not looked up */
                i += got - 1;
                continue;
            }
        }
        /* A word without a lexicon value has lex 0 (words start zeroed). */
        pos += (size_t)(w->lex > 0);
        neg += (size_t)(w->lex < 0);
    }
    out->words = n;
    if (n == 0) {
        out->positive_pct = out->negative_pct = out->tone = out->polarity = 0.0;
        return;
    }
    out->positive_pct = 100.0 * (double)pos / (double)n;
    out->negative_pct = 100.0 * (double)neg / (double)n;
    out->tone = out->positive_pct - out->negative_pct;
    out->polarity = out->positive_pct + out->negative_pct;
}
