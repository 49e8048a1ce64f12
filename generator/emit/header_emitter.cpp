#include "emit/header_emitter.hpp"

#include <algorithm>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "emit/enum_class_view.hpp"
#include "emit/factory_view.hpp"
#include "emit/relation_view.hpp"
#include "emit/sql_ddl.hpp"
#include "emit/view_model.hpp"
#include "ir/names.hpp"

namespace dorm::emit {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

namespace {

// Mustache's spec drops a line that holds only a section tag; kainjow 4.1 keeps its newline
// when the section is skipped, leaving stray blank lines. Joining such a line to the next one
// gives the spec's output for rendered and skipped sections alike.
std::string join_standalone_section_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::size_t first = line.find_first_not_of(" \t");
    std::size_t last = line.find_last_not_of(" \t");
    bool standalone_tag = first != std::string_view::npos && line.substr(first, 2) == "{{" &&
                          (line[first + 2] == '#' || line[first + 2] == '^' || line[first + 2] == '/') &&
                          line.substr(last - 1, 2) == "}}" && line.find("{{", first + 2) == std::string_view::npos;
    if (standalone_tag && end != std::string_view::npos) {
      out += line.substr(first, last - first + 1);
    } else {
      out += line;
      if (end != std::string_view::npos) out += '\n';
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string render(std::string_view template_name, const data& view) {
  mustache tmpl{join_standalone_section_lines(embedded_template(template_name))};
  if (!tmpl.is_valid()) throw std::logic_error("template " + std::string(template_name) + ": " + tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& s) { return s; });  // C++ is not HTML
  std::string out = tmpl.render(view);
  if (!tmpl.is_valid()) throw std::logic_error("template " + std::string(template_name) + ": " + tmpl.error_message());
  return out;
}

// Mustache leaves no way to say "last item" itself; the view model marks it.
data list_with_last(const std::vector<std::string>& items, const std::string& key) {
  data list{data::type::list};
  for (std::size_t i = 0; i < items.size(); ++i) {
    data item;
    item.set(key, items[i]);
    item.set("is_last", i + 1 == items.size());
    list << item;
  }
  return list;
}

// "app::db" -> "app/db" (built piecewise: GCC 12 at -O3 warns falsely on replace() here).
std::string namespace_path(const std::string& ns) {
  std::string path;
  std::size_t start = 0;
  for (auto at = ns.find("::"); at != std::string::npos; at = ns.find("::", start)) {
    path.append(ns, start, at - start).push_back('/');
    start = at + 2;
  }
  return path.append(ns, start);
}

// Annotated structs (Table::source_header): the struct is the user's, so the generated namespace
// names it through an alias when it lives in another namespace, and dorm_table_of is declared
// where argument-dependent lookup looks for it: the struct's own namespace.
void add_annotated_struct_view(data& view, const ir::Table& t, const std::string& cpp_namespace, data& adl_list) {
  const bool annotated = !t.source_header.empty();
  const bool same_namespace = !annotated || t.cpp_qualified_name == "::" + cpp_namespace + "::" + t.cpp_name;
  view.set("declare_table_of", same_namespace);
  if (!annotated || same_namespace) {
    view.set("struct_alias", false);
    return;
  }
  data alias;
  alias.set("qualified_name", t.cpp_qualified_name);
  alias.set("header", ir::cpp_comment_text(t.source_header));
  view.set("struct_alias", alias);
  // "::app::db::User" -> "app::db"; "::User" -> "" (the global namespace).
  const std::size_t last = t.cpp_qualified_name.rfind("::");
  const std::string struct_namespace = last > 2 ? t.cpp_qualified_name.substr(2, last - 2) : "";
  data adl;
  adl.set("in_namespace", !struct_namespace.empty());
  adl.set("struct_namespace", struct_namespace);
  adl.set("table_info_type", "::" + cpp_namespace + "::" + ir::table_info_type_identifier(t));
  adl.set("struct_type", t.cpp_qualified_name);
  adl_list << adl;
}

// Enums declared DORM_AS_TEXT: one dorm::enum_names specialization per enum type, before any
// generated code binds one.
data text_enum_views(const std::vector<const ir::Table*>& tables) {
  data list{data::type::list};
  std::vector<std::string> seen;
  for (const ir::Table* t : tables) {
    for (const ir::Column& c : t->columns) {
      if (c.cpp_enum.empty() || c.cpp_enumerators.empty() || std::find(seen.begin(), seen.end(), c.cpp_enum) != seen.end()) {
        continue;
      }
      seen.push_back(c.cpp_enum);
      data e;
      e.set("enum_type", c.cpp_enum);
      e.set("stored_as", std::string("the name of its enumerator (declared DORM_AS_TEXT)"));
      data names{data::type::list};
      for (const auto& name : c.cpp_enumerators) {
        data n;
        n.set("enum_type", c.cpp_enum);
        n.set("enumerator", name);
        n.set("name_literal", '"' + name + '"');  // enumerators are identifiers: nothing to escape
        names << n;
      }
      e.set("enumerators", names);
      list << e;
    }
  }
  return list;
}

}  // namespace

namespace {

// Tables by SQL name, so the output does not depend on the order of the input files.
std::vector<const ir::Table*> tables_by_name(const ir::Schema& schema) {
  std::vector<const ir::Table*> tables;
  for (const auto& t : schema.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const ir::Table* a, const ir::Table* b) { return a->name < b->name; });
  return tables;
}

// The banner's source paths, sorted, as comment text.
std::vector<std::string> banner_sources(const EmitOptions& options) {
  std::vector<std::string> sources = options.source_paths;
  std::sort(sources.begin(), sources.end());
  for (std::string& s : sources) s = ir::cpp_comment_text(s);  // the banner is a comment
  return sources;
}

}  // namespace

GeneratedFile emit_models_header(const ir::Schema& schema, const EmitOptions& options) {
  const std::vector<const ir::Table*> tables = tables_by_name(schema);
  const std::vector<std::string> sources = banner_sources(options);

  // Order: every table's struct and column descriptors, then the relations (over the columns),
  // then the table types holding columns and relations, then the bodies of the structs'
  // relation functions.
  data table_list{data::type::list};
  std::string relation_code;  // one line or two per relation: a block each, without blank lines
  data object_list{data::type::list};
  std::string function_code;
  data forward_list{data::type::list};
  data statements{data::type::list};
  data adl_list{data::type::list};
  std::vector<std::string> user_headers;
  for (const ir::Table* t : tables) {
    if (!t->source_header.empty() && std::find(user_headers.begin(), user_headers.end(), t->source_header) == user_headers.end()) {
      user_headers.push_back(t->source_header);
    }
    // x-dorm-cpp-type columns: the header declaring the user type and its dorm::type_mapping.
    for (const ir::Column& c : t->columns) {
      if (!c.cpp_include.empty() &&
          std::find(user_headers.begin(), user_headers.end(), c.cpp_include) == user_headers.end()) {
        user_headers.push_back(c.cpp_include);
      }
    }
    // An annotated struct is declared by the user's header, under its own namespace.
    if (t->source_header.empty()) forward_list << data("struct_name", t->cpp_name);
    data relations = relation_views(schema, *t);
    data view = table_view(*t, schema);
    if (options.factories) add_factory_view(view, schema, *t);
    view.set("factory", options.factories);
    add_annotated_struct_view(view, *t, options.cpp_namespace, adl_list);
    view.set("relation_functions", relations);
    table_list << data("code", render("table", view));
    view.set("relations", relations);
    object_list << data("code", render("table_object", view));
    for (const auto& r : t->relations) {
      data relation = relation_view(schema, *t, r);
      relation_code += render("relation", relation);
      if (t->source_header.empty()) function_code += render("relation_function", relation);
    }
    for (const auto& statement : create_statements(*t)) statements << data("literal", sql_literal(statement));
  }
  data view;
  view.set("version", DORM_VERSION);
  view.set("sources", list_with_last(sources, "path"));
  view.set("namespace", options.cpp_namespace);
  view.set("tables", table_list);
  data relation_list{data::type::list};
  if (!relation_code.empty()) relation_list << data("code", relation_code);
  view.set("relations", relation_list);
  view.set("table_objects", object_list);
  data function_list{data::type::list};
  if (!function_code.empty()) function_list << data("code", function_code);
  view.set("relation_functions", function_list);
  view.set("forward_declarations", forward_list);
  view.set("statements", statements);
  if (!options.migrations_code.empty()) view.set("migrations_code", options.migrations_code);
  std::sort(user_headers.begin(), user_headers.end());
  data header_list{data::type::list};
  for (const auto& h : user_headers) header_list << data("path", h);
  view.set("user_headers", header_list);
  view.set("adl_declarations", adl_list);
  data text_enums = text_enum_views(tables);
  const data enum_class_names = enum_class_name_views(tables, options.cpp_namespace);
  for (const auto& e : enum_class_names.list_value()) text_enums << e;
  view.set("text_enums", text_enums);
  data enum_classes = enum_class_views(tables);
  view.set("has_enum_classes", !enum_classes.is_empty_list());
  view.set("enum_classes", enum_classes);
  return {namespace_path(options.cpp_namespace) + "/models.hpp", render("models_header", view)};
}

GeneratedFile emit_json_header(const ir::Schema& schema, const EmitOptions& options) {
  data models{data::type::list};
  for (const ir::Table* t : tables_by_name(schema)) {
    data model;
    // An annotated struct keeps its own name; a generated one lives in the generated namespace.
    model.set("model_type", t->source_header.empty() ? options.cpp_namespace + "::" + t->cpp_name : t->cpp_qualified_name);
    model.set("table_name", ir::cpp_comment_text(t->name));
    models << model;
  }
  data view;
  view.set("version", DORM_VERSION);
  view.set("sources", list_with_last(banner_sources(options), "path"));
  view.set("models_header", namespace_path(options.cpp_namespace) + "/models.hpp");
  view.set("models", models);
  return {namespace_path(options.cpp_namespace) + "/json.hpp", render("json_header", view)};
}

}  // namespace dorm::emit
