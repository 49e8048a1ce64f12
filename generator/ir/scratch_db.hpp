#pragma once
// A scratch in-memory SQLite database in which ir::validate lets SQLite itself judge and
// evaluate the SQL default expressions a schema declares (column_rules). It goes through
// dorm::Database, as every SQLite use of dorm-gen does.
#include <optional>
#include <string>

#include <dorm/core/database.hpp>

namespace dorm::ir {

/// An in-memory database that lets SQLite itself judge and evaluate default expressions. Opened
/// on first use, so schemas without SQL defaults never open one.
class ScratchDb {
 public:
  /// SQLite's error for `expr` as a column default, or "" when SQLite accepts it. The expression
  /// must stay one default: a table with exactly one column, so `1), y DEFAULT (2` is rejected,
  /// and a table SQLite stores with exactly the text given, so `1)); --` is rejected too.
  std::string default_error(const std::string& expr);

  /// SQLite's error when it computes `expr` as the default of an inserted row, or "": CREATE
  /// TABLE accepts `abs(-9223372036854775808)` or an unknown function, and only each INSERT
  /// that relies on the default would fail. Computed once here so dorm-gen reports it instead.
  /// Extension loading stays off here, as in every dorm connection, so load_extension() is
  /// refused ("not authorized") and never runs; random() or CURRENT_TIMESTAMP compute fine.
  std::string evaluation_error(const std::string& expr);

  /// The value of a valid constant expression as text, or nullopt for NULL (or when it cannot
  /// be evaluated).
  std::optional<std::string> evaluate(const std::string& expr);

 private:
  /// The database, or null when it cannot be opened (then nothing is checked here: the
  /// migration reports a bad default instead).
  dorm::Database* get();

  std::optional<dorm::Database> db_;
  bool failed_ = false;
};

}  // namespace dorm::ir
