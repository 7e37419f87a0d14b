#!/usr/bin/env bash
# Engine benchmark: local copy with Ferry (verification always on) against rclone on the same
# corpora, in alternating rounds, plus Ferry's peak RSS while copying one 4 GiB file.
# Corpora (seeded, built in a temporary folder): 4 x 256 MiB files and 20,000 files of 1-64 KiB.
# Usage: tests/bench/run-engine-bench.sh [--rounds N] [--ferry-cli PATH] [--skip-rss]
# Needs python3, rclone and /usr/bin/time (installer/deps-debian.sh installs them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=3
ferry_cli="${FERRY_CLI:-}"
skip_rss=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --ferry-cli) ferry_cli="$2"; shift 2 ;;
        --skip-rss) skip_rss=1; shift ;;
        -h | --help) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-engine-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [[ -z "$ferry_cli" ]]; then
    for candidate in "$repo"/build*/app/ferry-cli; do
        [[ -x "$candidate" ]] && ferry_cli="$candidate" && break
    done
fi
for tool in python3 rclone /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "run-engine-bench.sh: $tool is missing; run installer/deps-debian.sh" >&2; exit 1; }
done
[[ -x "$ferry_cli" ]] || { echo "run-engine-bench.sh: build ferry-cli first or pass --ferry-cli PATH" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-engine-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
export RCLONE_CONFIG=/dev/null

echo "Building corpora in $work ..."
python3 - "$work/src" <<'PYTHON'
import os, random, sys
root = sys.argv[1]
rng = random.Random(20270104)
os.makedirs(os.path.join(root, "large"))
block = 4 << 20
for i in range(4):
    with open(os.path.join(root, "large", f"large-{i}.bin"), "wb") as f:
        for _ in range((256 << 20) // block):
            f.write(rng.randbytes(block))
for i in range(20000):
    folder = os.path.join(root, "small", f"d{i % 100:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(rng.randbytes(rng.randint(1024, 64 * 1024)))
PYTHON
du -sh "$work/src" | sed 's/^/corpus: /'

now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.2f}')"; }

ferry_times=()
rclone_times=()
for ((round = 1; round <= rounds; round++)); do
    for tool in ferry rclone; do
        # Alternate which tool goes first, so neither always meets a warmer cache.
        if (( round % 2 == 0 )); then tool=$([[ $tool == ferry ]] && echo rclone || echo ferry); fi
        rm -rf "$work/dst" "$work/journal"; sync
        start=$(now)
        if [[ $tool == ferry ]]; then
            "$ferry_cli" copy "$work/src" "$work/dst" --journal "$work/journal/run.journal" >/dev/null
        else
            rclone copy "$work/src" "$work/dst"
        fi
        end=$(now)
        t=$(seconds "$start" "$end")
        echo "round $round: $tool $t s"
        if [[ $tool == ferry ]]; then ferry_times+=("$t"); else rclone_times+=("$t"); fi
    done
done
rm -rf "$work/dst" "$work/journal"

python3 - "${ferry_times[*]}" "${rclone_times[*]}" <<'PYTHON'
import statistics, sys
f = [float(x) for x in sys.argv[1].split()]
r = [float(x) for x in sys.argv[2].split()]
mf, mr = statistics.median(f), statistics.median(r)
print(f"ferry  median {mf:.2f} s  (rounds: {', '.join(f'{x:.2f}' for x in f)})")
print(f"rclone median {mr:.2f} s  (rounds: {', '.join(f'{x:.2f}' for x in r)})")
print(f"ratio ferry/rclone {mf / mr:.2f} (goal <= 0.80)")
PYTHON

if (( skip_rss == 0 )); then
    rm -rf "$work/src"
    echo "Writing one 4 GiB file ..."
    python3 - "$work/big/one.bin" <<'PYTHON'
import os, random, sys
os.makedirs(os.path.dirname(sys.argv[1]))
rng = random.Random(4)
block = rng.randbytes(8 << 20)
with open(sys.argv[1], "wb") as f:
    for i in range(512):
        f.write(block[i % 7:] + block[:i % 7])
PYTHON
    /usr/bin/time -v "$ferry_cli" copy "$work/big" "$work/bigdst" --journal "$work/journal/big.journal" \
        >/dev/null 2>"$work/time.txt"
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    echo "ferry copy of one 4 GiB file: peak RSS $((rss_kb / 1024)) MiB (goal < 150 MiB), wall $wall"
fi
