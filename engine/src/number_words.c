/* number_words.c: the English word list for nm_number and its lookup.
 * A static open-addressing hash table, built once at first use (the list is
 * fixed, so a lookup is one hash and usually one compare of two integers:
 * number scanning looks up most alphabetic tokens of every document). */
#include "number_words.h"

#include "newsmill/nm_word_key.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#define U NMW_UNIT
#define T NMW_TEEN
#define X NMW_TENS
#define S NMW_SCALE
#define O NMW_ORD
#define P NMW_F_PLURAL

static const nmw_entry words[] = {
    {"zero", U, 0, 0}, {"naught", U, 0, 0}, {"nought", U, 0, 0}, {"oh", NMW_NONE, 0, 0},
    {"one", U, 0, 1}, {"two", U, 0, 2}, {"three", U, 0, 3}, {"four", U, 0, 4},
    {"five", U, 0, 5}, {"six", U, 0, 6}, {"seven", U, 0, 7}, {"eight", U, 0, 8},
    {"nine", U, 0, 9},
    {"ten", T, 0, 10}, {"eleven", T, 0, 11}, {"twelve", T, 0, 12}, {"thirteen", T, 0, 13},
    {"fourteen", T, 0, 14}, {"fifteen", T, 0, 15}, {"sixteen", T, 0, 16},
    {"seventeen", T, 0, 17}, {"eighteen", T, 0, 18}, {"nineteen", T, 0, 19},
    {"twenty", X, 0, 20}, {"thirty", X, 0, 30}, {"forty", X, 0, 40}, {"fourty", X, 0, 40},
    {"fifty", X, 0, 50}, {"sixty", X, 0, 60}, {"seventy", X, 0, 70}, {"eighty", X, 0, 80},
    {"ninety", X, 0, 90},
    {"hundred", NMW_HUNDRED, 0, 100}, {"hundreds", NMW_HUNDRED, P, 100},
    {"thousand", S, 0, 1e3}, {"thousands", S, P, 1e3},
    {"million", S, 0, 1e6}, {"millions", S, P, 1e6}, {"mn", S, 0, 1e6}, {"mln", S, 0, 1e6},
    {"mil", S, 0, 1e6},
    {"billion", S, 0, 1e9}, {"billions", S, P, 1e9}, {"bn", S, 0, 1e9}, {"bln", S, 0, 1e9},
    {"trillion", S, 0, 1e12}, {"trillions", S, P, 1e12}, {"tln", S, 0, 1e12}, {"trn", S, 0, 1e12},
    {"quadrillion", S, 0, 1e15}, {"quintillion", S, 0, 1e18}, {"sextillion", S, 0, 1e21},
    {"lakh", S, 0, 1e5}, {"lakhs", S, 0, 1e5}, {"lac", S, 0, 1e5}, {"lacs", S, 0, 1e5},
    {"lkh", S, 0, 1e5}, {"lkhs", S, 0, 1e5},
    {"crore", S, 0, 1e7}, {"crores", S, 0, 1e7}, {"cr", S, 0, 1e7}, {"koti", S, 0, 1e7},
    {"krore", S, 0, 1e7}, {"krores", S, 0, 1e7}, {"kr", S, 0, 1e7},
    {"dozen", NMW_DOZEN, 0, 12}, {"dozens", NMW_DOZEN, P, 12}, {"dz", NMW_DOZEN, 0, 12},
    {"dzs", NMW_DOZEN, 0, 12}, {"doz", NMW_DOZEN, 0, 12}, {"dozs", NMW_DOZEN, 0, 12},
    {"first", O, 0, 1}, {"second", O, 0, 2}, {"third", O, 0, 3}, {"fourth", O, 0, 4},
    {"fifth", O, 0, 5}, {"sixth", O, 0, 6}, {"seventh", O, 0, 7}, {"eighth", O, 0, 8},
    {"ninth", O, 0, 9}, {"tenth", O, 0, 10}, {"eleventh", O, 0, 11}, {"twelfth", O, 0, 12},
    {"thirteenth", O, 0, 13}, {"fourteenth", O, 0, 14}, {"fifteenth", O, 0, 15},
    {"sixteenth", O, 0, 16}, {"seventeenth", O, 0, 17}, {"eighteenth", O, 0, 18},
    {"nineteenth", O, 0, 19}, {"twentieth", O, 0, 20}, {"thirtieth", O, 0, 30},
    {"fortieth", O, 0, 40}, {"fiftieth", O, 0, 50}, {"sixtieth", O, 0, 60},
    {"seventieth", O, 0, 70}, {"eightieth", O, 0, 80}, {"ninetieth", O, 0, 90},
    {"hundredth", O, 0, 100}, {"thousandth", O, 0, 1e3}, {"millionth", O, 0, 1e6},
    {"billionth", O, 0, 1e9},
    {"a", NMW_A, 0, 1}, {"an", NMW_A, 0, 1}, {"and", NMW_AND, 0, 0},
    {"point", NMW_POINT, 0, 0}, {"dot", NMW_POINT, 0, 0},
    {"half", NMW_HALF, 0, 0.5}, {"quarter", NMW_QUARTER, 0, 0.25},
    {"couple", NMW_COUPLE, 0, 2}, {"pair", NMW_COUPLE, 0, 2},
    /* vague words: value is the linguistic lower bound (specs/casualty.md item 2) */
    {"several", NMW_VAGUE, 0, 3}, {"few", NMW_VAGUE, 0, 2}, {"many", NMW_VAGUE, 0, 3},
    {"numerous", NMW_VAGUE, 0, 3}, {"scores", NMW_VAGUE, 0, 40}, {"tens", NMW_VAGUE, 0, 20},
    {"handful", NMW_VAGUE, 0, 2},
    {"january", NMW_MONTH, 0, 1}, {"jan", NMW_MONTH, 0, 1}, {"february", NMW_MONTH, 0, 2},
    {"feb", NMW_MONTH, 0, 2}, {"march", NMW_MONTH, NMW_F_CASED, 3}, {"mar", NMW_MONTH, NMW_F_CASED, 3},
    {"april", NMW_MONTH, 0, 4}, {"apr", NMW_MONTH, 0, 4}, {"may", NMW_MONTH, NMW_F_CASED, 5},
    {"june", NMW_MONTH, 0, 6}, {"jun", NMW_MONTH, 0, 6}, {"july", NMW_MONTH, 0, 7},
    {"jul", NMW_MONTH, 0, 7}, {"august", NMW_MONTH, 0, 8}, {"aug", NMW_MONTH, 0, 8},
    {"september", NMW_MONTH, 0, 9}, {"sep", NMW_MONTH, 0, 9}, {"sept", NMW_MONTH, 0, 9},
    {"october", NMW_MONTH, 0, 10}, {"oct", NMW_MONTH, 0, 10}, {"november", NMW_MONTH, 0, 11},
    {"nov", NMW_MONTH, 0, 11}, {"december", NMW_MONTH, 0, 12}, {"dec", NMW_MONTH, 0, 12},
    {"dollars", NMW_CURRENCY, 0, 0}, {"dollar", NMW_CURRENCY, 0, 0}, {"dlrs", NMW_CURRENCY, 0, 0},
    {"euros", NMW_CURRENCY, 0, 0}, {"euro", NMW_CURRENCY, 0, 0}, {"pounds", NMW_CURRENCY, 0, 0},
    {"sterling", NMW_CURRENCY, 0, 0}, {"rupees", NMW_CURRENCY, 0, 0}, {"rupee", NMW_CURRENCY, 0, 0},
    {"yuan", NMW_CURRENCY, 0, 0}, {"yen", NMW_CURRENCY, 0, 0}, {"naira", NMW_CURRENCY, 0, 0},
    {"shillings", NMW_CURRENCY, 0, 0}, {"cents", NMW_CURRENCY, 0, 0}, {"dinars", NMW_CURRENCY, 0, 0},
    {"riyals", NMW_CURRENCY, 0, 0}, {"lira", NMW_CURRENCY, 0, 0}, {"rubles", NMW_CURRENCY, 0, 0},
    {"roubles", NMW_CURRENCY, 0, 0}, {"francs", NMW_CURRENCY, 0, 0}, {"pesos", NMW_CURRENCY, 0, 0},
    {"bucks", NMW_CURRENCY, 0, 0}, {"taka", NMW_CURRENCY, 0, 0}, {"ringgit", NMW_CURRENCY, 0, 0},
    {"baht", NMW_CURRENCY, 0, 0}, {"dirhams", NMW_CURRENCY, 0, 0}, {"hryvnias", NMW_CURRENCY, 0, 0},
    {"sek", NMW_CURRENCY, 0, 0}, {"rmb", NMW_CURRENCY, 0, 0}, {"afghanis", NMW_CURRENCY, 0, 0},
    {"rs", NMW_CUR_PRE, 0, 0}, {"inr", NMW_CUR_PRE, 0, 0}, {"usd", NMW_CUR_PRE, 0, 0},
    {"eur", NMW_CUR_PRE, 0, 0}, {"gbp", NMW_CUR_PRE, 0, 0}, {"us", NMW_CUR_PRE, 0, 0},
    {"second", O, 0, 2},
    {"seconds", NMW_DURATION, 0, 0}, {"sec", NMW_DURATION, 0, 0}, {"secs", NMW_DURATION, 0, 0},
    {"minute", NMW_DURATION, 0, 0}, {"minutes", NMW_DURATION, 0, 0}, {"min", NMW_DURATION, 0, 0},
    {"mins", NMW_DURATION, 0, 0}, {"hour", NMW_DURATION, 0, 0}, {"hours", NMW_DURATION, 0, 0},
    {"hr", NMW_DURATION, 0, 0}, {"hrs", NMW_DURATION, 0, 0}, {"day", NMW_DURATION, 0, 0},
    {"days", NMW_DURATION, 0, 0}, {"night", NMW_DURATION, 0, 0}, {"nights", NMW_DURATION, 0, 0},
    {"week", NMW_DURATION, 0, 0}, {"weeks", NMW_DURATION, 0, 0}, {"month", NMW_DURATION, 0, 0},
    {"months", NMW_DURATION, 0, 0}, {"year", NMW_DURATION, 0, 0}, {"years", NMW_DURATION, 0, 0},
    {"yr", NMW_DURATION, 0, 0}, {"yrs", NMW_DURATION, 0, 0}, {"decade", NMW_DURATION, 0, 0},
    {"decades", NMW_DURATION, 0, 0}, {"century", NMW_DURATION, 0, 0},
    {"centuries", NMW_DURATION, 0, 0}, {"fortnight", NMW_DURATION, 0, 0},
    {"km", NMW_MEASURE, 0, 0}, {"kms", NMW_MEASURE, 0, 0}, {"kilometres", NMW_MEASURE, 0, 0},
    {"kilometers", NMW_MEASURE, 0, 0}, {"kilometre", NMW_MEASURE, 0, 0},
    {"kilometer", NMW_MEASURE, 0, 0}, {"mile", NMW_MEASURE, 0, 0}, {"miles", NMW_MEASURE, 0, 0},
    {"metres", NMW_MEASURE, 0, 0}, {"meters", NMW_MEASURE, 0, 0}, {"metre", NMW_MEASURE, 0, 0},
    {"meter", NMW_MEASURE, 0, 0}, {"m", NMW_MEASURE, 0, 0}, {"cm", NMW_MEASURE, 0, 0},
    {"mm", NMW_MEASURE, 0, 0}, {"kg", NMW_MEASURE, 0, 0}, {"kgs", NMW_MEASURE, 0, 0},
    {"kilograms", NMW_MEASURE, 0, 0}, {"kilogram", NMW_MEASURE, 0, 0}, {"kilos", NMW_MEASURE, 0, 0},
    {"g", NMW_MEASURE, 0, 0}, {"grams", NMW_MEASURE, 0, 0}, {"gram", NMW_MEASURE, 0, 0},
    {"mg", NMW_MEASURE, 0, 0}, {"tonnes", NMW_MEASURE, 0, 0}, {"tonne", NMW_MEASURE, 0, 0},
    {"tons", NMW_MEASURE, 0, 0}, {"ton", NMW_MEASURE, 0, 0}, {"lb", NMW_MEASURE, 0, 0},
    {"lbs", NMW_MEASURE, 0, 0}, {"oz", NMW_MEASURE, 0, 0}, {"ounces", NMW_MEASURE, 0, 0},
    {"ml", NMW_MEASURE, 0, 0}, {"litres", NMW_MEASURE, 0, 0}, {"liters", NMW_MEASURE, 0, 0},
    {"litre", NMW_MEASURE, 0, 0}, {"liter", NMW_MEASURE, 0, 0}, {"gallons", NMW_MEASURE, 0, 0},
    {"barrels", NMW_MEASURE, 0, 0}, {"bpd", NMW_MEASURE, 0, 0}, {"feet", NMW_MEASURE, 0, 0},
    {"foot", NMW_MEASURE, 0, 0}, {"ft", NMW_MEASURE, 0, 0}, {"inch", NMW_MEASURE, 0, 0},
    {"inches", NMW_MEASURE, 0, 0}, {"yards", NMW_MEASURE, 0, 0}, {"acres", NMW_MEASURE, 0, 0},
    {"hectares", NMW_MEASURE, 0, 0}, {"ha", NMW_MEASURE, 0, 0}, {"sq", NMW_MEASURE, 0, 0},
    {"square", NMW_MEASURE, 0, 0}, {"degrees", NMW_MEASURE, 0, 0}, {"mph", NMW_MEASURE, 0, 0},
    {"kph", NMW_MEASURE, 0, 0}, {"kmh", NMW_MEASURE, 0, 0}, {"knots", NMW_MEASURE, 0, 0},
    {"mw", NMW_MEASURE, 0, 0}, {"gw", NMW_MEASURE, 0, 0}, {"kw", NMW_MEASURE, 0, 0},
    {"kwh", NMW_MEASURE, 0, 0}, {"megawatts", NMW_MEASURE, 0, 0}, {"calories", NMW_MEASURE, 0, 0},
    {"kcal", NMW_MEASURE, 0, 0}, {"mb", NMW_MEASURE, 0, 0}, {"gb", NMW_MEASURE, 0, 0},
    {"tb", NMW_MEASURE, 0, 0}, {"kb", NMW_MEASURE, 0, 0}, {"mbps", NMW_MEASURE, 0, 0},
    {"ghz", NMW_MEASURE, 0, 0}, {"mhz", NMW_MEASURE, 0, 0}, {"hz", NMW_MEASURE, 0, 0},
    {"volts", NMW_MEASURE, 0, 0}, {"watts", NMW_MEASURE, 0, 0}, {"mm2", NMW_NONE, 0, 0},
    {"percent", NMW_PERCENT, 0, 0}, {"pct", NMW_PERCENT, 0, 0}, {"percentage", NMW_PERCENT, 0, 0},
    {"aged", NMW_AGE_PRE, 0, 0}, {"age", NMW_AGE_PRE, 0, 0}, {"ages", NMW_AGE_PRE, 0, 0},
    {"in", NMW_YEAR_PRE, 0, 0}, {"since", NMW_YEAR_PRE, 0, 0}, {"until", NMW_YEAR_PRE, 0, 0},
    {"till", NMW_YEAR_PRE, 0, 0}, {"by", NMW_YEAR_PRE, 0, 0}, {"from", NMW_YEAR_PRE, 0, 0},
    {"of", NMW_YEAR_PRE, 0, 0}, {"during", NMW_YEAR_PRE, 0, 0}, {"before", NMW_YEAR_PRE, 0, 0},
    {"after", NMW_YEAR_PRE, 0, 0}, {"early", NMW_YEAR_PRE, 0, 0}, {"late", NMW_YEAR_PRE, 0, 0},
    {"mid", NMW_YEAR_PRE, 0, 0}, {"summer", NMW_YEAR_PRE, 0, 0}, {"spring", NMW_YEAR_PRE, 0, 0},
    {"autumn", NMW_YEAR_PRE, 0, 0}, {"fall", NMW_YEAR_PRE, 0, 0}, {"winter", NMW_YEAR_PRE, 0, 0},
    {"circa", NMW_YEAR_PRE, 0, 0}, {"year", NMW_DURATION, 0, 0}, {"fiscal", NMW_YEAR_PRE, 0, 0},
    {"the", NMW_DET, 0, 0}, {"this", NMW_DET, 0, 0}, {"that", NMW_DET, 0, 0},
    {"which", NMW_DET, 0, 0}, {"any", NMW_DET, 0, 0}, {"every", NMW_DET, 0, 0},
    {"each", NMW_DET, 0, 0}, {"another", NMW_DET, 0, 0}, {"no", NMW_DET, 0, 0},
    {"am", NMW_TIME_POST, 0, 0}, {"pm", NMW_TIME_POST, 0, 0}, {"gmt", NMW_TIME_POST, 0, 0},
    {"utc", NMW_TIME_POST, 0, 0}, {"est", NMW_TIME_POST, 0, 0}, {"edt", NMW_TIME_POST, 0, 0},
    {"bst", NMW_TIME_POST, 0, 0}, {"o'clock", NMW_TIME_POST, 0, 0},
    {"to", NMW_RANGE_TO, 0, 0}, {"through", NMW_RANGE_TO, 0, 0}, {"thru", NMW_RANGE_TO, 0, 0},
    {"nil", U, 0, 0}, {"single", NMW_SINGLE, 0, 1}, {"trillionth", O, 0, 1e12},
    {"minus", NMW_SIGN, 0, -1}, {"negative", NMW_SIGN, 0, -1},
    {"over", NMW_RATIO, 0, 0}, {"out", NMW_RATIO, 0, 0},
    /* plural ordinals: fraction denominators ("three fifths", "two hundredths") */
    {"halves", NMW_ORD_PL, 0, 2}, {"thirds", NMW_ORD_PL, 0, 3}, {"quarters", NMW_ORD_PL, 0, 4},
    {"fourths", NMW_ORD_PL, 0, 4}, {"fifths", NMW_ORD_PL, 0, 5}, {"sixths", NMW_ORD_PL, 0, 6},
    {"sevenths", NMW_ORD_PL, 0, 7}, {"eighths", NMW_ORD_PL, 0, 8}, {"ninths", NMW_ORD_PL, 0, 9},
    {"tenths", NMW_ORD_PL, 0, 10}, {"elevenths", NMW_ORD_PL, 0, 11},
    {"twelfths", NMW_ORD_PL, 0, 12}, {"sixteenths", NMW_ORD_PL, 0, 16},
    {"twentieths", NMW_ORD_PL, 0, 20}, {"thirtieths", NMW_ORD_PL, 0, 30},
    {"fortieths", NMW_ORD_PL, 0, 40}, {"fiftieths", NMW_ORD_PL, 0, 50},
    {"hundredths", NMW_ORD_PL, 0, 100}, {"thousandths", NMW_ORD_PL, 0, 1e3},
    {"millionths", NMW_ORD_PL, 0, 1e6}, {"billionths", NMW_ORD_PL, 0, 1e9},
    {"trillionths", NMW_ORD_PL, 0, 1e12}, {"firsts", NMW_ORD_PL, 0, 1},
    /* common misspellings of number words in news copy and transcripts (value: the
       index in misspelt_to below); weak ones are English words too */
    {"won", NMW_MISSPELT, NMW_F_WEAK, 0}, {"too", NMW_MISSPELT, NMW_F_WEAK, 1},
    {"tree", NMW_MISSPELT, NMW_F_WEAK, 2}, {"sex", NMW_MISSPELT, NMW_F_WEAK, 3},
    {"fiev", NMW_MISSPELT, 0, 4}, {"sefen", NMW_MISSPELT, 0, 5}, {"twinty", NMW_MISSPELT, 0, 6},
    {"huntred", NMW_MISSPELT, 0, 7}, {"hunderd", NMW_MISSPELT, 0, 7},
    {"hundret", NMW_MISSPELT, 0, 7}, {"thousant", NMW_MISSPELT, 0, 8},
    {"thousend", NMW_MISSPELT, 0, 8}, {"millyon", NMW_MISSPELT, 0, 9},
    {"milion", NMW_MISSPELT, 0, 9}, {"billyon", NMW_MISSPELT, 0, 10},
};

/* What each misspelling stands for (by the value of its entry). */
static const char *const misspelt_to[] = { "one", "two", "three", "six", "five", "seven",
                                           "twenty", "hundred", "thousand", "million",
                                           "billion" };

#undef U
#undef T
#undef X
#undef S
#undef O
#undef P

#define NMW_N (sizeof words / sizeof words[0])
#define NMW_SLOTS 1024u /* power of two, over twice the word count */
#define NMW_IDX_BITS 10u /* a tag's low bits: the entry index + 1 (0 = empty slot) */

_Static_assert(NMW_N + 1 < (1u << NMW_IDX_BITS), "entry index must fit a tag's low bits");
/* every listed word is 1..12 bytes long: see nmw_lookup and filter */

/* A word of at most 16 bytes as two integers (nm_word_key.h): equal length
 * and equal pair mean equal words, so a lookup compares two integers instead
 * of calling memcmp, and hashing them costs two multiplies instead of a loop
 * over the bytes. Number scanning looks up most alphabetic tokens of every
 * document and most are not in the list, so the probed table holds 4-byte
 * tags only (4 KiB, a few cache lines touched per lookup, where slots with
 * the whole key took 48 KiB and missed the cache): a tag is the entry index
 * + 1 in its low bits and 22 other bits of the word's hash above them, so a
 * word that is not in the list almost always stops at an empty slot or a tag
 * that differs, and only a tag that matches reads the entry's key. */
typedef struct wkey { uint64_t a, b; uint32_t len; } wkey;
static uint32_t tags[NMW_SLOTS];
static wkey keys[NMW_N];
/* A filter in front of the table: bit (last byte & 31) of
 * filter[length][first byte & 31] is set when a listed word has that
 * length, first and last byte (by their low five bits). About one in twenty
 * of those triples is set, so most words that are not listed ("said",
 * "people") leave here without hashing or probing. */
static uint32_t filter[13][32];
static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Set (release) once the table is built: a lookup tests it with one
 * acquire load (a plain load on x86) instead of calling pthread_once for
 * every token. */
static atomic_int built;

static uint32_t tag_of(uint64_t h) {
    return (uint32_t)(h >> 32) & ~((1u << NMW_IDX_BITS) - 1u);
}

static void build(void) {
    for (size_t i = 0; i < NMW_N; i++) {
        size_t len = strlen(words[i].word);
        if (len == 0 || len > 12) continue; /* never looked up (none is) */
        const nm_word_key k = nm_word_key_of(words[i].word, len);
        keys[i] = (wkey){ k.a, k.b, (uint32_t)len };
        filter[len][(unsigned char)words[i].word[0] & 31u] |=
            1u << ((unsigned char)words[i].word[len - 1] & 31u);
        const uint64_t hh = nm_word_key_hash(k, len);
        uint32_t h = (uint32_t)hh & (NMW_SLOTS - 1);
        int dup = 0;
        while (tags[h]) {
            /* the first entry of a word wins ("second" is listed twice on purpose) */
            const wkey *o = &keys[(tags[h] & ((1u << NMW_IDX_BITS) - 1u)) - 1];
            if (o->len == len && o->a == k.a && o->b == k.b) { dup = 1; break; }
            h = (h + 1) & (NMW_SLOTS - 1);
        }
        if (!dup) tags[h] = tag_of(hh) | (uint32_t)(i + 1);
    }
    atomic_store_explicit(&built, 1, memory_order_release);
}

const nmw_entry *nmw_misspelt(const nmw_entry *e) {
    if (!e || e->cls != NMW_MISSPELT) return e;
    const char *w = misspelt_to[(size_t)e->value];
    return nmw_lookup(w, strlen(w));
}

const nmw_entry *nmw_lookup(const char *w, size_t len) {
    if (len == 0 || len > 12) return NULL;
    if (!atomic_load_explicit(&built, memory_order_acquire)) pthread_once(&once, build);
    const unsigned char *u = (const unsigned char *)w;
    if (!(filter[len][u[0] & 31u] >> (u[len - 1] & 31u) & 1u)) return NULL;
    const nm_word_key k = nm_word_key_of(w, len);
    const uint64_t hh = nm_word_key_hash(k, len);
    const uint32_t mask = NMW_SLOTS - 1, want = tag_of(hh);
    for (uint32_t h = (uint32_t)hh & mask; tags[h]; h = (h + 1) & mask) {
        const uint32_t t = tags[h];
        if ((t & ~((1u << NMW_IDX_BITS) - 1u)) != want) continue;
        const size_t i = (t & ((1u << NMW_IDX_BITS) - 1u)) - 1;
        const wkey *kk = &keys[i];
        if (kk->len == len && kk->a == k.a && kk->b == k.b)
            return words[i].cls == NMW_NONE ? NULL : &words[i];
    }
    return NULL;
}
