#include "dorm/schema/schema_shape.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "dorm/core/affinity.hpp"
#include "dorm/core/database.hpp"

namespace dorm {
namespace {

using Row = std::vector<std::optional<std::string>>;

/// Every row of `sql` with `argument` bound to its parameters (a table or index name, so the
/// catalog is read without quoting identifiers into SQL).
std::vector<Row> rows(Connection& db, const char* sql, const std::string& argument = {}) {
  try {
    Statement st(db, sql);
    for (int i = 1; i <= st.parameter_count(); ++i) st.bind_text(i, argument);
    std::vector<Row> out;
    while (st.step()) {
      Row row;
      for (int i = 0; i < st.column_count(); ++i) {
        const ColumnValue value = st.column(i);
        if (value.storage_class() == StorageClass::null) {
          row.emplace_back();
        } else {
          row.emplace_back(std::string(value.text()));
        }
      }
      out.push_back(std::move(row));
    }
    return out;
  } catch (const SqliteError& e) {
    // "[dorm.sqlite.N] <engine message>\n  in: ..." -> "[dorm.sqlite.N] cannot read the schema: <engine message>"
    const std::string what = e.what();
    const std::size_t found = what.find("] ");
    const std::size_t start = found == std::string::npos ? 0 : found + 2;
    const std::size_t end = what.find('\n', start);
    const std::string reason = what.substr(start, end == std::string::npos ? std::string::npos : end - start);
    throw SqliteError("[dorm.sqlite." + std::to_string(e.extended_code()) + "] cannot read the schema: " + reason,
                      e.code(), e.extended_code(), sql);
  }
}

std::string text(const std::optional<std::string>& value) { return value.value_or(""); }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// The affinity's name: `NVARCHAR(160)` -> TEXT, `DATETIME` -> NUMERIC (dorm/core/affinity.hpp).
std::string affinity(const std::string& declared) { return std::string(affinity_name(affinity_of(declared))); }

/// `sql` with runs of white space outside quotes made one space, trimmed.
std::string squeeze(std::string_view sql) {
  std::string out;
  char quote = 0;
  for (char c : sql) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (quote == 0 && space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (quote == 0 && (c == '\'' || c == '"' || c == '`' || c == '[')) {
      quote = c == '[' ? ']' : c;
    } else if (c == quote) {
      quote = 0;
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// `(( 0 ))` -> `0`: the parentheses SQLite keeps around a default as written.
std::string strip_parentheses(std::string s) {
  for (;;) {
    s = squeeze(s);
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return s;
    // Only when the first '(' closes at the end: `(a) + (b)` keeps its parentheses.
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '\'' || c == '"') quote = c;
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0 && i + 1 != s.size()) return s;
    }
    s = s.substr(1, s.size() - 2);
  }
}

/// Is `v` one SQL literal: a number (signed, decimal or hexadecimal), a quoted string ('' or ""
/// doubled inside), a blob X'..', NULL, TRUE or FALSE? A loop over the characters, not a
/// std::regex, which recursed per character.
bool is_literal(std::string_view v) {
  const auto digits = [&](std::size_t& i, auto is_digit) {
    const std::size_t first = i;
    while (i < v.size() && is_digit(static_cast<unsigned char>(v[i]))) ++i;
    return i > first;
  };
  const auto decimal = [](unsigned char c) { return std::isdigit(c) != 0; };
  const auto hex = [](unsigned char c) { return std::isxdigit(c) != 0; };
  const auto quoted = [&](char q, std::size_t i) {  // v[i] == q opens; true when v ends at its close
    for (++i; i < v.size(); ++i) {
      if (v[i] != q) continue;
      if (i + 1 < v.size() && v[i + 1] == q) {
        ++i;
        continue;
      }
      return i + 1 == v.size();
    }
    return false;
  };
  if (v.empty()) return false;
  if (v.front() == '\'' || v.front() == '"') return quoted(v.front(), 0);
  if ((v.front() == 'x' || v.front() == 'X') && v.size() >= 3 && v[1] == '\'') {
    std::size_t i = 2;
    digits(i, hex);
    return i + 1 == v.size() && v[i] == '\'';
  }
  for (std::string_view word : {"null", "true", "false"}) {
    if (v.size() == word.size() && std::equal(v.begin(), v.end(), word.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return true;
    }
  }
  std::size_t i = v.front() == '+' || v.front() == '-' ? 1 : 0;
  if (i + 1 < v.size() && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'X')) {
    i += 2;
    return digits(i, hex) && i == v.size();
  }
  const bool whole = digits(i, decimal);
  bool fraction = false;
  if (i < v.size() && v[i] == '.') {
    ++i;
    fraction = digits(i, decimal);
  }
  if (!whole && !fraction) return false;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    if (!digits(i, decimal)) return false;
  }
  return i == v.size();
}

/// The defaults of one shape, evaluated as SQLite stores them. Literals only: their value is
/// what a row gets, whatever their spelling. Expressions (CURRENT_TIMESTAMP, strftime(...)) are
/// compared as text, since their value changes.
class Defaults {
 public:
  /// `DEFAULT <value>` for the column, or "" when it has none (no default and DEFAULT NULL
  /// behave the same).
  std::string describe(const std::optional<std::string>& declared, const std::string& column_affinity) {
    if (!declared) return "";
    std::string value = strip_parentheses(*declared);
    if (!is_literal(value)) return " DEFAULT (" + value + ')';
    if (value.front() == '"') {  // a double-quoted default is a string literal to SQLite
      std::string single = "'";
      for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] == '"' && value[i + 1] == '"') ++i;
        if (value[i] == '\'') single += '\'';
        single += value[i];
      }
      value = single + '\'';
    }
    const std::string stored = evaluate(value, column_affinity);
    return stored == "NULL" ? "" : " DEFAULT " + stored;
  }

 private:
  /// quote() of the value a row gets from `DEFAULT literal` in a column of that affinity
  /// (`'2'` in an INTEGER column is 2), computed by SQLite in a private in-memory database.
  std::string evaluate(const std::string& literal, const std::string& column_affinity) {
    const auto key = std::make_pair(column_affinity, literal);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    if (!scratch_) scratch_.emplace(Connection::open(":memory:"));
    // `literal` passed is_literal(), so it is one token of SQL and nothing else.
    const std::string create = "CREATE TABLE d (v " + column_affinity + " DEFAULT " + literal + ")";
    for (const char* sql : {"DROP TABLE IF EXISTS d", create.c_str(), "INSERT INTO d DEFAULT VALUES"}) rows(*scratch_, sql);
    std::string stored = text(rows(*scratch_, "SELECT quote(v) FROM d").at(0).at(0));
    cache_.emplace(key, stored);
    return stored;
  }

  std::optional<Connection> scratch_;
  std::map<std::pair<std::string, std::string>, std::string> cache_;
};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

/// Where the keyword `word` (upper case) first occurs in `create` outside quotes and quoted
/// names, at parenthesis depth `wanted_depth` (any depth when negative); npos when it does not.
std::size_t find_keyword(const std::string& create, const std::string& word, int wanted_depth) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < create.size(); ++i) {
    const char c = create[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') quote = c;
    if (c == '[') quote = ']';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((wanted_depth < 0 || depth == wanted_depth) && (i == 0 || !is_word_char(create[i - 1])) &&
        upper(create.substr(i, word.size())) == word &&
        (i + word.size() == create.size() || !is_word_char(create[i + word.size()])))
      return i;
  }
  return std::string::npos;
}

/// The WHERE clause of a partial index's CREATE text: what comes after the first top-level WHERE.
std::string partial_where(const std::string& create) {
  const std::size_t at = find_keyword(create, "WHERE", 0);
  return at == std::string::npos ? "?" : squeeze(create.substr(at + 5));
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class ShapeReader {
 public:
  explicit ShapeReader(Connection& db) : db_(db) {}

  /// `only`: the tables to read (any case), or nullptr for all.
  SchemaShape read(const std::vector<std::string>* only) {
    for (const Row& r : rows(db_, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                  "AND name <> 'dorm_migrations' AND name NOT LIKE 'dorm\\_mirror\\_%' ESCAPE '\\' ORDER BY name"))
      tables_.push_back(text(r[0]));
    for (const std::string& t : tables_) {
      if (only != nullptr &&
          std::none_of(only->begin(), only->end(), [&](const std::string& name) { return upper(name) == upper(t); }))
        continue;
      shape_.table_names.push_back(t);
      read_table(t);
    }
    std::sort(shape_.lines.begin(), shape_.lines.end());
    return std::move(shape_);
  }

 private:
  void add(std::string line) { shape_.lines.push_back(std::move(line)); }

  /// The table as the catalog spells it: foreign keys may name it in another case.
  std::string table_named(const std::string& name) const {
    for (const std::string& t : tables_)
      if (upper(t) == upper(name)) return t;
    return name;
  }

  /// The primary key columns of `table` in key order.
  std::vector<std::string> primary_key(const std::string& table) {
    std::vector<std::string> key;
    for (const Row& r : rows(db_, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)) key.push_back(text(r[0]));
    return key;
  }

  void read_table(const std::string& t) {
    ++shape_.tables;
    // pragma_table_list (and STRICT) came with SQLite 3.37; before it, no table has the flags.
    const auto flags = Connection::version_number() < 3037000
                           ? std::vector<Row>{}
                           : rows(db_, "SELECT wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = ?", t);
    const bool without_rowid = !flags.empty() && text(flags[0][0]) == "1";
    const bool strict = !flags.empty() && text(flags[0][1]) == "1";
    add(t + " table" + (without_rowid ? " WITHOUT ROWID" : "") + (strict ? " STRICT" : ""));

    const auto indexes = rows(db_, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", t);
    const auto columns = rows(db_, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)", t);
    const auto key_columns = std::count_if(columns.begin(), columns.end(), [](const Row& c) { return text(c[4]) != "0"; });
    // A single-column key of a rowid table without an automatic index is the rowid itself.
    const bool rowid_alias = !without_rowid && key_columns == 1 &&
                             std::none_of(indexes.begin(), indexes.end(), [](const Row& i) { return text(i[2]) == "pk"; });
    // AUTOINCREMENT (rowids never reused) is only in the CREATE text.
    const auto create = rows(db_, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", t);
    const bool autoincrement =
        !create.empty() && find_keyword(text(create[0][0]), "AUTOINCREMENT", -1) != std::string::npos;
    for (const Row& c : columns) {
      ++shape_.columns;
      const std::string aff = affinity(text(c[1]));
      const bool in_key = text(c[4]) != "0";
      const bool not_null = text(c[2]) == "1" || (in_key && (rowid_alias || without_rowid));
      std::string line = t + " column " + text(c[0]) + ' ' + aff + (not_null ? " NOT NULL" : "") +
                         defaults_.describe(c[3], aff);
      if (in_key) line += " PRIMARY KEY " + text(c[4]);
      if (in_key && rowid_alias && autoincrement) line += " AUTOINCREMENT";
      if (text(c[5]) == "2") line += " GENERATED VIRTUAL";
      if (text(c[5]) == "3") line += " GENERATED STORED";
      add(std::move(line));
    }

    for (const Row& i : indexes) {
      ++shape_.indexes;
      const std::string origin = text(i[2]);
      // Automatic indexes are named by their position (sqlite_autoindex_t_2), so they are
      // compared by what they cover.
      std::string line = t + " index " +
                         (origin == "c" ? text(i[0]) : origin == "pk" ? std::string("(primary key)") : std::string("(unique)")) +
                         (text(i[1]) == "1" ? " UNIQUE" : "") + " (";
      std::vector<std::string> parts;
      for (const Row& k : rows(db_, "SELECT name, coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", text(i[0]))) {
        std::string part = k[0].value_or("<expression>");
        if (upper(text(k[1])) != "BINARY") part += " COLLATE " + text(k[1]);
        parts.push_back(std::move(part));
      }
      line += join(parts) + ')';
      if (text(i[3]) == "1") {
        const auto create = rows(db_, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", text(i[0]));
        line += " WHERE " + (create.empty() ? std::string("?") : partial_where(text(create[0][0])));
      }
      add(std::move(line));
    }

    std::map<std::string, std::vector<Row>> keys;  // by id; rows in seq order
    for (Row& r : rows(db_, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) "
                            "ORDER BY id, seq", t))
      keys[text(r[0])].push_back(std::move(r));
    for (const auto& [id, parts] : keys) {
      ++shape_.foreign_keys;
      const std::string parent = table_named(text(parts.front()[1]));
      std::vector<std::string> from;
      std::vector<std::string> to;
      for (const Row& p : parts) {
        from.push_back(text(p[2]));
        if (p[3]) to.push_back(*p[3]);
      }
      // `REFERENCES parent` without columns means the parent's primary key.
      if (to.empty()) to = primary_key(parent);
      std::string line = t + " foreign key (" + join(from) + ") REFERENCES " + parent + " (" + join(to) + ')';
      const std::string on_delete = text(parts.front()[5]);
      const std::string on_update = text(parts.front()[4]);
      if (on_delete != "NO ACTION") line += " ON DELETE " + on_delete;
      if (on_update != "NO ACTION") line += " ON UPDATE " + on_update;
      add(std::move(line));
    }
  }

  Connection& db_;
  std::vector<std::string> tables_;
  Defaults defaults_;
  SchemaShape shape_;
};

}  // namespace

SchemaShape schema_shape(Database& db) { return ShapeReader(db.connection()).read(nullptr); }

SchemaShape schema_shape(Database& db, const std::vector<std::string>& only_tables) {
  return ShapeReader(db.connection()).read(&only_tables);
}

std::string ShapeDifference::str() const {
  std::string out;
  for (const std::string& l : missing) out += "  - " + l + '\n';
  for (const std::string& l : extra) out += "  + " + l + '\n';
  return out;
}

ShapeDifference shape_difference(const SchemaShape& expected, const SchemaShape& actual) {
  ShapeDifference d;
  std::set_difference(expected.lines.begin(), expected.lines.end(), actual.lines.begin(), actual.lines.end(),
                      std::back_inserter(d.missing));
  std::set_difference(actual.lines.begin(), actual.lines.end(), expected.lines.begin(), expected.lines.end(),
                      std::back_inserter(d.extra));
  return d;
}

}  // namespace dorm
