/* casualties.c: the casualties operator: every casualty figure a reader
 * takes from an article (killed, wounded, displaced, arrested...), with its
 * qualifier, bounds, victim, subgroup link, scope, negation, hedge and
 * source, the document's totals per category, and per-date sums of those
 * totals (casualties.jsonl). The rules are in cas_rules.c, the totals in
 * cas_totals.c, the aggregate in cas_agg.c; README.md has the semantics. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "casualties_internal.h"
#include "newsmill/nm_op.h"

/* Bump when the rules change what the aggregate holds: shard states made
 * by other rules are refused. */
#define CAS_RULES_VERSION 1u

typedef struct cas_config {
    char *categories; /* comma-separated category names; NULL: all */
    bool detail;      /* per mention also "counted" */
} cas_config;

typedef struct cas_shared {
    cas_words *words;
    unsigned mask;    /* categories reported */
    uint64_t digest;
} cas_shared;

typedef struct cas_state {
    cas_scratch sc;
    cas_agg agg;
    nm_buf obj;
} cas_state;

static void cas_release(void *shared)
{
    cas_shared *sh = shared;
    if (sh == NULL)
        return;
    cas_words_free(sh->words);
    free(sh);
}

static int parse_categories(const char *s, unsigned *mask, nm_err *err)
{
    *mask = 0;
    if (s == NULL) {
        *mask = (1u << CAS_NCAT) - 1;
        return 0;
    }
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, ',');
        const size_t n = e ? (size_t)(e - p) : strlen(p);
        int found = -1;
        for (int c = 0; c < CAS_NCAT; c++)
            if (strlen(cas_cat_names[c]) == n && memcmp(cas_cat_names[c], p, n) == 0)
                found = c;
        if (found < 0)
            return nm_err_set(err, NM_EUSAGE,
                              "casualties.categories: unknown category '%.*s'; valid: killed, "
                              "wounded, killed_or_wounded, casualties, missing, displaced, "
                              "evacuated, arrested, abducted",
                              (int)n, p);
        *mask |= 1u << found;
        if (e == NULL)
            break;
        p = e + 1;
    }
    return 0;
}

static int cas_prepare(const void *config, void **shared, nm_err *err)
{
    const cas_config *cfg = config;
    *shared = NULL;
    cas_shared *sh = calloc(1, sizeof *sh);
    if (sh == NULL)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    *shared = sh;
    int rc = parse_categories(cfg->categories, &sh->mask, err);
    if (rc != 0)
        return rc;
    rc = cas_words_new(&sh->words, err);
    if (rc != 0)
        return rc;
    const uint32_t what[2] = {CAS_RULES_VERSION, sh->mask};
    sh->digest = XXH64(what, sizeof what, 0x63617375u);
    return 0;
}

static int cas_init(const nm_op_env *env, void *state, nm_err *err)
{
    (void)env;
    (void)err;
    cas_state *S = state;
    memset(S, 0, sizeof *S);
    nm_buf_init(&S->obj);
    return 0;
}

static void cas_fini(const nm_op_env *env, void *state)
{
    (void)env;
    cas_state *S = state;
    cas_scratch_free(&S->sc);
    cas_agg_free(&S->agg);
    nm_buf_free(&S->obj);
    memset(S, 0, sizeof *S);
}

#define PUT(b, lit) nm_buf_append((b), lit, sizeof lit - 1)

static void put_i64_or_null(nm_buf *b, bool has, int64_t v)
{
    if (has)
        nm_buf_i64(b, v);
    else
        PUT(b, "null");
}

static void put_text_or_null(nm_buf *b, const char *text, uint32_t s, uint32_t e)
{
    if (e > s)
        nm_buf_json_string(b, text + s, e - s);
    else
        PUT(b, "null");
}

static void put_name(nm_buf *b, const char *name)
{
    if (name == NULL) {
        PUT(b, "null");
        return;
    }
    nm_buf_putc(b, '"');
    nm_buf_puts(b, name);
    nm_buf_putc(b, '"');
}

static int cas_doc(const nm_op_env *env, void *state, const nm_doc *doc, const nm_analysis *an,
                   nm_jw *out, nm_err *err)
{
    const cas_config *cfg = env->config;
    const cas_shared *sh = env->shared;
    cas_state *S = state;
    const uint32_t key = nm_day_key(doc->date, doc->date_len);
    int rc = cas_extract(sh->words, an, key / 10000, &S->sc, err);
    if (rc != 0)
        return rc;
    /* the category filter: drop the others, renumbering the subgroup links */
    cas_mention *m = S->sc.m;
    size_t n = S->sc.n;
    if (sh->mask != (1u << CAS_NCAT) - 1 && n > 0) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!(sh->mask >> m[i].cat & 1u)) {
                for (size_t j = i + 1; j < n; j++)
                    if (m[j].part_of == (int32_t)i)
                        m[j].part_of = m[i].part_of;
                continue;
            }
            for (size_t j = i + 1; j < n; j++)
                if (m[j].part_of == (int32_t)i)
                    m[j].part_of = -1000 - (int32_t)k; /* the new index, marked */
            if (m[i].part_of <= -1000)
                m[i].part_of = -1000 - m[i].part_of;
            m[k++] = m[i];
        }
        n = S->sc.n = k;
    }
    cas_total tot[CAS_NCAT];
    cas_totals(m, n, tot);
    nm_buf *b = &S->obj;
    nm_buf_reset(b);
    PUT(b, "{\"mentions\":[");
    for (size_t i = 0; i < n; i++) {
        const cas_mention *x = &m[i];
        if (i)
            nm_buf_putc(b, ',');
        PUT(b, "{\"category\":");
        put_name(b, cas_cat_names[x->cat]);
        PUT(b, ",\"count\":");
        put_i64_or_null(b, x->has_count && x->qual != CAS_Q_VAGUE && x->qual != CAS_Q_RANGE,
                        x->count);
        PUT(b, ",\"qualifier\":");
        put_name(b, cas_qual_names[x->qual]);
        PUT(b, ",\"low\":");
        put_i64_or_null(b, x->has_low, x->low);
        PUT(b, ",\"high\":");
        put_i64_or_null(b, x->has_high, x->high);
        PUT(b, ",\"vague\":");
        if (x->vague)
            nm_buf_json_string(b, x->vague, strlen(x->vague));
        else
            PUT(b, "null");
        PUT(b, ",\"victim\":");
        put_text_or_null(b, an->text, x->vic_start, x->vic_end);
        PUT(b, ",\"victim_class\":");
        put_name(b, cas_vclass_names[x->vclass]);
        PUT(b, ",\"part_of\":");
        put_i64_or_null(b, x->part_of >= 0, x->part_of);
        PUT(b, ",\"scope\":");
        put_name(b, cas_scope_names[x->scope]);
        PUT(b, ",\"negated\":");
        if (x->negated)
            PUT(b, "true");
        else
            PUT(b, "false");
        PUT(b, ",\"hedge\":");
        put_name(b, cas_hedge_names[x->hedge]);
        PUT(b, ",\"source\":");
        put_text_or_null(b, an->text, x->src_start, x->src_end);
        PUT(b, ",\"start\":");
        nm_buf_u64(b, x->start);
        PUT(b, ",\"end\":");
        nm_buf_u64(b, x->end);
        PUT(b, ",\"sentence_start\":");
        nm_buf_u64(b, an->sentences[x->sent].start);
        PUT(b, ",\"sentence_end\":");
        nm_buf_u64(b, an->sentences[x->sent].end);
        if (cfg->detail) {
            PUT(b, ",\"counted\":");
            if (x->counted)
                PUT(b, "true");
            else
                PUT(b, "false");
            PUT(b, ",\"other_event\":");
            if (x->other_event)
                PUT(b, "true");
            else
                PUT(b, "false");
        }
        nm_buf_putc(b, '}');
    }
    PUT(b, "],\"totals\":{");
    bool first = true;
    for (int c = 0; c < CAS_NCAT; c++) {
        if (!tot[c].present)
            continue;
        if (!first)
            nm_buf_putc(b, ',');
        first = false;
        put_name(b, cas_cat_names[c]);
        PUT(b, ":{\"low\":");
        nm_buf_i64(b, tot[c].low);
        PUT(b, ",\"best\":");
        nm_buf_i64(b, tot[c].best);
        PUT(b, ",\"high\":");
        nm_buf_i64(b, tot[c].high);
        nm_buf_putc(b, '}');
    }
    PUT(b, "}}");
    if (b->failed)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    nm_jw_raw(out, b->data, b->len);
    if (cas_agg_add(&S->agg, key, tot) != 0)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    return 0;
}

static int cas_merge(const nm_op_env *env, void *into, void *from, nm_err *err)
{
    (void)env;
    cas_state *A = into, *B = from;
    if (cas_agg_merge(&A->agg, &B->agg) != 0)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    return 0;
}

static int cas_emit(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    const cas_shared *sh = env->shared;
    cas_state *S = state;
    return cas_agg_emit(&S->agg, sh->mask, out, err);
}

static int cas_save(const nm_op_env *env, void *state, FILE *out, nm_err *err)
{
    const cas_shared *sh = env->shared;
    cas_state *S = state;
    return cas_agg_save(&S->agg, sh->digest, out, err);
}

static int cas_load(const nm_op_env *env, void *state, FILE *in, const char *path, nm_err *err)
{
    const cas_shared *sh = env->shared;
    cas_state *S = state;
    return cas_agg_load(&S->agg, sh->digest, in, path, err);
}

static const nm_opt cas_options[] = {
    {.name = "categories", .type = NM_OPT_STRING, .offset = offsetof(cas_config, categories),
     .def = NULL,
     .help = "comma-separated categories to report (killed, wounded, killed_or_wounded, "
             "casualties, missing, displaced, evacuated, arrested, abducted); default: all"},
    {.name = "detail", .type = NM_OPT_BOOL, .offset = offsetof(cas_config, detail),
     .def = "false",
     .help = "per mention also counted (went into the totals) and other_event (another year)"},
    {.name = NULL},
};

static const nm_field cas_doc_fields[] = {
    {.name = "mentions", .type = "array",
     .help = "[{category, count, qualifier, low, high, vague, victim, victim_class, part_of, "
             "scope, negated, hedge, source, start, end, sentence_start, sentence_end}] in text "
             "order"},
    {.name = "totals", .type = "object",
     .help = "per category present: {low, best, high} for the document (README: totals rules)"},
    {.name = NULL},
};

static const nm_field cas_aggregate_fields[] = {
    {.name = "date", .type = "string",
     .help = "ISO day (yyyy-mm-dd from the date field), null when undated or unparsable"},
    {.name = "docs", .type = "int", .help = "documents with that date"},
    {.name = "<category>", .type = "object",
     .help = "per category: {docs (with a total), low, best, high (sums of document totals)}"},
    {.name = NULL},
};

const nm_op nm_op_casualties = {
    .name = "casualties",
    .summary = "casualty figures (killed, wounded, displaced, arrested...) with qualifiers, "
               "bounds, victims, sources; document totals; per-date sums",
    .options = cas_options,
    .config_size = sizeof(cas_config),
    .doc_fields = cas_doc_fields,
    .aggregate_fields = cas_aggregate_fields,
    .aggregate_order = "date ascending, undated (null) last",
    .prepare = cas_prepare,
    .release = cas_release,
    .state_size = sizeof(cas_state),
    .init = cas_init,
    .fini = cas_fini,
    .doc = cas_doc,
    .merge = cas_merge,
    .emit = cas_emit,
    .save = cas_save,
    .load = cas_load,
};
