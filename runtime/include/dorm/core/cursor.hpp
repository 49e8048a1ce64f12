#pragma once
// A streaming cursor: rows are read one at a time from SQLite, never all loaded at once.
#include <iterator>
#include <memory>
#include <optional>

#include "dorm/core/model.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/detail/table_rows.hpp"

namespace dorm {

/// An input range over the rows of a query. Each row is read into one reused `M` when the
/// iterator advances. It keeps the query's statement (and bound values) alive; it must not
/// outlive the Database it came from. Use it in a range-for:
/// `for (const User& u : db.select<User>().cursor()) ...`
template <Model M>
class Cursor {
 public:
  Cursor(StatementLease lease, std::shared_ptr<const void> bound_values)
      : lease_(std::move(lease)), bound_values_(std::move(bound_values)) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = M;
    using difference_type = std::ptrdiff_t;
    using pointer = const M*;
    using reference = const M&;

    iterator() = default;
    explicit iterator(Cursor* cursor) : cursor_(cursor) {}
    reference operator*() const { return cursor_->row_; }
    pointer operator->() const { return &cursor_->row_; }
    iterator& operator++() {
      if (!cursor_->advance()) cursor_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.cursor_ == b.cursor_; }

   private:
    Cursor* cursor_ = nullptr;
  };

  /// Starts the query; a cursor can be iterated once.
  iterator begin() {
    if (started_) throw MisuseError("[dorm.misuse.cursor_restarted] a cursor can be iterated only once");
    started_ = true;
    return advance() ? iterator(this) : iterator();
  }
  iterator end() noexcept { return {}; }

  /// Reads the next row into the cursor's row; false at the end.
  bool advance() {
    if (!lease_->step()) return false;
    detail::read_row<table_of<M>>(*lease_, row_);
    return true;
  }
  /// The row read by the last successful advance().
  const M& row() const noexcept { return row_; }

 private:
  StatementLease lease_;
  std::shared_ptr<const void> bound_values_;
  M row_{};
  bool started_ = false;
};

}  // namespace dorm
