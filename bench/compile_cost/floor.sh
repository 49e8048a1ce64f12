#!/usr/bin/env bash
# The floor of a typed query API against dorm and the sqlite3 C API (issue 15, item 6;
# docs/performance.md, "The floor of a typed API").
#
#   bash bench/compile_cost/floor.sh [--runs N] [--build DIR]   time and memory, best of N (2)
#   bash bench/compile_cost/floor.sh --smoke [--build DIR]      compile, link and run once
#
# DIR is the build folder holding generator/dorm-gen and runtime/libdorm_runtime.a (default:
# build); --dorm-gen PATH and --runtime-lib PATH name them one by one (the ctest test does).
#
# Writes the 30-table TUs (gen.py 30, floor.py 30) and compiles each with g++ (CXX) and
# scripts/compile-cost.sh's flags under /usr/bin/time: the dorm TU, the C API TU, the floor
# (floor_api.hpp), the floor's executor calls without typed expressions, and the includes
# alone of the floor and of the C API. Prints CPU seconds (user + system) and peak memory, best
# of N, and each TU's ratio to the C API TU; run them in the same minutes, as CPU time follows
# the machine's load (peak memory does not).
#
# --smoke compiles the floor TUs once, links them with floor_executor.cpp and DIR's runtime
# library, and checks that they print what the C API program prints.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/bench/compile_cost"
usage="usage: bench/compile_cost/floor.sh [--runs N] [--smoke] [--build DIR] [--dorm-gen PATH] [--runtime-lib PATH]"
runs=2
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
    *) echo "floor.sh: unknown argument '$1'; $usage" >&2; exit 2 ;;
  esac
done
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "floor.sh: --runs '$runs' is not a positive number; $usage" >&2
  exit 2
fi
dorm_gen=${dorm_gen:-$build/generator/dorm-gen}
runtime_lib=${runtime_lib:-$build/runtime/libdorm_runtime.a}
for need in "$dorm_gen" "$runtime_lib"; do
  if [ ! -e "$need" ]; then
    echo "floor.sh: no '$need'; build it (cmake --build $build --target dorm-gen dorm_runtime) or pass --build DIR" >&2
    exit 2
  fi
done
cxx=${CXX:-g++}
flags=(-std=c++20 -O2 -DNDEBUG -Wall -Wextra -Wpedantic -Werror)
if ! "$cxx" --version | grep -qi clang; then flags+=(-Wno-restrict -Wno-error=maybe-uninitialized); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen.py" 30 "$work"
python3 "$here/floor.py" 30 "$work"
"$dorm_gen" generate -n scale -o "$work/gen" "$work/schema.json" > /dev/null
includes=(-I "$work/gen" -I "$root/runtime/include" -I "$here")

# Compiles $1 (a file) to $2; with timing, prints "cpu_s peak_kb".
compile() {
  if [ "$smoke" = 1 ]; then
    "$cxx" "${flags[@]}" "${includes[@]}" -c "$1" -o "$2" 2> "$work/cc.txt" || { head -50 "$work/cc.txt" >&2; exit 1; }
  else
    /usr/bin/time -f '%U %S %M' -o "$work/time.txt" "$cxx" "${flags[@]}" "${includes[@]}" -c "$1" -o "$2" \
      2> "$work/cc.txt" || { head -50 "$work/cc.txt" >&2; exit 1; }
    awk 'END { print $1 + $2, $3 }' "$work/time.txt"
  fi
}

if [ "$smoke" = 1 ]; then
  compile "$here/floor_executor.cpp" "$work/floor_executor.o"
  "$cxx" -std=c++20 -O2 "$work/c_api_queries.cpp" -lsqlite3 -o "$work/c_api"
  "$work/c_api" > "$work/c_api.out"
  for tu in dorm_floor dorm_untyped; do
    compile "$work/$tu.cpp" "$work/$tu.o"
    "$cxx" "$work/$tu.o" "$work/floor_executor.o" "$runtime_lib" -lsqlite3 -o "$work/$tu"
    "$work/$tu" > "$work/$tu.out"
    if ! diff "$work/$tu.out" "$work/c_api.out" > "$work/diff.txt"; then
      echo "floor.sh: $tu.cpp and the C API program read different results (< $tu, > C API):" >&2
      cat "$work/diff.txt" >&2
      exit 1
    fi
  done
  for tu in floor_empty c_api_empty; do compile "$work/$tu.cpp" "$work/$tu.o"; done
  echo "floor smoke: the floor TUs compile and print what the C API program prints: $(tail -1 "$work/c_api.out")"
  exit 0
fi

tus=(dorm_queries c_api_queries dorm_floor dorm_untyped floor_empty c_api_empty)
declare -A cpu mem
# Interleaved: run r compiles every TU once, so load changes reach them all alike.
for _ in $(seq "$runs"); do
  for tu in "${tus[@]}"; do
    read -r c k < <(compile "$work/$tu.cpp" /dev/null)
    if [ -z "${cpu[$tu]:-}" ] || awk -v a="$c" -v b="${cpu[$tu]}" 'BEGIN { exit !(a < b) }'; then cpu[$tu]=$c; fi
    if [ -z "${mem[$tu]:-}" ] || [ "$k" -lt "${mem[$tu]}" ]; then mem[$tu]=$k; fi
  done
done
echo "typed-API floor: $($cxx --version | head -1), ${flags[*]}; best of $runs; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %8s %9s %8s %8s\n' "TU (30 tables)" "CPU" "peak" "CPU/C" "mem/C"
label() {
  case "$1" in
    dorm_queries) echo "dorm, 5 queries per table (gen.py)" ;;
    c_api_queries) echo "sqlite3 C API, the same statements (gen.py)" ;;
    dorm_floor) echo "floor: typed expressions, constant SQL, one executor call" ;;
    dorm_untyped) echo "floor's executor calls, SQL and values by hand" ;;
    floor_empty) echo "floor's includes and generated header, no statement" ;;
    c_api_empty) echo "C API's includes, no statement" ;;
  esac
}
for tu in "${tus[@]}"; do
  awk -v l="$(label "$tu")" -v c="${cpu[$tu]}" -v k="${mem[$tu]}" -v cc="${cpu[c_api_queries]}" -v ck="${mem[c_api_queries]}" \
    'BEGIN { printf "%-58s %6.2f s %6.0f MB %7.2fx %7.2fx\n", l, c, k / 1024, c / cc, k / ck }'
done
