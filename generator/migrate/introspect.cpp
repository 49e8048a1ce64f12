#include "migrate/introspect.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ir/names.hpp"

namespace dorm::migrate {
namespace {

using Row = std::vector<std::optional<std::string>>;

/// Every row of `sql` as text (NULL stays nullopt). Identifiers reach `sql` only quoted.
std::vector<Row> rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    throw std::runtime_error(message + " in: " + sql);
  }
  std::vector<Row> out;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    Row row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt, i);
      if (text == nullptr) {
        row.emplace_back();
      } else {
        row.emplace_back(std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
      }
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string(sqlite3_errmsg(db)) + " in: " + sql);
  return out;
}

std::string text(const std::optional<std::string>& v) { return v.value_or(""); }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> user_tables(sqlite3* db) {
  std::vector<std::string> names;
  for (const Row& r : rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                               "ESCAPE '\\' AND name <> 'dorm_migrations' ORDER BY name"))
    names.push_back(text(r[0]));
  return names;
}

/// SQLite's affinity rules (https://sqlite.org/datatype3.html#determination_of_column_affinity).
void map_type(const std::string& declared, ir::Column& c) {
  const std::string t = upper(declared);
  if (t.find("BOOL") != std::string::npos) {
    c.storage = ir::Storage::integer;
    c.cpp_type = ir::CppType::boolean;
  } else if (t.find("INT") != std::string::npos) {
    c.storage = ir::Storage::integer;
    c.cpp_type = ir::CppType::int64;
  } else if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos ||
             t.find("TEXT") != std::string::npos || t.find("DATE") != std::string::npos ||
             t.find("TIME") != std::string::npos) {
    c.storage = ir::Storage::text;
    c.cpp_type = ir::CppType::string;
  } else if (t.find("BLOB") != std::string::npos || t.empty()) {
    c.storage = ir::Storage::blob;
    c.cpp_type = ir::CppType::bytes;
  } else {
    c.storage = ir::Storage::real;  // REAL, FLOAT, DOUBLE, and NUMERIC/DECIMAL
    c.cpp_type = ir::CppType::float64;
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

std::string action(const std::string& a) { return upper(a) == "NO ACTION" ? "" : upper(a); }

}  // namespace

ir::Schema read_database(sqlite3* db, std::vector<std::string>& skipped) {
  ir::Schema schema;
  for (const std::string& name : user_tables(db)) {
    ir::Table table;
    table.name = name;
    const std::string qn = ir::quote_literal(name);
    const std::string create_sql =
        upper(text(rows(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = " + qn).at(0)[0]));
    std::vector<std::pair<int, std::string>> key;
    for (const Row& r : rows(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(" + qn + ")")) {
      ir::Column c;
      c.name = text(r[0]);
      map_type(text(r[1]), c);
      c.nullable = text(r[2]) == "0";
      if (r[3]) c.default_value = map_default(*r[3]);
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
    for (const Row& r : rows(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(" + qn + ") ORDER BY seq DESC")) {
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
      for (const Row& c : rows(db, "SELECT name FROM pragma_index_info(" + ir::quote_literal(index_name) + ") ORDER BY seqno")) {
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
    std::map<int, std::vector<Row>> foreign_keys;
    for (Row& r : rows(db, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(" + qn + ")"))
      foreign_keys[std::stoi(text(r[0]))].push_back(std::move(r));
    for (const auto& [id, parts] : foreign_keys) {
      if (parts.size() != 1) {
        skipped.push_back("multi-column foreign key of " + name);
        continue;
      }
      const Row& r = parts.front();
      auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                 [&](const ir::Column& c) { return c.name == text(r[3]); });
      if (column == table.columns.end()) continue;
      std::string to = text(r[4]);
      if (to.empty()) {  // REFERENCES parent without a column: the parent's primary key
        for (const Row& p : rows(db, "SELECT name FROM pragma_table_info(" + ir::quote_literal(text(r[2])) + ") WHERE pk = 1"))
          to = text(p[0]);
      }
      column->references = ir::ForeignKey{text(r[2]), to, action(text(r[6])), action(text(r[5])), {}};
    }
    schema.tables.push_back(std::move(table));
  }
  return schema;
}

std::vector<emit::GeneratedFile> schema_files(const ir::Schema& schema) {
  using Json = nlohmann::ordered_json;
  std::vector<emit::GeneratedFile> files;
  for (const ir::Table& t : schema.tables) {
    Json root = Json::object();
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    root["$id"] = t.name;
    root["type"] = "object";
    Json properties = Json::object();
    Json required = Json::array();
    for (const ir::Column& c : t.columns) {
      Json p = Json::object();
      switch (c.storage) {
        case ir::Storage::integer:
          p["type"] = c.cpp_type == ir::CppType::boolean ? "boolean" : "integer";
          break;
        case ir::Storage::real:
          p["type"] = "number";
          break;
        case ir::Storage::text:
          p["type"] = "string";
          break;
        case ir::Storage::blob:
          p["type"] = "string";
          p["contentEncoding"] = "base64";
          break;
      }
      if (t.primary_key.size() == 1 && t.primary_key.front() == c.name) p["x-dorm-primary-key"] = true;
      if (c.auto_increment) p["x-dorm-auto-increment"] = true;
      if (std::any_of(t.uniques.begin(), t.uniques.end(),
                      [&](const ir::Index& u) { return u.columns.size() == 1 && u.columns.front() == c.name; }))
        p["x-dorm-unique"] = true;
      if (c.default_value) {
        const ir::DefaultValue& d = *c.default_value;
        switch (d.kind) {
          case ir::DefaultValue::Kind::null:
            p["default"] = nullptr;
            break;
          case ir::DefaultValue::Kind::integer:
            if (c.cpp_type == ir::CppType::boolean && (d.value == "0" || d.value == "1")) {
              p["default"] = d.value == "1";
            } else {
              p["default"] = std::stoll(d.value);
            }
            break;
          case ir::DefaultValue::Kind::real:
            p["default"] = std::stod(d.value);
            break;
          case ir::DefaultValue::Kind::boolean:
            p["default"] = d.value == "1";
            break;
          case ir::DefaultValue::Kind::text:
            p["default"] = d.value;
            break;
          case ir::DefaultValue::Kind::sql_expression:
            p["x-dorm-default-sql"] = d.value;
            break;
        }
      }
      if (c.references) {
        Json r = Json::object();
        r["table"] = c.references->table;
        r["column"] = c.references->column;
        if (!c.references->on_delete.empty()) r["onDelete"] = c.references->on_delete;
        if (!c.references->on_update.empty()) r["onUpdate"] = c.references->on_update;
        p["x-dorm-references"] = std::move(r);
      }
      if (!c.nullable) required.push_back(c.name);
      properties[c.name] = std::move(p);
    }
    root["properties"] = std::move(properties);
    if (!required.empty()) root["required"] = std::move(required);
    if (t.primary_key.size() > 1) root["x-dorm-primary-key"] = t.primary_key;
    Json uniques = Json::array();
    for (const ir::Index& u : t.uniques)
      if (u.columns.size() > 1) uniques.push_back(u.columns);
    if (!uniques.empty()) root["x-dorm-unique"] = std::move(uniques);
    Json indexes = Json::array();
    for (const ir::Index& i : t.indexes) {
      Json j = Json::object();
      j["name"] = i.name;
      j["columns"] = i.columns;
      if (i.unique) j["unique"] = true;
      indexes.push_back(std::move(j));
    }
    if (!indexes.empty()) root["x-dorm-indexes"] = std::move(indexes);
    files.push_back({t.name + ".json", root.dump(2) + '\n'});
  }
  return files;
}

std::vector<std::string> database_shape(sqlite3* db) {
  std::vector<std::string> lines;
  for (const std::string& name : user_tables(db)) {
    const std::string qn = ir::quote_literal(name);
    for (const Row& r : rows(db, "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(" + qn + ")"))
      lines.push_back(name + " column " + text(r[0]) + ' ' + text(r[1]) + ' ' + upper(text(r[2])) +
                      " notnull=" + text(r[3]) + " default=" + r[4].value_or("NULL") + " pk=" + text(r[5]));
    for (const Row& r : rows(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(" + qn + ")")) {
      std::string columns;
      for (const Row& c : rows(db, "SELECT name FROM pragma_index_info(" + ir::quote_literal(text(r[0])) + ") ORDER BY seqno"))
        columns += ' ' + c[0].value_or("<expr>");
      // Automatic indexes of UNIQUE/PRIMARY KEY constraints are numbered by position, so they
      // are compared by what they cover, not by name.
      const std::string index_name = text(r[2]) == "c" ? text(r[0]) : "(" + text(r[2]) + ")";
      lines.push_back(name + " index " + index_name + " unique=" + text(r[1]) + " partial=" + text(r[3]) + columns);
    }
    for (const Row& r : rows(db, "SELECT seq, \"table\", \"from\", \"to\", on_update, on_delete, id FROM pragma_foreign_key_list(" + qn + ")"))
      lines.push_back(name + " foreign_key " + text(r[2]) + " -> " + text(r[1]) + '.' + r[3].value_or("<pk>") +
                      " on_update=" + text(r[4]) + " on_delete=" + text(r[5]));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace dorm::migrate
