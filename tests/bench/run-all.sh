#!/usr/bin/env bash
# `make bench`: every Google Benchmark executable of the build tree (planner, simulation, inventory
# import, canvas), then the engine's copy benchmark against rclone. Figures and how to read them:
# docs/benchmarks.md.
# Usage: tests/bench/run-all.sh [BUILD_DIR]   (default: build)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$repo/build}"
[[ -d "$build/tests/bench" ]] || { echo "run-all.sh: no benchmarks in $build; build with FERRY_BUILD_BENCHMARKS=ON" >&2; exit 1; }
shopt -s nullglob
benches=("$build"/tests/bench/bench_*)
(( ${#benches[@]} )) || { echo "run-all.sh: no bench_* executables in $build/tests/bench" >&2; exit 1; }
for bench in "${benches[@]}"; do
    [[ -x "$bench" && -f "$bench" ]] || continue
    echo "=== $(basename "$bench")"
    "$bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
done
echo "=== run-engine-bench.sh"
"$repo/tests/bench/run-engine-bench.sh" --ferry-cli "$build/app/ferry-cli" --rounds 2
