#include "ir/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

namespace dorm::ir {
namespace {

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// Names the generated header cannot use although they are not keywords: macros that the C and
/// C++ standard libraries (or GCC in its GNU modes) define, so `errno` or `linux` as a table object
/// would be replaced by the preprocessor.
bool is_predefined_macro(std::string_view word) {
  static constexpr auto macros =
      std::to_array<std::string_view>({"errno", "assert", "offsetof", "EOF", "unix", "linux", "NULL"});
  return std::find(macros.begin(), macros.end(), word) != macros.end();
}

bool needs_escape(std::string_view word) { return is_cpp_keyword(word) || is_predefined_macro(word); }

/// Non-identifier characters -> `_`, a leading digit gets a `_` prefix, keywords a `_` suffix;
/// runs of `_` collapse (`__` is reserved) and leading `_` before a capital go (`_X` is reserved).
std::string identifier_for(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  for (char c : name) {
    const char x = is_ident_char(c) ? c : '_';
    if (x == '_' && !out.empty() && out.back() == '_') continue;
    out += x;
  }
  if (out.size() > 1 && out[0] == '_' && std::isupper(static_cast<unsigned char>(out[1])) != 0) out.erase(0, 1);
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) != 0) out.insert(out.begin(), '_');
  if (needs_escape(out)) out += '_';
  return out;
}

struct Irregular {
  std::string_view plural;
  std::string_view singular;
};
// Whole-word matches only: a suffix rule would turn "specimen" into "speciman".
constexpr std::array<Irregular, 8> irregular_nouns{{{"people", "person"},
                                                    {"children", "child"},
                                                    {"men", "man"},
                                                    {"women", "woman"},
                                                    {"mice", "mouse"},
                                                    {"geese", "goose"},
                                                    {"teeth", "tooth"},
                                                    {"feet", "foot"}}};

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

/// `word` with its first letter upper-cased: `line` -> `Line`.
std::string capitalized(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

/// True when `words` ends with `suffix`, compared case-insensitively, and has words before it.
bool ends_with_words(const std::vector<std::string>& words, const std::vector<std::string>& suffix) {
  if (suffix.empty() || words.size() <= suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), words.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](const std::string& a, const std::string& b) { return to_lower(a) == to_lower(b); });
}

std::string join_snake(std::vector<std::string>::const_iterator first, std::vector<std::string>::const_iterator last) {
  std::string out;
  for (auto it = first; it != last; ++it) out += (out.empty() ? "" : "_") + to_lower(*it);
  return out;
}

}  // namespace

std::string singularize(std::string_view word) {
  const std::string lower = to_lower(word);
  for (const auto& [plural, singular] : irregular_nouns) {
    if (lower == plural) return is_upper(word[0]) ? capitalized(std::string(singular)) : std::string(singular);
  }
  // Latin "-us" nouns whose plural is "-uses"; a plain "-uses" rule would break "houses".
  static constexpr std::array<std::string_view, 9> us_plurals{"statuses", "campuses", "viruses",  "bonuses", "censuses",
                                                              "corpuses", "focuses",  "radiuses", "buses"};
  for (std::string_view p : us_plurals) {
    if (ends_with(lower, p)) return std::string(word.substr(0, word.size() - 2));
  }
  static constexpr std::array<std::string_view, 7> unchanged{"ss", "us", "is", "news", "series", "species", "data"};
  for (std::string_view u : unchanged) {
    if (ends_with(lower, u)) return std::string(word);
  }
  if (lower.size() > 3 && ends_with(lower, "ies")) return std::string(word.substr(0, word.size() - 3)) + "y";
  for (std::string_view es : {"sses", "xes", "ches", "shes", "zzes"}) {
    if (ends_with(lower, es)) return std::string(word.substr(0, word.size() - 2));
  }
  if (lower.size() > 1 && ends_with(lower, "s")) return std::string(word.substr(0, word.size() - 1));
  return std::string(word);
}

std::string sql_name_key(std::string_view name) {
  std::string key(name);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

bool is_cpp_keyword(std::string_view word) {
  static constexpr auto keywords = std::to_array<std::string_view>(
      {"alignas",     "alignof",   "and",        "and_eq",    "asm",      "auto",         "bitand",
       "bitor",       "bool",      "break",      "case",      "catch",    "char",         "char8_t",
       "char16_t",    "char32_t",  "class",      "compl",     "concept",  "const",        "consteval",
       "constexpr",   "constinit", "const_cast", "continue",  "co_await", "co_return",    "co_yield",
       "decltype",    "default",   "delete",     "do",        "double",   "dynamic_cast", "else",
       "enum",        "explicit",  "export",     "extern",    "false",    "float",        "for",
       "friend",      "goto",      "if",         "inline",    "int",      "long",         "mutable",
       "namespace",   "new",       "noexcept",   "not",       "not_eq",   "nullptr",      "operator",
       "or",          "or_eq",     "private",    "protected", "public",   "register",     "reinterpret_cast",
       "requires",    "return",    "short",      "signed",    "sizeof",   "static",       "static_assert",
       "static_cast", "struct",    "switch",     "template",  "this",     "thread_local", "throw",
       "true",        "try",       "typedef",    "typeid",    "typename", "union",        "unsigned",
       "using",       "virtual",   "void",       "volatile",  "wchar_t",  "while",        "xor",
       "xor_eq",      "import",    "module",     "final",     "override", "NULL"});
  return std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string current;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (!current.empty() && is_upper(c)) {
      const char previous = name[i - 1];
      const bool hump = is_lower(previous) || is_digit(previous);
      // `HTTPServer`: the capital before a lower-case letter starts the next word.
      const bool acronym_end = is_upper(previous) && i + 1 < name.size() && is_lower(name[i + 1]);
      if (hump || acronym_end) {
        words.push_back(std::move(current));
        current.clear();
      }
    }
    current += c;
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string snake_case(std::string_view name) {
  const std::vector<std::string> words = name_words(name);
  return join_snake(words.begin(), words.end());
}

std::string pluralize(std::string_view word) {
  if (word.empty()) return {};
  const std::string lower = to_lower(word);
  const bool shout = std::none_of(word.begin(), word.end(), is_lower) && std::any_of(word.begin(), word.end(), is_upper);
  const auto suffixed = [&](std::string_view stem, std::string_view suffix) {
    std::string out(stem);
    for (char c : suffix) out += shout ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    return out;
  };
  for (const auto& [plural, singular] : irregular_nouns) {
    if (lower == singular) return is_upper(word[0]) ? capitalized(std::string(plural)) : std::string(plural);
  }
  for (std::string_view same : {"news", "series", "species", "data"}) {
    if (ends_with(lower, same)) return std::string(word);
  }
  for (std::string_view es : {"s", "x", "z", "ch", "sh"}) {
    if (ends_with(lower, es)) return suffixed(word, "es");
  }
  if (lower.size() > 1 && lower.back() == 'y' && std::string_view("aeiou").find(lower[lower.size() - 2]) == std::string_view::npos) {
    return suffixed(word.substr(0, word.size() - 1), "ies");
  }
  return suffixed(word, "s");
}

std::string struct_name_for_table(std::string_view table) {
  std::vector<std::string> words = name_words(table);
  if (words.empty()) return "Table_";
  words.back() = singularize(words.back());
  std::string out;
  for (std::string& w : words) out += capitalized(std::move(w));
  if (is_digit(out[0])) out.insert(out.begin(), '_');
  if (needs_escape(out)) out += '_';
  return out;
}

std::string singular_snake(std::string_view table) {
  std::vector<std::string> words = name_words(table);
  if (words.empty()) return std::string(table);
  words.back() = singularize(words.back());
  return join_snake(words.begin(), words.end());
}

std::string plural_snake(std::string_view table) {
  std::vector<std::string> words = name_words(table);
  if (words.empty()) return std::string(table);
  words.back() = pluralize(singularize(words.back()));
  return join_snake(words.begin(), words.end());
}

std::string member_name_for_column(std::string_view column) { return identifier_for(column); }

std::string object_name_for_table(std::string_view table) { return identifier_for(snake_case(table)); }

std::string belongs_to_name(std::string_view column, std::string_view referenced_key, std::string_view target_table) {
  const std::vector<std::string> words = name_words(column);
  const std::vector<std::string> key = name_words(referenced_key);
  if (ends_with_words(words, key)) return join_snake(words.begin(), words.end() - static_cast<std::ptrdiff_t>(key.size()));
  if (ends_with_words(words, {"id"})) return join_snake(words.begin(), words.end() - 1);
  return singular_snake(target_table);
}

std::string pivot_column_name(std::string_view table, std::string_view key) {
  const std::string singular = singular_snake(table);
  if (key.empty()) return singular + "_id";
  const std::string k = snake_case(key);
  return k.starts_with(singular + '_') ? k : singular + '_' + k;
}

std::string first_free_name(std::string_view base, const std::function<bool(const std::string&)>& taken) {
  std::string name(base);
  if (!taken(name)) return name;
  // `class_` + `2`, `UserAccount` + `2`, but `user_account` + `_2` and `Table2` + `_2`.
  const bool glued = !base.empty() && (base.back() == '_' || (is_upper(base.front()) && !is_digit(base.back())));
  for (int n = 2;; ++n) {
    name = std::string(base) + (glued ? "" : "_") + std::to_string(n);
    if (!taken(name)) return name;
  }
}

std::string enum_class_name(std::string_view struct_name, std::string_view column) {
  std::string out(struct_name);
  bool word_start = true;
  for (char c : column) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      word_start = true;
      continue;
    }
    out += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return out;
}

std::string enumerator_name(std::string_view value) { return identifier_for(value); }

bool is_cpp_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) return false;
  // `__x` and `_X` are reserved for the implementation.
  const bool reserved = name.find("__") != std::string_view::npos ||
                        (name.size() > 1 && name[0] == '_' && std::isupper(static_cast<unsigned char>(name[1])) != 0);
  return std::all_of(name.begin(), name.end(), is_ident_char) && !needs_escape(name) && !reserved;
}

namespace {

/// The length of the UTF-8 bidirectional control at the start of `text` (U+061C, U+200E, U+200F,
/// U+202A..U+202E, U+2066..U+2069), or 0. g++ 12 reports them in comments and literals (the
/// "Trojan Source" warning, an error with -Werror), so they never reach the header raw.
std::size_t bidi_control_size(std::string_view text) {
  const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0U; };
  if (byte(0) == 0xD8 && byte(1) == 0x9C) return 2;
  if (byte(0) != 0xE2) return 0;
  const unsigned b1 = byte(1);
  const unsigned b2 = byte(2);
  const bool marks = b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE));
  const bool isolates = b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9;
  return marks || isolates ? 3 : 0;
}

/// `<U+XXXX>` for the code point of a 1-3 byte UTF-8 sequence.
std::string code_point_text(std::string_view utf8) {
  unsigned cp = static_cast<unsigned char>(utf8[0]);
  if (utf8.size() == 2) cp = ((cp & 0x1FU) << 6U) | (static_cast<unsigned char>(utf8[1]) & 0x3FU);
  if (utf8.size() == 3) {
    cp = ((cp & 0x0FU) << 12U) | ((static_cast<unsigned char>(utf8[1]) & 0x3FU) << 6U) |
         (static_cast<unsigned char>(utf8[2]) & 0x3FU);
  }
  static constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out = "<U+";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> static_cast<unsigned>(shift)) & 0xFU];
  return out + '>';
}

}  // namespace

std::string cpp_comment_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (const std::size_t n = bidi_control_size(text.substr(i)); n != 0) {
      out += code_point_text(text.substr(i, n));
      i += n;
    } else if ((u < 0x20 && u != '\t') || u == 0x7F) {
      out += code_point_text(text.substr(i, 1));
      ++i;
    } else {
      out += text[i];
      ++i;
    }
  }
  // A backslash before the end of the line, even with blanks between, splices the next line in.
  const std::size_t last = out.find_last_not_of(" \t");
  if (last != std::string::npos && out[last] == '\\') out.replace(last, 1, code_point_text("\\"));
  return out;
}

namespace {
std::string escaped_literal(std::string_view text) {
  static constexpr std::string_view octal = "01234567";
  std::string out = "\"";
  std::size_t escaped_bytes = 0;  // the rest of a bidirectional control, written as escapes too
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (escaped_bytes == 0) escaped_bytes = bidi_control_size(text.substr(i));
        if (u < 0x20 || u == 0x7F || escaped_bytes > 0) {
          // Always three octal digits, so a following digit can never extend the escape.
          out += '\\';
          out += octal[(u >> 6U) & 7U];
          out += octal[(u >> 3U) & 7U];
          out += octal[u & 7U];
          if (escaped_bytes > 0) --escaped_bytes;
        } else {
          out += c;
        }
    }
  }
  return out + '"';
}
}  // namespace

std::string cpp_string_literal(std::string_view text) {
  if (text.find('\0') == std::string_view::npos) return escaped_literal(text);
  return "std::string_view{" + escaped_literal(text) + ", " + std::to_string(text.size()) + "}";
}

std::string cpp_std_string_literal(std::string_view text) {
  if (text.find('\0') == std::string_view::npos) return escaped_literal(text);
  return "std::string(" + escaped_literal(text) + ", " + std::to_string(text.size()) + ")";
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string a = to_lower(word);
  const std::size_t limit = std::max<std::size_t>(1, (a.size() + 2) / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::string b = to_lower(candidate);
    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("emial").
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    if (d[a.size()][b.size()] < best_distance && candidate != word) {
      best_distance = d[a.size()][b.size()];
      best = candidate;
    }
  }
  return best;
}

const std::vector<std::string>& header_namespace_names() {
  static const std::vector<std::string> names{"migrate", "migrations", "schema_statements", "dorm_table_of"};
  return names;
}

std::string joined_name(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty() && out.back() != '_' && !part.starts_with('_')) out += '_';
    for (char c : part) {
      if (c == '_' && !out.empty() && out.back() == '_') continue;
      out += c;
    }
  }
  return out;
}

std::string table_type_identifier(const Table& table) { return joined_name({table.object_name, "table"}); }

std::string table_info_type_identifier(const Table& table) { return joined_name({table.object_name, "table_info"}); }

std::string column_type_identifier(const Table& table, const Column& column) {
  return joined_name({table.object_name, column.cpp_name, "column"});
}

std::string relation_type_identifier(const Table& table, const Relation& relation) {
  return joined_name({table.object_name, relation.cpp_name, "relation"});
}

namespace {

/// table_namespace_names() of `table` were its object named `o`.
std::vector<std::string> namespace_names_for_object(const Table& table, const std::string& o) {
  std::vector<std::string> out{o, joined_name({o, "table"}), joined_name({o, "table_info"})};
  for (const Column& c : table.columns) out.push_back(joined_name({o, c.cpp_name, "column"}));
  for (const Relation& r : table.relations) out.push_back(joined_name({o, r.cpp_name, "relation"}));
  return out;
}

/// A member as it appears inside the names generated from it: `_2fa` and `2fa_` both as `2fa`, so
/// two members that would give one `o_2fa_column` are told apart like two equal members.
std::string member_core(std::string_view member) {
  std::string out = joined_name({member});
  while (!out.empty() && out.front() == '_') out.erase(0, 1);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

using NameSet = std::set<std::string>;

bool same_table_name(std::string_view a, std::string_view b) { return to_lower(a) == to_lower(b); }

/// The enum classes of its columns and the structs its relations load: a member of the struct
/// with one of these names would hide the type from the declarations after it.
NameSet types_named_in_struct(const Schema& schema, const Table& t) {
  NameSet out;
  for (const Column& c : t.columns) {
    if (!c.enum_class.empty()) out.insert(c.enum_class);
  }
  for (const Relation& r : t.relations) {
    for (const Table& target : schema.tables) {
      if (same_table_name(target.name, r.target)) out.insert(target.cpp_name);
    }
  }
  return out;
}

void assign_member_names(const Schema& schema, Table& t) {
  const NameSet types = types_named_in_struct(schema, t);
  NameSet members;  // each member, and its member_core()
  const auto add = [&](const std::string& member) {
    members.insert(member);
    members.insert(member_core(member));
  };
  const auto taken = [&](const std::string& x) { return members.count(x) > 0 || members.count(member_core(x)) > 0; };
  for (const Column& c : t.columns) {
    if (!c.cpp_name.empty()) add(c.cpp_name);
  }
  for (const Relation& r : t.relations) {
    if (!r.cpp_name.empty()) add(r.cpp_name);
  }
  // A column spelled as its member (`first_name`) keeps it before one that maps onto it (`first name`).
  for (const bool exact : {true, false}) {
    for (Column& c : t.columns) {
      if (!c.cpp_name.empty()) continue;
      const std::string base = member_name_for_column(c.name);
      if ((base == c.name) != exact) continue;
      const bool key = t.is_primary_key(c.name);
      c.cpp_name = first_free_name(base, [&](const std::string& x) {
        return taken(x) || types.count(x) > 0 || (key && (x == "statement" || x == "bind"));
      });
      add(c.cpp_name);
    }
  }
  for (Relation& r : t.relations) {
    if (!r.cpp_name.empty()) continue;
    // A member function may not have its class's name.
    r.cpp_name = first_free_name(member_name_for_column(r.name), [&](const std::string& x) {
      return taken(x) || types.count(x) > 0 || x == t.cpp_name;
    });
    add(r.cpp_name);
  }
}

void assign_enumerators(Column& column) {
  column.cpp_enumerators.clear();
  for (const std::string& value : column.checks.enum_values) {
    // null (allowed in a nullable column's enum) is an empty optional, not an enumerator.
    const auto v = nlohmann::json::parse(value, nullptr, false);
    if (v.is_null()) continue;
    column.cpp_enumerators.push_back(enumerator_name(v.is_string() ? v.get<std::string>() : value));
  }
}

}  // namespace

std::vector<std::string> table_namespace_names(const Table& table) {
  return namespace_names_for_object(table, table.object_name);
}

void assign_names(Schema& schema) {
  // Tables in byte order of their SQL names: who keeps a contested name never depends on file order.
  std::vector<Table*> order;
  for (Table& t : schema.tables) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(), [](const Table* a, const Table* b) { return a->name < b->name; });

  NameSet scope(header_namespace_names().begin(), header_namespace_names().end());
  for (const Table* t : order) {
    if (!t->cpp_name.empty()) scope.insert(t->cpp_name);
    if (!t->object_name.empty()) scope.insert(t->object_name);
    for (const Column& c : t->columns) {
      if (c.wants_enum_class && !c.enum_class.empty()) scope.insert(c.enum_class);
    }
  }
  const auto claim = [&](std::string_view base) {
    std::string name = first_free_name(base, [&](const std::string& x) { return scope.count(x) > 0; });
    scope.insert(name);
    return name;
  };
  for (Table* t : order) {
    if (t->cpp_name.empty()) t->cpp_name = claim(struct_name_for_table(t->name));
  }
  for (Table* t : order) {
    for (Column& c : t->columns) {
      if (!c.wants_enum_class) continue;
      if (c.enum_class.empty()) c.enum_class = claim(enum_class_name(t->cpp_name, c.name));
      assign_enumerators(c);
    }
  }
  for (Table* t : order) assign_member_names(schema, *t);
  // Last, as the table object's name prefixes the types generated for its columns and relations:
  // `o_table`, `o_table_info`, `o_<member>_column`, `o_<member>_relation` must all be free too.
  for (Table* t : order) {
    if (t->object_name.empty()) {
      t->object_name = first_free_name(object_name_for_table(t->name), [&](const std::string& candidate) {
        const std::vector<std::string> names = namespace_names_for_object(*t, candidate);
        return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return scope.count(n) > 0; });
      });
    }
    for (const std::string& n : table_namespace_names(*t)) scope.insert(n);
  }
}

}  // namespace dorm::ir
