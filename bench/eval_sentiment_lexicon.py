#!/usr/bin/env python3
"""eval_sentiment_lexicon.py: how well newsmill's sentiment scores agree with human ratings.

Reads the rated snippet sets in SHARED/sentiment/groundtruth/ (every *_GroundTruth.txt there:
`id TAB mean-rating TAB text`, CRLF line ends), scores each snippet as one document with
`newsmill run --ops sentiment --set sentiment.unit=doc`, and reports Pearson r between the
document's compound and the human mean rating, per set:
  - with the built-in lexicon (ops/sentiment/lexicon/news_lexicon.tsv, embedded in the program),
    or with --lexicon FILE to try an edited copy before rebuilding;
  - with VADER's own lexicon and emoji lexicon from SHARED/sentiment, for comparison
    (VADER's published figures: tweets 0.872, NYT editorial snippets 0.503).
Further rated sets dropped into the groundtruth folder (e.g. movie or product review
snippets) are picked up by name. --min SET=R makes the exit status 1 when a set's built-in
r falls below R (used by tests/shared/sentiment_lexicon_eval.sh).
--lint FILE checks a tsv lexicon against the built-in lexicon's rules instead (format, scale,
lower case, no duplicates, no booster or negation words, reachable tokens) and prints its
size by section. Python 3 standard library.

usage: eval_sentiment_lexicon.py --newsmill BUILD/newsmill [--shared ../shared]
                                 [--lexicon FILE] [--no-vader] [--json OUT]
                                 [--min tweets=0.75 --min nytEditorialSnippets=0.45]
       eval_sentiment_lexicon.py --lint ops/sentiment/lexicon/news_lexicon.tsv
"""
import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys
import tempfile

SUFFIX = "_GroundTruth.txt"

# The scorer's rule words (../shared/specs/vader.md 2.2): boosters, dampeners and negations
# act through rules, so a lexicon entry for one would change what the rules do.
RULE_WORDS = set("""
absolutely amazingly awfully completely considerable considerably decidedly deeply effing
enormous enormously entirely especially exceptional exceptionally extreme extremely fabulously
flipping flippin frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin
fugging greatly hella highly hugely incredible incredibly intensely major majorly more most
particularly purely quite really remarkably so substantially thoroughly total totally tremendous
tremendously uber unbelievably unusually utter utterly very
almost barely hardly kinda kindof kind-of less little marginal marginally occasional
occasionally partly scarce scarcely slight slightly somewhat sorta sortof sort-of
aint arent cannot cant couldnt darent didnt doesnt dont hadnt hasnt havent isnt mightnt mustnt
neither neednt never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent
without wont wouldnt uh-uh rarely seldom despite no but least
""".split()) | {"just enough", "kind of", "sort of"}
EDGE_PUNCT = set("""!"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~""")


def vader_strip(tok):
    """VADER's token rule: strip edge punctuation unless that leaves 2 code points or fewer."""
    s = tok
    while s and s[0] in EDGE_PUNCT:
        s = s[1:]
    while s and s[-1] in EDGE_PUNCT:
        s = s[:-1]
    return tok if len(s) <= 2 else s


def lint_lexicon(path):
    """Checks a tsv lexicon; prints problems and per-section counts; returns the problem count."""
    problems = 0
    seen = {}
    sections = []
    kinds = {"words": 0, "phrases": 0, "positive": 0, "negative": 0}
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = f"{path}:{ln}"
            if line.startswith("# == "):
                sections.append([line[5:].rsplit(" [", 1)[0], 0])
                continue
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 2:
                print(f"{where}: expected token TAB valence"); problems += 1; continue
            key, val = fields
            if not re.fullmatch(r"-?[0-4]\.[0-9]", val) or not -4 <= float(val) <= 4 \
                    or float(val) == 0:
                print(f"{where}: valence {val!r} is not a nonzero x.y in [-4, 4]"); problems += 1
            if key != key.lower() or key != key.strip() or "  " in key or not key:
                print(f"{where}: key {key!r} is not lower case, trimmed, single-spaced"); problems += 1
            if key in seen:
                print(f"{where}: duplicate of line {seen[key]}: {key!r}"); problems += 1
                continue
            seen[key] = ln
            words = key.split(" ")
            if key in RULE_WORDS or (len(words) == 1 and "n't" in key):
                print(f"{where}: {key!r} is a booster or negation: the rules handle it"); problems += 1
            for w in words:
                if vader_strip(w) != w:
                    print(f"{where}: {key!r} can never match (tokens lose edge punctuation)")
                    problems += 1
                    break
            kinds["phrases" if len(words) > 1 else "words"] += 1
            kinds["positive" if float(val) > 0 else "negative"] += 1
            if sections:
                sections[-1][1] += 1
    for name, count in sections:
        print(f"{count:6d}  {name}")
    print(f"{len(seen):6d}  entries: {kinds['words']} words, {kinds['phrases']} phrases; "
          f"{kinds['positive']} positive, {kinds['negative']} negative; {problems} problems")
    return problems


def read_groundtruth(path):
    """Yields (id, rating, text); the file is CRLF-separated with no final newline."""
    with open(path, "rb") as f:
        data = f.read().decode("utf-8")
    for ln, line in enumerate(data.split("\r\n"), 1):
        if not line:
            continue
        fields = line.split("\t", 2)
        if len(fields) != 3:
            raise ValueError(f"{path}:{ln}: expected id TAB rating TAB text")
        yield fields[0], float(fields[1]), fields[2]


def pearson(x, y):
    n = len(x)
    mx = math.fsum(x) / n
    my = math.fsum(y) / n
    sxy = math.fsum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = math.fsum((a - mx) ** 2 for a in x)
    syy = math.fsum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return float("nan")
    return sxy / math.sqrt(sxx * syy)


def score_all(newsmill, docs_path, workdir, extra_sets):
    """Runs newsmill once over every snippet; returns {doc id: compound}."""
    out = os.path.join(workdir, "out")
    cmd = [newsmill, "run", "--quiet", "--ops", "sentiment", "--set", "sentiment.unit=doc",
           "-o", out]
    for s in extra_sets:
        cmd += ["--set", s]
    cmd.append(docs_path)
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"eval_sentiment_lexicon: {' '.join(cmd)} failed ({res.returncode}):\n{res.stderr}")
    scores = {}
    with open(os.path.join(out, "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            scores[d["id"]] = d["sentiment"]["compound"]
    return scores


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newsmill", help="the newsmill program")
    ap.add_argument("--lint", metavar="FILE", help="check a tsv lexicon file and exit")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--shared", default=os.environ.get("NEWSMILL_SHARED",
                                                       os.path.join(here, "..", "..", "shared")),
                    help="the shared data directory (default: $NEWSMILL_SHARED or ../shared)")
    ap.add_argument("--lexicon", help="score with this lexicon file instead of the built-in one")
    ap.add_argument("--no-vader", action="store_true", help="skip the VADER-lexicon comparison")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--min", action="append", default=[], metavar="SET=R",
                    help="fail (exit 1) when SET's r with our lexicon is below R")
    args = ap.parse_args()
    if args.lint:
        return 1 if lint_lexicon(args.lint) else 0
    if not args.newsmill:
        ap.error("--newsmill is required (or --lint FILE)")

    gt_dir = os.path.join(args.shared, "sentiment", "groundtruth")
    files = sorted(glob.glob(os.path.join(gt_dir, "*" + SUFFIX)))
    if not files:
        sys.exit(f"eval_sentiment_lexicon: no *{SUFFIX} in {gt_dir}")
    sets = {}  # name -> [(doc id, rating)]
    with tempfile.TemporaryDirectory(prefix="nm-lexeval.") as tmp:
        docs = os.path.join(tmp, "snippets.jsonl")
        with open(docs, "w", encoding="utf-8") as f:
            for path in files:
                name = os.path.basename(path)[:-len(SUFFIX)]
                rows = sets.setdefault(name, [])
                for sid, rating, text in read_groundtruth(path):
                    doc_id = f"{name}:{sid}"
                    rows.append((doc_id, rating))
                    f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")

        runs = {"newsmill": []}
        if args.lexicon:
            runs["newsmill"] = [f"sentiment.lexicon={os.path.abspath(args.lexicon)}",
                                "sentiment.format=tsv"]
        if not args.no_vader:
            sdir = os.path.join(args.shared, "sentiment")
            runs["vader"] = [f"sentiment.lexicon={os.path.join(sdir, 'vader_lexicon.txt')}",
                             f"sentiment.emoji={os.path.join(sdir, 'emoji_utf8_lexicon.txt')}"]
        results = {}
        for label, extra in runs.items():
            wd = os.path.join(tmp, label)
            os.mkdir(wd)
            scores = score_all(args.newsmill, docs, wd, extra)
            for name, rows in sets.items():
                pred = [scores[d] for d, _ in rows]
                gold = [r for _, r in rows]
                results.setdefault(name, {"n": len(rows)})[label] = {
                    "r": pearson(pred, gold),
                    "scored": sum(1 for p in pred if p != 0.0) / len(pred),
                }

    lex_label = args.lexicon or "built-in news lexicon"
    print(f"Pearson r of compound (unit=doc) with the human mean ratings; 'scored' = share of "
          f"snippets with a non-zero compound.\nours: {lex_label}")
    head = f"{'set':<24}{'n':>7}{'r ours':>9}{'scored':>8}"
    if not args.no_vader:
        head += f"{'r VADER':>9}{'scored':>8}"
    print(head)
    for name, res in results.items():
        line = f"{name:<24}{res['n']:>7}{res['newsmill']['r']:>9.4f}{res['newsmill']['scored']:>8.3f}"
        if "vader" in res:
            line += f"{res['vader']['r']:>9.4f}{res['vader']['scored']:>8.3f}"
        print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"lexicon": lex_label, "sets": results}, f, indent=2)
            f.write("\n")

    status = 0
    for spec in args.min:
        name, _, bound = spec.partition("=")
        if name not in results:
            print(f"FAIL: no rated set named {name!r} in {gt_dir}", file=sys.stderr)
            status = 1
            continue
        r = results[name]["newsmill"]["r"]
        if not r >= float(bound):
            print(f"FAIL: {name}: r = {r:.4f} < {float(bound)}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
