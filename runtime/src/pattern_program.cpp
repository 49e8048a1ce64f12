#include "dorm/detail/pattern_program.hpp"

#include <algorithm>
#include <utility>

#include "dorm/core/error.hpp"

namespace dorm::detail::pattern {
namespace {

class Compiler {
 public:
  Compiler(const std::string& source, const Tree& tree) : source_(source), tree_(tree) {
    program_.backtracks = tree.backtracks;
    program_.registers = 2 * (tree.groups + 1);
    class_of_.assign(tree.set_ranges.size(), none);
    // The groups inside each node, in one pass: a node's children come before it.
    first_group_.assign(tree.nodes.size(), none);
    last_group_.assign(tree.nodes.size(), 0);
    for (std::size_t n = 0; n < tree.nodes.size(); ++n) {
      const Node& node = tree.nodes[n];
      if (node.kind == Kind::group) {
        first_group_[n] = node.number;
        last_group_[n] = node.number;
      }
      for (std::uint32_t part : node.parts) {
        first_group_[n] = std::min(first_group_[n], first_group_[part]);
        last_group_[n] = std::max(last_group_[n], last_group_[part]);
      }
    }
  }

  Program run(std::uint32_t root) {
    program_.anchored = starts_anchored(root);
    emit(root);
    add(Op::match);
    return std::move(program_);
  }

 private:
  static constexpr std::uint32_t none = 0xFFFFFFFF;

  [[nodiscard]] bool starts_anchored(std::uint32_t n) const {
    // Depth is bounded by the parser's group nesting limit, not by the text.
    const Node& node = tree_.nodes[n];
    switch (node.kind) {
      case Kind::start: return true;
      case Kind::concat:
      case Kind::group: return starts_anchored(node.parts.front());
      default: return false;
    }
  }

  std::uint32_t add(Op op, std::uint32_t x = 0, std::uint32_t y = 0) {
    if (program_.code.size() >= Program::max_instructions) {
      throw Error("[dorm.validation.pattern] pattern '" + source_ + "' is too large: it compiles to more than " +
                  std::to_string(Program::max_instructions) +
                  " instructions (counted repetition such as {1000} copies what it repeats)");
    }
    program_.code.push_back({op, x, y});
    return static_cast<std::uint32_t>(program_.code.size() - 1);
  }

  [[nodiscard]] std::uint32_t here() const { return static_cast<std::uint32_t>(program_.code.size()); }

  std::uint32_t class_index(std::uint32_t set) {
    if (class_of_[set] != none) return class_of_[set];
    Class c;
    for (const Range& r : tree_.set_ranges[set]) {
      for (char32_t x = r.lo; x <= std::min<char32_t>(r.hi, 127); ++x) c.ascii[x >> 6U] |= std::uint64_t{1} << (x & 63U);
      if (r.hi >= 128) c.other.push_back({std::max<char32_t>(r.lo, 128), r.hi});
    }
    program_.classes.push_back(std::move(c));
    class_of_[set] = static_cast<std::uint32_t>(program_.classes.size() - 1);
    return class_of_[set];
  }

  // Recursion follows the tree's nesting (at most 64 groups deep), never the text.
  void emit(std::uint32_t n) {
    const Node& node = tree_.nodes[n];
    switch (node.kind) {
      case Kind::chars: add(Op::chars, class_index(node.set)); break;
      case Kind::empty: break;
      case Kind::concat:
        for (std::uint32_t part : node.parts) emit(part);
        break;
      case Kind::alternation: {
        std::vector<std::uint32_t> exits;
        for (std::size_t k = 0; k + 1 < node.parts.size(); ++k) {
          const std::uint32_t split = add(Op::split, here() + 1);
          emit(node.parts[k]);
          exits.push_back(add(Op::jump));
          program_.code[split].y = here();
        }
        emit(node.parts.back());
        for (std::uint32_t e : exits) program_.code[e].x = here();
        break;
      }
      case Kind::repeat: repeat(node); break;
      case Kind::start: add(Op::start); break;
      case Kind::end: add(Op::end); break;
      case Kind::group:
        if (program_.backtracks) add(Op::save, 2 * node.number);
        emit(node.parts.front());
        if (program_.backtracks) add(Op::save, 2 * node.number + 1);
        break;
      case Kind::backref: add(Op::backref, node.number); break;
      case Kind::lookahead: {
        const std::uint32_t look = add(Op::look, 0, node.negated ? 1 : 0);
        emit(node.parts.front());
        add(Op::look_end);
        program_.code[look].x = here();
        break;
      }
      case Kind::word_boundary: add(Op::boundary, node.negated ? 1 : 0); break;
    }
  }

  // `body` once. Optional iterations (past the minimum) of a body that can match empty end
  // the loop when they do (ECMA-262 RepeatMatcher), which also keeps the backtracker from
  // looping forever; the NFA needs no such check, its state sets absorb empty loops.
  void iteration(std::uint32_t body, bool optional) {
    if (!program_.backtracks) {
      emit(body);
      return;
    }
    // ECMA-262: each iteration starts with the groups inside the atom unset.
    if (first_group_[body] != none) add(Op::reset, 2 * first_group_[body], 2 * (last_group_[body] + 1));
    const bool check = optional && tree_.nodes[body].min_length == 0;
    const std::uint32_t mark = check ? program_.registers++ : 0;
    if (check) add(Op::mark, mark);
    emit(body);
    if (check) add(Op::progress, mark);
  }

  // A split preferring `first` (greedy: another copy; lazy: leaving the loop).
  void prefer(std::uint32_t split, std::uint32_t copy, std::uint32_t leave, bool lazy) {
    program_.code[split].x = lazy ? leave : copy;
    program_.code[split].y = lazy ? copy : leave;
  }

  void repeat(const Node& node) {
    const std::uint32_t body = node.parts.front();
    for (std::int64_t k = 0; k < node.min; ++k) iteration(body, false);
    if (node.max == far) {
      const std::uint32_t split = add(Op::split);
      iteration(body, true);
      add(Op::jump, split);
      prefer(split, split + 1, here(), node.lazy);
      return;
    }
    // {m,n}: n-m optional copies, each leaving to the end: (e(e(e)?)?)?
    std::vector<std::uint32_t> splits;
    for (std::int64_t k = node.min; k < node.max; ++k) {
      splits.push_back(add(Op::split));
      iteration(body, true);
    }
    for (std::uint32_t s : splits) prefer(s, s + 1, here(), node.lazy);
  }

  const std::string& source_;
  const Tree& tree_;
  Program program_;
  std::vector<std::uint32_t> class_of_;
  std::vector<std::uint32_t> first_group_;
  std::vector<std::uint32_t> last_group_;
};

}  // namespace

Program compile(const std::string& source, const Tree& tree, std::uint32_t root) {
  return Compiler(source, tree).run(root);
}

}  // namespace dorm::detail::pattern
