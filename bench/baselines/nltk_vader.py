#!/usr/bin/python3
"""nltk_vader.py: the NLTK baseline for newsmill's `sentiment` operator.

What a user would otherwise write: read the articles of a .jsonl.zst corpus
(`zstd -dc` + json.loads per line), score each whole text with NLTK's VADER
(nltk.sentiment.vader.SentimentIntensityAnalyzer.polarity_scores) using the
given VADER lexicon file, and write one JSON line per document:
{"id", "neg", "neu", "pos", "compound"}. The same work as
`newsmill run --ops sentiment --set sentiment.unit=doc --set sentiment.lexicon=LEXICON`.

NLTK's port has no emoji lexicon and differs from vaderSentiment 3.3 in a few
rules, so its scores may differ slightly; the work per document is the same.

Usage: nltk_vader.py LEXICON INPUT.jsonl.zst OUT.jsonl
"""
import json
import subprocess
import sys

from nltk.sentiment.vader import SentimentIntensityAnalyzer


class Analyzer(SentimentIntensityAnalyzer):
    def make_lex_dict(self):
        # NLTK's loader stops at an empty line; the reference file ends with one.
        lex = {}
        for line in self.lexicon_file.split("\n"):
            if line.strip():
                word, measure = line.strip().split("\t")[0:2]
                lex[word] = float(measure)
        return lex


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: nltk_vader.py LEXICON INPUT.jsonl.zst OUT.jsonl")
    lexicon, path, out = sys.argv[1:]
    sia = Analyzer(lexicon_file="file:" + lexicon)
    proc = subprocess.Popen(["zstd", "-dc", "--", path], stdout=subprocess.PIPE)
    with open(out, "w", encoding="utf-8", buffering=1 << 20) as f:
        for line in proc.stdout:
            doc = json.loads(line)
            s = sia.polarity_scores(doc["text"])
            f.write(json.dumps({"id": doc.get("id"), "neg": s["neg"], "neu": s["neu"],
                                "pos": s["pos"], "compound": s["compound"]}) + "\n")
    if proc.wait() != 0:
        sys.exit(f"nltk_vader.py: zstd -dc {path} failed (exit {proc.returncode})")


if __name__ == "__main__":
    main()
