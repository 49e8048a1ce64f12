#include "emit/header_emitter.hpp"

#include <algorithm>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "emit/relation_view.hpp"
#include "emit/sql_ddl.hpp"
#include "emit/view_model.hpp"

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

}  // namespace

GeneratedFile emit_models_header(const ir::Schema& schema, const EmitOptions& options) {
  std::vector<const ir::Table*> tables;
  for (const auto& t : schema.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const ir::Table* a, const ir::Table* b) { return a->name < b->name; });
  std::vector<std::string> sources = options.source_paths;
  std::sort(sources.begin(), sources.end());

  // Order: every table (struct, columns, SQL), then the relations (their bases need every
  // table complete), then the table objects holding columns and relations, then the bodies of
  // the structs' relation functions.
  data table_list{data::type::list};
  data relation_list{data::type::list};
  data object_list{data::type::list};
  data function_list{data::type::list};
  data forward_list{data::type::list};
  data statements{data::type::list};
  for (const ir::Table* t : tables) {
    forward_list << data("struct_name", t->cpp_name);
    data relations = relation_views(schema, *t);
    data view = table_view(*t);
    view.set("relation_functions", relations);
    table_list << data("code", render("table", view));
    view.set("relations", relations);
    object_list << data("code", render("table_object", view));
    for (const auto& r : t->relations) {
      data relation = relation_view(schema, *t, r);
      relation_list << data("code", render("relation", relation));
      function_list << data("code", render("relation_function", relation));
    }
    for (const auto& statement : create_statements(*t)) statements << data("literal", sql_literal(statement));
  }
  data view;
  view.set("version", DORM_VERSION);
  view.set("sources", list_with_last(sources, "path"));
  view.set("namespace", options.cpp_namespace);
  view.set("tables", table_list);
  view.set("relations", relation_list);
  view.set("table_objects", object_list);
  view.set("relation_functions", function_list);
  view.set("forward_declarations", forward_list);
  view.set("statements", statements);
  return {namespace_path(options.cpp_namespace) + "/models.hpp", render("models_header", view)};
}

}  // namespace dorm::emit
