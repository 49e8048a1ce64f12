#pragma once
// Validation from the schema. dorm-gen turns JSON Schema's validation keywords into a
// `validate()` per column and per table that call the checks below; Database runs them before
// every insert and update and throws ValidationError, listing every failure, before writing.
//
// The checks follow JSON Schema's meaning of each keyword: lengths count Unicode code points,
// `pattern` is an ECMA-262 regular expression searched anywhere in the string (unanchored).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dorm/error.hpp"
#include "dorm/model.hpp"

namespace dorm {

/// One broken rule of one column.
struct FieldError {
  std::string table;     ///< SQL table name
  std::string column;    ///< SQL column name
  std::string rule;      ///< the JSON Schema keyword: "maxLength", "format", "enum", ...
  std::string expected;  ///< the keyword's argument as text: "10", "email", "^[a-z]+$", ...
  std::string value;     ///< the rejected value as text (strings in quotes, long ones cut)
  std::string message;   ///< one sentence: `name: "Bartholomew" is longer than 10 characters (11)`
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

/// Number of Unicode code points in UTF-8 `text` (JSON Schema's string length). A byte that
/// is not valid UTF-8 counts as one.
[[nodiscard]] std::size_t utf8_length(std::string_view text) noexcept;

/// A compiled ECMA-262 regular expression matched against code points, not bytes.
class Pattern {
 public:
  /// Compiles `source`; throws dorm::Error naming the pattern when it is not valid.
  explicit Pattern(std::string_view source);
  Pattern(Pattern&&) noexcept;
  Pattern& operator=(Pattern&&) noexcept;
  ~Pattern();
  /// True when the pattern matches somewhere in `text` (unanchored, as JSON Schema says).
  [[nodiscard]] bool search(std::string_view text) const;
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  struct Compiled;
  std::string source_;
  std::unique_ptr<Compiled> compiled_;
};

/// The `format` values dorm checks.
enum class Format { email, uuid, date, date_time };

/// The checks generated validate() functions call. Each appends a FieldError to `errors` when
/// `value` breaks the rule; `column` is the SQL column name.
namespace check {
void min_length(ValidationErrors& errors, std::string_view column, std::string_view value, std::int64_t min);
void max_length(ValidationErrors& errors, std::string_view column, std::string_view value, std::int64_t max);
void minimum(ValidationErrors& errors, std::string_view column, double value, double bound);
void maximum(ValidationErrors& errors, std::string_view column, double value, double bound);
void exclusive_minimum(ValidationErrors& errors, std::string_view column, double value, double bound);
void exclusive_maximum(ValidationErrors& errors, std::string_view column, double value, double bound);
/// `enum`: `value` must be one of `allowed`.
void one_of(ValidationErrors& errors, std::string_view column, std::string_view value,
            std::span<const std::string_view> allowed);
void one_of(ValidationErrors& errors, std::string_view column, std::int64_t value,
            std::span<const std::int64_t> allowed);
void one_of(ValidationErrors& errors, std::string_view column, double value, std::span<const double> allowed);
void pattern(ValidationErrors& errors, std::string_view column, std::string_view value, const Pattern& pattern);
void format(ValidationErrors& errors, std::string_view column, std::string_view value, Format format);
}  // namespace check

/// True when `value` is valid for `format` (exactly what check::format accepts).
[[nodiscard]] bool matches_format(std::string_view value, Format format);

/// Every rule `row` breaks (empty for a model without rules).
template <Model M>
[[nodiscard]] ValidationErrors validation_errors(const M& row) {
  using T = table_of<M>;
  ValidationErrors errors(T::name);
  if constexpr (requires { T::validate(row, errors); }) T::validate(row, errors);
  return errors;
}

/// Throws ValidationError when `row` breaks a rule of its schema.
template <Model M>
void validate(const M& row) {
  using T = table_of<M>;
  if constexpr (requires(ValidationErrors& e) { T::validate(row, e); }) {
    ValidationErrors errors(T::name);
    T::validate(row, errors);
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }
}

}  // namespace dorm
