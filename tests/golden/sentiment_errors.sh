#!/usr/bin/env bash
# sentiment_errors.sh: the sentiment operator's failures are clear and
# classified: a malformed lexicon or emoji file names the file and line
# (exit 1), a missing file says so (exit 1), option misuse is a usage error
# (exit 2), and a merge refuses shards whose lexicon changed between runs.
source "$(dirname "$0")/../test_lib.sh"

in="$NM_TMP/in.jsonl"
printf '%s\n' '{"id":"a","date":"2024-01-01","text":"A good day."}' '{"id":"b","text":"A bad one."}' > "$in"

# expect_fail STATUS PATTERN ARGS...: the run exits with STATUS and stderr matches PATTERN.
expect_fail() {
    local want="$1" pattern="$2" rc=0
    shift 2
    "$NEWSMILL" run --quiet --ops sentiment -o "$NM_TMP/out" "$@" "$in" 2> "$NM_TMP/err" || rc=$?
    [ "$rc" = "$want" ] || fail "exit $rc, want $want: $* ($(cat "$NM_TMP/err"))"
    grep -q -- "$pattern" "$NM_TMP/err" || fail "stderr lacks '$pattern': $(cat "$NM_TMP/err")"
    [ ! -e "$NM_TMP/out/run.json" ] || fail "a failed run wrote run.json"
}

printf 'good\t1.9\nbad -2.5\n' > "$NM_TMP/notab.tsv"
expect_fail 1 "notab.tsv:2: no TAB" --set sentiment.lexicon="$NM_TMP/notab.tsv"
printf 'good\t1.9\nbad\tvery\n' > "$NM_TMP/nan.tsv"
expect_fail 1 "nan.tsv:2: 'very' is not a decimal number" --set sentiment.lexicon="$NM_TMP/nan.tsv"
printf '# AFINN-style\ngood\t3\nawful\t-9\n' > "$NM_TMP/range.tsv"
expect_fail 1 "range.tsv:3: value -9 outside \[-5, 5\]" --set sentiment.lexicon="$NM_TMP/range.tsv"
printf 'good\t1.5\n' > "$NM_TMP/dec.tsv"
expect_fail 1 "dec.tsv:1: '1.5' is not an integer" --set sentiment.lexicon="$NM_TMP/dec.tsv" \
    --set sentiment.format=afinn
expect_fail 1 "cannot read lexicon $NM_TMP/missing.tsv" --set sentiment.lexicon="$NM_TMP/missing.tsv"
printf 'x\tmark\nnotab\n' > "$NM_TMP/emoji.txt"
expect_fail 1 "emoji.txt:2: expected emoji<TAB>description" --set sentiment.emoji="$NM_TMP/emoji.txt"
expect_fail 2 "sentiment.format describes a lexicon file" --set sentiment.format=vader
expect_fail 2 "expected one of sentence|doc" --set sentiment.unit=paragraph
expect_fail 2 "sentiment.detail" --set sentiment.detail=maybe

# A good lexicon in each format runs.
printf 'good\t2\nbad\t-2\n' > "$NM_TMP/ok.afinn"
"$NEWSMILL" run --quiet --ops sentiment --set sentiment.lexicon="$NM_TMP/ok.afinn" \
    --set sentiment.format=afinn -o "$NM_TMP/ok" "$in" || fail "afinn lexicon run failed"
grep -q '"positive_pct":33.33' "$NM_TMP/ok/docs.jsonl" || fail "afinn lexicon not applied"

# Shards scored with different lexicon contents (same path) do not merge.
printf 'good\t1\n' > "$NM_TMP/lex.tsv"
"$NEWSMILL" run --quiet --ops sentiment --set sentiment.lexicon="$NM_TMP/lex.tsv" --shard 0/2 \
    -o "$NM_TMP/s0" "$in" || fail "shard 0 failed"
printf 'good\t3\n' > "$NM_TMP/lex.tsv"
"$NEWSMILL" run --quiet --ops sentiment --set sentiment.lexicon="$NM_TMP/lex.tsv" --shard 1/2 \
    -o "$NM_TMP/s1" "$in" || fail "shard 1 failed"
rc=0
"$NEWSMILL" merge --quiet -o "$NM_TMP/merged" "$NM_TMP/s0" "$NM_TMP/s1" 2> "$NM_TMP/err" || rc=$?
[ "$rc" = 1 ] || fail "merge of mismatched shards: exit $rc, want 1"
grep -q "made with another lexicon" "$NM_TMP/err" || fail "merge message: $(cat "$NM_TMP/err")"
note "sentiment errors are reported as specified"
