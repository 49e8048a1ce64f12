#!/usr/bin/env bash
# Installs everything dorm needs to build and test on Debian 12 (run as root, or via sudo).
# One list, so README, CI and a fresh machine agree on what "set up" means.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache git pkg-config
  libsqlite3-dev nlohmann-json3-dev libkainjow-mustache-dev libcli11-dev catch2
  # dorm-serve (server/): the HTTP server library
  libcpp-httplib-dev
  # dorm-node (cluster/, DORM_BUILD_CLUSTER): dqlite 1.11's node library (pulls libraft)
  libdqlite-dev
  # the Clang front end (DORM_WITH_CLANG): LibTooling, its CMake package and clang -print-resource-dir
  clang-14 libclang-14-dev libclang-cpp14-dev llvm-14-dev
  # the sanitized build and the fuzz targets (scripts/asan-build.sh, scripts/fuzz.sh): clang-14's
  # ASan/UBSan/libFuzzer runtimes, and llvm-symbolizer-14 for reports with file:line
  libclang-rt-14-dev llvm-14
  # benchmarks (bench/, scripts/bench.sh): Google Benchmark and SQLiteCpp, the C++ peer compared
  libbenchmark-dev libsqlitecpp-dev
  # the HTTP server benchmark (bench/server_throughput.sh): a load generator
  wrk
  # the compile-cost pair (scripts/compile-cost.sh, its ctest smoke): python3 writes the
  # translation units, /usr/bin/time measures them
  python3 time
  # the data explorer's browser test (tests/browser): headless Chromium driven from node through
  # puppeteer-core, which npm installs below (Debian's npm package, added when there is no npm:
  # NodeSource's nodejs carries its own and conflicts with it)
  chromium fonts-dejavu-core nodejs
)
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# puppeteer-core for the browser test, exactly as tests/browser/package-lock.json says, owned by
# the user who ran this script. Skipped once installed from this lock file, so later runs work
# offline. Without the registry everything else is still set up: only browser.explorer fails,
# saying how to install it.
browser_tests=$(cd "$(dirname "$0")/.." && pwd)/tests/browser
if [ ! "$browser_tests/node_modules/.package-lock.json" -nt "$browser_tests/package-lock.json" ]; then
  npm_ci=(npm ci --prefix "$browser_tests" --no-audit --no-fund)
  if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then npm_ci=(sudo -H -u "$SUDO_USER" "${npm_ci[@]}"); fi
  if ! "${npm_ci[@]}"; then
    echo "install-deps.sh: npm could not install puppeteer-core into tests/browser (no registry?);" \
         "the browser test browser.explorer fails until 'npm ci --prefix tests/browser' succeeds" >&2
  fi
fi
