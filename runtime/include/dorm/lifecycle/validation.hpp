#pragma once
// Validation from the schema. dorm-gen turns JSON Schema's validation keywords into a
// `validate()` per column and per table that call the checks below; Database runs them before
// every insert and update and throws ValidationError, listing every failure, before writing.
//
// The checks follow JSON Schema's meaning of each keyword: lengths count Unicode code points,
// `pattern` is an ECMA-262 regular expression searched anywhere in the string (unanchored).
// Two rules come from the column rather than a keyword: an object/array property holds JSON of
// that type, and a string member keeps its text in a column whose affinity converts numbers.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dorm/core/affinity.hpp"
#include "dorm/core/column_info.hpp"
#include "dorm/core/error.hpp"
#include "dorm/core/json_text.hpp"
#include "dorm/core/model.hpp"
#include "dorm/detail/table_columns.hpp"

namespace dorm {

/// One broken rule of one column.
struct FieldError {
  std::string table;     ///< SQL table name
  std::string column;    ///< SQL column name
  std::string rule;      ///< the JSON Schema keyword: "maxLength", "format", "enum", ...
  std::string expected;  ///< the keyword's argument as text: "10", "email", "^[a-z]+$", ...
  /// The rejected value as text: numbers as JSON numbers; strings JSON-quoted and escaped,
  /// cut after 64 code points with "…" after the closing quote.
  std::string value;
  std::string message;  ///< one sentence: `name: "Bartholomew" is 11 characters, more than maxLength 10`
};

/// The failures found while validating one row.
class ValidationErrors {
 public:
  explicit ValidationErrors(std::string_view table) : table_(table) {}
  /// Records a failure of `rule` on `column`.
  void add(std::string_view column, std::string_view rule, std::string expected, std::string value,
           std::string message);
  [[nodiscard]] bool empty() const noexcept { return errors_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return errors_.size(); }
  [[nodiscard]] const std::vector<FieldError>& errors() const noexcept { return errors_; }
  [[nodiscard]] std::vector<FieldError> release() && { return std::move(errors_); }
  [[nodiscard]] std::string_view table() const noexcept { return table_; }

 private:
  std::string table_;
  std::vector<FieldError> errors_;
};

/// A row broke rules of its schema; nothing was written. `errors()` lists every failure.
/// what(): "[dorm.validation] accounts: 2 rules failed: name: ...; email: ...".
class ValidationError : public Error {
 public:
  explicit ValidationError(ValidationErrors errors);
  [[nodiscard]] const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

/// Number of Unicode code points in UTF-8 `text` (JSON Schema's string length), NUL included.
/// Text that is not UTF-8 is counted as SQLite's length() counts it, so a length CHECK agrees:
/// a byte from 0xC0 up starts a character that takes the continuation bytes (0x80-0xBF) after
/// it, any other byte is one character.
[[nodiscard]] std::size_t utf8_length(std::string_view text) noexcept;

/// A compiled ECMA-262 regular expression matched against code points, not bytes, by dorm's
/// own matcher (docs/json-schema.md, "Patterns", lists the syntax). `\d`, `\w`, `\s` are ASCII;
/// lookbehind, named groups and `u`-flag syntax (`\p{...}`, `\u{...}`) are refused, and
/// `\uD83D\uDE00` surrogate pairs match nothing (write the character itself). A pattern without
/// back-references and lookaheads is matched in time linear in the value (an NFA simulation,
/// no recursion); one with them by a backtracking matcher with a budget of 1,000,000 steps per
/// search, past which search() throws "[dorm.validation.pattern_budget] ...". Declare a Pattern
/// `static const` where it is used: compiling is the expensive part, and search() is safe to
/// call from several threads.
class Pattern {
 public:
  /// Compiles `source` (UTF-8); throws dorm::Error "[dorm.validation.pattern] ..." naming the
  /// pattern when it is not a valid regular expression (saying what and at which character) or
  /// compiles to more than 20,000 instructions (`(?:a{1000}){1000}`).
  explicit Pattern(std::string_view source);
  Pattern(Pattern&&) noexcept;
  Pattern& operator=(Pattern&&) noexcept;
  ~Pattern();
  /// True when the pattern matches somewhere in UTF-8 `text` (unanchored, as JSON Schema says:
  /// "b" matches "abc", "^a" anchors). Invalid UTF-8 bytes read as U+FFFD. Throws
  /// MisuseError on a moved-from Pattern, and dorm::Error "[dorm.validation.pattern_budget]
  /// pattern '...' needs more than 1000000 steps on a value of N characters ..." when a pattern
  /// with back-references or lookaheads exhausts its step budget.
  [[nodiscard]] bool search(std::string_view text) const;
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  struct Compiled;
  std::string source_;
  std::unique_ptr<Compiled> compiled_;
};

/// The `format` values dorm checks.
/// - email: RFC 5321 mailbox, pragmatically. Local part: dot-separated atoms of letters, digits
///   and !#$%&'*+-/=?^_`{|}~ (no leading, trailing or double dot), or a quoted string; at most
///   64 bytes. Domain: at least two dot-separated labels of letters, digits and '-' (no label
///   starting or ending with '-', at most 63 bytes each, 253 in all), the last not all digits;
///   so `user@localhost` and address literals `user@[10.0.0.1]` are rejected. Non-ASCII UTF-8
///   is accepted in both parts (RFC 6531, JSON Schema's idn-email).
/// - uuid: RFC 4122 text, 8-4-4-4-12 hexadecimal digits in either case; no braces, no version check.
/// - date: RFC 3339 full-date YYYY-MM-DD, a real calendar day (Feb 29 only in leap years).
/// - date_time ("date-time"): RFC 3339 date-time: full-date, 'T', 't' or ' ', HH:MM:SS with an
///   optional fraction, then a required offset 'Z', 'z' or ±HH:MM. Second 60 (a leap second)
///   only where it is 23:59 UTC.
enum class Format { email, uuid, date, date_time };

/// The checks generated validate() functions call. Each appends a FieldError to `errors` when
/// `value` breaks the rule; `column` is the SQL column name. Numbers in messages are printed
/// shortest-first without a useless ".0" ("10", "0.5").
namespace check {
/// `minLength`: at least `min` code points.
void min_length(ValidationErrors& errors, std::string_view column, std::string_view value, std::int64_t min);
/// `maxLength`: at most `max` code points.
void max_length(ValidationErrors& errors, std::string_view column, std::string_view value, std::int64_t max);
/// The value of a bound check (minimum, maximum, exclusiveMinimum, exclusiveMaximum): any
/// integer, compared with the bound exactly as SQLite compares an INTEGER with a REAL
/// (9007199254740993 is above a maximum of 9007199254740992, which a double cannot tell), or a
/// floating-point number. Implicit, so a check takes a column's value as it is.
class BoundValue {
 public:
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  BoundValue(I value) noexcept : integer_(static_cast<std::int64_t>(value)), is_integer_(true) {}
  template <std::floating_point F>
  BoundValue(F value) noexcept : real_(static_cast<double>(value)) {}
  /// True for an integer (integer() holds it), false for a floating-point number (real()).
  [[nodiscard]] bool is_integer() const noexcept { return is_integer_; }
  [[nodiscard]] std::int64_t integer() const noexcept { return integer_; }
  [[nodiscard]] double real() const noexcept { return real_; }

 private:
  std::int64_t integer_ = 0;
  double real_ = 0;
  bool is_integer_ = false;
};
/// `minimum`: value >= bound. NaN fails this and the three bounds below (SQLite stores it as NULL).
void minimum(ValidationErrors& errors, std::string_view column, BoundValue value, double bound);
/// `maximum`: value <= bound.
void maximum(ValidationErrors& errors, std::string_view column, BoundValue value, double bound);
/// `exclusiveMinimum`: value > bound.
void exclusive_minimum(ValidationErrors& errors, std::string_view column, BoundValue value, double bound);
/// `exclusiveMaximum`: value < bound.
void exclusive_maximum(ValidationErrors& errors, std::string_view column, BoundValue value, double bound);
/// `enum`: `value` must be one of `allowed`; `expected` is the list as JSON (`["admin","member"]`).
void one_of(ValidationErrors& errors, std::string_view column, std::string_view value,
            std::span<const std::string_view> allowed);
void one_of(ValidationErrors& errors, std::string_view column, std::int64_t value,
            std::span<const std::int64_t> allowed);
void one_of(ValidationErrors& errors, std::string_view column, double value, std::span<const double> allowed);
void one_of(ValidationErrors& errors, std::string_view column, bool value, std::span<const bool> allowed);
/// `pattern`: `pattern.search(value)`; `expected` is the pattern's source.
void pattern(ValidationErrors& errors, std::string_view column, std::string_view value, const Pattern& pattern);
/// `format`: see Format; the message says what is wrong ("the time zone offset ... is missing").
void format(ValidationErrors& errors, std::string_view column, std::string_view value, Format format);
/// A string member of a column whose affinity turns text into numbers (`x-dorm-affinity`
/// numeric, integer or real, e.g. an introspected DATETIME column): `value` must read back as
/// written (dorm::keeps_text), so "2024" and "2024-01-31" pass under NUMERIC while "007",
/// "1.50", "1e3" and " 5" fail: SQLite would store them as numbers and return "7", "1.5",
/// "1000" and "5". The rule is "x-dorm-affinity", `expected` the affinity's name.
void keeps_text(ValidationErrors& errors, std::string_view column, std::string_view value, Affinity affinity);
/// `type` "object" or "array": `value` must be a JSON text (RFC 8259) whose top-level value is of
/// that type (dorm::json_problem); the message says where it stops being JSON. The rule is
/// "type", `expected` "object" or "array".
void json(ValidationErrors& errors, std::string_view column, std::string_view value, JsonType type);
}  // namespace check

/// True when `value` is valid for `format` (exactly what check::format accepts).
[[nodiscard]] bool matches_format(std::string_view value, Format format);

/// Appends a dorm::FieldError for each rule of column `C` that `value` breaks (defined in
/// dorm/core/column_rules.hpp, where the rules are).
template <class C>
void validate_column(const typename C::value_type& value, ValidationErrors& errors);

namespace detail {

/// Column (or descriptor) `C` has validation rules (`rules`, dorm/core/column_rules.hpp).
template <class C>
concept has_rules = requires { descriptor_of_t<C>::rules; };

/// Some column of table `T` has validation rules.
template <class T>
constexpr bool has_validated_columns() {
  return []<class... Cs>(type_list<Cs...>) { return (has_rules<Cs> || ...); }(typename T::columns{});
}

/// Appends a dorm::FieldError for each rule `row` breaks: a table type's own `validate(row,
/// errors)` when it has one (a hand-written table), else its columns' rules in table order.
template <class T, class M>
void validate_row(const M& row, ValidationErrors& errors) {
  if constexpr (requires { T::validate(row, errors); }) {
    T::validate(row, errors);
  } else if constexpr (requires { typename T::columns; }) {
    for_each_column<T>([&]<class C>(C) {
      if constexpr (has_rules<C>) validate_column<C>(row.*C::member, errors);
    });
  }
}

/// Table `T` has rules to check (else validate() costs nothing).
template <class T>
constexpr bool table_has_rules() {
  if constexpr (requires(const typename T::model_type& row, ValidationErrors& e) { T::validate(row, e); }) {
    return true;
  } else if constexpr (requires { typename T::columns; }) {
    return has_validated_columns<T>();
  } else {
    return false;
  }
}

}  // namespace detail

/// Every rule `row` breaks (empty for a model without rules).
template <Model M>
[[nodiscard]] ValidationErrors validation_errors(const M& row) {
  using T = table_of<M>;
  ValidationErrors errors(T::name);
  detail::validate_row<T>(row, errors);
  return errors;
}

/// Throws ValidationError when `row` breaks a rule of its schema.
template <Model M>
void validate(const M& row) {
  using T = table_of<M>;
  if constexpr (detail::table_has_rules<T>()) {
    ValidationErrors errors(T::name);
    detail::validate_row<T>(row, errors);
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }
}

}  // namespace dorm
