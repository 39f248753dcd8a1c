#!/usr/bin/env python3
"""eval_stance_newsmtsc.py: the stance operator's given-target scorer on NewsMTSC.

NewsMTSC (../shared/stance/newsmtsc/, read here, never copied) gives one target
per line: {"id", "sentence", "mention", "from", "to", "polarity"}, from/to being
code point offsets. Each target is scored either through the test driver
tests/tools/stance_context_check (--driver; stance_context_score on the
sentence alone) or end to end through `newsmill run --ops stance` (--newsmill),
one document per sentence with a `targets` array of byte spans, reading the
`stance.targets` field of docs.jsonl. Reports, per set, macro-F1 over
negative/neutral/positive, per-class precision/recall/F1 and the confusion
matrix. --sweep also searches the neutral band on the first set and reports
every set with it (for tuning; the scorer's own band is what counts).
--min-f1 SET=X fails (exit 1) when SET's macro-F1 is below X. Standard library only.

  python3 bench/eval_stance_newsmtsc.py --driver build/tests/stance_context_check
  python3 bench/eval_stance_newsmtsc.py --newsmill build/newsmill --sets dev_rw
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

LABELS = (-1, 0, 1)
NAMES = {-1: "negative", 0: "neutral", 1: "positive"}
LABEL_OF = {"negative": -1, "neutral": 0, "positive": 1}


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                s = r["sentence"]
                r["bstart"] = len(s[:r["from"]].encode("utf-8"))
                r["bend"] = len(s[:r["to"]].encode("utf-8"))
                rows.append(r)
    return rows


def esc(t):
    return t.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def run_driver(drv, rows):
    inp = "".join(f"{esc(r['sentence'])}\t{r['bstart']}\t{r['bend']}\n" for r in rows)
    out = subprocess.run([drv], input=inp, capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.split("\n")[:len(rows)]:
        if line.startswith("ERROR"):
            raise SystemExit(f"driver: {line}")
        s, lab = line.split("\t")
        res.append((float(s), int(lab)))
    return res


def run_operator(nm, rows, threads):
    # One document per distinct sentence, every target of it in one `targets` array.
    docs, where = {}, []
    for r in rows:
        d = docs.setdefault(r["sentence"], {"id": f"s{len(docs)}", "text": r["sentence"], "targets": []})
        where.append((d["id"], len(d["targets"])))
        d["targets"].append({"start": r["bstart"], "end": r["bend"]})
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for d in docs.values():
                f.write(json.dumps(d) + "\n")
        out = os.path.join(tmp, "out")
        subprocess.run([nm, "run", "--quiet", "--ops", "stance", "-t", str(threads), "-o", out, inp],
                       check=True)
        got = {}
        with open(os.path.join(out, "docs.jsonl"), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                got[d["id"]] = d["stance"]["targets"]
    res = []
    for doc_id, k in where:
        t = got[doc_id][k]
        res.append((float(t["score"]), LABEL_OF[t["label"]]))
    return res


def metrics(gold, pred):
    conf = {(g, p): 0 for g in LABELS for p in LABELS}
    for g, p in zip(gold, pred):
        conf[(g, p)] += 1
    per = {}
    for c in LABELS:
        tp = conf[(c, c)]
        np_ = sum(conf[(g, c)] for g in LABELS)
        ng = sum(conf[(c, p)] for p in LABELS)
        pr = tp / np_ if np_ else 0.0
        rc = tp / ng if ng else 0.0
        per[c] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return sum(per[c][2] for c in LABELS) / 3, per, conf


def band_label(s, lo, hi):
    return -1 if s < lo else 1 if s > hi else 0


def sweep(gold, scores):
    best = (-1.0, 0.0, 0.0)
    grid = [x / 200 for x in range(-100, 101)]
    for lo in grid:
        for hi in grid:
            if hi < lo:
                continue
            f = metrics(gold, [band_label(s, lo, hi) for s in scores])[0]
            if f > best[0]:
                best = (f, lo, hi)
    return best


def report(name, gold, pred):
    f1, per, conf = metrics(gold, pred)
    print(f"{name}: n={len(gold)} macro-F1 {f1:.4f}")
    for c in LABELS:
        p, r, f = per[c]
        print(f"  {NAMES[c]:8s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print("  gold\\pred " + " ".join(f"{NAMES[c][:3]:>5s}" for c in LABELS))
    for g in LABELS:
        print(f"  {NAMES[g]:9s} " + " ".join(f"{conf[(g, p)]:5d}" for p in LABELS))
    return f1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--driver", default=os.environ.get("STANCE_CONTEXT_CHECK"))
    ap.add_argument("--newsmill", default=None, help="score through `newsmill run --ops stance`")
    ap.add_argument("--data", default=None, help="the NewsMTSC folder (default: "
                    "$NEWSMILL_SHARED or ../shared, stance/newsmtsc)")
    ap.add_argument("--sets", default="train,dev_mt,dev_rw")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sweep", action="store_true", help="tune the neutral band on the first set")
    ap.add_argument("--errors", default=None, help="write the mispredicted targets of every set here")
    ap.add_argument("--min-f1", action="append", default=[], metavar="SET=X")
    a = ap.parse_args()
    data = a.data
    if data is None:
        here = os.path.dirname(os.path.abspath(__file__))
        shared = os.environ.get("NEWSMILL_SHARED", os.path.join(here, "..", "..", "shared"))
        data = os.path.join(shared, "stance", "newsmtsc")
    if not a.newsmill and not a.driver:
        raise SystemExit("give --driver or --newsmill")
    results, band = {}, None
    errf = open(a.errors, "w", encoding="utf-8") if a.errors else None
    for name in a.sets.split(","):
        rows = load(os.path.join(data, name + ".jsonl"))
        res = run_operator(a.newsmill, rows, a.threads) if a.newsmill else run_driver(a.driver, rows)
        gold = [r["polarity"] for r in rows]
        results[name] = report(name, gold, [lab for _, lab in res])
        scores = [s for s, _ in res]
        if a.sweep:
            if band is None:
                f, lo, hi = sweep(gold, scores)
                band = (lo, hi)
                print(f"  sweep on {name}: band ({lo}, {hi}) macro-F1 {f:.4f}")
            f = metrics(gold, [band_label(s, *band) for s in scores])[0]
            print(f"  with band {band}: macro-F1 {f:.4f}")
        if errf:
            for r, (s, lab) in zip(rows, res):
                if lab != r["polarity"]:
                    errf.write(f"{name}\t{r['polarity']}\t{lab}\t{s:.3f}\t{r['mention']}\t{r['sentence']}\n")
    status = 0
    for spec in a.min_f1:
        name, x = spec.split("=")
        if name in results and results[name] < float(x):
            print(f"FAIL: {name} macro-F1 {results[name]:.4f} < {x}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
