// Doubles at the SQLite boundary: NaN is refused when bound (SQLite would store NULL), with the
// column named where the SQL says it; +-infinity and -0.0 round trip as documented in queries.md.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "support.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using rt::samples;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

rt::Sample make_sample(double ratio) {
  rt::Sample s;
  s.flag = true;
  s.ratio = ratio;
  s.text = "sample";
  return s;
}

/// The message of the dorm::Error that `run` throws ("" when it throws none).
template <class F>
std::string error_of(F&& run) {
  try {
    run();
  } catch (const dorm::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("inserting a NaN into a NOT NULL column is refused naming the column, and stores nothing", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(nan_value);
  const std::string message = error_of([&] { db.insert(row); });
  CHECK_THAT(message, StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter "));
  CHECK_THAT(message, Contains("SQLite would store NULL in its place\n  in: INSERT INTO \"samples\""));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM samples") == 0);
}

TEST_CASE("a NaN in a nullable column is refused too, instead of reading back as empty", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(1.0);
  row.maybe_ratio = nan_value;
  CHECK_THAT(error_of([&] { db.insert(row); }),
             StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.maybe_ratio' (parameter "));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM samples") == 0);
}

TEST_CASE("updating a row to NaN is refused naming the column, and the row keeps its value", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(0.5);
  db.insert(row);
  row.ratio = nan_value;
  CHECK_THAT(error_of([&] { db.update(row); }),
             StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter "));
  CHECK(db.find_or_fail<rt::Sample>(row.id).ratio == 0.5);
}

TEST_CASE("insert_many refuses a NaN in a later row naming its column", "[runtime][double]") {
  auto db = rt_test::memory_db();
  std::vector<rt::Sample> rows{make_sample(1.0), make_sample(2.0), make_sample(3.0)};
  rows[2].maybe_ratio = nan_value;
  CHECK_THAT(error_of([&] { db.insert_many(rows); }),
             StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.maybe_ratio' (parameter "));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM samples") == 0);
}

TEST_CASE("upsert refuses a NaN naming its column", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(nan_value);
  CHECK_THAT(error_of([&] { db.upsert(row); }),
             StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter "));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM samples") == 0);
}

TEST_CASE("the update builder's set() and a condition refuse NaN naming the column", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(0.5);
  db.insert(row);
  CHECK(error_of([&] { db.update_all<rt::Sample>().set(samples.ratio = nan_value).where(samples.id == row.id).execute(); }) ==
        "[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter 1): SQLite would store NULL in "
        "its place\n  in: UPDATE \"samples\" SET \"ratio\" = ? WHERE \"samples\".\"id\" = ?");
  CHECK_THAT(error_of([&] { (void)db.select<rt::Sample>().where(samples.ratio < nan_value).all(); }),
             StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter 1)"));
  CHECK_THAT(error_of([&] { (void)db.select<rt::Sample>().where(samples.ratio.between(0.0, nan_value)).all(); }),
             StartsWith("[dorm.bind.nan] NaN cannot be stored in column 'samples.ratio' (parameter 2)"));
  CHECK(db.find_or_fail<rt::Sample>(row.id).ratio == 0.5);
}

TEST_CASE("a NaN bound to raw SQL is refused naming the parameter and the SQL", "[runtime][double]") {
  auto db = rt_test::memory_db();
  CHECK(error_of([&] { (void)db.query_value<double>("SELECT ?, ?", 1.0, nan_value); }) ==
        "[dorm.bind.nan] NaN cannot be stored (parameter 2): SQLite would store NULL in its place\n  in: SELECT ?, ?");
}

TEST_CASE("positive and negative infinity are stored as REAL and read back", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(infinity);
  row.maybe_ratio = -infinity;
  db.insert(row);
  const auto back = db.find_or_fail<rt::Sample>(row.id);
  CHECK(back.ratio == infinity);
  CHECK(back.maybe_ratio == -infinity);
  CHECK(db.query_value<std::string>("SELECT typeof(ratio) || ' ' || typeof(maybe_ratio) FROM samples") == "real real");
  CHECK(db.select<rt::Sample>().where(samples.ratio > 1e308).count() == 1);
}

TEST_CASE("negative zero reads back from a REAL column as positive zero and equals zero", "[runtime][double]") {
  auto db = rt_test::memory_db();
  auto row = make_sample(-0.0);
  db.insert(row);
  const double back = db.find_or_fail<rt::Sample>(row.id).ratio;
  CHECK(back == 0.0);
  CHECK_FALSE(std::signbit(back));
  CHECK(db.select<rt::Sample>().where(samples.ratio == -0.0).count() == 1);
}
