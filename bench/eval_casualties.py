#!/usr/bin/env python3
"""eval_casualties.py: mention-level scores of the casualties operator on
hand-annotated headlines (../shared/casualty/ucdp_headlines_dev.jsonl).

Runs `newsmill run --ops casualties` over the headlines' text and compares,
per headline, the multiset of (category, count) pairs it reports with the
annotated one (count null for a vague word; the gold's casualties_ambiguous
is newsmill's casualties). Prints precision, recall, F1, and the share of
matched mentions whose qualifier agrees; --killed restricts both sides to
killed figures (the naive-regex reference: F1 0.77); --errors lists the
headlines that differ. Exit 1 when F1 is below --min-f1. Standard library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

CAT_MAP = {"casualties_ambiguous": "casualties"}


def pairs(mentions, killed_only):
    out = []
    for m in mentions:
        cat = CAT_MAP.get(m["category"], m["category"])
        if killed_only and cat != "killed":
            continue
        out.append((cat, m.get("count"), m.get("qualifier")))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newsmill", default=os.environ.get("NEWSMILL", "newsmill"))
    ap.add_argument("--data", default=None, help="the annotated JSONL (default: "
                    "$NEWSMILL_SHARED or ../shared, casualty/ucdp_headlines_dev.jsonl)")
    ap.add_argument("--killed", action="store_true", help="killed figures only")
    ap.add_argument("--errors", action="store_true", help="list the headlines that differ")
    ap.add_argument("--min-f1", type=float, default=None)
    a = ap.parse_args()
    data = a.data
    if data is None:
        here = os.path.dirname(os.path.abspath(__file__))
        shared = os.environ.get("NEWSMILL_SHARED", os.path.join(here, "..", "..", "shared"))
        data = os.path.join(shared, "casualty", "ucdp_headlines_dev.jsonl")
    gold = [json.loads(l) for l in open(data, encoding="utf-8") if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for g in gold:
                f.write(json.dumps({"id": g["id"], "text": g["text"]}) + "\n")
        out = os.path.join(tmp, "out")
        subprocess.run([a.newsmill, "run", "--quiet", "--ops", "casualties", "-t", "1",
                        "-o", out, inp], check=True)
        got = {}
        with open(os.path.join(out, "docs.jsonl"), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                got[d["id"]] = d["casualties"]["mentions"]
    tp = fp = fn = qual_ok = 0
    for g in gold:
        gp = pairs(g["mentions"], a.killed)
        sp = pairs(got.get(g["id"], []), a.killed)
        gc = collections.Counter((c, n) for c, n, _ in gp)
        sc = collections.Counter((c, n) for c, n, _ in sp)
        match = gc & sc
        t = sum(match.values())
        tp += t
        fp += sum(sc.values()) - t
        fn += sum(gc.values()) - t
        # qualifiers: pair matched mentions in order of appearance
        gq = collections.defaultdict(list)
        for c, n, q in gp:
            gq[(c, n)].append(q)
        for c, n, q in sp:
            if gq.get((c, n)):
                qual_ok += gq[(c, n)].pop(0) == q
        if a.errors and (gc != sc):
            print("%s: %s\n   gold %s\n   got  %s" % (g["id"], g["text"][:120],
                  sorted(gc.elements(), key=str), sorted(sc.elements(), key=str)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    qa = qual_ok / tp if tp else 0.0
    print("headlines %d  %s  tp %d fp %d fn %d  P %.3f R %.3f F1 %.3f  qualifier %.3f"
          % (len(gold), "killed" if a.killed else "all", tp, fp, fn, p, r, f1, qa))
    if a.min_f1 is not None and f1 < a.min_f1:
        print("F1 %.3f below %.3f" % (f1, a.min_f1), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
