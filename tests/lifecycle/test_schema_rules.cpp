// What dorm-gen makes of the schema's rules, end to end: the validate() functions generated from
// tests/lifecycle/schemas/accounts.json (every keyword) accept and reject values as JSON Schema
// means them, list every failure of a row, an enum-class column is stored as its text, and the
// generated factory_definition(n) rows are valid and distinct.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <dorm/dorm.hpp>
#include <dorm/lifecycle/validation.hpp>

#include "shop/models.hpp"

namespace {

using shop::Account;
using shop::AccountRole;

dorm::Database memory_db() {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  return db;
}

// A valid account to break one rule at a time.
Account valid_account() { return shop::accounts_table::factory_definition(1); }

// The rules `row` breaks, as "column rule" texts in the order validate() found them.
template <class M>
std::vector<std::string> failures(const M& row) {
  const dorm::ValidationErrors errors = dorm::validation_errors(row);
  std::vector<std::string> out;
  for (const dorm::FieldError& e : errors.errors()) out.push_back(e.column + ' ' + e.rule);
  return out;
}

template <class Set>
std::vector<std::string> failures_of(Set&& set) {
  Account a = valid_account();
  set(a);
  return failures(a);
}

using Failures = std::vector<std::string>;

// The table has rules for validate() to check (its columns' `rules`, dorm/core/column_rules.hpp).
template <class Table, class M>
concept has_validate = dorm::Table<dorm::table_of<M>> && dorm::detail::table_has_rules<Table>();

}  // namespace

TEST_CASE("the valid account the tests start from breaks no rule", "[lifecycle][schema-rules]") {
  CHECK(failures(valid_account()).empty());
}

TEST_CASE("minLength and maxLength count code points, not bytes", "[lifecycle][schema-rules]") {
  // name: minLength 2, maxLength 10
  CHECK(failures_of([](Account& a) { a.name = "Ö"; }) == Failures{"name minLength"});  // 1 code point, 2 bytes
  CHECK(failures_of([](Account& a) { a.name = "Öö"; }).empty());
  CHECK(failures_of([](Account& a) { a.name = "ÖÖÖÖÖÖÖÖÖÖ"; }).empty());  // 10 code points, 20 bytes
  CHECK(failures_of([](Account& a) { a.name = "ÖÖÖÖÖÖÖÖÖÖÖ"; }) == Failures{"name maxLength"});
  // nickname: nullable, maxLength 5
  CHECK(failures_of([](Account& a) { a.nickname = "日本語です"; }).empty());  // 5 code points, 15 bytes
  CHECK(failures_of([](Account& a) { a.nickname = "日本語ですね"; }) == Failures{"nickname maxLength"});
  CHECK(failures_of([](Account& a) { a.nickname = "😀😀😀😀😀"; }).empty());  // 4-byte code points
}

TEST_CASE("an empty optional passes every rule of its column", "[lifecycle][schema-rules]") {
  CHECK(failures_of([](Account& a) {
          a.nickname.reset();
          a.age.reset();
          a.birthday.reset();
          a.last_seen.reset();
        }).empty());
}

TEST_CASE("minimum and maximum are inclusive bounds", "[lifecycle][schema-rules]") {
  // age: minimum 0, maximum 150
  CHECK(failures_of([](Account& a) { a.age = -1; }) == Failures{"age minimum"});
  CHECK(failures_of([](Account& a) { a.age = 0; }).empty());
  CHECK(failures_of([](Account& a) { a.age = 150; }).empty());
  CHECK(failures_of([](Account& a) { a.age = 151; }) == Failures{"age maximum"});
}

TEST_CASE("exclusiveMinimum and exclusiveMaximum reject the bound itself", "[lifecycle][schema-rules]") {
  // score: exclusiveMinimum 0, exclusiveMaximum 100
  CHECK(failures_of([](Account& a) { a.score = 0.0; }) == Failures{"score exclusiveMinimum"});
  CHECK(failures_of([](Account& a) { a.score = 0.001; }).empty());
  CHECK(failures_of([](Account& a) { a.score = 99.999; }).empty());
  CHECK(failures_of([](Account& a) { a.score = 100.0; }) == Failures{"score exclusiveMaximum"});
}

TEST_CASE("enum accepts only the listed values, case and all", "[lifecycle][schema-rules]") {
  CHECK(failures_of([](Account& a) { a.plan = "pro"; }).empty());
  CHECK(failures_of([](Account& a) { a.plan = "Pro"; }) == Failures{"plan enum"});
  CHECK(failures_of([](Account& a) { a.plan = ""; }) == Failures{"plan enum"});
}

TEST_CASE("pattern is an ECMA-262 regular expression searched in the value", "[lifecycle][schema-rules]") {
  // code: ^[A-Z]{3}-[0-9]{2}$ (anchored by the schema itself)
  CHECK(failures_of([](Account& a) { a.code = "XYZ-99"; }).empty());
  CHECK(failures_of([](Account& a) { a.code = "xyz-99"; }) == Failures{"code pattern"});
  CHECK(failures_of([](Account& a) { a.code = "XYZ-999"; }) == Failures{"code pattern"});
  CHECK(failures_of([](Account& a) { a.code = "ÄBC-12"; }) == Failures{"code pattern"});
}

TEST_CASE("format email, uuid, date and date-time are checked exactly", "[lifecycle][schema-rules]") {
  CHECK(failures_of([](Account& a) { a.email = "ann.lee@mail.example.org"; }).empty());
  CHECK(failures_of([](Account& a) { a.email = "ann@localhost"; }) == Failures{"email format"});
  CHECK(failures_of([](Account& a) { a.email = "not an address"; }) == Failures{"email format"});

  CHECK(failures_of([](Account& a) { a.token = "123e4567-e89b-12d3-a456-426614174000"; }).empty());
  CHECK(failures_of([](Account& a) { a.token = "123e4567e89b12d3a456426614174000"; }) == Failures{"token format"});

  CHECK(failures_of([](Account& a) { a.birthday = "2024-02-29"; }).empty());
  CHECK(failures_of([](Account& a) { a.birthday = "2023-02-29"; }) == Failures{"birthday format"});

  CHECK(failures_of([](Account& a) { a.last_seen = "2026-01-01T12:30:00.250Z"; }).empty());
  CHECK(failures_of([](Account& a) { a.last_seen = "2026-01-01T12:30:00+02:00"; }).empty());
  CHECK(failures_of([](Account& a) { a.last_seen = "2026-01-01 12:30:00"; }) == Failures{"last_seen format"});  // no offset
}

TEST_CASE("every failure of a row is listed, in column order, with its rule and value", "[lifecycle][schema-rules]") {
  Account a = valid_account();
  a.email = "nobody";
  a.name = "x";
  a.age = 200;
  a.score = 100;
  a.plan = "gold";
  a.code = "??";
  a.token = "t";
  const auto errors = dorm::validation_errors(a);
  CHECK(errors.table() == "accounts");
  CHECK(failures(a) == Failures{"email format", "name minLength", "age maximum", "score exclusiveMaximum", "plan enum",
                                "code pattern", "token format"});
  REQUIRE(errors.size() == 7);
  CHECK(errors.errors()[1].expected == "2");
  CHECK(errors.errors()[1].value == "\"x\"");
  CHECK(errors.errors()[4].value == "\"gold\"");
}

TEST_CASE("inserting a row that breaks a rule throws ValidationError and writes nothing", "[lifecycle][schema-rules]") {
  auto db = memory_db();
  Account a = valid_account();
  a.name = "x";
  a.plan = "gold";
  try {
    db.insert(a);
    FAIL("insert() accepted a row that breaks two rules");
  } catch (const dorm::ValidationError& e) {
    CHECK(e.errors().size() == 2);
  }
  CHECK(*db.query_value<std::int64_t>("SELECT count(*) FROM accounts") == 0);
  CHECK(a.id == 0);
}

TEST_CASE("a table without rules has no validate(), and any row of it is valid", "[lifecycle][schema-rules]") {
  STATIC_REQUIRE_FALSE(has_validate<shop::notes_table, shop::Note>);
  STATIC_REQUIRE(has_validate<shop::articles_table, shop::Article>);
  CHECK(dorm::validation_errors(shop::Note{}).empty());
}

TEST_CASE("an enum-class column is stored as the schema's text and read back as its enumerator", "[lifecycle][schema-rules]") {
  auto db = memory_db();
  Account a = valid_account();
  a.role = AccountRole::read_only;
  db.insert(a);
  CHECK(*db.query_value<std::string>("SELECT role FROM accounts WHERE id = ?", a.id) == "read-only");

  const auto found = db.find<Account>(a.id);
  REQUIRE(found);
  CHECK(found->role == AccountRole::read_only);
  CHECK(db.select<Account>().where(shop::accounts.role == AccountRole::read_only).count() == 1);
  CHECK(db.select<Account>().where(shop::accounts.role == AccountRole::admin).count() == 0);
}

TEST_CASE("a stored text that is none of the enum's values fails to read, naming the column", "[lifecycle][schema-rules]") {
  auto db = memory_db();
  Account a = valid_account();
  db.insert(a);
  // Past the CHECK constraint, as an old or hand-edited database might be.
  db.execute_script("PRAGMA ignore_check_constraints = ON");
  CHECK(db.execute("UPDATE accounts SET role = 'owner' WHERE id = ?", a.id) == 1);
  CHECK_THROWS_AS(db.find<Account>(a.id), dorm::TypeMismatch);
}

TEST_CASE("factory definitions for n = 1 to 1000 pass validation and differ in every unique column", "[lifecycle][schema-rules]") {
  std::set<std::string> emails;
  std::set<std::string> tokens;
  for (std::int64_t n = 1; n <= 1000; ++n) {
    const Account a = shop::accounts_table::factory_definition(n);
    INFO("n = " << n);
    REQUIRE(failures(a).empty());
    emails.insert(a.email);
    tokens.insert(a.token);
    REQUIRE(failures(shop::articles_table::factory_definition(n)).empty());
  }
  CHECK(emails.size() == 1000);
  CHECK(tokens.size() == 1000);
  CHECK(shop::accounts_table::factory_definition(1).email == "email-1@example.com");
  CHECK(shop::accounts_table::factory_definition(42).token == "00000000-0000-4000-8000-000000000042");
}

TEST_CASE("a thousand factory rows insert side by side: the database agrees they are valid and unique", "[lifecycle][schema-rules]") {
  auto db = memory_db();
  dorm::Transaction transaction(db);
  for (std::int64_t n = 1; n <= 1000; ++n) {
    Account a = shop::accounts_table::factory_definition(n);
    db.insert(a);
    shop::Article article = shop::articles_table::factory_definition(n);
    article.account_id = a.id;
    db.insert(article);
  }
  transaction.commit();
  CHECK(*db.query_value<std::int64_t>("SELECT count(DISTINCT token) FROM accounts") == 1000);
  CHECK(*db.query_value<std::int64_t>("SELECT count(*) FROM articles") == 1000);
}

TEST_CASE("a factory leaves the key, nullable columns and trait columns for others to fill", "[lifecycle][schema-rules]") {
  const Account a = shop::accounts_table::factory_definition(7);
  CHECK(a.id == 0);
  CHECK_FALSE(a.nickname);
  CHECK_FALSE(a.age);
  CHECK(a.created_at.empty());
  CHECK_FALSE(a.deleted_at);
  CHECK(a.role == AccountRole::admin);  // the first enumerator
  CHECK(a.code == "ABC-12");            // the pattern's first example
  const shop::Article article = shop::articles_table::factory_definition(7);
  CHECK(article.account_id == 0);  // the factory runtime creates the parent
  STATIC_REQUIRE(std::is_same_v<shop::articles_table::required_parents, dorm::type_list<shop::articles_account_relation>>);
  STATIC_REQUIRE(std::is_same_v<shop::accounts_table::required_parents, dorm::type_list<>>);
}
