#!/usr/bin/env bash
# Configures, builds and tests dorm, with at most 2 parallel jobs:
#   ./build (or $1)        g++, every target, every test;
#   ./build-asan           clang++-14 with ASan+UBSan and the libFuzzer targets, only what CI
#   (or $ASAN_BUILD)       runs there (scripts/asan-build.sh: target dorm_sanitized_subset);
# then ONE ctest over ./build, whose list also holds the sanitized build's asan.<binary> tests
# and a fuzz.<name> smoke test per fuzz target (DORM_FUZZ_SECONDS each, default 60; see
# tests/sanitized/CMakeLists.txt). DORM_TEST_SANITIZED=0 leaves the sanitized build out.
# ctest's output streams as usual, except that its summary line
# ("100% tests passed, 0 tests failed out of N") is held back and printed last, so the last
# line of this script tells whether everything passed. Exits with ctest's status.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
# A clone in a new folder (as CI makes) reuses the compiler cache of earlier clones: ccache
# hashes paths under the clone relative to it, and leaves the folder out of the hash of -g
# compiles (build-asan), which it otherwise always includes.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
asan_build=${ASAN_BUILD:-build-asan}

if [ "${DORM_TEST_SANITIZED:-1}" = 0 ]; then
  sanitized_dir=""
else
  case $asan_build in
    /*) sanitized_dir=$asan_build ;;
    *) sanitized_dir=$PWD/$asan_build ;;
  esac
fi
cmake -S . -B "$build" -G Ninja -DDORM_SANITIZED_BUILD_DIR="$sanitized_dir"
cmake --build "$build" -j2
if [ -n "$sanitized_dir" ]; then
  ASAN_BUILD="$sanitized_dir" bash scripts/asan-build.sh
fi

summary_re='^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+'
set +e
ctest --test-dir "$build" -j2 --output-on-failure --no-tests=error 2>&1 |
  awk -v re="$summary_re" '
    $0 ~ re { summary = $0; next }
    { print; fflush() }
    END { if (summary != "") print summary; else print "ctest printed no summary line" }'
status=${PIPESTATUS[0]}
exit "$status"
