# test_lib.sh: helpers for the shell tests (sourced, not run).
# ctest sets NEWSMILL (the program), NM_SOURCE_DIR and NM_BUILD_DIR.
set -euo pipefail
: "${NEWSMILL:?run this test through ctest}"
: "${NM_SOURCE_DIR:?run this test through ctest}"
SAMPLE="$NM_SOURCE_DIR/corpora/sample/sample.jsonl.zst"
NM_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsmill-test.XXXXXX")
trap 'rm -rf "$NM_TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "-- $*"; }

# The shared data directory, or skip (exit 77) saying so.
shared_dir() {
    local dir="${NEWSMILL_SHARED:-$NM_SOURCE_DIR/../shared}"
    if [ ! -d "$dir/corpora" ]; then
        echo "SKIP: shared data not found at $dir (set NEWSMILL_SHARED)"
        exit 77
    fi
    (cd "$dir" && pwd)
}

# Every registered operator's name.
operator_names() { "$NEWSMILL" ops | sed -n 's/^\([a-z_][a-z_]*\): .*/\1/p'; }

# Compares every output file of two run directories except run.json.
same_outputs() {
    local a="$1" b="$2" f
    for f in "$a"/*.jsonl; do
        cmp -s "$f" "$b/$(basename "$f")" || fail "$(basename "$f") differs between $a and $b"
    done
    for f in "$b"/*.jsonl; do [ -e "$a/$(basename "$f")" ] || fail "$f has no counterpart in $a"; done
}

# Prints a field of run.json: json_get DIR 'docs.read'
json_get() {
    python3 -c 'import json,sys
v=json.load(open(sys.argv[1]+"/run.json"))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$1" "$2"
}
