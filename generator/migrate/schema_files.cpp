#include "migrate/schema_files.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "emit/sql_ddl.hpp"
#include "ir/value_rules.hpp"

namespace dorm::migrate {
namespace {

using Json = nlohmann::ordered_json;

/// The JSON Schema type keywords of a column read from a database: `type` from the C++ type,
/// and `x-dorm-affinity` where the column's affinity is not that type's own (an introspected
/// DATETIME is a string with NUMERIC affinity), so the DDL dorm writes has the same affinity.
void write_type(const ir::Column& c, Json& p) {
  ir::Storage natural = ir::Storage::text;
  switch (c.cpp_type) {
    case ir::CppType::boolean:
      p["type"] = "boolean";
      natural = ir::Storage::integer;
      break;
    case ir::CppType::int64:
      p["type"] = "integer";
      natural = ir::Storage::integer;
      break;
    case ir::CppType::float64:
      p["type"] = "number";
      natural = ir::Storage::real;
      break;
    case ir::CppType::string:
      p["type"] = "string";
      break;
    case ir::CppType::bytes:
      p["type"] = "string";
      p["contentEncoding"] = "base64";
      natural = ir::Storage::blob;
      break;
  }
  if (c.storage == natural) return;
  std::string affinity = ir::storage_keyword(c.storage);
  for (char& ch : affinity) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  p["x-dorm-affinity"] = affinity;
}

const char* relation_kind(ir::Relation::Kind kind) {
  switch (kind) {
    case ir::Relation::Kind::belongs_to:
      return "belongs_to";
    case ir::Relation::Kind::has_one:
      return "has_one";
    case ir::Relation::Kind::has_many:
      return "has_many";
    case ir::Relation::Kind::many_to_many:
      return "many_to_many";
  }
  return "has_many";
}

/// `x-dorm-relations` with every key spelled out, so reading the file back gives these relations
/// whatever the defaults are. Inferred relations are left to inference, as the user would write it.
void write_relations(const ir::Table& t, Json& root) {
  Json relations = Json::object();
  for (const ir::Relation& r : t.relations) {
    if (r.inferred) continue;
    Json spec = Json::object();
    spec["kind"] = relation_kind(r.kind);
    spec["target"] = r.target;
    if (r.kind == ir::Relation::Kind::many_to_many) {
      spec["pivot"] = r.pivot;
      spec["pivotForeignKey"] = r.pivot_foreign_key;
      spec["pivotRelatedKey"] = r.pivot_related_key;
      spec["localKey"] = r.local_key;
      spec["relatedKey"] = r.related_key;
    } else {
      spec["foreignKey"] = r.foreign_key;
      spec["localKey"] = r.local_key;
    }
    relations[r.name] = std::move(spec);
  }
  if (!relations.empty()) root["x-dorm-relations"] = std::move(relations);
}

/// The file name of a table's schema: the table name, with the bytes that would make it
/// something else than one file inside the output folder percent-encoded: '/', '\\', ':',
/// control bytes, '%' itself, and a leading '.'. So `users` -> `users.json`, but a hostile
/// database's `../x` -> `%2E.%2Fx.json` and `/etc/x` -> `%2Fetc%2Fx.json` stay inside --out
/// (they were paths, and introspect wrote there). Distinct names give distinct files; the
/// table name itself is the schema's `$id`.
std::string file_name(const std::string& table) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto c = static_cast<unsigned char>(table[i]);
    if (c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':' || c == '%' || (i == 0 && c == '.')) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + ".json";
}

}  // namespace

std::vector<emit::GeneratedFile> schema_files(const ir::Schema& schema) {
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
      write_type(c, p);
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
    write_relations(t, root);
    files.push_back({file_name(t.name), root.dump(2) + '\n'});
  }
  return files;
}

}  // namespace dorm::migrate
