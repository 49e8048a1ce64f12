#pragma once
// A prepared statement of the dqlite engine (connection.hpp): prepared on the node once, its
// parameters kept on the client until it runs, its rows read as they arrive. Its first step
// sends the run: QUERY when the SQL reads (then each step is a row), EXEC otherwise (then the
// first step returns false).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/dqlite/rows.hpp"
#include "backends/dqlite/value.hpp"
#include "backends/dqlite/write_scan.hpp"

namespace dorm::dqlite {

class Connection;

/// One prepared statement of a Connection. Movable, not copyable; finalized on destruction.
class Statement {
 public:
  /// The value type column() returns: a view into the received rows (value.hpp).
  using Value = dqlite::Value;

  /// Prepares `sql` on the node; SQL errors are the dorm errors SQLite's engine throws.
  /// `persistent` is accepted for the seam; every statement stays prepared until destroyed.
  Statement(Connection& connection, std::string_view sql, bool persistent = false);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  /// Runs one step: true when a row is ready, false when the statement is done.
  bool step();
  /// Makes the statement ready to run again; parameters stay bound. Rows not read are dropped.
  void reset() noexcept;

  void bind_null(int index) { bind(index, Value::null()); }
  void bind_int64(int index, std::int64_t value) { bind(index, Value::integer(value)); }
  void bind_double(int index, double value) { bind(index, Value::real(value)); }
  /// Binds text the caller keeps alive until the statement runs (no copy).
  void bind_text(int index, std::string_view text) { bind(index, Value::text(text)); }
  /// Binds a copy of `text`.
  void bind_text_copy(int index, std::string_view text);
  /// Binds `size` bytes at `data`, kept alive by the caller until the statement runs.
  void bind_blob(int index, const void* data, std::size_t size) {
    bind(index, Value::blob({static_cast<const std::byte*>(data), size}));
  }
  /// Binds a copy of `size` bytes at `data` (a temporary the statement outlives).
  void bind_blob_copy(int index, const void* data, std::size_t size);

  /// The value of column `column` of the current row.
  [[nodiscard]] Value column(int column) const noexcept;
  [[nodiscard]] std::string_view sql() const noexcept { return sql_; }
  [[nodiscard]] int parameter_count() const noexcept { return static_cast<int>(parameters_.size()); }
  /// The number of result columns, known once the statement ran as a query (0 before).
  [[nodiscard]] int column_count() const noexcept;
  /// True when the SQL does not write (write_scan.hpp).
  [[nodiscard]] bool is_read_only() const noexcept { return !scan_.writes; }
  [[nodiscard]] std::int64_t changes() const noexcept;
  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
  /// Throws TypeMismatch naming column `column` by its result name, the class it holds and
  /// what was expected.
  [[noreturn]] void type_mismatch(int column, std::string_view expected) const;

 private:
  void bind(int index, Value value);
  void release() noexcept;

  Connection* connection_;
  std::string sql_;
  std::uint32_t id_ = 0;
  WriteScan scan_;
  std::vector<Value> parameters_;
  std::vector<std::string> copies_;  // what bind_text_copy / bind_blob_copy bound, by parameter index - 1
  std::optional<Rows> rows_;
  bool ran_ = false;
  bool finalized_ = true;
};

}  // namespace dorm::dqlite
