#!/usr/bin/env bash
# Builds and runs dorm's benchmarks (bench/) and prints the table of docs/performance.md.
#
#   bash scripts/bench.sh [extra Google Benchmark flags, e.g. --benchmark_filter=W2]
#
# Configures a Release build in ./build-bench (-O2: the optimization level the performance
# numbers and DESIGN.md use), builds with at most 2 jobs, runs every workload 5 times and
# prints the medians and the ratios dorm / C API and dorm / SQLiteCpp. The raw results stay in
# build-bench/bench-results.json. Database files go to a temporary directory (or
# $DORM_BENCH_DIR, kept afterwards) and are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${DORM_BENCH_BUILD_DIR:-build-bench}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DDORM_BUILD_BENCHMARKS=ON -DDORM_BUILD_TESTS=OFF -DDORM_BUILD_EXAMPLES=OFF -DDORM_WITH_CLANG=OFF
cmake --build "$build" -j2 --target dorm_bench

results="$build/bench-results.json"
"$build/bench/dorm_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$results" --benchmark_out_format=json "$@"
echo
python3 bench/report.py "$results" --time cpu
echo
python3 bench/report.py "$results" --time real
