#!/usr/bin/env bash
# casualties_ucdp.sh: the casualties operator on ../shared's 90 hand-annotated UCDP
# headlines (casualty/ucdp_headlines_dev.jsonl): mention-level F1 over (category, count)
# pairs at least 0.99 (reached: 0.992; a naive regex gets 0.77 on killed counts alone),
# and the qualifier right on at least 98% of the matched mentions.
source "$(dirname "$0")/../test_lib.sh"
shared=$(shared_dir)
data="$shared/casualty/ucdp_headlines_dev.jsonl"
[ -f "$data" ] || { echo "SKIP: $data not found"; exit 77; }
out=$(python3 "$NM_SOURCE_DIR/bench/eval_casualties.py" --newsmill "$NEWSMILL" --data "$data" \
    --min-f1 0.99) || { echo "$out"; fail "casualties F1 on the UCDP headlines below 0.99"; }
echo "$out"
qual=$(echo "$out" | sed -n 's/.*qualifier \([0-9.]*\).*/\1/p')
python3 -c "import sys; sys.exit(0 if float('$qual') >= 0.98 else 1)" \
    || fail "qualifier accuracy $qual below 0.98"
