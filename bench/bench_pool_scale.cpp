// dorm::Pool at scale (issue 8): 10,000 tenant databases in one folder, at most 256 handles
// open. Measures how fast tenants are created (open + migrate through the migrations runner +
// one insert), the latency of the first query on a cold tenant (evict the LRU handle, open,
// migrate, on_open, query) against a warm one, and what the open handles cost in file
// descriptors and memory. Its own executable: `dorm_bench_pool_scale` (docs/performance.md,
// "Many databases (Pool)").
//
// Environment: DORM_POOL_TENANTS (default 10000; divided by DORM_BENCH_DIVISOR like the other
// benchmarks), DORM_POOL_MAX_OPEN (default 256), DORM_BENCH_DIR (keep the tenant folder there
// instead of a temporary one, and reuse it on the next run).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <dorm/tenancy/pool.hpp>

#include "dorm_bench_pool/models.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t env_int(const char* name, std::int64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr ? std::max<std::int64_t>(1, std::atoll(text)) : fallback;
}

// $DORM_POOL_MAX_OPEN, default 256: to see what a limit too high for `ulimit -n` does.
std::size_t max_open() {
  static const auto n = static_cast<std::size_t>(env_int("DORM_POOL_MAX_OPEN", 256));
  return n;
}

std::int64_t tenant_count() {
  static const std::int64_t n = env_int("DORM_POOL_TENANTS", 10'000) / env_int("DORM_BENCH_DIVISOR", 1);
  return std::max<std::int64_t>(n, 1);
}

std::string tenant_name(std::int64_t i) { return "tenant-" + std::to_string(i); }

// The folder holding every tenant file: a fresh temporary one (removed at exit), or
// $DORM_BENCH_DIR/pool_scale (kept).
class Folder {
 public:
  Folder() {
    if (const char* dir = std::getenv("DORM_BENCH_DIR")) {
      path_ = std::filesystem::path(dir) / "pool_scale";
      keep_ = true;
    } else {
      path_ = std::filesystem::temp_directory_path() /
              ("dorm_bench_pool_" + std::to_string(std::random_device{}()));
    }
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  ~Folder() {
    std::error_code ignored;
    if (!keep_) std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  void clear() const {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

Folder& folder() {
  static Folder instance;
  return instance;
}

// Set by on_open: the acquire that just ran had to open its tenant (a cold touch).
thread_local bool opened_now = false;

dorm::PoolOptions pool_options() {
  dorm::PoolOptions options;
  options.folder = folder().path();
  options.max_open = max_open();
  options.migrate = [](dorm::Database& db) { dorm_bench_pool::migrate(db); };
  options.on_open = [](dorm::Database&, std::string_view) { opened_now = true; };
  return options;
}

// Creates tenant `i` with one note; returns the seconds it took.
double create_tenant(dorm::Pool& pool, std::int64_t i) {
  const auto start = Clock::now();
  pool.with_tenant(tenant_name(i), [&](dorm::Database& db) {
    dorm_bench_pool::Note note{.title = "note of " + tenant_name(i), .body = std::nullopt, .views = 0};
    db.insert(note);
  });
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool populated = false;

// The touch benchmarks need every tenant on disk; made here (untimed) when the creation
// benchmark did not run first (--benchmark_filter), unless a kept $DORM_BENCH_DIR has them.
void ensure_tenants() {
  if (populated) return;
  if (std::filesystem::exists(folder().path()) &&
      dorm::Pool(pool_options()).list().size() == static_cast<std::size_t>(tenant_count())) {
    populated = true;
    return;
  }
  folder().clear();
  dorm::Pool pool(pool_options());
  for (std::int64_t i = 0; i < tenant_count(); ++i) create_tenant(pool, i);
  populated = true;
}

long open_fds() {
  long n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n - 1;  // the iterator's own descriptor
}

// A "Vm...:   1234 kB" line of /proc/self/status, in MiB.
double status_mib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atof(line.c_str() + field.size() + 1) / 1024.0;
  }
  return 0;
}

double fd_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<double>(limit.rlim_cur);
}

// The p-th percentile (0..1) of `samples`, nearest rank, in microseconds.
double percentile_us(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
  return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1] * 1e6;
}

// What the process holds: descriptors and memory, and what the pool's open handles add to
// them (`fds_before`, `rss_before`: measured before the pool was made).
void report_process(benchmark::State& state, const dorm::Pool& pool, long fds_before, double rss_before) {
  const long fds = open_fds();
  const double handles = static_cast<double>(pool.open_count());
  state.counters["open_handles"] = handles;
  state.counters["fds"] = static_cast<double>(fds);
  state.counters["fds_per_handle"] =
      pool.open_count() == 0 ? 0.0 : static_cast<double>(fds - fds_before) / static_cast<double>(pool.open_count());
  state.counters["fd_limit"] = fd_limit();
  state.counters["rss_MiB"] = status_mib("VmRSS");
  state.counters["hwm_MiB"] = status_mib("VmHWM");
  state.counters["rss_growth_MiB"] = status_mib("VmRSS") - rss_before;
  // SQLite's own heap (page caches, schemas, prepared statements), all connections.
  const double sqlite_mib = static_cast<double>(sqlite3_memory_used()) / (1024.0 * 1024.0);
  state.counters["sqlite_heap_MiB"] = sqlite_mib;
  state.counters["sqlite_KiB_per_handle"] = handles == 0 ? 0.0 : sqlite_mib * 1024.0 / handles;
}

// Creates every tenant database in an empty folder through one pool (max_open 256): open,
// migrate (the migrations runner: dorm_migrations + CREATE TABLE + index), one insert.
void Pool_create_tenants(benchmark::State& state) {
  const std::int64_t n = tenant_count();
  std::vector<double> latencies;
  for (auto _ : state) {
    state.PauseTiming();
    folder().clear();
    latencies.clear();
    latencies.reserve(static_cast<std::size_t>(n));
    const long fds_before = open_fds();
    const double rss_before = status_mib("VmRSS");
    state.ResumeTiming();
    dorm::Pool pool(pool_options());
    for (std::int64_t i = 0; i < n; ++i) latencies.push_back(create_tenant(pool, i));
    state.PauseTiming();
    report_process(state, pool, fds_before, rss_before);
    state.ResumeTiming();
  }
  populated = true;
  state.counters["tenants"] = static_cast<double>(n);
  state.counters["dbs_per_s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["create_p50_us"] = percentile_us(latencies, 0.50);
  state.counters["create_p99_us"] = percentile_us(latencies, 0.99);
}
BENCHMARK(Pool_create_tenants)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

// One touch per iteration: acquire a tenant and run its first query (find the note by key),
// on a pool that starts with nothing open. Arg 0: uniform over every tenant (nearly always
// cold). Arg p > 0: p% of touches go to 128 hot tenants, the rest uniform. A touch is cold
// when its tenant had to be opened (never opened by this pool, or evicted); that includes
// closing the evicted LRU handle, which the acquiring thread does.
void Pool_touch(benchmark::State& state) {
  ensure_tenants();
  const auto hot_percent = static_cast<int>(state.range(0));
  const std::int64_t n = tenant_count();
  const std::int64_t hot = std::min<std::int64_t>(128, n);
  const long fds_before = open_fds();
  const double rss_before = status_mib("VmRSS");
  dorm::Pool pool(pool_options());
  std::mt19937_64 random(42);
  std::uniform_int_distribution<std::int64_t> any(0, n - 1);
  std::uniform_int_distribution<std::int64_t> hot_one(0, hot - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<double> cold;
  std::vector<double> warm;
  for (auto _ : state) {
    const std::int64_t i = percent(random) < hot_percent ? hot_one(random) : any(random);
    const std::string name = tenant_name(i);
    opened_now = false;
    const auto start = Clock::now();
    auto note = pool.with_tenant(name, [](dorm::Database& db) { return db.find<dorm_bench_pool::Note>(std::int64_t{1}); });
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    benchmark::DoNotOptimize(note);
    if (!note) state.SkipWithError("a tenant lost its note");
    (opened_now ? cold : warm).push_back(seconds);
  }
  report_process(state, pool, fds_before, rss_before);
  state.counters["cold_touches"] = static_cast<double>(cold.size());
  state.counters["warm_touches"] = static_cast<double>(warm.size());
  state.counters["cold_p50_us"] = percentile_us(cold, 0.50);
  state.counters["cold_p99_us"] = percentile_us(cold, 0.99);
  state.counters["warm_p50_us"] = percentile_us(warm, 0.50);
  state.counters["warm_p99_us"] = percentile_us(warm, 0.99);
}
BENCHMARK(Pool_touch)->ArgName("hot_percent")->Arg(0)->Iterations(5'000)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(Pool_touch)->ArgName("hot_percent")->Arg(90)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);

// What a lease costs on top of the query: acquire and release of an open tenant with an empty
// body (mutex, map lookup, LRU list, on_release check).
void Pool_lease_overhead(benchmark::State& state) {
  ensure_tenants();
  dorm::Pool pool(pool_options());
  const std::string name = tenant_name(0);
  pool.with_tenant(name, [](dorm::Database&) {});
  for (auto _ : state) pool.with_tenant(name, [](dorm::Database& db) { benchmark::DoNotOptimize(&db); });
}
BENCHMARK(Pool_lease_overhead)->Unit(benchmark::kNanosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
