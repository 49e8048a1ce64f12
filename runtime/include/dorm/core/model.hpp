#pragma once
// How the runtime finds the generated table of a model type. dorm-gen declares, next to each
// table, `users_table dorm_table_of(dorm::tag<User>);` (never defined): argument-dependent lookup
// then maps User to its table from any namespace, for generated structs and for users' own
// annotated structs alike, without specializing anything inside namespace dorm.
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace dorm {

/// An empty value naming a type, used for lookups by type.
template <class T>
struct tag {};

/// The generated table type of model `M` (e.g. blog::users_table for blog::User).
template <class M>
using table_of = decltype(dorm_table_of(tag<std::remove_cvref_t<M>>{}));

/// A struct dorm-gen generated (or extended) for a table: it can be inserted, found, selected.
template <class M>
concept Model = requires {
  typename table_of<M>;
  { table_of<M>::name } -> std::convertible_to<std::string_view>;
};

/// A generated table type (the type of blog::users).
template <class T>
concept Table = requires {
  typename T::model_type;
  { T::name } -> std::convertible_to<std::string_view>;
  { T::quoted_name } -> std::convertible_to<std::string_view>;
};

}  // namespace dorm
