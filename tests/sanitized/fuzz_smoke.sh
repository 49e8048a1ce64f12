#!/usr/bin/env bash
# The fuzz.<name> ctest test: scripts/fuzz.sh --no-build on one target of the sanitized build,
# with new inputs, artifacts and logs in a temporary folder that is removed when the target
# found nothing and kept (fuzz.sh prints where) when it found something.
# Usage: fuzz_smoke.sh <sanitized build dir> <seconds> <target>
set -euo pipefail
build=$1
seconds=$2
target=$3
out=$(mktemp -d "${TMPDIR:-/tmp}/dorm-fuzz-smoke.XXXXXX")
# A fixed seed: CI replays the same mutations every time (a faster machine gets further along
# the same sequence), so a red fuzz.* test is reproducible; new findings come from
# scripts/fuzz.sh runs, which draw a random seed. FUZZ_SEED= overrides it.
FUZZ_SEED=${FUZZ_SEED-1} FUZZ_BUILD=$build FUZZ_OUT=$out bash "$(dirname "$0")/../../scripts/fuzz.sh" --no-build "$seconds" "$target"
rm -rf "$out"
