#!/usr/bin/env bash
# operator_laws.sh: laws every registered operator must keep, checked on the
# sample corpus plus a file of bad lines:
#   1. 1, 2 and 7 threads write byte-identical outputs;
#   2. the corpus run as 3 shards and merged equals the single run;
#   3. an empty corpus gives a valid run: exit 0, empty docs.jsonl, run.json
#      with read = processed = skipped = 0, the aggregate file present.
source "$(dirname "$0")/../test_lib.sh"

[ -f "$SAMPLE" ] || fail "sample corpus $SAMPLE missing"
bad="$NM_TMP/bad.jsonl"
printf '%s\n' '{"id":"b1","text":"A short good line. Another sentence."}' 'not json' \
    '{"id":"b2"}' '' '{"text":"No id here, so the id is file:line."}' > "$bad"

ops=$(operator_names)
[ -n "$ops" ] || fail "no operators listed by 'newsmill ops'"
for op in $ops; do
    note "operator $op"
    for t in 1 2 7; do
        "$NEWSMILL" run --quiet --ops "$op" -t "$t" -o "$NM_TMP/$op.t$t" "$SAMPLE" "$bad" \
            || fail "$op: run with $t threads failed"
    done
    same_outputs "$NM_TMP/$op.t1" "$NM_TMP/$op.t2"
    same_outputs "$NM_TMP/$op.t1" "$NM_TMP/$op.t7"
    [ "$(wc -l < "$NM_TMP/$op.t1/errors.jsonl")" -eq 2 ] || fail "$op: expected 2 error records"

    shards=()
    for i in 0 1 2; do
        "$NEWSMILL" run --quiet --ops "$op" -t 2 --shard "$i/3" -o "$NM_TMP/$op.s$i" "$SAMPLE" "$bad" \
            || fail "$op: shard $i/3 failed"
        shards+=("$NM_TMP/$op.s$i")
    done
    "$NEWSMILL" merge -o "$NM_TMP/$op.merged" "${shards[2]}" "${shards[0]}" "${shards[1]}" \
        || fail "$op: merge failed"
    same_outputs "$NM_TMP/$op.t1" "$NM_TMP/$op.merged"
    [ "$(json_get "$NM_TMP/$op.merged" docs.read)" = "$(json_get "$NM_TMP/$op.t1" docs.read)" ] \
        || fail "$op: merged read count differs"

    : > "$NM_TMP/empty.jsonl"
    "$NEWSMILL" run --quiet --ops "$op" -o "$NM_TMP/$op.empty" "$NM_TMP/empty.jsonl" \
        || fail "$op: empty corpus run failed"
    [ ! -s "$NM_TMP/$op.empty/docs.jsonl" ] || fail "$op: empty corpus wrote documents"
    [ "$(json_get "$NM_TMP/$op.empty" docs.read)" = 0 ] || fail "$op: empty corpus read != 0"
    for f in "$NM_TMP/$op.t1"/*.jsonl; do
        [ -e "$NM_TMP/$op.empty/$(basename "$f")" ] || fail "$op: empty run lacks $(basename "$f")"
    done
done
echo "operator laws hold for: $ops"
