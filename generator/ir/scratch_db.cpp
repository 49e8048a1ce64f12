#include "ir/scratch_db.hpp"

#include <cstdint>

#include "ir/sqlite_message.hpp"

namespace dorm::ir {

std::string ScratchDb::default_error(const std::string& expr) {
  dorm::Database* db = get();
  if (db == nullptr) return "";  // cannot check; the migration will report it instead
  const std::string definition = "t(x DEFAULT (" + expr + "))";
  try {
    db->execute("CREATE TEMP TABLE " + definition);
  } catch (const dorm::MisuseError&) {
    // dorm::Database refuses a second statement after the first.
    return "the expression must not end the statement";
  } catch (const dorm::Error& e) {
    return sqlite_message(e);
  }
  // SQLite stores the table's text from its name to its closing parenthesis: other text means
  // the expression closed the definition early ("1)); --", the rest a comment or a statement).
  const std::string stored =
      db->query_value<std::string>("SELECT sql FROM sqlite_temp_schema WHERE type = 'table' AND name = 't'")
          .value_or("");
  const std::int64_t columns = db->query_value<std::int64_t>("SELECT count(*) FROM pragma_table_info('t')").value_or(0);
  db->execute_script("DROP TABLE temp.t");
  if (stored != "CREATE TABLE " + definition) return "the expression must not end the statement";
  if (columns != 1) return "the expression must be a single expression";
  return "";
}

std::string ScratchDb::evaluation_error(const std::string& expr) {
  dorm::Database* db = get();
  if (db == nullptr) return "";
  try {
    db->execute_script("CREATE TEMP TABLE d(x DEFAULT (" + expr + "))");
  } catch (const dorm::Error& e) {
    return sqlite_message(e);
  }
  std::string message;
  try {
    db->execute("INSERT INTO temp.d DEFAULT VALUES");
  } catch (const dorm::Error& e) {
    message = sqlite_message(e);
  }
  db->execute_script("DROP TABLE temp.d");
  return message;
}

std::optional<std::string> ScratchDb::evaluate(const std::string& expr) {
  dorm::Database* db = get();
  if (db == nullptr) return std::nullopt;
  try {
    // CAST: SQLite's text of any value (a number, or a BLOB's bytes), as the format check reads it.
    return db->query_value<std::optional<std::string>>("SELECT CAST((" + expr + ") AS TEXT)").value_or(std::nullopt);
  } catch (const dorm::Error&) {
    return std::nullopt;
  }
}

dorm::Database* ScratchDb::get() {
  if (!db_ && !failed_) {
    try {
      db_.emplace(dorm::Database::open(":memory:"));
    } catch (const dorm::Error&) {
      failed_ = true;
    }
  }
  return db_ ? &*db_ : nullptr;
}

}  // namespace dorm::ir
