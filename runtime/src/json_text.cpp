#include "dorm/core/json_text.hpp"

#include "dorm/detail/utf8.hpp"

namespace dorm {
namespace {

/// A recursive-descent reader of RFC 8259's grammar that stops at the first error. Depth is
/// bounded by max_json_depth, so the recursion is too.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  std::optional<JsonProblem> read(JsonType type) {
    skip_space();
    const char first = at_end() ? '\0' : text_[at_];
    if (!value(0)) return problem_;
    skip_space();
    if (!at_end()) return JsonProblem{at_, "unexpected text after the JSON value", false};
    const char wanted = type == JsonType::object ? '{' : '[';
    if (first != wanted) {
      const char* is = first == '{' ? "an object" : first == '[' ? "an array" : "a scalar";
      return JsonProblem{0, std::string(is) + ", not " + (type == JsonType::object ? "an object" : "an array"), true};
    }
    return std::nullopt;
  }

 private:
  bool at_end() const noexcept { return at_ >= text_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : text_[at_]; }

  bool fail(std::string reason) {
    problem_ = JsonProblem{at_, std::move(reason), false};
    return false;
  }

  void skip_space() noexcept {
    while (!at_end() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) ++at_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return fail("expected a JSON value");
    at_ += word.size();
    return true;
  }

  bool value(std::size_t depth) {
    if (at_end()) return fail("expected a JSON value, found the end of the text");
    switch (text_[at_]) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default:
        if (text_[at_] == '-' || (text_[at_] >= '0' && text_[at_] <= '9')) return number();
        return fail("expected a JSON value");
    }
  }

  bool object(std::size_t depth) {
    if (depth > max_json_depth) return fail("nested deeper than " + std::to_string(max_json_depth) + " levels");
    ++at_;  // '{'
    skip_space();
    if (peek() == '}') return ++at_, true;
    while (true) {
      if (peek() != '"') return fail("expected a string as an object key");
      if (!string()) return false;
      skip_space();
      if (peek() != ':') return fail("expected ':' after an object key");
      ++at_;
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (peek() == '}') return ++at_, true;
      if (peek() != ',') return fail("expected ',' or '}' in an object");
      ++at_;
      skip_space();
    }
  }

  bool array(std::size_t depth) {
    if (depth > max_json_depth) return fail("nested deeper than " + std::to_string(max_json_depth) + " levels");
    ++at_;  // '['
    skip_space();
    if (peek() == ']') return ++at_, true;
    while (true) {
      if (!value(depth)) return false;
      skip_space();
      if (peek() == ']') return ++at_, true;
      if (peek() != ',') return fail("expected ',' or ']' in an array");
      ++at_;
      skip_space();
    }
  }

  static bool is_hex(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

  bool string() {
    ++at_;  // '"'
    while (true) {
      if (at_end()) return fail("a string is not closed");
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') return ++at_, true;
      if (c < 0x20U) return fail("a control character in a string must be escaped");
      if (c == '\\') {
        ++at_;
        const char e = peek();
        if (e == 'u') {
          for (std::size_t k = 1; k <= 4; ++k)
            if (at_ + k >= text_.size() || !is_hex(text_[at_ + k])) return fail("\\u needs four hexadecimal digits");
          at_ += 5;
        } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos && e != '\0') {
          ++at_;
        } else {
          return fail("unknown escape in a string");
        }
        continue;
      }
      const detail::Decoded d = detail::decode_utf8(text_, at_);
      if (!d.valid) return fail("a string holds bytes that are not UTF-8");
      at_ += d.size;
    }
  }

  bool digits() {
    const std::size_t first = at_;
    while (!at_end() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ > first;
  }

  bool number() {
    if (peek() == '-') ++at_;
    if (peek() == '0') {
      ++at_;
      if (peek() >= '0' && peek() <= '9') return fail("a number cannot have a leading zero");
    } else if (!digits()) {
      return fail("expected digits in a number");
    }
    if (peek() == '.') {
      ++at_;
      if (!digits()) return fail("expected digits after '.' in a number");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++at_;
      if (peek() == '+' || peek() == '-') ++at_;
      if (!digits()) return fail("expected digits in a number's exponent");
    }
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  JsonProblem problem_{0, "", false};
};

}  // namespace

std::optional<JsonProblem> json_problem(std::string_view text, JsonType type) { return JsonReader(text).read(type); }

}  // namespace dorm
