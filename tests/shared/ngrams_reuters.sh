#!/usr/bin/env bash
# ngrams_reuters.sh: the ngrams operator on Reuters-21578 (../shared) against
# the independent Python reference (tests/tools/ngrams_reference.py), byte for
# byte, with span=doc and n = 1..3: 2,305,872 lines. Then again with a 16 MiB
# budget, which forces spills and on-disk runs: the output must not change.
# Skips (exit 77) without the shared corpus, python3 or the zstd program.
source "$(dirname "$0")/../test_lib.sh"

shared=$(shared_dir)
corpus="$shared/corpora/reuters21578.frames.jsonl.zst"
if [ ! -f "$corpus" ]; then
    echo "SKIP: $corpus not found (set NEWSMILL_SHARED)"
    exit 77
fi
for tool in python3 zstd; do
    if ! command -v "$tool" > /dev/null; then
        echo "SKIP: $tool is not installed (the reference needs it)"
        exit 77
    fi
done

note "reference (python, ~1 min)"
python3 "$NM_SOURCE_DIR/tests/tools/ngrams_reference.py" --span doc --min-n 1 --max-n 3 \
    -o "$NM_TMP/reference.jsonl" "$corpus"
lines=$(wc -l < "$NM_TMP/reference.jsonl")
[ "$lines" -eq 2305872 ] || fail "the reference wrote $lines lines, expected 2305872"

note "newsmill, default budget"
"$NEWSMILL" run --quiet --ops ngrams --set ngrams.span=doc --set ngrams.max_n=3 \
    -o "$NM_TMP/run" "$corpus"
lines=$(wc -l < "$NM_TMP/run/ngrams.jsonl")
[ "$lines" -eq 2305872 ] || fail "ngrams.jsonl has $lines lines, expected 2305872"
cmp "$NM_TMP/reference.jsonl" "$NM_TMP/run/ngrams.jsonl" ||
    fail "ngrams.jsonl differs from the reference"

note "newsmill, memory=16M (spills)"
"$NEWSMILL" run --quiet --ops ngrams --set ngrams.span=doc --set ngrams.max_n=3 \
    --set ngrams.memory=16M -o "$NM_TMP/small" "$corpus"
cmp "$NM_TMP/run/ngrams.jsonl" "$NM_TMP/small/ngrams.jsonl" ||
    fail "ngrams.jsonl with memory=16M differs from the default run"
note "ngrams on reuters: identical to the reference, with and without spills"
