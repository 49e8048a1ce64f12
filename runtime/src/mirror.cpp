#include "dorm/mirror.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <set>
#include <utility>

#include "dorm/database.hpp"
#include "dorm/detail/mirror_codec.hpp"
#include "dorm/pool.hpp"
#include "dorm/transaction.hpp"

namespace dorm {

namespace detail {
struct MirrorConnection {
  explicit MirrorConnection(sqlite3* h) noexcept : handle(h) {}
  sqlite3* handle;
  std::atomic<int> skipping{0};
};
}  // namespace detail

namespace {

// ---- names and SQL text ----

constexpr const char* outbox_ddl =
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_outbox\" ("
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, "  // AUTOINCREMENT: a seq is never reused
    "table_name TEXT NOT NULL, op TEXT NOT NULL, columns BLOB NOT NULL, key_columns BLOB NOT NULL, "
    "old_key BLOB, new_row BLOB);"
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_source\" ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, origin TEXT NOT NULL, "
    "replayed_through INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_tables\" (table_name TEXT PRIMARY KEY) WITHOUT ROWID;";

constexpr const char* progress_ddl =
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_progress\" ("
    "source TEXT PRIMARY KEY, origin TEXT NOT NULL, last_seq INTEGER NOT NULL, last_hash TEXT NOT NULL)";

std::string quote_id(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string quote_text(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + '\'';
}

bool same_name(std::string_view a, std::string_view b) {
  // SQLite compares identifiers ASCII-case-insensitively.
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

struct NameLess {
  bool operator()(const std::string& a, const std::string& b) const noexcept {
    return sqlite3_stricmp(a.c_str(), b.c_str()) < 0;
  }
};
using NameSet = std::set<std::string, NameLess>;

// ---- the outbox's value encoding (dorm/detail/mirror_codec.hpp) ----

using Value = detail::MirrorValue;
using detail::append_u64;

void append_value(std::string& out, sqlite3_value* v) { detail::append_mirror_value(out, v); }

std::string pack_names(const std::vector<std::string>& names) { return detail::pack_mirror_names(names); }

std::optional<std::vector<Value>> unpack(const unsigned char* data, std::size_t size) {
  return detail::unpack_mirror_values(data, size);
}

void bind(Statement& st, int index, const Value& v) {
  sqlite3_stmt* h = st.handle();
  int rc = SQLITE_OK;
  switch (v.type) {
    case SQLITE_INTEGER: rc = sqlite3_bind_int64(h, index, v.integer); break;
    case SQLITE_FLOAT: rc = sqlite3_bind_double(h, index, v.real); break;
    case SQLITE_TEXT: rc = sqlite3_bind_text64(h, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC, SQLITE_UTF8); break;
    case SQLITE_BLOB: rc = sqlite3_bind_blob64(h, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC); break;
    default: rc = sqlite3_bind_null(h, index); break;
  }
  check_bind(st, rc);
}

// ---- the per-connection SQL functions ----

/// dorm_mirror_pack(prefix, v1, v2, ...): `prefix` (a packed BLOB, or NULL) with v1... appended.
/// The prefix lets a table wider than SQLite's function argument limit be packed in chunks.
void pack_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  try {
    std::string out;
    if (argc > 0 && sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
      out.append(static_cast<const char*>(sqlite3_value_blob(argv[0])),
                 static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    }
    for (int i = 1; i < argc; ++i) append_value(out, argv[i]);
    sqlite3_result_blob64(context, out.data(), out.size(), SQLITE_TRANSIENT);
  } catch (...) {
    sqlite3_result_error_nomem(context);
  }
}

/// dorm_mirror_skipping(): 1 while a SkipMirror of this connection lives.
void skipping_function(sqlite3_context* context, int, sqlite3_value**) {
  auto* state = static_cast<std::shared_ptr<detail::MirrorConnection>*>(sqlite3_user_data(context));
  sqlite3_result_int(context, (*state)->skipping.load(std::memory_order_relaxed) > 0 ? 1 : 0);
}

/// Which connections have the functions, so SkipMirror finds the state its triggers read.
/// Entries leave when SQLite drops the function (the connection closes), before the handle's
/// address can be reused.
struct Registry {
  std::mutex mutex;
  std::map<sqlite3*, std::weak_ptr<detail::MirrorConnection>> states;
};

// Never destroyed: connections closed during static destruction (a Pool or Database held in a
// static) still reach it through destroy_state, after a function-local static would be gone.
Registry& registry() {
  static Registry* const r = new Registry;
  return *r;
}

void destroy_state(void* p) {
  std::unique_ptr<std::shared_ptr<detail::MirrorConnection>> owner(
      static_cast<std::shared_ptr<detail::MirrorConnection>*>(p));
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.states.find((*owner)->handle);
  if (it != r.states.end() && !it->second.owner_before(*owner) && !owner->owner_before(it->second))
    r.states.erase(it);
}

sqlite3* open_handle(Database& db, std::string_view what) {
  if (!db.is_open())
    throw MisuseError("[dorm.misuse.closed] " + std::string(what) + " on a closed database (or one moved from)");
  return db.handle();
}

std::shared_ptr<detail::MirrorConnection> connection_state(sqlite3* h) {
  Registry& r = registry();
  {
    std::lock_guard lock(r.mutex);
    auto it = r.states.find(h);
    if (it != r.states.end()) {
      if (auto state = it->second.lock()) return state;
    }
  }
  auto state = std::make_shared<detail::MirrorConnection>(h);
  // SQLite owns this copy from here on, and frees it through destroy_state (also when the
  // call fails), so it is released to the C API.
  auto* owner = std::make_unique<std::shared_ptr<detail::MirrorConnection>>(state).release();
  int rc = sqlite3_create_function_v2(h, "dorm_mirror_skipping", 0, SQLITE_UTF8, owner, skipping_function, nullptr,
                                      nullptr, destroy_state);
  if (rc != SQLITE_OK) detail::throw_sqlite_error(h, rc, "");
  rc = sqlite3_create_function_v2(h, "dorm_mirror_pack", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                  pack_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) detail::throw_sqlite_error(h, rc, "");
  std::lock_guard lock(r.mutex);
  r.states[h] = state;
  return state;
}

// ---- reading schemas ----

struct ColumnInfo {
  std::string name;
  std::string type;
  int pk = 0;  ///< 1-based position in the primary key, 0 when not a key column
};

std::vector<ColumnInfo> table_info(Database& db, std::string_view schema, std::string_view table) {
  std::vector<ColumnInfo> columns;
  auto st = db.statements().lease("SELECT name, type, pk FROM pragma_table_info(?, ?)");
  bind_value(*st, 1, table);
  bind_value(*st, 2, schema);
  while (st->step()) {
    ColumnInfo& c = columns.emplace_back();
    read_value(*st, 0, c.name);
    read_value(*st, 1, c.type);
    read_value(*st, 2, c.pk);
  }
  return columns;
}

std::vector<std::string> key_columns(const std::vector<ColumnInfo>& columns) {
  std::vector<const ColumnInfo*> keys;
  for (const auto& c : columns)
    if (c.pk > 0) keys.push_back(&c);
  std::sort(keys.begin(), keys.end(), [](const ColumnInfo* a, const ColumnInfo* b) { return a->pk < b->pk; });
  std::vector<std::string> names;
  for (const ColumnInfo* c : keys) names.push_back(c->name);
  return names;
}

std::string hex_literal(const std::string& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "X'";
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 0xf];
  }
  return out + '\'';
}

/// dorm_mirror_pack(...) over `prefix`."col" for every column, chunked under SQLite's limit
/// of function arguments.
std::string pack_expression(sqlite3* h, std::string_view prefix, const std::vector<std::string>& names) {
  int limit = sqlite3_limit(h, SQLITE_LIMIT_FUNCTION_ARG, -1);
  std::size_t chunk = static_cast<std::size_t>(std::max(1, std::min(limit, 100) - 1));
  std::string expression = "NULL";
  for (std::size_t at = 0; at < names.size(); at += chunk) {
    std::string call = "dorm_mirror_pack(" + expression;
    for (std::size_t i = at; i < std::min(names.size(), at + chunk); ++i) {
      call += ", ";
      call += prefix;
      call += '.';
      call += quote_id(names[i]);
    }
    expression = call + ')';
  }
  return expression;
}

std::string random_origin(Database& db) {
  return db.query_value<std::string>("SELECT lower(hex(randomblob(16)))").value_or("");
}

// ---- outbox entries ----

/// FNV-1a 64 of an outbox row's seq, table, op and blobs, read from `st` from column `first`
/// on: what the aggregate remembers of the last entry it applied, to tell a source whose
/// cleanup did not happen (same entry) from one restored from an older copy (another entry
/// under that seq).
std::string entry_hash(const Statement& st, int first) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](const void* data, std::size_t size) {
    std::string length;
    append_u64(length, size);
    for (unsigned char c : length) h = (h ^ c) * 1099511628211ull;
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  };
  sqlite3_stmt* s = st.handle();
  std::string seq;
  append_u64(seq, static_cast<std::uint64_t>(sqlite3_column_int64(s, first)));
  mix(seq.data(), seq.size());
  for (int i = first + 1; i < first + 7; ++i) {
    const void* data = sqlite3_column_type(s, i) == SQLITE_NULL ? nullptr : sqlite3_column_blob(s, i);
    std::string tag(1, static_cast<char>(sqlite3_column_type(s, i)));
    mix(tag.data(), 1);
    mix(data, data == nullptr ? 0 : static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (int shift = 60; shift >= 0; shift -= 4) out += digits[(h >> shift) & 0xf];
  return out;
}

struct Entry {
  std::int64_t seq = 0;
  std::string table;
  std::string op;
  std::vector<std::string> columns;      ///< names of new_row's values
  std::vector<std::string> key_columns;  ///< names of old_key's values, and the key of new_row
  std::vector<Value> old_key;
  std::vector<Value> new_row;
  std::string hash;  ///< entry_hash() of the row
};

std::string describe_source(std::string_view name) { return "source '" + std::string(name) + "'"; }

std::vector<std::string> value_names(const std::vector<Value>& values) {
  std::vector<std::string> names;
  for (const Value& v : values) names.push_back(v.bytes);
  return names;
}

std::vector<Entry> read_entries(Database& source, const std::string& name, std::int64_t after, std::size_t limit) {
  std::vector<Entry> entries;
  auto st = source.statements().lease(
      "SELECT seq, table_name, op, columns, key_columns, old_key, new_row FROM \"dorm_mirror_outbox\" "
      "WHERE seq > ? ORDER BY seq LIMIT ?");
  bind_value(*st, 1, after);
  bind_value(*st, 2, static_cast<std::int64_t>(limit));
  while (st->step()) {
    Entry& e = entries.emplace_back();
    e.hash = entry_hash(*st, 0);
    read_value(*st, 0, e.seq);
    read_value(*st, 1, e.table);
    read_value(*st, 2, e.op);
    auto column = [&](int i) {
      sqlite3_stmt* h = st->handle();
      if (sqlite3_column_type(h, i) == SQLITE_NULL) return std::optional<std::vector<Value>>(std::vector<Value>{});
      const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(h, i));
      return unpack(data, static_cast<std::size_t>(sqlite3_column_bytes(h, i)));
    };
    auto columns = column(3);
    auto keys = column(4);
    auto old_key = column(5);
    auto new_row = column(6);
    if (!columns || !keys || !old_key || !new_row || old_key->size() != (e.op == "insert" ? 0 : keys->size()) ||
        new_row->size() != (e.op == "delete" ? 0 : columns->size())) {
      throw MirrorError("[dorm.mirror.corrupt_entry] outbox entry seq " + std::to_string(e.seq) + " of " +
                        describe_source(name) + " (table '" + e.table + "') cannot be decoded; it was not written "
                        "by dorm's triggers");
    }
    e.columns = value_names(*columns);
    e.key_columns = value_names(*keys);
    e.old_key = std::move(*old_key);
    e.new_row = std::move(*new_row);
  }
  return entries;
}

struct SourceMeta {
  std::string name;
  std::string origin;
};

std::optional<SourceMeta> read_meta(Database& db) {
  bool installed = db.query_value<std::int64_t>(
                         "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dorm_mirror_source'")
                       .value_or(0) != 0;
  if (!installed) return std::nullopt;
  auto rows = db.query<std::tuple<std::string, std::string>>("SELECT name, origin FROM \"dorm_mirror_source\"");
  if (rows.empty()) return std::nullopt;
  return SourceMeta{std::get<0>(rows[0]), std::get<1>(rows[0])};
}

/// Throws when the aggregate has applied entries up to `last` that `source` does not hold as
/// they were. The aggregate being ahead of what the source heard back (replayed_through) is
/// normal after a replay whose cleanup did not happen: then the entry `last` is still in the
/// outbox, unchanged. Otherwise the source was restored from an older copy, and its new writes
/// reuse seqs the aggregate would skip.
void check_not_rewound(Database& source, const std::string& name, std::int64_t last, const std::string& last_hash) {
  // One statement, so both come from one snapshot while another replay may be cleaning up.
  auto st = source.statements().lease(
      "SELECT s.replayed_through, o.seq, o.table_name, o.op, o.columns, o.key_columns, o.old_key, o.new_row "
      "FROM \"dorm_mirror_source\" AS s LEFT JOIN \"dorm_mirror_outbox\" AS o ON o.seq = ?");
  bind_value(*st, 1, last);
  if (!st->step()) return;
  std::int64_t replayed_through = sqlite3_column_int64(st->handle(), 0);
  if (last <= replayed_through) return;
  bool same = sqlite3_column_type(st->handle(), 1) != SQLITE_NULL && entry_hash(*st, 1) == last_hash;
  if (!same)
    throw MirrorError("[dorm.mirror.source_rewound] the aggregate has applied the writes of source '" + name +
                      "' up to seq " + std::to_string(last) + ", but '" + source.path() + "' knows of them only up "
                      "to seq " + std::to_string(replayed_through) + " and holds other writes under those numbers "
                      "(restored from an older copy?); nothing was replayed. Mirror::resync(source) rebuilds its "
                      "rows in the aggregate");
}

/// Throws when the aggregate has applied fewer of `source`'s entries (`last`) than the source
/// saw committed there (replayed_through): the aggregate was deleted and created again, or
/// restored from an older copy, and the rows of those entries are gone from it. Replaying the
/// rest would leave a silently incomplete aggregate.
void check_aggregate_not_behind(Database& source, const std::string& name, std::int64_t last,
                                const std::string& aggregate_path) {
  const std::int64_t replayed_through =
      source.query_value<std::int64_t>("SELECT replayed_through FROM \"dorm_mirror_source\"").value_or(0);
  if (last >= replayed_through) return;
  throw MirrorError("[dorm.mirror.aggregate_behind] the aggregate '" + aggregate_path + "' has applied the writes of " +
                    describe_source(name) + " only up to seq " + std::to_string(last) + ", but it had committed them "
                    "up to seq " + std::to_string(replayed_through) + " (was the aggregate deleted, or restored from "
                    "an older copy?); nothing was replayed. Mirror::resync(source) rebuilds its rows in the aggregate");
}

MirrorError wrap(std::string prefix, const Error& e) {
  return MirrorError(std::move(prefix) + ": " + e.what(), e.code(), e.extended_code(), e.sql());
}

// ---- applying entries to the aggregate ----

/// One replay's view of the aggregate, inside its write transaction.
class Applier {
 public:
  Applier(Database& aggregate, Database& source, const MirrorOptions& options, const std::string& source_name)
      : aggregate_(aggregate), source_(source), options_(options), source_name_(source_name) {}

  void apply(const Entry& e) {
    ensure_columns(e);
    if (e.op == "insert") {
      put(e);
    } else if (e.op == "update") {
      remove(e.table, e.key_columns, e.old_key);
      put(e);
    } else if (e.op == "delete") {
      remove(e.table, e.key_columns, e.old_key);
    } else {
      throw MirrorError("[dorm.mirror.corrupt_entry] unknown operation '" + e.op + "'");
    }
  }

 private:
  /// Creates the aggregate table from the source's columns, or adds the columns it lacks.
  NameSet& table(const Entry& e) {
    auto found = tables_.find(e.table);
    if (found != tables_.end()) return found->second;
    NameSet& known = tables_[e.table];
    auto existing = table_info(aggregate_, "main", e.table);
    auto source_columns = table_info(source_, "main", e.table);  // empty when dropped since
    if (existing.empty()) {
      std::vector<std::string> keys = source_columns.empty() ? e.key_columns : key_columns(source_columns);
      std::string sql = "CREATE TABLE " + quote_id(e.table) + " (" + quote_id(options_.source_column) + " TEXT NOT NULL";
      for (const auto& c : source_columns) {
        sql += ", " + quote_id(c.name);
        if (!c.type.empty()) sql += ' ' + c.type;
        known.insert(c.name);
      }
      for (const auto& name : e.columns) {
        if (known.insert(name).second) sql += ", " + quote_id(name);
      }
      sql += ", PRIMARY KEY (";
      bool first = true;
      if (options_.source_in_key) {
        sql += quote_id(options_.source_column);
        first = false;
      }
      for (const auto& k : keys) {
        if (!first) sql += ", ";
        sql += quote_id(k);
        first = false;
      }
      sql += "))";
      aggregate_.execute_script(sql);
    } else {
      for (const auto& c : existing) known.insert(c.name);
      for (const auto& c : source_columns) {
        if (known.insert(c.name).second)
          aggregate_.execute_script("ALTER TABLE " + quote_id(e.table) + " ADD COLUMN " + quote_id(c.name) +
                                    (c.type.empty() ? "" : " " + c.type));
      }
    }
    return known;
  }

  void ensure_columns(const Entry& e) {
    NameSet& known = table(e);
    for (const auto& name : e.columns) {
      // A column dropped from the source since: kept in the aggregate, without a type.
      if (known.insert(name).second)
        aggregate_.execute_script("ALTER TABLE " + quote_id(e.table) + " ADD COLUMN " + quote_id(name));
    }
  }

  void remove(const std::string& table, const std::vector<std::string>& keys, const std::vector<Value>& values) {
    std::string sql = "DELETE FROM " + quote_id(table) + " WHERE " + quote_id(options_.source_column) + " = ?";
    for (const auto& k : keys) sql += " AND " + quote_id(k) + " IS ?";
    auto st = aggregate_.statements().lease(sql);
    bind_value(*st, 1, source_name_);
    for (std::size_t i = 0; i < values.size(); ++i) bind(*st, static_cast<int>(i) + 2, values[i]);
    while (st->step()) {
    }
  }

  /// Writes e's new row: first drops this source's row with that key (one left behind by a
  /// REPLACE whose delete was not recorded), then a plain INSERT, so a key taken by another
  /// source (source_in_key = false) is a constraint error, not an overwrite.
  void put(const Entry& e) {
    std::vector<Value> key;
    for (const auto& k : e.key_columns) {
      auto at = std::find_if(e.columns.begin(), e.columns.end(), [&](const std::string& c) { return same_name(c, k); });
      if (at == e.columns.end())
        throw MirrorError("[dorm.mirror.corrupt_entry] key column '" + k + "' is not among the entry's columns");
      key.push_back(e.new_row[static_cast<std::size_t>(at - e.columns.begin())]);
    }
    remove(e.table, e.key_columns, key);
    std::string sql = "INSERT INTO " + quote_id(e.table) + " (" + quote_id(options_.source_column);
    std::string values = "?";
    for (const auto& c : e.columns) {
      sql += ", " + quote_id(c);
      values += ", ?";
    }
    sql += ") VALUES (" + values + ')';
    auto st = aggregate_.statements().lease(sql);
    bind_value(*st, 1, source_name_);
    for (std::size_t i = 0; i < e.new_row.size(); ++i) bind(*st, static_cast<int>(i) + 2, e.new_row[i]);
    while (st->step()) {
    }
  }

  Database& aggregate_;
  Database& source_;
  const MirrorOptions& options_;
  const std::string& source_name_;
  std::map<std::string, NameSet, NameLess> tables_;
};

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
  sqlite3* h = open_handle(db, "Mirror::install()");
  if (source_name.empty())
    throw MisuseError("[dorm.misuse.mirror_source_name] Mirror::install() of '" + db.path() + "' with an empty source name");
  connection_state(h);
  // A REPLACE that deletes a conflicting row runs delete triggers only with recursive
  // triggers on; without them the aggregate would keep the deleted row.
  db.execute_script("PRAGMA recursive_triggers = ON");
  Transaction tx(db);
  db.execute_script(outbox_ddl);
  if (auto meta = read_meta(db)) {
    if (meta->name != source_name)
      throw MirrorError("[dorm.mirror.source_name] '" + db.path() + "' is mirrored as source '" + meta->name +
                        "', not '" + std::string(source_name) + "'; a database keeps one source name (see "
                        "Mirror::resync to start over)");
  } else {
    db.execute("INSERT INTO \"dorm_mirror_source\" (id, name, origin) VALUES (1, ?, ?)", source_name, random_origin(db));
  }
  for (const auto& table : options_.tables) {
    auto columns = table_info(db, "main", table);
    std::string where = "table '" + table + "' of " + describe_source(source_name) + " ('" + db.path() + "')";
    if (columns.empty()) throw MirrorError("[dorm.mirror.no_table] cannot mirror " + where + ": no such table");
    std::vector<std::string> keys = key_columns(columns);
    if (keys.empty())
      throw MirrorError("[dorm.mirror.no_primary_key] cannot mirror " + where +
                        ": it has no primary key, so its rows cannot be matched in the aggregate");
    std::vector<std::string> names;
    for (const auto& c : columns) {
      if (same_name(c.name, options_.source_column))
        throw MirrorError("[dorm.mirror.column_clash] cannot mirror " + where + ": its column '" + c.name +
                          "' has the name of the aggregate's source column; set MirrorOptions::source_column");
      names.push_back(c.name);
    }
    const std::string table_literal = quote_text(table);
    const std::string columns_literal = hex_literal(pack_names(names));
    const std::string keys_literal = hex_literal(pack_names(keys));
    const std::string insert_into =
        "INSERT INTO \"dorm_mirror_outbox\" (table_name, op, columns, key_columns, old_key, new_row) ";
    auto trigger = [&](std::string_view op, std::string_view event, const std::string& old_key,
                       const std::string& new_row) {
      std::string name = quote_id("dorm_mirror_" + table + "_" + std::string(op));
      db.execute_script("DROP TRIGGER IF EXISTS temp." + name);
      db.execute_script("CREATE TEMP TRIGGER " + name + " AFTER " + std::string(event) + " ON main." + quote_id(table) +
                        " FOR EACH ROW WHEN NOT dorm_mirror_skipping() BEGIN " + insert_into + "VALUES (" +
                        table_literal + ", '" + std::string(op) + "', " + columns_literal + ", " + keys_literal + ", " +
                        old_key + ", " + new_row + "); END");
    };
    trigger("insert", "INSERT", "NULL", pack_expression(h, "NEW", names));
    trigger("update", "UPDATE", pack_expression(h, "OLD", keys), pack_expression(h, "NEW", names));
    trigger("delete", "DELETE", pack_expression(h, "OLD", keys), "NULL");
    bool known = db.query_value<std::int64_t>("SELECT count(*) FROM \"dorm_mirror_tables\" WHERE table_name = ?", table)
                     .value_or(0) != 0;
    if (!known) {
      // The rows the table already holds, so the aggregate starts with all of them.
      std::string order;
      for (const auto& k : keys) order += (order.empty() ? "" : ", ") + quote_id(k);
      db.execute(insert_into + "SELECT " + table_literal + ", 'insert', " + columns_literal + ", " + keys_literal +
                 ", NULL, " + pack_expression(h, "t", names) + " FROM main." + quote_id(table) + " AS t ORDER BY " +
                 order);
      db.execute("INSERT INTO \"dorm_mirror_tables\" (table_name) VALUES (?)", table);
    }
  }
  tx.commit();
}

std::size_t Mirror::replay(Database& source) {
  open_handle(source, "Mirror::replay()");
  auto meta = read_meta(source);
  return meta ? replay(source, meta->name) : 0;
}

std::size_t Mirror::replay(Database& source, std::string_view source_name) {
  sqlite3* h = open_handle(source, "Mirror::replay()");
  if (source.transaction_depth() > 0 || sqlite3_get_autocommit(h) == 0)
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
  open_handle(source, "Mirror::pending()");
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
        aggregate.execute("DELETE FROM " + quote_id(table) + " WHERE " + quote_id(options_.source_column) + " = ?",
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
  open_handle(source, "Mirror::resync()");
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
      pool.with(name, [&](Database& db) { replay(db, name); });
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

// ---- SkipMirror ----

SkipMirror::SkipMirror(Database& db) : state_(connection_state(open_handle(db, "SkipMirror"))) {
  state_->skipping.fetch_add(1, std::memory_order_relaxed);
}

SkipMirror::~SkipMirror() { state_->skipping.fetch_sub(1, std::memory_order_relaxed); }

}  // namespace dorm
