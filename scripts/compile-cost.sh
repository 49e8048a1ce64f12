#!/usr/bin/env bash
# Compile cost of dorm's typed queries against the same statements written by hand with the
# sqlite3 C API (issue 15, item 6; docs/performance.md, "Compile cost").
#
#   bash scripts/compile-cost.sh [--runs N] [--build DIR]     time and memory, best of N (3)
#   bash scripts/compile-cost.sh --smoke [--build DIR]        CI: compile, link and run once
#
# DIR is the build folder holding generator/dorm-gen and runtime/libdorm_runtime.a (default:
# build); --dorm-gen PATH and --runtime-lib PATH name them one by one (the ctest test does).
#
# bench/compile_cost/gen.py writes 30 tables and two translation units: 5 typed queries per
# table with dorm (find, filtered select with order and limit, count, update builder, join
# with projection) and the same statements with the sqlite3 C API; and a 100-table schema
# whose generated header is compiled alone. Each TU is compiled with g++ (CXX) and the
# project's flags at -O2, under /usr/bin/time -f '%e %U %S %M': wall seconds, CPU seconds
# (user + system: steadier than wall time on a loaded machine) and peak memory (the compiler's
# maximum resident set size). Each figure is the best of N runs, as other work on the machine
# only ever adds to it. Prints the figures, their ratios dorm / C API, and the 100-table
# header alone.
#
# --smoke compiles each TU once (not timed: CI's machine is shared), links the pair against
# the runtime (DIR/runtime/libdorm_runtime.a) and checks that both programs print the same
# sums of what their queries read, so the two TUs stay the same statements.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage="usage: scripts/compile-cost.sh [--runs N] [--smoke] [--build DIR] [--dorm-gen PATH] [--runtime-lib PATH]"
runs=3
smoke=0
build="$root/build"
dorm_gen=""
runtime_lib=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?$usage}; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --build) build=${2:?$usage}; shift 2 ;;
    --dorm-gen) dorm_gen=${2:?$usage}; shift 2 ;;
    --runtime-lib) runtime_lib=${2:?$usage}; shift 2 ;;
    *) echo "compile-cost.sh: unknown argument '$1'; $usage" >&2; exit 2 ;;
  esac
done
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "compile-cost.sh: --runs '$runs' is not a positive number; $usage" >&2
  exit 2
fi
dorm_gen=${dorm_gen:-$build/generator/dorm-gen}
runtime_lib=${runtime_lib:-$build/runtime/libdorm_runtime.a}
if [ ! -x "$dorm_gen" ]; then
  echo "compile-cost.sh: no dorm-gen at '$dorm_gen'; build it (cmake --build $build --target dorm-gen) or pass --build DIR" >&2
  exit 2
fi
if [ "$smoke" = 1 ] && [ ! -f "$runtime_lib" ]; then
  echo "compile-cost.sh: no runtime library at '$runtime_lib'; build it (cmake --build $build --target dorm_runtime) or pass --build DIR" >&2
  exit 2
fi
cxx=${CXX:-g++}
# The project's flags (dorm_warnings in CMakeLists.txt) at -O2, as scripts/bench.sh builds.
flags=(-std=c++20 -O2 -DNDEBUG -Wall -Wextra -Wpedantic -Werror)
if ! "$cxx" --version | grep -qi clang; then flags+=(-Wno-restrict -Wno-error=maybe-uninitialized); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/compile_cost/gen.py" 30 "$work/t30"
python3 "$root/bench/compile_cost/gen.py" 100 "$work/t100"
for dir in "$work/t30" "$work/t100"; do
  "$dorm_gen" generate -n scale -o "$dir/gen" "$dir/schema.json" > /dev/null
done

# Compiles source $1 (from folder $2) to $2/$1.o; prints "wall_s cpu_s peak_kb".
compile() {
  local dir=$2
  local timer=(/usr/bin/time -f '%e %U %S %M' -o "$work/time.txt")
  if [ "$smoke" = 1 ]; then timer=(); fi
  if ! "${timer[@]}" "$cxx" "${flags[@]}" -I "$dir/gen" -I "$root/runtime/include" -c "$dir/$1" -o "$dir/$1.o" 2> "$work/cc.txt"; then
    echo "compile-cost.sh: $cxx failed on $dir/$1:" >&2
    head -50 "$work/cc.txt" >&2
    exit 1
  fi
  if [ "$smoke" = 0 ]; then awk 'END { print $1, $2 + $3, $4 }' "$work/time.txt"; fi
}

# The smaller of two figures, the first taken when the second is empty.
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

# Best of $runs compiles of source $1 in folder $2; prints "wall_s cpu_s peak_mb".
best() {
  local wall="" cpu="" kb=""
  for _ in $(seq "$runs"); do
    read -r w c k < <(compile "$1" "$2")
    wall=$(smaller "$w" "$wall")
    cpu=$(smaller "$c" "$cpu")
    kb=$(smaller "$k" "$kb")
  done
  awk -v w="$wall" -v c="$cpu" -v k="$kb" 'BEGIN { printf "%.2f %.2f %.0f\n", w, c, k / 1024 }'
}

if [ "$smoke" = 1 ]; then
  runs=1
  for tu in dorm_queries.cpp c_api_queries.cpp; do compile "$tu" "$work/t30" > /dev/null; done
  compile include_only.cpp "$work/t100" > /dev/null
  "$cxx" "$work/t30/dorm_queries.cpp.o" "$runtime_lib" -lsqlite3 -o "$work/dorm_queries"
  "$cxx" "$work/t30/c_api_queries.cpp.o" -lsqlite3 -o "$work/c_api_queries"
  "$work/dorm_queries" > "$work/dorm.out"
  "$work/c_api_queries" > "$work/c_api.out"
  if ! diff "$work/dorm.out" "$work/c_api.out" > "$work/diff.txt"; then
    echo "compile-cost.sh: the dorm and C API programs read different results (< dorm, > C API):" >&2
    cat "$work/diff.txt" >&2
    exit 1
  fi
  echo "compile-cost smoke: both TUs and the 100-table header compile; both programs print $(tail -1 "$work/dorm.out")"
  exit 0
fi

read -r dorm_wall dorm_cpu dorm_mb < <(best dorm_queries.cpp "$work/t30")
read -r c_wall c_cpu c_mb < <(best c_api_queries.cpp "$work/t30")
read -r header_wall header_cpu header_mb < <(best include_only.cpp "$work/t100")
echo "compile cost: $($cxx --version | head -1), ${flags[*]}; best of $runs"
printf '%-38s %10s %10s %10s\n' "" "wall" "CPU" "peak"
printf '%-38s %8s s %8s s %7s MB\n' "30 tables x 5 queries, dorm" "$dorm_wall" "$dorm_cpu" "$dorm_mb"
printf '%-38s %8s s %8s s %7s MB\n' "30 tables x 5 queries, sqlite3 C API" "$c_wall" "$c_cpu" "$c_mb"
awk -v a="$dorm_wall" -v b="$c_wall" -v c="$dorm_cpu" -v d="$c_cpu" -v e="$dorm_mb" -v f="$c_mb" \
  'BEGIN { printf "%-38s %9.2fx %9.2fx %9.2fx\n", "ratio dorm / C API", a / b, c / d, e / f }'
printf '%-38s %8s s %8s s %7s MB\n' "100-table generated header alone" "$header_wall" "$header_cpu" "$header_mb"
