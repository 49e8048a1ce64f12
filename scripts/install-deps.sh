#!/usr/bin/env bash
# Installs everything dorm needs to build and test on Debian 12 (run as root, or via sudo).
# One list, so README, CI and a fresh machine agree on what "set up" means.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache git pkg-config
  libsqlite3-dev nlohmann-json3-dev libkainjow-mustache-dev libcli11-dev catch2
  # dorm-serve (server/): the HTTP server library
  libcpp-httplib-dev
  # the Clang front end (DORM_WITH_CLANG): LibTooling, its CMake package and clang -print-resource-dir
  clang-14 libclang-14-dev libclang-cpp14-dev llvm-14-dev
  # the sanitized build and the fuzz targets (scripts/asan-build.sh, scripts/fuzz.sh): clang-14's
  # ASan/UBSan/libFuzzer runtimes, and llvm-symbolizer-14 for reports with file:line
  libclang-rt-14-dev llvm-14
  # benchmarks (bench/, scripts/bench.sh): Google Benchmark and SQLiteCpp, the C++ peer compared
  libbenchmark-dev libsqlitecpp-dev
  # the compile-cost pair (scripts/compile-cost.sh, its ctest smoke): python3 writes the
  # translation units, /usr/bin/time measures them
  python3 time
)
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
