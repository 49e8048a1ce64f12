#include "dorm/detail/pattern_sample.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "dorm/detail/pattern_syntax.hpp"
#include "dorm/detail/utf8.hpp"
#include "dorm/core/error.hpp"

namespace dorm::detail {

namespace {

using pattern::CharSet;
using pattern::Edge;
using pattern::far;
using pattern::Kind;
using pattern::Node;

// Counts saturate: a family with more values than a std::uint64_t holds is "many".
constexpr std::uint64_t many = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add_count(std::uint64_t a, std::uint64_t b) noexcept { return a > many - b ? many : a + b; }
std::uint64_t mul_count(std::uint64_t a, std::uint64_t b) noexcept {
  if (a == 0 || b == 0) return 0;
  return a > many / b ? many : a * b;
}

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
        if (set.size() == 0) break;  // `[]` matches nothing
        Family f;
        f.kind = Family::Kind::chars;
        f.length = 1;
        f.count = set.size();
        f.a = n.set;
        f.first = f.last = set.edge();
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
          rest_min = pattern::add_length(rest_min, nodes_[part].min_length);
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
      case Kind::group:
      case Kind::backref:
      case Kind::lookahead:
      case Kind::word_boundary:
        break;  // Dialect::factory trees have none (the parser refuses them)
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
      const std::int64_t rest_min = pattern::mul_length(j - 1, p.min_length);
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
      case Family::Kind::chars: return sets[f.a].index(text[0]);
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
    const std::u32string text = pattern::code_points(value);
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
  const std::u32string text = pattern::code_points(pattern);
  if (text.size() > max_pattern_length) {
    throw Error("[dorm.factory.pattern] pattern '" + plan->pattern.substr(0, 64) + "...' is " +
                std::to_string(text.size()) + " characters long; factories make values for patterns of at most " +
                std::to_string(max_pattern_length));
  }
  pattern::Tree tree;
  const std::uint32_t body = pattern::parse(plan->pattern, text, tree);
  // JSON Schema patterns are unanchored: any text may come before and after the match.
  const std::uint32_t filler = tree.add_node(Kind::repeat, {tree.add_set({{U'0', U'9'}, {U'a', U'z'}})}, 0, far);
  const std::uint32_t root = tree.add_node(Kind::concat, {filler, body, filler});
  const std::vector<Node>& nodes = tree.nodes;
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
    Tables tables(nodes, tree.sets, cap, work_budget);
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

  plan->sets = std::move(tree.sets);
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
