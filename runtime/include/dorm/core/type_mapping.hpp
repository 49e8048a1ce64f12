#pragma once
// The extension point for storing a user's C++ type in a column: specialize dorm::type_mapping
// for it, naming the SQLite value it is stored as and the two conversions,
//
//   template <>
//   struct dorm::type_mapping<acme::Money> {
//     using storage_type = std::int64_t;                    // INTEGER: cents
//     static std::int64_t to_storage(const acme::Money& m) { return m.cents; }
//     static acme::Money from_storage(std::int64_t cents) { return acme::Money{cents}; }
//   };
//
// The storage type is one of std::int64_t (INTEGER), double (REAL), std::string (TEXT) and
// std::vector<std::byte> (BLOB). A mapped type binds and reads through those conversions
// (dorm/core/statement.hpp), and a column of it compares with values of its own type only
// (dorm/core/value_kind.hpp). The schema declares such a column with `x-dorm-cpp-type`
// (docs/queries.md, "Custom column types").
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace dorm {

/// Specialize for a user type `T` stored in a column: `storage_type`, `to_storage(const T&)`
/// and `from_storage(const storage_type&)`. Unspecialized: `T` is no mapped type.
template <class T>
struct type_mapping;

/// A SQLite storage a mapped type can use: INTEGER, REAL, TEXT or BLOB.
template <class S>
concept MappingStorage = std::same_as<S, std::int64_t> || std::same_as<S, double> || std::same_as<S, std::string> ||
                         std::same_as<S, std::vector<std::byte>>;

/// A user type with a complete dorm::type_mapping specialization.
template <class T>
concept MappedValue = requires(const T& value, const typename type_mapping<std::remove_cvref_t<T>>::storage_type& stored) {
  requires MappingStorage<typename type_mapping<std::remove_cvref_t<T>>::storage_type>;
  {
    type_mapping<std::remove_cvref_t<T>>::to_storage(value)
  } -> std::convertible_to<typename type_mapping<std::remove_cvref_t<T>>::storage_type>;
  { type_mapping<std::remove_cvref_t<T>>::from_storage(stored) } -> std::same_as<std::remove_cvref_t<T>>;
};

/// The SQLite value a mapped type is stored as.
template <MappedValue T>
using mapping_storage_t = typename type_mapping<std::remove_cvref_t<T>>::storage_type;

}  // namespace dorm
