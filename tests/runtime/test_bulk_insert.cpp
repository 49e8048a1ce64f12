// Database::insert_many: multi-row INSERTs in one transaction, keys and defaults read back.
#include <catch2/catch.hpp>

#include <regex>
#include <span>
#include <string>
#include <vector>

#include "support.hpp"

using rt::users;
using rt_test::make_user;

namespace {

std::vector<rt::User> make_users(int n, const std::string& prefix = "user") {
  std::vector<rt::User> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) rows.push_back(make_user(prefix + std::to_string(i), i));
  return rows;
}

/// Counts the INSERT statements SQLite starts on `db` while alive.
class InsertCounter {
 public:
  explicit InsertCounter(dorm::Database& db) : db_(db) {
    sqlite3_trace_v2(dorm::sqlite::handle(db), SQLITE_TRACE_STMT, &InsertCounter::on_statement, this);
  }
  InsertCounter(const InsertCounter&) = delete;
  InsertCounter& operator=(const InsertCounter&) = delete;
  ~InsertCounter() { sqlite3_trace_v2(dorm::sqlite::handle(db_), 0, nullptr, nullptr); }
  [[nodiscard]] int inserts() const { return inserts_; }

 private:
  static int on_statement(unsigned, void* self, void* statement, void*) {
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
    if (sql != nullptr && std::string_view(sql).starts_with("INSERT")) ++static_cast<InsertCounter*>(self)->inserts_;
    return 0;
  }
  dorm::Database& db_;
  int inserts_ = 0;
};

}  // namespace

TEST_CASE("insert_many inserts every row and fills each row's own key and SQL default", "[runtime]") {
  auto db = rt_test::memory_db();
  auto rows = make_users(250);
  db.insert_many(rows);
  CHECK(db.select<rt::User>().count() == 250);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // RETURNING rows come back in insertion order: each row got the id of its own row.
    CHECK(rows[i].id == static_cast<std::int64_t>(i + 1));
    auto stored = db.find_or_fail<rt::User>(rows[i].id);
    CHECK(stored.email == rows[i].email);
    REQUIRE(rows[i].created_at.has_value());
    CHECK(stored.created_at == rows[i].created_at);
  }
  CHECK(std::regex_match(*rows[0].created_at, std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")));
}

TEST_CASE("insert_many sends full batches of 100 rows and a power-of-two split tail", "[runtime]") {
  auto db = rt_test::memory_db();
  auto rows = make_users(277);
  InsertCounter counter(db);
  db.insert_many(rows);
  // 100 + 100 + 64 + 8 + 4 + 1
  CHECK(counter.inserts() == 6);
  CHECK(db.select<rt::User>().count() == 277);
}

TEST_CASE("insert_many reuses its statements, so repeated calls add no statement shapes", "[runtime]") {
  auto db = rt_test::memory_db();
  auto first = make_users(150, "a");
  db.insert_many(first);
  const auto statements = db.statements().size();
  auto second = make_users(150, "b");
  db.insert_many(second);
  CHECK(db.statements().size() == statements);
  CHECK(second.back().id == 300);
}

TEST_CASE("insert_many keeps given keys and fills the others in the order a loop of insert would", "[runtime]") {
  auto db = rt_test::memory_db();
  auto rows = make_users(5);
  rows[2].id = 1000;
  db.insert_many(rows);
  CHECK(rows[0].id == 1);
  CHECK(rows[1].id == 2);
  CHECK(rows[2].id == 1000);
  CHECK(rows[3].id == 1001);
  CHECK(rows[4].id == 1002);
  for (const auto& row : rows) CHECK(db.find_or_fail<rt::User>(row.id).email == row.email);
}

TEST_CASE("insert_many keeps a value given for an SQL-default column", "[runtime]") {
  auto db = rt_test::memory_db();
  auto rows = make_users(3);
  rows[1].created_at = "2001-02-03 04:05:06";
  db.insert_many(rows);
  CHECK(rows[1].created_at == "2001-02-03 04:05:06");
  CHECK(db.find_or_fail<rt::User>(rows[1].id).created_at == "2001-02-03 04:05:06");
  CHECK(rows[0].created_at != "2001-02-03 04:05:06");
}

TEST_CASE("insert_many with a constraint violation in the middle leaves the table and the rows unchanged", "[runtime]") {
  auto db = rt_test::memory_db();
  auto existing = make_user("existing");
  db.insert(existing);
  auto rows = make_users(230);
  rows[150].email = "existing@example.com";  // in the second batch
  try {
    db.insert_many(rows);
    FAIL("duplicate email inserted");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::unique);
  }
  CHECK(db.select<rt::User>().count() == 1);
  for (const auto& row : rows) {
    CHECK(row.id == 0);
    CHECK_FALSE(row.created_at.has_value());
  }
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(db)) != 0);
  CHECK(rt_test::running_statements(db) == 0);

  rows[150].email = "fixed@example.com";
  db.insert_many(rows);
  CHECK(db.select<rt::User>().count() == 231);
}

TEST_CASE("insert_many inside a transaction is a savepoint that the outer rollback undoes", "[runtime]") {
  auto db = rt_test::memory_db();
  auto rows = make_users(10);
  CHECK_THROWS_AS(db.transaction([&] {
    db.insert_many(rows);
    CHECK(db.select<rt::User>().count() == 10);
    CHECK(db.transaction_depth() == 1);
    throw std::runtime_error("undo");
  }), std::runtime_error);
  CHECK(db.select<rt::User>().count() == 0);
}

TEST_CASE("insert_many into a table with a composite key and no RETURNING columns", "[runtime]") {
  auto db = rt_test::memory_db();
  std::vector<rt::Membership> rows;
  for (std::int64_t i = 1; i <= 130; ++i) rows.push_back(rt::Membership{.org_id = 1, .user_id = i});
  rows[5].role = "owner";
  db.insert_many(rows);
  CHECK(db.select<rt::Membership>().count() == 130);
  auto owner = db.find_or_fail<rt::Membership>(std::int64_t{1}, std::int64_t{6});
  CHECK(owner.role == "owner");
  CHECK(owner.score == 1.5);
  CHECK(db.find_or_fail<rt::Membership>(std::int64_t{1}, std::int64_t{130}).role == "member");
}

TEST_CASE("insert_many takes a span and does nothing for an empty one", "[runtime]") {
  auto db = rt_test::memory_db();
  std::vector<rt::User> none;
  db.insert_many(none);
  CHECK(db.select<rt::User>().count() == 0);

  auto rows = make_users(4);
  db.insert_many(std::span<rt::User>(rows).subspan(1, 2));
  CHECK(db.select<rt::User>().count() == 2);
  CHECK(rows[0].id == 0);
  CHECK(rows[1].id == 1);
  CHECK(rows[2].id == 2);
  CHECK(rows[3].id == 0);
}

TEST_CASE("insert_many round-trips every value kind", "[runtime]") {
  auto db = rt_test::memory_db();
  std::vector<rt::Sample> rows(3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].payload = {std::byte{1}, static_cast<std::byte>(i)};
    rows[i].text = "t" + std::to_string(i);
    rows[i].ratio = 0.5 * static_cast<double>(i);
    rows[i].maybe_text = i == 1 ? std::optional<std::string>("m") : std::nullopt;
  }
  db.insert_many(rows);
  for (const auto& row : rows) {
    auto back = db.find_or_fail<rt::Sample>(row.id);
    CHECK(back.payload == row.payload);
    CHECK(back.text == row.text);
    CHECK(back.ratio == row.ratio);
    CHECK(back.maybe_text == row.maybe_text);
    CHECK(back.count == 7);
  }
}
