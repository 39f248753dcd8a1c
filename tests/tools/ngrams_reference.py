#!/usr/bin/env python3
"""ngrams_reference.py: an independent reference for the ngrams operator.

Re-implements, from interface.md ("Tokens") and ops/ngrams/README.md alone,
the token rules and the n-gram counting, and writes ngrams.jsonl in the
specified order (n ascending, count descending, ngram bytewise ascending).
Standard library only; .zst inputs are read through `zstd -dc`.

Tokens: maximal runs of code points of general category L, M or N; an
apostrophe (U+0027, U+2019) or hyphen joins two such runs; '.' or ',' joins
two decimal digits (Nd). The form is each code point's simple lower case
(the one code point of c.lower(), or its first when it expands) with U+2019
written as U+0027.

Only span=doc is implemented: sentence boundaries follow the engine's own
rules (docs/analysis.md), which this script deliberately does not copy.

usage: ngrams_reference.py [--min-n 1] [--max-n 3] [--span doc] [--min-count 1]
                           [--top 0] [--stopwords FILE] [--field-text text]
                           [-o OUT] INPUT...
"""
import argparse
import collections
import json
import re
import subprocess
import sys
import unicodedata


def token_class():
    """A regex character class of every L, M, N code point, as ranges."""
    ranges = []
    start = None
    for cp in range(sys.maxunicode + 1):
        ok = unicodedata.category(chr(cp))[0] in "LMN"
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, sys.maxunicode))
    parts = []
    for a, b in ranges:
        parts.append(re.escape(chr(a)) if a == b else re.escape(chr(a)) + "-" + re.escape(chr(b)))
    return "[" + "".join(parts) + "]"


def lower_table():
    table = {}
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        low = c.lower()
        if low != c:
            table[cp] = low[0]
    table[0x2019] = "'"
    return table


def read_lines(path):
    if path == "-":
        data = sys.stdin.buffer.read()
        if data[:4] == b"\x28\xb5\x2f\xfd":
            data = subprocess.run(["zstd", "-dc"], input=data, stdout=subprocess.PIPE,
                                  check=True).stdout
        yield from data.split(b"\n")
        return
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"\x28\xb5\x2f\xfd":
        proc = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
        for line in proc.stdout:
            yield line
        if proc.wait() != 0:
            sys.exit("zstd -dc %s failed" % path)
    else:
        with open(path, "rb") as f:
            yield from f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-n", type=int, default=1)
    ap.add_argument("--max-n", type=int, default=3)
    ap.add_argument("--span", default="doc")
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--top", type=int, default=0)
    ap.add_argument("--stopwords")
    ap.add_argument("--field-text", default="text")
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("inputs", nargs="+")
    a = ap.parse_args()
    if a.span != "doc":
        sys.exit("ngrams_reference.py: only --span doc is implemented (sentence boundaries "
                 "follow the engine's rules in docs/analysis.md)")
    if not 1 <= a.min_n <= a.max_n <= 5:
        sys.exit("need 1 <= min_n <= max_n <= 5")

    tok = token_class()
    token_re = re.compile(r"%s+(?:(?:['\u2019\-]|(?<=\d)[.,](?=\d))%s+)*" % (tok, tok))
    low = lower_table()

    stop = set()
    if a.stopwords:
        with open(a.stopwords, encoding="utf-8") as f:
            for line in f:
                w = line.split("#", 1)[0].strip()
                if w:
                    stop.add(w.translate(low))

    count = collections.Counter()
    docs = collections.Counter()
    for path in a.inputs:
        for raw in read_lines(path):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get(a.field_text), str):
                continue
            text = obj[a.field_text]
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                continue  # lone surrogates: not valid UTF-8 text
            forms = [m.group(0).translate(low) for m in token_re.finditer(text)]
            bad = [f in stop for f in forms]
            seen = set()
            for n in range(a.min_n, a.max_n + 1):
                for i in range(len(forms) - n + 1):
                    if any(bad[i:i + n]):
                        continue
                    g = (n, " ".join(forms[i:i + n]))
                    count[g] += 1
                    seen.add(g)
            for g in seen:
                docs[g] += 1

    rows = [(n, -c, g.encode("utf-8"), g, docs[(n, g)])
            for (n, g), c in count.items() if c >= a.min_count]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", newline="\n")
    per_n = collections.Counter()
    w = out.write
    for n, negc, _, g, d in rows:
        if a.top and per_n[n] >= a.top:
            continue
        per_n[n] += 1
        w('{"ngram":%s,"n":%d,"count":%d,"docs":%d}\n'
          % (json.dumps(g, ensure_ascii=False), n, -negc, d))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
