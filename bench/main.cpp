// The benchmarks' main(): Google Benchmark's, after two steps that take noise out of the
// comparison. glibc's malloc otherwise returns big freed blocks to the kernel depending on the
// history of earlier allocations, so a workload that builds a 10 MB vector would page-fault on
// some runs and not on others; fixed thresholds make every library reuse the same memory.
// And every database file is made before the first benchmark starts.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include "common.hpp"

int main(int argc, char** argv) {
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  bench::prepare_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
