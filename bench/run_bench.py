#!/usr/bin/python3
"""run_bench.py: newsmill's benchmark harness, baselines measured in the same run.

One command runs the suites (ingest, ngrams, sentiment, sentiment_snippets, and
operators: every operator `newsmill ops` lists, alone and all together, at 1 and 2
threads) with their baselines, writes bench/results/<name>.json (every figure, the
machine, the exact commands) and bench/results/<name>.md (summary tables, then
one section per suite), then draws the plots with bench/plot_bench.py.
`--readme` rewrites README.md's performance section from a results JSON.

Each command is measured as a whole process: wall seconds (median of --repeat runs, with min and max), peak RSS
(from wait4's rusage: the largest single process of a pipeline), MB/s of
uncompressed JSONL and of text-field bytes, docs/s. A benchmark is never a
pass/fail test: the harness reports, it does not judge (exit 0 unless it could
not run at all).

Adding a suite: write a function taking the Bench context, decorate it with
@suite("name", "one-line title"), and call b.newsmill(...) / b.command(...) /
b.compare(...) in it; see the suites at the end and bench/README.md.

Run with the Debian python (/usr/bin/python3), where python3-sklearn lives.
Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
BASELINES = os.path.join(BENCH_DIR, "baselines")
PYTHON = "/usr/bin/python3"  # the Debian python: python3-sklearn, python3-nltk

# Corpora bigger than this many JSONL bytes count as "big": fewer repeats by default.
BIG_BYTES = 100_000_000


# ---------------------------------------------------------------------------
# Suite registry

SUITES = {}


def suite(name, title, default=True):
    """Register a suite: fn(b) measures things through the Bench context b.
    Suites run in registration order; --only picks some by name. A suite with
    default=False runs only when --only names it (a subset another suite covers)."""

    def register(fn):
        if name in SUITES:
            raise ValueError(f"suite {name} registered twice")
        SUITES[name] = {"name": name, "title": title, "fn": fn, "default": default,
                        "doc": " ".join((fn.__doc__ or "").split())}
        return fn

    return register


# ---------------------------------------------------------------------------
# Small helpers


def read_text(path, default=""):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return default


def first_line(argv):
    """First line of a command's output, or None when it cannot run."""
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else None


def count_lines(path):
    """Lines of a (possibly large) output file, read in blocks."""
    n = 0
    try:
        with open(path, "rb") as f:
            while True:
                block = f.read(1 << 22)
                if not block:
                    break
                n += block.count(b"\n")
    except OSError:
        return None
    return n


def fmt_s(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}" if x >= 1 else f"{x:.3f}"


def fmt_rate(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def fmt_mb(kb):
    return "–" if kb is None else f"{kb / 1024:,.0f}"


def median(xs):
    return statistics.median(xs) if xs else None


# ---------------------------------------------------------------------------
# The machine


def machine_info(newsmill):
    cpu = None
    for line in read_text("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = None
    m = re.search(r"^MemTotal:\s+(\d+) kB", read_text("/proc/meminfo"), re.M)
    if m:
        mem_kb = int(m.group(1))
    build = {}
    cache = os.path.join(os.path.dirname(os.path.abspath(newsmill)), "CMakeCache.txt")
    for line in read_text(cache).splitlines():
        for key in ("CMAKE_BUILD_TYPE", "CMAKE_C_COMPILER", "NEWSMILL_SANITIZE"):
            if line.startswith(key + ":"):
                build[key] = line.split("=", 1)[1]
    git = first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip() != ""
    sklearn = first_line([PYTHON, "-c", "import sklearn; print(sklearn.__version__)"])
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gb": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "gcc": first_line(["gcc", "--version"]),
        "newsmill": first_line([newsmill, "--version"]),
        "newsmill_path": os.path.abspath(newsmill),
        "newsmill_build": build,
        "git_commit": (git + ("+uncommitted" if dirty else "")) if git else None,
        "zstd": first_line(["zstd", "--version"]),
        "jq": first_line(["jq", "--version"]),
        "python": first_line([PYTHON, "--version"]),
        "sklearn": sklearn,
        "load_avg_at_start": os.getloadavg(),
    }


# ---------------------------------------------------------------------------
# Corpora: sizes from the corpus README (the same figures for every row of a
# corpus, so newsmill and baselines are divided by the same bytes).


def readme_inventory(shared):
    """{corpus name: {"docs", "jsonl_bytes", "text_bytes"}} from the README table."""
    inv = {}
    row = re.compile(r"^\|\s*(\w+)\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|", re.M)
    for m in row.finditer(read_text(os.path.join(shared, "corpora", "README.md"))):
        inv[m.group(1)] = {"docs": int(m.group(2).replace(",", "")),
                           "jsonl_bytes": int(m.group(3).replace(",", "")),
                           "text_bytes": int(m.group(4).replace(",", ""))}
    return inv


def measure_sizes(path):
    """Fallback for a corpus the README does not list: decompress once, untimed."""
    proc = subprocess.Popen(["zstd", "-dc", "--", path], stdout=subprocess.PIPE)
    docs = jsonl = text = 0
    for line in proc.stdout:
        jsonl += len(line)
        if line.strip():
            docs += 1
            text += len(json.loads(line).get("text", "").encode("utf-8"))
    proc.wait()
    return {"docs": docs, "jsonl_bytes": jsonl, "text_bytes": text}


class Corpus:
    def __init__(self, file, path, sizes, source):
        self.file = file
        self.name = file.split(".", 1)[0]
        self.path = path
        self.docs = sizes["docs"]
        self.jsonl_bytes = sizes["jsonl_bytes"]
        self.text_bytes = sizes["text_bytes"]
        self.sizes_from = source

    @property
    def big(self):
        return self.jsonl_bytes >= BIG_BYTES

    def json(self):
        return {"file": self.file, "path": self.path, "docs": self.docs,
                "jsonl_bytes": self.jsonl_bytes, "text_bytes": self.text_bytes,
                "sizes_from": self.sizes_from}


# ---------------------------------------------------------------------------
# Measuring one process


def busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat)."""
    f = read_text("/proc/stat").split("\n", 1)[0].split()[1:]
    ticks = [int(x) for x in f]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_once(cmd, shell, timeout, stdout_path=None):
    """Run cmd once as a whole process (a pipeline: bash and its children).
    Returns wall seconds, rusage-derived figures, exit status and stderr tail."""
    argv = ["/bin/bash", "-o", "pipefail", "-c", cmd] if shell else cmd
    err = tempfile.TemporaryFile()
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    busy0 = busy_seconds()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    busy = busy_seconds() - busy0
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # wait4 reaped it
    if stdout_path:
        out.close()
    err.seek(0)
    tail = err.read()[-2000:].decode("utf-8", "replace").strip()
    err.close()
    rc = proc.returncode
    if timed_out.is_set():
        problem = f"killed after the {timeout:.0f} s timeout"
    elif rc < 0:
        problem = f"killed by signal {-rc} ({signal.Signals(-rc).name})"
    elif rc != 0:
        problem = f"exit status {rc}"
    else:
        problem = None
    # What the rest of the machine (other users of a shared VM) took meanwhile,
    # in cores: the figure to read before trusting a row.
    others = max(0.0, busy - ru.ru_utime - ru.ru_stime) / wall if wall > 0.5 else None
    return {"wall_s": wall, "maxrss_kb": ru.ru_maxrss, "user_s": ru.ru_utime,
            "sys_s": ru.ru_stime, "others_cores": others, "problem": problem, "stderr": tail}


# ---------------------------------------------------------------------------
# The context a suite works with


class Bench:
    def __init__(self, args, shared, newsmill, work):
        self.args = args
        self.quick = args.quick
        self.shared = shared
        self.newsmill_bin = newsmill
        self.work = work
        self.threads = args.threads
        self.inventory = readme_inventory(shared)
        self.corpora = {}
        self.sections = []
        self.section = None
        self._tools = {}
        self.missing_tools = {}  # tool -> suites that skipped rows for want of it

    # -- what a suite asks for ------------------------------------------------

    def corpus(self, file):
        """A corpus file of $NEWSMILL_SHARED/corpora, or None (noted) when absent."""
        if file in self.corpora:
            return self.corpora[file]
        path = os.path.join(self.shared, "corpora", file)
        c = None
        if self.args.corpora and file.split(".", 1)[0] not in self.args.corpora:
            # Not cached: another section may note it too, which is what a reader wants.
            self.note(f"{file} is not in --corpora: its rows are skipped.")
            return None
        if not os.path.exists(path):
            self.note(f"{file} not found under {self.shared}/corpora: its rows are skipped.")
        else:
            name = file.split(".", 1)[0]
            if name in self.inventory:
                c = Corpus(file, path, self.inventory[name], "corpora/README.md")
            else:
                c = Corpus(file, path, measure_sizes(path), "measured by the harness")
            # Read it once so that every timed run finds it in the page cache.
            with open(path, "rb") as f:
                while f.read(1 << 22):
                    pass
        self.corpora[file] = c
        return c

    def shared_file(self, rel):
        """A data file under the shared directory (a lexicon, say), or None (noted)."""
        path = os.path.join(self.shared, rel)
        if os.path.exists(path):
            return path
        self.note(f"{rel} not found under {self.shared}: the rows that need it are skipped.")
        return None

    def pick(self, full, quick):
        """The corpus file for this run: `quick` under --quick, else `full`."""
        return self.corpus(quick if self.quick else full)

    def have(self, tool, check=None):
        """Whether a tool the baselines need is installed (noted once if not)."""
        if tool not in self._tools:
            ok = shutil.which(tool) is not None if check is None else \
                subprocess.run(check, capture_output=True).returncode == 0
            self._tools[tool] = ok
        if not self._tools[tool]:
            self.missing_tools.setdefault(tool, [])
            # Once per section that wanted it, so each section says what it lacks.
            if self.section["name"] not in self.missing_tools[tool]:
                self.missing_tools[tool].append(self.section["name"])
                self.note(f"{tool} is not installed: the rows that need it are skipped "
                          f"(tools/install-deps.sh --bench installs it).")
        return self._tools[tool]

    def repeats(self, corpus, repeat=None):
        if repeat is not None:
            return repeat
        if corpus.big:
            return min(self.args.repeat, self.args.repeat_big)
        return self.args.repeat

    def note(self, text):
        self.section["notes"].append(text)
        print(f"  note: {text}", flush=True)

    # -- measurements --------------------------------------------------------

    def newsmill(self, key, corpus, threads, label, computes, ops=None, sets=(),
                 extra=(), repeat=None, main_output=None):
        """Measure `newsmill run` on corpus at -t threads. ops: comma list or None for
        the default (every operator); sets: ("op.key=value", ...); main_output: the
        output file whose lines are counted (e.g. "ngrams.jsonl"). run.json's phase
        and per-operator seconds go into the report beside the wall time."""
        if corpus is None:
            return None
        outdir = os.path.join(self.work, key)
        argv = [self.newsmill_bin, "run", "--quiet", "-t", str(threads), "-o", outdir]
        if ops:
            argv += ["--ops", ops]
        for s in sets:
            argv += ["--set", s]
        argv += list(extra) + [corpus.path]
        shown = " ".join(["newsmill", "run", "-t", str(threads)] +
                         (["--ops", ops] if ops else []) +
                         [f"--set {s}" for s in sets] + list(extra) +
                         ["-o", "OUT", corpus.file]).replace(self.shared, "SHARED")

        run_jsons = []

        def before():
            shutil.rmtree(outdir, ignore_errors=True)

        def after(first):
            rj = None
            try:
                with open(os.path.join(outdir, "run.json"), encoding="utf-8") as f:
                    rj = json.load(f)
            except (OSError, ValueError) as e:
                self.note(f"{key}: run.json unreadable ({e})")
            run_jsons.append(rj)
            extra_out = {}
            if first and main_output:
                extra_out["output_lines"] = count_lines(os.path.join(outdir, main_output))
                extra_out["output_file"] = main_output
            if first:
                extra_out["output_bytes"] = sum(
                    os.path.getsize(os.path.join(outdir, f)) for f in os.listdir(outdir)
                ) if os.path.isdir(outdir) else None
            if not self.args.keep_outputs:
                shutil.rmtree(outdir, ignore_errors=True)
            return extra_out

        m = self._measure(key, corpus, "newsmill", threads, label, computes, argv, False,
                          shown, repeat, before, after)
        self._attach_run_json(m, corpus, run_jsons)
        return m

    def command(self, key, corpus, cmd, label, computes, tool, threads="pipe",
                repeat=None, output=None, keys=None):
        """Measure a baseline: cmd is a bash command line (pipefail on). Inside it,
        {in} is the corpus path, {out} an output file in the work directory (its
        lines are counted and it is deleted after), {bl} the baselines folder,
        {py} the Debian python and {shared} the shared data directory; keys adds
        more: {name: (value in the command, how the report shows it)}."""
        if corpus is None:
            return None
        out = os.path.join(self.work, key + ".out")
        keys = keys or {}
        real = cmd.format(**{"in": shlex.quote(corpus.path), "out": shlex.quote(out),
                             "bl": shlex.quote(BASELINES), "py": PYTHON,
                             "shared": shlex.quote(self.shared)},
                          **{k: shlex.quote(v[0]) for k, v in keys.items()})
        shown = cmd.format(**{"in": corpus.file, "out": "OUT", "bl": "bench/baselines",
                              "py": PYTHON, "shared": "SHARED"},
                           **{k: v[1] for k, v in keys.items()})

        def after(first):
            extra_out = {}
            if first and output and os.path.exists(out):
                extra_out = {"output_lines": count_lines(out), "output_bytes": os.path.getsize(out)}
            if os.path.exists(out) and not self.args.keep_outputs:
                os.remove(out)
            return extra_out

        return self._measure(key, corpus, tool, threads, label, computes, real, True, shown,
                             repeat, lambda: None, after)

    def recorded(self, key, corpus_name, label, computes, wall_s, peak_rss_gb, source):
        """A figure measured elsewhere and quoted, not run now (marked as such)."""
        inv = self.inventory.get(corpus_name, {})
        m = {"id": key, "label": label, "computes": computes, "tool": "recorded",
             "corpus": corpus_name, "threads": 1, "recorded": True, "source": source,
             "median_s": wall_s, "min_s": wall_s, "max_s": wall_s, "wall_s": [wall_s],
             "peak_rss_kb": peak_rss_gb * 1024 * 1024 if peak_rss_gb else None,
             "command": None, "status": "recorded"}
        self._rates(m, inv.get("jsonl_bytes"), inv.get("text_bytes"), inv.get("docs"))
        self.section["rows"].append(m)
        return m

    def compare(self, fast, slow, what=None):
        """Speed ratio: slow's median wall / fast's (how many times faster `fast` is)."""
        if not fast or not slow or fast.get("median_s") is None or slow.get("median_s") is None \
                or fast["status"] not in ("ok", "recorded") or slow["status"] not in ("ok", "recorded"):
            return None
        c = {"a": fast["id"], "b": slow["id"], "a_label": fast["label"] + _t(fast),
             "b_label": slow["label"] + _t(slow), "what": what or "",
             "corpus": fast.get("corpus"), "a_tool": fast.get("tool"),
             "b_tool": slow.get("tool"), "a_threads": fast.get("threads"),
             "b_threads": slow.get("threads"),
             "ratio": slow["median_s"] / fast["median_s"] if fast["median_s"] > 0 else None}
        self.section["comparisons"].append(c)
        return c

    def speedup(self, one, two):
        """Thread scaling of the same command: -t 1 wall / -t N wall."""
        return self.compare(two, one, what="thread speed-up")

    def target(self, m, what, max_s=None, max_rss_gb=None):
        """An objective quoted beside a figure; reported, never enforced."""
        if not m or m["status"] != "ok":
            return
        met = []
        if max_s is not None:
            met.append(m["median_s"] <= max_s)
        if max_rss_gb is not None and m.get("peak_rss_kb") is not None:
            met.append(m["peak_rss_kb"] / 1024 / 1024 <= max_rss_gb)
        self.section["targets"].append({
            "id": m["id"], "label": m["label"] + _t(m), "what": what, "max_s": max_s,
            "max_rss_gb": max_rss_gb, "median_s": m["median_s"],
            "peak_rss_gb": m["peak_rss_kb"] / 1024 / 1024 if m.get("peak_rss_kb") else None,
            "met": all(met) if met else None})

    # -- internals -----------------------------------------------------------

    def _measure(self, key, corpus, tool, threads, label, computes, cmd, shell, shown,
                 repeat, before, after):
        n = self.repeats(corpus, repeat)
        m = {"id": key, "label": label, "computes": computes, "tool": tool,
             "corpus": corpus.name, "corpus_file": corpus.file, "threads": threads,
             "command": shown, "repeat": n, "wall_s": [], "status": "ok"}
        print(f"  {key}: {shown}  (x{n})", flush=True)
        runs = []
        for i in range(n):
            before()
            r = run_once(cmd, shell, self.args.timeout)
            m.update(after(i == 0))
            if r["problem"]:
                m["status"] = f"failed: {r['problem']}"
                m["stderr"] = r["stderr"]
                print(f"    FAILED ({r['problem']}): {r['stderr'][-500:]}", flush=True)
                break
            runs.append(r)
            oc = r["others_cores"]
            print(f"    {r['wall_s']:.3f} s, {r['maxrss_kb'] / 1024:.0f} MB"
                  + ("" if oc is None else f", others {oc:.2f} cores"), flush=True)
        m["wall_s"] = [round(r["wall_s"], 4) for r in runs]
        others = [r["others_cores"] for r in runs if r["others_cores"] is not None]
        m["others_cores"] = round(median(others), 2) if others else None
        if runs:
            m["median_s"] = median(m["wall_s"])
            m["min_s"] = min(m["wall_s"])
            m["max_s"] = max(m["wall_s"])
            m["peak_rss_kb"] = max(r["maxrss_kb"] for r in runs)
            m["user_s"] = round(median([r["user_s"] for r in runs]), 3)
            m["sys_s"] = round(median([r["sys_s"] for r in runs]), 3)
            m["cpu_per_wall"] = round((m["user_s"] + m["sys_s"]) / m["median_s"], 2)
            self._rates(m, corpus.jsonl_bytes, corpus.text_bytes, corpus.docs)
            if m["others_cores"] is not None and m["others_cores"] > self.args.busy:
                m["busy"] = True
        self.section["rows"].append(m)
        return m

    @staticmethod
    def _rates(m, jsonl_bytes, text_bytes, docs):
        s = m.get("median_s")
        m["input_bytes"], m["text_bytes"], m["docs"] = jsonl_bytes, text_bytes, docs
        ok = s and s > 0
        m["mb_per_s"] = round(jsonl_bytes / 1e6 / s, 2) if ok and jsonl_bytes else None
        m["text_mb_per_s"] = round(text_bytes / 1e6 / s, 2) if ok and text_bytes else None
        m["docs_per_s"] = round(docs / s, 1) if ok and docs else None

    def _attach_run_json(self, m, corpus, run_jsons):
        rjs = [r for r in run_jsons if r]
        if not rjs:
            return
        last = rjs[-1]
        m["run_json"] = {"newsmill": last.get("newsmill"), "docs": last.get("docs"),
                         "threads": last.get("threads"), "throughput": last.get("throughput"),
                         "seconds": last.get("seconds")}
        # Medians over the runs of newsmill's own phase and operator seconds.
        secs = [r.get("seconds") or {} for r in rjs]
        m["phase_seconds"] = {ph: median([s[ph] for s in secs if ph in s])
                              for ph in ("process", "merge", "emit", "total")
                              if any(ph in s for s in secs)}
        m["internal_total_s"] = m["phase_seconds"].get("total")
        ops = {}
        for s in secs:
            for op, v in (s.get("operators") or {}).items():
                ops.setdefault(op, []).append(v)
        m["op_seconds"] = {op: median(v) for op, v in ops.items()}
        # The same bytes both ways? Otherwise the MB/s of the rows disagree.
        tp, docs = last.get("throughput") or {}, last.get("docs") or {}
        for mine, theirs, what in ((tp.get("input_bytes"), corpus.jsonl_bytes, "JSONL bytes"),
                                   (tp.get("text_bytes"), corpus.text_bytes, "text bytes"),
                                   (docs.get("processed"), corpus.docs, "documents")):
            if mine is not None and mine != theirs:
                self.note(f"{m['id']}: run.json counts {mine:,} {what}, the corpus README "
                          f"{theirs:,}; rates use the README figure.")
        if docs.get("skipped"):
            self.note(f"{m['id']}: newsmill skipped {docs['skipped']} documents (errors.jsonl).")


def _t(m):
    t = m.get("threads")
    return f" -t {t}" if isinstance(t, int) and m.get("tool") == "newsmill" else ""


# ---------------------------------------------------------------------------
# Suites. Each is a function registered with @suite; a new operator adds one
# with its own baseline (e.g. sentiment vs NLTK VADER) in the same few lines.

NGRAMS_SPAN_DOC = ("ngrams.span=doc", "ngrams.max_n=3")


@suite("ingest", "reading the corpus: decompress, parse JSON, extract the text")
def suite_ingest(b):
    """newsmill has no do-nothing operator, so its whole-run figure is an upper bound on
    ingest: the `ngrams` operator with max_n=1 and a min_count no unigram reaches
    (decompress + parse + tokenise + count unigrams + write docs.jsonl, nothing in
    ngrams.jsonl). `ingest_bench` (bench/ingest_bench.c, built beside newsmill) is the
    engine's reader and line parser alone: decompress + cut lines + validate UTF-8 +
    parse JSON + extract the fields. The reference points show what the parts cost with
    standard tools."""
    c = b.pick("allsides37k.frames.jsonl.zst", "allsides_conflict.frames.jsonl.zst")
    if c is None:
        return
    ib = b.args.ingest_bench or os.path.join(os.path.dirname(b.newsmill_bin), "ingest_bench")
    alone = {}
    if os.access(ib, os.X_OK):
        alone = {t: b.command(f"ingest.{c.name}.ingest_bench.t{t}", c, f"{{ib}} {t} {{in}}",
                              "newsmill reader + line parser alone (ingest_bench)",
                              "decompress, cut lines, validate UTF-8, parse JSON, extract "
                              "id/title/date/text; no analysis, no output", "newsmill",
                              threads=t, keys={"ib": (ib, "ingest_bench")})
                 for t in b.threads}
        for t in b.threads[1:]:
            b.speedup(alone[b.threads[0]], alone[t])
    else:
        b.note(f"{ib} not built (cmake --build build --target ingest_bench): "
               "its rows are skipped.")
    rows = {}
    for t in b.threads:
        rows[t] = b.newsmill(
            f"ingest.{c.name}.newsmill.t{t}", c, t,
            "newsmill ingest+tokenise+unigram (upper bound on ingest)",
            "decompress, parse, tokenise, count unigrams (none written: min_count=1e9), "
            "write docs.jsonl ids",
            ops="ngrams", sets=("ngrams.min_count=1000000000", "ngrams.max_n=1"))
    for t in b.threads[1:]:
        b.speedup(rows[b.threads[0]], rows[t])
    if b.have("zstd"):
        b.command(f"ingest.{c.name}.zstd", c, "zstd -dc {in} > /dev/null",
                      "zstd -dc (decompress only)", "decompress the file as one stream, discard",
                      "zstd", threads=1)
        py = b.command(f"ingest.{c.name}.python_json", c,
                  "zstd -dc {in} | {py} -c 'import sys,json; "
                  "[json.loads(l)[\"text\"] for l in sys.stdin]'",
                  "zstd -dc | python json.loads", "decompress, parse every line with Python's "
                  "json module, keep the texts in a list", "python3")
        if b.have("jq"):
            jq = b.command(f"ingest.{c.name}.jq", c, "zstd -dc {in} | jq -c .text > /dev/null",
                           "zstd -dc | jq -c .text", "decompress, parse every line with jq, "
                           "print the text as JSON", "jq")
            for t in b.threads:
                b.compare(rows[t], jq)
        for t in b.threads:
            b.compare(rows[t], py)
        # The like-for-like pair: parse and extract, nothing more, on both sides.
        for t in alone:
            b.compare(alone[t], py, what="parse + extract on both sides")


@suite("ngrams", "the ngrams operator vs scikit-learn and sort|uniq -c")
def suite_ngrams(b):
    """Counting every 1-3-gram over whole documents (span=doc) with counts and document
    frequencies, against scikit-learn's CountVectorizer doing the same and the shell
    pipeline counting unigrams or bigrams; then the large corpus with a 1G table budget,
    beside the issue's target (<= 10 s and <= 1.3 GB on 2 threads)."""
    small = b.pick("allsides_conflict.frames.jsonl.zst", "fakes_syria.jsonl.zst")
    big = b.pick("allsides37k.frames.jsonl.zst", "allsides_conflict.frames.jsonl.zst")
    sklearn_ok = b.have("python3-sklearn", [PYTHON, "-c", "import sklearn"])
    shell_ok = b.have("jq") and b.have("zstd")

    for c, sets, budget in ((small, NGRAMS_SPAN_DOC, False),
                            (big, NGRAMS_SPAN_DOC + ("ngrams.memory=1G",), True)):
        if c is None:
            continue
        rows = {}
        for t in b.threads:
            rows[t] = b.newsmill(
                f"ngrams.{c.name}.newsmill.t{t}", c, t,
                "newsmill ngrams 1-3, span=doc" + (", memory=1G" if budget else ""),
                "every 1-, 2- and 3-gram of each whole document (newsmill tokens), "
                "count and document frequency, all written sorted to ngrams.jsonl",
                ops="ngrams", sets=sets, main_output="ngrams.jsonl")
        for t in b.threads[1:]:
            b.speedup(rows[b.threads[0]], rows[t])
        if budget and 2 in rows and not b.quick:
            b.target(rows[2], "issue target on 2 threads", max_s=10, max_rss_gb=1.3)

        run_sklearn = sklearn_ok and (not c.big or b.args.full_baselines)
        if run_sklearn:
            sk = b.command(f"ngrams.{c.name}.sklearn", c,
                           "{py} {bl}/sklearn_ngrams.py {in} {out}",
                           "scikit-learn CountVectorizer(ngram_range=(1,3))",
                           "every 1-3-gram of each document (sklearn default tokens: "
                           "\\w\\w+, lower-cased), count and document frequency of each, "
                           "written to a TSV", "sklearn", threads=1, output=True,
                           repeat=1 if c.big else None)
            for t in b.threads:
                b.compare(rows[t], sk)
        elif c.name == "allsides37k":
            sk = b.recorded(f"ngrams.{c.name}.sklearn.recorded", c.name,
                            "scikit-learn CountVectorizer(ngram_range=(1,3)) [recorded, not run]",
                            "as above; 23.06 M distinct 1-3-grams", 296.0, 8.0,
                            "corpora/README.md (measured on this machine type); "
                            "run it with --full-baselines")
            for t in b.threads:
                b.compare(rows[t], sk, what="against the recorded figure")
        if shell_ok:
            for n, what in ((1, "unigram"), (2, "bigram")):
                sh = b.command(
                    f"ngrams.{c.name}.sort_uniq_{n}", c,
                    f"{{bl}}/sort_uniq_ngrams.sh {n} {{in}} {{out}}",
                    f"zstd|jq|tr|sort|uniq -c {what}s",
                    f"{what} counts only (no document frequencies) of ASCII [:alnum:]' tokens, "
                    + ("" if n == 1 else "pairs crossing sentence and document boundaries, ")
                    + "lower-cased, LC_ALL=C sort", "shell", output=True)
                for t in b.threads:
                    b.compare(rows[t], sh)


@suite("sentiment", "the sentiment operator (VADER lexicon, whole documents) vs NLTK's VADER")
def suite_sentiment(b):
    """VADER scores (neg, neu, pos, compound) of each whole document with the reference
    VADER lexicon, written one line per document, against NLTK's VADER port doing the
    same in Python. NLTK on allsides37k (several minutes) runs only with --full-baselines."""
    lex = b.shared_file("sentiment/vader_lexicon.txt")
    emoji = b.shared_file("sentiment/emoji_utf8_lexicon.txt")
    if lex is None or emoji is None:
        return
    nltk_ok = b.have("python3-nltk", [PYTHON, "-c", "import nltk.sentiment.vader"])
    sets = (f"sentiment.lexicon={lex}", f"sentiment.emoji={emoji}", "sentiment.unit=doc")
    for c in (b.pick("allsides_conflict.frames.jsonl.zst", "fakes_syria.jsonl.zst"),
              b.pick("allsides37k.frames.jsonl.zst", "allsides_conflict.frames.jsonl.zst")):
        if c is None:
            continue
        rows = {t: b.newsmill(f"sentiment.{c.name}.newsmill.t{t}", c, t,
                              "newsmill sentiment, VADER lexicon, unit=doc",
                              "VADER neg/neu/pos/compound of each whole document (plus tone "
                              "fields), docs.jsonl and the per-date sentiment.jsonl written",
                              ops="sentiment", sets=sets, main_output="docs.jsonl")
                for t in b.threads}
        for t in b.threads[1:]:
            b.speedup(rows[b.threads[0]], rows[t])
        if nltk_ok and (not c.big or b.args.full_baselines):
            nl = b.command(f"sentiment.{c.name}.nltk_vader", c,
                           "{py} {bl}/nltk_vader.py {shared}/sentiment/vader_lexicon.txt "
                           "{in} {out}",
                           "NLTK VADER polarity_scores", "VADER neg/neu/pos/compound of each "
                           "whole document with NLTK's port (same lexicon, no emoji lexicon), "
                           "one JSON line per document", "nltk", threads=1, output=True,
                           repeat=1 if c.big else None)
            for t in b.threads:
                b.compare(rows[t], nl)


SNIPPET_REPEAT = 20


def snippet_corpus(b, groundtruth, repeat):
    """The NYT editorial snippets (CRLF lines `id TAB rating TAB text`) repeated
    `repeat` times as JSONL, packed with `newsmill pack` into the work directory
    (the NLTK baseline reads .jsonl.zst): built at bench time, never stored."""
    name = f"nyt_snippets_x{repeat}"
    plain = os.path.join(b.work, name + ".jsonl")
    packed = plain + ".zst"
    with open(groundtruth, encoding="utf-8", newline="") as f:
        recs = [r.split("\t", 2) for r in f.read().split("\r\n") if r]
    docs = jsonl = text = 0
    with open(plain, "w", encoding="utf-8") as out:
        for k in range(repeat):
            for sid, _rating, t in recs:
                line = json.dumps({"id": f"{k}:{sid}", "text": t}, ensure_ascii=False) + "\n"
                out.write(line)
                docs += 1
                jsonl += len(line.encode("utf-8"))
                text += len(t.encode("utf-8"))
    subprocess.run([b.newsmill_bin, "pack", "--quiet", "-l", "3", "-o", packed, plain],
                   check=True)
    os.remove(plain)
    return Corpus(os.path.basename(packed), packed,
                  {"docs": docs, "jsonl_bytes": jsonl, "text_bytes": text},
                  f"built by the harness: 5,190 NYT snippets x {repeat}")


@suite("sentiment_snippets", "VADER mode on 103,800 short NYT snippets at 1 thread vs NLTK's VADER")
def suite_sentiment_snippets(b):
    """The issue-3 speed check: the 5,190 NYT editorial snippets repeated 20 times
    (103,800 documents, built at bench time), scored one document = one VADER unit
    with VADER's lexicon and emoji lexicon (bit-exact mode), 1 thread, whole process with
    docs.jsonl and sentiment.jsonl written; against NLTK's VADER port in the same run
    (same lexicon, no emoji lexicon), and against the reference vaderSentiment's
    figure quoted in ../shared/sentiment/README.md (~24,400 snippets/s: 4.3 s here; it is
    not a Debian package, so it is not run). Target: at most 1/15 of that, 0.29 s."""
    gt = b.shared_file("sentiment/groundtruth/nytEditorialSnippets_GroundTruth.txt")
    lex = b.shared_file("sentiment/vader_lexicon.txt")
    emoji = b.shared_file("sentiment/emoji_utf8_lexicon.txt")
    if gt is None or lex is None or emoji is None:
        return
    c = snippet_corpus(b, gt, SNIPPET_REPEAT)
    sets = (f"sentiment.lexicon={lex}", f"sentiment.emoji={emoji}", "sentiment.unit=doc")
    me = b.newsmill("sentiment_snippets.newsmill.t1", c, 1,
                    "newsmill sentiment, VADER mode, unit=doc",
                    "VADER neg/neu/pos/compound of each snippet, bit-identical to vaderSentiment "
                    "3.3, plus tone fields; docs.jsonl and sentiment.jsonl written",
                    ops="sentiment", sets=sets, main_output="docs.jsonl",
                    repeat=max(b.args.repeat, 5))
    ref = b.recorded("sentiment_snippets.vadersentiment.recorded", c.name,
                     "vaderSentiment 3.3 (reference Python VADER) [recorded, not run]",
                     "the same scores, one Python call per snippet", 4.3, None,
                     "../shared/sentiment/README.md: ~24,400 snippets/s on this machine type")
    Bench._rates(ref, c.jsonl_bytes, c.text_bytes, c.docs)
    b.compare(me, ref, what="against the recorded reference figure")
    b.target(me, "issue 3: at most 1/15 of reference VADER's 4.3 s", max_s=4.3 / 15)
    if b.have("python3-nltk", [PYTHON, "-c", "import nltk.sentiment.vader"]):
        nl = b.command("sentiment_snippets.nltk_vader", c,
                       "{py} {bl}/nltk_vader.py {shared}/sentiment/vader_lexicon.txt {in} {out}",
                       "NLTK VADER polarity_scores", "VADER neg/neu/pos/compound of each "
                       "snippet with NLTK's port (same lexicon, no emoji lexicon), one JSON "
                       "line per snippet", "nltk", threads=1, output=True, repeat=1)
        b.compare(me, nl)


def list_operators(b):
    """The built-in operators, in ops.def order, from `newsmill ops` (every line that
    starts in column 0 is `name: summary`), so a new operator joins the matrix by
    itself. --operators narrows the list."""
    try:
        out = subprocess.run([b.newsmill_bin, "ops"], capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        b.note(f"`newsmill ops` could not run ({e}): no per-operator rows.")
        return []
    names = [m.group(1) for m in re.finditer(r"^([A-Za-z_][A-Za-z0-9_]*):", out.stdout, re.M)]
    if out.returncode != 0 or not names:
        b.note(f"`newsmill ops` listed no operator (exit {out.returncode}): "
               "no per-operator rows.")
        return []
    if b.args.operators:
        missing = [o for o in b.args.operators if o not in names]
        if missing:
            b.note(f"--operators names {', '.join(missing)}, which `newsmill ops` does not "
                   f"list ({', '.join(names)}): skipped.")
        names = [o for o in names if o in b.args.operators]
    return names


ALL_OPS = "all"  # the operator-matrix row for the default --ops (every operator at once)


def operator_matrix(b, ops):
    """Measure `newsmill run --ops OP` for each OP in ops (ALL_OPS: the default --ops)
    at every thread count on the matrix corpora. Each row carries "operator" so that
    the summary table and bench/plot_bench.py can pivot on it."""
    files = (b.pick("allsides_conflict.frames.jsonl.zst", "fakes_syria.jsonl.zst"),
             b.pick("allsides37k.frames.jsonl.zst", "allsides_conflict.frames.jsonl.zst"))
    seen = set()
    for c in files:
        if c is None or c.name in seen:
            continue
        seen.add(c.name)
        for op in ops:
            every = op == ALL_OPS
            rows = {}
            for t in b.threads:
                m = b.newsmill(
                    f"{b.section['name']}.{c.name}.{op}.t{t}", c, t,
                    "newsmill, every operator" if every else f"newsmill {op} alone",
                    "the default operator set at default options; every output file written"
                    if every else f"only the {op} operator, at its default options; "
                    "docs.jsonl, its aggregate and run.json written",
                    ops=None if every else op)
                if m is not None:
                    m["operator"] = op
                rows[t] = m
            for t in b.threads[1:]:
                b.speedup(rows[b.threads[0]], rows[t])


@suite("operators", "every operator alone and all together, at each thread count")
def suite_operators(b):
    """The operator matrix: `newsmill run --ops OP` for every operator `newsmill ops`
    lists (each alone, at its default options), then the default --ops (every operator
    in one run, as a user would start), on allsides_conflict (14.6 MB) and allsides37k
    (234 MB) at -t 1 and -t 2. Per-operator seconds are run.json's seconds.operators
    (time inside each operator's per-document call, summed over worker threads); the
    rest of the wall is reading, tokenising, writing and the aggregates' emit."""
    operator_matrix(b, list_operators(b) + [ALL_OPS])


@suite("all", "every operator together (the default --ops)", default=False)
def suite_all(b):
    """One `newsmill run` with every built-in operator at its default options, as a user
    would start; per-operator seconds are run.json's seconds.operators (time inside each
    operator's per-document call, summed over worker threads). The `operators` suite
    includes these rows; this one runs only when named (--only all)."""
    operator_matrix(b, [ALL_OPS])


# ---------------------------------------------------------------------------
# Report


def cell(text):
    """Text safe inside a markdown table cell."""
    return str(text).replace("|", "\\|")


def generic_command(m):
    """The command with thread count and corpus abstracted, so that one line in
    the report covers every -t and corpus a row label was run with."""
    cmd = m.get("command")
    if not cmd:
        return None
    cmd = re.sub(r"-t \d+", "-t N", cmd) if m.get("tool") == "newsmill" else cmd
    return cmd.replace(m.get("corpus_file", "\0"), "CORPUS")


def plot_files(name):
    """The plot files bench/plot_bench.py draws beside NAME.json: plain names for
    `latest` (what README.md embeds), NAME-prefixed ones for any other run."""
    pre = "" if name == "latest" else name + "."
    return {"throughput": pre + "throughput.svg", "baselines": pre + "baselines.svg"}


def matrix_rows(res):
    """The operator-matrix rows of a result: {(corpus, operator): {threads: row}},
    in the order they were measured."""
    out = {}
    for s in res["suites"]:
        for m in s["rows"]:
            if m.get("operator") and m.get("tool") == "newsmill":
                out.setdefault((m["corpus"], m["operator"]), {})[m["threads"]] = m
    return out


def baseline_pairs(res):
    """Every baseline compared with newsmill, with the ratio at each thread count:
    [{"suite", "corpus", "baseline" (row), "newsmill_label", "ratios": {threads:
    ratio}, "newsmill": {threads: row}, "what"}], one entry per (baseline row,
    newsmill command). A ratio is the baseline's median wall ÷ newsmill's: above 1,
    newsmill is that many times faster."""
    out = {}
    for s in res["suites"]:
        by_id = {m["id"]: m for m in s["rows"]}
        for c in s["comparisons"]:
            a, b = by_id.get(c["a"]), by_id.get(c["b"])
            if not a or not b or a.get("tool") != "newsmill" or b.get("tool") == "newsmill":
                continue
            e = out.setdefault((s["name"], b["id"], a["label"]), {
                "suite": s["name"], "corpus": a["corpus"], "baseline": b,
                "newsmill_label": a["label"], "ratios": {}, "newsmill": {},
                "what": c.get("what") or ""})
            e["ratios"][a["threads"]] = c["ratio"]
            e["newsmill"][a["threads"]] = a
    return list(out.values())


def render_summary(res, results_dir):
    """The tables a reader wants first: the operator matrix pivoted on threads, and
    each baseline's ratio to newsmill at each thread count; then the plots, where
    bench/plot_bench.py has drawn them beside the results."""
    L = []
    threads = res.get("threads") or [1, 2]
    mx = matrix_rows(res)
    if mx:
        L += ["", "## Summary: every operator alone and all together", "",
              "From the `operators` suite. **MB/s**: uncompressed JSONL bytes ÷ median wall; "
              "**op s**: the operator's own seconds in run.json `seconds.operators` (summed "
              "over threads; for `all`, the sum over every operator); **RSS**: peak over the "
              "thread counts.", ""]
        head = "| operator | corpus | " + " | ".join(
            f"-t {t} wall s | -t {t} MB/s | -t {t} docs/s | -t {t} op s" for t in threads)
        L.append(head + " | speed-up | peak RSS MB |")
        L.append("|---|---|" + "---:|" * (4 * len(threads) + 2))
        for (corpus, op), by_t in mx.items():
            cells = []
            for t in threads:
                m = by_t.get(t)
                if m is None or m.get("median_s") is None:
                    cells += ["–"] * 3 + ["–" if m is None else f"**{m['status']}**"]
                    continue
                ops_s = m.get("op_seconds") or {}
                cells += [fmt_s(m["median_s"]), fmt_rate(m.get("mb_per_s")),
                          fmt_rate(m.get("docs_per_s")),
                          fmt_s(sum(ops_s.values())) if ops_s else "–"]
            one, most = by_t.get(threads[0]), by_t.get(threads[-1])
            sp = "–"
            if len(threads) > 1 and one and most and one.get("median_s") and most.get("median_s"):
                sp = f"{one['median_s'] / most['median_s']:.2f}×"
            rss = [m.get("peak_rss_kb") for m in by_t.values() if m.get("peak_rss_kb")]
            L.append(f"| {op} | {corpus} | " + " | ".join(cells) +
                     f" | {sp} | {fmt_mb(max(rss)) if rss else '–'} |")
    pairs = baseline_pairs(res)
    if pairs:
        L += ["", "## Summary: baselines, measured in the same run", "",
              "Each baseline's median wall ÷ newsmill's at each thread count (above 1: newsmill "
              "is that many times faster). What each baseline computes is in its suite's section "
              "below.", ""]
        L.append("| suite | corpus | baseline | baseline wall s | newsmill command | " +
                 " | ".join(f"-t {t} wall s | ÷ -t {t}" for t in threads) + " |")
        L.append("|---|---|---|---:|---|" + "---:|" * (2 * len(threads)))
        for e in pairs:
            b = e["baseline"]
            bw = fmt_s(b.get("median_s")) + (" (recorded)" if b.get("status") == "recorded" else "")
            cells = []
            for t in threads:
                m, r = e["newsmill"].get(t), e["ratios"].get(t)
                cells += [fmt_s(m.get("median_s")) if m else "–",
                          "–" if r is None else f"{r:.2f}×"]
            L.append(f"| {e['suite']} | {e['corpus']} | {cell(b['label'])} | {bw} | "
                     f"{cell(e['newsmill_label'])} | " + " | ".join(cells) + " |")
    missing = res.get("skipped_tools") or {}
    if missing:
        L += ["", "Skipped, not installed (`tools/install-deps.sh --bench`): " + "; ".join(
            f"{tool} (suites {', '.join(suites)})" for tool, suites in missing.items()) + "."]
    if results_dir:
        files = plot_files(res["name"])
        shown = [(k, f) for k, f in files.items() if os.path.exists(os.path.join(results_dir, f))]
        if shown:
            src = os.path.join(os.path.abspath(results_dir), res["name"] + ".json")
            if src.startswith(REPO + os.sep):
                src = os.path.relpath(src, REPO)
            L += ["", "## Plots", "",
                  "Drawn by `bench/plot_bench.py` from this run's JSON (redraw without "
                  f"measuring: `/usr/bin/python3 bench/plot_bench.py {src}`).", ""]
            alt = {"throughput": "Throughput of each operator alone and all together, by "
                                 "thread count",
                   "baselines": "How many times faster newsmill is than each baseline"}
            for k, f in shown:
                L += [f"![{alt[k]}]({f})", ""]
    return L


README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def render_readme_block(res):
    """The README's performance section (between its bench markers) from a results
    JSON: the operator matrix, the baselines' ratios, the plots, how to reproduce."""
    mc = res["machine"]
    threads = res.get("threads") or [1, 2]
    L = [f"Measured on this project's {mc['cores_usable']}-core {mc['cpu']} VM "
         f"({mc['date'][:10]}, newsmill git {mc['git_commit']}): medians of {res['repeat']} "
         "whole-process runs, warm page cache, baselines run in the same session. Full tables "
         "(min/max, peak RSS, newsmill's own phase and operator seconds, exact commands) in "
         f"[bench/results/{res['name']}.md](bench/results/{res['name']}.md).", ""]
    mx = matrix_rows(res)
    if mx:
        L += ["Every operator alone (`--ops OP`, default options) and all together (`all`, "
              "the default `--ops`); MB/s of uncompressed JSONL and documents/s:", "",
              "| operator | corpus | " + " | ".join(f"{t} thread{'s' if t != 1 else ''}"
                                                   for t in threads)
              + " | speed-up | peak RSS |",
              "| --- | --- |" + " ---: |" * len(threads) + " ---: | ---: |"]
        for (corpus, op), by_t in mx.items():
            cells = []
            for t in threads:
                m = by_t.get(t)
                cells.append("–" if not m or m.get("median_s") is None else
                             f"{fmt_s(m['median_s'])} s, {fmt_rate(m.get('mb_per_s'))} MB/s, "
                             f"{fmt_rate(m.get('docs_per_s'))} docs/s")
            one, most = by_t.get(threads[0]), by_t.get(threads[-1])
            sp = f"{one['median_s'] / most['median_s']:.2f}×" if len(threads) > 1 and one \
                and most and one.get("median_s") and most.get("median_s") else "–"
            rss = [m.get("peak_rss_kb") for m in by_t.values() if m.get("peak_rss_kb")]
            L.append(f"| `{op}` | {corpus} | " + " | ".join(cells) +
                     f" | {sp} | {fmt_mb(max(rss)) + ' MB' if rss else '–'} |")
        L.append("")
    pairs = baseline_pairs(res)
    if pairs:
        L += ["Against what a user would otherwise run, the same work in the same run "
              "(baseline wall ÷ newsmill wall: how many times faster newsmill is):", "",
              "| corpus | baseline | newsmill | baseline wall | " +
              " | ".join(f"newsmill {t} thread{'s' if t != 1 else ''}" for t in threads) + " |",
              "| --- | --- | --- | ---: |" + " ---: |" * len(threads)]
        for e in pairs:
            b = e["baseline"]
            bw = f"{fmt_s(b.get('median_s'))} s" + (" (recorded)" if b.get("status") == "recorded"
                                                     else "")
            cells = []
            for t in threads:
                m, r = e["newsmill"].get(t), e["ratios"].get(t)
                cells.append("–" if not m or r is None else f"{fmt_s(m['median_s'])} s ({r:.1f}×)")
            L.append(f"| {e['corpus']} | {cell(b['label'])} | {cell(e['newsmill_label'])} | "
                     f"{bw} | " + " | ".join(cells) + " |")
        missing = res.get("skipped_tools") or {}
        if missing:
            L += ["", "Not measured (not installed): " + ", ".join(missing) + "."]
        L.append("")
    files = plot_files(res["name"])
    L += [f"![Throughput of each operator alone and all together, by thread count]"
          f"(bench/results/{files['throughput']})", "",
          f"![How many times faster newsmill is than each baseline]"
          f"(bench/results/{files['baselines']})", "",
          f"Reproduce with one command (this run took {res['harness_seconds'] / 60:.0f} minutes on "
          f"{res['machine']['cores']} cores; needs "
          "`tools/install-deps.sh --bench` and the shared corpora in `../shared` or "
          "`NEWSMILL_SHARED`):", "", "```sh",
          "cmake --build build --target newsmill ingest_bench && /usr/bin/python3 bench/run_bench.py",
          "```", "",
          "It writes `bench/results/latest.json` and `latest.md` and draws the two plots "
          "(`bench/plot_bench.py` redraws them from the JSON alone); "
          "`bench/run_bench.py --readme` then rewrites this section from latest.json. "
          "[bench/README.md](bench/README.md) says what each row measures and each "
          "baseline computes."]
    # Wrap prose like the rest of the README; tables, images and code stay one per line.
    out, code = [], False
    for line in L:
        code ^= line.startswith("```")
        keep = code or line.startswith(("|", "!", "```")) or not line
        out += [line] if keep else textwrap.wrap(line, 90, break_on_hyphens=False,
                                                  break_long_words=False)
    return "\n".join(out)


def update_readme(results_json, readme=os.path.join(REPO, "README.md")):
    """Replace the README's text between the bench markers, nothing else."""
    with open(results_json, encoding="utf-8") as f:
        res = json.load(f)
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    i, j = text.find(README_START), text.find(README_END)
    if i < 0 or j < i:
        print(f"run_bench.py: {readme} has no {README_START} ... {README_END} block; "
              "nothing changed.", file=sys.stderr)
        return 1
    text = text[:i + len(README_START)] + "\n" + render_readme_block(res) + "\n" + text[j:]
    with open(readme, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"rewrote the performance section of {readme} from {results_json}")
    return 0


def render_md(res, results_dir=None):
    mc = res["machine"]
    L = [f"# newsmill benchmark: {res['name']}", ""]
    L.append(f"{mc['date']} · {mc['newsmill'] or 'newsmill ?'} (git {mc['git_commit']}, "
             f"{mc['newsmill_build'].get('CMAKE_BUILD_TYPE', '?')} build) · {mc['cpu']} · "
             f"{mc['cores_usable']} cores · {mc['ram_gb']} GB RAM · Linux {mc['kernel']} · "
             f"{mc['gcc']} · harness {res['harness_seconds']:.0f} s")
    L.append("")
    L.append(f"Command: `{res['command']}`{' (quick smoke run)' if res['quick'] else ''}. "
             "**wall s**: median of the runs [min–max] ×runs. **peak RSS**: the largest over "
             "the runs, of the largest single process (a pipeline's biggest stage). "
             "**JSONL MB/s**: uncompressed JSONL bytes ÷ median wall; **text MB/s**: bytes of "
             "the `text` field ÷ median wall (sizes from the corpus README, the same for every "
             "row of a corpus). **others**: cores used by other processes meanwhile (a shared "
             "2-core VM; rows marked *busy* are suspect). Expect ±10 % run to run. "
             "See bench/README.md.")
    L += render_summary(res, results_dir)
    for s in res["suites"]:
        L += ["", f"## {s['name']}: {s['title']}", "", s["doc"], ""]
        rows = s["rows"]
        if rows:
            L.append("| case | corpus | threads | wall s | peak RSS MB | JSONL MB/s "
                     "| text MB/s | docs/s | output lines | others |")
            L.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
            for m in rows:
                if m["status"] == "recorded":
                    wall = f"{fmt_s(m['median_s'])} (recorded)"
                elif m["status"] != "ok":
                    wall = f"**{m['status']}**"
                else:
                    wall = f"{fmt_s(m['median_s'])} [{fmt_s(m['min_s'])}–{fmt_s(m['max_s'])}] " \
                           f"×{len(m['wall_s'])}"
                lines = m.get("output_lines")
                oc = m.get("others_cores")
                others = "–" if oc is None else f"{oc:.2f}" + (" *busy*" if m.get("busy") else "")
                L.append(f"| {cell(m['label'])} | {m['corpus']} | {m['threads']} | {wall} | "
                         f"{fmt_mb(m.get('peak_rss_kb'))} | {fmt_rate(m.get('mb_per_s'))} | "
                         f"{fmt_rate(m.get('text_mb_per_s'))} | {fmt_rate(m.get('docs_per_s'))} | "
                         f"{'–' if lines is None else f'{lines:,}'} | {others} |")
        if s["comparisons"]:
            L += ["", "| corpus | A | B | B wall ÷ A wall (> 1: A is faster) | |",
                  "|---|---|---|---:|---|"]
            by_id = {m["id"]: m for m in rows}
            for c in s["comparisons"]:
                r = "–" if c["ratio"] is None else f"{c['ratio']:.2f}×"
                corpus = by_id[c["a"]]["corpus"] if c["a"] in by_id else ""
                L.append(f"| {corpus} | {cell(c['a_label'])} | {cell(c['b_label'])} | {r} | "
                         f"{cell(c['what'])} |")
        if s["targets"]:
            L += ["", "| target | case | limit | measured | met |", "|---|---|---|---|---|"]
            for t in s["targets"]:
                lim = ", ".join(x for x in (
                    f"≤ {fmt_s(t['max_s'])} s" if t["max_s"] is not None else "",
                    f"≤ {t['max_rss_gb']} GB" if t["max_rss_gb"] is not None else "") if x)
                got = f"{fmt_s(t['median_s'])} s" + (
                    f", {t['peak_rss_gb']:.2f} GB" if t["peak_rss_gb"] is not None else "")
                L.append(f"| {t['what']} | {cell(t['label'])} | {lim} | {got} | "
                         f"{'yes' if t['met'] else 'no'} |")
        timed = [m for m in rows if m.get("phase_seconds")]
        if timed:
            ops = sorted({op for m in timed for op in m.get("op_seconds", {})})
            phases = ("process", "merge", "emit", "total")
            L += ["", "newsmill's own seconds (run.json, medians over the runs): phases, then "
                  "the time inside each operator's per-document call (`seconds.operators`, "
                  "summed over threads), then the wall:", "",
                  "| case | corpus | threads | " + " | ".join(phases) + " | " +
                  " | ".join(f"op {op}" for op in ops) + " | wall |",
                  "|---|---|---:|" + "---:|" * (len(phases) + len(ops) + 1)]
            for m in timed:
                L.append(f"| {cell(m['label'])} | {m['corpus']} | {m['threads']} | " +
                         " | ".join(fmt_s(m["phase_seconds"].get(ph)) for ph in phases) + " | " +
                         " | ".join(fmt_s(m["op_seconds"].get(op)) for op in ops) +
                         f" | {fmt_s(m['median_s'])} |")
        if rows:
            L += ["", "What each row computes (exact commands per row in the JSON):", ""]
            seen = {}
            for m in rows:
                seen.setdefault((m["label"], m["computes"]), [])
                g = generic_command(m)
                if g and g not in seen[(m["label"], m["computes"])]:
                    seen[(m["label"], m["computes"])].append(g)
            for (label, computes), cmds in seen.items():
                src = [m.get("source") for m in rows if m["label"] == label and m.get("source")]
                how = " ".join(f"`{c}`" for c in cmds) if cmds else f"Source: {src[0]}."
                L.append(f"- **{label}**: {computes}. {how}")
        if s["notes"]:
            L += [""] + [f"> {n}" for n in s["notes"]]
    L.append("")
    return "\n".join(L)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(
        description="Run newsmill's benchmarks and its baselines; write "
                    "bench/results/NAME.json and NAME.md.")
    ap.add_argument("--newsmill", default=os.path.join(REPO, "build", "newsmill"),
                    help="the newsmill binary (default: build/newsmill in the repo)")
    ap.add_argument("--ingest-bench", metavar="PATH",
                    help="the ingest_bench binary (default: beside --newsmill)")
    ap.add_argument("--shared", default=os.environ.get("NEWSMILL_SHARED",
                                                       os.path.join(REPO, "..", "shared")),
                    help="the shared data directory holding corpora/ "
                         "(default: $NEWSMILL_SHARED or ../shared)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per command (median reported)")
    ap.add_argument("--repeat-big", type=int, default=3,
                    help="at most this many runs per command on corpora over 100 MB")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: small corpora, one run each")
    ap.add_argument("--only", action="append", default=[], metavar="SUITE",
                    help="run only this suite (repeatable or comma-separated)")
    ap.add_argument("--list", action="store_true", help="list the suites and exit")
    ap.add_argument("--render", metavar="JSON",
                    help="only rewrite the .md beside an existing results JSON, then exit")
    ap.add_argument("--operators", metavar="LIST",
                    help="operators of the operator matrix, comma-separated (default: every "
                         "operator `newsmill ops` lists; the all-together row always runs)")
    ap.add_argument("--corpora", metavar="LIST",
                    help="measure only these corpora, comma-separated names such as "
                         "allsides_conflict (default: every corpus a suite asks for)")
    ap.add_argument("--readme", nargs="?", const=os.path.join(BENCH_DIR, "results", "latest.json"),
                    metavar="JSON",
                    help="only rewrite README.md's performance section (between its "
                         "bench:start/bench:end markers) from a results JSON (default "
                         "bench/results/latest.json), then exit")
    ap.add_argument("--no-plots", action="store_true",
                    help="do not call bench/plot_bench.py at the end")
    ap.add_argument("--threads", default="1,2",
                    help="newsmill thread counts, comma-separated (default 1,2)")
    ap.add_argument("--full-baselines", action="store_true",
                    help="also run the slow baselines on the big corpus, once each "
                         "(scikit-learn on allsides37k: ~5 min and ~8 GB; NLTK VADER)")
    ap.add_argument("--name", help="results name (default: latest; quick for --quick; "
                                    "only-SUITES for --only)")
    ap.add_argument("--results", default=os.path.join(BENCH_DIR, "results"),
                    help="directory for NAME.json and NAME.md")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds before a run is killed")
    ap.add_argument("--busy", type=float, default=0.25,
                    help="flag rows during which other processes used more than this many "
                         "cores (median over the runs)")
    ap.add_argument("--keep-outputs", action="store_true",
                    help="keep every run's output under the work directory")
    ap.add_argument("--work", help="work directory for outputs (default: a temporary one)")
    args = ap.parse_args()

    if args.list:
        for s in SUITES.values():
            print(f"{s['name']:18} {s['title']}"
                  + ("" if s["default"] else "  (only with --only)"))
        return 0
    if args.readme:
        return update_readme(args.readme)
    if args.render:
        with open(args.render, encoding="utf-8") as f:
            res = json.load(f)
        md = os.path.splitext(args.render)[0] + ".md"
        with open(md, "w", encoding="utf-8") as f:
            f.write(render_md(res, os.path.dirname(os.path.abspath(args.render))))
        print(f"wrote {md}")
        return 0
    only = [x for o in args.only for x in o.split(",") if x]
    unknown = [x for x in only if x not in SUITES]
    if unknown:
        ap.error(f"unknown suite {', '.join(unknown)}; suites: {', '.join(SUITES)}")
    args.threads = [int(x) for x in args.threads.split(",")]
    args.operators = [x for x in (args.operators or "").split(",") if x]
    args.corpora = [x.split(".", 1)[0] for x in (args.corpora or "").split(",") if x]
    if args.quick:
        args.repeat = 1
    shared = os.path.abspath(args.shared)
    if not os.path.isdir(os.path.join(shared, "corpora")):
        print(f"run_bench.py: no corpora under {shared} (set --shared or NEWSMILL_SHARED); "
              "nothing to benchmark, skipping.", file=sys.stderr)
        return 0
    newsmill = os.path.abspath(args.newsmill)
    if not os.access(newsmill, os.X_OK):
        print(f"run_bench.py: {newsmill} is not an executable newsmill; build it "
              "(cmake --build build --target newsmill) or pass --newsmill PATH.",
              file=sys.stderr)
        return 1
    name = args.name or ("-".join((["quick"] if args.quick else []) +
                                  (["only"] + only if only else [])) or "latest")

    work = args.work or tempfile.mkdtemp(prefix="newsmill-bench-")
    os.makedirs(work, exist_ok=True)
    os.makedirs(args.results, exist_ok=True)
    b = Bench(args, shared, newsmill, work)
    res = {"name": name, "command": " ".join(["bench/run_bench.py"] + sys.argv[1:]),
           "quick": args.quick, "repeat": args.repeat, "threads": args.threads,
           "machine": machine_info(newsmill), "suites": []}
    t0 = time.time()
    try:
        for s in SUITES.values():
            if (only and s["name"] not in only) or (not only and not s["default"]):
                continue
            print(f"[{s['name']}] {s['title']}", flush=True)
            b.section = {"name": s["name"], "title": s["title"], "doc": s["doc"],
                         "rows": [], "comparisons": [], "targets": [], "notes": []}
            res["suites"].append(b.section)
            s["fn"](b)
    finally:
        if not args.work and not args.keep_outputs:
            shutil.rmtree(work, ignore_errors=True)
    res["corpora"] = {k: c.json() for k, c in b.corpora.items() if c}
    res["skipped_tools"] = b.missing_tools
    res["harness_seconds"] = round(time.time() - t0, 1)
    base = os.path.join(args.results, name)
    with open(base + ".json", "w", encoding="utf-8") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    with open(base + ".md", "w", encoding="utf-8") as f:
        f.write(render_md(res))
    print(f"wrote {base}.json and {base}.md ({res['harness_seconds']:.0f} s)")
    if not args.no_plots and make_plots(base + ".json"):
        with open(base + ".md", "w", encoding="utf-8") as f:  # now embedding the plots
            f.write(render_md(res, args.results))
    return 0


def make_plots(results_json):
    """Draw the plots with bench/plot_bench.py (a separate script, so plots can be
    redrawn from the JSON alone), then rewrite the .md so that it embeds them. A
    missing matplotlib is reported by the script and is not an error here."""
    r = subprocess.run([PYTHON, os.path.join(BENCH_DIR, "plot_bench.py"), results_json])
    if r.returncode != 0:
        print(f"run_bench.py: plot_bench.py failed (exit {r.returncode}); the results "
              "are written, redraw with bench/plot_bench.py " + results_json, file=sys.stderr)
    return r.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
