#!/usr/bin/env bash
# Instructions (callgrind, independent of machine load) of writing 10,000 changed rows: dorm's
# Session::flush() against the hand-written loop of prepared single-row UPDATEs and the two
# hand-written multi-row forms (100 rows per statement), each counted alone, over one iteration
# (docs/performance.md, "Unit of work"). Also the no-op flush of 10,000 unchanged rows.
#
#   bash bench/session_instructions.sh [path/to/dorm_bench_session]
#
# Needs valgrind and a Release build of dorm_bench_session (cmake --build build-bench --target
# dorm_bench_session). Prints one line per case: name, instructions, per row.
set -euo pipefail
bench=${1:-build-bench/bench/dorm_bench_session}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name | function to count | benchmark filter
run() {
  local name=$1 function=$2 filter=$3
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect="$function" \
    --callgrind-out-file="$out/$name.out" "$bench" --benchmark_filter="^${filter}\$" \
    --benchmark_min_time=0.000001 --benchmark_repetitions=1 >/dev/null 2>"$out/$name.log"
  local collected
  collected=$(grep -m1 '^summary:' "$out/$name.out" | awk '{print $2}')
  printf '%-24s %14s %10.0f\n' "$name" "$collected" "$(echo "$collected / 10000" | bc -l)"
}

printf '%-24s %14s %10s\n' case instructions per_row
run hand_written_loop '*update_by_hand_written_loop*' BM_update_10k_hand_written_loop
run case_when_100 '*update_by_multi_row*' BM_update_10k_case_when/100
run values_join_100 '*update_by_multi_row*' BM_update_10k_values_join/100
run session_flush 'dorm::Session::flush()' BM_flush_10k_changed
run session_flush_no_change 'dorm::Session::flush()' BM_flush_10k_unchanged
