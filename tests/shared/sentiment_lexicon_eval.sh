#!/usr/bin/env bash
# sentiment_lexicon_eval.sh: the built-in news lexicon (ops/sentiment/lexicon/news_lexicon.tsv)
# is well formed, and, with unit=doc, its compound correlates with the human ratings of
# ../shared's rated snippets: Pearson r >= 0.75 on the tweets and >= 0.45 on the NYT
# editorial snippets (VADER's own lexicon: 0.872 and 0.503, printed alongside).
source "$(dirname "$0")/../test_lib.sh"
eval_py="$NM_SOURCE_DIR/bench/eval_sentiment_lexicon.py"
lexicon="$NM_SOURCE_DIR/ops/sentiment/lexicon/news_lexicon.tsv"

# Well formed whatever the shared data: scale, lower case, no duplicates, no rule words.
python3 "$eval_py" --lint "$lexicon" > "$NM_TMP/lint.txt" || { cat "$NM_TMP/lint.txt"; fail "lexicon lint"; }
tail -n 1 "$NM_TMP/lint.txt"

shared=$(shared_dir)
gt="$shared/sentiment/groundtruth"
for set in tweets nytEditorialSnippets; do
    [ -f "$gt/${set}_GroundTruth.txt" ] || { echo "SKIP: $gt/${set}_GroundTruth.txt not found"; exit 77; }
done
python3 "$eval_py" --newsmill "$NEWSMILL" --shared "$shared" \
    --min tweets=0.75 --min nytEditorialSnippets=0.45 || fail "built-in lexicon below its r targets"
