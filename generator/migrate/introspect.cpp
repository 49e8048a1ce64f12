#include "migrate/introspect.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include <dorm/core/affinity.hpp>

#include "ir/names.hpp"
#include "ir/value_rules.hpp"
#include "migrate/catalog_rows.hpp"

namespace dorm::migrate {
namespace {

bool mentions(const std::string& upper_type, std::string_view word) { return upper_type.find(word) != std::string::npos; }

/// The column's affinity by SQLite's rules (dorm::affinity_of), and the C++ type its values
/// read back as: a declared type the affinity does not say enough about picks the member type.
void map_type(const std::string& declared, ir::Column& c) {
  const std::string t = upper(declared);
  switch (affinity_of(declared)) {
    case Affinity::integer:
      c.storage = ir::Storage::integer;
      c.cpp_type = mentions(t, "BOOL") ? ir::CppType::boolean : ir::CppType::int64;
      return;
    case Affinity::text:
      c.storage = ir::Storage::text;
      c.cpp_type = ir::CppType::string;
      return;
    case Affinity::blob:
      // A declared BLOB holds bytes. A column without a type (`CREATE TABLE t (a, b)`) holds
      // whatever was written, mostly text and numbers: a string reads text and numbers alike, and
      // BLOB affinity stores the text dorm writes unchanged.
      c.storage = ir::Storage::blob;
      c.cpp_type = t.empty() ? ir::CppType::string : ir::CppType::bytes;
      return;
    case Affinity::real:
      c.storage = ir::Storage::real;
      c.cpp_type = ir::CppType::float64;
      return;
    case Affinity::numeric:
      c.storage = ir::Storage::numeric;
      // BOOLEAN holds 0/1; DECIMAL, NUMERIC(10,2), MONEY hold numbers; DATE, DATETIME, TIMESTAMP
      // and every other name hold text such as "2024-01-31 10:00:00", which keeps its text in a
      // NUMERIC column (validate() refuses the few strings that would not).
      if (mentions(t, "BOOL")) {
        c.cpp_type = ir::CppType::boolean;
      } else if (mentions(t, "DEC") || mentions(t, "NUM") || mentions(t, "MONEY")) {
        c.cpp_type = ir::CppType::float64;
      } else {
        c.cpp_type = ir::CppType::string;
      }
      return;
  }
}

/// A default as PRAGMA table_info reports it (the SQL text) -> the IR's kinds.
ir::DefaultValue map_default(const std::string& sql) {
  ir::DefaultValue d;
  if (upper(sql) == "NULL") return d;
  if (sql.size() >= 2 && sql.front() == '\'' && sql.back() == '\'') {
    d.kind = ir::DefaultValue::Kind::text;
    for (std::size_t i = 1; i + 1 < sql.size(); ++i) {
      d.value += sql[i];
      if (sql[i] == '\'') ++i;  // '' inside a literal is one quote
    }
    return d;
  }
  const bool number = !sql.empty() && std::all_of(sql.begin(), sql.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  });
  if (number) {
    d.kind = sql.find_first_of(".eE") == std::string::npos ? ir::DefaultValue::Kind::integer : ir::DefaultValue::Kind::real;
    d.value = sql;
    return d;
  }
  d.kind = ir::DefaultValue::Kind::sql_expression;
  d.value = sql;
  if (d.value.size() >= 2 && d.value.front() == '(' && d.value.back() == ')') d.value = d.value.substr(1, d.value.size() - 2);
  return d;
}

/// SQLite applies a column's affinity to its default as to any value: `DEFAULT '0.50'` in a
/// NUMERIC(10,2) column stores the REAL 0.5. A quoted number in a column with a number member
/// becomes that number (as the column stores it), so the member's type and the default agree.
void keep_stored_default(ir::Column& c) {
  ir::DefaultValue& d = *c.default_value;
  if (d.kind != ir::DefaultValue::Kind::text || c.cpp_type == ir::CppType::string || c.cpp_type == ir::CppType::bytes) return;
  const std::string stored = stored_text(d.value, ir::affinity(c.storage));
  const bool number = !stored.empty() && std::any_of(stored.begin(), stored.end(), [](char x) { return std::isdigit(static_cast<unsigned char>(x)) != 0; }) &&
                      std::all_of(stored.begin(), stored.end(), [](char x) {
                        return std::isdigit(static_cast<unsigned char>(x)) != 0 || x == '-' || x == '+' || x == '.' || x == 'e';
                      });
  if (!number) return;  // text a number member cannot take: dorm-gen reports the default
  d.kind = stored.find_first_of(".e") == std::string::npos ? ir::DefaultValue::Kind::integer : ir::DefaultValue::Kind::real;
  d.value = stored;
}

std::string action(const std::string& a) { return upper(a) == "NO ACTION" ? "" : upper(a); }

}  // namespace

ir::Schema read_database(Database& db, std::vector<std::string>& skipped) {
  ir::Schema schema;
  for (const std::string& name : user_tables(db)) {
    ir::Table table;
    table.name = name;
    const std::string qn = ir::quote_literal(name);
    const std::vector<CatalogRow> create =
        catalog_rows<1>(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = " + qn);
    // A damaged file can list a table in one read of sqlite_schema and miss it in the next.
    if (create.empty())
      throw std::runtime_error("table " + qn + " is listed in sqlite_schema, but its CREATE TABLE statement cannot be "
                               "read: the database file is damaged (see PRAGMA integrity_check)");
    const std::string create_sql = upper(text(create.front()[0]));
    std::vector<std::pair<int, std::string>> key;
    for (const CatalogRow& r : catalog_rows<5>(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(" + qn + ")")) {
      ir::Column c;
      c.name = text(r[0]);
      map_type(text(r[1]), c);
      c.nullable = text(r[2]) == "0";
      if (r[3]) c.default_value = map_default(*r[3]);
      if (c.default_value) keep_stored_default(c);
      if (const int pk = std::stoi(text(r[4])); pk > 0) key.emplace_back(pk, c.name);
      table.columns.push_back(std::move(c));
    }
    std::sort(key.begin(), key.end());
    for (const auto& [_, column] : key) table.primary_key.push_back(column);
    if (table.primary_key.size() == 1) {
      ir::Column& c = *std::find_if(table.columns.begin(), table.columns.end(),
                                    [&](const ir::Column& x) { return x.name == table.primary_key.front(); });
      if (c.storage == ir::Storage::integer) c.nullable = false;  // the rowid
      c.auto_increment = create_sql.find("AUTOINCREMENT") != std::string::npos;
    }
    // SQLite lists indexes newest first (seq 0); the schema keeps them in creation order.
    for (const CatalogRow& r : catalog_rows<4>(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(" + qn + ") ORDER BY seq DESC")) {
      const std::string index_name = text(r[0]);
      const std::string origin = text(r[2]);
      if (origin == "pk") continue;
      if (text(r[3]) == "1") {
        skipped.push_back("partial index " + index_name + " on " + name);
        continue;
      }
      ir::Index index;
      index.unique = text(r[1]) == "1";
      bool expression = false;
      for (const CatalogRow& c : catalog_rows<1>(db, "SELECT name FROM pragma_index_info(" + ir::quote_literal(index_name) + ") ORDER BY seqno")) {
        if (!c[0]) expression = true;
        index.columns.push_back(text(c[0]));
      }
      if (expression) {
        skipped.push_back("expression index " + index_name + " on " + name);
        continue;
      }
      if (origin == "u") {
        table.uniques.push_back(std::move(index));
      } else {
        index.name = index_name;
        table.indexes.push_back(std::move(index));
      }
    }
    std::map<int, std::vector<CatalogRow>> foreign_keys;
    for (CatalogRow& r : catalog_rows<7>(db, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(" + qn + ")"))
      foreign_keys[std::stoi(text(r[0]))].push_back(std::move(r));
    for (const auto& [id, parts] : foreign_keys) {
      if (parts.size() != 1) {
        skipped.push_back("multi-column foreign key of " + name);
        continue;
      }
      const CatalogRow& r = parts.front();
      auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                 [&](const ir::Column& c) { return c.name == text(r[3]); });
      if (column == table.columns.end()) continue;
      std::string to = text(r[4]);
      if (to.empty()) {  // REFERENCES parent without a column: the parent's primary key
        for (const CatalogRow& p : catalog_rows<1>(db, "SELECT name FROM pragma_table_info(" + ir::quote_literal(text(r[2])) + ") WHERE pk = 1"))
          to = text(p[0]);
      }
      column->references = ir::ForeignKey{text(r[2]), to, action(text(r[6])), action(text(r[5])), {}};
    }
    schema.tables.push_back(std::move(table));
  }
  return schema;
}

}  // namespace dorm::migrate
