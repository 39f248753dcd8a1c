/* stance_context_words.h: what the given-target scorer (stance_context.c)
 * knows about single tokens: its own word classes (sayers, clause words,
 * stance words the lexicon lacks), the punctuation between tokens, and the
 * per-token facts it caches for a document (stance_context_words.c). Private
 * to ops/stance. */
#ifndef NM_STANCE_CONTEXT_WORDS_H
#define NM_STANCE_CONTEXT_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newsmill/nm_analysis.h"
#include "newsmill/nm_lexicon.h"
#include "stance_context.h"

enum {
    W_SAY = 1u << 0,      /* a verb of saying: its subject is a speaker */
    W_TELL = 1u << 1,     /* told/tells: its object is a listener */
    W_STRONG = 1u << 2,   /* opens a new clause: but, while, although, who, which ... */
    W_REL = 1u << 3,      /* relative pronoun: no boundary right after the target */
    W_AUX = 1u << 4,      /* may stand between a subject and its verb of saying */
    W_ACCORDING = 1u << 5 /* "according" (to X) */
};

typedef struct sc_word {
    const char *w;
    unsigned cls;
    double stance; /* 0, or a valence toward what follows, for words the lexicon lacks */
    double subj;   /* 0, or a valence toward the subject right before it ("X claimed") */
} sc_word;

enum {
    G_WEAK = 1u << 0,      /* , : ( ) [ ] and dashes */
    G_STRONG = 1u << 1,    /* ; ? ! */
    G_QOPEN = 1u << 2,     /* U+201C */
    G_QCLOSE = 1u << 3,    /* U+201D */
    G_QSTRAIGHT = 1u << 4, /* '"': opens or closes */
    G_COLON = 1u << 5      /* ':' (also G_WEAK) */
};

enum {
    T_HIT = 1u << 0,    /* the lexicon has the word */
    T_PHRASE = 1u << 1, /* the lexicon has a phrase starting with it */
    T_NEG = 1u << 2,    /* a negator (valid with T_RULES) */
    T_BOOST = 1u << 3,  /* an incrementing booster (valid with T_RULES) */
    T_RULES = 1u << 4   /* T_NEG and T_BOOST looked up: only words before a valence
                           word are asked, so they are looked up on demand */
};

/* What the scorer asks about a token, whatever the target. */
typedef struct sc_tok {
    double val;         /* the lexicon's valence of the word alone (T_HIT) */
    uint32_t gen;       /* the cache generation that filled it; 0 never */
    uint8_t word;       /* sc_words index + 1, 0 none */
    uint8_t gap;        /* sc_gap between the previous token and this one (0 for the first) */
    uint8_t flags;      /* T_* */
} sc_tok;

extern const sc_word sc_words[];

/* Fills the facts of token i of an (lexicon lx; the gap before it in text). */
void sc_tok_fill(const nm_lexicon *lx, const char *text, const nm_analysis *an, size_t i,
                 sc_tok *f);
/* sc_tok_fill through the cache's word index (built from its lexicon: the
 * same facts, one probe). */
void sc_tok_fill_indexed(const struct sc_index *ix, const char *text, const nm_analysis *an,
                         size_t i, sc_tok *f);
/* Token t's T_NEG and T_BOOST, looked up on first use; returns the flags. */
unsigned sc_tok_rules(sc_tok *f, const nm_token *t);

/* The facts of token i: from the cache (filled on first use), or into *tmp. */
static inline sc_tok *sc_tok_at(stance_context_cache *c, const nm_lexicon *lx,
                                const char *text, const nm_analysis *an, size_t i, sc_tok *tmp)
{
    if (c == NULL) {
        sc_tok_fill(lx, text, an, i, tmp);
        return tmp;
    }
    sc_tok *f = &c->tok[i];
    if (f->gen != c->gen) {
        sc_tok_fill_indexed(c->ix, text, an, i, f);
        f->gen = c->gen;
    }
    return f;
}

#endif
