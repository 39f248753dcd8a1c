#!/bin/bash
# sort_uniq_ngrams.sh: the Unix-pipeline baseline for newsmill's `ngrams` operator.
#
# The classic shell way to count words (and, with one awk step, word pairs):
#   zstd -dc IN | jq -r .text | tr -cs "[:alnum:]'" '\n' | tr A-Z a-z | sort | uniq -c
# N=1 counts unigrams; N=2 counts bigrams of adjacent tokens in the whole token
# stream (pairs cross sentence AND document boundaries: there is no notion of
# either here). No document frequencies. ASCII-only token rule: tr works on
# bytes, so every non-ASCII letter splits a token. LC_ALL=C makes sort compare
# bytes, the fast setting a user would pick; sort uses its default number of
# threads (all cores, up to 8) and buffer size.
#
# Usage: sort_uniq_ngrams.sh 1|2 INPUT.jsonl.zst OUT
# OUT: `uniq -c` lines ("  COUNT token" or "  COUNT token token"), byte order.
set -euo pipefail
export LC_ALL=C

if [ $# -ne 3 ] || { [ "$1" != 1 ] && [ "$1" != 2 ]; }; then
    echo "usage: sort_uniq_ngrams.sh 1|2 INPUT.jsonl.zst OUT" >&2
    exit 2
fi
n=$1 in=$2 out=$3

# A-Z a-z as users type it; under LC_ALL=C it is what [:upper:] [:lower:] mean.
# shellcheck disable=SC2018,SC2019
tokens() {
    zstd -dc -- "$in" | jq -r .text | tr -cs "[:alnum:]'" '\n' | tr A-Z a-z
}

if [ "$n" = 1 ]; then
    tokens | sort | uniq -c >"$out"
else
    # Pair each token with the one before it.
    tokens | awk 'NR > 1 { print p " " $0 } { p = $0 }' | sort | uniq -c >"$out"
fi
