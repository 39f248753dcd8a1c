#!/usr/bin/env bash
# run_golden.sh: the golden tests of every operator.
#
# Each case is a directory tests/golden/<op>/<case>/ holding
#   input.jsonl   the corpus
#   args          extra arguments for `newsmill run`, one per line (blank lines
#                 and lines starting with '#' are ignored); @CASE@ stands for
#                 the case directory, so a case can carry its own files
#   expected/     the files the run must produce, byte for byte
# Each case runs `newsmill run --quiet -t 2 <args> -o TMP input.jsonl` and every
# file in expected/ is compared with cmp.
#
# NM_GOLDEN_UPDATE=1 rewrites the expected files from the program instead (all
# *.jsonl outputs but an empty errors.jsonl for a case without expected/).
# That is a reviewed step: check every changed line by hand or with an
# independent reference (e.g. tests/tools/ngrams_reference.py) before committing.
source "$(dirname "$0")/../test_lib.sh"

root="$NM_SOURCE_DIR/tests/golden"
update="${NM_GOLDEN_UPDATE:-0}"
cases=0
failures=0
for dir in "$root"/*/*/; do
    dir="${dir%/}"
    [ -f "$dir/input.jsonl" ] || continue
    cases=$((cases + 1))
    name="$(basename "$(dirname "$dir")")/$(basename "$dir")"
    args=()
    if [ -f "$dir/args" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case "$line" in '' | '#'*) continue ;; esac
            args+=("${line//@CASE@/$dir}")
        done < "$dir/args"
    fi
    out="$NM_TMP/${name//\//-}"
    if ! "$NEWSMILL" run --quiet -t 2 "${args[@]}" -o "$out" "$dir/input.jsonl"; then
        echo "FAIL: $name: newsmill run failed" >&2
        failures=$((failures + 1))
        continue
    fi
    if [ "$update" = 1 ]; then
        mkdir -p "$dir/expected"
        if [ -z "$(ls -A "$dir/expected")" ]; then
            for f in "$out"/*.jsonl; do
                base=$(basename "$f")
                [ "$base" = errors.jsonl ] && [ ! -s "$f" ] && continue
                cp "$f" "$dir/expected/$base"
            done
        else
            for f in "$dir/expected"/*; do
                cp "$out/$(basename "$f")" "$f"
            done
        fi
        note "updated $name"
        continue
    fi
    [ -d "$dir/expected" ] || { echo "FAIL: $name: no expected/ directory" >&2; failures=$((failures + 1)); continue; }
    for f in "$dir/expected"/*; do
        base=$(basename "$f")
        if [ ! -e "$out/$base" ]; then
            echo "FAIL: $name: the run wrote no $base" >&2
            failures=$((failures + 1))
        elif ! cmp -s "$f" "$out/$base"; then
            echo "FAIL: $name: $base differs from expected (first differences below)" >&2
            diff "$f" "$out/$base" | head -10 >&2 || true
            failures=$((failures + 1))
        fi
    done
done
[ "$cases" -gt 0 ] || fail "no golden cases found under $root"
[ "$failures" -eq 0 ] || fail "$failures golden comparison(s) failed"
note "$cases golden cases passed"
