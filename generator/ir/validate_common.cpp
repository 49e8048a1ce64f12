#include "ir/validate_common.hpp"

#include "ir/names.hpp"

namespace dorm::ir {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::vector<std::string> column_names(const Table& t) {
  std::vector<std::string> out;
  for (const Column& c : t.columns) out.push_back(c.name);
  return out;
}

void suggest(Diagnostics& diags, const SourceLocation& loc, std::string_view word,
             const std::vector<std::string>& names) {
  if (auto best = did_you_mean(word, names)) diags.note(loc, "did you mean '" + *best + "'?");
}

const SourceLocation& at(const SourceLocation& loc, const Column& c) { return loc.line != 0 ? loc : c.loc; }

const Table* find_table_folded(const Schema& schema, std::string_view name) {
  for (const Table& t : schema.tables) {
    if (sql_name_key(t.name) == sql_name_key(name)) return &t;
  }
  return nullptr;
}

}  // namespace dorm::ir
