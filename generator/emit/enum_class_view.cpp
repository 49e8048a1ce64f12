#include "emit/enum_class_view.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ir/names.hpp"

namespace dorm::emit {

using kainjow::mustache::data;

namespace {

// Each enum class once: two columns may share one by naming it in x-dorm-enum-class.
std::vector<const ir::Column*> enum_class_columns(const std::vector<const ir::Table*>& tables,
                                                  std::vector<const ir::Table*>* owners = nullptr) {
  std::vector<const ir::Column*> out;
  for (const ir::Table* t : tables) {
    for (const ir::Column& c : t->columns) {
      if (c.enum_class.empty() ||
          std::any_of(out.begin(), out.end(), [&](const ir::Column* seen) { return seen->enum_class == c.enum_class; })) {
        continue;
      }
      out.push_back(&c);
      if (owners != nullptr) owners->push_back(t);
    }
  }
  return out;
}

// Enumerators and texts pair up by position; a schema that reached the emitter has as many of
// each (the names step fills cpp_enumerators from the texts).
std::size_t pair_count(const ir::Column& c, const std::vector<std::string>& texts) {
  if (c.cpp_enumerators.size() != texts.size()) {
    throw std::logic_error("enum class " + c.enum_class + " of column " + c.name + " has " +
                           std::to_string(c.cpp_enumerators.size()) + " enumerators for " +
                           std::to_string(texts.size()) + " values");
  }
  return texts.size();
}

}  // namespace

std::vector<std::string> enum_class_texts(const ir::Column& column) {
  std::vector<std::string> texts;
  for (const std::string& json : column.checks.enum_values) {
    const auto v = nlohmann::json::parse(json, nullptr, false);
    if (v.is_string()) texts.push_back(v.get<std::string>());
  }
  return texts;
}

std::string enumerator_of(const ir::Column& column, const std::string& text) {
  const auto texts = enum_class_texts(column);
  for (std::size_t i = 0; i < pair_count(column, texts); ++i) {
    if (texts[i] == text) return column.enum_class + "::" + column.cpp_enumerators[i];
  }
  throw std::logic_error("\"" + text + "\" is not a value of enum class " + column.enum_class);
}

data enum_class_views(const std::vector<const ir::Table*>& tables) {
  std::vector<const ir::Table*> owners;
  const auto columns = enum_class_columns(tables, &owners);
  data list{data::type::list};
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const ir::Column& c = *columns[i];
    const auto texts = enum_class_texts(c);
    std::string shown;
    data enumerators{data::type::list};
    for (std::size_t j = 0; j < pair_count(c, texts); ++j) {
      shown += (j == 0 ? "" : ", ") + ir::cpp_string_literal(texts[j]);
      enumerators << data("enumerator", c.cpp_enumerators[j]);
    }
    data e;
    e.set("name", c.enum_class);
    e.set("column", ir::cpp_comment_text(owners[i]->name + "." + c.name));
    e.set("texts", shown);
    e.set("enumerators", enumerators);
    list << e;
  }
  return list;
}

data enum_class_name_views(const std::vector<const ir::Table*>& tables, const std::string& cpp_namespace) {
  data list{data::type::list};
  for (const ir::Column* c : enum_class_columns(tables)) {
    const std::string type = cpp_namespace + "::" + c->enum_class;
    const auto texts = enum_class_texts(*c);
    data names{data::type::list};
    for (std::size_t j = 0; j < pair_count(*c, texts); ++j) {
      data n;
      n.set("enum_type", type);
      n.set("enumerator", c->cpp_enumerators[j]);
      n.set("name_literal", ir::cpp_string_literal(texts[j]));
      names << n;
    }
    data e;
    e.set("enum_type", type);
    e.set("stored_as", std::string("its text in the schema (x-dorm-enum-class)"));
    e.set("enumerators", names);
    list << e;
  }
  return list;
}

}  // namespace dorm::emit
