#!/usr/bin/env bash
# notebook_tour.sh: executes notebooks/newsmill_tour.ipynb, as a user would, on a fresh run
# of the sample corpus, and fails if any cell raises or a figure cell (tagged `figure`)
# draws nothing. Skips (77) when jupyter-nbconvert, pandas, matplotlib or ipykernel is
# missing: tools/install-deps.sh installs them (python3-pandas python3-matplotlib
# jupyter-nbconvert python3-ipykernel).
set -euo pipefail
: "${NEWSMILL:?set NEWSMILL to the newsmill binary (ctest does)}"
: "${NM_SOURCE_DIR:?set NM_SOURCE_DIR to the source tree (ctest does)}"
notebook=$NM_SOURCE_DIR/notebooks/newsmill_tour.ipynb

if ! command -v jupyter-nbconvert >/dev/null 2>&1; then
    echo "skip: jupyter-nbconvert is not installed (tools/install-deps.sh installs it)"
    exit 77
fi
if ! /usr/bin/python3 -c 'import pandas, matplotlib, ipykernel' 2>/dev/null; then
    echo "skip: python3-pandas, python3-matplotlib or python3-ipykernel is missing" \
         "(tools/install-deps.sh installs them)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Keep Jupyter's, IPython's and matplotlib's state out of $HOME: CI may not own it, and
# two test runs at once must not share connection files.
export JUPYTER_RUNTIME_DIR=$tmp/runtime IPYTHONDIR=$tmp/ipython MPLCONFIGDIR=$tmp/mpl \
       JUPYTER_CONFIG_DIR=$tmp/jupyter-config PYDEVD_DISABLE_FILE_VALIDATION=1

out=$tmp/newsmill-out
"$NEWSMILL" run --quiet -o "$out" "$NM_SOURCE_DIR/corpora/sample/sample.jsonl.zst"

# Every operator runs, stance included: the notebook's stance cell fails on a missing
# stance.jsonl, so a run without it fails this test.
[ -s "$out/stance.jsonl" ] || { echo "FAIL: the run wrote no stance.jsonl"; exit 1; }

# nbconvert runs the notebook in its own directory and exits non-zero at the first
# cell that raises, printing the traceback.
NEWSMILL_OUT=$out jupyter-nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --output-dir "$tmp" --output executed.ipynb "$notebook"

/usr/bin/python3 - "$tmp/executed.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
figures = bad = 0
for i, c in enumerate(nb["cells"]):
    if c["cell_type"] != "code":
        continue
    outs = c.get("outputs", [])
    for o in outs:
        if o.get("output_type") == "error":
            print(f"FAIL: cell {i} raised {o.get('ename')}: {o.get('evalue')}")
            bad += 1
    if "figure" in c.get("metadata", {}).get("tags", []):
        figures += 1
        images = [o for o in outs if {"image/png", "image/svg+xml"} & set(o.get("data", {}))]
        if not images:
            first = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            print(f"FAIL: figure cell {i} rendered no image: {first.splitlines()[0]!r}")
            bad += 1
if figures < 5:
    print(f"FAIL: {figures} cells tagged `figure`, expected at least 5")
    bad += 1
if bad:
    sys.exit(1)
print(f"ok: every cell ran; {figures} figure cells, each rendered an image")
PY
