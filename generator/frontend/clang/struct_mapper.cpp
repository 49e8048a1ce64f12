#include "frontend/clang/struct_mapper.hpp"

#include <clang/AST/DeclCXX.h>
#include <clang/Basic/SourceManager.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "frontend/clang/type_mapping.hpp"
#include "ir/traits.hpp"

namespace dorm::frontend::annotated {
namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

/// Every struct definition carrying DORM_TABLE, in source order: a plain walk over namespaces,
/// linkage specifications and classes (RecursiveASTVisitor would cost more to compile than the
/// rest of the front end together, and tables are declarations, never inside functions).
void find_tables(const clang::DeclContext& context, const clang::ASTContext& ast,
                 std::vector<const clang::CXXRecordDecl*>& out) {
  for (const clang::Decl* decl : context.decls()) {
    if (ast.getSourceManager().isInSystemHeader(decl->getLocation())) continue;
    if (const auto* record = llvm::dyn_cast<clang::CXXRecordDecl>(decl)) {
      if (!record->isThisDeclarationADefinition()) continue;
      const auto annotations = dorm_annotations(*record, ast);
      if (std::any_of(annotations.begin(), annotations.end(), [](const Annotation& a) { return a.kind == "table"; })) {
        out.push_back(record);
      }
      find_tables(*record, ast, out);  // nested tables are found, to be reported
    } else if (llvm::isa<clang::NamespaceDecl, clang::LinkageSpecDecl, clang::ExportDecl>(decl)) {
      find_tables(*llvm::cast<clang::DeclContext>(decl), ast, out);
    }
  }
}

/// `"key=value"` options of an annotation, checked against the keys it accepts.
struct Options {
  std::map<std::string, std::pair<std::string, clang::SourceLocation>> values;
  bool ok = true;
};

class Mapper {
 public:
  Mapper(clang::ASTContext& context, Reporter& reporter, const HeaderSpellings& headers)
      : context_(context), sources_(context.getSourceManager()), reporter_(reporter), headers_(headers) {}

  void run(ir::Schema& out) {
    std::vector<const clang::CXXRecordDecl*> tables;
    find_tables(*context_.getTranslationUnitDecl(), context_, tables);
    // Names first, so relations can point at tables declared later or in another header.
    for (const clang::CXXRecordDecl* record : tables) {
      const std::string header = header_of(*record);
      if (header.empty()) {
        annotated_elsewhere_.insert(record->getCanonicalDecl());
        continue;
      }
      for (const Annotation& a : dorm_annotations(*record, context_)) {
        if (a.kind == "table" && a.args.size() == 1 && a.args[0].kind == AnnotationArg::Kind::string) {
          table_names_[record->getCanonicalDecl()] = a.args[0].text;
        }
      }
    }
    for (const clang::CXXRecordDecl* record : tables) {
      if (annotated_elsewhere_.count(record->getCanonicalDecl()) == 0) out.tables.push_back(map_table(*record));
    }
  }

 private:
  // ---- helpers ----

  /// How the generated header includes the file defining `decl`, or "" when that file was not scanned.
  std::string header_of(const clang::Decl& decl) const {
    const clang::FileID file = sources_.getFileID(sources_.getExpansionLoc(decl.getLocation()));
    const clang::FileEntry* entry = sources_.getFileEntryForID(file);
    if (entry == nullptr) return "";
    auto it = headers_.find(entry->tryGetRealPathName().str());
    return it == headers_.end() ? "" : it->second;
  }

  bool expect_args(const Annotation& a, std::size_t min, std::size_t max, const char* what) {
    if (a.args.size() >= min && a.args.size() <= max) return true;
    reporter_.error(a.loc, "dorm-keyword-type", macro_name(a.kind) + " takes " + what);
    return false;
  }

  bool expect_string(const Annotation& a, const AnnotationArg& arg, const char* what) {
    if (arg.kind == AnnotationArg::Kind::string && !arg.text.empty()) return true;
    reporter_.error(arg.loc.isValid() ? arg.loc : a.loc, "dorm-keyword-type",
                    "argument of " + macro_name(a.kind) + " must be " + what + " as a string literal");
    return false;
  }

  /// Splits the arguments from `first` on into positional strings and `key=value` options.
  std::vector<AnnotationArg> positional_and_options(const Annotation& a, std::size_t first,
                                                    const std::vector<std::string>& keys, Options& options) {
    std::vector<AnnotationArg> positional;
    for (std::size_t i = first; i < a.args.size(); ++i) {
      const AnnotationArg& arg = a.args[i];
      if (!expect_string(a, arg, "a column name or \"key=value\"")) {
        options.ok = false;
        continue;
      }
      const auto eq = arg.text.find('=');
      if (eq == std::string::npos) {
        positional.push_back(arg);
        continue;
      }
      const std::string key = arg.text.substr(0, eq);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        reporter_.error(arg.loc, "dorm-unknown-keyword", "unknown argument " + quoted(key) + " of " + macro_name(a.kind));
        if (keys.empty()) {
          reporter_.note(arg.loc, macro_name(a.kind) + " takes no key=value arguments");
        } else {
          reporter_.suggest(arg.loc, key, keys);
        }
        options.ok = false;
        continue;
      }
      options.values[key] = {arg.text.substr(eq + 1), arg.loc};
    }
    return positional;
  }

  /// An annotation of another level, or none at all: says where it belongs.
  void misplaced(const Annotation& a, Level here) {
    const auto level = level_of(a.kind);
    if (!level) {
      reporter_.error(a.loc, "dorm-unknown-keyword", "unknown annotation 'dorm." + a.kind + "'");
      std::vector<std::string> all;
      for (Level l : {Level::table, Level::field, Level::relation, Level::enumeration}) {
        for (const auto& k : kinds_at(l)) all.push_back(k);
      }
      reporter_.suggest(a.loc, a.kind, all);
      return;
    }
    static const char* const places[] = {"on the struct, after 'struct'", "on a data member",
                                          "as a relation member declaration", "on an enum, after 'enum class'"};
    reporter_.error(a.loc, "dorm-unknown-keyword",
                    macro_name(a.kind) + " belongs " + places[static_cast<int>(*level)] + ", not " +
                        places[static_cast<int>(here)]);
  }

  // ---- table ----

  ir::Table map_table(const clang::CXXRecordDecl& record) {
    ir::Table t;
    t.cpp_name = record.getNameAsString();
    t.cpp_qualified_name = "::" + record.getQualifiedNameAsString();
    t.source_header = header_of(record);
    t.loc = reporter_.location(record.getLocation());
    if (!record.getDeclContext()->getRedeclContext()->isFileContext() || record.isInAnonymousNamespace()) {
      reporter_.error(record.getLocation(), "dorm-unsupported-type",
                      "table struct " + quoted(t.cpp_name) +
                          " must be declared at namespace scope, outside anonymous namespaces");
    }
    if (record.getNumBases() > 0) {
      reporter_.error(record.getLocation(), "dorm-unsupported-type",
                      "table struct " + quoted(t.cpp_name) + " has base classes; a table's columns are its own members");
    }
    bool composite = false;
    for (const Annotation& a : dorm_annotations(record, context_)) map_table_annotation(a, t, composite);
    composite_key_ = composite;
    first_key_ = {};
    for (const clang::Decl* member : record.decls()) {
      if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(member)) {
        map_field(*field, t);
      } else if (const auto* alias = llvm::dyn_cast<clang::TypedefNameDecl>(member)) {
        map_relation(*alias, t);
      }
    }
    require_trait_members(record, t);
    ir::add_trait_columns(t);
    return t;
  }

  /// The generated code extends the user's struct, so a trait's columns must be members of it:
  /// DORM_TIMESTAMPS needs created_at and updated_at, DORM_SOFT_DELETE deleted_at.
  void require_trait_members(const clang::CXXRecordDecl& record, const ir::Table& t) {
    auto require = [&](bool wanted, std::string_view name, const char* macro, const char* type) {
      if (!wanted || t.find_column(name) != nullptr) return;
      reporter_.error(record.getLocation(), "dorm-trait-column",
                      std::string(macro) + " on " + quoted(t.cpp_name) + " needs a member " + std::string(type) + " " +
                          std::string(name) + "{};");
    };
    require(t.traits.timestamps, ir::created_at_column_name, "DORM_TIMESTAMPS", "std::string");
    require(t.traits.timestamps, ir::updated_at_column_name, "DORM_TIMESTAMPS", "std::string");
    require(t.traits.soft_delete, ir::deleted_at_column_name, "DORM_SOFT_DELETE", "std::optional<std::string>");
  }

  void map_table_annotation(const Annotation& a, ir::Table& t, bool& composite) {
    if (a.kind == "timestamps" || a.kind == "soft_delete") {
      if (!expect_args(a, 0, 0, "no arguments")) return;
      const bool timestamps = a.kind == "timestamps";
      (timestamps ? t.traits.timestamps : t.traits.soft_delete) = true;
      (timestamps ? t.traits.timestamps_loc : t.traits.soft_delete_loc) = reporter_.location(a.loc);
    } else if (a.kind == "tenant_column") {
      if (expect_args(a, 1, 1, "one argument, the tenant column's SQL name") &&
          expect_string(a, a.args[0], "the tenant column's name")) {
        t.traits.tenant_column = a.args[0].text;
        t.traits.tenant_column_loc = reporter_.location(a.args[0].loc);
      }
    } else if (a.kind == "table") {
      if (expect_args(a, 1, 1, "one argument, the table's SQL name") && expect_string(a, a.args[0], "the table's name")) {
        t.name = a.args[0].text;
      }
    } else if (a.kind == "composite_key" || a.kind == "unique_together" || a.kind == "index_on" ||
               a.kind == "unique_index_on") {
      const bool is_index = a.kind == "index_on" || a.kind == "unique_index_on";
      Options options;
      const auto columns = positional_and_options(a, 0, is_index ? std::vector<std::string>{"name"} : std::vector<std::string>{}, options);
      if (!options.ok) return;
      std::vector<std::string> names;
      for (const auto& c : columns) names.push_back(c.text);
      if (a.kind == "composite_key") {
        t.primary_key = names;
        t.primary_key_loc = reporter_.location(a.loc);
        composite = true;
      } else if (a.kind == "unique_together") {
        t.uniques.push_back({"", names, true, reporter_.location(a.loc)});
      } else {
        ir::Index index{"", names, a.kind == "unique_index_on", reporter_.location(a.loc)};
        if (auto it = options.values.find("name"); it != options.values.end()) {
          index.name = it->second.first;
        } else {
          index.name = "idx_" + t.name;
          for (const auto& n : names) index.name += '_' + n;
        }
        t.indexes.push_back(std::move(index));
      }
    } else {
      misplaced(a, Level::table);
    }
  }

  // ---- fields ----

  void map_field(const clang::FieldDecl& field, ir::Table& t) {
    const auto annotations = dorm_annotations(field, context_);
    if (std::any_of(annotations.begin(), annotations.end(), [](const Annotation& a) { return a.kind == "ignore"; })) return;
    ir::Column c;
    c.cpp_name = field.getNameAsString();
    c.name = c.cpp_name;
    c.loc = reporter_.location(field.getLocation());
    const clang::SourceLocation type_loc = field.getInnerLocStart();  // the decl-specifiers: `const` included
    if (field.isBitField()) {
      reporter_.error(field.getLocation(), "dorm-unsupported-type", "bit-field " + quoted(c.cpp_name) + " cannot be a column; mark it DORM_IGNORE");
    }
    const MappedType type = map_field_type(field.getType(), context_);
    if (!type.supported) {
      reporter_.error(type_loc, "dorm-unsupported-type", type.why);
    }
    c.storage = type.storage;
    c.cpp_type = type.cpp_type;
    c.format = type.format;
    c.time_point = type.time_point;
    c.cpp_enum = type.cpp_enum;
    c.cpp_enumerators = type.enumerators;
    c.cpp_custom_type = type.custom_type;
    if (!type.custom_type.empty()) c.cpp_custom_type_loc = c.loc;
    c.nullable = type.optional;
    bool not_null = false;
    bool primary_key = false;
    clang::SourceLocation key_loc;
    for (const Annotation& a : annotations) {
      if (a.kind == "primary_key") {
        primary_key = expect_args(a, 0, 0, "no arguments");
        key_loc = a.loc;
      } else if (a.kind == "not_null") {
        not_null = expect_args(a, 0, 0, "no arguments");
      } else {
        map_field_annotation(a, c, t);
      }
    }
    if (not_null) c.nullable = false;
    if (primary_key) add_primary_key(c, key_loc, t, type_loc);
    t.columns.push_back(std::move(c));
  }

  void add_primary_key(ir::Column& c, clang::SourceLocation key_loc, ir::Table& t, clang::SourceLocation type_loc) {
    if (c.nullable) {
      reporter_.error(type_loc, "dorm-nullable-primary-key", "primary key column " + quoted(c.name) + " cannot be std::optional");
    }
    c.nullable = false;
    if (composite_key_) {
      if (std::find(t.primary_key.begin(), t.primary_key.end(), c.name) == t.primary_key.end()) {
        reporter_.error(key_loc, "dorm-conflicting-primary-key",
                        "column " + quoted(c.name) + " is marked DORM_PRIMARY_KEY but is not in the table's DORM_COMPOSITE_KEY");
      }
      return;
    }
    if (!t.primary_key.empty()) {
      reporter_.error(key_loc, "dorm-conflicting-primary-key",
                      "table " + quoted(t.name) + " has a second DORM_PRIMARY_KEY, " + quoted(c.name) +
                          "; declare a key over several columns with DORM_COMPOSITE_KEY(\"" + t.primary_key.front() +
                          "\", \"" + c.name + "\") on the struct");
      reporter_.note(first_key_, "first DORM_PRIMARY_KEY is here");
      return;
    }
    t.primary_key = {c.name};
    t.primary_key_loc = reporter_.location(key_loc);
    first_key_ = key_loc;
  }

  void map_field_annotation(const Annotation& a, ir::Column& c, ir::Table& t) {
    const ir::SourceLocation loc = reporter_.location(a.loc);
    if (a.kind == "auto_increment") {
      c.auto_increment = expect_args(a, 0, 0, "no arguments");
    } else if (a.kind == "version") {
      c.version = expect_args(a, 0, 0, "no arguments");
      c.version_loc = loc;
    } else if (a.kind == "unique") {
      if (expect_args(a, 0, 0, "no arguments")) t.uniques.push_back({"", {c.name}, true, loc});
    } else if (a.kind == "index") {
      if (!expect_args(a, 0, 1, "no argument, or the index's name")) return;
      if (a.args.empty()) {
        t.indexes.push_back({"idx_" + t.name + '_' + c.name, {c.name}, false, loc});
      } else if (expect_string(a, a.args[0], "the index's name")) {
        t.indexes.push_back({a.args[0].text, {c.name}, false, loc});
      }
    } else if (a.kind == "column") {
      if (expect_args(a, 1, 1, "one argument, the SQL column name") && expect_string(a, a.args[0], "the column's SQL name")) {
        c.name = a.args[0].text;
      }
    } else if (a.kind == "default") {
      map_default(a, c);
    } else if (a.kind == "default_sql") {
      if (expect_args(a, 1, 1, "one argument, a constant SQL expression") &&
          expect_string(a, a.args[0], "an SQL expression")) {
        c.default_value = ir::DefaultValue{ir::DefaultValue::Kind::sql_expression, a.args[0].text,
                                           reporter_.location(a.args[0].loc)};
      }
    } else if (a.kind == "references") {
      map_reference(a, c);
    } else if (a.kind == "check") {
      map_checks(a, c);
    } else {
      misplaced(a, Level::field);
    }
  }

  void map_default(const Annotation& a, ir::Column& c) {
    if (!expect_args(a, 1, 1, "one literal")) return;
    const AnnotationArg& arg = a.args[0];
    ir::DefaultValue d;
    d.loc = reporter_.location(arg.loc);
    d.value = arg.text;
    switch (arg.kind) {
      case AnnotationArg::Kind::string: d.kind = ir::DefaultValue::Kind::text; break;
      case AnnotationArg::Kind::integer: d.kind = ir::DefaultValue::Kind::integer; break;
      case AnnotationArg::Kind::real: d.kind = ir::DefaultValue::Kind::real; break;
      case AnnotationArg::Kind::boolean: d.kind = ir::DefaultValue::Kind::boolean; break;
      case AnnotationArg::Kind::other:
        reporter_.error(arg.loc, "dorm-keyword-type",
                        "DORM_DEFAULT takes a string, number or bool literal; use DORM_DEFAULT_SQL for an expression");
        return;
    }
    c.default_value = d;
  }

  void map_reference(const Annotation& a, ir::Column& c) {
    static const std::vector<std::string> keys{"on_delete", "on_update"};
    if (a.args.size() < 2) {
      reporter_.error(a.loc, "dorm-keyword-type", "DORM_REFERENCES takes the table and the column: DORM_REFERENCES(\"users\", \"id\")");
      return;
    }
    Options options;
    const auto positional = positional_and_options(a, 0, keys, options);
    if (!options.ok) return;
    if (positional.size() != 2) {
      reporter_.error(a.loc, "dorm-keyword-type", "DORM_REFERENCES takes the table and the column, then on_delete=/on_update= options");
      return;
    }
    ir::ForeignKey fk;
    fk.table = positional[0].text;
    fk.column = positional[1].text;
    fk.loc = reporter_.location(a.loc);
    for (const auto& [key, value] : options.values) {
      std::string action;
      for (char ch : value.first) action += ch == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      static const std::vector<std::string> actions{"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"};
      if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
        reporter_.error(value.second, "dorm-bad-reference-action",
                        quoted(value.first) + " is not a foreign key action; use CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
        return;
      }
      (key == "on_delete" ? fk.on_delete : fk.on_update) = action;
    }
    c.references = fk;
  }

  void map_checks(const Annotation& a, ir::Column& c) {
    static const std::vector<std::string> keys{"min_length",        "max_length",        "minimum", "maximum",
                                               "exclusive_minimum", "exclusive_maximum", "pattern", "format",
                                               "enum"};
    Options options;
    const auto positional = positional_and_options(a, 0, keys, options);
    for (const auto& p : positional) {
      reporter_.error(p.loc, "dorm-unknown-keyword", "DORM_CHECK takes \"key=value\" arguments such as \"max_length=100\"");
      reporter_.suggest(p.loc, p.text, keys);
    }
    ir::CheckLocations& locs = c.check_locs;
    for (const auto& [key, value] : options.values) {
      const ir::SourceLocation loc = reporter_.location(value.second);
      try {
        if (key == "pattern") {
          c.checks.pattern = value.first;
          locs.pattern = loc;
        } else if (key == "format") {
          c.format = value.first;
          locs.format = loc;
        } else if (key == "enum") {
          map_enum_check(value.first, value.second, c);
        } else if (key == "min_length" || key == "max_length") {
          const bool min = key == "min_length";
          (min ? c.checks.min_length : c.checks.max_length) = parse_whole<std::int64_t>(value.first);
          (min ? locs.min_length : locs.max_length) = loc;
        } else {
          const std::pair<std::optional<double>*, ir::SourceLocation*> bound =
              key == "minimum"             ? std::pair{&c.checks.minimum, &locs.minimum}
              : key == "maximum"           ? std::pair{&c.checks.maximum, &locs.maximum}
              : key == "exclusive_minimum" ? std::pair{&c.checks.exclusive_minimum, &locs.exclusive_minimum}
                                           : std::pair{&c.checks.exclusive_maximum, &locs.exclusive_maximum};
          *bound.first = parse_whole<double>(value.first);
          *bound.second = loc;
        }
      } catch (const std::exception&) {
        reporter_.error(value.second, "dorm-keyword-type", quoted(key) + " of DORM_CHECK needs a number");
      }
    }
  }

  /// std::stoll / std::stod of the whole text: "10abc" is not 10.
  template <typename T>
  static T parse_whole(const std::string& text) {
    std::size_t used = 0;
    T value{};
    if constexpr (std::is_same_v<T, double>) {
      value = std::stod(text, &used);
    } else {
      value = std::stoll(text, &used);
    }
    if (used != text.size()) throw std::invalid_argument(text);
    return value;
  }

  /// `text` as a JSON string (the IR keeps enum values as JSON text).
  static std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (const char ch : text) {
      if (ch == '"' || ch == '\\') {
        out += '\\';
        out += ch;
      } else if (static_cast<unsigned char>(ch) < 0x20) {
        std::array<char, 8> escape{};
        std::snprintf(escape.data(), escape.size(), "\\u%04x", static_cast<unsigned>(ch));
        out += escape.data();
      } else {
        out += ch;
      }
    }
    return out + '"';
  }

  /// A number as JSON text: an integer as written, anything else through double.
  static std::string number_json(const std::string& text) {
    if (text.find_first_of(".eE") == std::string::npos) return std::to_string(parse_whole<std::int64_t>(text));
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.17g", parse_whole<double>(text));
    return buffer.data();
  }

  /// "enum=draft|published|archived": the allowed values, `|`-separated; numbers on a number column.
  void map_enum_check(const std::string& text, clang::SourceLocation where, ir::Column& c) {
    std::vector<std::string> values;
    std::size_t start = 0;
    while (true) {
      const std::size_t bar = text.find('|', start);
      const std::string item = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      if (c.cpp_type == ir::CppType::string) {
        values.push_back(json_string(item));
      } else {
        try {
          values.push_back(number_json(item));
        } catch (const std::exception&) {
          reporter_.error(where, "dorm-keyword-type", "\"enum\" of DORM_CHECK on a number column needs numbers, not " + quoted(item));
          return;
        }
      }
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    c.checks.enum_values = std::move(values);
    c.check_locs.enum_values = reporter_.location(where);
  }

  // ---- relations ----

  void map_relation(const clang::TypedefNameDecl& alias, ir::Table& t) {
    const auto annotations = dorm_annotations(alias, context_);
    if (annotations.empty()) return;  // an ordinary member alias
    static const std::vector<std::string> keys{"foreign_key", "local_key",   "pivot",         "pivot_foreign_key",
                                               "pivot_related_key", "related_key", "cascade", "orphan_removal"};
    for (const Annotation& a : annotations) {
      if (level_of(a.kind) != Level::relation) {
        misplaced(a, Level::relation);
        continue;
      }
      ir::Relation r;
      r.name = alias.getNameAsString();
      r.cpp_name = r.name;
      r.loc = reporter_.location(alias.getLocation());
      r.kind = a.kind == "belongs_to" ? ir::Relation::Kind::belongs_to
               : a.kind == "has_one"  ? ir::Relation::Kind::has_one
               : a.kind == "has_many" ? ir::Relation::Kind::has_many
                                      : ir::Relation::Kind::many_to_many;
      Options options;
      const auto positional = positional_and_options(a, 0, keys, options);
      for (const auto& p : positional) {
        reporter_.error(p.loc, "dorm-unknown-keyword",
                        macro_name(a.kind) + " takes \"key=value\" arguments such as \"foreign_key=author_id\"");
        options.ok = false;
      }
      if (!options.ok) continue;
      const std::pair<const char*, std::string*> fields[] = {
          {"foreign_key", &r.foreign_key}, {"local_key", &r.local_key}, {"pivot", &r.pivot},
          {"pivot_foreign_key", &r.pivot_foreign_key}, {"pivot_related_key", &r.pivot_related_key},
          {"related_key", &r.related_key}};
      for (const auto& [key, field] : fields) {
        if (auto it = options.values.find(key); it != options.values.end()) *field = it->second.first;
      }
      if (!map_cascade(a, options, r)) continue;
      const clang::CXXRecordDecl* target = alias.getUnderlyingType()->getAsCXXRecordDecl();
      const clang::SourceLocation target_loc = alias.getTypeSourceInfo()->getTypeLoc().getBeginLoc();
      const std::string target_name = type_name(alias.getUnderlyingType(), context_);
      if (target == nullptr) {
        reporter_.error(target_loc, "dorm-unknown-relation-target",
                        "relation " + quoted(r.name) + " targets " + quoted(target_name) + ", which is not a struct");
        continue;
      }
      if (auto it = table_names_.find(target->getCanonicalDecl()); it != table_names_.end()) {
        r.target = it->second;
      } else if (annotated_elsewhere_.count(target->getCanonicalDecl()) != 0) {
        reporter_.error(target_loc, "dorm-unknown-relation-target",
                        "relation " + quoted(r.name) + " targets struct " + quoted(target_name) +
                            ", whose header is not among the scanned headers; add it to HEADERS");
        continue;
      } else {
        reporter_.error(target_loc, "dorm-unknown-relation-target",
                        "relation " + quoted(r.name) + " targets struct " + quoted(target_name) +
                            ", which is not a table; annotate it with DORM_TABLE(\"...\")");
        continue;
      }
      t.relations.push_back(std::move(r));
    }
  }

  /// "cascade=persist,remove" (values checked by ir::validate) and "orphan_removal=true".
  bool map_cascade(const Annotation& a, const Options& options, ir::Relation& r) {
    if (auto it = options.values.find("cascade"); it != options.values.end()) {
      const ir::SourceLocation loc = reporter_.location(it->second.second);
      const std::string& list = it->second.first;
      for (std::size_t begin = 0; begin <= list.size();) {
        const std::size_t comma = std::min(list.find(',', begin), list.size());
        r.cascade.push_back({list.substr(begin, comma - begin), loc});
        begin = comma + 1;
      }
    }
    if (auto it = options.values.find("orphan_removal"); it != options.values.end()) {
      if (it->second.first != "true" && it->second.first != "false") {
        reporter_.error(it->second.second, "dorm-keyword-type",
                        "\"orphan_removal\" of " + macro_name(a.kind) + " must be true or false");
        return false;
      }
      r.orphan_removal = it->second.first == "true";
      r.orphan_removal_loc = reporter_.location(it->second.second);
    }
    return true;
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sources_;
  Reporter& reporter_;
  const HeaderSpellings& headers_;
  std::map<const clang::Decl*, std::string> table_names_;
  std::set<const clang::Decl*> annotated_elsewhere_;
  bool composite_key_ = false;
  clang::SourceLocation first_key_;
};

}  // namespace

void map_annotated_structs(clang::ASTContext& context, Reporter& reporter, const HeaderSpellings& headers,
                           ir::Schema& out) {
  Mapper(context, reporter, headers).run(out);
}

}  // namespace dorm::frontend::annotated
