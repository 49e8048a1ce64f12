#!/usr/bin/env bash
# Instructions per operation of the connection seam's dispatch choices (issue 15, item 1),
# counted with bench/instructions.sh (callgrind; W1 insert, W2 pk lookup, W3 per row, W5
# update), each on its own Release build of dorm_bench:
#   static      the seam main ships: dorm::Statement is the SQLite statement, calls inline;
#   per_value   dynamic: dorm::Statement owns an abstract engine statement (virtual step, reset,
#               bind_*, and column(i) returning an engine-neutral value);
#   batch       dynamic, per-row batching: a virtual step() decodes the row into neutral
#               values that column(i) reads inline;
#   closed_set  a closed set: SQLite inline and any other engine behind the interface
#               (std::variant, one branch per call), the shape issue 18's dqlite would take.
# The dynamic and closed-set variants are bench/seam_dispatch.patch (measurement code, not
# shipped; macros pick the variant) applied to the commit it was written for, so the numbers
# are rerun on the same runtime. docs/performance.md, "The connection seam", has the results.
#
#   bash bench/seam_dispatch.sh [variant...]     # default: all four; ~10 min per variant
#
# Needs git, valgrind, bc and a checkout of the repository (it adds a temporary worktree).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base=709f949ad2026a828fe97cc678cbfa4427731a03   # the commit the patch applies to
variants=("$@")
[[ ${#variants[@]} -gt 0 ]] || variants=(static per_value batch closed_set)
work=$(mktemp -d)
cleanup() {
  git -C "$root" worktree remove --force "$work/static" 2>/dev/null || true
  git -C "$root" worktree remove --force "$work/patched" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
git worktree add -q --detach "$work/static" "$base"
git worktree add -q --detach "$work/patched" "$base"
git -C "$work/patched" apply "$root/bench/seam_dispatch.patch"

for variant in "${variants[@]}"; do
  case $variant in
    static) source=$work/static defines= ;;
    per_value) source=$work/patched defines=-DDORM_SEAM_PER_VALUE ;;
    batch) source=$work/patched defines= ;;
    closed_set) source=$work/patched defines="-DDORM_SEAM_PER_VALUE -DDORM_SEAM_CLOSED_SET" ;;
    *) echo "seam_dispatch.sh: unknown variant '$variant' (static, per_value, batch, closed_set)" >&2; exit 2 ;;
  esac
  build=$work/build-$variant
  cmake -S "$source" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG $defines" \
    -DDORM_BUILD_BENCHMARKS=ON -DDORM_BUILD_TESTS=OFF -DDORM_BUILD_EXAMPLES=OFF -DDORM_WITH_CLANG=OFF >/dev/null
  cmake --build "$build" -j2 --target dorm_bench >/dev/null
  echo "== $variant"
  bash "$source/bench/instructions.sh" "$build/bench/dorm_bench"
done
