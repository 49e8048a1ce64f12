#!/usr/bin/env bash
# Builds dorm's libFuzzer targets (fuzz/, docs/reliability.md "Fuzzing") with clang-14 under
# AddressSanitizer + UBSan and runs each for a while.
#   scripts/fuzz.sh [seconds] [target...]      (default: 60 s, every target, one after another)
#   scripts/fuzz.sh 3600 fuzz_pattern           (the 1-hour run of one target)
#   scripts/fuzz.sh --no-build 60 fuzz_pattern  (use the targets already built)
# Environment: FUZZ_BUILD (build folder, default build-asan: the sanitized build CI uses, made by
# scripts/asan-build.sh),
# FUZZ_OUT (where new inputs, crash artifacts and logs go; default a new temporary folder),
# FUZZ_SEED (libFuzzer's -seed; unset: a random seed per run), FUZZ_TIMEOUT (seconds one input may take, default 10), FUZZ_RSS_MB (memory limit, default 2048),
# JOBS (build jobs, default 2).
# Each target reads its seed corpus fuzz/corpus/<target>/ (never written to) and its dictionary
# fuzz/<target>.dict, and writes new inputs to $FUZZ_OUT/corpus/<target>/. One summary line per
# target: executions, executions per second, libFuzzer's final coverage (cov: edges, ft:
# features), the inputs it kept, crashes. Exits non-zero when any target crashed, leaked, hit a
# sanitizer report, a broken invariant (abort), a timeout or the memory limit; the input is in
# $FUZZ_OUT/artifacts/<target>/ (reproduce: <build>/fuzz/<target> <that file>).
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
if [[ ${1:-} == --no-build ]]; then
  build=false
  shift
fi
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "scripts/fuzz.sh: '$seconds' is not a number of seconds; usage: scripts/fuzz.sh [--no-build] [seconds] [target...]" >&2
  exit 2
fi
all_targets=(fuzz_schema_header fuzz_migrations fuzz_introspect fuzz_pattern fuzz_mirror_codec)
targets=("$@")
((${#targets[@]} == 0)) && targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  if [[ ! " ${all_targets[*]} " == *" $t "* ]]; then
    echo "scripts/fuzz.sh: unknown target '$t'; the targets are: ${all_targets[*]}" >&2
    exit 2
  fi
done

build_dir=${FUZZ_BUILD:-build-asan}
out=${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/dorm-fuzz.XXXXXX")}
mkdir -p "$out"

if $build; then
  # The sanitized build's one configuration (clang-14, DORM_SANITIZE=address,undefined,
  # DORM_BUILD_FUZZERS=ON), shared with CI.
  ASAN_BUILD=$build_dir bash scripts/asan-build.sh "${targets[@]}" >"$out/build.log" 2>&1 ||
    { tail -n 50 "$out/build.log" >&2; exit 1; }
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
echo "scripts/fuzz.sh: ${seconds} s per target; new inputs, artifacts and logs in $out"
failed=0
for t in "${targets[@]}"; do
  exe=$build_dir/fuzz/$t
  if [[ ! -x $exe ]]; then
    echo "$t: not built ($exe missing; configure with -DDORM_BUILD_FUZZERS=ON)" >&2
    failed=1
    continue
  fi
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  dict=()
  [[ -f fuzz/$t.dict ]] && dict=(-dict="fuzz/$t.dict")
  status=0
  started=$SECONDS
  seed=()
  [[ -n ${FUZZ_SEED:-} ]] && seed=(-seed="$FUZZ_SEED")
  "$exe" "$out/corpus/$t" "fuzz/corpus/$t" "${dict[@]}" "${seed[@]}" -max_total_time="$seconds" \
    -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t/" >"$out/$t.log" 2>&1 || status=$?
  # libFuzzer's last status line ("#N DONE cov: C ft: F corp: ...") and its final stats.
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED)' "$out/$t.log" | tail -n 1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$out/$t.log")
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$out/$t.log")
  elapsed=$((SECONDS - started))
  kept=$(find "$out/corpus/$t" -type f | wc -l)
  crashes=$(find "$out/artifacts/$t" -type f | wc -l)
  if ((status != 0)) && ((crashes == 0)); then crashes=1; fi
  echo "$t: ${execs:-?} executions in ${elapsed} s (${rate:-?}/s), cov: ${cov:-?} ft: ${ft:-?}, ${kept} new inputs, ${crashes} crashes"
  if ((crashes != 0)); then
    failed=1
    echo "  exit status $status; log: $out/$t.log; inputs: $(find "$out/artifacts/$t" -type f | tr '\n' ' ')" >&2
    grep -m 5 -E 'ERROR: |runtime error: |dorm fuzz finding|deadly signal|ALARM|out-of-memory' "$out/$t.log" | sed 's/^/  /' >&2 || true
  fi
done
exit $failed
