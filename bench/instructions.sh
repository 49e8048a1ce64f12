#!/usr/bin/env bash
# Instructions per operation (callgrind, independent of machine load) of dorm's hot paths:
# W1 insert, W2 point select, W3 per row (vector and cursor), W5 update by key, at 1/10 size
# (DORM_BENCH_DIVISOR=10), as docs/performance.md "Reproduce" counts them one at a time.
#
#   bash bench/instructions.sh [path/to/dorm_bench] [library: dorm (default) or c_api]
#
# Needs valgrind and a Release build of dorm_bench (bash scripts/bench.sh builds one in
# build-bench/). Prints one line per workload: name, Collected, operations, per operation.
set -euo pipefail
bench=${1:-build-bench/bench/dorm_bench}
library=${2:-dorm}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name | benchmark function to count (same name for dorm and the C API) | filter | operations
run() {
  local name=$1 function=$2 filter=$3 operations=$4
  DORM_BENCH_DIVISOR=10 valgrind --tool=callgrind --collect-atstart=no --toggle-collect="*${function}(*" \
    --callgrind-out-file="$out/$name.out" "$bench" --benchmark_filter="${filter}/${library}\$" \
    --benchmark_min_time=0.000001 --benchmark_repetitions=1 >/dev/null 2>"$out/$name.log"
  local collected
  collected=$(grep -m1 '^summary:' "$out/$name.out" | awk '{print $2}')
  printf '%-10s %14s %7s %10.0f\n' "$name" "$collected" "$operations" "$(echo "$collected / $operations" | bc -l)"
}

printf '%-10s %14s %7s %10s\n' workload collected ops per_op
run W1 W1_insert W1_insert_100k 10000
run W2 W2_point_select W2_point_select_100k 10000
run W3_vector W3_scan_vector W3_scan_vector_100k 10000
run W3_cursor W3_scan_cursor W3_scan_cursor_100k 10000
run W5 W5_update W5_update_10k 1000
