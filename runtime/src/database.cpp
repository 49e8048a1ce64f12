#include "dorm/core/database.hpp"

namespace dorm {

Database Database::open(std::string_view path, const OpenOptions& options) {
  Database db(Connection::open(path, options), std::string(path));
  if (options.read_only) db.cache_->refuse_writes("opened with OpenOptions::read_only");
  for (const SqlFunction& function : options.functions) function.register_on(db);
  return db;
}

Database::Database(Connection connection, std::string path)
    : connection_(std::make_unique<Connection>(std::move(connection))), path_(std::move(path)),
      cache_(std::make_unique<StatementCache>(*connection_)) {}

Database::Database(Database&& other) noexcept
    : connection_(std::move(other.connection_)), path_(std::move(other.path_)), cache_(std::move(other.cache_)),
      transaction_depth_(other.transaction_depth_) {
  other.transaction_depth_ = 0;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (cache_) cache_->clear();
    connection_ = std::move(other.connection_);
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
    transaction_depth_ = other.transaction_depth_;
    other.transaction_depth_ = 0;
  }
  return *this;
}

// The statements go before the connection, which then closes (deferred by the engine until
// statements prepared outside dorm are gone, so the destructor never fails).
Database::~Database() {
  if (cache_) cache_->clear();
}

void Database::close() {
  if (connection_ == nullptr) return;
  // Finalizing a statement an open cursor still reads would leave the cursor dangling.
  if (cache_->in_use()) throw_in_use();
  cache_->clear();
  if (!connection_->close()) throw_in_use();  // a private statement of an open cursor
  connection_.reset();
}

void Database::throw_in_use() {
  throw MisuseError("[dorm.misuse.close_in_use] close() while a cursor of this database is still open; "
                    "destroy the cursor first");
}

void Database::throw_closed() {
  throw MisuseError("[dorm.misuse.closed] the database is closed (or was moved from)");
}

void Database::execute_script(std::string_view sql) { connection().execute_script(sql); }

void Database::create_function(const SqlFunction& function) { function.register_on(*this); }

void Database::on_statement(Callback<void(std::string_view sql)> hook) {
  connection().on_statement(std::move(hook));
}

}  // namespace dorm
