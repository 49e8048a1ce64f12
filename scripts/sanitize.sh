#!/usr/bin/env bash
# Builds the concurrent and stateful runtime's tests under the sanitizers and runs them
# repeatedly, in random orders (thread interleavings differ between runs):
#   tsan  ThreadSanitizer, in ./build-tsan ($TSAN_BUILD), with $CXX or the default c++ (g++ 12
#         on Debian; clang++-14 works too: CXX=clang++-14 CC=clang-14): dorm_pool_tests,
#         dorm_connection_pool_tests, dorm_mirror_tests, dorm_tenant_scope_tests, tenants_example,
#         and dorm_server_tests (dorm-serve's worker pool, shutdown and per-request connections).
#         Not in CI (too slow for its budget): run it before resolving an issue that touches
#         threads.
#   asan  AddressSanitizer + UBSan, in CI's own sanitized build ./build-asan ($ASAN_BUILD,
#         clang++-14, scripts/asan-build.sh): the same binaries plus dorm_runtime_tests and
#         dorm_lifecycle_tests (CI runs each once, as asan.<binary>).
# Usage: scripts/sanitize.sh [tsan|asan|all] [repetitions]   (default: all 3)
# The example runs twice in a fresh folder, as ctest runs it. Stops at the first report and
# exits non-zero. Both builds take DORM_SANITIZE (top-level CMakeLists.txt). SQLite itself is
# not instrumented (Debian's libsqlite3), so TSan sees a connection used by two threads at once
# only through dorm's own accesses around it.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
repetitions=${2:-3}
jobs=${JOBS:-2}
tsan_build=${TSAN_BUILD:-build-tsan}  # folders: override to reuse existing builds
asan_build=${ASAN_BUILD:-build-asan}

thread_targets=(dorm_pool_tests dorm_connection_pool_tests dorm_mirror_tests dorm_tenant_scope_tests)
# Threaded too, but only under TSan: CI's sanitized subset stays within its time budget.
tsan_only_targets=(dorm_server_tests)

run_tests() {  # build dir, test binaries...
  local build=$1
  shift
  for target in "$@"; do
    local binary
    # Absolute: the test runs from its own folder, and the default build folders are relative.
    binary=$(realpath "$(find "$build/tests" -type f -name "$target" -perm -u+x | head -n 1)")
    for ((i = 1; i <= repetitions; ++i)); do
      echo "== $build: $target, run $i of $repetitions"
      (cd "$(dirname "$binary")" && "$binary" --order rand --rng-seed "$i" | tail -n 2)
    done
  done
  local data
  data=$(mktemp -d)
  echo "== $build: tenants_example, twice"
  "$build/examples/tenants/tenants_example" "$data/tenants-data" >/dev/null
  "$build/examples/tenants/tenants_example" "$data/tenants-data" >/dev/null
  rm -rf "$data"
}

if [[ $which == tsan || $which == all ]]; then
  cmake -S . -B "$tsan_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDORM_SANITIZE=thread \
    -DDORM_BUILD_TESTS=ON -DDORM_BUILD_EXAMPLES=ON -DDORM_BUILD_BENCHMARKS=OFF -DDORM_WITH_CLANG=OFF
  cmake --build "$tsan_build" -j"$jobs" --target "${thread_targets[@]}" "${tsan_only_targets[@]}" dorm-serve tenants_example
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4"
  run_tests "$tsan_build" "${thread_targets[@]}" "${tsan_only_targets[@]}"
fi

if [[ $which == asan || $which == all ]]; then
  asan_targets=("${thread_targets[@]}" dorm_runtime_tests dorm_lifecycle_tests)
  ASAN_BUILD=$asan_build JOBS=$jobs bash scripts/asan-build.sh "${asan_targets[@]}" tenants_example
  # As CI sets them (tests/sanitized/CMakeLists.txt): the first report stops the run.
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
  run_tests "$asan_build" "${asan_targets[@]}"
fi
echo "sanitizers: no reports"
