/* cas_rules.c: the casualties operator's rules: which numbers of a document
 * are casualty figures, of what category, with which qualifier, victim,
 * subgroup link, scope, negation, hedge and source (ops/casualties/README.md).
 *
 * Everything works on the shared analysis: token forms, the bytes between
 * tokens (for commas, colons, dashes) and the numbers nm_numbers_find reports.
 * A first pass marks the sentences holding a trigger word (a bitmap filter
 * on the first bytes of each form, then a hash lookup), so a document
 * without one costs a scan of its tokens, and numbers are looked for only
 * when some sentence has a trigger. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "casualties_internal.h"

const char *const cas_cat_names[CAS_NCAT] = {
    "killed", "wounded", "killed_or_wounded", "casualties", "missing",
    "displaced", "evacuated", "arrested", "abducted"};
const char *const cas_qual_names[] = {"exact", "at_least", "more_than", "approx", "nearly",
                                      "up_to", "fewer_than", "range", "vague", "implicit_one"};
const char *const cas_vclass_names[] = {"civilians", "children", "women", "security_forces",
                                        "armed_group", "journalists", "aid_workers",
                                        "peacekeepers", "people"};
const char *const cas_scope_names[] = {"incident", "daily", "period", "cumulative",
                                       "incremental"};
const char *const cas_hedge_names[] = {NULL, "reportedly", "claimed", "unverified",
                                       "estimated", "preliminary"};

/* ---- the word table ------------------------------------------------------------------ */

enum {
    W_STOP = 1u << 0,     /* a preposition or clause word: a noun phrase ends before it */
    W_AUX = 1u << 1,      /* skipped between a figure and its participle: were, reportedly */
    W_BLOCK = 1u << 2,    /* a noun for things or events: "five attacks", "260 massacres" */
    W_PERSON1 = 1u << 3,  /* a singular person noun: "Officer killed" is one */
    W_MODAL = 1u << 4,    /* could, would, threatened: no count */
    W_TOLLV = 1u << 5,    /* links a toll to its figure: "toll rises to" */
    W_VERB = 1u << 6,     /* the left category is an active verb: "kills 5" */
    W_OFNOUN = 1u << 7,   /* the left category needs "of": "killing of 22" */
    W_ACTIVE = 1u << 8,   /* a right trigger that is also a transitive verb: "killed" */
    W_LIVES = 1u << 9,    /* "lives": killed after claim/cost/take */
    W_CLAIMV = 1u << 10,  /* claim, cost, took: "claimed 150 lives" */
    W_DET = 1u << 11,     /* a determiner: the verb before it is active */
    W_CONJ = 1u << 12,    /* and, or */
    W_SUBGRP = 1u << 13,  /* including, among */
    W_SAY = 1u << 14,     /* said, says, told: an attribution */
    W_TOLL = 1u << 15,    /* toll */
    W_WAR = 1u << 16,     /* war, conflict: a tally of a whole war is context */
    W_TRIG = 1u << 17,    /* marks a sentence for the rules */
    W_NEG = 1u << 18,     /* no, none, nobody, without */
    W_SRCNOUN = 1u << 19, /* officials, police, witnesses: a leading "X:" names a source */
    W_NOUN = 1u << 20,    /* an outcome noun: "12 deaths", "170 hostages" (no verb between) */
    W_VAUX = 1u << 21     /* a skipped word that is a verb: an outcome noun cannot follow it */
};

typedef struct wdef {
    const char *w;
    uint8_t rc, lc, vc; /* right / left category + 1, victim class + 1 (0 = none) */
    uint32_t fl;
} wdef;

#define K (CAS_KILLED + 1)
#define WD (CAS_WOUNDED + 1)
#define CA (CAS_CASUALTIES + 1)
#define MI (CAS_MISSING + 1)
#define DI (CAS_DISPLACED + 1)
#define EV (CAS_EVACUATED + 1)
#define AR (CAS_ARRESTED + 1)
#define AB (CAS_ABDUCTED + 1)
#define V(c) ((uint8_t)((c) + 1))

static const wdef words[] = {
    /* killed */
    {"killed", K, K, 0, W_VERB | W_ACTIVE}, {"kill", 0, K, 0, W_VERB}, {"kills", 0, K, 0, W_VERB},
    {"killing", 0, K, 0, W_VERB | W_OFNOUN}, {"killings", 0, K, 0, W_OFNOUN},
    {"dead", K, 0, 0, 0}, {"died", K, 0, 0, 0}, {"die", K, 0, 0, 0}, {"dies", K, 0, 0, 0},
    {"deaths", K, K, 0, W_OFNOUN | W_NOUN}, {"death", 0, K, 0, W_OFNOUN}, {"fatalities", K, 0, 0, W_NOUN},
    {"martyrs", K, 0, 0, W_NOUN}, {"martyred", K, 0, 0, 0}, {"slain", K, 0, 0, 0},
    {"slay", 0, K, 0, W_VERB}, {"slays", 0, K, 0, W_VERB}, {"slew", 0, K, 0, W_VERB},
    {"perished", K, 0, 0, 0}, {"murdered", K, K, 0, W_VERB | W_ACTIVE},
    {"murder", 0, K, 0, W_VERB | W_OFNOUN}, {"murders", 0, K, 0, W_VERB | W_OFNOUN},
    {"massacred", K, K, 0, W_VERB | W_ACTIVE}, {"massacre", 0, K, 0, W_OFNOUN | W_BLOCK},
    {"executed", K, K, 0, W_VERB | W_ACTIVE}, {"execute", 0, K, 0, W_VERB},
    {"executes", 0, K, 0, W_VERB}, {"beheaded", K, K, 0, W_VERB | W_ACTIVE},
    {"bodies", K, 0, 0, W_NOUN}, {"lives", K, K, 0, W_LIVES | W_OFNOUN},
    /* wounded */
    {"wounded", WD, WD, 0, W_VERB | W_ACTIVE}, {"wound", WD, WD, 0, W_VERB},
    {"wounds", 0, WD, 0, W_VERB}, {"wounding", 0, WD, 0, W_VERB},
    {"injured", WD, WD, 0, W_VERB | W_ACTIVE}, {"injure", 0, WD, 0, W_VERB},
    {"injures", 0, WD, 0, W_VERB}, {"injuring", 0, WD, 0, W_VERB},
    {"injuries", WD, 0, 0, W_NOUN}, {"hurt", WD, 0, 0, 0}, {"maimed", WD, WD, 0, W_VERB | W_ACTIVE},
    /* casualties, missing */
    {"casualties", CA, 0, 0, W_NOUN}, {"missing", MI, 0, 0, 0}, {"unaccounted", MI, 0, 0, 0},
    /* displaced, evacuated */
    {"displaced", DI, DI, 0, W_VERB | W_ACTIVE}, {"displace", 0, DI, 0, W_VERB},
    {"displacing", 0, DI, 0, W_VERB}, {"displacement", 0, DI, 0, W_OFNOUN},
    {"fled", DI, 0, 0, 0}, {"flee", DI, 0, 0, 0}, {"fleeing", DI, 0, 0, 0},
    {"flees", DI, 0, 0, 0}, {"homeless", DI, 0, 0, 0}, {"uprooted", DI, 0, 0, 0},
    {"evacuated", EV, EV, 0, W_VERB | W_ACTIVE}, {"evacuate", 0, EV, 0, W_VERB},
    {"evacuates", 0, EV, 0, W_VERB}, {"evacuating", 0, EV, 0, W_VERB},
    {"evacuation", 0, EV, 0, W_OFNOUN}, {"evacuees", EV, 0, 0, W_NOUN},
    /* arrested, abducted */
    {"arrested", AR, AR, 0, W_VERB | W_ACTIVE}, {"arrest", 0, AR, 0, W_VERB | W_OFNOUN},
    {"arrests", AR, AR, 0, W_VERB}, {"arresting", 0, AR, 0, W_VERB},
    {"detained", AR, AR, 0, W_VERB | W_ACTIVE}, {"detain", 0, AR, 0, W_VERB},
    {"detains", 0, AR, 0, W_VERB}, {"detaining", 0, AR, 0, W_VERB},
    {"detention", 0, AR, 0, W_OFNOUN}, {"captured", AR, AR, 0, W_VERB | W_ACTIVE},
    {"jailed", AR, 0, 0, 0},
    {"abducted", AB, AB, 0, W_VERB | W_ACTIVE}, {"abduct", 0, AB, 0, W_VERB},
    {"abducts", 0, AB, 0, W_VERB}, {"abducting", 0, AB, 0, W_VERB},
    {"abduction", 0, AB, 0, W_OFNOUN}, {"kidnapped", AB, AB, 0, W_VERB | W_ACTIVE},
    {"kidnaped", AB, AB, 0, W_VERB | W_ACTIVE}, {"kidnap", 0, AB, 0, W_VERB},
    {"kidnaps", 0, AB, 0, W_VERB}, {"kidnapping", 0, AB, 0, W_VERB | W_OFNOUN},
    {"hostages", AB, 0, 0, W_NOUN},
    /* the toll and claims of lives */
    {"toll", 0, 0, 0, W_TOLL | W_TRIG},
    {"claim", 0, 0, 0, W_CLAIMV}, {"claims", 0, 0, 0, W_CLAIMV}, {"claimed", 0, 0, 0, W_CLAIMV},
    {"claiming", 0, 0, 0, W_CLAIMV}, {"cost", 0, 0, 0, W_CLAIMV}, {"costs", 0, 0, 0, W_CLAIMV},
    {"took", 0, 0, 0, W_CLAIMV}, {"take", 0, 0, 0, W_CLAIMV}, {"taken", 0, 0, 0, W_CLAIMV},
    {"lost", 0, 0, 0, W_CLAIMV}, {"lose", 0, 0, 0, W_CLAIMV},
    {"rises", 0, 0, 0, W_TOLLV}, {"rose", 0, 0, 0, W_TOLLV}, {"rise", 0, 0, 0, W_TOLLV},
    {"risen", 0, 0, 0, W_TOLLV}, {"climbed", 0, 0, 0, W_TOLLV}, {"climbs", 0, 0, 0, W_TOLLV},
    {"reached", 0, 0, 0, W_TOLLV}, {"reaches", 0, 0, 0, W_TOLLV}, {"hit", 0, 0, 0, W_TOLLV},
    {"hits", 0, 0, 0, W_TOLLV}, {"tops", 0, 0, 0, W_TOLLV}, {"topped", 0, 0, 0, W_TOLLV},
    {"passed", 0, 0, 0, W_TOLLV}, {"surpassed", 0, 0, 0, W_TOLLV},
    {"exceeded", 0, 0, 0, W_TOLLV}, {"jumped", 0, 0, 0, W_TOLLV}, {"stands", 0, 0, 0, W_TOLLV},
    {"stood", 0, 0, 0, W_TOLLV}, {"increased", 0, 0, 0, W_TOLLV},
    /* clause words */
    {"in", 0, 0, 0, W_STOP}, {"on", 0, 0, 0, W_STOP}, {"at", 0, 0, 0, W_STOP | W_TOLLV},
    {"by", 0, 0, 0, W_STOP}, {"from", 0, 0, 0, W_STOP}, {"after", 0, 0, 0, W_STOP},
    {"during", 0, 0, 0, W_STOP}, {"near", 0, 0, 0, W_STOP}, {"since", 0, 0, 0, W_STOP},
    {"for", 0, 0, 0, W_STOP}, {"with", 0, 0, 0, W_STOP}, {"to", 0, 0, 0, W_STOP | W_TOLLV},
    {"into", 0, 0, 0, W_STOP}, {"across", 0, 0, 0, W_STOP}, {"under", 0, 0, 0, W_STOP},
    {"as", 0, 0, 0, W_STOP}, {"against", 0, 0, 0, W_STOP}, {"than", 0, 0, 0, W_STOP},
    {"when", 0, 0, 0, W_STOP}, {"while", 0, 0, 0, W_STOP}, {"who", 0, 0, 0, W_STOP},
    {"which", 0, 0, 0, W_STOP}, {"that", 0, 0, 0, W_STOP}, {"where", 0, 0, 0, W_STOP},
    {"before", 0, 0, 0, W_STOP}, {"amid", 0, 0, 0, W_STOP}, {"following", 0, 0, 0, W_STOP},
    {"between", 0, 0, 0, W_STOP}, {"within", 0, 0, 0, W_STOP}, {"through", 0, 0, 0, W_STOP},
    {"because", 0, 0, 0, W_STOP}, {"but", 0, 0, 0, W_STOP}, {"if", 0, 0, 0, W_STOP},
    {"over", 0, 0, 0, W_STOP}, {"around", 0, 0, 0, W_STOP}, {"about", 0, 0, 0, W_STOP},
    {"according", 0, 0, 0, W_STOP}, {"including", 0, 0, 0, W_STOP | W_SUBGRP},
    {"among", 0, 0, 0, W_STOP | W_SUBGRP}, {"include", 0, 0, 0, W_SUBGRP},
    {"includes", 0, 0, 0, W_SUBGRP}, {"per", 0, 0, 0, W_STOP}, {"each", 0, 0, 0, W_STOP},
    {"said", 0, 0, 0, W_STOP | W_SAY}, {"says", 0, 0, 0, W_STOP | W_SAY},
    {"say", 0, 0, 0, W_STOP | W_SAY}, {"told", 0, 0, 0, W_STOP | W_SAY},
    {"announced", 0, 0, 0, W_STOP | W_SAY}, {"stated", 0, 0, 0, W_STOP | W_SAY},
    {"and", 0, 0, 0, W_CONJ}, {"or", 0, 0, 0, W_CONJ},
    /* skipped between a figure and its participle */
    {"were", 0, 0, 0, W_AUX | W_VAUX}, {"was", 0, 0, 0, W_AUX | W_VAUX}, {"have", 0, 0, 0, W_AUX | W_VAUX},
    {"has", 0, 0, 0, W_AUX | W_VAUX}, {"had", 0, 0, 0, W_AUX | W_VAUX}, {"been", 0, 0, 0, W_AUX | W_VAUX},
    {"are", 0, 0, 0, W_AUX | W_VAUX}, {"is", 0, 0, 0, W_AUX | W_VAUX}, {"be", 0, 0, 0, W_AUX | W_VAUX},
    {"being", 0, 0, 0, W_AUX | W_VAUX}, {"reportedly", 0, 0, 0, W_AUX}, {"allegedly", 0, 0, 0, W_AUX},
    {"also", 0, 0, 0, W_AUX}, {"all", 0, 0, 0, W_AUX}, {"reported", 0, 0, 0, W_AUX},
    {"believed", 0, 0, 0, W_AUX | W_VAUX}, {"feared", 0, 0, 0, W_AUX | W_VAUX}, {"confirmed", 0, 0, 0, W_AUX | W_VAUX},
    {"now", 0, 0, 0, W_AUX}, {"later", 0, 0, 0, W_AUX}, {"more", 0, 0, 0, W_AUX},
    {"still", 0, 0, 0, W_AUX}, {"apparently", 0, 0, 0, W_AUX}, {"presumed", 0, 0, 0, W_AUX | W_VAUX},
    {"seriously", 0, 0, 0, W_AUX}, {"critically", 0, 0, 0, W_AUX},
    {"severely", 0, 0, 0, W_AUX}, {"badly", 0, 0, 0, W_AUX}, {"slightly", 0, 0, 0, W_AUX},
    {"lightly", 0, 0, 0, W_AUX}, {"fatally", 0, 0, 0, W_AUX}, {"mortally", 0, 0, 0, W_AUX},
    {"gravely", 0, 0, 0, W_AUX}, {"shot", 0, 0, 0, W_AUX | W_VAUX}, {"found", 0, 0, 0, W_AUX | W_VAUX},
    {"left", 0, 0, 0, W_AUX | W_VAUX}, {"people", 0, 0, 0, 0}, {"immediate", 0, 0, 0, W_AUX},
    {"reports", 0, 0, 0, W_AUX}, {"report", 0, 0, 0, W_AUX}, {"word", 0, 0, 0, W_AUX},
    {"further", 0, 0, 0, W_AUX}, {"other", 0, 0, 0, W_AUX}, {"initially", 0, 0, 0, W_AUX},
    {"officially", 0, 0, 0, W_AUX}, {"so", 0, 0, 0, W_AUX}, {"far", 0, 0, 0, W_AUX},
    {"else", 0, 0, 0, W_AUX},
    /* modal and future: no count */
    {"could", 0, 0, 0, W_MODAL}, {"would", 0, 0, 0, W_MODAL}, {"might", 0, 0, 0, W_MODAL},
    {"may", 0, 0, 0, W_MODAL}, {"will", 0, 0, 0, W_MODAL}, {"can", 0, 0, 0, W_MODAL},
    {"cannot", 0, 0, 0, W_MODAL}, {"should", 0, 0, 0, W_MODAL}, {"must", 0, 0, 0, W_MODAL},
    {"threaten", 0, 0, 0, W_MODAL}, {"threatens", 0, 0, 0, W_MODAL},
    {"threatened", 0, 0, 0, W_MODAL}, {"vowed", 0, 0, 0, W_MODAL}, {"plan", 0, 0, 0, W_MODAL},
    {"planned", 0, 0, 0, W_MODAL}, {"tried", 0, 0, 0, W_MODAL}, {"risk", 0, 0, 0, W_MODAL},
    /* determiners: a participle before one is an active verb */
    {"the", 0, 0, 0, W_DET}, {"a", 0, 0, 0, W_DET | W_PERSON1 * 0}, {"an", 0, 0, 0, W_DET},
    {"his", 0, 0, 0, W_DET}, {"her", 0, 0, 0, W_DET}, {"their", 0, 0, 0, W_DET},
    {"its", 0, 0, 0, W_DET}, {"our", 0, 0, 0, W_DET}, {"my", 0, 0, 0, W_DET},
    {"many", 0, 0, 0, W_DET}, {"least", 0, 0, 0, W_DET},
    /* negation */
    {"no", 0, 0, 0, W_NEG}, {"none", 0, 0, 0, W_NEG}, {"nobody", 0, 0, 0, W_NEG},
    {"without", 0, 0, 0, W_NEG | W_STOP},
    /* things and events: a number counting them is no casualty figure */
    {"attacks", 0, 0, 0, W_BLOCK}, {"attack", 0, 0, 0, W_BLOCK}, {"strikes", 0, 0, 0, W_BLOCK},
    {"airstrikes", 0, 0, 0, W_BLOCK}, {"raids", 0, 0, 0, W_BLOCK}, {"shells", 0, 0, 0, W_BLOCK},
    {"rockets", 0, 0, 0, W_BLOCK}, {"missiles", 0, 0, 0, W_BLOCK}, {"bombs", 0, 0, 0, W_BLOCK},
    {"bombings", 0, 0, 0, W_BLOCK}, {"blasts", 0, 0, 0, W_BLOCK},
    {"explosions", 0, 0, 0, W_BLOCK}, {"breaches", 0, 0, 0, W_BLOCK},
    {"violations", 0, 0, 0, W_BLOCK}, {"incidents", 0, 0, 0, W_BLOCK},
    {"massacres", 0, 0, 0, W_BLOCK}, {"clashes", 0, 0, 0, W_BLOCK},
    {"districts", 0, 0, 0, W_BLOCK}, {"villages", 0, 0, 0, W_BLOCK},
    {"homes", 0, 0, 0, W_BLOCK}, {"houses", 0, 0, 0, W_BLOCK}, {"buildings", 0, 0, 0, W_BLOCK},
    {"vehicles", 0, 0, 0, W_BLOCK}, {"cars", 0, 0, 0, W_BLOCK}, {"tanks", 0, 0, 0, W_BLOCK},
    {"aircraft", 0, 0, 0, W_BLOCK}, {"drones", 0, 0, 0, W_BLOCK}, {"times", 0, 0, 0, W_BLOCK},
    {"operations", 0, 0, 0, W_BLOCK}, {"ambushes", 0, 0, 0, W_BLOCK},
    {"battles", 0, 0, 0, W_BLOCK}, {"sorties", 0, 0, 0, W_BLOCK}, {"rounds", 0, 0, 0, W_BLOCK},
    {"bullets", 0, 0, 0, W_BLOCK}, {"mortars", 0, 0, 0, W_BLOCK}, {"cases", 0, 0, 0, W_BLOCK},
    {"booby-traps", 0, 0, 0, W_BLOCK}, {"shootings", 0, 0, 0, W_BLOCK},
    {"years", 0, 0, 0, W_BLOCK}, {"seats", 0, 0, 0, W_BLOCK}, {"votes", 0, 0, 0, W_BLOCK},
    {"points", 0, 0, 0, W_BLOCK}, {"goals", 0, 0, 0, W_BLOCK}, {"medals", 0, 0, 0, W_BLOCK},
    {"cities", 0, 0, 0, W_BLOCK}, {"games", 0, 0, 0, W_BLOCK}, {"matches", 0, 0, 0, W_BLOCK}, {"provinces", 0, 0, 0, W_BLOCK}, {"towns", 0, 0, 0, W_BLOCK},
    {"countries", 0, 0, 0, W_BLOCK}, {"camps", 0, 0, 0, W_BLOCK}, {"shops", 0, 0, 0, W_BLOCK},
    {"schools", 0, 0, 0, W_BLOCK}, {"hospitals", 0, 0, 0, W_BLOCK},
    {"war", 0, 0, 0, W_BLOCK | W_WAR}, {"conflict", 0, 0, 0, W_BLOCK | W_WAR},
    {"uprising", 0, 0, 0, W_WAR}, {"insurgency", 0, 0, 0, W_WAR},
    {"revolution", 0, 0, 0, W_WAR}, {"wars", 0, 0, 0, W_BLOCK | W_WAR},
    /* victims: classes */
    {"civilians", 0, 0, V(CAS_V_CIVILIANS), 0}, {"civilian", 0, 0, V(CAS_V_CIVILIANS), W_PERSON1},
    {"residents", 0, 0, V(CAS_V_CIVILIANS), 0}, {"resident", 0, 0, V(CAS_V_CIVILIANS), W_PERSON1},
    {"villagers", 0, 0, V(CAS_V_CIVILIANS), 0}, {"villager", 0, 0, V(CAS_V_CIVILIANS), W_PERSON1},
    {"passengers", 0, 0, V(CAS_V_CIVILIANS), 0}, {"worshippers", 0, 0, V(CAS_V_CIVILIANS), 0},
    {"farmers", 0, 0, V(CAS_V_CIVILIANS), 0}, {"farmer", 0, 0, V(CAS_V_CIVILIANS), W_PERSON1},
    {"pilgrims", 0, 0, V(CAS_V_CIVILIANS), 0}, {"protesters", 0, 0, V(CAS_V_CIVILIANS), 0},
    {"children", 0, 0, V(CAS_V_CHILDREN), 0}, {"child", 0, 0, V(CAS_V_CHILDREN), W_PERSON1},
    {"kids", 0, 0, V(CAS_V_CHILDREN), 0}, {"boys", 0, 0, V(CAS_V_CHILDREN), 0},
    {"girls", 0, 0, V(CAS_V_CHILDREN), 0}, {"boy", 0, 0, V(CAS_V_CHILDREN), W_PERSON1},
    {"girl", 0, 0, V(CAS_V_CHILDREN), W_PERSON1}, {"baby", 0, 0, V(CAS_V_CHILDREN), W_PERSON1},
    {"babies", 0, 0, V(CAS_V_CHILDREN), 0}, {"minors", 0, 0, V(CAS_V_CHILDREN), 0},
    {"toddler", 0, 0, V(CAS_V_CHILDREN), W_PERSON1}, {"infants", 0, 0, V(CAS_V_CHILDREN), 0},
    {"infant", 0, 0, V(CAS_V_CHILDREN), W_PERSON1}, {"schoolchildren", 0, 0, V(CAS_V_CHILDREN), 0},
    {"teenager", 0, 0, V(CAS_V_CHILDREN), W_PERSON1}, {"teenagers", 0, 0, V(CAS_V_CHILDREN), 0},
    {"women", 0, 0, V(CAS_V_WOMEN), 0}, {"woman", 0, 0, V(CAS_V_WOMEN), W_PERSON1},
    {"soldiers", 0, 0, V(CAS_V_SECURITY), 0}, {"soldier", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"troops", 0, 0, V(CAS_V_SECURITY), 0}, {"trooper", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"troopers", 0, 0, V(CAS_V_SECURITY), 0}, {"police", 0, 0, V(CAS_V_SECURITY), 0},
    {"policemen", 0, 0, V(CAS_V_SECURITY), 0}, {"policeman", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"policewoman", 0, 0, V(CAS_V_SECURITY), W_PERSON1}, {"officers", 0, 0, V(CAS_V_SECURITY), 0},
    {"officer", 0, 0, V(CAS_V_SECURITY), W_PERSON1}, {"cops", 0, 0, V(CAS_V_SECURITY), 0},
    {"cop", 0, 0, V(CAS_V_SECURITY), W_PERSON1}, {"servicemen", 0, 0, V(CAS_V_SECURITY), 0},
    {"serviceman", 0, 0, V(CAS_V_SECURITY), W_PERSON1}, {"forces", 0, 0, V(CAS_V_SECURITY), 0},
    {"guards", 0, 0, V(CAS_V_SECURITY), 0}, {"guard", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"personnel", 0, 0, V(CAS_V_SECURITY), 0}, {"gendarmes", 0, 0, V(CAS_V_SECURITY), 0},
    {"marines", 0, 0, V(CAS_V_SECURITY), 0}, {"marine", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"sailors", 0, 0, V(CAS_V_SECURITY), 0}, {"loyalists", 0, 0, V(CAS_V_SECURITY), 0},
    {"army", 0, 0, V(CAS_V_SECURITY), 0}, {"sergeant", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"captain", 0, 0, V(CAS_V_SECURITY), W_PERSON1}, {"colonel", 0, 0, V(CAS_V_SECURITY), W_PERSON1},
    {"militants", 0, 0, V(CAS_V_ARMED), 0}, {"militant", 0, 0, V(CAS_V_ARMED), W_PERSON1},
    {"rebels", 0, 0, V(CAS_V_ARMED), 0}, {"rebel", 0, 0, V(CAS_V_ARMED), W_PERSON1},
    {"insurgents", 0, 0, V(CAS_V_ARMED), 0}, {"insurgent", 0, 0, V(CAS_V_ARMED), W_PERSON1},
    {"fighters", 0, 0, V(CAS_V_ARMED), 0}, {"fighter", 0, 0, V(CAS_V_ARMED), W_PERSON1},
    {"terrorists", 0, 0, V(CAS_V_ARMED), 0}, {"terrorist", 0, 0, V(CAS_V_ARMED), W_PERSON1},
    {"jihadists", 0, 0, V(CAS_V_ARMED), 0}, {"jihadist", 0, 0, V(CAS_V_ARMED), W_PERSON1},
    {"extremists", 0, 0, V(CAS_V_ARMED), 0}, {"bandits", 0, 0, V(CAS_V_ARMED), 0},
    {"bandit", 0, 0, V(CAS_V_ARMED), W_PERSON1}, {"gunmen", 0, 0, V(CAS_V_ARMED), 0},
    {"gunman", 0, 0, V(CAS_V_ARMED), W_PERSON1}, {"taliban", 0, 0, V(CAS_V_ARMED), 0},
    {"militiamen", 0, 0, V(CAS_V_ARMED), 0}, {"militia", 0, 0, V(CAS_V_ARMED), 0},
    {"militias", 0, 0, V(CAS_V_ARMED), 0}, {"separatists", 0, 0, V(CAS_V_ARMED), 0},
    {"attackers", 0, 0, V(CAS_V_ARMED), 0}, {"assailants", 0, 0, V(CAS_V_ARMED), 0},
    {"combatants", 0, 0, V(CAS_V_ARMED), 0}, {"guerrillas", 0, 0, V(CAS_V_ARMED), 0},
    {"islamists", 0, 0, V(CAS_V_ARMED), 0}, {"opponents", 0, 0, V(CAS_V_ARMED), 0},
    {"journalists", 0, 0, V(CAS_V_JOURNALISTS), 0},
    {"journalist", 0, 0, V(CAS_V_JOURNALISTS), W_PERSON1},
    {"reporters", 0, 0, V(CAS_V_JOURNALISTS), 0}, {"reporter", 0, 0, V(CAS_V_JOURNALISTS), W_PERSON1},
    {"photographer", 0, 0, V(CAS_V_JOURNALISTS), W_PERSON1},
    {"aid", 0, 0, V(CAS_V_AID), 0}, {"humanitarian", 0, 0, V(CAS_V_AID), 0},
    {"peacekeepers", 0, 0, V(CAS_V_PEACEKEEPERS), 0},
    {"peacekeeper", 0, 0, V(CAS_V_PEACEKEEPERS), W_PERSON1},
    {"peacekeeping", 0, 0, V(CAS_V_PEACEKEEPERS), 0},
    /* other singular persons */
    {"man", 0, 0, 0, W_PERSON1}, {"person", 0, 0, 0, W_PERSON1}, {"director", 0, 0, 0, W_PERSON1},
    {"teacher", 0, 0, 0, W_PERSON1}, {"student", 0, 0, 0, W_PERSON1},
    {"commander", 0, 0, 0, W_PERSON1}, {"official", 0, 0, 0, W_PERSON1},
    {"priest", 0, 0, 0, W_PERSON1}, {"doctor", 0, 0, 0, W_PERSON1}, {"nurse", 0, 0, 0, W_PERSON1},
    {"driver", 0, 0, 0, W_PERSON1}, {"chief", 0, 0, 0, W_PERSON1}, {"mayor", 0, 0, 0, W_PERSON1},
    {"judge", 0, 0, 0, W_PERSON1}, {"worker", 0, 0, 0, W_PERSON1},
    {"activist", 0, 0, 0, W_PERSON1}, {"protester", 0, 0, 0, W_PERSON1},
    {"leader", 0, 0, 0, W_PERSON1}, {"imam", 0, 0, 0, W_PERSON1},
    {"lawmaker", 0, 0, 0, W_PERSON1}, {"businessman", 0, 0, 0, W_PERSON1},
    {"herder", 0, 0, 0, W_PERSON1}, {"employee", 0, 0, 0, W_PERSON1},
    {"mother", 0, 0, 0, W_PERSON1}, {"father", 0, 0, 0, W_PERSON1}, {"son", 0, 0, 0, W_PERSON1},
    {"daughter", 0, 0, 0, W_PERSON1},
    /* who speaks: a leading "X:" naming one of these is a source */
    {"officials", 0, 0, 0, W_SRCNOUN}, {"witnesses", 0, 0, 0, W_SRCNOUN},
    {"un", 0, 0, 0, W_SRCNOUN}, {"ngo", 0, 0, 0, W_SRCNOUN}, {"ministry", 0, 0, 0, W_SRCNOUN},
    {"body", 0, 0, 0, W_SRCNOUN}, {"agency", 0, 0, 0, W_SRCNOUN}, {"sources", 0, 0, 0, W_SRCNOUN},
    {"spokesman", 0, 0, 0, W_SRCNOUN}, {"governor", 0, 0, 0, W_SRCNOUN},
    {"observatory", 0, 0, 0, W_SRCNOUN}, {"monitor", 0, 0, 0, W_SRCNOUN},
};

typedef struct wentry {
    const char *w;
    uint32_t len;
    uint32_t fl;
    uint8_t rc, lc, vc;
} wentry;

#define WT_BITS 10
#define WT_SLOTS (1u << WT_BITS)
#define BLOOM_BITS 16384u

struct cas_words {
    wentry slot[WT_SLOTS];
    uint64_t bloom[BLOOM_BITS / 64]; /* trigger words by (3 first bytes, length) */
};

static uint32_t hash_form(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The filter key of a form: its first three bytes and its length. The form
 * is NUL-terminated, so reading three bytes of a shorter form is safe. */
static uint32_t bloom_key(const char *f, uint32_t len)
{
    const uint32_t k = (uint32_t)(unsigned char)f[0] | (uint32_t)(unsigned char)f[1] << 8 |
                       (uint32_t)(unsigned char)f[2] << 16;
    return ((k ^ len << 24) * 0x9E3779B1u) >> 18; /* 14 bits */
}

int cas_words_new(cas_words **out, nm_err *err)
{
    cas_words *w = calloc(1, sizeof *w);
    *out = w;
    if (w == NULL)
        return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const wdef *d = &words[i];
        const uint32_t len = (uint32_t)strlen(d->w);
        uint32_t h = hash_form(d->w, len) & (WT_SLOTS - 1);
        while (w->slot[h].w != NULL && strcmp(w->slot[h].w, d->w) != 0)
            h = (h + 1) & (WT_SLOTS - 1);
        wentry *e = &w->slot[h];
        e->w = d->w;
        e->len = len;
        e->fl |= d->fl;
        if (d->rc)
            e->rc = d->rc;
        if (d->lc)
            e->lc = d->lc;
        if (d->vc)
            e->vc = d->vc;
        if (d->rc || d->lc || (d->fl & W_TRIG)) {
            e->fl |= W_TRIG;
            const uint32_t b = bloom_key(d->w, len);
            w->bloom[b / 64] |= UINT64_C(1) << (b % 64);
        }
    }
    return 0;
}

void cas_words_free(cas_words *w)
{
    free(w);
}

static const wentry none_entry = {NULL, 0, 0, 0, 0, 0};

static const wentry *lookup(const cas_words *w, const nm_token *t)
{
    if (t->form_len > 16 || t->form_len < 1)
        return &none_entry;
    uint32_t h = hash_form(t->form, t->form_len) & (WT_SLOTS - 1);
    for (;;) {
        const wentry *e = &w->slot[h];
        if (e->w == NULL)
            return &none_entry;
        if (e->len == t->form_len && memcmp(e->w, t->form, t->form_len) == 0)
            return e;
        h = (h + 1) & (WT_SLOTS - 1);
    }
}

static bool is_form(const nm_token *t, const char *lit)
{
    const size_t n = strlen(lit);
    return t->form_len == n && memcmp(t->form, lit, n) == 0;
}

/* ---- the document context -------------------------------------------------------------- */

typedef struct ctx {
    const cas_words *w;
    const nm_analysis *an;
    const nm_token *tok;
    const nm_number *num;
    size_t n_num;
    unsigned doc_year;
    cas_scratch *s;
} ctx;

/* The number starting at token i, or NULL. */
static const nm_number *num_at(const ctx *c, size_t i)
{
    size_t lo = 0, hi = c->n_num;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (c->num[mid].tok_end <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->n_num && c->num[lo].tok_begin <= i && i < c->num[lo].tok_end)
        return &c->num[lo];
    return NULL;
}

static bool is_figure(const nm_number *n)
{
    return n != NULL && n->kind != NM_NUM_NONCOUNT;
}

/* What lies between tokens a and b (a < b): only white space and quotes,
 * a comma, or something else (a colon, a dash, a slash, a bracket...). */
enum { SEP_SPACE, SEP_COMMA, SEP_OTHER };

static int sep_between(const ctx *c, size_t a, size_t b)
{
    const char *t = c->an->text;
    int r = SEP_SPACE;
    for (uint32_t p = c->tok[a].end; p < c->tok[b].start; p++) {
        const unsigned char ch = (unsigned char)t[p];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '"' || ch == '\'')
            continue;
        if (ch == ',' && r == SEP_SPACE) {
            r = SEP_COMMA;
            continue;
        }
        if (ch >= 0x80) {
            /* curly quotes (U+201C/D/8/9) and NBSP are white space here */
            if (ch == 0xe2 && p + 2 < c->tok[b].start && (unsigned char)t[p + 1] == 0x80 &&
                ((unsigned char)t[p + 2] >= 0x98 && (unsigned char)t[p + 2] <= 0x9d)) {
                p += 2;
                continue;
            }
            if (ch == 0xc2 && p + 1 < c->tok[b].start && (unsigned char)t[p + 1] == 0xa0) {
                p += 1;
                continue;
            }
        }
        return SEP_OTHER;
    }
    return r;
}

/* ---- qualifiers --------------------------------------------------------------------------- */

/* The qualifier written before the figure starting at token q, within the
 * sentence starting at token sb; *qs gets the first token of it. */
static int qualifier_left(const ctx *c, size_t sb, size_t q, size_t *qs)
{
    *qs = q;
    if (q <= sb || sep_between(c, q - 1, q) != SEP_SPACE)
        return CAS_Q_EXACT;
    const nm_token *t = c->tok;
    const size_t i = q - 1;
#define AT(k, lit) ((k) >= sb && (k) <= i && is_form(&t[k], lit))
    if (AT(i, "least") && i >= sb + 1 && AT(i - 1, "at")) {
        *qs = i - 1;
        return CAS_Q_AT_LEAST;
    }
    if (AT(i, "than") && i >= sb + 1) {
        const bool no = i >= sb + 2 && (AT(i - 2, "no") || AT(i - 2, "not"));
        if (AT(i - 1, "more")) {
            *qs = no ? i - 2 : i - 1;
            return no ? CAS_Q_UP_TO : CAS_Q_MORE_THAN;
        }
        if (AT(i - 1, "fewer") || AT(i - 1, "less")) {
            *qs = no ? i - 2 : i - 1;
            return no ? CAS_Q_AT_LEAST : CAS_Q_FEWER_THAN;
        }
        return CAS_Q_EXACT;
    }
    if (AT(i, "of") && i >= sb + 1) {
        if (AT(i - 1, "upwards")) {
            *qs = i - 1;
            return CAS_Q_MORE_THAN;
        }
        if (AT(i - 1, "excess") && i >= sb + 2 && AT(i - 2, "in")) {
            *qs = i - 2;
            return CAS_Q_MORE_THAN;
        }
        return CAS_Q_EXACT;
    }
    if (AT(i, "to") && i >= sb + 1) {
        if (AT(i - 1, "up")) {
            *qs = i - 1;
            return CAS_Q_UP_TO;
        }
        if (AT(i - 1, "close")) {
            *qs = i - 1;
            return CAS_Q_NEARLY;
        }
        return CAS_Q_EXACT;
    }
    if (AT(i, "as") && i >= sb + 2 && AT(i - 1, "many") && AT(i - 2, "as")) {
        *qs = i - 2;
        return CAS_Q_UP_TO;
    }
    if (AT(i, "estimated")) {
        *qs = i >= sb + 1 && AT(i - 1, "an") ? i - 1 : i;
        return CAS_Q_APPROX;
    }
    static const struct {
        const char *w;
        int q;
    } one[] = {{"over", CAS_Q_MORE_THAN},       {"nearly", CAS_Q_NEARLY},
               {"almost", CAS_Q_NEARLY},        {"about", CAS_Q_APPROX},
               {"around", CAS_Q_APPROX},        {"some", CAS_Q_APPROX},
               {"roughly", CAS_Q_APPROX},       {"approximately", CAS_Q_APPROX},
               {"approx", CAS_Q_APPROX},        {"circa", CAS_Q_APPROX},
               {"under", CAS_Q_FEWER_THAN},     {"exceeding", CAS_Q_MORE_THAN},
               {"tops", CAS_Q_MORE_THAN},       {"upwards", CAS_Q_MORE_THAN}};
    for (size_t k = 0; k < sizeof one / sizeof one[0]; k++)
        if (AT(i, one[k].w)) {
            *qs = i >= sb + 1 && AT(i - 1, "just") ? i - 1 : i;
            return one[k].q;
        }
#undef AT
    return CAS_Q_EXACT;
}

/* ---- the right-hand pattern: N [NP] [were] killed ---------------------------------------- */

typedef struct rmatch {
    int cat;            /* -1: none */
    size_t trig;        /* the trigger token */
    size_t vb, ve;      /* victim tokens [vb, ve) */
    bool modal;
    int32_t among;      /* a figure after "among": this one is part of it (token index), or -1 */
    bool crossed;       /* the scan went through a coordinated figure to reach the trigger */
    bool of_noun;       /* "two of the wounded": the figure is a part of a group named by the trigger */
} rmatch;

/* Scans right from token j (the first token after the figure) up to the
 * sentence end se for the word that says what happened to the figure. */
static void right_scan(const ctx *c, size_t prev, size_t j, size_t se, rmatch *r)
{
    r->cat = -1;
    r->vb = r->ve = j;
    r->modal = false;
    r->among = -1;
    r->crossed = r->of_noun = false;
    bool vic_open = true, coord = false, of_first = false, aux = false;
    int unknown = 0, steps = 0;
    for (; j < se && steps < 12; j++, steps++) {
        const int sep = sep_between(c, prev, j);
        prev = j;
        if (sep == SEP_OTHER)
            return;
        const wentry *e = lookup(c->w, &c->tok[j]);
        const nm_number *n = num_at(c, j);
        if (sep == SEP_COMMA) {
            vic_open = false;
            if (!(n != NULL || (e->fl & W_CONJ) || is_form(&c->tok[j], "over") ||
                  is_form(&c->tok[j], "nearly") || is_form(&c->tok[j], "about") ||
                  is_form(&c->tok[j], "at")))
                return;
            coord = true;
        }
        if (coord && n == NULL && !e->rc) {
            /* a qualified figure in a coordination: ", over 20 rebels killed" */
            for (size_t k = j + 1; k < se && k < j + 4; k++) {
                const nm_number *qn = num_at(c, k);
                if (qn == NULL)
                    continue;
                size_t qs;
                if (qn->kind != NM_NUM_NONCOUNT && qn->tok_begin == k &&
                    qualifier_left(c, j, k, &qs) != CAS_Q_EXACT && qs == j) {
                    n = qn;
                    j = k;
                }
                break;
            }
        }
        if (n != NULL && n->kind != NM_NUM_NONCOUNT) {
            if (!coord)
                return;
            j = n->tok_end - 1;
            prev = j;
            coord = false;
            r->crossed = true;
            continue;
        }
        if (n != NULL) { /* an age or the like inside the phrase: "7-year-old girl" */
            j = n->tok_end - 1;
            prev = j;
            continue;
        }
        if (e->rc && (e->fl & W_NOUN) && aux)
            return; /* "the suspects had taken any hostages" */
        if (e->rc && !(e->fl & W_LIVES)) {
            r->cat = e->rc - 1;
            r->trig = j;
            if (vic_open)
                r->ve = j;
            r->of_noun = of_first && !r->crossed;
            return;
        }
        if (e->fl & W_LIVES) {
            r->cat = CAS_KILLED;
            r->trig = j;
            r->ve = j;
            return; /* the caller checks the claim verb */
        }
        if ((e->fl & W_SUBGRP) && is_form(&c->tok[j], "among") && j + 1 < se) {
            const nm_number *an = num_at(c, j + 1);
            if (is_figure(an)) {
                r->among = (int32_t)(j + 1);
                vic_open = false;
                coord = true;
                continue;
            }
        }
        if (e->fl & W_MODAL) {
            r->modal = true;
            return;
        }
        if (e->fl & (W_STOP | W_BLOCK))
            return;
        if (e->fl & W_CONJ) {
            vic_open = false;
            coord = true;
            continue;
        }
        coord = false;
        if (e->fl & W_AUX) {
            aux |= (e->fl & W_VAUX) != 0;
            if (r->ve > r->vb || !vic_open)
                vic_open = false;
            else
                r->vb = r->ve = j + 1;
            continue;
        }
        if (is_form(&c->tok[j], "of") || is_form(&c->tok[j], "whom") ||
            is_form(&c->tok[j], "them") || is_form(&c->tok[j], "the")) {
            if (steps == 0 && is_form(&c->tok[j], "of"))
                of_first = true;
            if (vic_open && r->ve == r->vb)
                r->vb = r->ve = j + 1;
            continue;
        }
        if (++unknown > 5)
            return;
        if (vic_open)
            r->ve = j + 1;
    }
}

/* A participle used actively ("gunmen killed three soldiers") names what
 * its subject did, not what happened to it. */
static bool used_actively(const ctx *c, size_t trig, size_t se)
{
    const size_t k = trig + 1;
    if (k >= se || sep_between(c, trig, k) != SEP_SPACE)
        return false;
    const wentry *e = lookup(c->w, &c->tok[k]);
    if (e->fl & W_DET)
        return true;
    const nm_number *n = num_at(c, k);
    if (is_figure(n))
        return true;
    if (is_form(&c->tok[k], "at") || is_form(&c->tok[k], "more") ||
        is_form(&c->tok[k], "nearly") || is_form(&c->tok[k], "some"))
        return k + 1 < se && (is_form(&c->tok[k + 1], "least") || is_form(&c->tok[k + 1], "than") ||
                              is_figure(num_at(c, k + 1)));
    return false;
}

/* "killed and wounded", "killed, wounded", "dead or injured": one combined figure. */
static bool combined_after(const ctx *c, size_t trig, size_t se, int cat)
{
    size_t k = trig + 1;
    if (k >= se)
        return false;
    int sep = sep_between(c, trig, k);
    const char *t = c->an->text;
    bool slash = false;
    if (sep == SEP_OTHER) {
        for (uint32_t p = c->tok[trig].end; p < c->tok[k].start; p++)
            if (t[p] == '/')
                slash = true;
        if (!slash || c->tok[k].start - c->tok[trig].end > 3)
            return false;
    }
    const wentry *e = lookup(c->w, &c->tok[k]);
    if ((e->fl & W_CONJ) && !slash) {
        if (k + 1 >= se || sep_between(c, k, k + 1) != SEP_SPACE)
            return false;
        k++;
        e = lookup(c->w, &c->tok[k]);
    } else if (sep == SEP_SPACE) {
        return false;
    }
    const int other = e->rc ? e->rc - 1 : (e->lc && (e->fl & W_VERB) ? e->lc - 1 : -1);
    return (cat == CAS_KILLED && other == CAS_WOUNDED) ||
           (cat == CAS_WOUNDED && other == CAS_KILLED);
}

/* ---- the left-hand pattern: kills N, killing of N, toll rises to N -------------------------- */

typedef struct lmatch {
    int cat;
    bool past;       /* the verb is a participle form (killed): the right pattern may win */
    bool modal;
    bool toll;
} lmatch;

static void left_match(const ctx *c, size_t sb, size_t qs, lmatch *l)
{
    l->cat = -1;
    l->past = l->modal = l->toll = false;
    if (qs <= sb)
        return;
    size_t i = qs - 1;
    if (sep_between(c, i, qs) != SEP_SPACE)
        return;
    const wentry *e = lookup(c->w, &c->tok[i]);
    if (e->lc && (e->fl & W_VERB)) {
        l->cat = e->lc - 1;
        l->past = (e->fl & W_ACTIVE) != 0;
        /* kill and wound N */
        if (i >= sb + 2 && (lookup(c->w, &c->tok[i - 1])->fl & W_CONJ)) {
            const wentry *e2 = lookup(c->w, &c->tok[i - 2]);
            if (e2->lc && (e2->fl & W_VERB) && e2->lc != e->lc &&
                ((e2->lc - 1 == CAS_KILLED && l->cat == CAS_WOUNDED) ||
                 (e2->lc - 1 == CAS_WOUNDED && l->cat == CAS_KILLED))) {
                l->cat = CAS_KOW;
                i -= 2;
            }
        }
        if (i > sb) {
            const wentry *p = lookup(c->w, &c->tok[i - 1]);
            if ((p->fl & W_MODAL) || is_form(&c->tok[i - 1], "to") ||
                is_form(&c->tok[i - 1], "not") || is_form(&c->tok[i - 1], "n't"))
                l->modal = !(l->past && is_form(&c->tok[i - 1], "to"));
        }
        return;
    }
    if (is_form(&c->tok[i], "of") && i > sb && sep_between(c, i - 1, i) == SEP_SPACE) {
        const wentry *p = lookup(c->w, &c->tok[i - 1]);
        if (p->lc && (p->fl & W_OFNOUN)) {
            l->cat = p->lc - 1;
            if (p->fl & W_LIVES) { /* "claimed the lives of N" */
                bool claim = false;
                for (size_t k = i - 1; k > sb && k + 4 > i; k--)
                    if (lookup(c->w, &c->tok[k - 1])->fl & W_CLAIMV)
                        claim = true;
                if (!claim)
                    l->cat = -1;
            }
            return;
        }
        if (is_form(&c->tok[i - 1], "toll")) {
            l->cat = CAS_KILLED;
            l->toll = true;
            return;
        }
    }
    if (e->fl & W_TOLLV) {
        /* a toll within twelve tokens back, with no figure between */
        for (size_t k = i; k > sb && k + 21 > i; k--) {
            const nm_token *t = &c->tok[k - 1];
            if (is_figure(num_at(c, k - 1)))
                return;
            if (is_form(t, "toll")) {
                l->cat = (k >= sb + 2 && is_form(&c->tok[k - 2], "casualty")) ? CAS_CASUALTIES
                                                                              : CAS_KILLED;
                l->toll = true;
                return;
            }
            /* "the number of people killed ... had risen to 41" */
            if ((is_form(t, "number") || is_form(t, "tally") || is_form(t, "count")) &&
                k < i && is_form(&c->tok[k], "of")) {
                for (size_t m = k; m < i && m < k + 5; m++) {
                    const wentry *te = lookup(c->w, &c->tok[m]);
                    if (te->rc) {
                        l->cat = te->rc - 1;
                        l->toll = true;
                        return;
                    }
                }
                return;
            }
        }
    }
}

/* ---- victims, hedges, sources, scope -------------------------------------------------------- */

/* The victim after a left-hand verb: "kills 13 soldiers in ..." */
static void victim_after(const ctx *c, size_t j, size_t se, size_t *vb, size_t *ve)
{
    *vb = *ve = j;
    for (size_t k = j; k < se && k < j + 5; k++) {
        if (sep_between(c, k - 1, k) != SEP_SPACE)
            break;
        const wentry *e = lookup(c->w, &c->tok[k]);
        if ((e->fl & (W_STOP | W_AUX | W_CONJ | W_MODAL | W_BLOCK)) || e->rc || e->lc ||
            num_at(c, k) != NULL)
            break;
        if (is_form(&c->tok[k], "of") && k == j)
            continue;
        *ve = k + 1;
        if (e->vc)
            break;
    }
    if (*vb < *ve && is_form(&c->tok[*vb], "of"))
        (*vb)++;
    if (*vb < *ve && is_form(&c->tok[*vb], "the"))
        (*vb)++;
}

static uint8_t victim_class(const ctx *c, size_t vb, size_t ve)
{
    for (size_t k = vb; k < ve; k++) {
        const wentry *e = lookup(c->w, &c->tok[k]);
        if (e->vc)
            return (uint8_t)(e->vc - 1);
        if (is_form(&c->tok[k], "civilian"))
            return CAS_V_CIVILIANS;
    }
    return CAS_V_PEOPLE;
}

static uint8_t sentence_hedge(const ctx *c, size_t sb, size_t se)
{
    uint8_t h = CAS_H_NONE;
    for (size_t k = sb; k < se; k++) {
        const nm_token *t = &c->tok[k];
        if (is_form(t, "verified") || is_form(t, "unverified") || is_form(t, "unconfirmed") ||
            is_form(t, "feared"))
            return CAS_H_UNVERIFIED;
        if (h == CAS_H_NONE || h == CAS_H_REPORTEDLY) {
            if (is_form(t, "claim") || is_form(t, "claims") ||
                (is_form(t, "claimed") &&
                 !(k + 1 < se && (is_form(&t[1], "lives") ||
                                  (k + 2 < se && is_form(&t[1], "the") &&
                                   is_form(&t[2], "lives"))))) ||
                is_form(t, "claiming"))
                h = CAS_H_CLAIMED;
            else if (h == CAS_H_NONE && (is_form(t, "reportedly") || is_form(t, "reported")))
                h = CAS_H_REPORTEDLY;
            else if (h == CAS_H_NONE && (is_form(t, "estimated") || is_form(t, "estimate") ||
                                         is_form(t, "estimates")))
                h = CAS_H_ESTIMATED;
            else if (h == CAS_H_NONE && (is_form(t, "preliminary") || is_form(t, "initial")))
                h = CAS_H_PRELIMINARY;
        }
    }
    return h;
}

static bool boundary_char(char ch)
{
    return ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '"' ||
           ch == '.' || ch == '-';
}

/* The attribution of a sentence: "according to X", "X said", "said X",
 * a headline's trailing ": officials" / "- governor", or a leading "UN:". */
static void sentence_source(const ctx *c, size_t sb, size_t se, uint32_t *ss, uint32_t *sn)
{
    *ss = *sn = 0;
    const nm_token *t = c->tok;
    const char *x = c->an->text;
    for (size_t k = sb; k + 1 < se; k++)
        if (is_form(&t[k], "according") && is_form(&t[k + 1], "to")) {
            size_t e = k + 2;
            while (e < se && e < k + 10 &&
                   (e == k + 2 || sep_between(c, e - 1, e) == SEP_SPACE ||
                    (t[e - 1].form_len == 1 && t[e].start == t[e - 1].end + 1 &&
                     x[t[e - 1].end] == '.')))
                e++;
            if (e < se && t[e - 1].form_len == 1 && x[t[e - 1].end] == '.' &&
                t[e].start == t[e - 1].end + 2)
                e++; /* "U.N. experts" */
            if (e > k + 2) {
                *ss = t[k + 2].start;
                *sn = t[e - 1].end;
                return;
            }
        }
    /* trailing ": X" or " - X" of at most five words without digits */
    for (size_t k = se - 1; k > sb && k + 6 > se; k--) {
        const int sp = sep_between(c, k - 1, k);
        if (sp != SEP_OTHER)
            continue;
        bool ok = false;
        for (uint32_t p = t[k - 1].end; p < t[k].start; p++)
            if (x[p] == ':' || (x[p] == '-' && p > t[k - 1].end && x[p - 1] == ' '))
                ok = true;
            else if (x[p] == '(' || x[p] == ')' || x[p] == '/' || x[p] == '.' || x[p] == '|')
                ok = false;
        if (!ok)
            break;
        for (size_t q = k; q < se; q++)
            if ((t[q].flags & NM_TOK_HAS_DIGIT) || lookup(c->w, &t[q])->rc ||
                (q > k && sep_between(c, q - 1, q) == SEP_OTHER))
                ok = false;
        if (ok) {
            *ss = t[k].start;
            *sn = t[se - 1].end;
            return;
        }
        break;
    }
    /* leading "UN:" "Witnesses:" "Mexico rights body:" */
    for (size_t k = sb; k < se && k < sb + 4; k++) {
        if (!(lookup(c->w, &t[k])->fl & W_SRCNOUN))
            continue;
        if (k + 1 < se && sep_between(c, k, k + 1) == SEP_OTHER) {
            bool colon = false;
            for (uint32_t p = t[k].end; p < t[k + 1].start; p++)
                colon |= x[p] == ':';
            bool clean = true;
            for (size_t q = sb; q < k; q++)
                clean &= sep_between(c, q, q + 1) == SEP_SPACE;
            if (colon && clean) {
                *ss = t[sb].start;
                *sn = t[k].end;
                return;
            }
        }
    }
    /* X said / said X */
    for (size_t k = sb; k < se; k++) {
        if (!(lookup(c->w, &t[k])->fl & W_SAY) && !is_form(&t[k], "claims") &&
            !is_form(&t[k], "claimed"))
            continue;
        if (is_form(&t[k], "claimed") && k + 1 < se &&
            (is_form(&t[k + 1], "the") || is_form(&t[k + 1], "lives")))
            continue;
        /* before: back to a boundary, at most six words */
        size_t b = k;
        while (b > sb && b + 6 > k && sep_between(c, b - 1, b) == SEP_SPACE &&
               !(lookup(c->w, &t[b - 1])->fl & (W_STOP | W_CONJ)) && !num_at(c, b - 1) &&
               !lookup(c->w, &t[b - 1])->rc && !lookup(c->w, &t[b - 1])->lc &&
               !is_form(&t[b - 1], "have") && !is_form(&t[b - 1], "has"))
            b--;
        if (b < k && (b == sb || sep_between(c, b - 1, b) != SEP_SPACE || b + 6 > k)) {
            *ss = t[b].start;
            *sn = t[k - 1].end;
            return;
        }
        /* after: ", said the ombudsman." */
        size_t e = k + 1;
        while (e < se && e < k + 7 && sep_between(c, e - 1, e) == SEP_SPACE &&
               !(lookup(c->w, &t[e])->fl & (W_STOP | W_CONJ)) && !num_at(c, e))
            e++;
        if (e > k + 1 && (e == se || boundary_char(x[t[e - 1].end]))) {
            *ss = t[k + 1].start;
            *sn = t[e - 1].end;
            return;
        }
    }
}

static const char *const month_forms[] = {"january", "february", "march", "april", "may", "june",
                                          "july", "august", "september", "october", "november",
                                          "december"};

static uint8_t mention_scope(const ctx *c, size_t sb, size_t se, size_t qs, size_t fe,
                             size_t trig, bool toll)
{
    const nm_token *t = c->tok;
    /* incremental: "9 more", "another 5", "an additional 3" */
    if (fe < se && (is_form(&t[fe], "more") || is_form(&t[fe], "additional")))
        return CAS_S_INCREMENTAL;
    if (qs > sb && (is_form(&t[qs - 1], "another") || is_form(&t[qs - 1], "additional") ||
                    is_form(&t[qs - 1], "further")))
        return CAS_S_INCREMENTAL;
    if (toll)
        return CAS_S_CUMULATIVE;
    const size_t lo = qs > sb + 8 ? qs - 8 : sb;
    size_t hi = (trig > fe ? trig : fe) + 8;
    if (hi > se)
        hi = se;
    uint8_t s = CAS_S_INCIDENT;
    for (size_t k = lo; k < hi; k++) {
        const nm_token *x = &t[k];
        if ((is_form(x, "date") && k > sb && is_form(&t[k - 1], "to")) ||
            (is_form(x, "far") && k > sb && is_form(&t[k - 1], "so")) || is_form(x, "total") ||
            is_form(x, "overall") || is_form(x, "toll") || is_form(x, "tally"))
            return CAS_S_CUMULATIVE;
        if (s < CAS_S_PERIOD) {
            const nm_number *n = num_at(c, k);
            if (n != NULL && n->noncount == NM_NC_DURATION)
                s = CAS_S_PERIOD;
            else if (is_form(x, "since") || is_form(x, "past") ||
                     ((is_form(x, "week") || is_form(x, "month") || is_form(x, "year")) && k > sb &&
                      (is_form(&t[k - 1], "this") || is_form(&t[k - 1], "last"))))
                s = CAS_S_PERIOD;
            else if ((is_form(x, "in") || is_form(x, "during")) && k + 1 < hi) {
                for (size_t m = 0; m < 12; m++)
                    if (is_form(&t[k + 1], month_forms[m]) && m != 4)
                        s = CAS_S_PERIOD;
            }
        }
        if (s == CAS_S_INCIDENT && (is_form(x, "yesterday") || is_form(x, "today")))
            s = CAS_S_DAILY;
    }
    return s;
}

/* Is the sentence about another year or an earlier event? */
static bool sentence_other_event(const ctx *c, size_t sb, size_t se)
{
    for (size_t k = sb; k < se; k++) {
        const nm_number *n = num_at(c, k);
        if (n != NULL && n->tok_begin == k) {
            double y = n->value;
            bool year = n->noncount == NM_NC_YEAR;
            if (n->kind == NM_NUM_COUNT && (n->flags & NM_NUMF_DIGITS) && n->end - n->start == 4 &&
                y >= 1900 && y <= 2100 && n->tok_end < se &&
                (lookup(c->w, &c->tok[n->tok_end])->fl & W_WAR))
                year = true;
            if (year && y >= 1900 && y <= 2100 && (unsigned)y != c->doc_year)
                return true;
            k = n->tok_end - 1;
            continue;
        }
        const nm_token *x = &c->tok[k];
        if ((is_form(x, "year") && k > sb && is_form(&c->tok[k - 1], "last")) ||
            (is_form(x, "ago") && k > sb && is_form(&c->tok[k - 1], "years")) ||
            is_form(x, "decade") || is_form(x, "decades") || is_form(x, "separate") ||
            is_form(x, "previous") ||
            ((lookup(c->w, x)->fl & W_WAR) && k + 1 < se &&
             (is_form(&c->tok[k + 1], "began") || is_form(&c->tok[k + 1], "started") ||
              is_form(&c->tok[k + 1], "erupted"))) ||
            (is_form(x, "earlier") && k + 1 < se && (lookup(c->w, &c->tok[k + 1])->fl & W_WAR)))
            return true;
    }
    return false;
}

/* ---- building the records ---------------------------------------------------------------- */

static cas_mention *push(cas_scratch *s)
{
    if (s->n == s->cap) {
        const size_t cap = s->cap ? s->cap * 2 : 16;
        cas_mention *m = realloc(s->m, cap * sizeof *m);
        if (m == NULL)
            return NULL;
        s->m = m;
        s->cap = cap;
    }
    cas_mention *m = &s->m[s->n++];
    memset(m, 0, sizeof *m);
    m->part_of = -1;
    return m;
}

/* A new mention of the category a right scan found, at its trigger ("killed
 * and wounded" makes it killed_or_wounded). NULL when out of memory. */
static cas_mention *push_found(const ctx *c, cas_scratch *s, const rmatch *rm, size_t se)
{
    cas_mention *m = push(s);
    if (m == NULL)
        return NULL;
    m->cat = (uint8_t)(combined_after(c, rm->trig, se, rm->cat) ? CAS_KOW : rm->cat);
    m->trig = c->tok[rm->trig].start;
    return m;
}

static void set_bounds(cas_mention *m, const nm_number *n)
{
    if (n->kind == NM_NUM_VAGUE) {
        m->qual = CAS_Q_VAGUE;
        m->has_count = false;
        m->vague = n->vague;
        m->has_low = true;
        m->low = (int64_t)n->value;
        m->has_high = isfinite(n->high) && n->high < 9e15;
        m->high = m->has_high ? (int64_t)n->high : 0;
        return;
    }
    if (n->kind == NM_NUM_RANGE) {
        m->qual = CAS_Q_RANGE;
        m->has_count = false;
        m->has_low = m->has_high = true;
        m->low = (int64_t)n->value;
        m->high = (int64_t)n->high;
        return;
    }
    const int64_t v = m->count;
    m->has_low = m->has_high = false;
    switch (m->qual) {
    case CAS_Q_EXACT:
    case CAS_Q_IMPLICIT_ONE:
        m->has_low = m->has_high = true;
        m->low = m->high = v;
        break;
    case CAS_Q_AT_LEAST:
        m->has_low = true;
        m->low = v;
        break;
    case CAS_Q_MORE_THAN:
        m->has_low = true;
        m->low = v + 1;
        break;
    case CAS_Q_NEARLY:
    case CAS_Q_UP_TO:
        m->has_high = true;
        m->high = v;
        break;
    case CAS_Q_FEWER_THAN:
        m->has_high = true;
        m->high = v > 0 ? v - 1 : 0;
        break;
    default:
        break;
    }
}

/* The index of the mention whose figure starts at token k, or -1. */
static int32_t mention_at_tok(const ctx *c, size_t from, size_t k)
{
    const uint32_t st = c->tok[k].start;
    for (size_t i = from; i < c->s->n; i++)
        if (c->s->m[i].start == st)
            return (int32_t)i;
    return -1;
}

typedef struct sent_info {
    bool have_hedge, have_src, other;
    uint8_t hedge;
    uint32_t ss, sn;
} sent_info;

static void fill_common(const ctx *c, size_t si, size_t sb, size_t se, sent_info *inf,
                        cas_mention *m)
{
    if (!inf->have_hedge) {
        inf->hedge = sentence_hedge(c, sb, se);
        inf->have_hedge = true;
        inf->other = sentence_other_event(c, sb, se);
    }
    if (!inf->have_src) {
        sentence_source(c, sb, se, &inf->ss, &inf->sn);
        inf->have_src = true;
    }
    m->hedge = inf->hedge;
    m->src_start = inf->ss;
    m->src_end = inf->sn;
    m->sent = (uint32_t)si;
    m->other_event = inf->other;
    m->context = m->scope == CAS_S_PERIOD;
    m->fallback = m->hedge == CAS_H_CLAIMED || m->hedge == CAS_H_UNVERIFIED;
}

/* An active verb before "a/an [adjectives] NOUN": the category, or -1. */
static int object_one(const ctx *c, size_t sb, size_t i)
{
    bool article = false;
    for (size_t k = i; k > sb && k + 5 > i; k--) {
        if (sep_between(c, k - 1, k) != SEP_SPACE)
            return -1;
        const nm_token *p = &c->tok[k - 1];
        const wentry *e = lookup(c->w, p);
        if (is_form(p, "a") || is_form(p, "an")) {
            article = true;
            continue;
        }
        if (article) {
            if (e->lc && (e->fl & W_VERB) && k - 1 > sb &&
                !(lookup(c->w, &c->tok[k - 2])->fl & W_MODAL) && !is_form(&c->tok[k - 2], "to"))
                return e->lc - 1;
            if (e->lc && (e->fl & W_VERB) && k - 1 == sb)
                return e->lc - 1;
            return -1;
        }
        if (e->fl & (W_STOP | W_CONJ | W_AUX | W_MODAL) || e->rc || e->lc)
            return -1;
        const nm_number *n = num_at(c, k - 1);
        if (n != NULL && n->kind != NM_NUM_NONCOUNT)
            return -1;
    }
    return -1;
}

static int do_sentence(ctx *c, size_t si, nm_err *err)
{
    const nm_span *sp = &c->an->sentences[si];
    const size_t sb = sp->tok_begin, se = sp->tok_end;
    const nm_token *t = c->tok;
    cas_scratch *s = c->s;
    const size_t first = s->n;
    sent_info inf = {0};
    for (size_t i = sb; i < se; i++) {
        const nm_number *n = num_at(c, i);
        if (n != NULL && n->tok_begin != i)
            continue;
        if (n != NULL) {
            const size_t fe = n->tok_end;
            if (n->kind == NM_NUM_NONCOUNT) {
                i = fe - 1;
                continue;
            }
            /* "how many died", "as many Americans as": questions and comparisons */
            if (n->kind == NM_NUM_VAGUE && n->vague != NULL && strcmp(n->vague, "many") == 0 &&
                i > sb &&
                (is_form(&t[i - 1], "how") || is_form(&t[i - 1], "as") ||
                 is_form(&t[i - 1], "so") || is_form(&t[i - 1], "too") ||
                 is_form(&t[i - 1], "that"))) {
                i = fe - 1;
                continue;
            }
            if (n->kind == NM_NUM_COUNT && (n->value != floor(n->value) || n->value < 0 ||
                                            n->value > 1e10)) {
                i = fe - 1;
                continue;
            }
            /* an age in apposition: "the woman, 76, and her son" */
            if (n->kind == NM_NUM_COUNT && n->value <= 120 && i > sb && fe < se &&
                sep_between(c, i - 1, i) == SEP_COMMA && sep_between(c, fe - 1, fe) == SEP_COMMA &&
                (lookup(c->w, &t[i - 1])->fl & W_PERSON1)) {
                i = fe - 1;
                continue;
            }
            size_t qs;
            int qual = qualifier_left(c, sb, i, &qs);
            if (n->kind == NM_NUM_RANGE && qs == i && i > sb && sep_between(c, i - 1, i) == SEP_SPACE &&
                (is_form(&t[i - 1], "between") || is_form(&t[i - 1], "from")))
                qs = i - 1; /* "killed between 10 and 15" */
            lmatch lm;
            left_match(c, sb, qs, &lm);
            rmatch rm;
            right_scan(c, fe - 1, fe, se, &rm);
            int cat = -1;
            size_t vb = fe, ve = fe, trig = fe;
            uint32_t trig_byte = UINT32_MAX;
            bool from_right = false;
            if (rm.cat >= 0 && (t[rm.trig].form_len > 0) &&
                (lookup(c->w, &t[rm.trig])->fl & W_LIVES)) {
                /* "claim more than 150 lives": the claim verb stands before the figure */
                bool claim = qs > sb && (lookup(c->w, &t[qs - 1])->fl & W_CLAIMV);
                if (!claim)
                    rm.cat = -1;
            }
            if (rm.cat >= 0 && (lookup(c->w, &t[rm.trig])->fl & W_ACTIVE) &&
                used_actively(c, rm.trig, se))
                rm.cat = -1;
            /* "24 killed 12 wounded": the participle after the figure wins over
             * the one before it, unless it is attributive ("evacuated 23
             * wounded people": a noun follows it) */
            bool right_first = lm.past && rm.cat >= 0 && rm.trig <= fe + 2;
            if (right_first && rm.trig + 1 < se &&
                sep_between(c, rm.trig, rm.trig + 1) == SEP_SPACE) {
                const wentry *ne = lookup(c->w, &t[rm.trig + 1]);
                if (!(ne->fl & (W_STOP | W_AUX | W_CONJ | W_MODAL)) && !ne->rc && !ne->lc &&
                    num_at(c, rm.trig + 1) == NULL)
                    right_first = false;
            }
            if (lm.cat >= 0 && !right_first) {
                /* the verb's object must be people: "captured 19 seats" is not */
                for (size_t k = fe; k < se && k < fe + 4; k++) {
                    if (sep_between(c, k - 1, k) != SEP_SPACE)
                        break;
                    const wentry *oe = lookup(c->w, &t[k]);
                    if (oe->fl & W_BLOCK) {
                        lm.cat = -1;
                        break;
                    }
                    if (oe->fl & (W_STOP | W_CONJ) || oe->vc)
                        break;
                }
            }
            if (lm.cat >= 0 && !lm.modal && !right_first) {
                cat = lm.cat;
                trig_byte = t[qs - 1].start;
                victim_after(c, fe, se, &vb, &ve);
            } else if (rm.cat >= 0 && !rm.modal) {
                cat = rm.cat;
                vb = rm.vb;
                ve = rm.ve;
                trig = rm.trig;
                trig_byte = t[rm.trig].start;
                from_right = true;
                if (combined_after(c, rm.trig, se, cat))
                    cat = CAS_KOW;
            }
            if (lm.modal || rm.modal) {
                i = fe - 1;
                continue;
            }
            /* subgroups: "including 38 soldiers", "among them 5 children", "17 of whom" */
            int32_t part = -1;
            const bool incl = qs > sb && (lookup(c->w, &t[qs - 1])->fl & W_SUBGRP) &&
                              !is_form(&t[qs - 1], "among");
            const bool among_them = qs > sb + 1 && is_form(&t[qs - 1], "them") &&
                                    is_form(&t[qs - 2], "among");
            const bool of_whom = fe + 1 < se && is_form(&t[fe], "of") &&
                                 (is_form(&t[fe + 1], "whom") || is_form(&t[fe + 1], "them"));
            if ((incl || among_them || of_whom) && s->n > first) {
                if (of_whom) {
                    part = (int32_t)(s->n - 1);
                } else {
                    part = (int32_t)(s->n - 1);
                    while (part >= 0 && (size_t)part >= first && s->m[part].part_of >= 0)
                        part = s->m[part].part_of;
                }
                if (cat < 0 || (from_right && rm.crossed))
                    cat = s->m[part].cat;
                if (vb == ve)
                    victim_after(c, of_whom ? fe + 2 : fe, se, &vb, &ve);
            } else if (cat < 0 && s->n > first && qs > sb) {
                /* coordination: "... killed by air strikes and 15 under torture" */
                const bool conj = (lookup(c->w, &t[qs - 1])->fl & W_CONJ) ||
                                  sep_between(c, qs - 1, qs) == SEP_COMMA;
                const cas_mention *pm = &s->m[s->n - 1];
                if (conj && !pm->negated && t[qs - 1].start < pm->end + 80 &&
                    t[qs - 1].start >= pm->end) {
                    bool ok = true;
                    for (size_t k = qs - 1; k > sb && t[k].start > pm->end; k--)
                        if ((lookup(c->w, &t[k])->fl & W_MODAL) || num_at(c, k) != NULL)
                            ok = false;
                    if (ok) {
                        cat = pm->cat;
                        part = pm->part_of;
                        trig_byte = pm->trig;
                        victim_after(c, fe, se, &vb, &ve);
                        /* a coordinated phrase naming things is no figure */
                        for (size_t k = fe; k < se && k < fe + 4; k++)
                            if (lookup(c->w, &t[k])->fl & W_BLOCK)
                                cat = -1;
                    }
                }
            }
            if (cat < 0) {
                i = fe - 1;
                continue;
            }
            /* "two of the wounded": a part of the figure that trigger names */
            if (part < 0 && from_right && rm.of_noun) {
                for (size_t k = s->n; k-- > 0;)
                    if (s->m[k].cat == cat && !s->m[k].negated) {
                        part = (int32_t)k;
                        break;
                    }
            }
            cas_mention *m = push(s);
            if (m == NULL)
                return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
            m->cat = (uint8_t)cat;
            m->start = n->start;
            m->end = n->end;
            m->has_count = true;
            m->count = (int64_t)n->value;
            /* postposed: "270 at least", "20 or more", "100+" */
            if (qual == CAS_Q_EXACT) {
                if (n->flags & NM_NUMF_PLUS)
                    qual = CAS_Q_AT_LEAST;
                else if (fe + 1 < se && ((is_form(&t[fe], "or") && is_form(&t[fe + 1], "more")) ||
                                         (is_form(&t[fe], "at") && is_form(&t[fe + 1], "least"))))
                    qual = CAS_Q_AT_LEAST;
                else if (n->kind == NM_NUM_COUNT && (n->flags & NM_NUMF_WORDS) &&
                         n->value == 12 && is_form(&t[fe - 1], "dozen"))
                    qual = CAS_Q_APPROX; /* "a dozen" is a round figure */
            }
            m->qual = (uint8_t)qual;
            set_bounds(m, n);
            if (vb < ve) {
                m->vic_start = t[vb].start;
                m->vic_end = t[ve - 1].end;
            }
            m->vclass = victim_class(c, vb, ve);
            m->part_of = part;
            m->trig = trig_byte;
            m->scope = mention_scope(c, sb, se, qs, fe, from_right ? trig : fe, lm.toll);
            fill_common(c, si, sb, se, &inf, m);
            i = fe - 1;
            continue;
        }
        const wentry *e = lookup(c->w, &t[i]);
        /* negation: "no one was killed", "no casualties", "none were hurt", "without injuries" */
        if (e->fl & W_NEG) {
            size_t j = i + 1;
            if (is_form(&t[i], "no") && j < se && is_form(&t[j], "one"))
                j++;
            bool without = is_form(&t[i], "without");
            if (is_form(&t[i], "none") && j + 1 < se && is_form(&t[j], "of"))
                j++;
            rmatch rm;
            right_scan(c, j - 1, j, se, &rm);
            if (rm.cat >= 0 && !rm.modal && (!without || (rm.trig == i + 1 &&
                                                           !(lookup(c->w, &t[rm.trig])->fl & W_VERB))) &&
                !(lookup(c->w, &t[rm.trig])->fl & W_LIVES)) {
                cas_mention *m = push_found(c, s, &rm, se);
                if (m == NULL)
                    return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
                m->negated = true;
                m->has_count = m->has_low = m->has_high = true;
                m->qual = CAS_Q_EXACT;
                m->start = t[i].start;
                m->end = t[j - 1].end;
                if (rm.vb < rm.ve) {
                    m->vic_start = t[rm.vb].start;
                    m->vic_end = t[rm.ve - 1].end;
                }
                m->vclass = victim_class(c, rm.vb, rm.ve);
                m->scope = CAS_S_INCIDENT;
                fill_common(c, si, sb, se, &inf, m);
                i = rm.trig;
            }
            continue;
        }
        /* implicit one: "Officer killed", "a soldier was killed" */
        if (e->fl & W_PERSON1) {
            bool counted = false;
            for (size_t k = i; k > sb && k + 4 > i; k--) {
                if (sep_between(c, k - 1, k) != SEP_SPACE)
                    break;
                const nm_number *pn = num_at(c, k - 1);
                if (pn != NULL && pn->kind != NM_NUM_NONCOUNT)
                    counted = true;
                const wentry *pe = lookup(c->w, &t[k - 1]);
                if (is_form(&t[k - 1], "of") || is_form(&t[k - 1], "every") ||
                    is_form(&t[k - 1], "each") || is_form(&t[k - 1], "no") || pe->rc || pe->lc)
                    counted = true;
                /* "the woman", "her son": someone already introduced */
                if ((pe->fl & W_DET) && !is_form(&t[k - 1], "a") && !is_form(&t[k - 1], "an"))
                    counted = true;
                if (pe->fl & (W_STOP | W_CONJ | W_DET | W_AUX))
                    break;
            }
            if (counted)
                continue;
            rmatch rm;
            right_scan(c, i, i + 1, se, &rm);
            const wentry *te = rm.cat >= 0 ? lookup(c->w, &t[rm.trig]) : &none_entry;
            if (rm.cat < 0 || rm.modal || (te->fl & W_LIVES) || te->rc == 0 ||
                ((te->fl & W_ACTIVE) && used_actively(c, rm.trig, se))) {
                /* object position: "killing a 9-year-old boy", "wounded a policeman" */
                const int oc = object_one(c, sb, i);
                if (oc < 0)
                    continue;
                rm.cat = oc;
                rm.trig = i;
                rm.among = -1;
            }
            /* nouns only: "killed" must be the predicate, so no trigger right
             * after a determiner-less plural reading is possible here */
            cas_mention *m = push_found(c, s, &rm, se);
            if (m == NULL)
                return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
            m->qual = CAS_Q_IMPLICIT_ONE;
            m->has_count = m->has_low = m->has_high = true;
            m->count = m->low = m->high = 1;
            size_t nb = i;
            while (nb > sb && nb + 2 > i && sep_between(c, nb - 1, nb) == SEP_SPACE &&
                   (t[nb - 1].flags & NM_TOK_UPPER_INITIAL) &&
                   !(lookup(c->w, &t[nb - 1])->fl & (W_STOP | W_CONJ | W_DET | W_AUX)))
                nb--;
            m->start = t[i].start;
            m->end = t[i].end;
            m->vic_start = t[nb].start;
            m->vic_end = t[i].end;
            m->vclass = victim_class(c, i, i + 1);
            m->scope = mention_scope(c, sb, se, i, i + 1, rm.trig, false);
            fill_common(c, si, sb, se, &inf, m);
            if (rm.among >= 0)
                m->part_of = -2 - rm.among; /* resolved below, once that figure is in */
        }
    }
    /* "Baby, girl among six killed": link to the figure after "among" */
    for (size_t k = first; k < s->n; k++)
        if (s->m[k].part_of <= -2) {
            const int32_t at = mention_at_tok(c, first, (size_t)(-2 - s->m[k].part_of));
            s->m[k].part_of = at;
            if (at >= 0)
                s->m[k].cat = s->m[at].cat;
        }
    return 0;
}

void cas_scratch_free(cas_scratch *s)
{
    nm_number_list_free(&s->nums);
    free(s->m);
    free(s->mark);
    memset(s, 0, sizeof *s);
}

int cas_extract(const cas_words *w, const nm_analysis *an, unsigned doc_year, cas_scratch *s,
                nm_err *err)
{
    s->n = 0;
    if (an->n_sentences == 0)
        return 0;
    /* first pass: which sentences hold a trigger word */
    if (an->n_sentences > s->mark_cap) {
        size_t cap = s->mark_cap ? s->mark_cap : 64;
        while (cap < an->n_sentences)
            cap *= 2;
        uint8_t *m = realloc(s->mark, cap);
        if (m == NULL)
            return nm_err_set(err, NM_ENOMEM, "casualties: out of memory");
        s->mark = m;
        s->mark_cap = cap;
    }
    bool any = false;
    const nm_token *tok = an->tokens;
    for (size_t si = 0; si < an->n_sentences; si++) {
        const nm_span *sp = &an->sentences[si];
        uint8_t hit = 0;
        for (size_t i = sp->tok_begin; i < sp->tok_end; i++) {
            const nm_token *t = &tok[i];
            if (t->form_len < 3 || t->form_len > 12 || (t->flags & NM_TOK_HAS_DIGIT))
                continue;
            const uint32_t b = bloom_key(t->form, t->form_len);
            if (!(w->bloom[b / 64] >> (b % 64) & 1u))
                continue;
            if (lookup(w, t)->fl & W_TRIG) {
                hit = 1;
                break;
            }
        }
        s->mark[si] = hit;
        any |= hit != 0;
    }
    if (!any)
        return 0;
    /* the rules look at numbers inside marked sentences only */
    int rc = nm_numbers_find_near(an, s->mark, &s->nums, err);
    if (rc != 0)
        return rc;
    ctx c = {.w = w, .an = an, .tok = tok, .num = s->nums.items, .n_num = s->nums.n,
             .doc_year = doc_year, .s = s};
    for (size_t si = 0; si < an->n_sentences; si++) {
        if (!s->mark[si])
            continue;
        rc = do_sentence(&c, si, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}
