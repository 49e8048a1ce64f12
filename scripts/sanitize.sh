#!/usr/bin/env bash
# Builds the concurrent and stateful runtime's tests under the sanitizers and runs them:
#   ThreadSanitizer               in ./build-tsan  (dorm_pool_tests, dorm_mirror_tests,
#                                                    dorm_tenant_scope_tests, tenants_example)
#   AddressSanitizer + UBSan      in ./build-asan  (the same, plus dorm_runtime_tests and
#                                                    dorm_lifecycle_tests)
# Usage: scripts/sanitize.sh [tsan|asan|all] [repetitions]   (default: all 3)
# Every test binary runs `repetitions` times (thread interleavings differ between runs); the
# example runs twice in a fresh folder, as ctest runs it. Stops at the first report and exits
# non-zero. Not part of CI: the two Debug builds and the TSan runs take far longer than CI's
# test budget. SQLite itself is not instrumented (Debian's libsqlite3), so TSan sees a
# connection used by two threads at once only through dorm's own accesses around it.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
repetitions=${2:-3}
jobs=${JOBS:-2}
tsan_build=${TSAN_BUILD:-build-tsan}  # folders: override to reuse existing builds
asan_build=${ASAN_BUILD:-build-asan}

common=(-G Ninja -DCMAKE_BUILD_TYPE=Debug -DDORM_BUILD_TESTS=ON -DDORM_BUILD_EXAMPLES=ON
        -DDORM_BUILD_BENCHMARKS=OFF -DDORM_WITH_CLANG=OFF)
scope_targets=(dorm_pool_tests dorm_mirror_tests dorm_tenant_scope_tests)

run_tests() {  # build dir, test binaries...
  local build=$1
  shift
  for target in "$@"; do
    local binary
    binary=$(find "$build/tests" -type f -name "$target" -perm -u+x | head -n 1)
    for ((i = 1; i <= repetitions; ++i)); do
      echo "== $build: $target, run $i of $repetitions"
      "$binary" --order rand --rng-seed "$i" | tail -n 2
    done
  done
  local data
  data=$(mktemp -d)
  echo "== $build: tenants_example, twice"
  "$build/schemas/tenants/tenants_example" "$data/tenants-data" >/dev/null
  "$build/schemas/tenants/tenants_example" "$data/tenants-data" >/dev/null
  rm -rf "$data"
}

if [[ $which == tsan || $which == all ]]; then
  flags="-fsanitize=thread -g -O1"
  cmake -S . -B "$tsan_build" "${common[@]}" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread"
  cmake --build "$tsan_build" -j"$jobs" --target "${scope_targets[@]}" tenants_example
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4"
  run_tests "$tsan_build" "${scope_targets[@]}"
fi

if [[ $which == asan || $which == all ]]; then
  # GCC's -Wmaybe-uninitialized gives false positives inside libstdc++'s <regex> once the
  # sanitizers instrument it; with -Werror they would stop the build.
  flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
  if c++ --version | grep -q "(GCC)\|Free Software"; then flags+=" -Wno-maybe-uninitialized"; fi
  cmake -S . -B "$asan_build" "${common[@]}" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
  cmake --build "$asan_build" -j"$jobs" --target "${scope_targets[@]}" tenants_example dorm_runtime_tests \
    dorm_lifecycle_tests
  export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  run_tests "$asan_build" "${scope_targets[@]}" dorm_runtime_tests dorm_lifecycle_tests
fi
echo "sanitizers: no reports"
