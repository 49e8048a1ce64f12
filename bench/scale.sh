#!/usr/bin/env bash
# Generator and compile-time scale (docs/performance.md): for 25, 50, 100 and 300 generated
# tables, the time and peak memory of dorm-gen, and of g++ -O2 on a translation unit that
# includes the generated header (include only, and with 5 queries per table).
#
#   bash bench/scale.sh [path/to/dorm-gen]     (default: build-bench/generator/dorm-gen)
#
# Times are user+sys CPU seconds and wall seconds from /usr/bin/time -v; memory is its
# "Maximum resident set size". The compile of the 300-table TU is skipped (the numbers for
# 25/50/100 show the growth); set DORM_SCALE_COMPILE_300=1 to include it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dorm_gen=${1:-$root/build-bench/generator/dorm-gen}
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs "$@" under /usr/bin/time -v; prints "cpu_s wall_s max_rss_mb".
measure() {
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  awk -F': ' '
    /User time/ { user = $2 } /System time/ { sys = $2 }
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %.0f\n", user + sys, wall, rss / 1024 }' "$work/time.txt"
}

printf '%-7s %-28s %-34s %-34s\n' tables "dorm-gen cpu/wall/rss" "g++ -O2 include-only cpu/wall/rss" "g++ -O2 5 queries/table cpu/wall/rss"
for n in 25 50 100 300; do
  dir="$work/s$n"
  python3 "$root/bench/gen_schema.py" "$n" "$dir"
  read -r gc gw gm < <(measure "$dorm_gen" generate -n scale -o "$dir/gen" "$dir/schema.json")
  lines=$(wc -l < "$dir/gen/scale/models.hpp")
  inc="-"
  use="-"
  if [ "$n" -le 100 ] || [ "${DORM_SCALE_COMPILE_300:-0}" = 1 ]; then
    printf '#include "scale/models.hpp"\nint main() { return 0; }\n' > "$dir/include_only.cpp"
    read -r ic iw im < <(measure "$cxx" -std=c++20 -O2 -I "$dir/gen" -I "$root/runtime/include" -c "$dir/include_only.cpp" -o "$dir/inc.o")
    read -r uc uw um < <(measure "$cxx" -std=c++20 -O2 -I "$dir/gen" -I "$root/runtime/include" -c "$dir/use.cpp" -o "$dir/use.o")
    inc="${ic}s / ${iw}s / ${im} MB"
    use="${uc}s / ${uw}s / ${um} MB"
  fi
  printf '%-7s %-28s %-34s %-34s (%s header lines)\n' "$n" "${gc}s / ${gw}s / ${gm} MB" "$inc" "$use" "$lines"
done
