#pragma once
// The foreign keys of a generated table, as types the runtime can walk. dorm-gen adds to a
// table's descriptor one line when the table has any (`x-dorm-references`, a pivot's keys),
//
//   using foreign_keys = dorm::type_list<
//       dorm::ForeignKey<dorm::Column<comments_post_id_column>, dorm::Column<posts_id_column>>, ...>;
//
// in column order. A unit of work reads them to order its writes (dorm/session/commit_order.hpp)
// and to copy a new parent's generated key into its children. The IR has single-column foreign
// keys only, so a ForeignKey is one column pair.
#include "dorm/core/type_list.hpp"

namespace dorm {

/// Column `Child` (a dorm::Column of the referencing table) holds a value of column `Parent` (a
/// dorm::Column of the referenced table): `comments.post_id -> posts.id`. Only named, never
/// constructed.
template <class Child, class Parent>
struct ForeignKey {
  using child_column = Child;
  using parent_column = Parent;
};

namespace detail {
template <class T>
struct foreign_keys_of {
  using type = type_list<>;
};
template <class T>
  requires requires { typename T::foreign_keys; }
struct foreign_keys_of<T> {
  using type = typename T::foreign_keys;
};
}  // namespace detail

/// The foreign keys of generated table type `T` (dorm::table_of<M>), a type_list of ForeignKey;
/// empty when the table references none.
template <class T>
using foreign_keys_of_t = typename detail::foreign_keys_of<T>::type;

}  // namespace dorm
