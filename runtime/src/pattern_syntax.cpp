#include "dorm/detail/pattern_syntax.hpp"
#include "dorm/detail/pattern_unicode.hpp"

#include <algorithm>
#include <utility>

#include "dorm/detail/utf8.hpp"
#include "dorm/core/error.hpp"

namespace dorm::detail::pattern {

std::u32string code_points(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Decoded d = decode_utf8(text, i);
    out.push_back(d.code_point);
    i += d.size;
  }
  return out;
}

namespace {

constexpr char32_t last_code_point = 0x10FFFF;

/// Sorted, merged ranges.
Ranges normalize(Ranges r) {
  std::sort(r.begin(), r.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  Ranges out;
  for (const Range& x : r) {
    if (!out.empty() && x.lo <= out.back().hi + 1) {
      out.back().hi = std::max(out.back().hi, x.hi);
    } else {
      out.push_back(x);
    }
  }
  return out;
}

Ranges complement(const Ranges& normalized) {
  Ranges out;
  char32_t next = 0;
  for (const Range& x : normalized) {
    if (x.lo > next) out.push_back({next, x.lo - 1});
    next = x.hi + 1;
  }
  if (next <= last_code_point) out.push_back({next, last_code_point});
  return out;
}

// The order values take characters in: digits, lower-case, upper-case letters, other printable
// ASCII (space last), then the rest of Unicode (no surrogates: UTF-8 cannot carry them), and
// control characters last, so early values read like the examples a person would write.
constexpr std::array<Range, 12> preferred_order{{{U'0', U'9'},
                                                 {U'a', U'z'},
                                                 {U'A', U'Z'},
                                                 {0x21, 0x2F},
                                                 {0x3A, 0x40},
                                                 {0x5B, 0x60},
                                                 {0x7B, 0x7E},
                                                 {0x20, 0x20},
                                                 {0xA0, 0xD7FF},
                                                 {0xE000, last_code_point},
                                                 {0x00, 0x1F},
                                                 {0x7F, 0x9F}}};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Character sets

CharSet::CharSet(const Ranges& normalized) {
  for (const Range& tier : preferred_order) {
    for (const Range& x : normalized) {
      const char32_t lo = std::max(x.lo, tier.lo);
      const char32_t hi = std::min(x.hi, tier.hi);
      if (lo > hi) continue;
      ordered_.push_back({lo, hi});
      before_.push_back(size_);
      size_ += hi - lo + 1;
    }
  }
  for (const Range& x : normalized) {
    for (char32_t c = x.lo; c <= std::min<char32_t>(x.hi, 127); ++c) edge_.ascii[c / 64] |= std::uint64_t{1} << (c % 64);
    if (x.hi >= 128) edge_.other = true;
  }
}

char32_t CharSet::at(std::uint64_t i) const {
  const auto it = std::upper_bound(before_.begin(), before_.end(), i);
  const auto k = static_cast<std::size_t>(it - before_.begin()) - 1;
  return ordered_[k].lo + static_cast<char32_t>(i - before_[k]);
}

std::optional<std::uint64_t> CharSet::index(char32_t c) const {
  for (std::size_t k = 0; k < ordered_.size(); ++k) {
    if (c >= ordered_[k].lo && c <= ordered_[k].hi) return before_[k] + (c - ordered_[k].lo);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The tree

std::uint32_t Tree::add_set(Ranges ranges) {
  Ranges r = normalize(std::move(ranges));
  // No surrogates: they cannot be written in UTF-8.
  r = normalize(complement(normalize([&] {
    Ranges c = complement(r);
    c.push_back({0xD800, 0xDFFF});
    return c;
  }())));
  sets.emplace_back(r);
  set_ranges.push_back(std::move(r));
  Node n;
  n.kind = Kind::chars;
  n.set = static_cast<std::uint32_t>(sets.size() - 1);
  n.min_length = n.max_length = 1;
  nodes.push_back(std::move(n));
  return static_cast<std::uint32_t>(nodes.size() - 1);
}

std::uint32_t Tree::add_node(Kind kind, std::vector<std::uint32_t> parts, std::int64_t min, std::int64_t max) {
  Node n;
  n.kind = kind;
  n.parts = std::move(parts);
  n.min = min;
  n.max = max;
  n.anchored = kind == Kind::start || kind == Kind::end;
  for (std::uint32_t p : n.parts) n.anchored = n.anchored || nodes[p].anchored;
  switch (kind) {
    case Kind::concat:
      for (std::uint32_t p : n.parts) {
        n.min_length = add_length(n.min_length, nodes[p].min_length);
        n.max_length = add_length(n.max_length, nodes[p].max_length);
      }
      break;
    case Kind::alternation:
      n.min_length = far;
      for (std::uint32_t p : n.parts) {
        n.min_length = std::min(n.min_length, nodes[p].min_length);
        n.max_length = std::max(n.max_length, nodes[p].max_length);
      }
      break;
    case Kind::repeat:
      n.min_length = mul_length(min, nodes[n.parts[0]].min_length);
      n.max_length = mul_length(max, nodes[n.parts[0]].max_length);
      break;
    case Kind::group:
      n.min_length = nodes[n.parts[0]].min_length;
      n.max_length = nodes[n.parts[0]].max_length;
      break;
    case Kind::backref:
      n.max_length = far;  // as long as whatever its group matched
      break;
    case Kind::chars:
    case Kind::lookahead:
    case Kind::word_boundary:
    case Kind::empty:
    case Kind::start:
    case Kind::end:
      break;
  }
  nodes.push_back(std::move(n));
  return static_cast<std::uint32_t>(nodes.size() - 1);
}


namespace {

constexpr int max_group_depth = 64;
constexpr std::int64_t max_repeat = 1'000'000;

class Parser {
 public:
  Parser(const std::string& source, std::u32string_view text, Tree& tree, Dialect dialect)
      : source_(source), text_(text), tree_(tree), dialect_(dialect) {}

  std::uint32_t parse() {
    const std::uint32_t root = disjunction(0);
    if (at_end()) return root;
    fail("')' without a matching '('");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    if (dialect_ == Dialect::matcher) {
      throw Error("[dorm.validation.pattern] pattern '" + source_ + "' is not a valid regular expression: " + what +
                  " at character " + std::to_string(pos_ + 1));
    }
    throw Error("[dorm.factory.pattern] pattern '" + source_ + "' at character " + std::to_string(pos_ + 1) + ": " +
                what);
  }

  // A construct the matcher reads but factories cannot make values for.
  [[noreturn]] void unsupported(const std::string& factory_what, const std::string& matcher_what) const {
    fail(dialect_ == Dialect::factory ? factory_what : matcher_what);
  }

  [[nodiscard]] bool matcher() const { return dialect_ == Dialect::matcher; }

  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char32_t peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : char32_t{0xFFFFFFFF};
  }

  std::uint32_t disjunction(int depth) {
    if (depth > max_group_depth) fail("groups are nested more than " + std::to_string(max_group_depth) + " deep");
    std::vector<std::uint32_t> branches{alternative(depth)};
    while (peek() == U'|') {
      ++pos_;
      branches.push_back(alternative(depth));
    }
    return branches.size() == 1 ? branches.front() : tree_.add_node(Kind::alternation, std::move(branches));
  }

  std::uint32_t alternative(int depth) {
    std::vector<std::uint32_t> terms;
    while (!at_end() && peek() != U'|' && peek() != U')') terms.push_back(term(depth));
    if (terms.empty()) return tree_.add_node(Kind::empty);
    return terms.size() == 1 ? terms.front() : tree_.add_node(Kind::concat, std::move(terms));
  }

  std::uint32_t term(int depth) {
    const char32_t c = peek();
    if (c == U'^' || c == U'$') {
      ++pos_;
      if (quantifier_ahead()) fail("nothing to repeat before the quantifier");
      return tree_.add_node(c == U'^' ? Kind::start : Kind::end);
    }
    if (matcher() && c == U'\\' && (peek(1) == U'b' || peek(1) == U'B')) {
      const bool negated = peek(1) == U'B';
      pos_ += 2;
      if (quantifier_ahead()) fail("nothing to repeat before the quantifier");
      const std::uint32_t boundary = tree_.add_node(Kind::word_boundary);
      tree_.nodes[boundary].negated = negated;
      return boundary;
    }
    const std::uint32_t item = atom(depth);
    std::int64_t min = 0;
    std::int64_t max = 0;
    if (!quantifier(min, max)) return item;
    bool lazy = false;
    if (peek() == U'?') {
      ++pos_;  // lazy: matches the same strings, tries fewer copies first
      lazy = true;
    }
    if (quantifier_ahead()) fail("a quantifier follows a quantifier");
    if (max < min) fail("the quantifier's numbers are out of order");
    const std::uint32_t repeat = tree_.add_node(Kind::repeat, {item}, min, max);
    tree_.nodes[repeat].lazy = lazy;
    return repeat;
  }

  // A `{n}`, `{n,}` or `{n,m}` at the cursor: its length, or 0 when the brace is a literal.
  [[nodiscard]] std::size_t brace_quantifier(std::int64_t& min, std::int64_t& max) const {
    std::size_t i = pos_ + 1;
    const auto number = [&](std::int64_t& out) {
      const std::size_t first = i;
      out = 0;
      while (i < text_.size() && text_[i] >= U'0' && text_[i] <= U'9') out = std::min(max_repeat, out * 10 + (text_[i++] - U'0'));
      return i > first;
    };
    if (!number(min)) return 0;
    max = min;
    if (i < text_.size() && text_[i] == U',') {
      ++i;
      if (!number(max)) max = far;
    }
    if (i >= text_.size() || text_[i] != U'}') return 0;
    return i + 1 - pos_;
  }

  [[nodiscard]] bool quantifier_ahead() const {
    std::int64_t min = 0;
    std::int64_t max = 0;
    const char32_t c = peek();
    return c == U'*' || c == U'+' || c == U'?' || (c == U'{' && brace_quantifier(min, max) > 0);
  }

  bool quantifier(std::int64_t& min, std::int64_t& max) {
    switch (peek()) {
      case U'*': ++pos_; min = 0; max = far; return true;
      case U'+': ++pos_; min = 1; max = far; return true;
      case U'?': ++pos_; min = 0; max = 1; return true;
      case U'{':
        if (const std::size_t size = brace_quantifier(min, max); size > 0) {
          pos_ += size;
          return true;
        }
        return false;
      default: return false;
    }
  }

  std::uint32_t atom(int depth) {
    const char32_t c = peek();
    if (c == U'*' || c == U'+' || c == U'?' || (c == U'{' && quantifier_ahead())) fail("nothing to repeat before the quantifier");
    if (c == U'(') {
      const std::size_t open = pos_++;
      Kind kind = Kind::group;
      bool negated = false;
      if (peek() == U'?') {
        const bool lookahead = peek(1) == U'=' || peek(1) == U'!';
        if (peek(1) != U':' && !(lookahead && matcher())) {
          pos_ = open;
          if (lookahead) fail("a lookahead ('(?=' or '(?!') is not supported by factories");
          if (peek(2) == U'<') {
            unsupported("'(?<' (a lookbehind or named group) is not supported by factories",
                        "'(?<' (a lookbehind or named group) is not supported");
          }
          unsupported("'(?' (a lookbehind or named group) is not supported by factories",
                      "'(?' must be followed by ':', '=' or '!'");
        }
        kind = lookahead ? Kind::lookahead : Kind::empty;
        negated = peek(1) == U'!';
        pos_ += 2;
      }
      // Groups are numbered in the order their '(' appear; \N may refer only to a closed one.
      const std::uint32_t number = kind == Kind::group ? ++tree_.groups : 0;
      open_groups_.push_back(number);
      const std::uint32_t inner = disjunction(depth + 1);
      if (peek() != U')') {
        pos_ = open;
        fail("'(' without a matching ')'");
      }
      ++pos_;
      open_groups_.pop_back();
      if (!matcher() || kind == Kind::empty) return inner;
      const std::uint32_t node = tree_.add_node(kind, {inner});
      tree_.nodes[node].negated = negated;
      tree_.nodes[node].number = number;
      if (kind == Kind::lookahead) tree_.backtracks = true;
      return node;
    }
    if (c == U'[') return char_class();
    if (c == U'.') {
      ++pos_;
      // Every character but the line terminators (ECMA-262).
      return tree_.add_set(complement(normalize({{U'\n', U'\n'}, {U'\r', U'\r'}, {0x2028, 0x2029}})));
    }
    if (c == U'\\') {
      if (matcher() && peek(1) >= U'1' && peek(1) <= U'9') return backref();
      Ranges r;
      escape(r, false);
      return tree_.add_set(r);
    }
    ++pos_;
    return tree_.add_set({{c, c}});
  }

  // One escape after a backslash, into `out`. Returns true for a class escape (\d, \w, ...),
  // which cannot end a range.
  bool escape(Ranges& out, bool in_class) {
    const std::size_t backslash = pos_++;
    if (at_end()) fail("the pattern ends with a lone backslash");
    const char32_t e = text_[pos_++];
    const auto hex = [&](std::size_t digits) {
      char32_t value = 0;
      for (std::size_t k = 0; k < digits; ++k) {
        const char32_t h = peek();
        int d = -1;
        if (h >= U'0' && h <= U'9') d = static_cast<int>(h - U'0');
        if (h >= U'a' && h <= U'f') d = static_cast<int>(h - U'a') + 10;
        if (h >= U'A' && h <= U'F') d = static_cast<int>(h - U'A') + 10;
        if (d < 0) fail("a \\x or \\u escape needs " + std::to_string(digits) + " hexadecimal digits");
        value = value * 16 + static_cast<char32_t>(d);
        ++pos_;
      }
      return value;
    };
    const Ranges digit{{U'0', U'9'}};
    const Ranges word{{U'0', U'9'}, {U'A', U'Z'}, {U'_', U'_'}, {U'a', U'z'}};
    // \s is ECMA-262's WhiteSpace and LineTerminator: tab to carriage return, space, NBSP, the
    // Space_Separator characters, the line and paragraph separators and the BOM.
    const Ranges space{{0x09, 0x0D}, {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
                       {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
    const auto put = [&](const Ranges& r) { out.insert(out.end(), r.begin(), r.end()); };
    switch (e) {
      case U'd': put(digit); return true;
      case U'D': put(complement(digit)); return true;
      case U'w': put(word); return true;
      case U'W': put(complement(word)); return true;
      case U's': put(space); return true;
      case U'S': put(complement(space)); return true;
      case U't': out.push_back({9, 9}); return false;
      case U'n': out.push_back({10, 10}); return false;
      case U'v': out.push_back({11, 11}); return false;
      case U'f': out.push_back({12, 12}); return false;
      case U'r': out.push_back({13, 13}); return false;
      case U'x': { const char32_t v = hex(2); out.push_back({v, v}); return false; }
      case U'u': { const char32_t v = hex(4); out.push_back({v, v}); return false; }
      case U'c': {
        const char32_t letter = peek();
        if (!((letter >= U'a' && letter <= U'z') || (letter >= U'A' && letter <= U'Z'))) fail("\\c needs a letter");
        ++pos_;
        out.push_back({letter % 32, letter % 32});
        return false;
      }
      case U'b':
        if (in_class) {
          out.push_back({8, 8});
          return false;
        }
        pos_ = backslash;
        fail("a word boundary (\\b) is not supported by factories");
      case U'B':
        pos_ = backslash;
        unsupported("a word boundary (\\B) is not supported by factories", "\\B cannot be in a character class");
      case U'0':
        // ECMA-262 Annex B reads \01 as octal, libstdc++ read it as \0 and '1': refused, ambiguous.
        if (peek() >= U'0' && peek() <= U'9') {
          unsupported("an octal escape is not supported by factories",
                      "an octal escape is not supported (write \\x01 for U+0001, or (?:\\0)1)");
        }
        out.push_back({0, 0});
        return false;
      case U'p':
      case U'P': {
        // JSON Schema patterns have Unicode semantics (the suite's "pattern with Unicode property
        // escape requires unicode mode"): \p{L} is the category, as in /\p{L}/u.
        Ranges property = unicode_property(backslash, static_cast<char>(e));
        // Not `put(e == U'P' ? complement(property) : property)`: GCC 12 at -O3 reports a false
        // -Wfree-nonheap-object on that conditional's temporary (the README's Release build).
        if (e == U'P') property = complement(property);
        put(property);
        return true;
      }
      default:
        if (e >= U'1' && e <= U'9') {
          pos_ = backslash;
          unsupported("a back-reference (\\" + std::string(1, static_cast<char>(e)) + ") is not supported by factories",
                      "a back-reference (\\" + std::string(1, static_cast<char>(e)) + ") cannot be in a character class");
        }
        out.push_back({e, e});  // an escaped character stands for itself: \. \/ \- \\ ...
        return false;
    }
  }

  /// The ranges of `\p{Name}` at pos_ (just after the `p`), normalized: a General_Category by
  /// its short or long name or alias (`L`, `Letter`, `Lu`, `Uppercase_Letter`, `Nd`, `digit`),
  /// optionally written `gc=` or `General_Category=`, and `Any`, `ASCII`, `Assigned`.
  Ranges unicode_property(std::size_t backslash, char letter) {
    const std::string escape = "\\" + std::string(1, letter);
    if (peek() != U'{') {
      pos_ = backslash;
      fail(escape + " needs a property name in braces, e.g. " + escape + "{L}");
    }
    const std::size_t open = ++pos_;
    std::string name;
    while (!at_end() && peek() != U'}') {
      const char32_t c = text_[pos_++];
      if (c > 0x7F) {
        pos_ = backslash;
        fail(escape + "{...} names a property in ASCII letters");
      }
      name += static_cast<char>(c);
    }
    if (at_end()) {
      pos_ = open - 1;
      fail(escape + "{ without a closing }");
    }
    ++pos_;
    for (std::string_view prefix : {"gc=", "General_Category="})
      if (std::string_view(name).starts_with(prefix)) name.erase(0, prefix.size());
    if (name == "Any") return {{0, last_code_point}};
    if (name == "ASCII") return {{0, 0x7F}};
    // The categories and their aliases (Unicode's PropertyValueAliases.txt, as ECMA-262 takes
    // them); a one-letter category unites the leaves that start with it, LC is Lu + Ll + Lt.
    static constexpr std::array<std::array<std::string_view, 4>, 38> aliases{{
        {"C", "Other", "", ""},          {"Cc", "Control", "cntrl", ""},     {"Cf", "Format", "", ""},
        {"Cn", "Unassigned", "", ""},    {"Co", "Private_Use", "", ""},      {"Cs", "Surrogate", "", ""},
        {"L", "Letter", "", ""},         {"LC", "Cased_Letter", "", ""},     {"Ll", "Lowercase_Letter", "", ""},
        {"Lm", "Modifier_Letter", "", ""}, {"Lo", "Other_Letter", "", ""},   {"Lt", "Titlecase_Letter", "", ""},
        {"Lu", "Uppercase_Letter", "", ""}, {"M", "Mark", "Combining_Mark", ""}, {"Mc", "Spacing_Mark", "", ""},
        {"Me", "Enclosing_Mark", "", ""}, {"Mn", "Nonspacing_Mark", "", ""}, {"N", "Number", "", ""},
        {"Nd", "Decimal_Number", "digit", ""}, {"Nl", "Letter_Number", "", ""}, {"No", "Other_Number", "", ""},
        {"P", "Punctuation", "punct", ""}, {"Pc", "Connector_Punctuation", "", ""}, {"Pd", "Dash_Punctuation", "", ""},
        {"Pe", "Close_Punctuation", "", ""}, {"Pf", "Final_Punctuation", "", ""}, {"Pi", "Initial_Punctuation", "", ""},
        {"Po", "Other_Punctuation", "", ""}, {"Ps", "Open_Punctuation", "", ""}, {"S", "Symbol", "", ""},
        {"Sc", "Currency_Symbol", "", ""}, {"Sk", "Modifier_Symbol", "", ""}, {"Sm", "Math_Symbol", "", ""},
        {"So", "Other_Symbol", "", ""},  {"Z", "Separator", "", ""},        {"Zl", "Line_Separator", "", ""},
        {"Zp", "Paragraph_Separator", "", ""}, {"Zs", "Space_Separator", "", ""},
    }};
    const bool assigned = name == "Assigned";
    std::string_view category = assigned ? "Cn" : "";
    for (const auto& a : aliases)
      if (!assigned && std::find(a.begin(), a.end(), name) != a.end() && !name.empty()) category = a[0];
    if (category.empty()) {
      pos_ = open;
      fail("'" + name + "' is not a property dorm knows: " + escape +
           "{...} takes a General_Category (L, Lu, Ll, N, Nd, P, S, Z, ... or their long names), Any, ASCII or "
           "Assigned; scripts (Script=Greek) and other properties are not supported");
    }
    Ranges out;
    for (const UnicodeCategory& leaf : unicode_categories()) {
      const bool member = category.size() == 1   ? leaf.name.front() == category.front()
                          : category == "LC" ? (leaf.name == "Lu" || leaf.name == "Ll" || leaf.name == "Lt")
                                             : leaf.name == category;
      if (member)
        for (const UnicodeRange& r : leaf.ranges) out.push_back({r.lo, r.hi});
    }
    out = normalize(std::move(out));
    return assigned ? complement(out) : out;
  }

  std::uint32_t char_class() {
    const std::size_t open = pos_++;
    const bool negated = peek() == U'^';
    if (negated) ++pos_;
    Ranges r;
    while (peek() != U']') {
      if (at_end()) {
        pos_ = open;
        fail("'[' without a matching ']'");
      }
      Ranges first;
      const bool first_is_class = class_atom(first);
      if (peek() == U'-' && peek(1) != U']' && pos_ + 1 < text_.size()) {
        ++pos_;
        Ranges second;
        const bool second_is_class = class_atom(second);
        if (first_is_class || second_is_class) {
          // ECMA-262 Annex B: a class escape at either end makes the '-' a literal.
          r.insert(r.end(), first.begin(), first.end());
          r.insert(r.end(), second.begin(), second.end());
          r.push_back({U'-', U'-'});
          continue;
        }
        if (first.front().lo > second.front().lo) fail("the range in the character class is out of order");
        r.push_back({first.front().lo, second.front().lo});
        continue;
      }
      r.insert(r.end(), first.begin(), first.end());
    }
    ++pos_;  // ]
    r = normalize(r);
    return tree_.add_set(negated ? complement(r) : r);
  }

  bool class_atom(Ranges& out) {
    if (peek() == U'\\') return escape(out, true);
    if (peek() == U'[' && (peek(1) == U':' || peek(1) == U'.' || peek(1) == U'=')) {
      // libstdc++ read [[:alpha:]] as a POSIX class, ECMA-262 as '[', ':', ... then ']':
      // refused rather than silently changing meaning.
      fail("'[" + std::string(1, static_cast<char>(peek(1))) +
           "' in a character class is POSIX syntax, not ECMA-262 (write \\[ for a literal '[')");
    }
    const char32_t c = text_[pos_++];
    out.push_back({c, c});
    return false;
  }

  // \N (several digits: \12 is group 12): the text group N matched.
  std::uint32_t backref() {
    const std::size_t backslash = pos_++;
    std::uint64_t number = 0;
    while (peek() >= U'0' && peek() <= U'9') number = std::min<std::uint64_t>(number * 10 + (text_[pos_++] - U'0'), far);
    const std::string name = "\\" + std::to_string(number);
    if (number > tree_.groups) {
      pos_ = backslash;
      fail("the back-reference " + name + " has no group " + std::to_string(number) + " before it");
    }
    if (std::find(open_groups_.begin(), open_groups_.end(), number) != open_groups_.end()) {
      pos_ = backslash;
      fail("the back-reference " + name + " is inside the group it refers to");
    }
    const std::uint32_t node = tree_.add_node(Kind::backref);
    tree_.nodes[node].number = static_cast<std::uint32_t>(number);
    tree_.backtracks = true;
    return node;
  }

  const std::string& source_;
  std::u32string_view text_;
  Tree& tree_;
  Dialect dialect_;
  std::size_t pos_ = 0;
  std::vector<std::uint32_t> open_groups_;  ///< numbers of the groups whose ')' is still to come
};

}  // namespace

std::uint32_t parse(const std::string& source, std::u32string_view text, Tree& tree, Dialect dialect) {
  return Parser(source, text, tree, dialect).parse();
}

}  // namespace dorm::detail::pattern
