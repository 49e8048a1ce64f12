// Column affinity (dorm/core/affinity.hpp): dorm's reading of SQLite's rules, checked against SQLite
// itself; and what it is for: whatever the column's declared type, a value dorm wrote reads
// back equal, and a string SQLite would turn into another number is refused by validate().
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>
#include <vector>

#include <dorm/core/affinity.hpp>

#include "support.hpp"

using Catch::Matchers::Contains;

namespace {

/// A raw SQLite connection to an in-memory database: the oracle the tests compare dorm with.
class Oracle {
 public:
  Oracle() { REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK); }
  Oracle(const Oracle&) = delete;
  Oracle& operator=(const Oracle&) = delete;
  ~Oracle() { sqlite3_close(db_); }

  void exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    REQUIRE(rc == SQLITE_OK);
    REQUIRE(message.empty());
  }

  /// Each text of `texts` bound as TEXT into a column of each declared type of `types`, and read
  /// back: result[i][k] is sqlite3_column_text of texts[i] in types[k] ("NULL" for NULL).
  std::vector<std::vector<std::string>> store(const std::vector<std::string>& texts,
                                              const std::vector<std::string>& types) {
    std::string create = "CREATE TABLE probe (";
    std::string insert = "INSERT INTO probe VALUES (";
    for (std::size_t k = 0; k < types.size(); ++k) {
      create += (k ? ", c" : "c") + std::to_string(k) + ' ' + types[k];
      insert += k ? ", ?1" : "?1";
    }
    exec("DROP TABLE IF EXISTS probe");
    exec(create + ')');
    exec("BEGIN");
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, (insert + ')').c_str(), -1, &st, nullptr) == SQLITE_OK);
    for (const std::string& t : texts) {
      sqlite3_bind_text(st, 1, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
      REQUIRE(sqlite3_step(st) == SQLITE_DONE);
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec("COMMIT");
    std::vector<std::vector<std::string>> out;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT * FROM probe ORDER BY rowid", -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto& row = out.emplace_back();
      for (int k = 0; k < static_cast<int>(types.size()); ++k) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, k));
        row.emplace_back(text != nullptr ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(st, k)))
                                         : "NULL");
      }
    }
    sqlite3_finalize(st);
    return out;
  }

  /// typeof() of each probe value stored in a column of each declared type: "integer,real,text"
  /// for NUMERIC, "real,real,text" for REAL and so on, which tells the affinities apart (but for
  /// INTEGER and NUMERIC, which differ only in CAST).
  std::vector<std::string> storage_signatures(const std::vector<std::string>& types) {
    std::vector<std::string> out(types.size());
    std::string create = "CREATE TABLE sig (";
    for (std::size_t k = 0; k < types.size(); ++k) create += (k ? ", c" : "c") + std::to_string(k) + ' ' + types[k];
    exec("DROP TABLE IF EXISTS sig");
    exec(create + ')');
    for (const char* value : {"'12'", "'1.5'", "12", "'abc'"}) {
      std::string insert = "INSERT INTO sig VALUES (";
      for (std::size_t k = 0; k < types.size(); ++k) insert += (k ? ", " : "") + std::string(value);
      exec(insert + ')');
    }
    for (std::size_t k = 0; k < types.size(); ++k) {
      sqlite3_stmt* st = nullptr;
      const std::string sql = "SELECT group_concat(typeof(c" + std::to_string(k) + ")) FROM sig";
      REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
      REQUIRE(sqlite3_step(st) == SQLITE_ROW);
      out[k] = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      sqlite3_finalize(st);
    }
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

/// Every string of length 0..max_length over `alphabet`.
std::vector<std::string> all_strings(std::string_view alphabet, std::size_t max_length) {
  std::vector<std::string> out{""};
  for (std::size_t begin = 0, length = 1; length <= max_length; ++length) {
    const std::size_t end = out.size();
    for (std::size_t i = begin; i < end; ++i)
      for (char c : alphabet) out.push_back(out[i] + c);
    begin = end;
  }
  return out;
}

}  // namespace

TEST_CASE("affinity_of gives SQLite's affinity for every declared type style", "[runtime][affinity]") {
  const std::vector<std::pair<std::string, dorm::Affinity>> cases{
      {"INTEGER", dorm::Affinity::integer},       {"BIGINT", dorm::Affinity::integer},
      {"unsigned big int", dorm::Affinity::integer}, {"FLOATING POINT", dorm::Affinity::integer},
      {"NVARCHAR(160)", dorm::Affinity::text},    {"varchar(20)", dorm::Affinity::text},
      {"CLOB", dorm::Affinity::text},             {"TEXT", dorm::Affinity::text},
      {"CHARINT", dorm::Affinity::integer},       {"BLOB", dorm::Affinity::blob},
      {"", dorm::Affinity::blob},                 {"DOUBLE", dorm::Affinity::real},
      {"double precision", dorm::Affinity::real}, {"FLOAT", dorm::Affinity::real},
      {"REAL", dorm::Affinity::real},             {"NUMERIC(10,2)", dorm::Affinity::numeric},
      {"DECIMAL(10,5)", dorm::Affinity::numeric}, {"DATETIME", dorm::Affinity::numeric},
      {"DATE", dorm::Affinity::numeric},          {"TIMESTAMP", dorm::Affinity::numeric},
      {"BOOLEAN", dorm::Affinity::numeric},       {"STRING", dorm::Affinity::numeric},
      {"JSON", dorm::Affinity::numeric},          {"NUMERIC", dorm::Affinity::numeric}};
  std::vector<std::string> declared;
  std::vector<std::string> canonical;
  for (const auto& [type, affinity] : cases) {
    INFO(type);
    CHECK(dorm::affinity_of(type) == affinity);
    declared.push_back(type);
    canonical.emplace_back(dorm::affinity_name(affinity));
  }
  // SQLite stores the same values the same way in a column of each declared type and in one
  // declared with the affinity's own name.
  Oracle sqlite;
  CHECK(sqlite.storage_signatures(declared) == sqlite.storage_signatures(canonical));
}

TEST_CASE("stored_text is exactly what SQLite reads back, for every short number-like text", "[runtime][affinity]") {
  std::vector<std::string> texts = all_strings("015.e-+ ", 5);
  for (const char* t : {"2024", "007", "1.50", "1e3", " 5", "5 ", "\t5\n", "-0", "+7", "0.0", "1.0", "1.5", "0.1",
                        "2024.0", "1.0e+20", "1e+20", "1.0e+19", "12345678901234567890", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                        "123456789012345.6", "1.23456789012346e+19", "100000000000000000000.0", "1e999", "-1e999",
                        "Inf", "NaN", "0x1A", "1e", "1e+", ".", "-", "1.", ".5", "2024-01-31", "2024-01-31 10:00:00",
                        "10:30", "1,5", "١٢", "1e-400", "4.9e-324", "2.2250738585072014e-308", "0.30000000000000004"}) {
    texts.emplace_back(t);
  }
  const std::vector<std::pair<std::string, dorm::Affinity>> columns{{"NUMERIC", dorm::Affinity::numeric},
                                                                    {"INTEGER", dorm::Affinity::integer},
                                                                    {"REAL", dorm::Affinity::real},
                                                                    {"TEXT", dorm::Affinity::text},
                                                                    {"BLOB", dorm::Affinity::blob}};
  std::vector<std::string> types;
  for (const auto& column : columns) types.push_back(column.first);
  Oracle sqlite;
  const auto stored = sqlite.store(texts, types);
  REQUIRE(stored.size() == texts.size());
  std::size_t kept = 0;
  std::size_t changed = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      INFO("text \"" << texts[i] << "\" in a " << columns[k].first << " column");
      CHECK(dorm::stored_text(texts[i], columns[k].second) == stored[i][k]);
      CHECK(dorm::keeps_text(texts[i], columns[k].second) == (stored[i][k] == texts[i]));
      (stored[i][k] == texts[i] ? kept : changed) += 1;
    }
  }
  // The corpus reaches both sides of the boundary many times.
  CHECK(kept > 1000);
  CHECK(changed > 1000);
}

TEST_CASE("the issue's examples: which texts keep their text under NUMERIC and REAL affinity", "[runtime][affinity]") {
  using dorm::Affinity;
  for (const char* t : {"2024", "1.5", "-3", "0", "2024-01-31", "2024-01-31 10:00:00", "abc", "", "1e", "0x10"}) {
    INFO(t);
    CHECK(dorm::keeps_text(t, Affinity::numeric));
  }
  for (const char* t : {"1.50", "007", "1e3", " 5", "12345678901234567890", "1.0", "-0", "+1"}) {
    INFO(t);
    CHECK_FALSE(dorm::keeps_text(t, Affinity::numeric));
  }
  CHECK_FALSE(dorm::keeps_text("2024", Affinity::real));
  CHECK(dorm::stored_text("2024", Affinity::real) == "2024.0");
  CHECK(dorm::keeps_text("2024.0", Affinity::real));
  CHECK(dorm::stored_text("1.50", Affinity::numeric) == "1.5");
  CHECK(dorm::keeps_text("1.50", Affinity::text));
}

TEST_CASE("a string member of a NUMERIC, INTEGER or REAL column reads back the text dorm wrote", "[runtime][affinity]") {
  auto db = rt_test::memory_db();
  const std::vector<std::string> texts{"2024", "2024-01-31 10:00:00", "1.5", "-7", "abc", ""};
  std::int64_t id = 0;
  for (const std::string& text : texts) {
    rt::LegacyValue row;
    row.id = ++id;
    row.taken_at = text;
    row.code = text;
    db.insert(row);
    const auto back = db.find_or_fail<rt::LegacyValue>(id);
    CHECK(back.taken_at == text);
    CHECK(back.code == text);
  }
  // SQLite did store the number-like ones as numbers: dorm read SQLite's text of them.
  CHECK(db.query_value<std::string>("SELECT typeof(taken_at) FROM legacy_values WHERE id = 1") == "integer");
  CHECK(db.query_value<std::string>("SELECT typeof(taken_at) FROM legacy_values WHERE id = 3") == "real");
  rt::LegacyValue real_text;
  real_text.id = ++id;
  real_text.measure = "2024.5";
  db.insert(real_text);
  CHECK(db.find_or_fail<rt::LegacyValue>(id).measure == "2024.5");
  // Through the query builder, and an update, too.
  CHECK(db.select<rt::LegacyValue>().where(rt::legacy_values.taken_at == "2024").count() == 1);
  auto first = db.find_or_fail<rt::LegacyValue>(1);
  first.taken_at = "2025";
  db.update(first);
  CHECK(db.find_or_fail<rt::LegacyValue>(1).taken_at == "2025");
}

TEST_CASE("numbers and booleans in NUMERIC columns read back equal", "[runtime][affinity]") {
  auto db = rt_test::memory_db();
  rt::LegacyValue row;
  row.id = 1;
  row.price = 2.0;  // stored as the integer 2 by NUMERIC affinity
  row.paid = true;
  row.quantity = 3;
  db.insert(row);
  CHECK(db.query_value<std::string>("SELECT typeof(price) FROM legacy_values") == "integer");
  const auto back = db.find_or_fail<rt::LegacyValue>(1);
  CHECK(back.price == 2.0);
  CHECK(back.paid == true);
  CHECK(back.quantity == 3);
  row.id = 2;
  row.price = 0.1;
  db.insert(row);
  CHECK(db.find_or_fail<rt::LegacyValue>(2).price == 0.1);
}

TEST_CASE("validate() refuses a string that SQLite's affinity would read back as other text", "[runtime][affinity]") {
  auto db = rt_test::memory_db();
  auto refused = [&](auto set, const std::string& column, const std::string& message) {
    rt::LegacyValue row;
    row.id = 1;
    set(row);
    try {
      db.insert(row);
      FAIL("inserted");
    } catch (const dorm::ValidationError& e) {
      REQUIRE(e.errors().size() == 1);
      CHECK(e.errors()[0].column == column);
      CHECK(e.errors()[0].rule == "x-dorm-affinity");
      CHECK(e.errors()[0].message == message);
    }
  };
  refused([](auto& r) { r.taken_at = "007"; }, "taken_at",
          R"(taken_at: "007" would be stored by SQLite as a number (NUMERIC affinity) and read back as "7")");
  refused([](auto& r) { r.taken_at = "1.50"; }, "taken_at",
          R"(taken_at: "1.50" would be stored by SQLite as a number (NUMERIC affinity) and read back as "1.5")");
  refused([](auto& r) { r.taken_at = "1e3"; }, "taken_at",
          R"(taken_at: "1e3" would be stored by SQLite as a number (NUMERIC affinity) and read back as "1000")");
  refused([](auto& r) { r.taken_at = " 5"; }, "taken_at",
          R"(taken_at: " 5" would be stored by SQLite as a number (NUMERIC affinity) and read back as "5")");
  refused([](auto& r) { r.code = "12345678901234567890"; }, "code",
          R"(code: "12345678901234567890" would be stored by SQLite as a number (INTEGER affinity) and read back as )"
          R"("1.23456789012346e+19")");
  refused([](auto& r) { r.measure = "2024"; }, "measure",
          R"(measure: "2024" would be stored by SQLite as a number (REAL affinity) and read back as "2024.0")");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM legacy_values") == 0);
}
