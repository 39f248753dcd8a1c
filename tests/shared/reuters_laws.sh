#!/usr/bin/env bash
# reuters_laws.sh: on the real Reuters-21578 corpus (19,779 articles): 1 and 2
# threads, 3 shards merged, the single-frame and multi-frame files, and the
# corpus piped through stdin all give byte-identical outputs.
source "$(dirname "$0")/../test_lib.sh"
shared=$(shared_dir)
frames="$shared/corpora/reuters21578.frames.jsonl.zst"
single="$shared/corpora/reuters21578.jsonl.zst"
[ -f "$frames" ] && [ -f "$single" ] || { echo "SKIP: Reuters corpus not in $shared/corpora"; exit 77; }
args=(--quiet --ops ngrams --set ngrams.span=doc --set ngrams.max_n=3)

"$NEWSMILL" run "${args[@]}" -t 1 -o "$NM_TMP/t1" "$frames" || fail "1-thread run failed"
"$NEWSMILL" run "${args[@]}" -t 2 -o "$NM_TMP/t2" "$frames" || fail "2-thread run failed"
same_outputs "$NM_TMP/t1" "$NM_TMP/t2"
[ "$(json_get "$NM_TMP/t1" docs.processed)" = 19779 ] || fail "expected 19,779 documents"
[ "$(json_get "$NM_TMP/t1" docs.skipped)" = 0 ] || fail "expected no skipped lines"

for i in 0 1 2; do
    "$NEWSMILL" run "${args[@]}" -t 2 --shard "$i/3" -o "$NM_TMP/s$i" "$frames" || fail "shard $i failed"
done
"$NEWSMILL" merge -o "$NM_TMP/merged" "$NM_TMP/s0" "$NM_TMP/s1" "$NM_TMP/s2" || fail "merge failed"
same_outputs "$NM_TMP/t1" "$NM_TMP/merged"

"$NEWSMILL" run "${args[@]}" -t 2 -o "$NM_TMP/single" "$single" || fail "single-frame run failed"
same_outputs "$NM_TMP/t1" "$NM_TMP/single"
"$NEWSMILL" run "${args[@]}" -t 2 -o "$NM_TMP/stdin" - < "$frames" || fail "stdin run failed"
same_outputs "$NM_TMP/t1" "$NM_TMP/stdin"
echo "Reuters: 1/2 threads, 3 shards merged, single frame, stdin: identical"
