#include "ir/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
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

/// Plural -> singular for the common English patterns table names use. Case is taken from
/// the input, so `Categories` -> `Category`. Words that look singular are left alone.
std::string singularize(std::string_view word) {
  const std::string lower = to_lower(word);
  struct Irregular {
    std::string_view plural;
    std::string_view singular;
  };
  // Whole-word matches only: a suffix rule would turn "specimen" into "speciman".
  static constexpr std::array<Irregular, 8> irregular{{{"people", "person"},
                                                       {"children", "child"},
                                                       {"men", "man"},
                                                       {"women", "woman"},
                                                       {"mice", "mouse"},
                                                       {"geese", "goose"},
                                                       {"teeth", "tooth"},
                                                       {"feet", "foot"}}};
  for (const auto& [plural, singular] : irregular) {
    if (lower == plural) {
      std::string out(singular);
      if (std::isupper(static_cast<unsigned char>(word[0])) != 0) {
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
      }
      return out;
    }
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

/// Non-identifier characters -> `_`, a leading digit gets a `_` prefix, keywords a `_` suffix.
std::string identifier_for(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  for (char c : name) out += is_ident_char(c) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) != 0) out.insert(out.begin(), '_');
  if (is_cpp_keyword(out)) out += '_';
  return out;
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + '\'';
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

std::string struct_name_for_table(std::string_view table) {
  std::vector<std::string> words;
  std::string current;
  for (char c : table) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  if (words.empty()) return "Table_";
  words.back() = singularize(words.back());
  std::string out;
  for (std::string& w : words) {
    w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    out += w;
  }
  if (std::isdigit(static_cast<unsigned char>(out[0])) != 0) out.insert(out.begin(), '_');
  return out;
}

std::string singular_snake(std::string_view table) {
  // Words break at non-alphanumerics and at lower->upper humps, so every spelling of a table
  // name gives the snake_case a column name would use.
  std::vector<std::string> words;
  std::string current;
  char previous = '\0';
  for (char c : table) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      const bool hump = std::isupper(u) != 0 && (std::islower(static_cast<unsigned char>(previous)) != 0 ||
                                                  std::isdigit(static_cast<unsigned char>(previous)) != 0);
      if (hump && !current.empty()) {
        words.push_back(std::move(current));
        current.clear();
      }
      current += c;
    }
    previous = c;
  }
  if (!current.empty()) words.push_back(std::move(current));
  if (words.empty()) return std::string(table);
  words.back() = singularize(words.back());
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : "_") + to_lower(w);
  return out;
}

std::string member_name_for_column(std::string_view column) { return identifier_for(column); }

std::string object_name_for_table(std::string_view table) { return identifier_for(table); }

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
  return std::all_of(name.begin(), name.end(), is_ident_char) && !is_cpp_keyword(name) && !reserved;
}

std::string cpp_string_literal(std::string_view text) {
  static constexpr std::string_view octal = "01234567";
  std::string out = "\"";
  for (char c : text) {
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
        if (u < 0x20 || u == 0x7F) {
          // Always three octal digits, so a following digit can never extend the escape.
          out += '\\';
          out += octal[(u >> 6U) & 7U];
          out += octal[(u >> 3U) & 7U];
          out += octal[u & 7U];
        } else {
          out += c;
        }
    }
  }
  return out + '"';
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

void assign_names(Schema& schema) {
  for (Table& table : schema.tables) {
    if (table.cpp_name.empty()) table.cpp_name = struct_name_for_table(table.name);
    if (table.object_name.empty()) table.object_name = object_name_for_table(table.name);
    for (Column& column : table.columns) {
      if (column.cpp_name.empty()) column.cpp_name = member_name_for_column(column.name);
      if (!column.wants_enum_class) continue;
      if (column.enum_class.empty()) column.enum_class = enum_class_name(table.cpp_name, column.name);
      column.cpp_enumerators.clear();
      for (const std::string& value : column.checks.enum_values) {
        // null (allowed in a nullable column's enum) is an empty optional, not an enumerator.
        const auto v = nlohmann::json::parse(value, nullptr, false);
        if (v.is_null()) continue;
        column.cpp_enumerators.push_back(enumerator_name(v.is_string() ? v.get<std::string>() : value));
      }
    }
    for (Relation& relation : table.relations) {
      if (relation.cpp_name.empty()) relation.cpp_name = member_name_for_column(relation.name);
    }
  }
}

}  // namespace dorm::ir
