#include "backends/dqlite/write_scan.hpp"

#include <cctype>
#include <cstddef>

namespace dorm::dqlite {

namespace {

bool is_word_char(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool equals_keyword(std::string_view word, std::string_view keyword) noexcept {
  if (word.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(word[i])) != keyword[i]) return false;
  }
  return true;
}

// The position after the quoted run starting at `i` (closed by `close`, doubled to escape).
std::size_t skip_quoted(std::string_view sql, std::size_t i, char close) noexcept {
  for (++i; i < sql.size(); ++i) {
    if (sql[i] == close) {
      if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return sql.size();
}

}  // namespace

WriteScan scan_writes(std::string_view sql) noexcept {
  WriteScan result;
  bool writes = false;     // the current statement's
  bool returning = false;  // the current statement's
  bool assigns = false;    // the current statement has a top-level '='
  std::string_view first;  // the current statement's first three words
  std::string_view second;
  std::string_view third;
  bool first_statement = true;
  int depth = 0;
  const auto end_statement = [&] {
    if (first.empty()) return;  // blanks and comments between semicolons
    result.writes = result.writes || writes;
    result.write_returns_rows = result.write_returns_rows || (writes && returning);
    if (first_statement) {
      result.first_reads = !writes && (equals_keyword(first, "SELECT") || equals_keyword(first, "VALUES") ||
                                       equals_keyword(first, "WITH") || equals_keyword(first, "EXPLAIN") ||
                                       (equals_keyword(first, "PRAGMA") && !assigns));
    }
    if (equals_keyword(first, "BEGIN")) {
      result.transaction = TransactionEffect::opens;
    } else if (equals_keyword(first, "COMMIT") || equals_keyword(first, "END") ||
               (equals_keyword(first, "ROLLBACK") && !equals_keyword(second, "TO") &&
                !(equals_keyword(second, "TRANSACTION") && equals_keyword(third, "TO")))) {
      result.transaction = TransactionEffect::ends;
    }
    first_statement = false;
    writes = returning = assigns = false;
    first = second = third = {};
  };
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(sql, i, c);
    } else if (c == '[') {
      i = skip_quoted(sql, i, ']');
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t newline = sql.find('\n', i);
      i = newline == std::string_view::npos ? sql.size() : newline + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const std::size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      if (depth > 0) --depth;
      ++i;
    } else if (c == ';' && depth == 0) {
      end_statement();
      ++i;
    } else if (is_word_char(c)) {
      const std::size_t start = i;
      while (i < sql.size() && is_word_char(sql[i])) ++i;
      if (depth != 0) continue;
      const std::string_view word = sql.substr(start, i - start);
      if (first.empty()) {
        first = word;
      } else if (second.empty()) {
        second = word;
      } else if (third.empty()) {
        third = word;
      }
      std::size_t next = i;
      while (next < sql.size() && std::isspace(static_cast<unsigned char>(sql[next])) != 0) ++next;
      const bool called = next < sql.size() && sql[next] == '(';  // replace(...) is a function
      if (!called && (equals_keyword(word, "INSERT") || equals_keyword(word, "UPDATE") ||
                      equals_keyword(word, "DELETE") || equals_keyword(word, "REPLACE"))) {
        writes = true;
      } else if (equals_keyword(word, "RETURNING")) {
        returning = true;
      }
    } else {
      if (c == '=' && depth == 0) assigns = true;
      ++i;
    }
  }
  end_statement();
  return result;
}

std::string_view first_statement(std::string_view script) noexcept {
  int depth = 0;
  std::size_t i = 0;
  while (i < script.size()) {
    const char c = script[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(script, i, c);
    } else if (c == '[') {
      i = skip_quoted(script, i, ']');
    } else if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      const std::size_t newline = script.find('\n', i);
      i = newline == std::string_view::npos ? script.size() : newline + 1;
    } else if (c == '/' && i + 1 < script.size() && script[i + 1] == '*') {
      const std::size_t close = script.find("*/", i + 2);
      i = close == std::string_view::npos ? script.size() : close + 2;
    } else {
      if (c == '(') ++depth;
      if (c == ')' && depth > 0) --depth;
      // A trigger's body holds ';' between BEGIN and END: SQLite's own splitting knows CREATE
      // TRIGGER; this one does not, so a script with triggers runs whole through execute_script.
      if (c == ';' && depth == 0) return script.substr(0, i + 1);
      ++i;
    }
  }
  return script;
}

}  // namespace dorm::dqlite
