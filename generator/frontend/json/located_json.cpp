#include "frontend/json/located_json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace dorm::frontend::json {
namespace {

/// Line and column (1-based, code points) of byte `offset` in `text`.
ir::SourceLocation location_of(std::string_view text, std::size_t offset, const std::string& file) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::uint32_t col = 1;
  for (std::size_t i = line_start; i < offset; ++i) {
    // UTF-8 continuation bytes (10xxxxxx) do not start a new character.
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++col;
  }
  return {file, line, col};
}

/// Walks JSON text that nlohmann already accepted, recording positions by JSON pointer.
/// Because the text is known to be valid, the scanner only needs to find token boundaries.
class PositionScanner {
 public:
  PositionScanner(std::string_view text, LocatedJson& out, ir::Diagnostics& diags)
      : text_(text), out_(out), diags_(diags) {}

  /// Returns false when a duplicate key was found (each one is reported).
  bool run() {
    skip_whitespace();
    out_.nodes.emplace_back();
    scan_value(0);
    return ok_;
  }

 private:
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  // The scanner only moves forward, so lines are counted incrementally from the last call:
  // location_of() from the start of the text for every value made dorm-gen quadratic in the
  // size of a schema file (300 tables: 3 s, 85% of it here; docs/performance.md).
  [[nodiscard]] ir::SourceLocation here() const {
    const std::size_t offset = std::min(pos_, text_.size());
    if (offset < counted_) return location_of(text_, offset, out_.file);  // not expected; stay correct
    for (; counted_ < offset; ++counted_) {
      if (text_[counted_] == '\n') {
        ++line_;
        col_ = 1;
      } else if ((static_cast<unsigned char>(text_[counted_]) & 0xC0U) != 0x80U) {
        ++col_;  // UTF-8 continuation bytes (10xxxxxx) do not start a new character
      }
    }
    return {out_.file, line_, col_};
  }

  void skip_whitespace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  /// Skips a string token and returns its raw text, quotes included.
  std::string_view skip_string() {
    const std::size_t start = pos_;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    ++pos_;  // closing quote
    return text_.substr(start, pos_ - start);
  }

  /// Appends a node for a child of `parent` and returns its index. A child of a duplicate key
  /// gets a node no pointer reaches (`token` empty), so the first one keeps its place.
  std::size_t add_child(std::size_t parent, std::string token, bool reachable) {
    out_.nodes.emplace_back();
    const std::size_t index = out_.nodes.size() - 1;
    if (reachable) out_.nodes[parent].children.emplace(std::move(token), index);
    return index;
  }

  // Recursion is one call per level; parse_located_json refused more than max_nesting_depth.
  void scan_value(std::size_t node) {
    const ir::SourceLocation at = here();
    out_.nodes[node].value_line = at.line;
    out_.nodes[node].value_col = at.col;
    switch (peek()) {
      case '{':
        scan_object(node);
        break;
      case '[':
        scan_array(node);
        break;
      case '"':
        skip_string();
        break;
      default:  // number, true, false, null
        while (pos_ < text_.size() && std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
          ++pos_;
        }
    }
  }

  void scan_object(std::size_t node) {
    ++pos_;  // '{'
    std::map<std::string, ir::SourceLocation> seen;
    skip_whitespace();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    while (pos_ < text_.size()) {
      skip_whitespace();
      const ir::SourceLocation key_loc = here();
      // The raw token is a valid JSON string, so nlohmann decodes its escapes for us.
      const std::string key = Json::parse(skip_string()).get<std::string>();
      auto [it, inserted] = seen.emplace(key, key_loc);
      if (!inserted) {
        diags_.error(key_loc, "dorm-duplicate-key",
                     "duplicate key '" + key + "' in one object (JSON keeps only the last one)");
        diags_.note(it->second, "first '" + key + "' is here");
        ok_ = false;
      }
      const std::size_t child = add_child(node, escape_pointer_token(key), inserted);
      if (inserted) {
        out_.nodes[child].key_line = key_loc.line;
        out_.nodes[child].key_col = key_loc.col;
      }
      skip_whitespace();
      ++pos_;  // ':'
      skip_whitespace();
      scan_value(child);
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      ++pos_;  // '}'
      return;
    }
  }

  void scan_array(std::size_t node) {
    ++pos_;  // '['
    skip_whitespace();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (std::size_t index = 0; pos_ < text_.size(); ++index) {
      skip_whitespace();
      scan_value(add_child(node, std::to_string(index), true));
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      ++pos_;  // ']'
      return;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  // here()'s incremental count: line_ and col_ are the position of byte counted_.
  mutable std::size_t counted_ = 0;
  mutable std::uint32_t line_ = 1;
  mutable std::uint32_t col_ = 1;
  LocatedJson& out_;
  ir::Diagnostics& diags_;
  bool ok_ = true;
};

/// Offset of the first '[' or '{' that opens level max_nesting_depth + 1, if any. A counter in
/// one forward pass (no recursion, constant memory), so it is safe on any text, valid or not;
/// it runs first, and bounds the recursion of everything after it.
std::optional<std::size_t> first_too_deep(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_nesting_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

/// The first number token outside strings that a double cannot hold, with its offset.
/// nlohmann's out_of_range.406 names the number but not where it is; it is thrown at the first
/// such number and the text before it parsed, so the first one found here is the one.
std::optional<std::pair<std::size_t, std::string>> first_number_out_of_range(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && std::isdigit(static_cast<unsigned char>(c)) == 0) continue;
    std::size_t end = i;
    while (end < text.size() && std::string_view("0123456789+-.eE").find(text[end]) != std::string_view::npos) ++end;
    std::string token(text.substr(i, end - i));
    if (!std::isfinite(std::strtod(token.c_str(), nullptr))) return std::pair{i, std::move(token)};
    i = end - 1;
  }
  return std::nullopt;
}

/// nlohmann reports the byte after the token it rejected; editors want the token's start, so
/// step back over that token (a string, a literal/number, or one punctuation character).
/// A lexical error (`lexical`, e.g. "tru}") also counts the character that ended the bad
/// literal, so that character is skipped first.
std::size_t rejected_token_start(std::string_view text, std::size_t end, bool lexical) {
  if (end == 0 || end > text.size()) return std::min(end, text.size());
  std::size_t i = end - 1;
  auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '+' || c == '-';
  };
  if (lexical && !word_char(text[i]) && text[i] != '"' && i > 0 && word_char(text[i - 1])) --i;
  if (text[i] == '"' && i > 0) {
    for (std::size_t j = i; j-- > 0;) {
      std::size_t backslashes = 0;
      while (backslashes < j && text[j - 1 - backslashes] == '\\') ++backslashes;
      if (text[j] == '"' && backslashes % 2 == 0) return j;
    }
    return i;
  }
  if (word_char(text[i])) {
    while (i > 0 && word_char(text[i - 1])) --i;
  }
  return i;
}

/// nlohmann's message without its "[json.exception...] parse error at line 1, column 2: " prefix,
/// because the diagnostic carries the (code point accurate) position itself.
std::string syntax_message(const std::string& what) {
  const std::size_t parse_error = what.find("parse error");
  const std::size_t colon = what.find(": ", parse_error == std::string::npos ? 0 : parse_error);
  std::string message = colon == std::string::npos ? what : what.substr(colon + 2);
  if (message.rfind("syntax error ", 0) == 0) message.erase(0, 13);
  return "invalid JSON: " + message;
}

}  // namespace

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

const LocatedJson::Node* LocatedJson::find(std::string_view pointer) const {
  if (nodes.empty()) return nullptr;
  const Node* node = &nodes.front();
  if (pointer.empty()) return node;
  if (pointer.front() != '/') return nullptr;
  // Tokens stay escaped on both sides, so "/a~1b" finds the key "a/b" without unescaping.
  std::size_t start = 1;
  while (true) {
    const std::size_t end = std::min(pointer.find('/', start), pointer.size());
    const auto it = node->children.find(pointer.substr(start, end - start));
    if (it == node->children.end()) return nullptr;
    node = &nodes[it->second];
    if (end == pointer.size()) return node;
    start = end + 1;
  }
}

ir::SourceLocation LocatedJson::key_location(std::string_view pointer) const {
  if (const Node* node = find(pointer); node != nullptr && node->key_line != 0) {
    return {file, node->key_line, node->key_col};
  }
  return value_location(pointer);
}

ir::SourceLocation LocatedJson::value_location(std::string_view pointer) const {
  if (const Node* node = find(pointer); node != nullptr && node->value_line != 0) {
    return {file, node->value_line, node->value_col};
  }
  return {file, 0, 0};
}

std::optional<LocatedJson> parse_located_json(std::string_view text, const std::string& display_path,
                                              ir::Diagnostics& diags) {
  LocatedJson out;
  out.file = display_path;
  if (const auto deep = first_too_deep(text)) {
    diags.error(location_of(text, *deep, display_path), "dorm-json-too-deep",
                std::string("this '") + text[*deep] + "' opens level " + std::to_string(max_nesting_depth + 1) +
                    "; a schema file may nest arrays and objects at most " + std::to_string(max_nesting_depth) +
                    " levels deep");
    return std::nullopt;
  }
  try {
    out.value = Json::parse(text.begin(), text.end());
  } catch (const Json::out_of_range& e) {
    // 406: a number beyond a double's range (1e400); JSON's grammar allows it, a double does not.
    const auto number = first_number_out_of_range(text);
    std::string shown = number ? number->second : std::string();
    if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
    diags.error(location_of(text, number ? number->first : 0, display_path), "dorm-json-number-range",
                number ? "the number " + shown + " is out of the range of a double (about -1.8e308 to 1.8e308)"
                       : std::string("a number is out of the range of a double: ") + e.what());
    return std::nullopt;
  } catch (const Json::parse_error& e) {
    // e.byte counts the bytes the lexer read, up to and including the rejected token.
    diags.error(location_of(text,
                            rejected_token_start(
                                text, e.byte, std::string_view(e.what()).find("last read: ") != std::string_view::npos),
                            display_path),
                "dorm-json-syntax", syntax_message(e.what()));
    return std::nullopt;
  } catch (const Json::exception& e) {
    // No other nlohmann exception is known to come from parsing; if one does, it is still a
    // diagnostic in the file, not an abort.
    diags.error(location_of(text, 0, display_path), "dorm-json-syntax", std::string("invalid JSON: ") + e.what());
    return std::nullopt;
  }
  PositionScanner scanner(text, out, diags);
  if (!scanner.run()) return std::nullopt;
  return out;
}

}  // namespace dorm::frontend::json
