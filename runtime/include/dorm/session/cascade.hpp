#pragma once
// The cascades a relation declares in the schema (`"cascade": ["persist", "remove"]`,
// `"orphanRemoval": true`; DORM_HAS_MANY(..., "cascade=persist,remove", "orphan_removal=true")),
// which a unit of work follows. dorm-gen writes them as constants on the relation's descriptor
// only where declared,
//
//   struct posts_comments_relation : dorm::HasMany<...> { static constexpr std::string_view name = "comments";
//     static constexpr bool cascade_persist = true, cascade_remove = true, orphan_removal = true; };
//
// so a relation without them costs nothing; these read them, false where absent. The table's
// descriptor lists the relations declaring any (`using cascading_relations = dorm::type_list<...>`),
// which a Session follows from a row.
#include "dorm/core/type_list.hpp"

namespace dorm {

/// Relation `R` cascades persist: persisting a row persists the new rows of its loaded relation
/// (for a belongs_to, the new parent; for a many_to_many, the new targets and their links).
template <class R>
inline constexpr bool cascades_persist = requires { requires R::cascade_persist; };

/// Relation `R` (a has_one or has_many) cascades remove: removing a row removes the rows of its
/// loaded relation.
template <class R>
inline constexpr bool cascades_remove = requires { requires R::cascade_remove; };

/// Relation `R` (a has_one or has_many) removes orphans: a row that leaves the loaded
/// collection (or is replaced in a has_one) is removed.
template <class R>
inline constexpr bool removes_orphans = requires { requires R::orphan_removal; };

namespace detail {
template <class T>
struct cascading_relations_of {
  using type = type_list<>;
};
template <class T>
  requires requires { typename T::cascading_relations; }
struct cascading_relations_of<T> {
  using type = typename T::cascading_relations;
};
}  // namespace detail

/// The relations of table `T` that declare a cascade or orphan removal (type_list<> when none).
template <class T>
using cascading_relations_of_t = typename detail::cascading_relations_of<T>::type;

}  // namespace dorm
