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
FUZZ_BUILD=$build FUZZ_OUT=$out bash "$(dirname "$0")/../../scripts/fuzz.sh" --no-build "$seconds" "$target"
rm -rf "$out"
