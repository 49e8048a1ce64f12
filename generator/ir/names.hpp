#pragma once
// Every naming and escaping rule of the generator, in one place: SQL quoting, table -> C++
// struct/object names, column -> member names, C++ keyword escaping and C++ string literals.
// Emitters call these and never build names or quote text themselves.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/schema.hpp"

namespace dorm::ir {

/// Quotes an SQL identifier, doubling embedded quotes: `users` -> `"users"`, `a"b` -> `"a""b"`.
[[nodiscard]] std::string quote_identifier(std::string_view name);

/// Quotes an SQL text literal, doubling embedded quotes: `it's` -> `'it''s'`.
[[nodiscard]] std::string quote_literal(std::string_view text);

/// True for C++20 keywords and alternative tokens: `class`, `and`, `co_await` -> true; `id` -> false.
[[nodiscard]] bool is_cpp_keyword(std::string_view word);

/// Singularizes the last word and PascalCases every word:
/// `blog_posts` -> `BlogPost`, `users` -> `User`, `categories` -> `Category`,
/// `addresses` -> `Address`, `statuses` -> `Status`, `user-accounts` -> `UserAccount`.
[[nodiscard]] std::string struct_name_for_table(std::string_view table);

/// The singular of a table name in snake_case, for default key columns (`<singular>_id`):
/// `users` -> `user`, `categories` -> `category`, `blog_posts` -> `blog_post`,
/// `BlogPosts` -> `blog_post`, `user-accounts` -> `user_account`, `people` -> `person`.
[[nodiscard]] std::string singular_snake(std::string_view table);

/// A valid C++ identifier for a column, case kept: `first name` -> `first_name`,
/// `2fa` -> `_2fa`, `class` -> `class_`, `e-mail` -> `e_mail`.
[[nodiscard]] std::string member_name_for_column(std::string_view column);

/// The table object's C++ name, same rules as members: `users` -> `users`,
/// `blog-posts` -> `blog_posts`, `delete` -> `delete_`.
[[nodiscard]] std::string object_name_for_table(std::string_view table);

/// The default C++ name of an `x-dorm-enum-class` enum: the struct name and the PascalCase
/// column name, `Account` + `role` -> `AccountRole`, `Post` + `review_state` -> `PostReviewState`.
[[nodiscard]] std::string enum_class_name(std::string_view struct_name, std::string_view column);

/// The C++ enumerator for an enum value, by the member rules with case kept:
/// `read-only` -> `read_only`, `2x` -> `_2x`, `delete` -> `delete_`, `Admin` -> `Admin`.
[[nodiscard]] std::string enumerator_name(std::string_view value);

/// True for a name C++ lets a program declare: an ASCII identifier that is not a keyword and
/// not reserved (`__x`, `_X`): `AccountRole` -> true; `Account Role`, `class`, `_Role` -> false.
[[nodiscard]] bool is_cpp_identifier(std::string_view name);

/// A C++ string literal with escapes: `say "hi"\n` (with a newline) -> `"say \"hi\"\n"`;
/// other control bytes become octal escapes (`\001`); UTF-8 passes through unchanged.
[[nodiscard]] std::string cpp_string_literal(std::string_view text);

/// The candidate closest to a misspelled `word`, for "did you mean" notes, or nullopt when
/// none is close (edit distance with transpositions, case-insensitive, at most about a third of
/// the word): `x-dorm-uniq` in {x-dorm-unique, x-dorm-index} -> `x-dorm-unique`; `emial` -> `email`.
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view word,
                                                      const std::vector<std::string>& candidates);

/// Fills every empty Table::cpp_name / Table::object_name / Column::cpp_name /
/// Relation::cpp_name from the functions above (relations follow the column rules:
/// `class` -> `class_`); names set by the schema (x-dorm-struct, x-dorm-cpp-name) are kept.
/// For an `x-dorm-enum-class` column it fills Column::enum_class when the schema said `true`
/// (enum_class_name) and Column::cpp_enumerators (enumerator_name of each `enum` value but null).
void assign_names(Schema& schema);

}  // namespace dorm::ir
