// Fuzz target: the mirror outbox's value codec (dorm/detail/mirror_codec.hpp), which replay runs
// on blobs read from a source database's outbox table: bytes an attacker or a damaged file can
// choose. Arbitrary bytes are decoded (nullopt is the expected refusal of a malformed blob).
// Invariants:
// - decoding is exact: every decoded value, bound to a statement as replay binds it and encoded
//   from the sqlite3_value SQLite hands back (as the triggers encode a row), gives back exactly
//   its own bytes of the input;
// - names packed as the outbox's column lists unpack to the same names, as TEXT.
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <dorm/backends/sqlite/statement.hpp>
#include <dorm/detail/mirror_codec.hpp>

#include "finding.hpp"

namespace {

/// `SELECT ?` on a private in-memory database, prepared once per process.
sqlite3_stmt* echo_statement() {
  static sqlite3_stmt* const statement = [] {
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) dorm::fuzz::finding("cannot open an in-memory database");
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT ?", -1, &st, nullptr) != SQLITE_OK) dorm::fuzz::finding("cannot prepare SELECT ?");
    return st;
  }();
  return statement;
}

/// The encoding of `v` after a trip through SQLite: bound as replay binds it, read back as a
/// column value.
std::string through_sqlite(const dorm::detail::MirrorValue& v) {
  sqlite3_stmt* st = echo_statement();
  switch (v.type) {
    case SQLITE_INTEGER: sqlite3_bind_int64(st, 1, v.integer); break;
    case SQLITE_FLOAT: sqlite3_bind_double(st, 1, v.real); break;
    case SQLITE_TEXT: sqlite3_bind_text64(st, 1, v.bytes.data(), v.bytes.size(), SQLITE_STATIC, SQLITE_UTF8); break;
    case SQLITE_BLOB: sqlite3_bind_blob64(st, 1, v.bytes.data(), v.bytes.size(), SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, 1); break;
  }
  if (sqlite3_step(st) != SQLITE_ROW) dorm::fuzz::finding("SELECT ? gave no row");
  std::string out;
  dorm::detail::append_mirror_value(out, dorm::sqlite::Value(sqlite3_column_value(st, 0)));
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return out;
}

void check_decoding(std::string_view input) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(input.data());
  const auto values = dorm::detail::unpack_mirror_values(bytes, input.size());
  if (!values) return;
  std::size_t at = 0;
  for (const dorm::detail::MirrorValue& v : *values) {
    const std::size_t length = v.type == SQLITE_NULL ? 1 : v.type == SQLITE_INTEGER || v.type == SQLITE_FLOAT ? 9 : 9 + v.bytes.size();
    if (at + length > input.size()) dorm::fuzz::finding("a decoded value is longer than the input");
    const std::string_view own = input.substr(at, length);
    at += length;
    const std::string again = through_sqlite(v);
    // SQLite binds a NaN double as NULL, so a NaN in a blob replays as NULL. The triggers never
    // write one: SQLite stores no NaN, so a source row cannot hold it.
    if (v.type == SQLITE_FLOAT && std::isnan(v.real) && again == std::string(1, static_cast<char>(SQLITE_NULL))) continue;
    if (again != own) dorm::fuzz::finding("a decoded value does not re-encode to its bytes", std::string(input));
  }
  if (at != input.size()) dorm::fuzz::finding("the decoded values do not cover the input");
}

void check_names(std::string_view input) {
  std::vector<std::string> names;
  for (std::size_t start = 0; start <= input.size() && names.size() < 64;) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    names.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  const std::string packed = dorm::detail::pack_mirror_names(names);
  const auto values = dorm::detail::unpack_mirror_values(reinterpret_cast<const unsigned char*>(packed.data()), packed.size());
  if (!values || values->size() != names.size()) dorm::fuzz::finding("packed names do not unpack", std::string(input));
  for (std::size_t i = 0; i < names.size(); ++i)
    if ((*values)[i].type != SQLITE_TEXT || (*values)[i].bytes != names[i])
      dorm::fuzz::finding("a packed name unpacks differently", names[i]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_decoding(input);
  check_names(input);
  return 0;
}
