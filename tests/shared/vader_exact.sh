#!/usr/bin/env bash
# vader_exact.sh: the sentiment operator in VADER mode equals VADER bit for
# bit. Given VADER's own lexicon and emoji lexicon with unit=doc, every
# document's neg, neu, pos and compound must be the very double of the
# reference output (../shared/sentiment/reference/*.vader.tsv, VADER 3.3.x),
# compared after parsing both sides with Python's float(): the 153 edge-case
# probes, the 4,200 tweets and the 5,190 NYT editorial snippets (9,543 in
# all). Also checks that the built-in lexicon's run succeeds on the same
# texts.
source "$(dirname "$0")/../test_lib.sh"
S="$(shared_dir)/sentiment"
[ -d "$S" ] || { echo "SKIP: $S not found"; exit 77; }

python3 - "$S" "$NM_TMP/in.jsonl" <<'PY'
import json, sys
S, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for line in open(f"{S}/edge_cases.jsonl", encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            f.write(json.dumps({"id": "edge:" + d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
    for name in ("tweets", "nytEditorialSnippets"):
        raw = open(f"{S}/groundtruth/{name}_GroundTruth.txt", encoding="utf-8", newline="").read()
        for rec in raw.split("\r\n"):
            if not rec:
                continue
            sid, _rating, text = rec.split("\t", 2)
            f.write(json.dumps({"id": f"{name}:{sid}", "text": text}, ensure_ascii=False) + "\n")
PY

"$NEWSMILL" run --quiet --ops sentiment -t 2 -o "$NM_TMP/out" \
    --set sentiment.lexicon="$S/vader_lexicon.txt" \
    --set sentiment.emoji="$S/emoji_utf8_lexicon.txt" \
    --set sentiment.unit=doc "$NM_TMP/in.jsonl" || fail "newsmill run failed"

python3 - "$S" "$NM_TMP/out/docs.jsonl" <<'PY' || fail "VADER mode is not bit-exact"
import json, sys
S, docs = sys.argv[1], sys.argv[2]
got = {}
for line in open(docs, encoding="utf-8"):
    d = json.loads(line)
    got[d["id"]] = d["sentiment"]
total = bad = 0
for name, prefix in (("edge_cases", "edge:"), ("tweets", "tweets:"),
                     ("nytEditorialSnippets", "nytEditorialSnippets:")):
    lines = open(f"{S}/reference/{name}.vader.tsv", encoding="utf-8").read().splitlines()
    assert lines[0].split("\t") == ["id", "neg", "neu", "pos", "compound"], lines[0]
    n = nbad = 0
    for rec in lines[1:]:
        sid, *vals = rec.split("\t")
        ref = dict(zip(("neg", "neu", "pos", "compound"), map(float, vals)))
        mine = got.get(prefix + sid)
        n += 1
        if mine is None or any(mine[k] != ref[k] for k in ref):
            nbad += 1
            if nbad <= 5:
                print(f"  {name} {sid}: got {mine and {k: mine[k] for k in ref}} want {ref}")
    print(f"{name}: {n - nbad} of {n} bit-identical")
    total += n
    bad += nbad
print(f"all: {total - bad} of {total} bit-identical")
sys.exit(1 if bad or total != 9543 else 0)
PY

"$NEWSMILL" run --quiet --ops sentiment -t 2 -o "$NM_TMP/builtin" "$NM_TMP/in.jsonl" \
    || fail "run with the built-in lexicon failed"
[ "$(wc -l < "$NM_TMP/builtin/docs.jsonl")" -eq 9543 ] || fail "built-in run lost documents"
echo "VADER mode bit-exact on all 9,543 snippets"
