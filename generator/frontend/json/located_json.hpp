#pragma once
// JSON text -> value plus the source position of every key and value.
//
// nlohmann::json gives no positions and silently keeps the last of two equal keys, so parsing
// runs in two passes: nlohmann (ordered_json, so properties keep declaration order) checks the
// syntax and builds the value; then a small scanner walks the now known-valid text and records
// the 1-based line:col of each object key and each value, in a tree addressed by JSON pointer
// tokens (a flat map keyed by whole pointers held every ancestor's path once per value: a 60 KB
// file with a long key over a long array took 450 MB), and reports duplicate keys. Columns count UTF-8 code points, so a position lines up with what an editor shows.
// Before either pass, one flat loop refuses nesting deeper than max_nesting_depth: the scanner,
// the reader and nlohmann's copy/dump recurse once per level, so an unbounded depth would let a
// small file overflow the stack.
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/diagnostics.hpp"
#include "ir/source_location.hpp"

namespace dorm::frontend::json {

/// Deepest nesting of arrays and objects a schema file may use (the root object is level 1). A
/// schema needs about 6 (root, $defs, table, properties, column, a default); RFC 8259 section 9
/// lets a parser set this limit.
inline constexpr std::size_t max_nesting_depth = 256;

/// The JSON value type of the front end: key order is kept, so columns keep schema order.
using Json = nlohmann::ordered_json;

/// A parsed document and where each of its nodes is written.
struct LocatedJson {
  Json value;
  std::string file;  ///< display path used in every location

  /// Where one value (and its key, for an object member) is written. Line 0: not recorded.
  struct Node {
    std::uint32_t value_line = 0;
    std::uint32_t value_col = 0;  ///< the value's first character
    std::uint32_t key_line = 0;
    std::uint32_t key_col = 0;  ///< the key's opening quote; 0 for array elements and the root
    /// Escaped pointer token ("email", "0", "a~1b") -> index of the child in `nodes`.
    std::map<std::string, std::size_t, std::less<>> children;
  };
  /// Every value in document order; nodes[0] is the root. Memory grows with the text's size.
  std::vector<Node> nodes;

  /// Where the key of `pointer` is written; for array elements and the root, where the value
  /// is. Unknown pointers give the file alone, so a diagnostic still names the file.
  [[nodiscard]] ir::SourceLocation key_location(std::string_view pointer) const;
  /// Where the value of `pointer` starts (same fallback as key_location).
  [[nodiscard]] ir::SourceLocation value_location(std::string_view pointer) const;

 private:
  /// The node `pointer` addresses, or nullptr.
  [[nodiscard]] const Node* find(std::string_view pointer) const;
};

/// Escapes one reference token for a JSON pointer (RFC 6901): `a/b~c` -> `a~1b~0c`.
[[nodiscard]] std::string escape_pointer_token(std::string_view token);

/// Parses `text`. Syntax errors, duplicate keys, nesting deeper than max_nesting_depth and a number
/// a double cannot hold (1e400) are reported as `file:line:col: error: ... [dorm-json-syntax]` /
/// `[dorm-duplicate-key]` / `[dorm-json-too-deep]` / `[dorm-json-number-range]`, and give nullopt.
/// Never throws a JSON exception, whatever the input.
[[nodiscard]] std::optional<LocatedJson> parse_located_json(std::string_view text, const std::string& display_path,
                                                            ir::Diagnostics& diags);

}  // namespace dorm::frontend::json
