#include "dorm/detail/parameter_column.hpp"

#include <cctype>
#include <cstddef>
#include <vector>

namespace dorm::detail {

namespace {

struct Token {
  enum class Kind { identifier, word, parameter, literal, punctuation } kind;
  std::string text;  // identifiers unquoted, words upper-cased
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// A small SQL tokenizer: enough to tell identifiers, keywords, `?` and operators apart in the
// statements dorm builds. Quoted strings and identifiers may hold anything, doubled quotes
// included.
std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '"' || c == '\'' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      std::string text;
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == close) {
          if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
            text += close;
            ++i;
            continue;
          }
          ++i;
          break;
        }
        text += sql[i];
      }
      out.push_back({c == '\'' ? Token::Kind::literal : Token::Kind::identifier, std::move(text)});
    } else if (c == '?') {
      std::size_t end = i + 1;
      while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])) != 0) ++end;
      // ?NNN chooses its own number: positions cannot be counted, so such SQL names no column.
      if (end != i + 1) return {};
      out.push_back({Token::Kind::parameter, "?"});
      i = end;
    } else if (c == ':' || c == '@' || c == '$') {
      return {};  // named parameters: same as ?NNN
    } else if (word_char(c)) {
      std::string text;
      for (; i < sql.size() && word_char(sql[i]); ++i) {
        text += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
      }
      out.push_back({Token::Kind::word, std::move(text)});
    } else {
      std::string text(1, c);
      static constexpr std::string_view two_char[] = {"==", "!=", "<>", "<=", ">=", "||"};
      for (std::string_view op : two_char) {
        if (sql.substr(i, 2) == op) text = std::string(op);
      }
      i += text.size();
      out.push_back({Token::Kind::punctuation, std::move(text)});
    }
  }
  return out;
}

bool is(const Token& t, Token::Kind kind, std::string_view text) { return t.kind == kind && t.text == text; }

bool is_operator(const Token& t) {
  if (t.kind == Token::Kind::word) return t.text == "IS" || t.text == "NOT" || t.text == "LIKE" || t.text == "GLOB";
  if (t.kind != Token::Kind::punctuation) return false;
  static constexpr std::string_view operators[] = {"=", "==", "!=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "||"};
  for (std::string_view op : operators) {
    if (t.text == op) return true;
  }
  return false;
}

// `"t"."c"` or `"c"` ending at tokens[end]; "" when tokens[end] is no column name.
std::string column_ending_at(const std::vector<Token>& tokens, std::size_t end, std::string_view table) {
  if (tokens[end].kind != Token::Kind::identifier) return "";
  if (end >= 2 && is(tokens[end - 1], Token::Kind::punctuation, ".") &&
      tokens[end - 2].kind == Token::Kind::identifier) {
    return tokens[end - 2].text + '.' + tokens[end].text;
  }
  return table.empty() ? tokens[end].text : std::string(table) + '.' + tokens[end].text;
}

// The table an INSERT INTO / UPDATE writes (the columns it names unqualified belong to it).
std::string written_table(const std::vector<Token>& tokens) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (is(tokens[i], Token::Kind::word, "INTO") || (i == 0 && is(tokens[i], Token::Kind::word, "UPDATE"))) {
      if (tokens[i + 1].kind == Token::Kind::identifier) return tokens[i + 1].text;
    }
    if (is(tokens[i], Token::Kind::word, "SELECT")) return "";
  }
  return "";
}

// The value at `p` inside an INSERT's VALUES row: the column at the same place in the column list.
std::string inserted_column(const std::vector<Token>& tokens, std::size_t p, const std::string& table) {
  std::vector<std::string> columns;
  std::size_t i = 0;
  while (i < tokens.size() && !is(tokens[i], Token::Kind::punctuation, "(")) ++i;
  for (++i; i < tokens.size() && !is(tokens[i], Token::Kind::punctuation, ")"); ++i) {
    if (tokens[i].kind == Token::Kind::identifier) columns.push_back(tokens[i].text);
  }
  std::size_t values = i;
  while (values < tokens.size() && !is(tokens[values], Token::Kind::word, "VALUES")) ++values;
  if (values >= p) return "";
  // Count the commas back to the row's opening parenthesis; each value is one `?`.
  std::size_t position = 0;
  for (std::size_t k = p; k-- > values;) {
    if (is(tokens[k], Token::Kind::punctuation, "(")) {
      return position < columns.size() ? table + '.' + columns[position] : "";
    }
    if (is(tokens[k], Token::Kind::punctuation, ",")) ++position;
    else if (tokens[k].kind != Token::Kind::parameter) return "";  // an expression: not a plain value
  }
  return "";
}

}  // namespace

std::string parameter_column(std::string_view sql, int index) {
  const std::vector<Token> tokens = tokenize(sql);
  std::size_t p = 0;
  for (int seen = 0; p < tokens.size(); ++p) {
    if (tokens[p].kind == Token::Kind::parameter && ++seen == index) break;
  }
  if (p >= tokens.size() || p == 0) return "";
  const std::string table = written_table(tokens);
  const bool inserting = tokens[0].kind == Token::Kind::word &&
                         (tokens[0].text == "INSERT" || tokens[0].text == "REPLACE");
  if (inserting) {
    if (std::string column = inserted_column(tokens, p, table); !column.empty()) return column;
  }
  std::size_t before = p - 1;
  // `c BETWEEN ? AND ?`: both bounds belong to c.
  if (before >= 2 && is(tokens[before], Token::Kind::word, "AND") && tokens[before - 1].kind == Token::Kind::parameter &&
      is(tokens[before - 2], Token::Kind::word, "BETWEEN")) {
    before -= 2;
  }
  if (!is(tokens[before], Token::Kind::word, "BETWEEN") && !is_operator(tokens[before])) return "";
  if (is(tokens[before], Token::Kind::word, "BETWEEN")) {
    --before;
  } else {
    while (before > 0 && is_operator(tokens[before])) --before;  // `IS NOT ?`
  }
  return column_ending_at(tokens, before, table);
}

}  // namespace dorm::detail
