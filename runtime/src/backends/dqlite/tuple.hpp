#pragma once
// dqlite's tuples: the parameters of a statement a client sends (a count byte, one type byte
// per value, padded to a word, then the values) and the values of one row a node sends (one
// 4-bit type per column, padded to a word, then the values). Each value takes whole words: an
// integer or double one word, NULL one zero word, text its NUL-terminated bytes padded, a blob
// its length word and its bytes padded.
#include <cstddef>
#include <span>
#include <vector>

#include "backends/dqlite/value.hpp"
#include "backends/dqlite/wire.hpp"

namespace dorm::dqlite {

/// The most parameters one statement can get from dqlite 1.11 (its count is one byte).
inline constexpr std::size_t max_parameters = 255;

/// Appends `parameters` as a parameter tuple; nothing when there are none (the node then binds
/// nothing). Values are sent by storage class: UNIXTIME/BOOLEAN as INTEGER, ISO8601 as TEXT.
/// Throws dorm::Error [dorm.dqlite.parameters] past max_parameters and [dorm.dqlite.text_nul]
/// for a text holding a NUL.
void encode_parameters(Writer& out, std::span<const Value> parameters);

/// Reads one row of `columns` values into `row` (resized to `columns`). Text and blob values
/// view the message `in` reads. An ISO8601 value "" is read as NULL: a node sends a NULL of a
/// DATETIME column that way. Throws ProtocolError for an unknown type code, a truncated value
/// or a header whose unused slots are not zero.
void decode_row(Reader& in, std::size_t columns, std::vector<Value>& row);

}  // namespace dorm::dqlite
