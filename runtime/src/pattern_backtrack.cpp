#include "dorm/detail/pattern_backtrack.hpp"

#include <vector>

#include "dorm/core/error.hpp"

namespace dorm::detail::pattern {
namespace {

constexpr std::uint32_t unset = 0xFFFFFFFF;

/// One entry of the backtracking stack.
struct Frame {
  enum Kind : std::uint32_t {
    branch,   ///< resume at instruction `a`, position `b`
    restore,  ///< register `a` had value `b`
    barrier,  ///< the lookahead at instruction `a` began at position `b`
  };
  Kind kind;
  std::uint32_t a;
  std::uint32_t b;
};

class Backtracker {
 public:
  Backtracker(const Program& program, std::u32string_view text, const std::string& source)
      : program_(program), text_(text), source_(source), n_(static_cast<std::uint32_t>(text.size())) {}

  bool search() {
    if (text_.size() >= unset) over_budget();  // positions are 32-bit; no value gets near this
    const std::uint32_t last_start = program_.anchored ? 0 : n_;
    // Set once: a failed attempt pops every frame, and with them undoes every register change.
    registers_.assign(program_.registers, unset);
    for (std::uint32_t start = 0; start <= last_start; ++start) {
      if (attempt(start)) return true;
    }
    return false;
  }

 private:
  [[noreturn]] void over_budget() const {
    throw Error("[dorm.validation.pattern_budget] pattern '" + source_ + "' needs more than " +
                std::to_string(max_backtrack_steps) + " steps on a value of " + std::to_string(text_.size()) +
                " characters (patterns with back-references or lookaheads are matched by backtracking, which "
                "dorm bounds)");
  }

  void step(std::uint64_t count = 1) {
    steps_ += count;
    if (steps_ > max_backtrack_steps) over_budget();
  }

  void set(std::uint32_t r, std::uint32_t value) {
    stack_.push_back({Frame::restore, r, registers_[r]});
    registers_[r] = value;
  }

  // One match attempt from `start`: a loop over instructions; a failure pops the stack to the
  // latest choice point.
  bool attempt(std::uint32_t start) {
    std::uint32_t pc = 0;
    std::uint32_t pos = start;
    while (true) {
      step();
      const Instruction& ins = program_.code[pc];
      bool ok = true;
      switch (ins.op) {
        case Op::chars:
          ok = pos < n_ && program_.classes[ins.x].has(text_[pos]);
          ++pos;
          ++pc;
          break;
        case Op::split:
          stack_.push_back({Frame::branch, ins.y, pos});
          pc = ins.x;
          break;
        case Op::jump: pc = ins.x; break;
        case Op::start: ok = pos == 0; ++pc; break;
        case Op::end: ok = pos == n_; ++pc; break;
        case Op::boundary: {
          const bool boundary = (pos > 0 && is_word(text_[pos - 1])) != (pos < n_ && is_word(text_[pos]));
          ok = boundary == (ins.x == 0);
          ++pc;
          break;
        }
        case Op::match: return true;
        case Op::save:
        case Op::mark:
          set(ins.x, pos);
          ++pc;
          break;
        case Op::reset:
          step(ins.y - ins.x);
          for (std::uint32_t r = ins.x; r < ins.y; ++r) {
            if (registers_[r] != unset) set(r, unset);
          }
          ++pc;
          break;
        case Op::backref: {
          const std::uint32_t from = registers_[2 * ins.x];
          const std::uint32_t to = registers_[2 * ins.x + 1];
          ++pc;
          if (from == unset || to == unset) break;  // an unset group matches empty (ECMA-262)
          const std::uint32_t length = to - from;
          step(length);
          ok = length <= n_ - pos && text_.substr(pos, length) == text_.substr(from, length);
          pos += length;
          break;
        }
        case Op::progress: ok = registers_[ins.x] != pos; ++pc; break;
        case Op::look:
          looks_.push_back(static_cast<std::uint32_t>(stack_.size()));
          stack_.push_back({Frame::barrier, pc, pos});
          ++pc;
          break;
        case Op::look_end: ok = end_lookahead(pc, pos); break;
      }
      if (!ok && !backtrack(pc, pos)) return false;
    }
  }

  // The body of the innermost lookahead matched. Positive: it succeeds once (ECMA-262: no
  // backtracking into a lookahead), so its choice points go but its register changes stay
  // undoable; negative: it fails, undoing the body.
  bool end_lookahead(std::uint32_t& pc, std::uint32_t& pos) {
    const std::uint32_t b = looks_.back();
    looks_.pop_back();
    const Frame entry = stack_[b];
    const Instruction& look = program_.code[entry.a];
    if (look.y == 0) {
      std::size_t kept = b;
      for (std::size_t k = b + 1; k < stack_.size(); ++k) {
        if (stack_[k].kind == Frame::restore) stack_[kept++] = stack_[k];
      }
      stack_.resize(kept);
      pos = entry.b;
      pc = look.x;
      return true;
    }
    while (stack_.size() > b + 1) {
      step();
      const Frame f = stack_.back();
      stack_.pop_back();
      if (f.kind == Frame::restore) registers_[f.a] = f.b;
    }
    stack_.pop_back();
    return false;
  }

  // Returns to the latest choice point (undoing register changes on the way); false when there
  // is none left.
  bool backtrack(std::uint32_t& pc, std::uint32_t& pos) {
    while (!stack_.empty()) {
      step();
      const Frame f = stack_.back();
      stack_.pop_back();
      switch (f.kind) {
        case Frame::restore: registers_[f.a] = f.b; break;
        case Frame::branch:
          pc = f.a;
          pos = f.b;
          return true;
        case Frame::barrier:
          looks_.pop_back();
          // The body failed: a negative lookahead succeeds, a positive one fails further.
          if (program_.code[f.a].y != 0) {
            pc = program_.code[f.a].x;
            pos = f.b;
            return true;
          }
          break;
      }
    }
    return false;
  }

  const Program& program_;
  std::u32string_view text_;
  const std::string& source_;
  std::uint32_t n_;
  std::uint64_t steps_ = 0;
  std::vector<std::uint32_t> registers_;
  std::vector<Frame> stack_;
  std::vector<std::uint32_t> looks_;  ///< stack_ indexes of the open lookaheads' barriers
};

}  // namespace

bool backtrack_search(const Program& program, std::u32string_view text, const std::string& source) {
  return Backtracker(program, text, source).search();
}

}  // namespace dorm::detail::pattern
