#!/usr/bin/python3
"""plot_bench.py: draw the benchmark plots from a results JSON, without measuring.

    /usr/bin/python3 bench/plot_bench.py [bench/results/latest.json]

Writes, beside the JSON (names from run_bench.plot_files: plain for `latest`,
NAME-prefixed otherwise):
  throughput.svg  MB/s of input JSONL of each operator alone and of all operators
                  together (the `operators` suite), grouped by thread count, one
                  panel per corpus;
  baselines.svg   how many times faster newsmill is than each baseline measured
                  in the same run (baseline median wall / newsmill median wall), at
                  each thread count, on a log scale.
run_bench.py calls it at the end of a run; run it alone to redraw after a change
of style. Needs matplotlib (Debian python3-matplotlib; Agg backend, no display);
without it, says so and exits 0, since plots are an extra, not the results.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402  (plot_files, matrix_rows, baseline_pairs: one definition)

THREAD_COLOURS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"]


def _setup():
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    # Stable SVG bytes from the same JSON: fixed ids, no date stamp.
    matplotlib.rcParams["svg.hashsalt"] = "newsmill-bench"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    return plt


def _save(plt, fig, path):
    fig.savefig(path, format=os.path.splitext(path)[1][1:], bbox_inches="tight",
                metadata={"Date": None} if path.endswith(".svg") else None)
    plt.close(fig)
    print(f"wrote {path}")


def _title(res, what):
    mc = res.get("machine") or {}
    return (f"{what}\nbench run '{res.get('name')}', {mc.get('date', '?')[:10]}, "
            f"{mc.get('cores_usable', '?')} cores, median of {res.get('repeat', '?')} runs")


def plot_throughput(plt, res, path):
    """Grouped bars: x = operator (then `all`), one bar per thread count; a panel per corpus."""
    mx = run_bench.matrix_rows(res)
    if not mx:
        return False
    threads = res.get("threads") or [1, 2]
    corpora = list(dict.fromkeys(c for c, _ in mx))
    fig, axes = plt.subplots(1, len(corpora), figsize=(5.5 * len(corpora), 4.2), squeeze=False)
    for ax, corpus in zip(axes[0], corpora):
        ops = [op for c, op in mx if c == corpus]
        width = 0.8 / len(threads)
        for k, t in enumerate(threads):
            xs, ys = [], []
            for i, op in enumerate(ops):
                m = mx[(corpus, op)].get(t)
                if m and m.get("mb_per_s"):
                    xs.append(i + (k - (len(threads) - 1) / 2) * width)
                    ys.append(m["mb_per_s"])
            bars = ax.bar(xs, ys, width, label=f"{t} thread{'s' if t != 1 else ''}",
                          color=THREAD_COLOURS[k % len(THREAD_COLOURS)])
            ax.bar_label(bars, labels=[f"{y:.0f}" if y >= 10 else f"{y:.1f}" for y in ys],
                         fontsize=7, padding=1)
        ax.set_xticks(range(len(ops)))
        ax.set_xticklabels(ops, rotation=20)
        ax.set_ylabel("MB/s of input JSONL")
        mb = next((m.get("input_bytes") for by_t in mx.values() for m in by_t.values()
                   if m.get("corpus") == corpus and m.get("input_bytes")), None)
        ax.set_title(corpus + (f" ({mb / 1e6:.1f} MB)" if mb else ""), fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        ax.margins(y=0.12)
    axes[0][0].legend(fontsize=8)
    fig.suptitle(_title(res, "newsmill throughput: each operator alone, and all together"),
                 fontsize=10)
    fig.tight_layout()
    _save(plt, fig, path)
    return True


def plot_baselines(plt, res, path):
    """Horizontal grouped bars, log scale: baseline wall / newsmill wall per thread count."""
    pairs = [e for e in run_bench.baseline_pairs(res) if e["ratios"]]
    if not pairs:
        return False
    threads = res.get("threads") or [1, 2]
    labels = []
    for e in pairs:
        b = e["baseline"]
        rec = " [recorded]" if b.get("status") == "recorded" else ""
        name = b["label"].replace(" [recorded, not run]", "")
        labels.append(f"{name}{rec}\nvs {e['newsmill_label']} ({e['corpus']})")
    fig, ax = plt.subplots(figsize=(12, 0.75 * len(pairs) + 1.6))
    height = 0.8 / len(threads)
    top = 1.0
    for k, t in enumerate(threads):
        ys, xs = [], []
        for i, e in enumerate(pairs):
            r = e["ratios"].get(t)
            if r:
                ys.append(i + (k - (len(threads) - 1) / 2) * height)
                xs.append(r)
                top = max(top, r)
        bars = ax.barh(ys, xs, height, label=f"newsmill, {t} thread{'s' if t != 1 else ''}",
                       color=THREAD_COLOURS[k % len(THREAD_COLOURS)])
        ax.bar_label(bars, labels=[f"{x:.1f}×" if x < 100 else f"{x:.0f}×" for x in xs],
                     fontsize=7, padding=2)
    ax.set_xscale("log")
    ax.set_xlim(right=top * 3)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(pairs)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("baseline wall ÷ newsmill wall (log scale; > 1: newsmill is faster)")
    ax.grid(axis="x", alpha=0.3, which="both")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(_title(res, "newsmill against the baselines, same machine, same run"),
                 fontsize=10)
    fig.tight_layout()
    _save(plt, fig, path)
    return True


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    src = argv[1] if len(argv) == 2 else os.path.join(run_bench.BENCH_DIR, "results",
                                                      "latest.json")
    try:
        with open(src, encoding="utf-8") as f:
            res = json.load(f)
    except (OSError, ValueError) as e:
        print(f"plot_bench.py: cannot read {src}: {e}", file=sys.stderr)
        return 1
    plt = _setup()
    if plt is None:
        print("plot_bench.py: matplotlib is not installed (Debian: python3-matplotlib; "
              "tools/install-deps.sh --bench): plots skipped.", file=sys.stderr)
        return 0
    out = os.path.dirname(os.path.abspath(src))
    files = run_bench.plot_files(res.get("name", "latest"))
    for kind, draw in (("throughput", plot_throughput), ("baselines", plot_baselines)):
        path = os.path.join(out, files[kind])
        if not draw(plt, res, path):
            # No data for it in this run: drop a stale plot rather than show old figures.
            if os.path.exists(path):
                os.remove(path)
            print(f"plot_bench.py: no {kind} data in {src}: {files[kind]} not drawn.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
