#pragma once
// A link of a many_to_many relation that Session::add() made to a new row: its pivot row can
// only be inserted once both rows have their keys, so flush() inserts it after the new rows.
#include <functional>

#include "dorm/core/database.hpp"

namespace dorm::detail {

/// A pivot row to insert at the next flush(), after the new rows: `insert(db)` links both rows
/// as inserted (the relation's attach()). `parent` and `target` are the rows' addresses, so
/// that a row the session forgets takes its pending links with it.
struct PendingPivotRow {
  const void* parent;
  const void* target;
  std::function<void(Database&)> insert;
};

}  // namespace dorm::detail
