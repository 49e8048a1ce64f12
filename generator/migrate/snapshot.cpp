#include "migrate/snapshot.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "emit/sql_ddl.hpp"
#include "ir/names.hpp"
#include "ir/value_rules.hpp"

namespace dorm::migrate {
namespace {

using Json = nlohmann::ordered_json;

const char* default_kind_name(ir::DefaultValue::Kind kind) {
  switch (kind) {
    case ir::DefaultValue::Kind::null:
      return "null";
    case ir::DefaultValue::Kind::integer:
      return "integer";
    case ir::DefaultValue::Kind::real:
      return "real";
    case ir::DefaultValue::Kind::boolean:
      return "boolean";
    case ir::DefaultValue::Kind::text:
      return "text";
    case ir::DefaultValue::Kind::sql_expression:
      return "sql";
  }
  return "null";
}

ir::DefaultValue::Kind default_kind_from(const std::string& name) {
  static const std::pair<const char*, ir::DefaultValue::Kind> kinds[] = {
      {"null", ir::DefaultValue::Kind::null},       {"integer", ir::DefaultValue::Kind::integer},
      {"real", ir::DefaultValue::Kind::real},       {"boolean", ir::DefaultValue::Kind::boolean},
      {"text", ir::DefaultValue::Kind::text},       {"sql", ir::DefaultValue::Kind::sql_expression}};
  for (const auto& [n, k] : kinds)
    if (name == n) return k;
  throw std::runtime_error("unknown default kind '" + name + "'");
}

ir::Storage storage_from(const std::string& name) {
  for (ir::Storage s :
       {ir::Storage::integer, ir::Storage::real, ir::Storage::text, ir::Storage::blob, ir::Storage::numeric})
    if (ir::storage_keyword(s) == name) return s;
  throw std::runtime_error("unknown column type '" + name + "'");
}

// Storage decides the C++ type closely enough for SQL: snapshots never feed the C++ emitter.
// The exception, a string in a column of another affinity, is recorded ("cpp_type": "string"),
// since it decides which CHECK constraints (lengths or bounds) the column has.
ir::CppType cpp_type_for(ir::Storage storage) {
  switch (storage) {
    case ir::Storage::numeric:
      return ir::CppType::float64;
    case ir::Storage::integer:
      return ir::CppType::int64;
    case ir::Storage::real:
      return ir::CppType::float64;
    case ir::Storage::blob:
      return ir::CppType::bytes;
    case ir::Storage::text:
      return ir::CppType::string;
  }
  return ir::CppType::string;
}

Json index_json(const ir::Index& index) {
  Json j = Json::object();
  if (!index.name.empty()) j["name"] = index.name;
  j["columns"] = index.columns;
  if (index.unique) j["unique"] = true;
  return j;
}

ir::Index index_from(const Json& j, bool unique_by_default) {
  ir::Index index;
  index.name = j.value("name", "");
  index.columns = j.at("columns").get<std::vector<std::string>>();
  index.unique = j.value("unique", unique_by_default);
  return index;
}

/// The rules behind `c`'s CHECK constraints (emit::check_constraints), in IR terms, so the
/// constraints come back from the snapshot as they were: values normalized to what the SQL
/// compares (true -> 1), rules without a constraint (pattern) left out. Null when there is none.
Json checks_json(const ir::Column& c) {
  Json j = Json::object();
  const ir::Checks& k = c.checks;
  for (const emit::CheckConstraint& check : emit::check_constraints(c)) {
    const std::string keyword = check.name.substr(c.name.size() + 1);
    if (keyword == "minLength") j["minLength"] = *k.min_length;
    if (keyword == "maxLength") j["maxLength"] = *k.max_length;
    if (keyword == "minimum") j["minimum"] = *k.minimum;
    if (keyword == "exclusiveMinimum") j["exclusiveMinimum"] = *k.exclusive_minimum;
    if (keyword == "maximum") j["maximum"] = *k.maximum;
    if (keyword == "exclusiveMaximum") j["exclusiveMaximum"] = *k.exclusive_maximum;
    if (keyword == "format") j["format"] = c.format;
    if (keyword == "json") j["json"] = c.json_type.empty() ? Json(true) : Json(c.json_type);
    if (keyword == "enum") {
      Json values = Json::array();
      for (const std::string& text : k.enum_values) {
        const auto v = Json::parse(text, nullptr, false);
        if (v.is_boolean()) {
          values.push_back(v.get<bool>() ? 1 : 0);
        } else if (v.is_string() || v.is_number()) {
          values.push_back(v);
        }
      }
      j["enum"] = std::move(values);
    }
  }
  return j.empty() ? Json() : j;
}

/// The inverse of checks_json. A snapshot written before dorm had CHECK constraints has none.
void read_checks(const Json& c, ir::Column& column) {
  const auto found = c.find("checks");
  if (found == c.end()) return;
  const Json& j = *found;
  ir::Checks& k = column.checks;
  if (j.contains("minLength")) k.min_length = j.at("minLength").get<std::int64_t>();
  if (j.contains("maxLength")) k.max_length = j.at("maxLength").get<std::int64_t>();
  if (j.contains("minimum")) k.minimum = j.at("minimum").get<double>();
  if (j.contains("exclusiveMinimum")) k.exclusive_minimum = j.at("exclusiveMinimum").get<double>();
  if (j.contains("maximum")) k.maximum = j.at("maximum").get<double>();
  if (j.contains("exclusiveMaximum")) k.exclusive_maximum = j.at("exclusiveMaximum").get<double>();
  if (j.contains("format")) column.format = j.at("format").get<std::string>();
  if (j.contains("json")) {
    column.is_json = true;
    column.cpp_type = ir::CppType::string;
    if (j.at("json").is_string()) column.json_type = j.at("json").get<std::string>();
  }
  if (j.contains("enum")) {
    for (const Json& v : j.at("enum")) k.enum_values.push_back(v.dump());
  }
}

}  // namespace

std::string snapshot_text(const ir::Schema& schema) {
  std::vector<const ir::Table*> tables;
  for (const ir::Table& t : schema.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const ir::Table* a, const ir::Table* b) { return a->name < b->name; });

  Json root = Json::object();
  root["dorm_snapshot"] = 1;
  Json out_tables = Json::array();
  for (const ir::Table* table : tables) {
    Json t = Json::object();
    t["name"] = table->name;
    Json columns = Json::array();
    for (const ir::Column& c : table->columns) {
      Json col = Json::object();
      col["name"] = c.name;
      col["type"] = ir::storage_keyword(c.storage);
      if (c.cpp_type == ir::CppType::string && c.storage != ir::Storage::text) col["cpp_type"] = "string";
      col["nullable"] = c.nullable;
      if (c.auto_increment) col["auto_increment"] = true;
      if (c.default_value) {
        col["default"] = Json{{"kind", default_kind_name(c.default_value->kind)}, {"value", c.default_value->value}};
      }
      if (c.references) {
        Json r = Json::object();
        r["table"] = c.references->table;
        r["column"] = c.references->column;
        if (!c.references->on_delete.empty()) r["on_delete"] = c.references->on_delete;
        if (!c.references->on_update.empty()) r["on_update"] = c.references->on_update;
        col["references"] = std::move(r);
      }
      if (Json checks = checks_json(c); !checks.is_null()) col["checks"] = std::move(checks);
      columns.push_back(std::move(col));
    }
    t["columns"] = std::move(columns);
    t["primary_key"] = table->primary_key;
    Json uniques = Json::array();
    for (const ir::Index& u : table->uniques) uniques.push_back(index_json(ir::Index{u.name, u.columns, false, {}}));
    if (!uniques.empty()) t["uniques"] = std::move(uniques);
    Json indexes = Json::array();
    for (const ir::Index& i : table->indexes) indexes.push_back(index_json(i));
    if (!indexes.empty()) t["indexes"] = std::move(indexes);
    out_tables.push_back(std::move(t));
  }
  root["tables"] = std::move(out_tables);
  return root.dump(2) + '\n';
}

ir::Schema schema_from_snapshot(std::string_view text, const std::string& display_path) {
  try {
    const Json root = Json::parse(text);
    if (!root.is_object() || root.value("dorm_snapshot", 0) != 1) throw std::runtime_error("not a dorm snapshot");
    ir::Schema schema;
    schema.source_files.push_back(display_path);
    // dorm writes each table and column once; a repeated name (SQLite compares them without
    // case) is a hand edit that would make the planner compare a table with its namesake.
    std::set<std::string> table_keys;
    for (const Json& t : root.at("tables")) {
      ir::Table table;
      table.name = t.at("name").get<std::string>();
      if (!table_keys.insert(ir::sql_name_key(table.name)).second)
        throw std::runtime_error("table \"" + table.name + "\" appears twice");
      std::set<std::string> column_keys;
      for (const Json& c : t.at("columns")) {
        ir::Column column;
        column.name = c.at("name").get<std::string>();
        if (!column_keys.insert(ir::sql_name_key(column.name)).second)
          throw std::runtime_error("column \"" + column.name + "\" of table \"" + table.name + "\" appears twice");
        column.storage = storage_from(c.at("type").get<std::string>());
        column.cpp_type = c.value("cpp_type", "") == "string" ? ir::CppType::string : cpp_type_for(column.storage);
        column.nullable = c.at("nullable").get<bool>();
        column.auto_increment = c.value("auto_increment", false);
        if (const auto d = c.find("default"); d != c.end()) {
          column.default_value =
              ir::DefaultValue{default_kind_from(d->at("kind").get<std::string>()), d->at("value").get<std::string>(), {}};
        }
        if (const auto r = c.find("references"); r != c.end()) {
          column.references = ir::ForeignKey{r->at("table").get<std::string>(), r->at("column").get<std::string>(),
                                             r->value("on_delete", ""), r->value("on_update", ""), {}};
        }
        read_checks(c, column);
        table.columns.push_back(std::move(column));
      }
      table.primary_key = t.at("primary_key").get<std::vector<std::string>>();
      if (const auto u = t.find("uniques"); u != t.end())
        for (const Json& j : *u) table.uniques.push_back(index_from(j, true));
      if (const auto i = t.find("indexes"); i != t.end())
        for (const Json& j : *i) table.indexes.push_back(index_from(j, false));
      schema.tables.push_back(std::move(table));
    }
    return schema;
  } catch (const std::exception& e) {
    throw std::runtime_error(display_path + ": not a valid dorm snapshot: " + e.what());
  }
}

}  // namespace dorm::migrate
