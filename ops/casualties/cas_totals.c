/* cas_totals.c: a document's totals per category from its mentions
 * (ops/casualties/README.md, "Totals"): subgroups never add, figures that
 * share one trigger word add up (coordinated victims: "8 soldiers, 20
 * rebels killed"), other figures are alternative reports of the total, the
 * largest cumulative toll wins over incident figures, repeats collapse, and
 * conflicting reports give low = min, high = max, best = the most frequent
 * figure (ties: the earliest, i.e. the lead). */
#include <string.h>

#include "casualties_internal.h"

typedef struct cand {
    int64_t lo, best, hi;
    bool cumulative;
    uint32_t sent, trig;
} cand;

/* A mention's own (lo, best, hi) for the totals: open bounds fall back on
 * the figure itself; vague words count their linguistic lower bound. */
static void mention_triple(const cas_mention *m, int64_t *lo, int64_t *best, int64_t *hi)
{
    int64_t b;
    if (m->negated)
        b = 0;
    else if (m->qual == CAS_Q_VAGUE || m->qual == CAS_Q_RANGE)
        b = m->low;
    else if (m->qual == CAS_Q_MORE_THAN)
        b = m->count + 1;
    else if (m->qual == CAS_Q_FEWER_THAN)
        b = m->count > 0 ? m->count - 1 : 0;
    else
        b = m->count;
    *best = b;
    *lo = m->has_low ? m->low : b;
    *hi = m->has_high ? m->high : b;
    if (*lo > b)
        *lo = b;
    if (*hi < b)
        *hi = b;
}

enum { MAXC = 64 };

/* tier 0: plain figures; 1: period tallies, claimed or unverified figures;
 * 2: negated ones ("no one was killed"). A tier is used only when the ones
 * before it have nothing for the category. */
static int tier_of(const cas_mention *x)
{
    if (x->negated)
        return 2;
    return (x->context || x->fallback) ? 1 : 0;
}

static void total_of(cas_mention *m, size_t n, int cat, int tier, cas_total *out)
{
    cand c[MAXC];
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        cas_mention *x = &m[i];
        if (x->cat != cat || x->part_of != -1 || x->other_event || tier_of(x) != tier)
            continue;
        int64_t lo, best, hi;
        mention_triple(x, &lo, &best, &hi);
        x->counted = true;
        /* figures sharing a trigger add up, unless one repeats another */
        if (nc > 0 && c[nc - 1].sent == x->sent && c[nc - 1].trig == x->trig &&
            x->scope != CAS_S_INCREMENTAL) {
            bool repeat = false;
            for (size_t k = i; k-- > 0;)
                if (m[k].sent == x->sent && m[k].counted && &m[k] != x && m[k].cat == cat &&
                    m[k].vclass == x->vclass && m[k].count == x->count && m[k].qual == x->qual)
                    repeat = true;
            if (!repeat) {
                c[nc - 1].lo += lo;
                c[nc - 1].best += best;
                c[nc - 1].hi += hi;
            }
            c[nc - 1].cumulative |= x->scope == CAS_S_CUMULATIVE;
            continue;
        }
        if (x->scope == CAS_S_INCREMENTAL && nc > 0 && c[nc - 1].cumulative &&
            c[nc - 1].sent == x->sent)
            continue; /* "the toll rose to nine after two more bodies were found" */
        if (x->scope == CAS_S_INCREMENTAL && nc > 0) {
            /* "nine more killed": adds to the figure before it */
            c[nc - 1].lo += lo;
            c[nc - 1].best += best;
            c[nc - 1].hi += hi;
            c[nc - 1].sent = x->sent;
            continue;
        }
        if (nc == MAXC)
            continue;
        c[nc++] = (cand){lo, best, hi, x->scope == CAS_S_CUMULATIVE, x->sent, x->trig};
    }
    if (nc == 0)
        return;
    bool cum = false;
    for (size_t k = 0; k < nc; k++)
        cum |= c[k].cumulative;
    if (cum) {
        /* tolls only rise: the largest cumulative figure is the latest */
        size_t b = MAXC;
        for (size_t k = 0; k < nc; k++)
            if (c[k].cumulative && (b == MAXC || c[k].best > c[b].best))
                b = k;
        *out = (cas_total){true, c[b].lo, c[b].best, c[b].hi};
        return;
    }
    int64_t lo = c[0].lo, hi = c[0].hi;
    size_t best = 0, best_n = 0;
    for (size_t k = 0; k < nc; k++) {
        if (c[k].lo < lo)
            lo = c[k].lo;
        if (c[k].hi > hi)
            hi = c[k].hi;
        size_t f = 0;
        for (size_t j = 0; j < nc; j++)
            f += c[j].best == c[k].best;
        if (f > best_n) {
            best_n = f;
            best = k;
        }
    }
    *out = (cas_total){true, lo, c[best].best, hi};
}

void cas_totals(cas_mention *m, size_t n, cas_total tot[CAS_NCAT])
{
    for (size_t i = 0; i < n; i++)
        m[i].counted = false;
    for (int cat = 0; cat < CAS_NCAT; cat++) {
        tot[cat] = (cas_total){false, 0, 0, 0};
        for (int tier = 0; tier < 3 && !tot[cat].present; tier++)
            total_of(m, n, cat, tier, &tot[cat]);
    }
}
