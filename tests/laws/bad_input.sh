#!/usr/bin/env bash
# bad_input.sh: bad input is data, not a crash. Each kind of bad line is
# skipped with one errors.jsonl record carrying its line number; damaged zstd
# loses only what it must; every user mistake gets one clear stderr line and
# the documented exit status.
source "$(dirname "$0")/../test_lib.sh"
cd "$NM_TMP"

# run_expect STATUS ARGS...: runs newsmill, checks the exit status, keeps stderr in err.txt
run_expect() {
    local want="$1"; shift
    local got=0
    "$NEWSMILL" "$@" > out.txt 2> err.txt || got=$?
    [ "$got" -eq "$want" ] || { cat err.txt >&2; fail "newsmill $* exited $got, expected $want"; }
    if [ "$want" -ne 0 ]; then
        [ "$(wc -l < err.txt)" -eq 1 ] || { cat err.txt >&2; fail "newsmill $*: expected one stderr line"; }
        grep -q '^newsmill: ' err.txt || fail "newsmill $*: message lacks the 'newsmill: ' prefix"
    fi
}

note "every kind of bad line in one file"
long=$(python3 -c 'print("{\"id\":\"long\",\"text\":\"" + "x" * 400 + "\"}")')
{
    echo '{"id":"g1","text":"Good one. It has two sentences."}'
    echo '{"id": "x", "text": "unterminated}'
    echo '[1, 2, 3]'
    echo '{"id":"m"}'
    echo '{"id":"n","text":42}'
    printf '{"id":"u","text":"bad \xff byte"}\n'
    echo '   '
    echo "$long"
    echo '{"text":"No id: the id becomes file:line."}'
    echo '{"id":"g3","text":"x"} trailing'
    echo '{"id":"g4","text":"Last."}'
} > mixed.jsonl
run_expect 0 run --quiet --max-line 200 -o out mixed.jsonl
python3 - <<'PY' || fail "mixed.jsonl outputs are wrong"
import json
docs = [json.loads(l) for l in open("out/docs.jsonl")]
assert [d["id"] for d in docs] == ["g1", "mixed.jsonl:9", "g4"], docs
errs = [json.loads(l) for l in open("out/errors.jsonl")]
want = [(2, "invalid JSON"), (3, "not a JSON object"), (4, "missing"), (5, "not a string"),
        (6, "invalid UTF-8"), (8, "--max-line"), (10, "invalid JSON")]
assert [(e["line"]) for e in errs] == [w[0] for w in want], errs
for e, (line, words) in zip(errs, want):
    assert e["file"].endswith("mixed.jsonl") and words in e["error"], (e, words)
run = json.load(open("out/run.json"))
d = run["docs"]
assert d == {"read": 10, "processed": 3, "skipped": 7}, d
assert d["read"] == d["processed"] + d["skipped"]
PY

note "--on-error fail stops at the first bad line, exit 1, no run.json"
run_expect 1 run --quiet --on-error fail -o failed mixed.jsonl
grep -q 'mixed.jsonl:2' err.txt || fail "--on-error fail message does not name line 2: $(cat err.txt)"
[ ! -e failed/run.json ] || fail "--on-error fail left a run.json"

note "a multi-frame file with one corrupted frame loses only that frame"
python3 -c '
for i in range(1, 301):
    print("{\"id\":\"d%03d\",\"text\":\"Document number %d says hello to the world.\"}" % (i, i))' > many.jsonl
run_expect 0 pack --quiet --frame-size 2K -o many.jsonl.zst many.jsonl
run_expect 0 run --quiet -o clean many.jsonl.zst
[ "$(wc -l < clean/docs.jsonl)" -eq 300 ] || fail "packed corpus did not read back 300 docs"
python3 - <<'PY'
import struct
data = bytearray(open("many.jsonl.zst", "rb").read())
# Walk to the 4th frame and flip bytes inside its compressed block.
pos, starts = 0, []
while pos < len(data):
    starts.append(pos)
    assert data[pos:pos+4] == b"\x28\xb5\x2f\xfd"
    fhd = data[pos+4]; single = (fhd >> 5) & 1; did = fhd & 3; fcs = fhd >> 6
    hdr = 1 + (0 if single else 1) + [0, 1, 2, 4][did] + [1 if single else 0, 2, 4, 8][fcs]
    p = pos + 4 + hdr
    while True:
        bh = data[p] | data[p+1] << 8 | data[p+2] << 16
        last, btype, bsize = bh & 1, (bh >> 1) & 3, bh >> 3
        p += 3 + (1 if btype == 1 else bsize)
        if last: break
    p += 4 if (fhd >> 2) & 1 else 0
    pos = p
k = starts[3]
for i in range(k + 20, k + 60):
    data[i] ^= 0x5A
open("corrupt.jsonl.zst", "wb").write(data)
PY
run_expect 0 run --quiet -o corrupt corrupt.jsonl.zst
python3 - <<'PY' || fail "corrupt frame handling is wrong"
import json
ids = [json.loads(l)["id"] for l in open("corrupt/docs.jsonl")]
nums = [int(i[1:]) for i in ids]
assert 250 < len(nums) < 300, len(nums)
assert nums == sorted(nums)
gaps = [(a, b) for a, b in zip(nums, nums[1:]) if b != a + 1]
assert len(gaps) == 1, gaps   # exactly one run of lines lost
errs = [json.loads(l) for l in open("corrupt/errors.jsonl")]
assert len(errs) == 1 and "frame" in errs[0]["error"], errs
PY

note "a truncated zstd file keeps every complete line before the cut"
# Large enough for several zstd blocks (128 KiB each): output comes a block at a time.
python3 -c '
for i in range(1, 5001):
    print("{\"id\":\"d%04d\",\"text\":\"Document %d of the truncation test, which needs many blocks.\"}" % (i, i))' > big.jsonl
zstd -q -19 --single-thread -c big.jsonl > single.jsonl.zst
head -c $(( $(stat -c %s single.jsonl.zst) * 6 / 10 )) single.jsonl.zst > cut.jsonl.zst
run_expect 0 run --quiet -o cut cut.jsonl.zst
python3 - <<'PY' || fail "truncated file handling is wrong"
import json
ids = [json.loads(l)["id"] for l in open("cut/docs.jsonl")]
assert ids and ids == ["d%04d" % i for i in range(1, len(ids) + 1)], ids[:3]
assert len(ids) < 5000
errs = [json.loads(l) for l in open("cut/errors.jsonl")]
assert len(errs) == 1 and "truncated" in errs[0]["error"], errs
PY

note "zstd on standard input gives the same output as the file"
run_expect 0 run --quiet -o stdin - < many.jsonl.zst
for f in clean/*.jsonl; do
    n=$(basename "$f")
    [ "$n" = docs.jsonl ] && continue
    cmp -s "$f" "stdin/$n" || fail "stdin output $n differs from the file's"
done
cmp -s clean/docs.jsonl stdin/docs.jsonl || fail "stdin docs.jsonl differs from the file's"

note "random bytes named .zst: reported, never a crash"
head -c 5000 /dev/urandom > random.jsonl.zst
run_expect 0 run --quiet -o random random.jsonl.zst
[ -s random/errors.jsonl ] || fail "random bytes produced no error record"

note "user mistakes: one line, exit 1 or 2"
run_expect 1 run --quiet -o missing no-such-file.jsonl
grep -q 'no-such-file.jsonl' err.txt || fail "missing input not named"
echo x > plainfile
run_expect 1 run --quiet -o plainfile/sub mixed.jsonl
run_expect 2 run --quiet --set ngrams.max_n=9 -o o mixed.jsonl
grep -q 'max_n' err.txt || fail "bad value message does not name the option"
run_expect 2 run --quiet --ops nope -o o mixed.jsonl
grep -q 'ngrams' err.txt || fail "unknown operator message does not list the operators"
run_expect 2 run --quiet --set ngrams.nope=1 -o o mixed.jsonl
run_expect 2 run --quiet --threads zero -o o mixed.jsonl
run_expect 2 run --quiet --bogus mixed.jsonl
run_expect 2 run --quiet
run_expect 2 frobnicate
run_expect 2 run --quiet --shard 3/3 -o o mixed.jsonl
echo "bad input handled"
