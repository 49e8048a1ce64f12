// Validation in Database's model writes: insert, update, insert_many and upsert run the
// generated validate() and throw dorm::ValidationError listing every broken rule, writing
// nothing; and the CHECK constraints of the DDL reject raw-SQL writes that bypass validate().
// The checks themselves (each keyword's accept and reject cases) are tested in
// tests/runtime/test_validation_rules.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <dorm/dorm.hpp>

#include "shop_support.hpp"

namespace {

/// An account breaking eight rules, one per column.
shop::Account make_invalid_account() {
  auto a = make_account("Ann");
  a.email = "not an email";   // format
  a.name = "B";               // minLength
  a.nickname = "Bartholomew"; // maxLength
  a.age = 151;                // maximum
  a.score = 100;              // exclusiveMaximum
  a.plan = "gold";            // enum
  a.code = "abc-12";          // pattern
  a.token = "not-a-uuid";     // format
  return a;
}

/// The (column, rule) pairs of a ValidationError.
std::set<std::pair<std::string, std::string>> broken_rules(const dorm::ValidationError& e) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& f : e.errors()) out.emplace(f.column, f.rule);
  return out;
}

const std::set<std::pair<std::string, std::string>> invalid_account_rules{
    {"email", "format"}, {"name", "minLength"},        {"nickname", "maxLength"}, {"age", "maximum"},
    {"score", "exclusiveMaximum"}, {"plan", "enum"}, {"code", "pattern"},       {"token", "format"}};

std::int64_t accounts_in(dorm::Database& db) { return *db.query_value<std::int64_t>("SELECT count(*) FROM accounts"); }

}  // namespace

TEST_CASE("insert of a row that breaks rules throws ValidationError listing every broken rule, and writes nothing", "[lifecycle]") {
  auto db = memory_db();
  auto bad = make_invalid_account();
  const auto before = bad;
  try {
    db.insert(bad);
    FAIL("insert() did not throw");
  } catch (const dorm::ValidationError& e) {
    CHECK(broken_rules(e) == invalid_account_rules);
    CHECK(e.errors().size() == invalid_account_rules.size());
    CHECK(std::string(e.what()).rfind("[dorm.validation] accounts: ", 0) == 0);
    for (const auto& f : e.errors()) {
      CHECK(f.table == "accounts");
      CHECK_FALSE(f.message.empty());
    }
  }
  CHECK(bad.id == 0);
  CHECK(bad.created_at.empty());
  CHECK(bad.name == before.name);
  CHECK(accounts_in(db) == 0);
}

TEST_CASE("ValidationError is a dorm::Error, so one catch handles every failed write", "[lifecycle]") {
  auto db = memory_db();
  auto bad = make_invalid_account();
  CHECK_THROWS_AS(db.insert(bad), dorm::Error);
}

TEST_CASE("update of a row that breaks rules throws, writes nothing and leaves the row and its updated_at", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  const std::string updated_at = ann.updated_at;
  ann.name = "A";
  ann.score = 0;
  try {
    db.update(ann);
    FAIL("update() did not throw");
  } catch (const dorm::ValidationError& e) {
    CHECK(broken_rules(e) == std::set<std::pair<std::string, std::string>>{{"name", "minLength"},
                                                                           {"score", "exclusiveMinimum"}});
  }
  CHECK(ann.updated_at == updated_at);
  const auto stored = db.find_or_fail<shop::Account>(ann.id);
  CHECK(stored.name == "Ann");
  CHECK(stored.score == 50);
  CHECK(stored.updated_at == updated_at);
}

TEST_CASE("insert_many validates every row before writing any", "[lifecycle]") {
  auto db = memory_db();
  std::vector<shop::Account> rows{make_account("Ann", 1), make_account("Bob", 2), make_account("Cy", 3)};
  rows[2].plan = "gold";
  REQUIRE_THROWS_AS(db.insert_many(rows), dorm::ValidationError);
  CHECK(accounts_in(db) == 0);
  CHECK(rows[0].id == 0);
  CHECK(rows[0].created_at.empty());
  try {
    db.insert_many(rows);
  } catch (const dorm::ValidationError& e) {
    CHECK(broken_rules(e) == std::set<std::pair<std::string, std::string>>{{"plan", "enum"}});
  }
}

TEST_CASE("upsert of a row that breaks rules throws and writes nothing", "[lifecycle]") {
  auto db = memory_db();
  auto ann = make_account("Ann");
  db.insert(ann);
  auto again = make_account("Annie");
  again.email = ann.email;
  again.age = -1;
  REQUIRE_THROWS_AS(db.upsert(again, shop::accounts.email), dorm::ValidationError);
  CHECK(db.find_or_fail<shop::Account>(ann.id).name == "Ann");
  CHECK(again.id == 0);
  auto fresh = make_invalid_account();
  REQUIRE_THROWS_AS(db.upsert(fresh), dorm::ValidationError);
  CHECK(accounts_in(db) == 1);
}

TEST_CASE("validation runs after the before-hooks, so a creating hook that fixes a field makes it pass", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Account>().on(dorm::Event::creating, [](shop::Account& a) {
    if (a.name.size() < 2) a.name += " (x)";
  });
  auto bo = make_account("B");
  db.insert(bo);
  CHECK(bo.name == "B (x)");
  CHECK(db.find_or_fail<shop::Account>(bo.id).name == "B (x)");
}

TEST_CASE("a hook that breaks a rule is caught by validation too", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Account>().on(dorm::Event::saving, [](shop::Account& a) { a.plan = "enterprise"; });
  auto ann = make_account("Ann");
  REQUIRE_THROWS_AS(db.insert(ann), dorm::ValidationError);
  CHECK(ann.plan == "free");
  CHECK(accounts_in(db) == 0);
}

TEST_CASE("string lengths count Unicode code points, not bytes, in validate()", "[lifecycle]") {
  auto db = memory_db();
  auto ten = make_account("ÅÅÅÅÅÅÅÅÅÅ", 1);  // 10 code points, 20 bytes: maxLength 10 holds
  ten.email = "a1@example.com";
  REQUIRE_NOTHROW(db.insert(ten));
  auto eleven = make_account("ÅÅÅÅÅÅÅÅÅÅÅ", 2);
  eleven.email = "a2@example.com";
  try {
    db.insert(eleven);
    FAIL("insert() did not throw");
  } catch (const dorm::ValidationError& e) {
    CHECK(broken_rules(e) == std::set<std::pair<std::string, std::string>>{{"name", "maxLength"}});
  }
  auto emoji = make_account("👍", 3);  // one code point, four bytes: below minLength 2
  emoji.email = "a3@example.com";
  CHECK_THROWS_AS(db.insert(emoji), dorm::ValidationError);
}

TEST_CASE("a table without rules is written without validation", "[lifecycle]") {
  auto db = memory_db();
  shop::Note note;
  note.text = "";
  REQUIRE_NOTHROW(db.insert(note));
  CHECK(dorm::validation_errors(note).empty());
}

// ---- CHECK constraints: the database's own line of defence against raw SQL ----

namespace {

/// `INSERT INTO accounts` of a valid row, with `overrides` (column -> SQL literal) replacing
/// values; runs through db.execute(), which does not validate.
void raw_insert(dorm::Database& db, const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> values{
      {"email", "'raw@example.com'"},
      {"name", "'Raw'"},
      {"score", "50"},
      {"role", "'member'"},
      {"plan", "'free'"},
      {"code", "'ABC-12'"},
      {"token", "'123e4567-e89b-12d3-a456-426614174000'"},
      {"created_at", "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"},
      {"updated_at", "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"}};
  for (const auto& [column, value] : overrides) values[column] = value;
  std::string columns;
  std::string literals;
  for (const auto& [column, value] : values) {
    columns += (columns.empty() ? "" : ", ") + column;
    literals += (literals.empty() ? "" : ", ") + value;
  }
  db.execute("INSERT INTO accounts (" + columns + ") VALUES (" + literals + ")");
}

/// The CHECK constraint a raw insert with `overrides` breaks, or "" when it is accepted (and
/// then removed again).
std::string rejected_by(dorm::Database& db, const std::map<std::string, std::string>& overrides) {
  try {
    raw_insert(db, overrides);
  } catch (const dorm::ConstraintError& e) {
    if (e.kind() != dorm::ConstraintError::Kind::check) return std::string("not a CHECK: ") + e.what();
    const std::string what = e.what();
    const std::string prefix = "CHECK constraint failed: ";
    const auto at = what.find(prefix);
    if (at == std::string::npos) return what;
    const auto begin = at + prefix.size();
    return what.substr(begin, what.find_first_of("\n ", begin) - begin);
  }
  db.execute("DELETE FROM accounts");
  return "";
}

}  // namespace

TEST_CASE("a raw-SQL write that bypasses validate() is rejected by the CHECK constraints", "[lifecycle]") {
  auto db = memory_db();
  REQUIRE(rejected_by(db, {}).empty());  // the base row is valid

  SECTION("lengths, in code points: a Unicode string of 11 characters is too long, 10 fit") {
    CHECK(rejected_by(db, {{"name", "'ÅÅÅÅÅÅÅÅÅÅÅ'"}}) == "name_maxLength");
    CHECK(rejected_by(db, {{"name", "'ÅÅÅÅÅÅÅÅÅÅ'"}}).empty());
    CHECK(rejected_by(db, {{"name", "'👍'"}}) == "name_minLength");
    CHECK(rejected_by(db, {{"nickname", "'Bartholomew'"}}) == "nickname_maxLength");
  }
  SECTION("inclusive ranges") {
    CHECK(rejected_by(db, {{"age", "151"}}) == "age_maximum");
    CHECK(rejected_by(db, {{"age", "-1"}}) == "age_minimum");
    CHECK(rejected_by(db, {{"age", "150"}}).empty());
    CHECK(rejected_by(db, {{"age", "0"}}).empty());
  }
  SECTION("exclusive ranges") {
    CHECK(rejected_by(db, {{"score", "0"}}) == "score_exclusiveMinimum");
    CHECK(rejected_by(db, {{"score", "100"}}) == "score_exclusiveMaximum");
    CHECK(rejected_by(db, {{"score", "99.99"}}).empty());
    CHECK(rejected_by(db, {{"score", "0.01"}}).empty());
  }
  SECTION("enums, the enum class column's text included") {
    CHECK(rejected_by(db, {{"plan", "'gold'"}}) == "plan_enum");
    CHECK(rejected_by(db, {{"role", "'owner'"}}) == "role_enum");
    CHECK(rejected_by(db, {{"role", "'read-only'"}}).empty());
  }
  SECTION("formats, by shape") {
    CHECK(rejected_by(db, {{"token", "'not-a-uuid'"}}) == "token_format");
    CHECK(rejected_by(db, {{"email", "'nobody'"}}) == "email_format");
    CHECK(rejected_by(db, {{"birthday", "'2020-1-2'"}}) == "birthday_format");
    CHECK(rejected_by(db, {{"birthday", "'2020-01-02'"}}).empty());
    CHECK(rejected_by(db, {{"last_seen", "'2020-01-02 03:04:05'"}}) == "last_seen_format");  // no offset
    CHECK(rejected_by(db, {{"last_seen", "'2020-01-02T03:04:05Z'"}}).empty());
    CHECK(rejected_by(db, {{"created_at", "'yesterday'"}}) == "created_at_format");
  }
  SECTION("an UPDATE too") {
    raw_insert(db, {});
    CHECK_THROWS_AS(db.execute("UPDATE accounts SET plan = 'gold'"), dorm::ConstraintError);
    CHECK(*db.query_value<std::string>("SELECT plan FROM accounts") == "free");
  }
}
