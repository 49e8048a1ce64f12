#include "frontend/json/json_schema_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "frontend/json/located_json.hpp"
#include "ir/names.hpp"
#include "ir/traits.hpp"

namespace dorm::frontend::json {
namespace {

using ir::SourceLocation;

// Keyword tables: which x-dorm-* keywords each level accepts.
const std::vector<std::string> property_dorm_keywords{"x-dorm-primary-key", "x-dorm-auto-increment", "x-dorm-unique",
                                                      "x-dorm-index",       "x-dorm-references",     "x-dorm-default",
                                                      "x-dorm-default-sql", "x-dorm-cpp-name",
                                                      "x-dorm-renamed-from", "x-dorm-enum-class",
                                                      "x-dorm-affinity",    "x-dorm-version",
                                                      "x-dorm-cpp-type",    "x-dorm-cpp-include"};
const std::vector<std::string> table_dorm_keywords{"x-dorm-primary-key", "x-dorm-unique", "x-dorm-indexes",
                                                   "x-dorm-struct", "x-dorm-relations", "x-dorm-renamed-from",
                                                   "x-dorm-timestamps", "x-dorm-soft-delete",
                                                   "x-dorm-tenant-column"};

/// Members of one `x-dorm-relations` entry, and the ones only a many_to_many may use.
const std::vector<std::string> relation_members{"kind",  "target",          "foreignKey",      "localKey",
                                                "pivot", "pivotForeignKey", "pivotRelatedKey", "relatedKey",
                                                "cascade", "orphanRemoval"};
const std::vector<std::string> many_to_many_members{"pivot", "pivotForeignKey", "pivotRelatedKey", "relatedKey"};
const std::vector<std::string> relation_kinds{"belongs_to", "has_one", "has_many", "many_to_many"};

/// Standard JSON Schema (2020-12 and draft-07) keywords: accepted; the ones dorm does not use
/// are ignored. Anything else that is not an `x-` extension gets a warning, because it is
/// most likely a misspelling ("requried") that would otherwise silently change the table.
const std::vector<std::string> json_schema_keywords{"$schema",
                                                    "$id",
                                                    "$ref",
                                                    "$anchor",
                                                    "$comment",
                                                    "$defs",
                                                    "definitions",
                                                    "$vocabulary",
                                                    "$dynamicRef",
                                                    "$dynamicAnchor",
                                                    "title",
                                                    "description",
                                                    "default",
                                                    "examples",
                                                    "readOnly",
                                                    "writeOnly",
                                                    "deprecated",
                                                    "type",
                                                    "enum",
                                                    "const",
                                                    "multipleOf",
                                                    "maximum",
                                                    "exclusiveMaximum",
                                                    "minimum",
                                                    "exclusiveMinimum",
                                                    "maxLength",
                                                    "minLength",
                                                    "pattern",
                                                    "maxItems",
                                                    "minItems",
                                                    "uniqueItems",
                                                    "maxContains",
                                                    "minContains",
                                                    "maxProperties",
                                                    "minProperties",
                                                    "required",
                                                    "dependentRequired",
                                                    "properties",
                                                    "patternProperties",
                                                    "additionalProperties",
                                                    "items",
                                                    "prefixItems",
                                                    "contains",
                                                    "allOf",
                                                    "anyOf",
                                                    "oneOf",
                                                    "not",
                                                    "if",
                                                    "then",
                                                    "else",
                                                    "format",
                                                    "contentEncoding",
                                                    "contentMediaType",
                                                    "contentSchema",
                                                    "unevaluatedItems",
                                                    "unevaluatedProperties",
                                                    "propertyNames",
                                                    "dependentSchemas",
                                                    "dependencies",
                                                    "additionalItems"};

/// Standard keywords that change what a property means in ways dorm cannot map to a column.
const std::vector<std::string> unsupported_property_keywords{"$ref", "allOf", "anyOf", "oneOf",
                                                             "not",  "if",    "then",  "else"};

const std::vector<std::string> type_names{"string", "integer", "number", "boolean", "object", "array", "null"};

bool contains(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string json_kind(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return v.get<std::string>().empty() ? "an empty string" : "a string";
  if (v.is_array()) return v.empty() ? "an empty array" : "an array";
  return "an object";
}

/// The table name from `$id`: a URI's last path segment without `.json`/`.schema`, so
/// "https://example.com/schemas/users.schema.json" and "users" both name table `users`.
std::string table_name_from_id(std::string id) {
  if (auto slash = id.find_last_of("/#"); slash != std::string::npos && slash + 1 < id.size()) {
    id.erase(0, slash + 1);
  }
  for (std::string_view suffix : {".json", ".schema"}) {
    if (id.size() > suffix.size() && id.ends_with(suffix)) id.erase(id.size() - suffix.size());
  }
  return id;
}

/// What the `type` keyword said about one property.
struct TypeInfo {
  std::string name = "string";  ///< first non-"null" type; DORM's default when `type` is missing
  bool allows_null = false;     ///< "null" appears in a type array
};

/// Reads one table object (the document root or one `$defs` entry).
class TableReader {
 public:
  TableReader(const LocatedJson& doc, ir::Diagnostics& diags) : doc_(doc), diags_(diags) {}

  std::optional<ir::Table> read(const Json& schema, const std::string& ptr, std::string_view defs_key) {
    ir::Table table;
    if (!read_name(schema, ptr, defs_key, table)) return std::nullopt;

    for (const auto& [key, value] : schema.items()) {
      const std::string kptr = ptr + '/' + escape_pointer_token(key);
      if (key.starts_with("x-dorm-")) {
        if (!contains(table_dorm_keywords, key))
          unknown_dorm_keyword(key, kptr, table_dorm_keywords, property_dorm_keywords);
      } else if (!key.starts_with("x-") && !contains(json_schema_keywords, key)) {
        unrecognized_keyword(key, kptr);
      }
    }
    if (const Json* type = member(schema, "type"); type && !(type->is_string() && *type == "object")) {
      error(doc_.value_location(ptr + "/type"), "dorm-bad-type",
            "a table schema must have type \"object\", not " + type->dump());
    }
    if (const Json* d = member(schema, "description"); d && expect_string(*d, ptr + "/description", "description")) {
      table.description = d->get<std::string>();
    }
    if (const Json* s = member(schema, "x-dorm-struct");
        s && expect_string(*s, ptr + "/x-dorm-struct", "x-dorm-struct", true)) {
      table.cpp_name = s->get<std::string>();
      table.cpp_name_loc = doc_.key_location(ptr + "/x-dorm-struct");
    }
    if (const Json* r = member(schema, "x-dorm-renamed-from");
        r && expect_string(*r, ptr + "/x-dorm-renamed-from", "x-dorm-renamed-from", true)) {
      table.renamed_from = r->get<std::string>();
    }

    if (const Json* t = member(schema, "x-dorm-timestamps");
        t && expect_bool(*t, ptr + "/x-dorm-timestamps", "x-dorm-timestamps")) {
      table.traits.timestamps = t->get<bool>();
      table.traits.timestamps_loc = doc_.key_location(ptr + "/x-dorm-timestamps");
    }
    if (const Json* d = member(schema, "x-dorm-soft-delete");
        d && expect_bool(*d, ptr + "/x-dorm-soft-delete", "x-dorm-soft-delete")) {
      table.traits.soft_delete = d->get<bool>();
      table.traits.soft_delete_loc = doc_.key_location(ptr + "/x-dorm-soft-delete");
    }
    if (const Json* t = member(schema, "x-dorm-tenant-column");
        t && expect_string(*t, ptr + "/x-dorm-tenant-column", "x-dorm-tenant-column", true)) {
      table.traits.tenant_column = t->get<std::string>();
      table.traits.tenant_column_loc = doc_.value_location(ptr + "/x-dorm-tenant-column");
    }

    read_properties(schema, ptr, table);
    read_required(schema, ptr, table);
    read_table_primary_key(schema, ptr, table);
    finish_primary_key(table);
    read_table_uniques(schema, ptr, table);
    read_table_indexes(schema, ptr, table);
    read_relations(schema, ptr, table);
    ir::add_trait_columns(table);
    return table;
  }

 private:
  /// Per-column facts the IR does not keep but later steps of the reader need.
  struct PropertyFacts {
    bool allows_null = false;
    SourceLocation type_loc;
  };

  static const Json* member(const Json& object, const char* key) {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  void error(SourceLocation loc, std::string code, std::string message) {
    diags_.error(std::move(loc), std::move(code), std::move(message));
  }

  void suggest(const SourceLocation& loc, std::string_view word, const std::vector<std::string>& candidates) {
    if (auto best = ir::did_you_mean(word, candidates)) diags_.note(loc, "did you mean '" + *best + "'?");
  }

  void unknown_dorm_keyword(const std::string& key, const std::string& kptr, const std::vector<std::string>& here,
                            const std::vector<std::string>& other_level) {
    const SourceLocation loc = doc_.key_location(kptr);
    if (contains(other_level, key)) {
      const bool on_table = &here == &table_dorm_keywords;
      error(loc, "dorm-unknown-keyword",
            "keyword '" + key + "' belongs on " + (on_table ? "a property" : "the table") + ", not on " +
                (on_table ? "the table" : "a property"));
      return;
    }
    error(loc, "dorm-unknown-keyword", "unknown keyword '" + key + "'");
    suggest(loc, key, here);
  }

  void unrecognized_keyword(const std::string& key, const std::string& kptr) {
    const SourceLocation loc = doc_.key_location(kptr);
    diags_.warning(loc, "dorm-unrecognized-keyword", "'" + key + "' is not a JSON Schema keyword; it is ignored");
    suggest(loc, key, json_schema_keywords);
  }

  void wrong_type(const std::string& vptr, std::string_view keyword, std::string_view expected, const Json& v) {
    error(doc_.value_location(vptr), "dorm-keyword-type",
          "'" + std::string(keyword) + "' must be " + std::string(expected) + ", not " + json_kind(v));
  }

  bool expect_string(const Json& v, const std::string& vptr, std::string_view keyword, bool non_empty = false) {
    if (v.is_string() && (!non_empty || !v.get<std::string>().empty())) return true;
    wrong_type(vptr, keyword, non_empty ? "a non-empty string" : "a string", v);
    return false;
  }

  bool expect_bool(const Json& v, const std::string& vptr, std::string_view keyword) {
    if (v.is_boolean()) return true;
    wrong_type(vptr, keyword, "true or false", v);
    return false;
  }

  /// A non-empty array of non-empty strings (column lists).
  std::optional<std::vector<std::string>> string_list(const Json& v, const std::string& vptr,
                                                      std::string_view keyword) {
    if (!v.is_array() || v.empty() || !std::all_of(v.begin(), v.end(), [](const Json& e) {
          return e.is_string() && !e.get<std::string>().empty();
        })) {
      wrong_type(vptr, keyword, "a non-empty array of column names", v);
      return std::nullopt;
    }
    return v.get<std::vector<std::string>>();
  }

  bool read_name(const Json& schema, const std::string& ptr, std::string_view defs_key, ir::Table& table) {
    for (const char* key : {"$id", "title"}) {
      if (const Json* v = member(schema, key)) {
        if (!expect_string(*v, ptr + '/' + key, key, true)) return false;
        table.name = key == std::string_view("$id") ? table_name_from_id(v->get<std::string>()) : v->get<std::string>();
        table.loc = doc_.key_location(ptr + '/' + key);
        return true;
      }
    }
    table.loc = doc_.value_location(ptr);
    if (!defs_key.empty()) {
      table.name = std::string(defs_key);
      table.loc = doc_.key_location(ptr);
      return true;
    }
    error(table.loc, "dorm-missing-table-name", "the schema names no table; add \"$id\" (or \"title\")");
    return false;
  }

  void read_properties(const Json& schema, const std::string& ptr, ir::Table& table) {
    const Json* properties = member(schema, "properties");
    if (properties == nullptr) return;
    if (!properties->is_object()) {
      wrong_type(ptr + "/properties", "properties", "an object", *properties);
      return;
    }
    for (const auto& [name, prop] : properties->items()) {
      const std::string pptr = ptr + "/properties/" + escape_pointer_token(name);
      if (!prop.is_object()) {
        error(doc_.value_location(pptr), "dorm-keyword-type",
              "property '" + name + "' must be a schema object, not " + json_kind(prop));
        continue;
      }
      read_property(table, name, prop, pptr);
    }
  }

  TypeInfo read_type(const Json& prop, const std::string& pptr) {
    TypeInfo info;
    const Json* type = member(prop, "type");
    if (type == nullptr) return info;
    const std::string tptr = pptr + "/type";
    std::vector<std::string> names;
    if (type->is_string()) {
      names.push_back(type->get<std::string>());
    } else if (type->is_array() && !type->empty() &&
               std::all_of(type->begin(), type->end(), [](const Json& e) { return e.is_string(); })) {
      names = type->get<std::vector<std::string>>();
    } else {
      wrong_type(tptr, "type", "a type name or an array of type names", *type);
      return info;
    }
    std::vector<std::string> non_null;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const SourceLocation loc = doc_.value_location(type->is_array() ? tptr + '/' + std::to_string(i) : tptr);
      if (!contains(type_names, names[i])) {
        error(loc, "dorm-bad-type", "unknown type '" + names[i] + "'");
        suggest(loc, names[i], type_names);
      } else if (names[i] == "null") {
        info.allows_null = true;
      } else {
        non_null.push_back(names[i]);
      }
    }
    if (non_null.size() > 1) {
      error(doc_.value_location(tptr), "dorm-bad-type",
            "a column has one type; only [\"T\", \"null\"] unions are supported, not " + type->dump());
    } else if (non_null.empty() && info.allows_null) {
      error(doc_.value_location(tptr), "dorm-bad-type", "type \"null\" alone gives a column with no values");
    }
    if (!non_null.empty()) info.name = non_null.front();
    return info;
  }

  std::optional<ir::DefaultValue> to_default(const Json& v, const std::string& vptr) {
    ir::DefaultValue d;
    d.loc = doc_.value_location(vptr);
    if (v.is_null()) {
      d.kind = ir::DefaultValue::Kind::null;
    } else if (v.is_boolean()) {
      d.kind = ir::DefaultValue::Kind::boolean;
      d.value = v.get<bool>() ? "1" : "0";
    } else if (v.is_number_integer()) {
      d.kind = ir::DefaultValue::Kind::integer;
      d.value = v.dump();
    } else if (v.is_number()) {
      d.kind = ir::DefaultValue::Kind::real;
      d.value = v.dump();
    } else if (v.is_string()) {
      d.kind = ir::DefaultValue::Kind::text;  // a string stays a string (DORM splices it as SQL)
      d.value = v.get<std::string>();
    } else {
      d.kind = ir::DefaultValue::Kind::text;  // object/array: stored as JSON text
      d.value = v.dump();
    }
    return d;
  }

  void read_property(ir::Table& table, const std::string& name, const Json& prop, const std::string& pptr) {
    ir::Column column;
    column.name = name;
    column.loc = doc_.key_location(pptr);
    auto at = [&](const char* key) { return pptr + '/' + key; };

    for (const auto& [key, value] : prop.items()) {
      const std::string kptr = pptr + '/' + escape_pointer_token(key);
      if (key.starts_with("x-dorm-")) {
        if (!contains(property_dorm_keywords, key))
          unknown_dorm_keyword(key, kptr, property_dorm_keywords, table_dorm_keywords);
      } else if (contains(unsupported_property_keywords, key)) {
        diags_.warning(
            doc_.key_location(kptr), "dorm-unsupported-keyword",
            "'" + key + "' is not supported on a column and is ignored; the column is mapped from its own keywords");
      } else if (!key.starts_with("x-") && !contains(json_schema_keywords, key)) {
        unrecognized_keyword(key, kptr);
      }
    }

    const TypeInfo type = read_type(prop, pptr);
    std::string format;
    if (const Json* f = member(prop, "format"); f && expect_string(*f, at("format"), "format")) {
      format = f->get<std::string>();
      column.check_locs.format = doc_.key_location(at("format"));
    }
    bool base64 = false;
    if (const Json* e = member(prop, "contentEncoding");
        e && expect_string(*e, at("contentEncoding"), "contentEncoding")) {
      base64 = *e == "base64";
    }
    column.format = format;
    if (type.name == "integer" || (format == "integer" && (type.name == "string" || type.name == "number"))) {
      column.storage = ir::Storage::integer;
      column.cpp_type = ir::CppType::int64;
    } else if (type.name == "number") {
      column.storage = ir::Storage::real;
      column.cpp_type = ir::CppType::float64;
    } else if (type.name == "boolean") {
      column.storage = ir::Storage::integer;  // SQLite has no boolean; 0/1 in an INTEGER column
      column.cpp_type = ir::CppType::boolean;
    } else if (type.name == "object" || type.name == "array") {
      column.storage = ir::Storage::text;
      column.cpp_type = ir::CppType::string;
      column.is_json = true;
      column.json_type = type.name;
    } else if (format == "binary" || base64) {
      column.storage = ir::Storage::blob;
      column.cpp_type = ir::CppType::bytes;
    } else {
      // date-time/date stay TEXT (ISO-8601): DORM's TIMESTAMP has NUMERIC affinity, which turns
      // "2024" or "1e3" into numbers.
      column.storage = ir::Storage::text;
      column.cpp_type = ir::CppType::string;
    }
    read_affinity(prop, pptr, column);
    facts_.push_back({type.allows_null, doc_.value_location(at("type"))});

    if (const Json* d = member(prop, "description"); d && expect_string(*d, at("description"), "description")) {
      column.description = d->get<std::string>();
    }
    if (const Json* n = member(prop, "x-dorm-cpp-name");
        n && expect_string(*n, at("x-dorm-cpp-name"), "x-dorm-cpp-name", true)) {
      column.cpp_name = n->get<std::string>();
      column.cpp_name_loc = doc_.key_location(at("x-dorm-cpp-name"));
    }
    if (const Json* t = member(prop, "x-dorm-cpp-type");
        t && expect_string(*t, at("x-dorm-cpp-type"), "x-dorm-cpp-type", true)) {
      column.cpp_custom_type = t->get<std::string>();
      column.cpp_custom_type_loc = doc_.key_location(at("x-dorm-cpp-type"));
    }
    if (const Json* h = member(prop, "x-dorm-cpp-include");
        h && expect_string(*h, at("x-dorm-cpp-include"), "x-dorm-cpp-include", true)) {
      column.cpp_include = h->get<std::string>();
      column.cpp_include_loc = doc_.key_location(at("x-dorm-cpp-include"));
    }
    if (const Json* r = member(prop, "x-dorm-renamed-from");
        r && expect_string(*r, at("x-dorm-renamed-from"), "x-dorm-renamed-from", true)) {
      column.renamed_from = r->get<std::string>();
    }
    read_checks(prop, pptr, column);
    read_enum_class(prop, pptr, column);
    read_examples(prop, pptr, column);
    read_defaults(prop, pptr, column);

    if (const Json* pk = member(prop, "x-dorm-primary-key");
        pk && expect_bool(*pk, at("x-dorm-primary-key"), "x-dorm-primary-key") && pk->get<bool>()) {
      if (table.primary_key.empty()) table.primary_key_loc = doc_.key_location(at("x-dorm-primary-key"));
      table.primary_key.push_back(name);
      property_primary_key_ = true;
    }
    if (const Json* ai = member(prop, "x-dorm-auto-increment");
        ai && expect_bool(*ai, at("x-dorm-auto-increment"), "x-dorm-auto-increment")) {
      column.auto_increment = ai->get<bool>();
    }
    if (const Json* v = member(prop, "x-dorm-version");
        v && expect_bool(*v, at("x-dorm-version"), "x-dorm-version") && v->get<bool>()) {
      column.version = true;
      column.version_loc = doc_.key_location(at("x-dorm-version"));
    }
    if (const Json* u = member(prop, "x-dorm-unique");
        u && expect_bool(*u, at("x-dorm-unique"), "x-dorm-unique") && u->get<bool>()) {
      table.uniques.push_back({"", {name}, true, doc_.key_location(at("x-dorm-unique"))});
    }
    if (const Json* ix = member(prop, "x-dorm-index")) {
      if (ix->is_boolean() || (ix->is_string() && !ix->get<std::string>().empty())) {
        if (ix->is_string() || ix->get<bool>()) {
          std::string index_name = ix->is_string() ? ix->get<std::string>() : "idx_" + table.name + '_' + name;
          table.indexes.push_back({std::move(index_name), {name}, false, doc_.key_location(at("x-dorm-index"))});
        }
      } else {
        wrong_type(at("x-dorm-index"), "x-dorm-index", "true, false or the index's name", *ix);
      }
    }
    if (const Json* r = member(prop, "x-dorm-references"))
      column.references = read_reference(*r, at("x-dorm-references"));
    table.columns.push_back(std::move(column));
  }

  /// A JSON Schema non-negative integer: since draft 6 a number with a zero fractional part
  /// (`2.0`) is an integer too. Lengths past INT64_MAX limit nothing a string can reach, so they
  /// are kept as INT64_MAX (a bound SQLite's length() can be compared with).
  static std::optional<std::int64_t> non_negative_integer(const Json& v) {
    constexpr auto most = std::numeric_limits<std::int64_t>::max();
    if (v.is_number_unsigned()) return v.get<std::uint64_t>() > static_cast<std::uint64_t>(most) ? most : v.get<std::int64_t>();
    if (v.is_number_integer()) return v.get<std::int64_t>() < 0 ? std::nullopt : std::optional(v.get<std::int64_t>());
    if (!v.is_number_float()) return std::nullopt;
    const double d = v.get<double>();
    if (!(d >= 0) || d != std::floor(d)) return std::nullopt;  // negative, NaN or fractional
    return d >= 9223372036854775807.0 ? most : static_cast<std::int64_t>(d);
  }

  void read_checks(const Json& prop, const std::string& pptr, ir::Column& column) {
    ir::Checks& checks = column.checks;
    ir::CheckLocations& locs = column.check_locs;
    for (const char* key : {"minLength", "maxLength"}) {
      const Json* v = member(prop, key);
      if (v == nullptr) continue;
      const std::optional<std::int64_t> length = non_negative_integer(*v);
      if (!length) {
        wrong_type(pptr + '/' + key, key, "a non-negative integer", *v);
        continue;
      }
      const bool min = key == std::string_view("minLength");
      (min ? checks.min_length : checks.max_length) = *length;
      (min ? locs.min_length : locs.max_length) = doc_.key_location(pptr + '/' + key);
    }
    const std::tuple<const char*, std::optional<double>*, SourceLocation*> bounds[] = {
        {"minimum", &checks.minimum, &locs.minimum},
        {"maximum", &checks.maximum, &locs.maximum},
        {"exclusiveMinimum", &checks.exclusive_minimum, &locs.exclusive_minimum},
        {"exclusiveMaximum", &checks.exclusive_maximum, &locs.exclusive_maximum}};
    for (const auto& [key, bound, loc] : bounds) {
      const Json* v = member(prop, key);
      if (v == nullptr) continue;
      if (v->is_boolean() && std::string_view(key).starts_with("exclusive")) {
        draft4_exclusive_bound(prop, pptr, key, v->get<bool>());
        continue;
      }
      if (!v->is_number()) {
        wrong_type(pptr + '/' + key, key, "a number", *v);
        continue;
      }
      *bound = v->get<double>();
      *loc = doc_.key_location(pptr + '/' + key);
    }
    if (const Json* p = member(prop, "pattern"); p && expect_string(*p, pptr + "/pattern", "pattern")) {
      checks.pattern = p->get<std::string>();
      locs.pattern = doc_.key_location(pptr + "/pattern");
    }
    if (const Json* e = member(prop, "enum")) {
      if (!e->is_array() || e->empty()) {
        wrong_type(pptr + "/enum", "enum", "a non-empty array", *e);
      } else {
        for (const Json& v : *e) checks.enum_values.push_back(v.dump());
        locs.enum_values = doc_.key_location(pptr + "/enum");
      }
    }
  }

  /// Draft 4 wrote `"minimum": 5, "exclusiveMinimum": true`; draft 6 and later (and dorm) write
  /// `"exclusiveMinimum": 5`. Reading the boolean as a number would silently move the bound.
  void draft4_exclusive_bound(const Json& prop, const std::string& pptr, const char* key, bool value) {
    const std::string_view k(key);
    const char* inclusive = k == "exclusiveMinimum" ? "minimum" : "maximum";
    const SourceLocation loc = doc_.value_location(pptr + '/' + key);
    error(loc, "dorm-keyword-type",
          "'" + std::string(k) + "' must be a number (JSON Schema draft 6 and later), not a boolean (draft 4)");
    const Json* bound = member(prop, inclusive);
    if (!value) {
      diags_.note(loc, "draft 4's \"" + std::string(k) + "\": false is the default; remove it");
    } else if (bound != nullptr && bound->is_number()) {
      diags_.note(loc, "write \"" + std::string(k) + "\": " + bound->dump() + " in place of \"" + inclusive +
                           "\": " + bound->dump() + " and \"" + std::string(k) + "\": true");
    } else {
      diags_.note(loc, "write the bound itself: \"" + std::string(k) + "\": <number>");
    }
  }

  /// `x-dorm-affinity`: the column's SQLite affinity instead of its type's default (a string in
  /// a NUMERIC column, as an introspected DATETIME is). Whether it fits the type is ir::validate's call.
  void read_affinity(const Json& prop, const std::string& pptr, ir::Column& column) {
    const Json* v = member(prop, "x-dorm-affinity");
    if (v == nullptr) return;
    const std::string vptr = pptr + "/x-dorm-affinity";
    static const std::vector<std::string> names{"text", "numeric", "integer", "real", "blob"};
    static constexpr ir::Storage storages[] = {ir::Storage::text, ir::Storage::numeric, ir::Storage::integer,
                                               ir::Storage::real, ir::Storage::blob};
    if (!expect_string(*v, vptr, "x-dorm-affinity", true)) return;
    std::string name = v->get<std::string>();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      const SourceLocation loc = doc_.value_location(vptr);
      error(loc, "dorm-affinity",
            "'" + v->get<std::string>() + "' is not an affinity; use text, numeric, integer, real or blob");
      suggest(loc, name, names);
      return;
    }
    column.storage = storages[it - names.begin()];
    column.check_locs.affinity = doc_.key_location(vptr);
  }

  /// `x-dorm-enum-class`: true (assign_names names the enum) or the enum's C++ name. Whether the
  /// column can be one (a string `enum`) is ir::validate's call.
  void read_enum_class(const Json& prop, const std::string& pptr, ir::Column& column) {
    const Json* v = member(prop, "x-dorm-enum-class");
    if (v == nullptr) return;
    const std::string vptr = pptr + "/x-dorm-enum-class";
    if (v->is_boolean()) {
      column.wants_enum_class = v->get<bool>();
    } else if (v->is_string() && !v->get<std::string>().empty()) {
      column.wants_enum_class = true;
      column.enum_class = v->get<std::string>();
    } else {
      wrong_type(vptr, "x-dorm-enum-class", "true, false or a C++ enum name", *v);
      return;
    }
    column.check_locs.enum_class = doc_.key_location(vptr);
  }

  /// `examples`: JSON Schema's list of sample values, each kept as JSON text with its position.
  void read_examples(const Json& prop, const std::string& pptr, ir::Column& column) {
    const Json* v = member(prop, "examples");
    if (v == nullptr) return;
    if (!v->is_array()) {
      wrong_type(pptr + "/examples", "examples", "an array of values", *v);
      return;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      column.examples.push_back((*v)[i].dump());
      column.check_locs.examples.push_back(doc_.value_location(pptr + "/examples/" + std::to_string(i)));
    }
  }

  void read_defaults(const Json& prop, const std::string& pptr, ir::Column& column) {
    const Json* dorm_default = member(prop, "x-dorm-default");
    const Json* plain_default = member(prop, "default");
    const Json* sql_default = member(prop, "x-dorm-default-sql");
    if (dorm_default != nullptr) column.default_value = to_default(*dorm_default, pptr + "/x-dorm-default");
    if (plain_default != nullptr) {
      if (dorm_default != nullptr && *dorm_default != *plain_default) {
        error(doc_.key_location(pptr + "/default"), "dorm-conflicting-default",
              "'default' and 'x-dorm-default' of '" + column.name + "' differ; keep one");
        diags_.note(doc_.key_location(pptr + "/x-dorm-default"), "'x-dorm-default' is here");
      } else if (dorm_default == nullptr) {
        column.default_value = to_default(*plain_default, pptr + "/default");
      }
    }
    if (sql_default != nullptr &&
        expect_string(*sql_default, pptr + "/x-dorm-default-sql", "x-dorm-default-sql", true)) {
      if (column.default_value) {
        error(doc_.key_location(pptr + "/x-dorm-default-sql"), "dorm-conflicting-default",
              "'x-dorm-default-sql' of '" + column.name + "' cannot be combined with a literal default");
        return;
      }
      column.default_value = ir::DefaultValue{ir::DefaultValue::Kind::sql_expression, sql_default->get<std::string>(),
                                              doc_.value_location(pptr + "/x-dorm-default-sql")};
    }
  }

  std::optional<ir::ForeignKey> read_reference(const Json& r, const std::string& rptr) {
    if (!r.is_object()) {
      wrong_type(rptr, "x-dorm-references", "an object {\"table\", \"column\", \"onDelete\"?, \"onUpdate\"?}", r);
      return std::nullopt;
    }
    static const std::vector<std::string> keys{"table", "column", "onDelete", "onUpdate"};
    bool ok = true;
    for (const auto& [key, value] : r.items()) {
      if (!contains(keys, key)) {
        const SourceLocation loc = doc_.key_location(rptr + '/' + escape_pointer_token(key));
        error(loc, "dorm-unknown-keyword", "unknown key '" + key + "' in 'x-dorm-references'");
        suggest(loc, key, keys);
        ok = false;
      }
    }
    ir::ForeignKey fk;
    fk.loc = doc_.key_location(rptr);
    for (const char* key : {"table", "column"}) {
      const Json* v = member(r, key);
      if (v == nullptr) {
        error(doc_.value_location(rptr), "dorm-keyword-type", "'x-dorm-references' needs \"" + std::string(key) + "\"");
        ok = false;
      } else if (expect_string(*v, rptr + '/' + key, std::string("x-dorm-references.") + key, true)) {
        (key == std::string_view("table") ? fk.table : fk.column) = v->get<std::string>();
      } else {
        ok = false;
      }
    }
    for (const char* key : {"onDelete", "onUpdate"}) {
      const Json* v = member(r, key);
      if (v == nullptr) continue;
      if (!expect_string(*v, rptr + '/' + key, std::string("x-dorm-references.") + key)) {
        ok = false;
        continue;
      }
      // Normalise case and spacing so "set null" emits the keyword SQLite expects.
      std::string action;
      for (char c : v->get<std::string>()) {
        if (c == ' ' && (action.empty() || action.back() == ' ')) continue;
        action += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      while (!action.empty() && action.back() == ' ') action.pop_back();
      static const std::vector<std::string> actions{"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"};
      if (!contains(actions, action)) {
        error(doc_.value_location(rptr + '/' + key), "dorm-bad-reference-action",
              "'" + v->get<std::string>() +
                  "' is not a foreign key action; use CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
        ok = false;
        continue;
      }
      (key == std::string_view("onDelete") ? fk.on_delete : fk.on_update) = action;
    }
    if (!ok) return std::nullopt;
    return fk;
  }

  void read_required(const Json& schema, const std::string& ptr, ir::Table& table) {
    const Json* required = member(schema, "required");
    if (required == nullptr) return;
    if (!required->is_array() ||
        !std::all_of(required->begin(), required->end(), [](const Json& e) { return e.is_string(); })) {
      wrong_type(ptr + "/required", "required", "an array of property names", *required);
      return;
    }
    std::vector<std::string> names;
    for (const ir::Column& c : table.columns) names.push_back(c.name);
    for (std::size_t i = 0; i < required->size(); ++i) {
      const std::string name = (*required)[i].get<std::string>();
      const SourceLocation loc = doc_.value_location(ptr + "/required/" + std::to_string(i));
      auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) {
        error(loc, "dorm-unknown-required", "'required' names '" + name + "', which is not a property");
        suggest(loc, name, names);
        continue;
      }
      const auto index = static_cast<std::size_t>(it - names.begin());
      if (facts_[index].allows_null) {
        error(loc, "dorm-nullable-required", "'" + name + "' is required but its type allows null");
        diags_.note(facts_[index].type_loc, "type of '" + name + "' is here");
      }
      table.columns[index].nullable = false;
    }
  }

  void read_table_primary_key(const Json& schema, const std::string& ptr, ir::Table& table) {
    const Json* pk = member(schema, "x-dorm-primary-key");
    if (pk == nullptr) return;
    const std::string vptr = ptr + "/x-dorm-primary-key";
    if (property_primary_key_) {
      error(doc_.key_location(vptr), "dorm-conflicting-primary-key",
            "the primary key is given both on the table and on properties; keep one");
      diags_.note(table.primary_key_loc, "property-level 'x-dorm-primary-key' is here");
      return;
    }
    if (pk->is_string() && !pk->get<std::string>().empty()) {
      table.primary_key = {pk->get<std::string>()};
    } else if (auto list = string_list(*pk, vptr, "x-dorm-primary-key")) {
      table.primary_key = std::move(*list);
    } else {
      return;
    }
    table.primary_key_loc = doc_.key_location(vptr);
  }

  /// Key columns are NOT NULL whether or not `required` says so: SQLite's non-INTEGER primary
  /// keys accept NULL (a documented legacy bug), and a row without a key cannot be found again.
  void finish_primary_key(ir::Table& table) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      ir::Column& c = table.columns[i];
      if (!table.is_primary_key(c.name)) continue;
      if (facts_[i].allows_null) {
        error(facts_[i].type_loc, "dorm-nullable-primary-key", "primary key column '" + c.name + "' cannot allow null");
      }
      c.nullable = false;
    }
  }

  void read_table_uniques(const Json& schema, const std::string& ptr, ir::Table& table) {
    const Json* u = member(schema, "x-dorm-unique");
    if (u == nullptr) return;
    const std::string vptr = ptr + "/x-dorm-unique";
    if (!u->is_array()) {
      wrong_type(vptr, "x-dorm-unique", "an array of column lists such as [[\"a\", \"b\"]]", *u);
      return;
    }
    for (std::size_t i = 0; i < u->size(); ++i) {
      const std::string eptr = vptr + '/' + std::to_string(i);
      if (auto list = string_list((*u)[i], eptr, "x-dorm-unique entry")) {
        table.uniques.push_back({"", std::move(*list), true, doc_.value_location(eptr)});
      }
    }
  }

  void read_table_indexes(const Json& schema, const std::string& ptr, ir::Table& table) {
    const Json* ix = member(schema, "x-dorm-indexes");
    if (ix == nullptr) return;
    const std::string vptr = ptr + "/x-dorm-indexes";
    if (!ix->is_array()) {
      wrong_type(vptr, "x-dorm-indexes", "an array of {\"name\", \"columns\", \"unique\"} objects", *ix);
      return;
    }
    static const std::vector<std::string> keys{"name", "columns", "unique"};
    for (std::size_t i = 0; i < ix->size(); ++i) {
      const Json& entry = (*ix)[i];
      const std::string eptr = vptr + '/' + std::to_string(i);
      if (!entry.is_object()) {
        wrong_type(eptr, "x-dorm-indexes entry", "an object {\"name\", \"columns\", \"unique\"}", entry);
        continue;
      }
      bool ok = true;
      for (const auto& [key, value] : entry.items()) {
        if (!contains(keys, key)) {
          const SourceLocation loc = doc_.key_location(eptr + '/' + escape_pointer_token(key));
          error(loc, "dorm-unknown-keyword", "unknown key '" + key + "' in an 'x-dorm-indexes' entry");
          suggest(loc, key, keys);
          ok = false;
        }
      }
      ir::Index index;
      index.loc = doc_.value_location(eptr);
      if (const Json* c = member(entry, "columns")) {
        if (auto list = string_list(*c, eptr + "/columns", "columns")) {
          index.columns = std::move(*list);
        } else {
          ok = false;
        }
      } else {
        error(index.loc, "dorm-keyword-type", "an 'x-dorm-indexes' entry needs \"columns\"");
        ok = false;
      }
      if (const Json* u = member(entry, "unique")) {
        if (expect_bool(*u, eptr + "/unique", "unique")) {
          index.unique = u->get<bool>();
        } else {
          ok = false;
        }
      }
      if (const Json* n = member(entry, "name")) {
        if (expect_string(*n, eptr + "/name", "name", true)) {
          index.name = n->get<std::string>();
        } else {
          ok = false;
        }
      } else {
        index.name = "idx_" + table.name;
        for (const std::string& c : index.columns) index.name += '_' + c;
      }
      if (ok) table.indexes.push_back(std::move(index));
    }
  }

  /// `x-dorm-relations`: name -> spec. Keys the schema leaves out stay empty for
  /// ir::resolve_relations to fill; whether targets and keys exist is ir::validate's call.
  void read_relations(const Json& schema, const std::string& ptr, ir::Table& table) {
    const Json* relations = member(schema, "x-dorm-relations");
    if (relations == nullptr) return;
    const std::string vptr = ptr + "/x-dorm-relations";
    if (!relations->is_object()) {
      wrong_type(vptr, "x-dorm-relations", "an object of relation name -> {\"kind\", \"target\", ...}", *relations);
      return;
    }
    for (const auto& [name, spec] : relations->items()) {
      if (auto relation = read_relation(name, spec, vptr + '/' + escape_pointer_token(name))) {
        table.relations.push_back(std::move(*relation));
      }
    }
  }

  /// One relation spec, or nullopt (after reporting) when any member of it is wrong: a partly
  /// read relation would only add follow-on errors about keys the user did write.
  std::optional<ir::Relation> read_relation(const std::string& name, const Json& spec, const std::string& rptr) {
    ir::Relation r;
    r.name = name;
    r.loc = doc_.key_location(rptr);
    if (name.empty()) {
      error(r.loc, "dorm-keyword-type", "a relation name must be a non-empty string");
      return std::nullopt;
    }
    if (!spec.is_object()) {
      wrong_type(rptr, "relation '" + name + "'", "an object {\"kind\", \"target\", ...}", spec);
      return std::nullopt;
    }
    bool ok = true;
    for (const auto& [key, value] : spec.items()) {
      if (!contains(relation_members, key)) {
        const SourceLocation loc = doc_.key_location(rptr + '/' + escape_pointer_token(key));
        error(loc, "dorm-unknown-keyword", "unknown key '" + key + "' in relation '" + name + "'");
        suggest(loc, key, relation_members);
        ok = false;
      }
    }
    const Json* kind = member(spec, "kind");
    bool kind_known = false;
    if (kind == nullptr) {
      error(r.loc, "dorm-keyword-type",
            "relation '" + name + "' needs \"kind\": belongs_to, has_one, has_many or many_to_many");
      ok = false;
    } else if (expect_string(*kind, rptr + "/kind", "kind")) {
      const std::string k = kind->get<std::string>();
      const auto it = std::find(relation_kinds.begin(), relation_kinds.end(), k);
      if (it == relation_kinds.end()) {
        const SourceLocation loc = doc_.value_location(rptr + "/kind");
        error(loc, "dorm-bad-relation-kind",
              "'" + k + "' is not a relation kind; use belongs_to, has_one, has_many or many_to_many");
        suggest(loc, k, relation_kinds);
        ok = false;
      } else {
        // Same order as relation_kinds.
        static constexpr ir::Relation::Kind kinds[] = {ir::Relation::Kind::belongs_to, ir::Relation::Kind::has_one,
                                                       ir::Relation::Kind::has_many, ir::Relation::Kind::many_to_many};
        r.kind = kinds[it - relation_kinds.begin()];
        kind_known = true;
      }
    } else {
      ok = false;
    }
    if (const Json* target = member(spec, "target"); target == nullptr) {
      error(r.loc, "dorm-keyword-type", "relation '" + name + "' needs \"target\", the table it loads");
      ok = false;
    } else if (expect_string(*target, rptr + "/target", "target", true)) {
      r.target = target->get<std::string>();
    } else {
      ok = false;
    }
    const std::pair<const char*, std::string*> keys[] = {{"foreignKey", &r.foreign_key},
                                                         {"localKey", &r.local_key},
                                                         {"pivot", &r.pivot},
                                                         {"pivotForeignKey", &r.pivot_foreign_key},
                                                         {"pivotRelatedKey", &r.pivot_related_key},
                                                         {"relatedKey", &r.related_key}};
    for (const auto& [key, field] : keys) {
      const Json* v = member(spec, key);
      if (v == nullptr) continue;
      if (!expect_string(*v, rptr + '/' + key, key, true)) {
        ok = false;
        continue;
      }
      const bool is_many_to_many = r.kind == ir::Relation::Kind::many_to_many;
      if (kind_known && contains(many_to_many_members, key) != is_many_to_many && key != std::string_view("localKey")) {
        // A key of another kind would be silently ignored, and the relation join on a default.
        const std::string hint = is_many_to_many ? "; a many_to_many uses \"pivotForeignKey\"" : "";
        error(doc_.key_location(rptr + '/' + key), "dorm-unknown-keyword",
              "'" + std::string(key) + "' does not apply to " + kind->get<std::string>() + " relation '" + name +
                  "'" + hint);
        ok = false;
        continue;
      }
      *field = v->get<std::string>();
    }
    if (!read_cascade(spec, rptr, r)) ok = false;
    if (!ok) return std::nullopt;
    return r;
  }

  /// `"cascade": ["persist", "remove"]` and `"orphanRemoval": true`. The values are checked by
  /// ir::validate (relation_rules), which knows the relation's kind; here only their JSON types.
  bool read_cascade(const Json& spec, const std::string& rptr, ir::Relation& r) {
    bool ok = true;
    if (const Json* cascade = member(spec, "cascade")) {
      if (!cascade->is_array()) {
        wrong_type(rptr + "/cascade", "cascade", "an array of \"persist\" and \"remove\"", *cascade);
        ok = false;
      } else {
        for (std::size_t i = 0; i < cascade->size(); ++i) {
          const std::string vptr = rptr + "/cascade/" + std::to_string(i);
          if (expect_string(cascade->at(i), vptr, "cascade", true)) {
            r.cascade.push_back({cascade->at(i).get<std::string>(), doc_.value_location(vptr)});
          } else {
            ok = false;
          }
        }
      }
    }
    if (const Json* orphans = member(spec, "orphanRemoval")) {
      if (expect_bool(*orphans, rptr + "/orphanRemoval", "orphanRemoval")) {
        r.orphan_removal = orphans->get<bool>();
        r.orphan_removal_loc = doc_.key_location(rptr + "/orphanRemoval");
      } else {
        ok = false;
      }
    }
    return ok;
  }

  const LocatedJson& doc_;
  ir::Diagnostics& diags_;
  std::vector<PropertyFacts> facts_;  ///< parallel to Table::columns
  bool property_primary_key_ = false;
};

}  // namespace

void read_schema_text(std::string_view text, const std::string& display_path, ir::Schema& out, ir::Diagnostics& diags) {
  out.source_files.push_back(display_path);
  const std::optional<LocatedJson> doc = parse_located_json(text, display_path, diags);
  if (!doc) return;
  const Json& root = doc->value;
  if (!root.is_object()) {
    diags.error(doc->value_location(""), "dorm-keyword-type", "a schema must be a JSON object, not " + json_kind(root));
    return;
  }
  auto defs = root.find("$defs");
  const bool has_defs = defs != root.end();
  // The root is a table unless it only groups tables under $defs.
  if (!has_defs || root.contains("properties")) {
    if (auto table = TableReader(*doc, diags).read(root, "", "")) out.tables.push_back(std::move(*table));
  }
  if (!has_defs) return;
  if (!defs->is_object()) {
    diags.error(doc->value_location("/$defs"), "dorm-keyword-type",
                "'$defs' must be an object of table schemas, not " + json_kind(*defs));
    return;
  }
  for (const auto& [key, schema] : defs->items()) {
    const std::string ptr = "/$defs/" + escape_pointer_token(key);
    if (!schema.is_object()) {
      diags.error(doc->value_location(ptr), "dorm-keyword-type",
                  "'$defs' entry '" + key + "' must be a table schema object, not " + json_kind(schema));
      continue;
    }
    if (auto table = TableReader(*doc, diags).read(schema, ptr, key)) out.tables.push_back(std::move(*table));
  }
}

void read_schema_file(const std::string& path, ir::Schema& out, ir::Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.source_files.push_back(path);
    diags.error({path, 0, 0}, "dorm-cannot-read", "cannot open schema file");
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  read_schema_text(text.str(), path, out, diags);
}

}  // namespace dorm::frontend::json
