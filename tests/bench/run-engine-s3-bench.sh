#!/usr/bin/env bash
# Engine benchmark (b): local folder to an S3 server (s3rver on 127.0.0.1), Ferry against rclone
# on the same seeded corpus, in alternating rounds; each copy goes into a fresh, empty s3rver.
# Corpus: 2 x 96 MiB files (multipart: 16 MiB parts) plus 2,000 files of 1-64 KiB.
# One writer at a time for both tools (Ferry --parallel 1 and concurrency=1, rclone --transfers 1
# and --s3-upload-concurrency 1): s3rver 3.7 answers 502 under concurrent writers.
# Usage: tests/bench/run-engine-s3-bench.sh [--rounds N] [--ferry-cli PATH] [--small N]
# Needs node with tests/servers installed (tests/servers/install.sh), python3 and rclone.
# rclone runs without AWS_CA_BUNDLE (its S3 client refuses a custom bundle on its transport;
# the server is plain http on 127.0.0.1 anyway).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=2
small=2000
ferry_cli="${FERRY_CLI:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --ferry-cli) ferry_cli="$2"; shift 2 ;;
        --small) small="$2"; shift 2 ;;
        -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-engine-s3-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [[ -z "$ferry_cli" ]]; then
    for candidate in "$repo"/build*/app/ferry-cli; do
        [[ -x "$candidate" ]] && ferry_cli="$candidate" && break
    done
fi
for tool in python3 rclone node; do
    command -v "$tool" >/dev/null || { echo "run-engine-s3-bench.sh: $tool is missing; run installer/deps-debian.sh" >&2; exit 1; }
done
[[ -x "$ferry_cli" ]] || { echo "run-engine-s3-bench.sh: build ferry-cli first or pass --ferry-cli PATH" >&2; exit 1; }
"$repo/tests/servers/install.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-s3-bench-XXXXXX")"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap 'stop_server; rm -rf "$work"' EXIT

echo "Building the corpus in $work ..."
python3 - "$work/src" "$small" <<'PYTHON'
import os, random, sys
root, small = sys.argv[1], int(sys.argv[2])
rng = random.Random(20270105)
os.makedirs(os.path.join(root, "large"))
for i in range(2):
    with open(os.path.join(root, "large", f"large-{i}.bin"), "wb") as f:
        for _ in range(24):
            f.write(rng.randbytes(4 << 20))
for i in range(small):
    folder = os.path.join(root, "small", f"d{i % 20:02d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(rng.randbytes(rng.randint(1024, 64 * 1024)))
PYTHON
du -sh "$work/src" | sed 's/^/corpus: /'

# Starts a fresh s3rver with an empty bucket "bench"; sets $port.
start_server() {
    rm -rf "$work/s3"
    mkdir -p "$work/s3"
    coproc S3RVER { exec node "$repo/tests/servers/run-s3rver.mjs" --port 0 --directory "$work/s3" --bucket bench 2>"$work/s3rver.log"; }
    server_pid=$S3RVER_PID
    local line=""
    read -r -t 30 line <&"${S3RVER[0]}" || { echo "s3rver did not start:" >&2; cat "$work/s3rver.log" >&2; exit 1; }
    port=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["port"])' "$line")
}

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
unset AWS_SESSION_TOKEN AWS_PROFILE
export RCLONE_CONFIG=/dev/null
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.2f}')"; }

ferry_times=()
rclone_times=()
for ((round = 1; round <= rounds; round++)); do
    for tool in ferry rclone; do
        if (( round % 2 == 0 )); then tool=$([[ $tool == ferry ]] && echo rclone || echo ferry); fi
        start_server
        rm -rf "$work/journal"
        start=$(now)
        if [[ $tool == ferry ]]; then
            "$ferry_cli" copy "$work/src" \
                "s3://bench/data?endpoint=http://127.0.0.1:$port&region=us-east-1&multipart_cutoff=64MiB&part_size=16MiB&concurrency=1" \
                --parallel 1 --journal "$work/journal/run.journal" >/dev/null
        else
            RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other \
            RCLONE_CONFIG_BENCH_ENDPOINT="http://127.0.0.1:$port" RCLONE_CONFIG_BENCH_REGION=us-east-1 \
            RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=S3RVER RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=S3RVER \
            RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true \
                env -u AWS_CA_BUNDLE rclone copy "$work/src" bench:bench/data --transfers 1 --checkers 1 \
                    --s3-upload-concurrency 1 --s3-upload-cutoff 64M --s3-chunk-size 16M
        fi
        end=$(now)
        stop_server
        t=$(seconds "$start" "$end")
        echo "round $round: $tool $t s"
        if [[ $tool == ferry ]]; then ferry_times+=("$t"); else rclone_times+=("$t"); fi
    done
done

python3 - "${ferry_times[*]}" "${rclone_times[*]}" <<'PYTHON'
import statistics, sys
f = [float(x) for x in sys.argv[1].split()]
r = [float(x) for x in sys.argv[2].split()]
mf, mr = statistics.median(f), statistics.median(r)
print(f"ferry  median {mf:.2f} s  (rounds: {', '.join(f'{x:.2f}' for x in f)})")
print(f"rclone median {mr:.2f} s  (rounds: {', '.join(f'{x:.2f}' for x in r)})")
print(f"ratio ferry/rclone {mf / mr:.2f}")
PYTHON
