// Generated code for annotated structs with user-typed members (dorm::type_mapping): stored as
// the mapping's storage type, read back, and compared with values of their own type only.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "ledger/db/models.hpp"

using ledger::db::entries;

namespace {
template <class C, class V>
concept comparable = requires(const C& c, const V& v) { c == v; };
}  // namespace

static_assert(comparable<decltype(entries.amount), ledger::Cents>);
static_assert(!comparable<decltype(entries.amount), std::int64_t>);
static_assert(!comparable<decltype(entries.reference), std::string>);

TEST_CASE("annotated members of user types are stored through their type_mapping", "[generator]") {
  auto db = dorm::Database::open(":memory:");
  ledger::db::migrate(db);
  ledger::Entry first{.amount = ledger::Cents{1250}, .fee = ledger::Cents{30}, .reference = ledger::Reference{"INV-1"}};
  db.insert(first);
  ledger::Entry second{.amount = ledger::Cents{99}, .reference = ledger::Reference{"INV-2"}};
  db.insert(second);
  CHECK(db.query_value<std::string>("SELECT typeof(amount) || typeof(reference) FROM entries WHERE id = 1") ==
        "integertext");
  CHECK(db.query_value<std::string>("SELECT type FROM pragma_table_info('entries') WHERE name = 'amount'") ==
        "INTEGER");
  const auto big = db.select<ledger::Entry>().where(entries.amount > ledger::Cents{1000}).all();
  REQUIRE(big.size() == 1);
  CHECK(big[0].fee == ledger::Cents{30});
  CHECK(big[0].reference == ledger::Reference{"INV-1"});
  CHECK(db.select<ledger::Entry>().where(entries.reference == ledger::Reference{"INV-2"}).first()->amount ==
        ledger::Cents{99});
  CHECK(db.select<ledger::Entry>().where(entries.fee.is_null()).count() == 1);
}
