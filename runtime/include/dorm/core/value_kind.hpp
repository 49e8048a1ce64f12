#pragma once
// What kind of SQL value a C++ type is, and which kinds may meet in a comparison. These rules
// are what makes `users.age == "x"` a compile error.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dorm/core/type_mapping.hpp"

namespace dorm {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
inline constexpr bool is_optional_v = is_optional<std::remove_cvref_t<T>>::value;

template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};
/// `std::optional<T>` → `T`; any other type unchanged.
template <class T>
using unwrap_optional_t = typename unwrap_optional<std::remove_cvref_t<T>>::type;

/// An integer that is not bool or a character type.
template <class T>
concept IntegerValue = std::integral<std::remove_cvref_t<T>> && !std::same_as<std::remove_cvref_t<T>, bool> &&
                       !std::same_as<std::remove_cvref_t<T>, char>;
template <class T>
concept NumericValue = IntegerValue<T> || std::floating_point<std::remove_cvref_t<T>>;
template <class T>
concept BoolValue = std::same_as<std::remove_cvref_t<T>, bool>;
template <class T>
concept TextValue = std::convertible_to<const T&, std::string_view> && !std::same_as<std::remove_cvref_t<T>, std::nullptr_t>;
template <class T>
concept BlobValue = std::same_as<std::remove_cvref_t<T>, std::vector<std::byte>>;

/// True when a column whose C++ type is `ColumnT` (optional or not) may be compared with a
/// value of type `V`: numbers with numbers, bool with bool, text with text, blob with blob, a
/// mapped type with itself.
template <class ColumnT, class V>
concept ComparableValue =
    (NumericValue<unwrap_optional_t<ColumnT>> && NumericValue<V>) ||
    (BoolValue<unwrap_optional_t<ColumnT>> && BoolValue<V>) ||
    (TextValue<unwrap_optional_t<ColumnT>> && TextValue<V>) ||
    (BlobValue<unwrap_optional_t<ColumnT>> && BlobValue<V>) ||
    // Enums, time points (annotated structs) and mapped types (dorm::type_mapping) compare with
    // values of their own type only: Money with Money, never with its cents.
    ((std::is_enum_v<unwrap_optional_t<ColumnT>> || requires { typename unwrap_optional_t<ColumnT>::clock; } ||
      MappedValue<unwrap_optional_t<ColumnT>>) &&
     std::same_as<unwrap_optional_t<ColumnT>, std::remove_cvref_t<V>>);

/// The type a bound parameter is stored as: values are copied into the query, so a query kept
/// in a variable never refers to a dead temporary.
template <class V>
using param_storage_t = std::conditional_t<
    BoolValue<V>, bool,
    std::conditional_t<IntegerValue<V>, std::int64_t,
                       std::conditional_t<std::floating_point<std::remove_cvref_t<V>>, double,
                                          std::conditional_t<TextValue<V>, std::string, std::remove_cvref_t<V>>>>>;

}  // namespace dorm
