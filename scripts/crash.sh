#!/usr/bin/env bash
# Runs N kill -9 trials of the crash harness (tests/crash; docs/reliability.md, "Crash safety"):
# a writer process is killed with SIGKILL at random moments and at chosen points, and after
# each kill its database (with --mirror: the aggregate after a replay too) is checked.
#   scripts/crash.sh N [--mirror]
# Builds dorm_crash_tests in ./build (or $BUILD; configured there when it has no CMakeCache),
# then prints the trials, the transactions reported committed, found, lost, partial, integrity
# failures, and the wall time. DORM_CRASH_SEED=<n> reruns the schedule of a printed seed.
# Exits non-zero when any trial found a problem.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/crash.sh N [--mirror]   (N: number of trials, e.g. 200)"
trials=${1:-}
if [[ ! $trials =~ ^[1-9][0-9]*$ ]]; then
  echo "crash.sh: N must be a positive number of trials, not '$trials'" >&2
  echo "$usage" >&2
  exit 2
fi
case ${2:-} in
  "") test='A writer killed at random moments*'; variable=DORM_CRASH_TRIALS ;;
  --mirror) test='A mirrored writer killed*'; variable=DORM_CRASH_MIRROR_TRIALS ;;
  *) echo "crash.sh: unknown option '$2'" >&2; echo "$usage" >&2; exit 2 ;;
esac
build=${BUILD:-build}

[[ -f $build/CMakeCache.txt ]] || cmake -S . -B "$build" -G Ninja
cmake --build "$build" -j"${JOBS:-2}" --target dorm_crash_tests >/dev/null

start=$(date +%s.%N)
set +e
env "$variable=$trials" "$build/tests/crash/dorm_crash_tests" "$test"
status=$?
set -e
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "  wall time: %.1f s\n", e - s }'
exit "$status"
