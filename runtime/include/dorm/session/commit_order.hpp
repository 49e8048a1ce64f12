#pragma once
// The order in which a unit of work writes the rows of several tables so that every foreign key
// holds at each statement: inserts parents first, deletes children first, computed at run time
// from the tables' generated foreign keys (dorm/core/foreign_key.hpp), because a session holds
// rows of many types behind one type-erased list.
//
// Cycles (docs/errors.md, dorm.commit_order.cycle). Where tables reference each other, the
// cycle is broken as MikroORM and Hibernate do: a nullable foreign key inside the cycle is left
// out of the order and listed in `deferred`; the row is inserted with NULL there and an UPDATE
// sets the key once its parent's row exists (and, before a delete, an UPDATE sets it back to
// NULL). A cycle made only of NOT NULL foreign keys has no such order: commit_order() throws
// ForeignKeyCycle naming its tables. A table referencing itself (employees.manager_id) is never
// a cycle between tables: its nullable self-references are deferred the same way, its NOT NULL
// ones listed in `ordered_within` (the session inserts those rows in layers, a referenced row's
// layer before the rows referencing it, and deletes referencing rows first).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dorm/core/error.hpp"
#include "dorm/core/foreign_key.hpp"
#include "dorm/core/model.hpp"

namespace dorm {

/// One foreign key of a table, type-erased: `column` of the table holds a value of
/// `parent_column` of `parent_table`.
struct ForeignKeyLink {
  std::string_view column;
  std::string_view parent_table;
  std::string_view parent_column;
  bool nullable = false;  ///< the column may be NULL, so a row can be inserted before its parent
};

/// A table and its foreign keys, as commit_order() takes them.
struct TableLinks {
  std::string_view table;
  std::span<const ForeignKeyLink> foreign_keys;
};

namespace detail {
template <class FK>
inline constexpr ForeignKeyLink foreign_key_link{FK::child_column::name, FK::parent_column::table_type::name,
                                                 FK::parent_column::name, FK::child_column::nullable};
template <class List>
struct foreign_key_links;
template <class... FKs>
struct foreign_key_links<type_list<FKs...>> {
  static constexpr std::size_t size = sizeof...(FKs);
  static constexpr ForeignKeyLink links[size + 1] = {foreign_key_link<FKs>..., ForeignKeyLink{}};  // +1: never empty
};
}  // namespace detail

/// The table of model `M` and its foreign keys (static data: the spans stay valid).
template <Model M>
[[nodiscard]] TableLinks table_links() noexcept {
  using T = table_of<M>;
  using Links = detail::foreign_key_links<foreign_keys_of_t<T>>;
  return {T::name, std::span<const ForeignKeyLink>(Links::links, Links::size)};
}

/// A foreign key left out of the insert order to break a cycle, or a nullable self-reference:
/// `table`.`column` (nullable) is inserted NULL, then set by an UPDATE once its parent's row is in.
struct DeferredForeignKey {
  std::string_view table;
  std::string_view column;
  std::string_view parent_table;
  std::string_view parent_column;
};

/// What commit_order() computes: table names, each table once, from the tables given.
struct CommitOrder {
  std::vector<std::string_view> inserts;  ///< parents before the tables referencing them
  std::vector<std::string_view> deletes;  ///< the tables referencing a table before it
  std::vector<DeferredForeignKey> deferred;  ///< written by an UPDATE after the inserts (see above)
  /// NOT NULL self-references (`table` = `parent_table`): rows of `table` are inserted in layers,
  /// referenced rows first, and deleted referencing rows first.
  std::vector<DeferredForeignKey> ordered_within;
};

/// The tables of a cycle of NOT NULL foreign keys, which no insert order satisfies
/// ([dorm.commit_order.cycle]). `tables()` is the cycle in reference order: each table's
/// foreign key points at the next, the last's at the first.
class ForeignKeyCycle : public Error {
 public:
  explicit ForeignKeyCycle(std::vector<std::string> tables);
  [[nodiscard]] const std::vector<std::string>& tables() const noexcept { return tables_; }

 private:
  std::vector<std::string> tables_;
};

/// The insert and delete order of `tables` (foreign keys to tables not in the list are ignored:
/// their rows are not written). Among tables free to go in any order, the list's order is kept,
/// so the result is deterministic. Throws ForeignKeyCycle for a cycle of NOT NULL foreign keys.
[[nodiscard]] CommitOrder commit_order(std::span<const TableLinks> tables);

}  // namespace dorm
