#pragma once
// C++ functions as typed SQL functions. A function object carries its SQL name in its type,
//
//   inline constexpr auto slug = dorm::scalar_function<"slug">([](std::string_view s) { ... });
//   struct Median { void step(double v); std::optional<double> result() const; };
//   inline constexpr dorm::AggregateFunction<"median", Median> median{};
//
// so `slug(posts.title)` is an expression whose SQL (`slug("posts"."title")`) is fixed by its
// type like any column's, usable in columns(), where() and order_by(), and `median(posts.score)`
// an aggregate for columns() and having(). The argument types are read from the C++ signature
// and checked against the columns at compile time; the result type follows from the return
// type. Register them on a connection (`db.create_function(slug)`), or on every connection a
// Database, ConnectionPool or Pool opens (`OpenOptions{.functions = {slug, median}}`).
//
// NULL: a NULL argument for a parameter that is not a std::optional makes a scalar function
// return NULL without calling it (its expression then reads as std::optional when a nullable
// column is passed), and makes an aggregate skip the row, as SQL's own functions do. An
// exception thrown by the C++ function fails the statement with its message (SqliteError).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/column.hpp"
#include "dorm/core/database.hpp"
#include "dorm/expr/aggregate.hpp"
#include "dorm/query/rules.hpp"

namespace dorm::error {

template <class Parameter, class Argument>
struct sql_argument_of_another_kind {
  sql_argument_of_another_kind() = delete;  // one column or expression per C++ parameter, of its kind
};
template <class Parameters, class... Arguments>
struct sql_function_called_with_another_number_of_arguments {
  sql_function_called_with_another_number_of_arguments() = delete;  // one argument per C++ parameter
};

}  // namespace dorm::error

namespace dorm {

namespace detail {

/// The parameter types and result of a function object's call operator (not a generic lambda).
template <class F>
struct callable_traits : callable_traits<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) const> {
  using result = R;
  using parameters = type_list<A...>;
};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) const noexcept> : callable_traits<R (C::*)(A...) const> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...)> : callable_traits<R (C::*)(A...) const> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) noexcept> : callable_traits<R (C::*)(A...) const> {};
template <class R, class... A>
struct callable_traits<R (*)(A...)> {
  using result = R;
  using parameters = type_list<A...>;
};

/// What a parameter reads from SQL: `const std::string&` -> std::string.
template <class P>
using parameter_value_t = std::remove_cvref_t<P>;

/// True for a C++ parameter type SQL values can be read into.
template <class P>
concept SqlArgument = BoolValue<unwrap_optional_t<P>> || IntegerValue<unwrap_optional_t<P>> ||
                      std::floating_point<unwrap_optional_t<P>> ||
                      std::same_as<unwrap_optional_t<P>, std::string_view> ||
                      std::same_as<unwrap_optional_t<P>, std::string> || BlobValue<unwrap_optional_t<P>>;

/// A value of kind `V` (a column's value type, without optional) may be passed for a parameter
/// of type `P`: bool for bool, integers for integers, numbers for floating point, text for
/// text, blobs for blobs.
template <class P, class V>
concept ArgumentOfKind =
    (BoolValue<unwrap_optional_t<P>> && BoolValue<V>) || (IntegerValue<unwrap_optional_t<P>> && IntegerValue<V>) ||
    (std::floating_point<unwrap_optional_t<P>> && NumericValue<V>) ||
    (TextValue<unwrap_optional_t<P>> && !BlobValue<unwrap_optional_t<P>> && TextValue<V>) ||
    (BlobValue<unwrap_optional_t<P>> && BlobValue<V>);

/// Expression `E` may be passed for parameter `P`.
template <class P, class E>
concept ArgumentFor = ValueExpression<E> && SqlArgument<parameter_value_t<P>> &&
                      ArgumentOfKind<parameter_value_t<P>, unwrap_optional_t<typename std::remove_cvref_t<E>::value_type>>;

/// The rule a call of a function with C++ parameters `Parameters` on `Args` breaks, or satisfied.
template <class Parameters, class... Args>
struct call_check {
  using type = error::sql_function_called_with_another_number_of_arguments<Parameters, Args...>;
};
template <class... P, class... Args>
  requires(sizeof...(P) == sizeof...(Args))
struct call_check<type_list<P...>, Args...> {
  using type = rules::first_broken_t<
      rules::check_t<ArgumentFor<P, Args>, error::sql_argument_of_another_kind<parameter_value_t<P>, Args>>...>;
};
template <class Parameters, class... Args>
using call_check_t = typename call_check<Parameters, Args...>::type;
/// The function takes `Args`.
template <class Parameters, class... Args>
concept CallableOn = std::is_same_v<call_check_t<Parameters, Args...>, rules::satisfied>;

/// A NULL may reach a parameter that is not optional: the call then yields NULL.
template <class P, class E>
inline constexpr bool null_propagates =
    is_optional_v<typename std::remove_cvref_t<E>::value_type> && !is_optional_v<parameter_value_t<P>>;

/// The C++ type a function's result reads back as: text views become std::string.
template <class R>
using sql_result_t = std::conditional_t<
    std::is_same_v<std::remove_cvref_t<R>, std::string_view> || std::is_same_v<std::decay_t<R>, const char*>,
    std::string, std::remove_cvref_t<R>>;

[[noreturn]] inline void throw_argument_kind(std::string_view function, std::size_t index, std::string_view wanted) {
  throw std::invalid_argument("dorm: argument " + std::to_string(index + 1) + " of SQL function '" +
                              std::string(function) + "' is not " + std::string(wanted));
}

/// Argument `index` of `function` read as `P` (its NULL already handled by the caller).
template <class P>
P function_argument(const ColumnValue& v, std::string_view function, std::size_t index) {
  if constexpr (is_optional_v<P>) {
    if (v.storage_class() == StorageClass::null) return std::nullopt;
    return P(function_argument<unwrap_optional_t<P>>(v, function, index));
  } else if constexpr (BoolValue<P> || IntegerValue<P>) {
    if (v.storage_class() != StorageClass::integer) throw_argument_kind(function, index, "an INTEGER");
    if constexpr (BoolValue<P>) {
      return v.integer() != 0;
    } else {
      return static_cast<P>(v.integer());
    }
  } else if constexpr (std::floating_point<P>) {
    if (v.storage_class() != StorageClass::integer && v.storage_class() != StorageClass::real)
      throw_argument_kind(function, index, "a number");
    return static_cast<P>(v.real());
  } else if constexpr (BlobValue<P>) {
    if (v.storage_class() != StorageClass::blob) throw_argument_kind(function, index, "a BLOB");
    const std::byte* data = v.blob_data();
    return P(data, data + v.size());
  } else {
    if (v.storage_class() != StorageClass::text) throw_argument_kind(function, index, "TEXT");
    return P(v.text());  // std::string_view: valid during the call
  }
}

/// A C++ result as an SQL function's result.
template <class R>
Connection::FunctionResult function_result(const R& value) {
  using Result = Connection::FunctionResult;
  if constexpr (is_optional_v<R>) {
    return value ? function_result(*value) : Result::null();
  } else if constexpr (BoolValue<R>) {
    return Result(std::int64_t{value ? 1 : 0});
  } else if constexpr (IntegerValue<R>) {
    return Result(static_cast<std::int64_t>(value));
  } else if constexpr (std::floating_point<R>) {
    return Result::real_number(static_cast<double>(value));
  } else if constexpr (BlobValue<R>) {
    return Result(std::string(reinterpret_cast<const char*>(value.data()), value.size()));
  } else {
    static_assert(TextValue<R>, "dorm: an SQL function returns a number, bool, text, bytes or a std::optional of one");
    return Result::text(std::string(std::string_view(value)));
  }
}

/// True when any argument is NULL for a parameter that is not optional (the row is NULL-in).
template <class... P>
bool null_for_required(std::span<const ColumnValue> arguments, type_list<P...>) {
  std::size_t i = 0;
  return ((!is_optional_v<parameter_value_t<P>> && arguments[i++].storage_class() == StorageClass::null) || ...);
}

/// Calls `f` with `arguments` read as its parameters `P...`.
template <class F, class... P, std::size_t... I>
decltype(auto) call_with(F& f, std::string_view name, std::span<const ColumnValue> arguments, type_list<P...>,
                         std::index_sequence<I...>) {
  return f(function_argument<parameter_value_t<P>>(arguments[I], name, I)...);
}

template <class List>
struct list_size;
template <class... T>
struct list_size<type_list<T...>> : std::integral_constant<std::size_t, sizeof...(T)> {};

/// The SQL name of a function: letters, digits and `_`, not starting with a digit (spelled
/// unquoted in the SQL).
constexpr bool is_function_name(std::string_view name) noexcept {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

/// `name(arg1, arg2)`.
template <sql_name Name, class... Args>
constexpr auto function_call_sql() noexcept {
  return sql_concat(sql_from<Name.view().size()>(Name.view()), sql_literal("("),
                    sql_join(sql_literal(", "), Args::sql_text()...), sql_literal(")"));
}

}  // namespace detail

/// A call of scalar SQL function `Function` on the expressions `Args`: `slug(posts.title)`.
/// Holds no values (its arguments are columns and expressions), so its SQL is its type's.
template <class Function, class... Args>
struct FunctionCall {
  using parameters = typename Function::parameters;
  static constexpr bool propagates_null = [] {
    return []<class... P>(type_list<P...>) { return (detail::null_propagates<P, Args> || ...); }(parameters{});
  }();
  using result_type = typename Function::result_type;
  using value_type = std::conditional_t<propagates_null && !is_optional_v<result_type>, std::optional<result_type>,
                                        result_type>;
  using tables = type_list_concat_t<type_list<>, typename Args::tables...>;
  using columns = type_list_concat_t<type_list<>, rules::columns_of_t<Args>...>;
  static constexpr bool nullable = is_optional_v<value_type>;
  static constexpr bool is_value_expression = true;
  /// May stand alone in order_by() like a column.
  static constexpr bool is_scalar_expression = true;
  /// A bool-valued call is a condition: `where(is_palindrome(words.text))`.
  static constexpr bool is_condition = BoolValue<unwrap_optional_t<value_type>>;

  static constexpr auto sql_text() noexcept { return detail::function_call_sql<Function::name, Args...>(); }
  void bind(Binder&) const noexcept {}
  [[nodiscard]] OrderTerm<FunctionCall, SortOrder::asc> asc() const noexcept { return {}; }
  [[nodiscard]] OrderTerm<FunctionCall, SortOrder::desc> desc() const noexcept { return {}; }
};

/// The C++ function `F` (a lambda or function object with one call operator) as the scalar SQL
/// function `Name`. Make one with dorm::scalar_function<"name">(f).
/// The call operator of a scalar SQL function type `Self` whose C++ parameters are `Parameters`:
/// `self(args...)` is a FunctionCall. As for builder methods (dorm/expr/rules.hpp), the typing
/// rule is a defaulted parameter, so a wrong argument's error names the rule, the parameter and
/// the argument (`sql_argument_of_another_kind<std::basic_string_view<char>,
/// dorm::Column<blog::posts_views_column>>`); four or more arguments, which leave no room for
/// it, are checked by a constraint.
template <class Self, class Parameters>
struct SqlCallable {
  /// `name()`.
  [[nodiscard]] FunctionCall<Self> operator()(detail::call_check_t<Parameters> = {}) const { return {}; }
  /// `name(a)`.
  template <class A1>
  [[nodiscard]] FunctionCall<Self, A1> operator()(const A1&, detail::call_check_t<Parameters, A1> = {}) const {
    return {};
  }
  /// `name(a, b)`.
  template <class A1, class A2>
  [[nodiscard]] FunctionCall<Self, A1, A2> operator()(const A1&, const A2&,
                                                      detail::call_check_t<Parameters, A1, A2> = {}) const {
    return {};
  }
  /// `name(a, b, c)`.
  template <class A1, class A2, class A3>
  [[nodiscard]] FunctionCall<Self, A1, A2, A3> operator()(const A1&, const A2&, const A3&,
                                                          detail::call_check_t<Parameters, A1, A2, A3> = {}) const {
    return {};
  }
  /// `name(args...)` of four or more arguments.
  template <class... Args>
    requires(sizeof...(Args) > 3 && detail::CallableOn<Parameters, Args...>)
  [[nodiscard]] FunctionCall<Self, Args...> operator()(const Args&...) const {
    return {};
  }
};

template <sql_name Name, class F>
class ScalarFunction
    : public SqlCallable<ScalarFunction<Name, F>, typename detail::callable_traits<F>::parameters> {
 public:
  static_assert(detail::is_function_name(Name.view()),
                "dorm: an SQL function's name is letters, digits and '_', not starting with a digit");
  static constexpr auto name = Name;
  using parameters = typename detail::callable_traits<F>::parameters;
  using result_type = detail::sql_result_t<typename detail::callable_traits<F>::result>;

  constexpr explicit ScalarFunction(F function) : function_(std::move(function)) {}

  /// Registers the function on `db`'s connection (Database::create_function calls this).
  void register_on(Database& db) const {
    db.connection().create_function(std::string(Name.view()),
                                    static_cast<int>(detail::list_size<parameters>::value), false,
                                    [function = function_](std::span<const ColumnValue> arguments) mutable {
                                      if (detail::null_for_required(arguments, parameters{}))
                                        return Connection::FunctionResult::null();
                                      return detail::function_result(detail::call_with(
                                          function, Name.view(), arguments, parameters{},
                                          std::make_index_sequence<detail::list_size<parameters>::value>{}));
                                    });
  }

 private:
  F function_;
};

/// `f` as the scalar SQL function `Name`:
/// `inline constexpr auto slug = dorm::scalar_function<"slug">([](std::string_view s) { ... });`
template <sql_name Name, class F>
constexpr ScalarFunction<Name, F> scalar_function(F function) {
  return ScalarFunction<Name, F>(std::move(function));
}

/// An SQL function the database already has (built in, or from a loaded extension), given a C++
/// signature so that calls are typed: `inline constexpr dorm::DeclaredFunction<"reverse",
/// std::string(std::string_view)> reverse{};` makes `reverse(posts.title)` a std::string.
/// Nothing is registered; the signature is a promise the SQL function must keep.
template <sql_name Name, class Signature>
struct DeclaredFunction;
template <sql_name Name, class R, class... A>
struct DeclaredFunction<Name, R(A...)> : SqlCallable<DeclaredFunction<Name, R(A...)>, type_list<A...>> {
  static_assert(detail::is_function_name(Name.view()),
                "dorm: an SQL function's name is letters, digits and '_', not starting with a digit");
  static constexpr auto name = Name;
  using parameters = type_list<A...>;
  using result_type = detail::sql_result_t<R>;
};

template <class Function, class... Args>
struct AggregateCall
    : Aggregate<AggregateCall<Function, Args...>, typename Function::result_type,
                type_list_concat_t<type_list<>, typename Args::tables...>,
                type_list_concat_t<type_list<>, rules::columns_of_t<Args>...>> {
  static constexpr auto sql_text() noexcept { return detail::function_call_sql<Function::name, Args...>(); }
};

/// The aggregate SQL function `Name` computed by `State`: a default-constructible type with
/// `step(parameters...)` called per row (rows with a NULL for a non-optional parameter are
/// skipped) and `result()` giving the value, also for a group without rows.
template <sql_name Name, class State>
struct AggregateFunction {
  static_assert(detail::is_function_name(Name.view()),
                "dorm: an SQL function's name is letters, digits and '_', not starting with a digit");
  static constexpr auto name = Name;
  using parameters = typename detail::callable_traits<decltype(&State::step)>::parameters;
  using result_type = detail::sql_result_t<decltype(std::declval<State&>().result())>;

  /// `name(a)`, an aggregate: one column or expression per parameter of step() (checked as for
  /// scalar functions).
  template <class A1>
  [[nodiscard]] AggregateCall<AggregateFunction, A1> operator()(const A1&,
                                                                detail::call_check_t<parameters, A1> = {}) const {
    return {};
  }
  /// `name(a, b)`.
  template <class A1, class A2>
  [[nodiscard]] AggregateCall<AggregateFunction, A1, A2> operator()(
      const A1&, const A2&, detail::call_check_t<parameters, A1, A2> = {}) const {
    return {};
  }
  /// `name(args...)` of three or more arguments.
  template <class... Args>
    requires(sizeof...(Args) > 2 && detail::CallableOn<parameters, Args...>)
  [[nodiscard]] AggregateCall<AggregateFunction, Args...> operator()(const Args&...) const {
    return {};
  }

  /// Registers the aggregate on `db`'s connection (Database::create_function calls this).
  void register_on(Database& db) const {
    db.connection().create_aggregate(std::string(Name.view()),
                                     static_cast<int>(detail::list_size<parameters>::value), false,
                                     [] { return std::make_unique<Running>(); });
  }

 private:
  struct Running final : Connection::AggregateState {
    void step(std::span<const ColumnValue> arguments) override {
      if (detail::null_for_required(arguments, parameters{})) return;
      auto call = [this](auto&&... values) { state.step(std::forward<decltype(values)>(values)...); };
      detail::call_with(call, Name.view(), arguments, parameters{},
                        std::make_index_sequence<detail::list_size<parameters>::value>{});
    }
    Connection::FunctionResult result() override { return detail::function_result(state.result()); }
    State state{};
  };
};

}  // namespace dorm
