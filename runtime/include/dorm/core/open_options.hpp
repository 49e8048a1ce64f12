#pragma once
// How a database is opened: the options every connection engine reads, the SQLite extensions
// to load and the typed SQL functions (dorm/expr/sql_function.hpp) every connection gets.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dorm/core/milliseconds.hpp"

namespace dorm {

class Database;

/// A SQLite extension (a shared library) loaded into each connection as it opens.
struct Extension {
  /// The library at `path`, entered through SQLite's default entry point (the generic one, or
  /// the one named after the file).
  Extension(std::string path) : path(std::move(path)) {}  // NOLINT(google-explicit-constructor): `{"ext.so"}`
  /// `Extension("ext.so")`.
  Extension(const char* path) : path(path) {}  // NOLINT(google-explicit-constructor)
  /// The library at `path`, entered through the C function `entry_point`.
  Extension(std::string path, std::string entry_point) : path(std::move(path)), entry_point(std::move(entry_point)) {}
  std::string path;         ///< the file; SQLite also tries it with the platform's suffix (".so")
  std::string entry_point;  ///< empty: SQLite's default
};

/// A typed SQL function or aggregate (dorm::scalar_function, dorm::AggregateFunction) ready to
/// be registered on every connection a Database, ConnectionPool or Pool opens
/// (OpenOptions::functions). Copies share the function object.
class SqlFunction {
 public:
  /// Holds a copy of `function`, anything with `register_on(Database&) const`.
  template <class F>
    requires requires(const F& f, Database& db) { f.register_on(db); }
  SqlFunction(const F& function) : definition_(std::make_shared<const Holder<F>>(function)) {}  // NOLINT(google-explicit-constructor)

  /// Registers the function on `db`'s connection.
  void register_on(Database& db) const { definition_->register_on(db); }

 private:
  struct Definition {
    Definition() = default;
    Definition(const Definition&) = delete;
    Definition& operator=(const Definition&) = delete;
    virtual ~Definition() = default;
    virtual void register_on(Database& db) const = 0;
  };
  template <class F>
  struct Holder final : Definition {
    explicit Holder(const F& f) : function(f) {}
    void register_on(Database& db) const override { function.register_on(db); }
    F function;
  };
  std::shared_ptr<const Definition> definition_;
};

/// How a database file is opened.
struct OpenOptions {
  bool create = true;       ///< create the file when missing
  bool read_only = false;   ///< open read-only (no WAL switch, no writes)
  bool wal = true;          ///< journal_mode=WAL: readers don't block the writer
  bool foreign_keys = true; ///< enforce FOREIGN KEY constraints
  Milliseconds busy_timeout{5000};  ///< wait this long for a lock before BusyError (`= 250ms`)
  /// synchronous=NORMAL is durable in WAL mode except for the last commits on power loss; set
  /// false for synchronous=FULL.
  bool synchronous_normal = true;
  /// SQLite extensions loaded at open, in order (`{"./libsqlean.so"}`). Loading is enabled only
  /// during that call: the SQL function load_extension() stays refused. One that cannot be
  /// loaded fails the open with SqliteError [dorm.sqlite.extension] naming the file.
  std::vector<Extension> extensions{};
  /// Typed SQL functions registered on the connection as it opens (`{slug, median}`); a
  /// ConnectionPool or Pool opening with these options registers them on every connection.
  std::vector<SqlFunction> functions{};
};

}  // namespace dorm
