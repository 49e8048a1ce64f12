// One SQL path (issue 15 item 3): the model writes (update(row), remove(row), soft delete,
// restore, their tenant forms) are the query builders' statements, so the files that define
// them build no SQL text of their own: no statement text rendered or spliced, no quoted name
// appended. A statement they need is a builder's or one of the table's SQL templates
// (dorm/detail/table_sql.hpp).
#include <catch2/catch.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// What only code that writes SQL text contains.
constexpr std::array<std::string_view, 9> sql_text_marks = {
    "make_static_sql", "quoted_name", "\"UPDATE", "\"DELETE", "\"INSERT", "\"SELECT", " WHERE", " AND ", " = ?"};

/// "path:line: <the line>" for every code line of `text` (comments aside) that builds SQL text.
std::vector<std::string> sql_text_lines(const std::string& path, const std::string& text) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::string_view code = std::string_view(line).substr(0, line.find("//"));
    for (std::string_view mark : sql_text_marks) {
      if (code.find(mark) != std::string_view::npos) {
        found.push_back(path + ':' + std::to_string(number) + ": " + line);
        break;
      }
    }
  }
  return found;
}

std::string read_source(const std::string& relative) {
  std::ifstream in(std::filesystem::path(DORM_SOURCE_DIR) / relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the scan names each code line that builds SQL text, and skips comments", "[runtime][sql_path]") {
  const auto found = sql_text_lines(
      "x.hpp",
      "// adds AND \"org_id\" = ? to the WHERE\n"
      "s += \" AND \";\n"
      "auto q = update.where(condition);\n"
      "static const StaticSql sql = make_static_sql(text);\n"
      "s += T::tenant_column::quoted_name;  // the column\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0] == "x.hpp:2: s += \" AND \";");
  CHECK(found[1] == "x.hpp:4: static const StaticSql sql = make_static_sql(text);");
  CHECK(found[2] == "x.hpp:5: s += T::tenant_column::quoted_name;  // the column");
}

TEST_CASE("the model writes build no SQL text: their statements are the builders'", "[runtime][sql_path]") {
  for (const char* file : {"runtime/include/dorm/detail/model_write.hpp", "runtime/src/model_write.cpp"}) {
    const auto found = sql_text_lines(file, read_source(file));
    std::string listed;
    for (const std::string& line : found) listed += "  " + line + '\n';
    INFO("a row write runs update_all/remove_all's builders (UpdateQuery, DeleteQuery) over the row's key "
         "condition; these lines build SQL text instead:\n" + listed);
    CHECK(found.empty());
  }
}
