#include "mirror/applier.hpp"

#include <algorithm>

#include "dorm/core/database.hpp"
#include "dorm/detail/sql_quote.hpp"
#include "mirror/table_columns.hpp"

namespace dorm::detail::mirror {

namespace {

void bind(Statement& st, int index, const MirrorValue& v) {
  switch (static_cast<StorageClass>(v.type)) {
    case StorageClass::integer: st.bind_int64(index, v.integer); break;
    case StorageClass::real: st.bind_double(index, v.real); break;
    case StorageClass::text: st.bind_text(index, v.bytes); break;
    // bytes.data() is never null, so an empty BLOB stays an empty BLOB.
    case StorageClass::blob: st.bind_blob(index, v.bytes.data(), v.bytes.size()); break;
    default: st.bind_null(index); break;
  }
}

}  // namespace

void Applier::apply(const Entry& e) {
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

/// Creates the aggregate table from the source's columns, or adds the columns it lacks.
NameSet& Applier::table(const Entry& e) {
  auto found = tables_.find(e.table);
  if (found != tables_.end()) return found->second;
  NameSet& known = tables_[e.table];
  auto existing = table_info(aggregate_, "main", e.table);
  auto source_columns = table_info(source_, "main", e.table);  // empty when dropped since
  if (existing.empty()) {
    std::vector<std::string> keys = source_columns.empty() ? e.key_columns : key_columns(source_columns);
    std::string sql = "CREATE TABLE " + quote_identifier(e.table) + " (" + quote_identifier(options_.source_column) + " TEXT NOT NULL";
    for (const auto& c : source_columns) {
      sql += ", " + quote_identifier(c.name);
      if (!c.type.empty()) sql += ' ' + c.type;
      known.insert(c.name);
    }
    for (const auto& name : e.columns) {
      if (known.insert(name).second) sql += ", " + quote_identifier(name);
    }
    sql += ", PRIMARY KEY (";
    bool first = true;
    if (options_.source_in_key) {
      sql += quote_identifier(options_.source_column);
      first = false;
    }
    for (const auto& k : keys) {
      if (!first) sql += ", ";
      sql += quote_identifier(k);
      first = false;
    }
    sql += "))";
    aggregate_.execute_script(sql);
  } else {
    for (const auto& c : existing) known.insert(c.name);
    for (const auto& c : source_columns) {
      if (known.insert(c.name).second)
        aggregate_.execute_script("ALTER TABLE " + quote_identifier(e.table) + " ADD COLUMN " + quote_identifier(c.name) +
                                  (c.type.empty() ? "" : " " + c.type));
    }
  }
  return known;
}

void Applier::ensure_columns(const Entry& e) {
  NameSet& known = table(e);
  for (const auto& name : e.columns) {
    // A column dropped from the source since: kept in the aggregate, without a type.
    if (known.insert(name).second)
      aggregate_.execute_script("ALTER TABLE " + quote_identifier(e.table) + " ADD COLUMN " + quote_identifier(name));
  }
}

void Applier::remove(const std::string& table, const std::vector<std::string>& keys,
                     const std::vector<MirrorValue>& values) {
  std::string sql = "DELETE FROM " + quote_identifier(table) + " WHERE " + quote_identifier(options_.source_column) + " = ?";
  for (const auto& k : keys) sql += " AND " + quote_identifier(k) + " IS ?";
  auto st = aggregate_.statements().lease(sql);
  bind_value(*st, 1, source_name_);
  for (std::size_t i = 0; i < values.size(); ++i) bind(*st, static_cast<int>(i) + 2, values[i]);
  while (st->step()) {
  }
}

/// Writes e's new row: first drops this source's row with that key (one left behind by a
/// REPLACE whose delete was not recorded), then a plain INSERT, so a key taken by another
/// source (source_in_key = false) is a constraint error, not an overwrite.
void Applier::put(const Entry& e) {
  std::vector<MirrorValue> key;
  for (const auto& k : e.key_columns) {
    auto at = std::find_if(e.columns.begin(), e.columns.end(), [&](const std::string& c) { return same_name(c, k); });
    if (at == e.columns.end())
      throw MirrorError("[dorm.mirror.corrupt_entry] key column '" + k + "' is not among the entry's columns");
    key.push_back(e.new_row[static_cast<std::size_t>(at - e.columns.begin())]);
  }
  remove(e.table, e.key_columns, key);
  std::string sql = "INSERT INTO " + quote_identifier(e.table) + " (" + quote_identifier(options_.source_column);
  std::string values = "?";
  for (const auto& c : e.columns) {
    sql += ", " + quote_identifier(c);
    values += ", ?";
  }
  sql += ") VALUES (" + values + ')';
  auto st = aggregate_.statements().lease(sql);
  bind_value(*st, 1, source_name_);
  for (std::size_t i = 0; i < e.new_row.size(); ++i) bind(*st, static_cast<int>(i) + 2, e.new_row[i]);
  while (st->step()) {
  }
}

}  // namespace dorm::detail::mirror
