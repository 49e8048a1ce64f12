#!/usr/bin/env bash
# Configures, builds and tests dorm in ./build (or $1), with at most 2 parallel jobs.
# ctest's output streams as usual, except that its summary line
# ("100% tests passed, 0 tests failed out of N") is held back and printed last, so the last
# line of this script tells whether everything passed. Exits with ctest's status.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

cmake -S . -B "$build" -G Ninja
cmake --build "$build" -j2

summary_re='^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+'
set +e
ctest --test-dir "$build" -j2 --output-on-failure --no-tests=error 2>&1 |
  awk -v re="$summary_re" '
    $0 ~ re { summary = $0; next }
    { print; fflush() }
    END { if (summary != "") print summary; else print "ctest printed no summary line" }'
status=${PIPESTATUS[0]}
exit "$status"
