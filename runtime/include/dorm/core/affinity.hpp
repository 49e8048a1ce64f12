#pragma once
// SQLite's column affinity (https://sqlite.org/datatype3.html, section 3): what a column's
// declared type makes SQLite do with a value stored in it. A TEXT value stored in a column of
// INTEGER, REAL or NUMERIC affinity becomes a number when it reads as one ("2024" -> 2024,
// "1.50" -> 1.5, " 5" -> 5), so text a program wrote may not be the text it reads back. dorm
// uses these functions in three places: introspection maps declared types by affinity_of,
// dorm-gen refuses defaults that would change (and warns about such enum values and examples),
// and the generated validate() refuses string values that would (check::keeps_text in
// dorm/lifecycle/validation.hpp).
#include <string>
#include <string_view>

namespace dorm {

/// The five affinities. The names are SQLite's; `affinity_name` spells them.
enum class Affinity { text, numeric, integer, real, blob };

/// The affinity of a column declared with type `declared`, by SQLite's rules in their order
/// (case-insensitive substring tests): contains "INT" -> integer; "CHAR", "CLOB" or "TEXT" ->
/// text; "BLOB" or no type -> blob; "REAL", "FLOA" or "DOUB" -> real; anything else -> numeric.
/// So `NVARCHAR(160)` is text, `BIGINT` and `FLOATING POINT` are integer (the "INT" wins),
/// `DOUBLE` is real, and `DATETIME`, `BOOLEAN`, `DECIMAL` and `NUMERIC(10,2)` are numeric.
[[nodiscard]] Affinity affinity_of(std::string_view declared) noexcept;

/// "TEXT", "NUMERIC", "INTEGER", "REAL" or "BLOB": also a declared type of that affinity.
[[nodiscard]] std::string_view affinity_name(Affinity affinity) noexcept;

/// The text SQLite returns (a column read as text) after the TEXT value `text` is stored in a
/// column of `affinity`. Text and blob affinity keep it. The others convert text that is a
/// well-formed number: optional white space, sign, digits with an optional '.' and exponent,
/// white space; not hexadecimal. Such text becomes an INTEGER when it has neither '.' nor
/// exponent and fits 64 bits, otherwise a REAL, and under NUMERIC or INTEGER affinity a REAL
/// with an integral value that fits 64 bits becomes an INTEGER; a REAL column reads back every
/// number as a REAL. Numbers read back as SQLite prints them: integers in decimal, REALs with
/// 15 significant digits and always a '.' or exponent ("1.5", "2024.0", "1.0e+20").
/// Examples under NUMERIC: "2024" -> "2024", "007" -> "7", "1.50" -> "1.5", "1.0" -> "1",
/// "1e3" -> "1000", " 5" -> "5", "12345678901234567890" -> "1.23456789012346e+19",
/// "2024-01-31" -> "2024-01-31". Under REAL: "2024" -> "2024.0".
[[nodiscard]] std::string stored_text(std::string_view text, Affinity affinity);

/// True when `text` stored in a column of `affinity` reads back as the same text
/// (stored_text(text, affinity) == text), without building the stored text in the common case.
[[nodiscard]] bool keeps_text(std::string_view text, Affinity affinity);

}  // namespace dorm
