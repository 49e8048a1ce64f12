#include "mirror/outbox.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "dorm/core/database.hpp"
#include "dorm/detail/mirror_codec.hpp"
#include "dorm/detail/sql_quote.hpp"
#include "dorm/core/transaction.hpp"
#include "mirror/names.hpp"
#include "mirror/table_columns.hpp"

namespace dorm::detail::mirror {

namespace {

constexpr const char* outbox_ddl =
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_outbox\" ("
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, "  // AUTOINCREMENT: a seq is never reused
    "table_name TEXT NOT NULL, op TEXT NOT NULL, columns BLOB NOT NULL, key_columns BLOB NOT NULL, "
    "old_key BLOB, new_row BLOB);"
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_source\" ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, origin TEXT NOT NULL, "
    "replayed_through INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS \"dorm_mirror_tables\" (table_name TEXT PRIMARY KEY) WITHOUT ROWID;";

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
std::string pack_expression(const Connection& connection, std::string_view prefix,
                            const std::vector<std::string>& names) {
  int limit = connection.function_argument_limit();
  std::size_t chunk = static_cast<std::size_t>(std::max(1, std::min(limit, 100) - 1));
  std::string expression = "NULL";
  for (std::size_t at = 0; at < names.size(); at += chunk) {
    std::string call = "dorm_mirror_pack(" + expression;
    for (std::size_t i = at; i < std::min(names.size(), at + chunk); ++i) {
      call += ", ";
      call += prefix;
      call += '.';
      call += quote_identifier(names[i]);
    }
    expression = call + ')';
  }
  return expression;
}

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
  std::string seq;
  append_u64(seq, static_cast<std::uint64_t>(st.column(first).integer()));
  mix(seq.data(), seq.size());
  for (int i = first + 1; i < first + 7; ++i) {
    const ColumnValue value = st.column(i);
    const StorageClass type = value.storage_class();
    const void* data = type == StorageClass::null ? nullptr : value.blob_data();
    std::string tag(1, static_cast<char>(type));
    mix(tag.data(), 1);
    mix(data, data == nullptr ? 0 : value.size());
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (int shift = 60; shift >= 0; shift -= 4) out += digits[(h >> shift) & 0xf];
  return out;
}

std::vector<std::string> value_names(const std::vector<MirrorValue>& values) {
  std::vector<std::string> names;
  for (const MirrorValue& v : values) names.push_back(v.bytes);
  return names;
}

}  // namespace

std::string random_origin(Database& db) {
  return db.query_value<std::string>("SELECT lower(hex(randomblob(16)))").value_or("");
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
      const ColumnValue value = st->column(i);
      if (value.storage_class() == StorageClass::null) return std::optional<std::vector<MirrorValue>>(std::vector<MirrorValue>{});
      const auto* data = reinterpret_cast<const unsigned char*>(value.blob_data());
      return unpack_mirror_values(data, value.size());
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
  std::int64_t replayed_through = st->column(0).integer();
  if (last <= replayed_through) return;
  bool same = st->column(1).storage_class() != StorageClass::null && entry_hash(*st, 1) == last_hash;
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

void install_outbox(Database& db, std::string_view source_name, const MirrorOptions& options) {
  const Connection& h = db.connection();
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
  for (const auto& table : options.tables) {
    auto columns = table_info(db, "main", table);
    std::string where = "table '" + table + "' of " + describe_source(source_name) + " ('" + db.path() + "')";
    if (columns.empty()) throw MirrorError("[dorm.mirror.no_table] cannot mirror " + where + ": no such table");
    std::vector<std::string> keys = key_columns(columns);
    if (keys.empty())
      throw MirrorError("[dorm.mirror.no_primary_key] cannot mirror " + where +
                        ": it has no primary key, so its rows cannot be matched in the aggregate");
    std::vector<std::string> names;
    for (const auto& c : columns) {
      if (same_name(c.name, options.source_column))
        throw MirrorError("[dorm.mirror.column_clash] cannot mirror " + where + ": its column '" + c.name +
                          "' has the name of the aggregate's source column; set MirrorOptions::source_column");
      names.push_back(c.name);
    }
    const std::string table_literal = quote_literal(table);
    const std::string columns_literal = hex_literal(pack_mirror_names(names));
    const std::string keys_literal = hex_literal(pack_mirror_names(keys));
    const std::string insert_into =
        "INSERT INTO \"dorm_mirror_outbox\" (table_name, op, columns, key_columns, old_key, new_row) ";
    auto trigger = [&](std::string_view op, std::string_view event, const std::string& old_key,
                       const std::string& new_row) {
      std::string name = quote_identifier("dorm_mirror_" + table + "_" + std::string(op));
      db.execute_script("DROP TRIGGER IF EXISTS temp." + name);
      db.execute_script("CREATE TEMP TRIGGER " + name + " AFTER " + std::string(event) + " ON main." + quote_identifier(table) +
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
      for (const auto& k : keys) order += (order.empty() ? "" : ", ") + quote_identifier(k);
      db.execute(insert_into + "SELECT " + table_literal + ", 'insert', " + columns_literal + ", " + keys_literal +
                 ", NULL, " + pack_expression(h, "t", names) + " FROM main." + quote_identifier(table) + " AS t ORDER BY " +
                 order);
      db.execute("INSERT INTO \"dorm_mirror_tables\" (table_name) VALUES (?)", table);
    }
  }
  tx.commit();
}

}  // namespace dorm::detail::mirror
