#include "ir/sql_name_rules.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace dorm::ir {
namespace {

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

/// 'a<U+000A>b': the name with its control characters made visible, in quotes.
std::string shown(std::string_view name) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = "'";
  for (char c : name) {
    if (is_control(c)) {
      const auto u = static_cast<unsigned char>(c);
      out += "<U+00";
      out += hex[u >> 4];
      out += hex[u & 0xF];
      out += '>';
    } else {
      out += c;
    }
  }
  return out + "'";
}

void check(std::string_view name, const std::string& what, const SourceLocation& loc, Diagnostics& diags) {
  if (std::none_of(name.begin(), name.end(), is_control)) return;
  diags.error(loc, "dorm-bad-sql-name",
              what + ' ' + shown(name) + " holds a control character (a line break, tab or NUL); "
              "migration files are read line by line, so SQL names must be one line of printable text");
}

}  // namespace

void check_sql_names(const Schema& schema, Diagnostics& diags) {
  for (const Table& t : schema.tables) {
    check(t.name, "table name", t.loc, diags);
    check(t.renamed_from, "x-dorm-renamed-from of table " + shown(t.name), t.loc, diags);
    for (const Column& c : t.columns) {
      check(c.name, "column name", c.loc, diags);
      check(c.renamed_from, "x-dorm-renamed-from of column " + shown(c.name), c.loc, diags);
    }
    for (const Index& i : t.indexes) check(i.name, "index name", i.loc, diags);
    for (const Index& u : t.uniques) check(u.name, "unique constraint name", u.loc, diags);
  }
}

}  // namespace dorm::ir
