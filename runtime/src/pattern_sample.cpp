#include "dorm/detail/pattern_sample.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

#include "dorm/error.hpp"

namespace dorm::detail {

namespace {

// Counts saturate: a family with more values than a std::uint64_t holds is "many".
constexpr std::uint64_t many = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add_count(std::uint64_t a, std::uint64_t b) noexcept { return a > many - b ? many : a + b; }
std::uint64_t mul_count(std::uint64_t a, std::uint64_t b) noexcept {
  if (a == 0 || b == 0) return 0;
  return a > many / b ? many : a * b;
}

// Lengths saturate at `far`: beyond any length a value may have, so "unbounded" needs no flag.
constexpr std::int64_t far = 1'000'000'000;
std::int64_t add_length(std::int64_t a, std::int64_t b) noexcept { return std::min(far, a + b); }
std::int64_t mul_length(std::int64_t a, std::int64_t b) noexcept {
  if (a == 0 || b == 0) return 0;
  return a > far / b ? far : std::min(far, a * b);
}

// ---------------------------------------------------------------------------------------------
// UTF-8, decoded as dorm::Pattern decodes it (an invalid byte reads as U+FFFD)

constexpr char32_t replacement_character = 0xFFFD;

std::u32string decode(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = byte(0);
    std::size_t size = 0;
    char32_t cp = 0;
    unsigned char low = 0x80U;
    unsigned char high = 0xBFU;
    if (lead < 0x80U) {
      size = 1;
      cp = lead;
    } else if (lead >= 0xC2U && lead <= 0xDFU) {
      size = 2;
      cp = lead & 0x1FU;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
      size = 3;
      cp = lead & 0x0FU;
      if (lead == 0xE0U) low = 0xA0U;
      if (lead == 0xEDU) high = 0x9FU;
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
      size = 4;
      cp = lead & 0x07U;
      if (lead == 0xF0U) low = 0x90U;
      if (lead == 0xF4U) high = 0x8FU;
    }
    bool valid = size > 0 && text.size() - i >= size;
    for (std::size_t k = 1; valid && k < size; ++k) {
      const unsigned char b = byte(k);
      valid = (k == 1 ? b >= low && b <= high : (b & 0xC0U) == 0x80U);
      cp = (cp << 6U) | (b & 0x3FU);
    }
    out.push_back(valid ? cp : replacement_character);
    i += valid ? size : 1;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80U) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800U) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000U) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

// ---------------------------------------------------------------------------------------------
// Character sets

struct Range {
  char32_t lo;
  char32_t hi;
};
using Ranges = std::vector<Range>;

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

/// Which characters a family's values start (or end) with: ASCII exactly, the rest as one bit.
/// Two families of one length whose first (or last) characters never meet share no value.
struct Edge {
  std::array<std::uint64_t, 2> ascii{};
  bool other = false;

  void merge(const Edge& e) {
    ascii[0] |= e.ascii[0];
    ascii[1] |= e.ascii[1];
    other = other || e.other;
  }
  [[nodiscard]] bool disjoint(const Edge& e) const {
    return (ascii[0] & e.ascii[0]) == 0 && (ascii[1] & e.ascii[1]) == 0 && !(other && e.other);
  }
};

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

/// A character class, in the order values use its characters.
struct CharSet {
  Ranges ordered;
  std::vector<std::uint64_t> before;  ///< characters in ordered[0..i)
  std::uint64_t size = 0;
  Edge edge;

  explicit CharSet(const Ranges& normalized) {
    for (const Range& tier : preferred_order) {
      for (const Range& x : normalized) {
        const char32_t lo = std::max(x.lo, tier.lo);
        const char32_t hi = std::min(x.hi, tier.hi);
        if (lo > hi) continue;
        ordered.push_back({lo, hi});
        before.push_back(size);
        size += hi - lo + 1;
      }
    }
    for (const Range& x : normalized) {
      for (char32_t c = x.lo; c <= std::min<char32_t>(x.hi, 127); ++c) edge.ascii[c / 64] |= std::uint64_t{1} << (c % 64);
      if (x.hi >= 128) edge.other = true;
    }
  }

  [[nodiscard]] char32_t at(std::uint64_t i) const {
    const auto it = std::upper_bound(before.begin(), before.end(), i);
    const auto k = static_cast<std::size_t>(it - before.begin()) - 1;
    return ordered[k].lo + static_cast<char32_t>(i - before[k]);
  }
};

// ---------------------------------------------------------------------------------------------
// The pattern's syntax tree. Children are created before their parents, so a node's index is
// greater than its children's: the tables below are filled in index order, without recursion.

enum class Kind : std::uint8_t { chars, empty, concat, alternation, repeat, start, end };

struct Node {
  Kind kind = Kind::empty;
  std::uint32_t set = 0;             ///< chars: index into the sets
  std::vector<std::uint32_t> parts;  ///< concat, alternation: in order; repeat: the one repeated
  std::int64_t min = 0;              ///< repeat: fewest copies
  std::int64_t max = 0;              ///< repeat: most copies, `far` when unbounded
  std::int64_t min_length = 0;       ///< shortest match, in code points
  std::int64_t max_length = 0;       ///< longest match, `far` when unbounded
  bool anchored = false;             ///< contains ^ or $: what it matches depends on its position
};

constexpr int max_group_depth = 64;
constexpr std::int64_t max_repeat = 1'000'000;

class Parser {
 public:
  Parser(const std::string& source, std::u32string_view text, std::vector<Node>& nodes, std::vector<CharSet>& sets)
      : source_(source), text_(text), nodes_(nodes), sets_(sets) {}

  std::uint32_t parse() {
    const std::uint32_t root = disjunction(0);
    if (at_end()) return root;
    fail("')' without a matching '('");
  }

  std::uint32_t add_set(const Ranges& ranges) {
    Ranges r = normalize(ranges);
    // No surrogates: they cannot be written in UTF-8.
    r = normalize(complement(normalize([&] {
      Ranges c = complement(r);
      c.push_back({0xD800, 0xDFFF});
      return c;
    }())));
    sets_.emplace_back(r);
    Node n;
    n.kind = Kind::chars;
    n.set = static_cast<std::uint32_t>(sets_.size() - 1);
    n.min_length = n.max_length = 1;
    return push(std::move(n));
  }

  std::uint32_t add_node(Kind kind, std::vector<std::uint32_t> parts = {}, std::int64_t min = 0, std::int64_t max = 0) {
    Node n;
    n.kind = kind;
    n.parts = std::move(parts);
    n.min = min;
    n.max = max;
    n.anchored = kind == Kind::start || kind == Kind::end;
    for (std::uint32_t p : n.parts) n.anchored = n.anchored || nodes_[p].anchored;
    switch (kind) {
      case Kind::concat:
        for (std::uint32_t p : n.parts) {
          n.min_length = add_length(n.min_length, nodes_[p].min_length);
          n.max_length = add_length(n.max_length, nodes_[p].max_length);
        }
        break;
      case Kind::alternation:
        n.min_length = far;
        for (std::uint32_t p : n.parts) {
          n.min_length = std::min(n.min_length, nodes_[p].min_length);
          n.max_length = std::max(n.max_length, nodes_[p].max_length);
        }
        break;
      case Kind::repeat:
        n.min_length = mul_length(min, nodes_[n.parts[0]].min_length);
        n.max_length = mul_length(max, nodes_[n.parts[0]].max_length);
        break;
      case Kind::chars:
      case Kind::empty:
      case Kind::start:
      case Kind::end:
        break;
    }
    return push(std::move(n));
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error("[dorm.factory.pattern] pattern '" + source_ + "' at character " + std::to_string(pos_ + 1) + ": " +
                what);
  }

  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char32_t peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : char32_t{0xFFFFFFFF};
  }

  std::uint32_t push(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  std::uint32_t disjunction(int depth) {
    if (depth > max_group_depth) fail("groups are nested more than " + std::to_string(max_group_depth) + " deep");
    std::vector<std::uint32_t> branches{alternative(depth)};
    while (peek() == U'|') {
      ++pos_;
      branches.push_back(alternative(depth));
    }
    return branches.size() == 1 ? branches.front() : add_node(Kind::alternation, std::move(branches));
  }

  std::uint32_t alternative(int depth) {
    std::vector<std::uint32_t> terms;
    while (!at_end() && peek() != U'|' && peek() != U')') terms.push_back(term(depth));
    if (terms.empty()) return add_node(Kind::empty);
    return terms.size() == 1 ? terms.front() : add_node(Kind::concat, std::move(terms));
  }

  std::uint32_t term(int depth) {
    const char32_t c = peek();
    if (c == U'^' || c == U'$') {
      ++pos_;
      if (quantifier_ahead()) fail("nothing to repeat before the quantifier");
      return add_node(c == U'^' ? Kind::start : Kind::end);
    }
    const std::uint32_t item = atom(depth);
    std::int64_t min = 0;
    std::int64_t max = 0;
    if (!quantifier(min, max)) return item;
    if (peek() == U'?') ++pos_;  // lazy: matches the same strings
    if (quantifier_ahead()) fail("a quantifier follows a quantifier");
    if (max < min) fail("the quantifier's numbers are out of order");
    return add_node(Kind::repeat, {item}, min, max);
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
      ++pos_;
      if (peek() == U'?') {
        if (peek(1) != U':') {
          --pos_;
          fail(peek(2) == U'=' || peek(2) == U'!' ? "a lookahead ('(?=' or '(?!') is not supported by factories"
                                                  : "'(?" + std::string(peek(2) == U'<' ? "<" : "") +
                                                        "' (a lookbehind or named group) is not supported by factories");
        }
        pos_ += 2;
      }
      const std::uint32_t inner = disjunction(depth + 1);
      if (peek() != U')') fail("'(' without a matching ')'");
      ++pos_;
      return inner;
    }
    if (c == U'[') return char_class();
    if (c == U'.') {
      ++pos_;
      // Every character but the line terminators (ECMA-262).
      return add_set(complement(normalize({{U'\n', U'\n'}, {U'\r', U'\r'}, {0x2028, 0x2029}})));
    }
    if (c == U'\\') {
      Ranges r;
      escape(r, false);
      return add_set(r);
    }
    ++pos_;
    return add_set({{c, c}});
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
    const Ranges space{{0x09, 0x0D}, {0x20, 0x20}};  // \s is ASCII whitespace (dorm::Pattern)
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
        fail("a word boundary (\\B) is not supported by factories");
      case U'0':
        if (peek() >= U'0' && peek() <= U'9') fail("an octal escape is not supported by factories");
        out.push_back({0, 0});
        return false;
      default:
        if (e >= U'1' && e <= U'9') {
          pos_ = backslash;
          fail("a back-reference (\\" + std::string(1, static_cast<char>(e)) + ") is not supported by factories");
        }
        out.push_back({e, e});  // an escaped character stands for itself: \. \/ \- \\ ...
        return false;
    }
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
    return add_set(negated ? complement(r) : r);
  }

  bool class_atom(Ranges& out) {
    if (peek() == U'\\') return escape(out, true);
    const char32_t c = text_[pos_++];
    out.push_back({c, c});
    return false;
  }

  const std::string& source_;
  std::u32string_view text_;
  std::vector<Node>& nodes_;
  std::vector<CharSet>& sets_;
  std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Families: sets of distinct strings of one length, each value numbered 0..count-1.

struct Family {
  enum class Kind : std::uint8_t { empty, chars, sequence, any_of } kind = Kind::empty;
  std::uint32_t length = 0;
  std::uint64_t count = 1;
  std::uint32_t a = 0;  ///< chars: the set; sequence: the first part; any_of: first member index
  std::uint32_t b = 0;  ///< sequence: the second part; any_of: how many members
  Edge first;
  Edge last;
};

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

/// The families of every node for every length 0..cap, chosen for the most values: per node a
/// table indexed by (length, starts at position 0, ends at the end), the last two only for
/// nodes with anchors.
class Tables {
 public:
  Tables(const std::vector<Node>& nodes, const std::vector<CharSet>& sets, std::int64_t cap, std::uint64_t budget)
      : nodes_(nodes), sets_(sets), cap_(cap), budget_(budget) {
    families_.push_back(Family{});  // the empty string, shared
  }

  /// False when the work exceeded the budget.
  bool build() {
    tables_.resize(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (!fill(static_cast<std::uint32_t>(i))) return false;
    }
    return true;
  }

  [[nodiscard]] std::uint32_t get(std::uint32_t node, std::int64_t length, bool start, bool end) const {
    if (length < 0 || length > cap_) return none;
    return tables_[node][slot(length, start, end)];
  }

  std::vector<Family> families_;
  std::vector<std::uint32_t> members_;

 private:
  using Table = std::vector<std::uint32_t>;

  static std::size_t slot(std::int64_t length, bool start, bool end) {
    return static_cast<std::size_t>(length) * 4 + (start ? 2 : 0) + (end ? 1 : 0);
  }
  [[nodiscard]] Table blank() const { return Table(static_cast<std::size_t>(cap_ + 1) * 4, none); }
  [[nodiscard]] std::uint64_t count(std::uint32_t f) const { return f == none ? 0 : families_[f].count; }

  std::uint32_t make(Family f) {
    families_.push_back(f);
    return static_cast<std::uint32_t>(families_.size() - 1);
  }

  std::uint32_t sequence(std::uint32_t a, std::uint32_t b) {
    if (families_[a].kind == Family::Kind::empty) return b;
    if (families_[b].kind == Family::Kind::empty) return a;
    const Family& x = families_[a];
    const Family& y = families_[b];
    Family f;
    f.kind = Family::Kind::sequence;
    f.length = x.length + y.length;
    f.count = mul_count(x.count, y.count);
    f.a = a;
    f.b = b;
    f.first = x.first;
    f.last = y.last;
    return make(f);
  }

  // Calls fn(start, end) for the anchor states node `n` distinguishes, and copies the result
  // of (false, false) to the others for nodes without anchors.
  template <class Fn>
  void each_state(bool anchored, Table& t, Fn fn) {
    for (std::int64_t length = 0; length <= cap_; ++length) {
      for (int s = 0; s < (anchored ? 2 : 1); ++s) {
        for (int e = 0; e < (anchored ? 2 : 1); ++e) t[slot(length, s != 0, e != 0)] = fn(length, s != 0, e != 0);
      }
      if (!anchored) {
        for (int k = 1; k < 4; ++k) t[slot(length, false, false) + static_cast<std::size_t>(k)] = t[slot(length, false, false)];
      }
    }
  }

  // The best split of `length` between node `part` (first) and the table `rest` (after it).
  std::uint32_t best_split(std::uint32_t part, const Table& rest, std::int64_t rest_min, std::int64_t length, bool start,
                           bool end) {
    const Node& p = nodes_[part];
    std::uint64_t best = 0;
    std::uint32_t best_a = none;
    std::uint32_t best_b = none;
    const std::int64_t last = std::min(length - rest_min, p.max_length);
    for (std::int64_t l = p.min_length; l <= last; ++l) {
      ++work_;
      const std::uint32_t a = get(part, l, start, end && l == length);
      if (a == none) continue;
      const std::uint32_t b = rest[slot(length - l, start && l == 0, end)];
      if (b == none) continue;
      const std::uint64_t c = mul_count(families_[a].count, families_[b].count);
      if (c > best) {
        best = c;
        best_a = a;
        best_b = b;
      }
    }
    return best_a == none ? none : sequence(best_a, best_b);
  }

  bool fill(std::uint32_t index) {
    const Node& n = nodes_[index];
    Table t = blank();
    switch (n.kind) {
      case Kind::empty:
        each_state(false, t, [](std::int64_t length, bool, bool) { return length == 0 ? 0U : none; });
        break;
      case Kind::start:
        each_state(true, t, [](std::int64_t length, bool start, bool) { return length == 0 && start ? 0U : none; });
        break;
      case Kind::end:
        each_state(true, t, [](std::int64_t length, bool, bool end) { return length == 0 && end ? 0U : none; });
        break;
      case Kind::chars: {
        const CharSet& set = sets_[n.set];
        if (set.size == 0) break;  // `[]` matches nothing
        Family f;
        f.kind = Family::Kind::chars;
        f.length = 1;
        f.count = set.size;
        f.a = n.set;
        f.first = f.last = set.edge;
        const std::uint32_t id = make(f);
        each_state(false, t, [&](std::int64_t length, bool, bool) { return length == 1 ? id : none; });
        break;
      }
      case Kind::concat: {
        // Right to left: the table of parts k.. is part k followed by the table of parts k+1..
        Table rest = tables_[n.parts.back()];
        std::int64_t rest_min = nodes_[n.parts.back()].min_length;
        bool rest_anchored = nodes_[n.parts.back()].anchored;
        for (std::size_t k = n.parts.size() - 1; k-- > 0;) {
          const std::uint32_t part = n.parts[k];
          const bool anchored = rest_anchored || nodes_[part].anchored;
          Table next = blank();
          each_state(anchored, next, [&](std::int64_t length, bool start, bool end) {
            return best_split(part, rest, rest_min, length, start, end);
          });
          rest = std::move(next);
          rest_min = add_length(rest_min, nodes_[part].min_length);
          rest_anchored = anchored;
          if (work_ > budget_) return false;
        }
        t = std::move(rest);
        break;
      }
      case Kind::alternation:
        each_state(n.anchored, t, [&](std::int64_t length, bool start, bool end) { return any_of(n, length, start, end); });
        break;
      case Kind::repeat:
        if (!repeat(n, t)) return false;
        break;
    }
    tables_[index] = std::move(t);
    return work_ <= budget_;
  }

  // The branches' families of one length, several when their values provably differ.
  std::uint32_t any_of(const Node& n, std::int64_t length, bool start, bool end) {
    std::vector<std::uint32_t> found;
    for (std::uint32_t part : n.parts) {
      ++work_;
      if (const std::uint32_t f = get(part, length, start, end); f != none) found.push_back(f);
    }
    if (found.empty()) return none;
    std::stable_sort(found.begin(), found.end(), [&](std::uint32_t x, std::uint32_t y) { return count(x) > count(y); });
    std::vector<std::uint32_t> chosen{found.front()};
    // The empty string is one value, whichever branch makes it.
    for (std::size_t k = 1; length > 0 && k < found.size(); ++k) {
      const Family& candidate = families_[found[k]];
      const bool differs = std::all_of(chosen.begin(), chosen.end(), [&](std::uint32_t c) {
        return families_[c].first.disjoint(candidate.first) || families_[c].last.disjoint(candidate.last);
      });
      if (differs) chosen.push_back(found[k]);
    }
    if (chosen.size() == 1) return chosen.front();
    Family f;
    f.kind = Family::Kind::any_of;
    f.length = static_cast<std::uint32_t>(length);
    f.count = 0;
    f.a = static_cast<std::uint32_t>(members_.size());
    f.b = static_cast<std::uint32_t>(chosen.size());
    for (std::uint32_t c : chosen) {
      f.count = add_count(f.count, families_[c].count);
      f.first.merge(families_[c].first);
      f.last.merge(families_[c].last);
    }
    members_.insert(members_.end(), chosen.begin(), chosen.end());
    return make(f);
  }

  // j copies for j = min..max: per length and state, the count j with the most values.
  bool repeat(const Node& n, Table& t) {
    const std::uint32_t part = n.parts.front();
    const Node& p = nodes_[part];
    std::int64_t low = n.min;
    std::int64_t high = n.max;
    if (p.min_length >= 1) {
      high = std::min(high, cap_ / p.min_length);
    } else {
      // Copies that can be empty: more copies than characters add only empty ones.
      low = std::min(low, cap_);
      high = std::min(high, std::max(low, cap_));
    }
    Table copies = blank();  // zero copies: the empty string
    for (std::size_t k = 0; k < 4; ++k) copies[k] = 0;
    if (low == 0) t = copies;
    for (std::int64_t j = 1; j <= high; ++j) {
      Table next = blank();
      const std::int64_t rest_min = mul_length(j - 1, p.min_length);
      each_state(n.anchored, next, [&](std::int64_t length, bool start, bool end) {
        return best_split(part, copies, rest_min, length, start, end);
      });
      copies = std::move(next);
      if (j >= low) {
        for (std::size_t k = 0; k < t.size(); ++k) {
          if (count(copies[k]) > count(t[k])) t[k] = copies[k];
        }
      }
      if (work_ > budget_) return false;
    }
    return true;
  }

  const std::vector<Node>& nodes_;
  const std::vector<CharSet>& sets_;
  std::int64_t cap_;
  std::uint64_t budget_;
  std::uint64_t work_ = 0;
  std::vector<Table> tables_;
};

/// Work units (candidate splits and branches tried) one table build may take: a few tens of
/// milliseconds, so a pathological pattern gives an error rather than a stalled program.
constexpr std::uint64_t work_budget = 40'000'000;

/// Values enough that wider lengths need not be searched for more.
constexpr std::uint64_t enough_values = std::uint64_t{1} << 40;

}  // namespace

struct PatternSampler::Plan {
  std::string pattern;
  std::int64_t min_length = 0;
  std::int64_t max_length = -1;
  std::vector<CharSet> sets;
  std::vector<Family> families;
  std::vector<std::uint32_t> members;
  std::vector<std::uint32_t> by_length;  ///< one family per allowed length, shortest first
  std::uint64_t family_values = 0;
  std::vector<std::string> first;
  std::vector<std::uint64_t> first_positions;  ///< where `first` values fall among the families', sorted
  std::uint64_t capacity = 0;
  std::int64_t shortest = 0;

  [[nodiscard]] std::string render(std::uint32_t family, std::uint64_t index) const {
    std::string out;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> stack{{family, index}};
    while (!stack.empty()) {
      auto [id, i] = stack.back();
      stack.pop_back();
      const Family& f = families[id];
      switch (f.kind) {
        case Family::Kind::empty: break;
        case Family::Kind::chars: append_utf8(out, sets[f.a].at(i)); break;
        case Family::Kind::sequence: {
          // The second part is the low digit: the last characters vary fastest.
          const std::uint64_t low = families[f.b].count;
          stack.emplace_back(f.b, i % low);
          stack.emplace_back(f.a, i / low);
          break;
        }
        case Family::Kind::any_of:
          for (std::uint32_t k = 0; k < f.b; ++k) {
            const std::uint32_t m = members[f.a + k];
            if (i < families[m].count) {
              stack.emplace_back(m, i);
              break;
            }
            i -= families[m].count;
          }
          break;
      }
    }
    return out;
  }

  /// The index of `text` in `family`, if the family makes it.
  [[nodiscard]] std::optional<std::uint64_t> locate(std::uint32_t family, std::u32string_view text) const {
    const Family& f = families[family];
    if (text.size() != f.length) return std::nullopt;
    switch (f.kind) {
      case Family::Kind::empty: return 0;
      case Family::Kind::chars: {
        const CharSet& set = sets[f.a];
        for (std::size_t k = 0; k < set.ordered.size(); ++k) {
          if (text[0] >= set.ordered[k].lo && text[0] <= set.ordered[k].hi) return set.before[k] + (text[0] - set.ordered[k].lo);
        }
        return std::nullopt;
      }
      case Family::Kind::sequence: {
        const std::size_t split = families[f.a].length;
        const auto high = locate(f.a, text.substr(0, split));
        const auto low = high ? locate(f.b, text.substr(split)) : std::nullopt;
        if (!low) return std::nullopt;
        const std::uint64_t base = families[f.b].count;
        if (*high > (many - *low) / base) return std::nullopt;  // beyond the numbers value() takes
        return *high * base + *low;
      }
      case Family::Kind::any_of: {
        std::uint64_t offset = 0;
        for (std::uint32_t k = 0; k < f.b; ++k) {
          const std::uint32_t m = members[f.a + k];
          if (const auto at = locate(m, text)) return *at > many - offset ? std::nullopt : std::optional(offset + *at);
          offset = add_count(offset, families[m].count);
        }
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  /// The position of `value` among the families' values, if they make it.
  [[nodiscard]] std::optional<std::uint64_t> position(std::string_view value) const {
    const std::u32string text = decode(value);
    std::uint64_t offset = 0;
    for (std::uint32_t f : by_length) {
      if (families[f].length == text.size()) {
        const auto at = locate(f, text);
        if (!at || *at > many - offset) return std::nullopt;
        return offset + *at;
      }
      offset = add_count(offset, families[f].count);
    }
    return std::nullopt;
  }

  [[nodiscard]] std::string lengths_text() const {
    const std::string upper = max_length < 0 ? "any number of" : std::to_string(max_length);
    return std::to_string(min_length) + " to " + upper + " characters";
  }
};

PatternSampler::PatternSampler(std::string_view pattern, std::int64_t min_length, std::int64_t max_length,
                               std::vector<std::string> first_values) {
  auto plan = std::make_unique<Plan>();
  plan->pattern = std::string(pattern);
  plan->min_length = std::max<std::int64_t>(0, min_length);
  plan->max_length = max_length;
  const std::u32string text = decode(pattern);
  if (text.size() > max_pattern_length) {
    throw Error("[dorm.factory.pattern] pattern '" + plan->pattern.substr(0, 64) + "...' is " +
                std::to_string(text.size()) + " characters long; factories make values for patterns of at most " +
                std::to_string(max_pattern_length));
  }
  std::vector<Node> nodes;
  Parser parser(plan->pattern, text, nodes, plan->sets);
  const std::uint32_t body = parser.parse();
  // JSON Schema patterns are unanchored: any text may come before and after the match.
  const std::uint32_t filler = parser.add_node(Kind::repeat, {parser.add_set({{U'0', U'9'}, {U'a', U'z'}})}, 0, far);
  const std::uint32_t root = parser.add_node(Kind::concat, {filler, body, filler});
  plan->shortest = std::min(nodes[body].min_length, max_value_length + 1);

  const std::int64_t low = std::max(plan->min_length, nodes[body].min_length);
  std::int64_t high = std::min(max_length < 0 ? far : max_length, max_value_length);
  // Past the longest match only the filler grows a value, and 16 filler characters already give
  // 36^16 values (none at all when anchors forbid filler): longer values would add nothing.
  if (nodes[body].max_length < far) high = std::min(high, std::max(low, nodes[body].max_length) + 16);
  // Few patterns need long values for many distinct ones; widen the searched lengths only then.
  for (const std::int64_t slack : {16, 64, 256}) {
    if (low > high) break;
    const std::int64_t cap = std::min(high, low + slack);
    Tables tables(nodes, plan->sets, cap, work_budget);
    if (!tables.build()) {
      if (slack == 16) {
        throw Error("[dorm.factory.pattern] pattern '" + plan->pattern +
                    "' is too complex for factories to make values of " + plan->lengths_text());
      }
      break;  // keep the narrower search's values
    }
    std::vector<std::uint32_t> by_length;
    std::uint64_t values = 0;
    for (std::int64_t length = low; length <= cap; ++length) {
      if (const std::uint32_t f = tables.get(root, length, true, true); f != none) {
        by_length.push_back(f);
        values = add_count(values, tables.families_[f].count);
      }
    }
    plan->families = std::move(tables.families_);
    plan->members = std::move(tables.members_);
    plan->by_length = std::move(by_length);
    plan->family_values = values;
    if (values >= enough_values || cap == high) break;
  }

  for (const std::string& v : first_values) {
    if (const auto at = plan->position(v)) plan->first_positions.push_back(*at);
  }
  std::sort(plan->first_positions.begin(), plan->first_positions.end());
  plan->first_positions.erase(std::unique(plan->first_positions.begin(), plan->first_positions.end()),
                              plan->first_positions.end());
  plan->first = std::move(first_values);
  plan->capacity = plan->family_values == many
                       ? many
                       : add_count(plan->first.size(), plan->family_values - plan->first_positions.size());
  plan_ = std::move(plan);
}

PatternSampler::PatternSampler(PatternSampler&&) noexcept = default;
PatternSampler& PatternSampler::operator=(PatternSampler&&) noexcept = default;
PatternSampler::~PatternSampler() = default;

std::uint64_t PatternSampler::capacity() const noexcept { return plan_ ? plan_->capacity : 0; }

std::int64_t PatternSampler::shortest_match() const noexcept { return plan_ ? plan_->shortest : 0; }

const std::string& PatternSampler::pattern() const noexcept {
  static const std::string moved_from;
  return plan_ ? plan_->pattern : moved_from;
}

std::string PatternSampler::value(std::uint64_t index) const {
  if (!plan_) throw MisuseError("[dorm.misuse.moved_from] a dorm::detail::PatternSampler was used after being moved from");
  const Plan& p = *plan_;
  if (p.capacity == 0) {
    throw Error("[dorm.factory.pattern] pattern '" + p.pattern + "' matches no value of " + p.lengths_text());
  }
  const std::uint64_t i = p.capacity == many ? index : index % p.capacity;
  if (i < p.first.size()) return p.first[i];
  // The i-th value after the first ones, skipping family values that repeat one of them.
  std::uint64_t t = i - p.first.size();
  for (std::uint64_t taken : p.first_positions) {
    if (taken > t) break;
    ++t;
  }
  for (std::uint32_t f : p.by_length) {
    if (t < p.families[f].count) return p.render(f, t);
    t -= p.families[f].count;
  }
  throw Error("[dorm.factory.pattern] pattern '" + p.pattern + "': value " + std::to_string(index) + " is out of range");
}

}  // namespace dorm::detail
