#!/usr/bin/python3
"""sklearn_ngrams.py: the scikit-learn baseline for newsmill's `ngrams` operator.

What a user would otherwise write: read the articles of a .jsonl.zst corpus
(`zstd -dc` + json.loads per line), count every 1..N-gram with
CountVectorizer(ngram_range=(1, N)) over each whole document, and write, for
every n-gram, its total count and its document frequency to OUT, so that the
work is comparable with `newsmill run --ops ngrams --set ngrams.span=doc`
(which also writes every n-gram with count and docs).

CountVectorizer keeps its defaults on purpose (lowercase, token_pattern
r"(?u)\\b\\w\\w+\\b", i.e. one-character tokens are dropped): that is the call
the recorded 296 s / 8 GB figure on allsides37k was measured with.

Usage: sklearn_ngrams.py INPUT.jsonl.zst OUT.tsv [--max-n N] [--field text]
OUT: one line per n-gram, "ngram<TAB>n<TAB>count<TAB>docs", in the vocabulary's
(alphabetical) order, which is what CountVectorizer produces.
"""
import argparse
import json
import subprocess
import sys

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer


def read_texts(path, field):
    """Texts of every line, decompressed by the zstd CLI as a user would."""
    proc = subprocess.Popen(["zstd", "-dc", "--", path], stdout=subprocess.PIPE)
    texts = [json.loads(line)[field] for line in proc.stdout]
    if proc.wait() != 0:
        sys.exit(f"sklearn_ngrams.py: zstd -dc {path} failed (exit {proc.returncode})")
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--max-n", type=int, default=3)
    ap.add_argument("--field", default="text")
    a = ap.parse_args()

    texts = read_texts(a.input, a.field)
    cv = CountVectorizer(ngram_range=(1, a.max_n))
    X = cv.fit_transform(texts).tocsr()
    del texts
    X.sum_duplicates()  # one entry per (document, n-gram): bincount below is the df
    counts = np.asarray(X.sum(axis=0)).ravel()
    docs = np.bincount(X.indices, minlength=X.shape[1])
    names = cv.get_feature_names_out()
    with open(a.out, "w", encoding="utf-8", buffering=1 << 20) as f:
        for gram, c, d in zip(names, counts.tolist(), docs.tolist()):
            f.write(f"{gram}\t{gram.count(' ') + 1}\t{c}\t{d}\n")


if __name__ == "__main__":
    main()
