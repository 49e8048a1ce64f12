#pragma once
// A regular expression's syntax tree: the ECMAScript subset dorm::Pattern matches, with
// character classes as sets of code point ranges. One parser serves both readers, so they agree
// on what a pattern means: dorm::Pattern (dorm/detail/pattern_program.hpp compiles the tree) and
// the factories' PatternSampler (dorm/detail/pattern_sample.hpp), which refuses the constructs
// it cannot make values for (Dialect::factory).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dorm::detail::pattern {

/// Lengths saturate at `far`: beyond any length a value may have, so "unbounded" needs no flag.
inline constexpr std::int64_t far = 1'000'000'000;
[[nodiscard]] inline std::int64_t add_length(std::int64_t a, std::int64_t b) noexcept { return a + b > far ? far : a + b; }
[[nodiscard]] inline std::int64_t mul_length(std::int64_t a, std::int64_t b) noexcept {
  if (a == 0 || b == 0) return 0;
  return a > far / b ? far : (a * b > far ? far : a * b);
}

/// Code points lo..hi, both included.
struct Range {
  char32_t lo;
  char32_t hi;
};
using Ranges = std::vector<Range>;

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

/// A character class, its characters numbered in the order values use them: digits, lower-case,
/// upper-case letters, other printable ASCII (space last), the rest of Unicode, and control
/// characters last, so early values read like examples a person would write.
class CharSet {
 public:
  /// `normalized`: sorted, merged ranges without surrogates.
  explicit CharSet(const Ranges& normalized);
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] const Edge& edge() const noexcept { return edge_; }
  /// The character numbered `i` (< size()).
  [[nodiscard]] char32_t at(std::uint64_t i) const;
  /// The number of character `c`, if the class has it.
  [[nodiscard]] std::optional<std::uint64_t> index(char32_t c) const;

 private:
  Ranges ordered_;
  std::vector<std::uint64_t> before_;  ///< characters in ordered_[0..i)
  std::uint64_t size_ = 0;
  Edge edge_;
};

/// group, backref, lookahead and word_boundary occur only in Dialect::matcher trees.
enum class Kind : std::uint8_t {
  chars,
  empty,
  concat,
  alternation,
  repeat,
  start,
  end,
  group,          ///< a capturing group: parts[0], numbered `number`
  backref,        ///< \N: the text group `number` last matched
  lookahead,      ///< (?=...) or, `negated`, (?!...): parts[0] at this position, consuming nothing
  word_boundary,  ///< \b or, `negated`, \B
};

/// One node. Children are created before their parents, so a node's index is greater than its
/// children's and a pass in index order sees children first, without recursion.
struct Node {
  Kind kind = Kind::empty;
  std::uint32_t set = 0;             ///< chars: index into Tree::sets
  std::vector<std::uint32_t> parts;  ///< concat, alternation: in order; repeat: the one repeated
  std::int64_t min = 0;              ///< repeat: fewest copies
  std::int64_t max = 0;              ///< repeat: most copies, `far` when unbounded
  std::int64_t min_length = 0;       ///< shortest match, in code points
  std::int64_t max_length = 0;       ///< longest match, `far` when unbounded
  bool anchored = false;             ///< contains ^ or $: what it matches depends on its position
  bool lazy = false;                 ///< repeat: `*?`, `+?`, `??`, `{m,n}?` (fewest copies first)
  bool negated = false;              ///< lookahead `(?!`, word_boundary `\B`
  std::uint32_t number = 0;          ///< group: its number (1 for the first '('); backref: the group
};

/// The nodes and character sets of one pattern.
struct Tree {
  std::vector<Node> nodes;
  std::vector<CharSet> sets;
  std::vector<Ranges> set_ranges;  ///< sets[i] as sorted, merged ranges (what the matcher compiles)
  std::uint32_t groups = 0;  ///< capturing groups (Dialect::matcher)
  bool backtracks = false;   ///< has a back-reference or a lookahead: matching it needs backtracking

  /// A chars node for `ranges` (any order; surrogates are dropped: UTF-8 cannot carry them).
  std::uint32_t add_set(Ranges ranges);
  /// A node of `kind` over `parts`, its lengths and anchoring derived from theirs.
  std::uint32_t add_node(Kind kind, std::vector<std::uint32_t> parts = {}, std::int64_t min = 0, std::int64_t max = 0);
};

/// Who reads the tree: what is accepted and which error code a refusal carries.
enum class Dialect : std::uint8_t {
  /// PatternSampler: no back-references, lookaheads or word boundaries; groups leave no node.
  factory,
  /// dorm::Pattern: everything std::regex ECMAScript accepted before dorm had its own matcher,
  /// except constructs that only libstdc++ read that way (see parse()).
  matcher,
};

/// Parses `text` (the code points of `source`) into `tree` and returns the root node. Throws
/// dorm::Error for a syntax error and for groups nested more than 64 deep:
/// Dialect::factory: "[dorm.factory.pattern] pattern '<source>' at character N: ...", also for
/// a construct values cannot be made for (back-reference, lookaround, word boundary);
/// Dialect::matcher: "[dorm.validation.pattern] pattern '<source>' is not a valid regular
/// expression: ... at character N". Both refuse lookbehind and named groups `(?<`, octal
/// escapes `\01`, `\c` without a letter and POSIX classes `[[:alpha:]]` (libstdc++ read the
/// last three differently from ECMA-262), and a back-reference to a group that is not closed
/// before it (ECMA-262 matches it empty; libstdc++ refused it).
std::uint32_t parse(const std::string& source, std::u32string_view text, Tree& tree,
                    Dialect dialect = Dialect::factory);

/// UTF-8 `text` as code points, an invalid byte as U+FFFD (as dorm::Pattern reads it).
[[nodiscard]] std::u32string code_points(std::string_view text);

}  // namespace dorm::detail::pattern
