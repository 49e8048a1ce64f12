#pragma once
// Every naming and escaping rule of the generator, in one place: SQL quoting, table -> C++
// struct/object names, column -> member names, C++ keyword escaping and C++ string literals.
// Emitters call these and never build names or quote text themselves.
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dorm/detail/sql_quote.hpp>

#include "ir/schema.hpp"

namespace dorm::ir {

/// SQL identifier and text quoting: the runtime's (dorm/detail/sql_quote.hpp), so the DDL and
/// migrations dorm-gen writes quote exactly as the runtime does.
/// quote_identifier: `users` -> `"users"`, `a"b` -> `"a""b"`; quote_literal: `it's` -> `'it''s'`,
/// `a<CR>b` -> `'a' || char(13) || 'b'`.
using dorm::detail::quote_identifier;
using dorm::detail::quote_literal;
/// True when quote_literal(text) is an expression (text with control characters) rather than
/// one literal token: DEFAULT then needs parentheses, and ALTER TABLE ADD COLUMN refuses it.
using dorm::detail::literal_needs_expression;

/// The key under which SQLite compares an identifier (ASCII case folded): `Users` and `users`
/// name the same table, so duplicate checks compare sql_name_key() values.
[[nodiscard]] std::string sql_name_key(std::string_view name);

/// True for C++20 keywords and alternative tokens: `class`, `and`, `co_await` -> true; `id` -> false.
[[nodiscard]] bool is_cpp_keyword(std::string_view word);

/// The words of a name, split at every character that is not an ASCII letter or digit and at
/// case humps (lower or digit -> upper, and the last capital of a run before a lower-case letter):
/// `InvoiceLine` -> {Invoice, Line}, `user_account` -> {user, account}, `HTTPServer` -> {HTTP,
/// Server}, `ArtistId` -> {Artist, Id}, `Order Details` -> {Order, Details}, `café` -> {caf}.
[[nodiscard]] std::vector<std::string> name_words(std::string_view name);

/// The words of a name in lower case joined by `_`: `InvoiceLine` -> `invoice_line`,
/// `user-accounts` -> `user_accounts`, `EmployeeID` -> `employee_id`, `2FA` -> `2fa`.
[[nodiscard]] std::string snake_case(std::string_view name);

/// The singular of one English word, case kept: `Categories` -> `Category`, `people` -> `person`,
/// `statuses` -> `status`, `news` -> `news`; a word that looks singular is left alone.
[[nodiscard]] std::string singularize(std::string_view word);

/// The plural of one English word, case kept: `category` -> `categories`, `person` -> `people`,
/// `box` -> `boxes`, `status` -> `statuses`, `Track` -> `Tracks`, `news` -> `news`.
[[nodiscard]] std::string pluralize(std::string_view word);

/// A table's struct name: singular PascalCase, the last word singularized, each word's first letter
/// upper-cased and the rest kept: `blog_posts` -> `BlogPost`, `users` -> `User`, `Artist` ->
/// `Artist`, `InvoiceLine` -> `InvoiceLine`, `user account` -> `UserAccount`, `order` -> `Order`,
/// `2fa_codes` -> `_2faCode`, `class` -> `Class`. Never equal to object_name_for_table(), which
/// has no upper-case letter, except for names without letters (`123`; assign_names separates those).
[[nodiscard]] std::string struct_name_for_table(std::string_view table);

/// The singular of a table name in snake_case, for default key columns (`<singular>_id`):
/// `users` -> `user`, `categories` -> `category`, `blog_posts` -> `blog_post`,
/// `BlogPosts` -> `blog_post`, `user-accounts` -> `user_account`, `people` -> `person`.
[[nodiscard]] std::string singular_snake(std::string_view table);

/// The plural of a table name in snake_case, for has_many and many_to_many names:
/// `InvoiceLine` -> `invoice_lines`, `Employee` -> `employees`, `users` -> `users`,
/// `Category` -> `categories`, `person` -> `people`.
[[nodiscard]] std::string plural_snake(std::string_view table);

/// A valid C++ identifier for a column, case kept: `first name` -> `first_name`,
/// `2fa` -> `_2fa`, `class` -> `class_`, `e-mail` -> `e_mail`, `ArtistId` -> `ArtistId`;
/// reserved spellings are avoided: `a__b` -> `a_b`, `_Id` -> `Id`.
[[nodiscard]] std::string member_name_for_column(std::string_view column);

/// The table object's C++ name: snake_case of the table name (not singularized), escaped like
/// members: `users` -> `users`, `blog-posts` -> `blog_posts`, `Artist` -> `artist`,
/// `InvoiceLine` -> `invoice_line`, `delete` -> `delete_`, `2fa` -> `_2fa`.
[[nodiscard]] std::string object_name_for_table(std::string_view table);

/// The name of the belongs_to a single-column reference gives, in snake_case: the column with the
/// referenced key's name stripped as a suffix (`book_isbn` -> books.`isbn` gives `book`), else
/// with an `_id`/`Id` suffix stripped (`ArtistId` -> `artist`, `author_id` -> `author`,
/// `SupportRepId` -> Employee.`EmployeeId` gives `support_rep`), else the target table's singular
/// (`ReportsTo` -> Employee.`EmployeeId` gives `employee`, `owner` -> users.`id` gives `user`).
[[nodiscard]] std::string belongs_to_name(std::string_view column, std::string_view referenced_key,
                                          std::string_view target_table);

/// The default pivot column holding `key` of `table` in a many_to_many: `<singular>_<key>` in
/// snake_case, the key not repeated when it already starts with the singular: (`posts`, `id`) ->
/// `post_id`, (`books`, `isbn`) -> `book_isbn`, (`Track`, `TrackId`) -> `track_id`; without a key
/// (a composite primary key) `<singular>_id`.
[[nodiscard]] std::string pivot_column_name(std::string_view table, std::string_view key);

/// `base` when `taken(base)` is false, else the first free of `base` + `2`, `3`, ... joined by
/// `_` (`user_account_2`), or directly after a name ending in `_` or a PascalCase name ending in
/// a letter (`class_2`, `UserAccount2`).
[[nodiscard]] std::string first_free_name(std::string_view base, const std::function<bool(const std::string&)>& taken);

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
/// other control bytes become octal escapes (`\001`); UTF-8 passes through unchanged except the
/// Unicode bidirectional controls, written as their bytes' octal escapes (g++ rejects them raw).
/// Text holding a NUL gives `std::string_view{"a\000b", 3}`: a plain literal read as a C string
/// (a `std::string_view` or `std::string` made from it) would stop at the NUL.
[[nodiscard]] std::string cpp_string_literal(std::string_view text);

/// cpp_string_literal() where a std::string is wanted (a member's initializer, an element of a
/// std::vector<std::string>, the left side of `+`): text holding a NUL gives
/// `std::string("a\000b", 3)`, other text the plain literal.
[[nodiscard]] std::string cpp_std_string_literal(std::string_view text);

/// `text` made safe inside one `//` comment line, shown as is except what would break the line or
/// the build, written `<U+XXXX>`: control bytes (a newline or CR would end the comment), Unicode
/// bidirectional controls (g++ rejects them, -Wbidi-chars) and a backslash at the end (it would
/// splice the next line into the comment): `a\nb` (with a newline) -> `a<U+000A>b`, `C:\` ->
/// `C:<U+005C>`, `a\b` -> `a\b`. The generated header has no block comments, so `*/` stays.
[[nodiscard]] std::string cpp_comment_text(std::string_view text);

/// The candidate closest to a misspelled `word`, for "did you mean" notes, or nullopt when
/// none is close (edit distance with transpositions, case-insensitive, at most about a third of
/// the word): `x-dorm-uniq` in {x-dorm-unique, x-dorm-index} -> `x-dorm-unique`; `emial` -> `email`.
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view word,
                                                      const std::vector<std::string>& candidates);

/// The C++ names the generated header declares at namespace scope on its own, whatever the
/// schema: `migrate`, `migrations`, `schema_statements`, `dorm_table_of`.
[[nodiscard]] const std::vector<std::string>& header_namespace_names();

/// A name of the generated header made of parts joined by `_`, never with `__` (reserved in C++)
/// where a part starts or ends with `_`: {`users`, `id`, `column`} -> `users_id_column`,
/// {`class_`, `table`} -> `class_table`, {`o`, `_2fa`, `column`} -> `o_2fa_column`.
[[nodiscard]] std::string joined_name(std::initializer_list<std::string_view> parts);

/// The names of the generated types of a table (o = Table::object_name), by joined_name: `o_table` (the table
/// object's type: columns and relations), `o_table_info` (its base: SQL name and column lists, what dorm reads),
/// `o_<member>_column` (a column's descriptor), `o_<member>_relation`.
[[nodiscard]] std::string table_type_identifier(const Table& table);
[[nodiscard]] std::string table_info_type_identifier(const Table& table);
[[nodiscard]] std::string column_type_identifier(const Table& table, const Column& column);
[[nodiscard]] std::string relation_type_identifier(const Table& table, const Relation& relation);

/// The namespace-scope names the generated header declares for `table` besides its struct:
/// the table object `o`, table_type_identifier, table_info_type_identifier, and column_type_identifier /
/// relation_type_identifier of each column and relation. Needs the members named.
[[nodiscard]] std::vector<std::string> table_namespace_names(const Table& table);

/// Names every C++ entity the schema left unnamed, so that any set of table and column names
/// generates a header that compiles (the rule, with examples, is in docs/json-schema.md, "C++ names"):
/// - names set by the schema (x-dorm-struct, x-dorm-cpp-name, a named x-dorm-enum-class, an
///   annotated struct's names) are kept and claimed first;
/// - structs get struct_name_for_table, `x-dorm-enum-class: true` enums enum_class_name, table
///   objects object_name_for_table, columns member_name_for_column, relations the column rule;
/// - a name already taken gets the first free suffix (first_free_name): at namespace scope
///   (structs, enums, table objects and their derived names, header_namespace_names) tables are
///   served in byte order of their SQL names, so the result never depends on file order; in a
///   struct, columns whose SQL name is already their member name come first, then declaration order;
/// - a member may not be a type its struct uses (an enum class of its columns, the struct of a
///   relation's target, for relations the struct itself), and a key column's member may not be
///   `statement` or `bind` (parameter names of the generated key functions).
/// It also fills Column::cpp_enumerators (enumerator_name of each `enum` value but null).
void assign_names(Schema& schema);

}  // namespace dorm::ir
