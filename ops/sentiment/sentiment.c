/* sentiment.c: the sentiment operator: VADER scores per document (or per
 * sentence, averaged), GDELT-style tone, and mean compound and tone per
 * document date (sentiment.jsonl).
 *
 * The scorer (vader.h) runs on the document text, or on each sentence span
 * of the shared analysis with unit=sentence: VADER's own white-space split
 * is part of its algorithm, so it works on the span's text, while sentence
 * bounds and the tone's word counts come from the engine's one analysis.
 * The lexicon is the built-in one (ops/sentiment/lexicon, embedded at build
 * time) or a file in any nm_lexicon format. README.md has the semantics. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "newsmill/nm_text.h"
#include "newsmill/nm_op.h"
#include "sentiment_internal.h"

/* The built-in lexicon, embedded by cmake/embed_text.cmake. */
extern const char nm_sentiment_builtin_lexicon[];
extern const size_t nm_sentiment_builtin_lexicon_len;

typedef struct sentiment_state {
    vader_scratch vs;
    sent_agg agg;
    double *sent_compound;  /* unit=sentence, detail: per-sentence compound */
    size_t sent_cap;
    nm_buf obj;             /* the document's field object, serialised */
    vader_hint *hint;       /* per analysis token: the tone's lookup, for VADER */
    size_t hint_cap;
} sentiment_state;

/* ---- prepare / release ----------------------------------------------------------- */

static void sentiment_release(void *shared)
{
    sentiment_shared *sh = shared;
    if (sh == NULL)
        return;
    vader_model_free(sh->model);
    nm_lexicon_free(sh->lex);
    free(sh);
}

static int sentiment_prepare(const void *config, void **shared, nm_err *err)
{
    const sentiment_config *cfg = config;
    *shared = NULL;
    sentiment_shared *sh = calloc(1, sizeof *sh);
    if (sh == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    *shared = sh;
    int rc;
    if (cfg->lexicon) {
        rc = nm_lexicon_load(cfg->lexicon, (nm_lexicon_format)cfg->format, &sh->lex, err);
    } else {
        if (cfg->format != NM_LEXICON_AUTO && cfg->format != NM_LEXICON_TSV)
            return nm_err_set(err, NM_EUSAGE,
                              "sentiment.format describes a lexicon file: the built-in lexicon "
                              "is tsv; set --set sentiment.lexicon=PATH or leave format=auto");
        rc = nm_lexicon_parse(nm_sentiment_builtin_lexicon, nm_sentiment_builtin_lexicon_len,
                              NM_LEXICON_TSV, "built-in lexicon", &sh->lex, err);
    }
    if (rc != 0)
        return rc;
    const bool phrases = nm_lexicon_format_of(sh->lex) != NM_LEXICON_VADER;
    rc = vader_model_new(sh->lex, phrases, &sh->model, err);
    if (rc == 0 && cfg->emoji)
        rc = vader_model_load_emoji(sh->model, cfg->emoji, err);
    if (rc != 0)
        return rc;

    /* What the aggregate depends on, so shards made otherwise are refused. */
    XXH64_state_t *h = XXH64_createState();
    if (h == NULL)
        return nm_err_set(err, NM_ENOMEM, "out of memory");
    XXH64_reset(h, 0x73656e74u);
    const uint64_t ld = nm_lexicon_digest(sh->lex);
    const uint64_t md = vader_model_digest(sh->model);
    const unsigned char unit = (unsigned char)cfg->unit;
    XXH64_update(h, &ld, sizeof ld);
    XXH64_update(h, &md, sizeof md);
    XXH64_update(h, &unit, 1);
    sh->digest = XXH64_digest(h);
    XXH64_freeState(h);
    return 0;
}

/* ---- per-thread state -------------------------------------------------------------- */

static int sentiment_init(const nm_op_env *env, void *state, nm_err *err)
{
    (void)env;
    (void)err;
    sentiment_state *S = state;
    memset(S, 0, sizeof *S);
    nm_buf_init(&S->obj);
    return 0;
}

static void sentiment_fini(const nm_op_env *env, void *state)
{
    (void)env;
    sentiment_state *S = state;
    vader_scratch_free(&S->vs);
    sent_agg_free(&S->agg);
    free(S->sent_compound);
    free(S->hint);
    nm_buf_free(&S->obj);
    memset(S, 0, sizeof *S);
}

/* ---- tone (sentiment_tone.c) ------------------------------------------------------ */

/* The field object is serialised here, keys and all, and handed to the
 * writer as one raw value: the keys are fixed ASCII literals, so escaping
 * and comma bookkeeping per key (a tenth of the run) are not needed. */
#define PUT(b, lit) nm_buf_append((b), lit, sizeof lit - 1)

static void tone_write(nm_buf *b, const sent_tone *t)
{
    PUT(b, ",\"words\":");
    nm_buf_u64(b, t->words);
    PUT(b, ",\"positive_pct\":");
    nm_buf_double(b, t->positive_pct);
    PUT(b, ",\"negative_pct\":");
    nm_buf_double(b, t->negative_pct);
    PUT(b, ",\"tone\":");
    nm_buf_double(b, t->tone);
    PUT(b, ",\"polarity\":");
    nm_buf_double(b, t->polarity);
}

/* ---- per document ---------------------------------------------------------------------- */

/* A text without tokens has no sentence in the analysis, yet may hold
 * emoticons or emoji that VADER scores: then the whole text, trimmed of
 * white space, is one unit. False when the text is blank. */
static bool whole_text(const nm_analysis *an, nm_span *span)
{
    size_t len = an->text_len;
    const size_t b = (size_t)(nm_text_strip(an->text, &len) - an->text), e = b + len;
    *span = (nm_span){.start = (uint32_t)b, .end = (uint32_t)e, .tok_begin = 0, .tok_end = 0};
    return e > b;
}

static int sentiment_doc(const nm_op_env *env, void *state, const nm_doc *doc,
                         const nm_analysis *an, nm_jw *out, nm_err *err)
{
    const sentiment_config *cfg = env->config;
    const sentiment_shared *sh = env->shared;
    sentiment_state *S = state;
    if (an->n_tokens > S->hint_cap) {
        size_t cap = S->hint_cap ? S->hint_cap : 1024;
        while (cap < an->n_tokens)
            cap *= 2;
        vader_hint *h = realloc(S->hint, cap * sizeof *h);
        if (h == NULL)
            return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
        S->hint = h;
        S->hint_cap = cap;
    }
    sent_tone t;
    sent_tone_compute(sh, an, S->hint, &t);
    /* VADER reuses the tone's lookups (vader_scratch.hint): set afresh for
     * every document, as the hints point into its analysis. */
    S->vs.hint = S->hint;
    S->vs.hint_tok = an->tokens;
    S->vs.hint_n = an->n_tokens;
    S->vs.hint_cur = 0;
    S->vs.hint_text = an->text;
    double compound;
    nm_buf *b = &S->obj;
    nm_buf_reset(b);
    if (cfg->unit == SENT_UNIT_DOC) {
        vader_scores v;
        if (vader_score(sh->model, &S->vs, an->text, an->text_len, &v) != 0)
            return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
        PUT(b, "{\"neg\":");
        nm_buf_double(b, v.neg);
        PUT(b, ",\"neu\":");
        nm_buf_double(b, v.neu);
        PUT(b, ",\"pos\":");
        nm_buf_double(b, v.pos);
        PUT(b, ",\"compound\":");
        nm_buf_double(b, v.compound);
        compound = v.compound;
        tone_write(b, &t);
    } else {
        nm_span whole;
        const nm_span *spans = an->sentences;
        size_t ns = an->n_sentences;
        if (ns == 0 && whole_text(an, &whole)) {
            spans = &whole;
            ns = 1;
        }
        if (cfg->detail && ns > S->sent_cap) {
            size_t cap = S->sent_cap ? S->sent_cap : 64;
            while (cap < ns)
                cap *= 2;
            double *c = realloc(S->sent_compound, cap * sizeof *c);
            if (c == NULL)
                return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
            S->sent_compound = c;
            S->sent_cap = cap;
        }
        /* Means are plain left-to-right sums divided by the count. */
        double sc = 0.0, sneg = 0.0, sneu = 0.0, spos = 0.0, mn = 0.0, mx = 0.0;
        for (size_t i = 0; i < ns; i++) {
            vader_scores v;
            if (vader_score(sh->model, &S->vs, an->text + spans[i].start,
                            spans[i].end - spans[i].start, &v) != 0)
                return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
            sc = sc + v.compound;
            sneg = sneg + v.neg;
            sneu = sneu + v.neu;
            spos = spos + v.pos;
            if (i == 0 || v.compound < mn)
                mn = v.compound;
            if (i == 0 || v.compound > mx)
                mx = v.compound;
            if (cfg->detail)
                S->sent_compound[i] = v.compound;
        }
        const double d = ns ? (double)ns : 1.0;
        compound = sc / d;
        PUT(b, "{\"compound\":");
        nm_buf_double(b, compound);
        PUT(b, ",\"neg\":");
        nm_buf_double(b, sneg / d);
        PUT(b, ",\"neu\":");
        nm_buf_double(b, sneu / d);
        PUT(b, ",\"pos\":");
        nm_buf_double(b, spos / d);
        PUT(b, ",\"sentences\":");
        nm_buf_u64(b, ns);
        PUT(b, ",\"min\":");
        nm_buf_double(b, mn);
        PUT(b, ",\"max\":");
        nm_buf_double(b, mx);
        tone_write(b, &t);
        if (cfg->detail) {
            PUT(b, ",\"by_sentence\":[");
            for (size_t i = 0; i < ns; i++) {
                if (i)
                    nm_buf_putc(b, ',');
                PUT(b, "{\"start\":");
                nm_buf_u64(b, spans[i].start);
                PUT(b, ",\"end\":");
                nm_buf_u64(b, spans[i].end);
                PUT(b, ",\"compound\":");
                nm_buf_double(b, S->sent_compound[i]);
                nm_buf_putc(b, '}');
            }
            nm_buf_putc(b, ']');
        }
    }
    nm_buf_putc(b, '}');
    if (b->failed)
        return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
    nm_jw_raw(out, b->data, b->len);
    if (sent_agg_add(&S->agg, nm_day_key(doc->date, doc->date_len), compound, t.tone) != 0)
        return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
    return 0;
}

/* ---- aggregate ------------------------------------------------------------------------- */

static int sentiment_merge(const nm_op_env *env, void *into, void *from, nm_err *err)
{
    (void)env;
    sentiment_state *A = into, *B = from;
    if (sent_agg_merge(&A->agg, &B->agg) != 0)
        return nm_err_set(err, NM_ENOMEM, "sentiment: out of memory");
    return 0;
}

static int sentiment_emit(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    (void)env;
    sentiment_state *S = state;
    return sent_agg_emit(&S->agg, out, err);
}

static int sentiment_save(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    const sentiment_shared *sh = env->shared;
    sentiment_state *S = state;
    return sent_agg_save(&S->agg, sh->digest, out, err);
}

static int sentiment_load(const nm_op_env *env, void *state, FILE *in, const char *path,
                          nm_err *err)
{
    const sentiment_shared *sh = env->shared;
    sentiment_state *S = state;
    return sent_agg_load(&S->agg, sh->digest, in, path, err);
}

/* ---- descriptor ---------------------------------------------------------------------- */

static const nm_opt sentiment_options[] = {
    {.name = "lexicon", .type = NM_OPT_PATH, .offset = offsetof(sentiment_config, lexicon),
     .def = NULL,
     .help = "lexicon file (see format); default: the built-in news lexicon"},
    {.name = "format", .type = NM_OPT_ENUM, .offset = offsetof(sentiment_config, format),
     .def = "auto", .choices = NM_LEXICON_FORMATS,
     .help = "lexicon file format: vader (word, mean, sd, ratings), afinn (word, integer), tsv "
             "(word, number); auto: 3+ TAB fields vader, else tsv"},
    {.name = "emoji", .type = NM_OPT_PATH, .offset = offsetof(sentiment_config, emoji),
     .def = NULL,
     .help = "emoji description lexicon (VADER's emoji_utf8_lexicon.txt); default: none"},
    {.name = "unit", .type = NM_OPT_ENUM, .offset = offsetof(sentiment_config, unit),
     .def = "sentence", .choices = "sentence|doc",
     .help = "sentence: score each sentence, report means; doc: the whole text as one unit"},
    {.name = "detail", .type = NM_OPT_BOOL, .offset = offsetof(sentiment_config, detail),
     .def = "false", .help = "unit=sentence: also by_sentence [{start, end, compound}]"},
    {.name = NULL},
};

static const nm_field sentiment_doc_fields[] = {
    {.name = "neg", .type = "number",
     .help = "VADER negative proportion (unit=sentence: mean over sentences)"},
    {.name = "neu", .type = "number", .help = "VADER neutral proportion (mean)"},
    {.name = "pos", .type = "number", .help = "VADER positive proportion (mean)"},
    {.name = "compound", .type = "number",
     .help = "VADER compound in [-1, 1] (unit=sentence: mean of sentence compounds)"},
    {.name = "sentences", .type = "int", .help = "unit=sentence: sentences scored"},
    {.name = "min", .type = "number", .help = "unit=sentence: lowest sentence compound"},
    {.name = "max", .type = "number", .help = "unit=sentence: highest sentence compound"},
    {.name = "words", .type = "int", .help = "tokens of the analysis (the tone's denominator)"},
    {.name = "positive_pct", .type = "number",
     .help = "100 * words with a positive lexicon value / words"},
    {.name = "negative_pct", .type = "number",
     .help = "100 * words with a negative lexicon value / words"},
    {.name = "tone", .type = "number", .help = "positive_pct - negative_pct (GDELT tone)"},
    {.name = "polarity", .type = "number", .help = "positive_pct + negative_pct"},
    {.name = "by_sentence", .type = "array",
     .help = "detail=true: [{start, end, compound}] per sentence, byte offsets"},
    {.name = NULL},
};

static const nm_field sentiment_aggregate_fields[] = {
    {.name = "date", .type = "string",
     .help = "ISO day (yyyy-mm-dd from the date field), null when undated or unparsable"},
    {.name = "docs", .type = "int", .help = "documents with that date"},
    {.name = "compound", .type = "number", .help = "mean document compound"},
    {.name = "tone", .type = "number", .help = "mean document tone"},
    {.name = NULL},
};

const nm_op nm_op_sentiment = {
    .name = "sentiment",
    .summary = "VADER sentiment (bit-exact with VADER's lexicon) and GDELT-style tone, per "
               "document and per date",
    .options = sentiment_options,
    .config_size = sizeof(sentiment_config),
    .doc_fields = sentiment_doc_fields,
    .aggregate_fields = sentiment_aggregate_fields,
    .aggregate_order = "date ascending, undated (null) last",
    .prepare = sentiment_prepare,
    .release = sentiment_release,
    .state_size = sizeof(sentiment_state),
    .init = sentiment_init,
    .fini = sentiment_fini,
    .doc = sentiment_doc,
    .merge = sentiment_merge,
    .emit = sentiment_emit,
    .save = sentiment_save,
    .load = sentiment_load,
};
