#include "dorm/tenancy/mirror.hpp"

#include <algorithm>
#include <utility>

#include "dorm/core/database.hpp"
#include "dorm/detail/sql_quote.hpp"
#include "dorm/tenancy/pool.hpp"
#include "dorm/core/transaction.hpp"
#include "mirror/applier.hpp"
#include "mirror/connection_registry.hpp"
#include "mirror/names.hpp"
#include "mirror/outbox.hpp"
#include "mirror/table_columns.hpp"

// The facade: Mirror's operations and mirror_pool, written with the units of runtime/src/mirror/
// (the outbox of a source, the applier of the aggregate, the connection registry).

namespace dorm {

using namespace detail::mirror;
using detail::quote_identifier;

namespace {

constexpr const char* progress_ddl =
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_progress\" ("
    "source TEXT PRIMARY KEY, origin TEXT NOT NULL, last_seq INTEGER NOT NULL, last_hash TEXT NOT NULL)";

MirrorError wrap(std::string prefix, const Error& e) {
  return MirrorError(std::move(prefix) + ": " + e.what(), e.code(), e.extended_code(), e.sql());
}

}  // namespace

// ---- Mirror ----

Mirror::Mirror(MirrorOptions options) : options_(std::move(options)) {
  if (options_.aggregate_path.empty())
    throw MisuseError("[dorm.misuse.mirror_options] MirrorOptions::aggregate_path is empty");
  if (options_.source_column.empty())
    throw MisuseError("[dorm.misuse.mirror_options] MirrorOptions::source_column is empty");
  if (options_.batch_size == 0) options_.batch_size = 1;
}

void Mirror::install(Database& db, std::string_view source_name) {
  Connection& connection = open_connection(db, "Mirror::install()");
  if (source_name.empty())
    throw MisuseError("[dorm.misuse.mirror_source_name] Mirror::install() of '" + db.path() + "' with an empty source name");
  connection_state(connection);
  install_outbox(db, source_name, options_);
}

std::size_t Mirror::replay(Database& source) {
  open_connection(source, "Mirror::replay()");
  auto meta = read_meta(source);
  return meta ? replay(source, meta->name) : 0;
}

std::size_t Mirror::replay(Database& source, std::string_view source_name) {
  const Connection& connection = open_connection(source, "Mirror::replay()");
  if (source.transaction_depth() > 0 || connection.in_transaction())
    throw MisuseError("[dorm.misuse.mirror_in_transaction] Mirror::replay() of " + describe_source(source_name) +
                      " inside a transaction of '" + source.path() + "', whose uncommitted writes it would mirror");
  std::string name(source_name);
  std::optional<SourceMeta> meta;
  try {
    meta = read_meta(source);
  } catch (const Error& e) {
    MirrorError error = wrap("[dorm.mirror.source_read] cannot read the outbox of " + describe_source(name), e);
    std::string message = error.what();
    record(name, &message);
    throw error;
  }
  if (!meta) {
    record(name, nullptr);
    return 0;
  }
  if (meta->name != name)
    throw MirrorError("[dorm.mirror.source_name] '" + source.path() + "' is mirrored as source '" + meta->name +
                      "', not '" + name + "'");
  try {
    std::size_t applied = replay_batches(source, name, meta->origin);
    record(name, nullptr);
    return applied;
  } catch (const MirrorError& e) {
    std::string message = e.what();
    record(name, &message);
    throw;
  } catch (const Error& e) {
    MirrorError error = wrap("[dorm.mirror.source_read] cannot read the outbox of " + describe_source(name), e);
    std::string message = error.what();
    record(name, &message);
    throw error;
  }
}

bool Mirror::try_replay(Database& source, std::string_view source_name) noexcept {
  try {
    replay(source, source_name);
    return true;
  } catch (const std::exception& e) {
    // replay() has recorded its MirrorErrors; the rest (a transaction left open, a closed
    // database, no memory) are recorded here, so nothing fails unseen.
    try {
      std::string message = e.what();
      record(std::string(source_name), &message);
    } catch (...) {
    }
    return false;
  }
}

std::size_t Mirror::replay_batches(Database& source, const std::string& name, const std::string& origin) {
  std::optional<Database> aggregate;
  const std::string where = describe_source(name) + " to the aggregate '" + options_.aggregate_path + "'";
  std::size_t total = 0;
  std::int64_t after = 0;
  for (;;) {
    std::vector<Entry> entries = read_entries(source, name, after, options_.batch_size);
    if (entries.empty()) break;
    if (!aggregate) {
      try {
        OpenOptions open;
        open.create = options_.create_aggregate;
        open.busy_timeout = options_.busy_timeout;
        open.foreign_keys = false;
        aggregate.emplace(Database::open(options_.aggregate_path, open));
      } catch (const Error& e) {
        throw wrap("[dorm.mirror.aggregate_open] cannot replay " + std::to_string(entries.size()) +
                       "+ pending entries of " + where + "; they stay in the outbox",
                   e);
      }
    }
    std::int64_t high = 0;
    std::size_t applied = 0;
    {
      std::optional<Transaction> tx;
      try {
        tx.emplace(*aggregate);
        aggregate->execute_script(progress_ddl);
      } catch (const BusyError& e) {
        throw wrap("[dorm.mirror.aggregate_busy] cannot replay " + where + ": it stayed locked for " +
                       std::to_string(options_.busy_timeout.count()) + " ms; the entries from seq " +
                       std::to_string(entries.front().seq) + " on stay in the outbox",
                   e);
      } catch (const Error& e) {
        throw wrap("[dorm.mirror.aggregate_write] cannot replay " + where + "; the entries from seq " +
                       std::to_string(entries.front().seq) + " on stay in the outbox",
                   e);
      }
      std::int64_t last = 0;
      auto progress = aggregate->query<std::tuple<std::string, std::int64_t, std::string>>(
          "SELECT origin, last_seq, last_hash FROM \"dorm_mirror_progress\" WHERE source = ?", name);
      if (!progress.empty()) {
        if (std::get<0>(progress[0]) != origin)
          throw MirrorError("[dorm.mirror.source_replaced] the aggregate '" + options_.aggregate_path +
                            "' holds rows of another database mirrored as " + describe_source(name) +
                            " (a deleted and recreated one?); nothing was replayed. Mirror::resync(source) "
                            "replaces them with this database's rows");
        last = std::get<1>(progress[0]);
        check_not_rewound(source, name, last, std::get<2>(progress[0]));
      }
      check_aggregate_not_behind(source, name, last, options_.aggregate_path);
      Applier applier(*aggregate, source, options_, name);
      for (const Entry& e : entries) {
        if (e.seq <= last) continue;  // applied by an earlier replay whose cleanup did not happen
        try {
          applier.apply(e);
        } catch (const Error& error) {
          throw wrap("[dorm.mirror.apply] cannot apply outbox entry seq " + std::to_string(e.seq) + " (" + e.op +
                         " on table '" + e.table + "') of " + where + "; it and the entries after it stay in the "
                         "outbox",
                     error);
        }
        ++applied;
      }
      high = std::max(last, entries.back().seq);
      try {
        if (high > last) {
          aggregate->execute(
              "INSERT INTO \"dorm_mirror_progress\" (source, origin, last_seq, last_hash) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (source) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash",
              name, origin, high, entries.back().hash);
        }
        tx->commit();
      } catch (const Error& e) {
        throw wrap("[dorm.mirror.aggregate_write] cannot commit the entries up to seq " + std::to_string(high) + " of " +
                       where + "; they stay in the outbox",
                   e);
      }
    }
    total += applied;
    try {
      source.transaction([&] {
        source.execute("DELETE FROM \"dorm_mirror_outbox\" WHERE seq <= ?", high);
        source.execute("UPDATE \"dorm_mirror_source\" SET replayed_through = max(replayed_through, ?)", high);
      });
    } catch (const Error& e) {
      throw wrap("[dorm.mirror.cleanup] the aggregate has the entries up to seq " + std::to_string(high) + " of " +
                     describe_source(name) + " but they could not be removed from its outbox; the next replay "
                     "skips and removes them",
                 e);
    }
    after = high;
    if (entries.size() < options_.batch_size) break;
  }
  return total;
}

std::int64_t Mirror::pending(Database& source) const {
  open_connection(source, "Mirror::pending()");
  bool installed = source.query_value<std::int64_t>(
                             "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dorm_mirror_outbox'")
                           .value_or(0) != 0;
  if (!installed) return 0;
  return source.query_value<std::int64_t>("SELECT count(*) FROM \"dorm_mirror_outbox\"").value_or(0);
}

void Mirror::record(const std::string& source_name, const std::string* error) {
  std::lock_guard lock(errors_mutex_);
  if (error == nullptr) errors_.erase(source_name);
  else errors_[source_name] = *error;
}

std::optional<std::string> Mirror::last_error(std::string_view source_name) const {
  std::lock_guard lock(errors_mutex_);
  auto it = errors_.find(source_name);
  if (it == errors_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Mirror::failed_sources() const {
  std::lock_guard lock(errors_mutex_);
  std::vector<std::string> names;
  for (const auto& [name, error] : errors_) names.push_back(name);
  return names;
}

void Mirror::forget(std::string_view source_name) {
  const std::string where = "cannot forget " + describe_source(source_name) + " in the aggregate '" +
                            options_.aggregate_path + "'";
  try {
    OpenOptions open;
    open.create = options_.create_aggregate;
    open.busy_timeout = options_.busy_timeout;
    open.foreign_keys = false;
    Database aggregate = Database::open(options_.aggregate_path, open);
    aggregate.transaction([&] {
      for (const auto& table : options_.tables) {
        if (table_info(aggregate, "main", table).empty()) continue;
        aggregate.execute("DELETE FROM " + quote_identifier(table) + " WHERE " + quote_identifier(options_.source_column) + " = ?",
                          source_name);
      }
      aggregate.execute_script(progress_ddl);
      aggregate.execute("DELETE FROM \"dorm_mirror_progress\" WHERE source = ?", source_name);
    });
  } catch (const Error& e) {
    throw wrap("[dorm.mirror.forget] " + where, e);
  }
  record(std::string(source_name), nullptr);
}

void Mirror::resync(Database& source) {
  open_connection(source, "Mirror::resync()");
  auto meta = read_meta(source);
  if (!meta)
    throw MisuseError("[dorm.misuse.mirror_not_installed] Mirror::resync() of '" + source.path() +
                      "', where the mirror was never installed");
  // The source first: once it has a new origin, replays are refused until forget() below has
  // removed the old rows, so the aggregate never mixes the two.
  source.transaction([&] {
    source.execute("DELETE FROM \"dorm_mirror_outbox\"");
    source.execute("DELETE FROM \"dorm_mirror_tables\"");
    source.execute("UPDATE \"dorm_mirror_source\" SET origin = ?, replayed_through = 0", random_origin(source));
    install(source, meta->name);
  });
  forget(meta->name);
}

// ---- Pool integration ----

std::vector<TenantFailure> Mirror::replay_pool(Pool& pool, bool only_failed) {
  std::vector<TenantFailure> failures;
  for (const std::string& name : only_failed ? failed_sources() : pool.list()) {
    try {
      if (!pool.exists(name)) continue;  // dropped since it failed: leasing would create it
      pool.with_tenant(name, [&](Database& db) { replay(db, name); });
    } catch (const std::exception& e) {
      failures.push_back({name, e.what(), std::current_exception()});
    }
  }
  return failures;
}

void mirror_pool(PoolOptions& options, std::shared_ptr<Mirror> mirror) {
  if (!mirror) throw MisuseError("[dorm.misuse.mirror_pool] mirror_pool() without a Mirror");
  options.on_open = [mirror, previous = std::move(options.on_open)](Database& db, std::string_view name) {
    if (previous) previous(db, name);
    mirror->install(db, name);
  };
  options.on_release = [mirror, previous = std::move(options.on_release)](Database& db, std::string_view name) {
    if (previous) previous(db, name);
    // Nothing is lost when this fails (the outbox keeps the entries), and the tenant's own
    // work has committed: so the lease ends normally and the error waits in the Mirror.
    mirror->try_replay(db, name);
  };
}

}  // namespace dorm
