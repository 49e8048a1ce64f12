#!/usr/bin/env bash
# Configures and builds the sanitized build CI runs (docs/reliability.md, "Sanitizers"):
# clang++-14, AddressSanitizer + UndefinedBehaviorSanitizer (DORM_SANITIZE) and the libFuzzer
# targets (DORM_BUILD_FUZZERS), in ./build-asan (or $ASAN_BUILD).
# Usage: scripts/asan-build.sh [target...]
#   default target: dorm_sanitized_subset (tests/sanitized: the test binaries CI runs as asan.*
#   and the fuzz targets it runs as fuzz.*). scripts/test.sh and scripts/sanitize.sh (asan)
#   build through it; scripts/fuzz.sh configures the same options.
# DORM_FUZZ_SECONDS (default 60): how long each fuzz.<name> test fuzzes; JOBS (default 2).
# Build type: RelWithDebInfo (BUILD_TYPE= to change it), measured against Debug on 2026-12-06
# (clang-14, ASan+UBSan, the 2-core machine under load): Debug compiles each file in 40% of the
# CPU time (tests/runtime/test_crud.cpp 6.5 s against 16.5 s, generator/ir/validate.cpp 5.4 s
# against 14.8 s), but its fuzz targets run 6 to 80 times slower (fuzz_schema_header 14 inputs/s
# against 831/s: a 60 s smoke would barely get through the seed corpus; fuzz_pattern 132/s
# against 794/s) and asan.dorm_runtime_tests takes 111 s.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ASAN_BUILD:-build-asan}
jobs=${JOBS:-2}

cmake -S . -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DDORM_SANITIZE=address,undefined -DDORM_BUILD_FUZZERS=ON \
  -DDORM_WITH_CLANG=OFF -DDORM_BUILD_BENCHMARKS=OFF \
  -DDORM_FUZZ_SECONDS="${DORM_FUZZ_SECONDS:-60}"
if [ $# -eq 0 ]; then
  set -- dorm_sanitized_subset
fi
cmake --build "$build" -j"$jobs" --target "$@"
