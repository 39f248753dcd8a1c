/* stance.c: the stance operator: who is named in an article (states,
 * organisations, armed groups, leaders by the article's date, agents such
 * as "Armenian troops"), who says what (quotes and their speakers), who
 * does what to whom (relations with a verb, a polarity and a CAMEO-style
 * root), the article's stance toward each actor, the stance toward byte
 * spans the document names in "targets", and per (source, target) dyad
 * counts over the corpus (stance.jsonl). The pieces are described in
 * stance_internal.h; README.md has the semantics. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "newsmill/nm_days.h"
#include "newsmill/nm_lexicon.h"
#include "newsmill/nm_op.h"
#include "stance_context.h"
#include "stance_internal.h"

/* The sentiment operator's built-in lexicon, the default valences. */
extern const char nm_sentiment_builtin_lexicon[];
extern const size_t nm_sentiment_builtin_lexicon_len;

/* Bump when the rules change what the aggregate holds. */
#define STANCE_RULES_VERSION 2u

typedef struct stance_config {
    const char *actors;     /* extra actors file */
    const char *lexicon;
    int format;
    int64_t gap;
    int64_t context_mentions;
    double relation_weight;
    bool roles;
    bool quotes;
    bool builtin;
} stance_config;

typedef struct stance_shared {
    st_dict dict;
    st_words_index wi;
    nm_lexicon *lex;
    uint64_t digest;
} stance_shared;

typedef struct doc_actor {
    char code[ST_CODE_MAX];
    uint32_t mentions;
    uint32_t scored;     /* mentions whose context was scored */
    uint32_t rel_n;
    int rel_sum;
    double ctx_sum;
} doc_actor;

typedef struct stance_state {
    st_scratch sc;
    doc_actor *act;
    size_t cap_act;
    st_agg agg;
    stance_context_cache ctx; /* token lookups of the current document */
} stance_state;

/* ---- prepare / release ------------------------------------------------------------- */

static void stance_release(void *shared)
{
    stance_shared *sh = shared;
    if (sh == NULL)
        return;
    st_dict_free(&sh->dict);
    st_words_index_free(&sh->wi);
    nm_lexicon_free(sh->lex);
    free(sh);
}

static int stance_prepare(const void *config, void **shared, nm_err *err)
{
    const stance_config *cfg = config;
    *shared = NULL;
    stance_shared *sh = calloc(1, sizeof *sh);
    if (sh == NULL)
        return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
    *shared = sh;
    int rc = cfg->builtin ? st_dict_load_builtin(&sh->dict, err) : 0;
    if (rc == 0 && !cfg->builtin && cfg->actors == NULL)
        return nm_err_set(err, NM_EUSAGE,
                          "stance.builtin=false needs --set stance.actors=PATH (no actors at all)");
    if (rc == 0 && cfg->actors)
        rc = st_dict_load_file(&sh->dict, cfg->actors, 1, err);
    if (rc == 0)
        rc = st_words_index_build(&sh->wi, err);
    if (rc != 0)
        return rc;
    if (cfg->lexicon) {
        rc = nm_lexicon_load(cfg->lexicon, (nm_lexicon_format)cfg->format, &sh->lex, err);
    } else {
        if (cfg->format != NM_LEXICON_AUTO && cfg->format != NM_LEXICON_TSV)
            return nm_err_set(err, NM_EUSAGE,
                              "stance.format describes a lexicon file: the built-in lexicon is "
                              "tsv; set --set stance.lexicon=PATH or leave format=auto");
        rc = nm_lexicon_parse(nm_sentiment_builtin_lexicon, nm_sentiment_builtin_lexicon_len,
                              NM_LEXICON_TSV, "built-in lexicon", &sh->lex, err);
    }
    if (rc != 0)
        return rc;
    uint64_t rw_bits; /* the weight's exact bits */
    memcpy(&rw_bits, &cfg->relation_weight, sizeof rw_bits);
    const uint64_t parts[7] = {STANCE_RULES_VERSION,
                               sh->dict.digest,
                               nm_lexicon_digest(sh->lex),
                               (uint64_t)cfg->gap,
                               cfg->roles,
                               rw_bits,
                               (uint64_t)cfg->context_mentions};
    sh->digest = XXH64(parts, sizeof parts, 0x7374616eu);
    return 0;
}

/* ---- per-thread state -------------------------------------------------------------- */

static int stance_init(const nm_op_env *env, void *state, nm_err *err)
{
    (void)env;
    (void)err;
    stance_state *S = state;
    memset(S, 0, sizeof *S);
    return 0;
}

static void stance_fini(const nm_op_env *env, void *state)
{
    (void)env;
    stance_state *S = state;
    st_scratch_free(&S->sc);
    free(S->act);
    st_agg_free(&S->agg);
    stance_context_cache_free(&S->ctx);
    memset(S, 0, sizeof *S);
}

/* ---- output helpers ---------------------------------------------------------------- */

static const char *label_name(int label)
{
    return label < 0 ? "negative" : label > 0 ? "positive" : "neutral";
}

/* A word's holder: the speaker's actor code, "author", or "unknown". */
static const char *holder_name(const st_scratch *sc, int32_t h)
{
    return h >= 0 ? sc->m[h].code : h == -1 ? "author" : "unknown";
}

/* The text [start, end) of the document as a JSON string. */
static void jw_text(nm_jw *w, const nm_analysis *an, size_t start, size_t end)
{
    nm_jw_string(w, an->text + start, end - start);
}

/* ---- targets ----------------------------------------------------------------------- */

static bool boundary(const char *t, size_t len, size_t off)
{
    return off == len || ((unsigned char)t[off] & 0xC0u) != 0x80u;
}

static const char *span_of(const cJSON *item, size_t len, const char *text, size_t *s, size_t *e)
{
    if (!cJSON_IsObject(item))
        return "not an object {\"start\", \"end\"}";
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(item, "start");
    const cJSON *je = cJSON_GetObjectItemCaseSensitive(item, "end");
    if (!cJSON_IsNumber(js) || !cJSON_IsNumber(je))
        return "start or end missing or not a number";
    const double ds = js->valuedouble, de = je->valuedouble;
    if (ds != floor(ds) || de != floor(de))
        return "start or end not an integer";
    if (ds < 0 || de < 0 || ds > (double)len || de > (double)len)
        return "start or end outside the text";
    *s = (size_t)ds;
    *e = (size_t)de;
    if (*s > *e)
        return "start after end";
    if (!boundary(text, len, *s) || !boundary(text, len, *e))
        return "start or end not on a UTF-8 character boundary";
    return NULL;
}

static void write_targets(nm_jw *w, const stance_shared *sh, const nm_doc *doc,
                          const nm_analysis *an, stance_context_cache *ctx)
{
    if (doc->json == NULL)
        return;
    const cJSON *tg = cJSON_GetObjectItemCaseSensitive((const cJSON *)doc->json, "targets");
    if (tg == NULL)
        return;
    const cJSON *it;
    nm_jw_key(w, "targets");
    nm_jw_array_begin(w);
    if (cJSON_IsArray(tg)) {
        cJSON_ArrayForEach(it, tg)
        {
            size_t s, e;
            if (span_of(it, an->text_len, an->text, &s, &e) != NULL)
                continue;
            const double sc = stance_context_score_cached(sh->lex, an->text, an, s, e, ctx);
            nm_jw_object_begin(w);
            nm_jw_key(w, "start");
            nm_jw_u64(w, s);
            nm_jw_key(w, "end");
            nm_jw_u64(w, e);
            nm_jw_key(w, "score");
            nm_jw_double(w, sc);
            nm_jw_key(w, "label");
            nm_jw_cstring(w, label_name(stance_context_label(sc)));
            nm_jw_object_end(w);
        }
    }
    nm_jw_array_end(w);
    nm_jw_key(w, "target_errors");
    nm_jw_array_begin(w);
    if (!cJSON_IsArray(tg)) {
        nm_jw_object_begin(w);
        nm_jw_key(w, "index");
        nm_jw_null(w);
        nm_jw_key(w, "error");
        nm_jw_cstring(w, "targets is not an array");
        nm_jw_object_end(w);
    } else {
        size_t i = 0;
        cJSON_ArrayForEach(it, tg)
        {
            size_t s, e;
            const char *why = span_of(it, an->text_len, an->text, &s, &e);
            if (why != NULL) {
                nm_jw_object_begin(w);
                nm_jw_key(w, "index");
                nm_jw_u64(w, i);
                nm_jw_key(w, "error");
                nm_jw_cstring(w, why);
                nm_jw_object_end(w);
            }
            i++;
        }
    }
    nm_jw_array_end(w);
}

/* ---- per document ------------------------------------------------------------------ */

static int stance_doc(const nm_op_env *env, void *state, const nm_doc *doc, const nm_analysis *an,
                      nm_jw *out, nm_err *err)
{
    const stance_config *cfg = env->config;
    const stance_shared *sh = env->shared;
    stance_state *S = state;
    st_scratch *sc = &S->sc;
    const st_find_config fc = {.date = nm_day_key(doc->date, doc->date_len),
                               .roles = cfg->roles,
                               .gap = (unsigned)cfg->gap};
    int rc = st_find(&sh->dict, &sh->wi, an, &fc, sc, err);
    if (rc == 0)
        rc = st_relate(&sh->wi, an, &fc, sc, err);
    if (rc != 0)
        return rc;
    if (stance_context_cache_begin(&S->ctx, sh->lex, an) != 0)
        return nm_err_set(err, NM_ENOMEM, "stance: out of memory");

    nm_jw *w = out;
    nm_jw_object_begin(w);
    nm_jw_key(w, "mentions");
    nm_jw_array_begin(w);
    for (size_t i = 0; i < sc->n_m; i++) {
        const st_mention *m = &sc->m[i];
        nm_jw_object_begin(w);
        nm_jw_key(w, "actor");
        nm_jw_cstring(w, m->code);
        nm_jw_key(w, "text");
        jw_text(w, an, m->start, m->end);
        nm_jw_key(w, "start");
        nm_jw_u64(w, m->start);
        nm_jw_key(w, "end");
        nm_jw_u64(w, m->end);
        nm_jw_key(w, "kind");
        nm_jw_cstring(w, st_kind_names[m->kind]);
        nm_jw_key(w, "ethnic");
        nm_jw_bool(w, m->ethnic);
        nm_jw_key(w, "possessive");
        nm_jw_bool(w, m->possessive);
        nm_jw_key(w, "in_quote");
        nm_jw_bool(w, sc->w[m->w0].quote >= 0);
        nm_jw_key(w, "holder");
        nm_jw_cstring(w, holder_name(sc, sc->w[m->w0].holder));
        nm_jw_object_end(w);
    }
    nm_jw_array_end(w);
    if (cfg->quotes) {
        nm_jw_key(w, "quotes");
        nm_jw_array_begin(w);
        for (size_t i = 0; i < sc->n_q; i++) {
            const st_quote *q = &sc->q[i];
            nm_jw_object_begin(w);
            nm_jw_key(w, "start");
            nm_jw_u64(w, q->start);
            nm_jw_key(w, "end");
            nm_jw_u64(w, q->end);
            nm_jw_key(w, "speaker");
            nm_jw_cstring(w, q->speaker >= 0 ? sc->m[q->speaker].code : NULL);
            nm_jw_key(w, "speaker_text");
            if (q->speaker >= 0)
                jw_text(w, an, sc->m[q->speaker].start, sc->m[q->speaker].end);
            else if (q->sp_end > q->sp_start)
                jw_text(w, an, q->sp_start, q->sp_end);
            else
                nm_jw_null(w);
            nm_jw_object_end(w);
        }
        nm_jw_array_end(w);
    }
    nm_jw_key(w, "relations");
    nm_jw_array_begin(w);
    for (size_t i = 0; i < sc->n_r; i++) {
        const st_relation *r = &sc->r[i];
        nm_jw_object_begin(w);
        nm_jw_key(w, "source");
        nm_jw_cstring(w, sc->m[r->src].code);
        nm_jw_key(w, "target");
        nm_jw_cstring(w, sc->m[r->tgt].code);
        nm_jw_key(w, "verb");
        nm_jw_cstring(w, st_verbs[r->verb].lemma);
        nm_jw_key(w, "verb_text");
        jw_text(w, an, r->v_start, r->v_end);
        nm_jw_key(w, "code");
        nm_jw_cstring(w, r->code);
        nm_jw_key(w, "polarity");
        nm_jw_i64(w, r->polarity);
        nm_jw_key(w, "negated");
        nm_jw_bool(w, r->negated);
        nm_jw_key(w, "modal");
        nm_jw_bool(w, r->modal);
        nm_jw_key(w, "passive");
        nm_jw_bool(w, r->passive);
        nm_jw_key(w, "in_quote");
        nm_jw_bool(w, r->in_quote);
        nm_jw_key(w, "start");
        nm_jw_u64(w, r->start);
        nm_jw_key(w, "end");
        nm_jw_u64(w, r->end);
        nm_jw_object_end(w);
    }
    nm_jw_array_end(w);

    /* the document's stance toward each actor, in order of first mention */
    size_t na = 0;
    for (size_t i = 0; i < sc->n_m; i++) {
        const st_mention *m = &sc->m[i];
        if (m->ethnic && !m->used)
            continue;
        size_t k = 0;
        while (k < na && strcmp(S->act[k].code, m->code) != 0)
            k++;
        if (k == na) {
            if (!st_grow((void **)&S->act, &S->cap_act, na + 1, sizeof *S->act))
                return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
            memset(&S->act[na], 0, sizeof *S->act);
            memcpy(S->act[na].code, m->code, sizeof m->code);
            na++;
        }
        S->act[k].mentions++;
        if (cfg->context_mentions == 0 || S->act[k].scored < (uint32_t)cfg->context_mentions) {
            S->act[k].ctx_sum +=
                stance_context_score_cached(sh->lex, an->text, an, m->start, m->end, &S->ctx);
            S->act[k].scored++;
        }
    }
    for (size_t i = 0; i < sc->n_r; i++)
        for (size_t k = 0; k < na; k++)
            if (strcmp(S->act[k].code, sc->m[sc->r[i].tgt].code) == 0) {
                S->act[k].rel_n++;
                S->act[k].rel_sum += sc->r[i].polarity;
            }
    nm_jw_key(w, "actors");
    nm_jw_array_begin(w);
    for (size_t k = 0; k < na; k++) {
        doc_actor *a = &S->act[k];
        const double ctx = a->ctx_sum / (double)a->scored;
        double score = ctx;
        if (a->rel_n > 0)
            score = cfg->relation_weight * ((double)a->rel_sum / (double)a->rel_n) +
                    (1.0 - cfg->relation_weight) * ctx;
        const int label = stance_context_label(score);
        nm_jw_object_begin(w);
        nm_jw_key(w, "actor");
        nm_jw_cstring(w, a->code);
        nm_jw_key(w, "mentions");
        nm_jw_u64(w, a->mentions);
        nm_jw_key(w, "relations");
        nm_jw_u64(w, a->rel_n);
        nm_jw_key(w, "score");
        nm_jw_double(w, score);
        nm_jw_key(w, "label");
        nm_jw_cstring(w, label_name(label));
        nm_jw_object_end(w);
        if (st_agg_add(&S->agg, "author", a->code, 1, 0, label > 0, label < 0, score) != 0)
            return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
    }
    nm_jw_array_end(w);
    /* Relation dyads: documents counts each dyad once per document, and the
     * same event (dyad, root code, polarity) once per document too: event
     * coders over-produce on repeated text (a photo gallery repeating
     * "Taliban attack Pakistani school" 55 times was 55 relations), so the
     * aggregate de-duplicates per (document, source, target, root) as the
     * design advises; the document's relations list keeps every one. */
    for (size_t i = 0; i < sc->n_r; i++) {
        const st_relation *r = &sc->r[i];
        const char *s = sc->m[r->src].code, *t = sc->m[r->tgt].code;
        bool seen_dyad = false, seen_event = false;
        for (size_t j = 0; j < i && !seen_event; j++) {
            const st_relation *q = &sc->r[j];
            if (strcmp(sc->m[q->src].code, s) != 0 || strcmp(sc->m[q->tgt].code, t) != 0)
                continue;
            seen_dyad = true;
            seen_event = q->polarity == r->polarity &&
                         (q->code == r->code || (q->code && r->code && strcmp(q->code, r->code) == 0));
        }
        if (seen_event)
            continue;
        if (st_agg_add(&S->agg, s, t, !seen_dyad, 1, r->polarity > 0, r->polarity < 0,
                       (double)r->polarity) != 0)
            return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
    }
    write_targets(w, sh, doc, an, &S->ctx);
    nm_jw_object_end(w);
    return 0;
}

/* ---- aggregate ------------------------------------------------------------------------- */

static int stance_merge(const nm_op_env *env, void *into, void *from, nm_err *err)
{
    (void)env;
    stance_state *A = into, *B = from;
    if (st_agg_merge(&A->agg, &B->agg) != 0)
        return nm_err_set(err, NM_ENOMEM, "stance: out of memory");
    return 0;
}

static int stance_emit(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    (void)env;
    stance_state *S = state;
    return st_agg_emit(&S->agg, out, err);
}

static int stance_save(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    const stance_shared *sh = env->shared;
    stance_state *S = state;
    return st_agg_save(&S->agg, sh->digest, out, err);
}

static int stance_load(const nm_op_env *env, void *state, FILE *in, const char *path, nm_err *err)
{
    const stance_shared *sh = env->shared;
    stance_state *S = state;
    return st_agg_load(&S->agg, sh->digest, in, path, err);
}

/* ---- descriptor ------------------------------------------------------------------------ */

static const nm_opt stance_options[] = {
    {.name = "actors", .type = NM_OPT_PATH, .offset = offsetof(stance_config, actors),
     .def = NULL,
     .help = "extra actor dictionary (TSV, ops/stance/actors/README.md); its aliases add to or "
             "replace the built-in ones"},
    {.name = "builtin", .type = NM_OPT_BOOL, .offset = offsetof(stance_config, builtin),
     .def = "true",
     .help = "load the built-in actor dictionary; false: only the actors file"},
    {.name = "lexicon", .type = NM_OPT_PATH, .offset = offsetof(stance_config, lexicon),
     .def = NULL, .help = "valence lexicon for context scores; default: the built-in news lexicon"},
    {.name = "format", .type = NM_OPT_ENUM, .offset = offsetof(stance_config, format),
     .def = "auto", .choices = NM_LEXICON_FORMATS,
     .help = "lexicon file format, as sentiment.format"},
    {.name = "gap", .type = NM_OPT_INT, .offset = offsetof(stance_config, gap), .def = "12",
     .min = 1, .max = 60, .help = "most words between a relation's source and its verb"},
    {.name = "context_mentions", .type = NM_OPT_INT,
     .offset = offsetof(stance_config, context_mentions), .def = "3", .min = 0, .max = 1000000,
     .help = "context-score at most this many mentions per actor and document, the first "
             "ones (0: all)"},
    {.name = "relation_weight", .type = NM_OPT_DOUBLE,
     .offset = offsetof(stance_config, relation_weight), .def = "0.7", .min = 0, .max = 1,
     .help = "weight of the mean relation polarity in an actor's score (the rest: context)"},
    {.name = "roles", .type = NM_OPT_BOOL, .offset = offsetof(stance_config, roles),
     .def = "true",
     .help = "actor codes keep the role (ARMGOV, ARMMIL); false: the bare id (ARM)"},
    {.name = "quotes", .type = NM_OPT_BOOL, .offset = offsetof(stance_config, quotes),
     .def = "true", .help = "report quotes [{start, end, speaker, speaker_text}]"},
    {.name = NULL},
};

static const nm_field stance_doc_fields[] = {
    {.name = "mentions", .type = "array",
     .help = "[{actor, text, start, end, kind, ethnic, possessive, in_quote, holder}] in text "
             "order"},
    {.name = "quotes", .type = "array",
     .help = "quotes=true: [{start, end, speaker (actor or null), speaker_text}]"},
    {.name = "relations", .type = "array",
     .help = "[{source, target, verb, verb_text, code, polarity, negated, modal, passive, "
             "in_quote, start, end}]"},
    {.name = "actors", .type = "array",
     .help = "[{actor, mentions, relations, score, label}]: the document's stance toward each "
             "actor"},
    {.name = "targets", .type = "array",
     .help = "when the document has targets [{start, end}]: [{start, end, score, label}]"},
    {.name = "target_errors", .type = "array",
     .help = "with targets: [{index, error}] for spans that were skipped"},
    {.name = NULL},
};

static const nm_field stance_aggregate_fields[] = {
    {.name = "source", .type = "string", .help = "actor code, or author for the texts' own stance"},
    {.name = "target", .type = "string", .help = "actor code"},
    {.name = "documents", .type = "int", .help = "documents with the dyad"},
    {.name = "relations", .type = "int", .help = "relations (0 for author)"},
    {.name = "positive", .type = "int",
     .help = "relations with polarity +1 (author: documents labelled positive)"},
    {.name = "negative", .type = "int",
     .help = "relations with polarity -1 (author: documents labelled negative)"},
    {.name = "mean", .type = "number",
     .help = "mean relation polarity (author: mean document score)"},
    {.name = NULL},
};

const nm_op nm_op_stance = {
    .name = "stance",
    .summary = "actors (states, organisations, groups, leaders), quotes and speakers, relations "
               "(source, target, verb, polarity), stance per actor and per target span; dyads",
    .options = stance_options,
    .config_size = sizeof(stance_config),
    .doc_fields = stance_doc_fields,
    .aggregate_fields = stance_aggregate_fields,
    .aggregate_order = "source, then target, bytewise ascending",
    .prepare = stance_prepare,
    .release = stance_release,
    .state_size = sizeof(stance_state),
    .init = stance_init,
    .fini = stance_fini,
    .doc = stance_doc,
    .merge = stance_merge,
    .emit = stance_emit,
    .save = stance_save,
    .load = stance_load,
};
