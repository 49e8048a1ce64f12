// compare_aggregate (aggregate_check.hpp): a source and its aggregate after a replay are equal;
// unreplayed or altered rows are named by table.
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <dorm/dorm.hpp>
#include <dorm/tenancy/mirror.hpp>

#include "../temp_dir.hpp"
#include "aggregate_check.hpp"
#include "ledger.hpp"

using dorm_crash::compare_aggregate;

namespace {

struct Mirrored {
  explicit Mirrored(const dorm_test::TempDir& dir)
      : aggregate(dir.file("aggregate.db")), db(dorm::Database::open(dir.file("ledger.db"))), mirror(options(aggregate)) {
    crash::migrate(db);
    mirror.install(db, "acme");
    dorm_crash::ensure_account(db);
  }
  static dorm::MirrorOptions options(const std::string& path) {
    dorm::MirrorOptions o;
    o.aggregate_path = path;
    o.tables = {"batches", "entries", "accounts"};
    return o;
  }
  std::string aggregate;
  dorm::Database db;
  dorm::Mirror mirror;
};

}  // namespace

TEST_CASE("A replayed source and its aggregate compare equal", "[crash]") {
  dorm_test::TempDir dir;
  Mirrored m(dir);
  for (std::int64_t n = 1; n <= 3; ++n) dorm_crash::write_batch(m.db, n);
  m.mirror.replay(m.db, "acme");
  CHECK(compare_aggregate(m.db, m.aggregate, "acme").empty());
}

TEST_CASE("Writes not replayed yet are named per table", "[crash]") {
  dorm_test::TempDir dir;
  Mirrored m(dir);
  dorm_crash::write_batch(m.db, 1);
  m.mirror.replay(m.db, "acme");
  dorm_crash::write_batch(m.db, 2);
  const auto problems = compare_aggregate(m.db, m.aggregate, "acme");
  REQUIRE(problems.size() == 3);
  CHECK(problems[0] == "batches: the source has 2 rows, the aggregate 1 under 'acme'; they differ from row 2 (by id)");
  CHECK(problems[1].rfind("entries: the source has", 0) == 0);
  CHECK(problems[2] == "accounts: the source has 1 rows, the aggregate 1 under 'acme'; they differ from row 1 (by id)");
}

TEST_CASE("An aggregate row changed behind the mirror is a difference", "[crash]") {
  dorm_test::TempDir dir;
  Mirrored m(dir);
  dorm_crash::write_batch(m.db, 1);
  m.mirror.replay(m.db, "acme");
  dorm::Database::open(m.aggregate).execute("UPDATE entries SET amount = amount + 1 WHERE dorm_source = 'acme' AND part = 1");
  CHECK(compare_aggregate(m.db, m.aggregate, "acme") ==
        std::vector<std::string>{"entries: the source has 3 rows, the aggregate 3 under 'acme'; they differ from row 2 (by id)"});
}

TEST_CASE("A missing aggregate counts as empty", "[crash]") {
  dorm_test::TempDir dir;
  Mirrored m(dir);
  CHECK(compare_aggregate(m.db, m.aggregate, "acme") ==
        std::vector<std::string>{"accounts: the source has 1 rows, the aggregate 0 under 'acme'; they differ from row 1 (by id)"});
}
