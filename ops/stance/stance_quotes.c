/* stance_quotes.c: quotes, their speakers, and who holds each word.
 *
 * Quote spans open and close at straight, curly and angle quote marks
 * within a paragraph, carried over a paragraph break when the next
 * paragraph reopens one. Indirect speech ("X said (that) ...", "according
 * to X") gives its clause X as holder; each quote gets a speaker from the
 * patterns of README.md ("Quotes and speakers"), and every word in a quote
 * its speaker as holder (author elsewhere). Runs after st_mentions_find. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "stance_internal.h"

/* ---- quotes ------------------------------------------------------------------------ */

/* Quote mark at text[i]: 1 straight, 2 opening, 3 closing; *len its bytes. */
static int quote_at(const char *t, size_t i, size_t n, size_t *len)
{
    const unsigned char c = (unsigned char)t[i];
    if (c == '"') {
        *len = 1;
        return 1;
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80) {
        const unsigned char d = (unsigned char)t[i + 2];
        *len = 3;
        if (d == 0x9C)
            return 2;
        if (d == 0x9D)
            return 3;
    }
    if (c == 0xC2 && i + 1 < n) {
        *len = 2;
        if ((unsigned char)t[i + 1] == 0xAB)
            return 2;
        if ((unsigned char)t[i + 1] == 0xBB)
            return 3;
    }
    return 0;
}

/* The first i in [i, e) where text[i] may open a quote mark: '"' or the lead
 * byte of a curly (0xE2) or angle (0xC2) quote. Eight bytes at a time: c | 0x20
 * is 0x22 or 0xE2 exactly for those three bytes and 0x02, which the caller's
 * quote_at turns away; the byte loop this replaces was most of st_quotes_find. */
static size_t next_mark(const char *t, size_t i, size_t e)
{
#ifdef __SSE2__
    /* sixteen bytes at once, the position of the first straight from the mask */
    const __m128i dq = _mm_set1_epi8('"'), e2 = _mm_set1_epi8((char)0xE2),
                  c2 = _mm_set1_epi8((char)0xC2);
    for (; i + 16 <= e; i += 16) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, e2)),
                                         _mm_cmpeq_epi8(x, c2));
        const unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m != 0)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    for (; i + 8 <= e; i += 8) {
        uint64_t x;
        memcpy(&x, t + i, 8);
        x |= ones * 0x20u;
        const uint64_t a = x ^ ones * 0x22u, b = x ^ ones * 0xE2u;
        if (((a - ones) & ~a & high) | ((b - ones) & ~b & high))
            break;
    }
    while (i < e && t[i] != '"' && t[i] != '\xE2' && t[i] != '\xC2')
        i++;
    return i;
}

static int add_quote(st_scratch *sc, uint32_t s, uint32_t e, bool cont)
{
    if (!st_grow((void **)&sc->q, &sc->cap_q, sc->n_q + 1, sizeof *sc->q))
        return NM_ENOMEM;
    sc->q[sc->n_q++] = (st_quote){.start = s, .end = e, .speaker = cont ? -3 : -1};
    return 0;
}

/* The first word starting at or after byte b. */
static size_t first_word_at(const st_scratch *sc, uint32_t b)
{
    size_t lo = 0, hi = sc->n_w;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (sc->w[mid].start < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int find_quotes(const nm_analysis *an, st_scratch *sc)
{
    sc->n_q = 0;
    const char *t = an->text;
    bool carry = false; /* the previous paragraph's quote continues */
    for (size_t p = 0; p < an->n_paragraphs; p++) {
        const size_t ps = an->paragraphs[p].start, pe = an->paragraphs[p].end;
        bool open = false;
        size_t open_at = 0;
        bool cont_this = false;
        for (size_t i = ps; i < pe;) {
            /* only '"' and the lead bytes of the curly and angle quotes can start one */
            i = next_mark(t, i, pe);
            if (i >= pe)
                break;
            size_t ql = 1;
            const int q = quote_at(t, i, an->text_len, &ql);
            if (q == 0) {
                i++;
                continue;
            }
            if (!open && q != 3) {
                open = true;
                open_at = i;
                cont_this = carry && sc->n_q > 0 && i == ps;
                carry = false;
            } else if (open && q != 2) {
                if (add_quote(sc, (uint32_t)open_at, (uint32_t)(i + ql), cont_this) != 0)
                    return NM_ENOMEM;
                open = false;
            }
            i += ql;
        }
        carry = false;
        if (open) {
            if (add_quote(sc, (uint32_t)open_at, (uint32_t)pe, cont_this) != 0)
                return NM_ENOMEM;
            if (p + 1 < an->n_paragraphs) {
                size_t ql;
                const int q = quote_at(t, an->paragraphs[p + 1].start, an->text_len, &ql);
                carry = q == 1 || q == 2;
            }
        }
    }
    /* words inside quotes: quotes are in text order and do not overlap, so
       the words starting in a quote are found from its start by binary
       search instead of visiting every word of the document */
    for (size_t q = 0; q < sc->n_q; q++) {
        size_t i = first_word_at(sc, sc->q[q].start);
        sc->q[q].w0 = (uint32_t)i;
        for (; i < sc->n_w && sc->w[i].start < sc->q[q].end; i++)
            if (sc->w[i].end <= sc->q[q].end)
                sc->w[i].quote = (int32_t)q;
        sc->q[q].w1 = (uint32_t)i; /* the first word at or after the quote's end */
    }
    return 0;
}

/* ---- speakers ---------------------------------------------------------------------- */

/* The last person (leader) mentioned before word i, within 3 sentences. */
static int32_t last_person(const st_scratch *sc, size_t i)
{
    const uint32_t s = sc->w[i].sent;
    for (size_t k = sc->n_m; k-- > 0;) {
        const st_mention *m = &sc->m[k];
        if (m->w1 > i)
            continue;
        if (sc->w[m->w0].sent + 3 < s)
            return -1;
        if (m->kind == ST_K_LEADER)
            return (int32_t)k;
    }
    return -1;
}

/* Only spaces, commas, colons and dashes in text[a, b): no line break, so a
 * speaker is never looked for in the next paragraph. */
static bool thin_gap(const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == ',' || c == ':' || c == '\t' || c == '-')
            continue;
        if (c == 0xE2 && i + 2 < b && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93)) {
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

static void free_speaker(const st_scratch *sc, size_t from, size_t to_excl, st_quote *q)
{
    size_t a = from, b = from;
    while (b < to_excl && b < sc->n_w && (sc->w[b].flags & ST_W_CAP) && sc->w[b].quote < 0)
        b++;
    if (b > a) {
        q->sp_start = sc->w[a].start;
        q->sp_end = sc->w[b - 1].end;
    }
}

static void attribute_quote(const st_words_index *wi, const nm_analysis *an, st_scratch *sc,
                            size_t qi)
{
    st_quote *q = &sc->q[qi];
    if (q->speaker == -3) { /* continues the previous paragraph's quote */
        q->speaker = sc->q[qi - 1].speaker;
        q->sp_start = sc->q[qi - 1].sp_start;
        q->sp_end = sc->q[qi - 1].sp_end;
        return;
    }
    q->speaker = -1;
    const char *t = an->text;
    /* after: '"Q," X said' / '"Q," said X' / '"Q," according to X' */
    size_t a = q->w1; /* the first word at or after the quote's end (find_quotes) */
    if (a < sc->n_w && sc->w[a].quote < 0 && thin_gap(t, q->end, sc->w[a].start)) {
        const uint32_t s = sc->w[a].sent;
        if (a + 2 < sc->n_w && st_word_is(&sc->w[a], "according") &&
            st_word_is(&sc->w[a + 1], "to")) {
            const size_t x = a + 3 < sc->n_w && st_word_is(&sc->w[a + 2], "the") ? a + 3 : a + 2;
            if (sc->w[x].mention >= 0) {
                q->speaker = sc->w[x].mention;
                return;
            }
        }
        for (size_t v = a; v < a + 7 && v < sc->n_w && sc->w[v].sent == s; v++) {
            if (sc->w[v].quote >= 0)
                break;
            if (!(st_word_cls(wi, &sc->w[v]) & ST_C_SAY))
                continue;
            if (v + 1 < sc->n_w && sc->w[v + 1].mention >= 0 && sc->w[v + 1].sent == s) {
                q->speaker = sc->w[v + 1].mention;
                return;
            }
            for (size_t j = v; j > a; j--)
                if (sc->w[j - 1].mention >= 0) {
                    q->speaker = sc->w[j - 1].mention;
                    return;
                }
            if (v > a && (st_word_cls(wi, &sc->w[v - 1]) & ST_C_PRON)) {
                q->speaker = last_person(sc, a);
                return;
            }
            if (v > a)
                free_speaker(sc, a, v, q);
            else
                free_speaker(sc, v + 1, v + 6, q);
            return;
        }
    }
    /* before: 'X said: "Q"' / 'X said "Q"' / 'X, saying Y "Q"' */
    size_t b = a;
    while (b > 0 && sc->w[b - 1].end > q->start)
        b--;
    if (b > 0 && sc->w[b - 1].quote < 0) {
        const uint32_t s = sc->w[b - 1].sent;
        for (size_t v = b; v-- > 0 && v + 6 >= b && sc->w[v].sent == s;) {
            if (sc->w[v].quote >= 0)
                break;
            if (!(st_word_cls(wi, &sc->w[v]) & ST_C_SAY))
                continue;
            for (size_t j = v; j > 0 && j + 8 > v && sc->w[j - 1].sent == s; j--) {
                if (sc->w[j - 1].quote >= 0)
                    break;
                if (sc->w[j - 1].mention >= 0) {
                    q->speaker = sc->w[j - 1].mention;
                    return;
                }
            }
            if (v > 0 && (st_word_cls(wi, &sc->w[v - 1]) & ST_C_PRON)) {
                q->speaker = last_person(sc, v);
                return;
            }
            if (v + 1 < b && sc->w[v + 1].mention >= 0) {
                q->speaker = sc->w[v + 1].mention;
                return;
            }
            /* a name that is no actor: the capitalised words before the verb */
            size_t f = v;
            while (f > 0 && f + 4 > v && sc->w[f - 1].sent == s && (sc->w[f - 1].flags & ST_W_CAP) &&
                   sc->w[f - 1].quote < 0)
                f--;
            if (f < v) {
                q->sp_start = sc->w[f].start;
                q->sp_end = sc->w[v - 1].end;
            }
            break;
        }
        /* inside indirect speech: the clause's holder */
        if (sc->w[b - 1].holder >= 0) {
            q->speaker = sc->w[b - 1].holder;
            return;
        }
    }
    /* an earlier quote of the same paragraph */
    size_t p0 = 0;
    for (size_t lo = 0, up = an->n_paragraphs; lo < up;) {
        const size_t mid = (lo + up) / 2;
        if (an->paragraphs[mid].start <= q->start) {
            p0 = mid;
            lo = mid + 1;
        } else {
            up = mid;
        }
    }
    for (size_t k = qi; k-- > 0;) {
        if (an->n_paragraphs == 0 || sc->q[k].end < an->paragraphs[p0].start)
            break;
        if (sc->q[k].speaker >= 0 || sc->q[k].sp_end > sc->q[k].sp_start) {
            q->speaker = sc->q[k].speaker;
            q->sp_start = sc->q[k].sp_start;
            q->sp_end = sc->q[k].sp_end;
            return;
        }
    }
}

/* Indirect speech: 'X said (that) CLAUSE' and 'according to X': the words of
 * the clause get X as holder. */
static void indirect(const st_words_index *wi, st_scratch *sc)
{
    for (size_t k = 0; k < sc->n_m; k++) {
        const st_mention *m = &sc->m[k];
        const uint32_t s = sc->w[m->w0].sent;
        if (sc->w[m->w0].quote >= 0)
            continue;
        /* according to (the) X */
        const size_t th = m->w0 >= 3 && st_word_is(&sc->w[m->w0 - 1], "the") ? 1 : 0;
        if (m->w0 >= 2 + th && st_word_is(&sc->w[m->w0 - 2 - th], "according") &&
            st_word_is(&sc->w[m->w0 - 1 - th], "to") && sc->w[m->w0 - 2 - th].sent == s) {
            size_t a = m->w0 - 2 - th, b = a;
            while (b > 0 && sc->w[b - 1].sent == s)
                b--;
            size_t from, to;
            if (a == b) { /* "According to X, CLAUSE" */
                from = m->w1;
                to = from;
                while (to < sc->n_w && sc->w[to].sent == s)
                    to++;
            } else {
                from = b;
                to = a;
            }
            for (size_t j = from; j < to; j++)
                if (sc->w[j].quote < 0 && sc->w[j].holder == -1)
                    sc->w[j].holder = (int32_t)k;
            continue;
        }
        /* X [aux/adv] said ... */
        for (size_t v = m->w1; v < m->w1 + 4 && v < sc->n_w && sc->w[v].sent == s; v++) {
            if (sc->w[v].mention >= 0 || sc->w[v].quote >= 0)
                break;
            const uint32_t c = st_word_cls(wi, &sc->w[v]);
            if (c & ST_C_BREAK)
                break;
            if (!(c & ST_C_SAY))
                continue;
            for (size_t j = v + 1; j < sc->n_w && sc->w[j].sent == s; j++)
                if (sc->w[j].quote < 0 && sc->w[j].holder == -1)
                    sc->w[j].holder = (int32_t)k;
            break;
        }
    }
}

int st_quotes_find(const st_words_index *wi, const nm_analysis *an, st_scratch *sc)
{
    if (find_quotes(an, sc) != 0)
        return NM_ENOMEM;
    indirect(wi, sc);
    for (size_t q = 0; q < sc->n_q; q++)
        attribute_quote(wi, an, sc, q);
    /* the words of each quote (find_quotes) hold its speaker */
    for (size_t q = 0; q < sc->n_q; q++) {
        const int32_t h = sc->q[q].speaker >= 0 ? sc->q[q].speaker : -2;
        for (size_t i = sc->q[q].w0; i < sc->q[q].w1; i++)
            if (sc->w[i].quote == (int32_t)q)
                sc->w[i].holder = h;
    }
    return 0;
}
