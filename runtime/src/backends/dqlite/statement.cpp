#include "backends/dqlite/statement.hpp"

#include <string>

#include "backends/dqlite/connection.hpp"
#include "backends/dqlite/error.hpp"
#include "dorm/core/error.hpp"
#include "dorm/core/storage_class.hpp"

namespace dorm::dqlite {

Statement::Statement(Connection& connection, std::string_view sql, bool /*persistent*/)
    : connection_(&connection), sql_(sql), scan_(scan_writes(sql)) {
  const PreparedStatement prepared = connection.client().prepare(connection.db(), sql_);
  id_ = prepared.id;
  finalized_ = false;
  parameters_.resize(static_cast<std::size_t>(prepared.parameter_count));
  copies_.resize(parameters_.size());
}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      sql_(std::move(other.sql_)),
      id_(other.id_),
      scan_(other.scan_),
      parameters_(std::move(other.parameters_)),
      copies_(std::move(other.copies_)),
      rows_(std::move(other.rows_)),
      ran_(other.ran_),
      finalized_(other.finalized_) {
  other.finalized_ = true;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    connection_ = other.connection_;
    sql_ = std::move(other.sql_);
    id_ = other.id_;
    scan_ = other.scan_;
    parameters_ = std::move(other.parameters_);
    copies_ = std::move(other.copies_);
    rows_ = std::move(other.rows_);
    ran_ = other.ran_;
    finalized_ = other.finalized_;
    other.finalized_ = true;
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() noexcept {
  if (finalized_) return;
  finalized_ = true;
  rows_.reset();
  try {
    connection_->client().finalize(connection_->db(), id_);
  } catch (const Error&) {
    // A lost connection took the statement with it; nothing is left to free.
  }
}

void Statement::bind(int index, Value value) {
  if (index < 1 || static_cast<std::size_t>(index) > parameters_.size()) {
    throw MisuseError("[dorm.misuse.parameter_count] parameter " + std::to_string(index) + " of '" + sql_ +
                      "', which has " + std::to_string(parameters_.size()));
  }
  parameters_[static_cast<std::size_t>(index - 1)] = value;
}

void Statement::bind_text_copy(int index, std::string_view text) {
  if (index >= 1 && static_cast<std::size_t>(index) <= copies_.size()) {
    std::string& copy = copies_[static_cast<std::size_t>(index - 1)];
    copy.assign(text);
    bind(index, Value::text(copy));
    return;
  }
  bind(index, Value::text(text));  // refused with the index
}

void Statement::bind_blob_copy(int index, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const char*>(data);
  if (index >= 1 && static_cast<std::size_t>(index) <= copies_.size()) {
    std::string& copy = copies_[static_cast<std::size_t>(index - 1)];
    copy.assign(bytes, size);
    bind(index, Value::blob({reinterpret_cast<const std::byte*>(copy.data()), size}));
    return;
  }
  bind(index, Value::blob({static_cast<const std::byte*>(data), size}));  // refused with the index
}

bool Statement::step() {
  if (!ran_) {
    ran_ = true;
    connection_->announce(sql_);
    if (scan_.first_reads) {
      rows_.emplace(connection_->client().query(connection_->db(), id_, parameters_));
    } else {
      connection_->ran(sql_, connection_->client().exec(connection_->db(), id_, parameters_));
      return false;
    }
  }
  return rows_ && rows_->next();
}

void Statement::reset() noexcept {
  rows_.reset();
  ran_ = false;
}

Statement::Value Statement::column(int column) const noexcept {
  if (!rows_ || column < 0 || static_cast<std::size_t>(column) >= rows_->row().size()) return Value::null();
  return (*rows_)[static_cast<std::size_t>(column)];
}

int Statement::column_count() const noexcept { return rows_ ? static_cast<int>(rows_->columns().size()) : 0; }

std::int64_t Statement::changes() const noexcept { return connection_->changes(); }
std::int64_t Statement::last_insert_rowid() const noexcept { return connection_->last_insert_rowid(); }

void Statement::type_mismatch(int column, std::string_view expected) const {
  const std::string name = rows_ && column >= 0 && static_cast<std::size_t>(column) < rows_->columns().size()
                               ? rows_->columns()[static_cast<std::size_t>(column)]
                               : "#" + std::to_string(column);
  throw TypeMismatch("[dorm.type_mismatch] column '" + name + "' holds " +
                     storage_class_name(this->column(column).storage_class()) + " but the C++ member expects " +
                     std::string(expected));
}

}  // namespace dorm::dqlite
