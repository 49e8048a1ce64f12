#include "dorm/detail/pattern_pike.hpp"

#include <cstdint>
#include <vector>

#include "dorm/detail/utf8.hpp"

namespace dorm::detail::pattern {
namespace {

/// No character: before the start or past the end of the text.
constexpr char32_t no_char = 0xFFFFFFFF;

/// A set of instruction indexes, cleared in O(1) (a sparse set: `dense` lists the members,
/// `sparse` finds them). Both lists of a search share one `sparse` array: a member is found
/// through its own `dense`, so what the other list wrote there does no harm.
struct List {
  std::uint32_t* dense;
  std::uint32_t size = 0;

  [[nodiscard]] bool has(const std::uint32_t* sparse, std::uint32_t pc) const noexcept {
    const std::uint32_t i = sparse[pc];
    return i < size && dense[i] == pc;
  }
};

/// What the assertions at one position see.
struct Position {
  bool at_start;
  bool at_end;
  char32_t before;  ///< the character before, or no_char
  char32_t after;   ///< the character after, or no_char
};

class Nfa {
 public:
  explicit Nfa(const Program& program) : program_(program) {
    const std::size_t m = program.code.size();
    // One allocation per search: sparse, two lists, and the closure's stack (each instruction
    // enters a list once and pushes at most two more).
    memory_.resize(5 * m + 2);
    sparse_ = memory_.data();
    current_.dense = sparse_ + m;
    next_.dense = sparse_ + 2 * m;
    stack_ = sparse_ + 3 * m;
  }

  bool search(std::string_view text) {
    const std::size_t n = text.size();
    std::size_t i = 0;
    char32_t before = no_char;
    Decoded here = n > 0 ? decode_utf8(text, 0) : Decoded{no_char, 0, false};
    while (true) {
      const Position at{i == 0, i == n, before, i < n ? here.code_point : no_char};
      // A new attempt starts at every position: the search is unanchored unless '^' leads.
      if ((!program_.anchored || i == 0) && add(current_, 0, at)) return true;
      if (i == n || (current_.size == 0 && program_.anchored)) return false;
      const std::size_t after = i + here.size;
      const Decoded following = after < n ? decode_utf8(text, after) : Decoded{no_char, 0, false};
      const Position next_at{false, after == n, here.code_point, after < n ? following.code_point : no_char};
      next_.size = 0;
      for (std::uint32_t k = 0; k < current_.size; ++k) {
        const std::uint32_t pc = current_.dense[k];
        const Instruction& ins = program_.code[pc];
        if (ins.op == Op::chars && program_.classes[ins.x].has(here.code_point) && add(next_, pc + 1, next_at)) {
          return true;
        }
      }
      std::swap(current_, next_);
      before = here.code_point;
      here = following;
      i = after;
    }
  }

 private:
  // Adds `pc` and every instruction reachable from it without consuming a character; true
  // when that reaches `match`.
  bool add(List& list, std::uint32_t pc, const Position& at) {
    std::uint32_t top = 0;
    stack_[top++] = pc;
    while (top > 0) {
      pc = stack_[--top];
      if (list.has(sparse_, pc)) continue;
      sparse_[pc] = list.size;
      list.dense[list.size++] = pc;
      const Instruction& ins = program_.code[pc];
      switch (ins.op) {
        case Op::chars: break;
        case Op::split:
          stack_[top++] = ins.y;
          stack_[top++] = ins.x;
          break;
        case Op::jump: stack_[top++] = ins.x; break;
        case Op::start:
          if (at.at_start) stack_[top++] = pc + 1;
          break;
        case Op::end:
          if (at.at_end) stack_[top++] = pc + 1;
          break;
        case Op::boundary: {
          const bool boundary = is_word(at.before) != is_word(at.after);
          if (boundary == (ins.x == 0)) stack_[top++] = pc + 1;
          break;
        }
        case Op::match: return true;
        default: break;  // backtracking instructions: not in programs this matcher runs
      }
    }
    return false;
  }

  const Program& program_;
  std::vector<std::uint32_t> memory_;
  std::uint32_t* sparse_;
  std::uint32_t* stack_;
  List current_{};
  List next_{};
};

}  // namespace

bool nfa_search(const Program& program, std::string_view text) { return Nfa(program).search(text); }

}  // namespace dorm::detail::pattern
