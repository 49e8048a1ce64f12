#pragma once
// The source side of the mirror: the outbox tables of a source database and the TEMP triggers
// that fill them, reading the outbox's entries back for a replay, and the checks that the
// source still holds what the aggregate remembers of it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dorm/detail/mirror_codec.hpp"
#include "dorm/tenancy/mirror.hpp"


namespace dorm::detail::mirror {

/// One outbox row, decoded.
struct Entry {
  std::int64_t seq = 0;
  std::string table;
  std::string op;
  std::vector<std::string> columns;      ///< names of new_row's values
  std::vector<std::string> key_columns;  ///< names of old_key's values, and the key of new_row
  std::vector<MirrorValue> old_key;
  std::vector<MirrorValue> new_row;
  std::string hash;  ///< entry_hash() of the row
};

/// What a source database records about itself (dorm_mirror_source).
struct SourceMeta {
  std::string name;
  std::string origin;
};

/// Creates the outbox tables in `db` when missing, records `source_name` (or
/// refuses another name than the recorded one), and (re)creates the TEMP triggers of every
/// mirrored table of `options`; a table seen for the first time has its rows queued as inserts.
void install_outbox(Database& db, std::string_view source_name, const MirrorOptions& options);

/// A new random origin id (32 hex digits), telling a database from a recreated namesake.
[[nodiscard]] std::string random_origin(Database& db);

/// `source`'s source name and origin; nullopt when the mirror was never installed there.
[[nodiscard]] std::optional<SourceMeta> read_meta(Database& db);

/// Up to `limit` outbox entries of `source` (source name `name`) after seq `after`, in seq
/// order; MirrorError [dorm.mirror.corrupt_entry] for a row dorm's triggers did not write.
[[nodiscard]] std::vector<Entry> read_entries(Database& source, const std::string& name, std::int64_t after,
                                              std::size_t limit);

/// Throws when the aggregate has applied entries up to `last` that `source` does not hold as
/// they were (restored from an older copy). [dorm.mirror.source_rewound]
void check_not_rewound(Database& source, const std::string& name, std::int64_t last, const std::string& last_hash);

/// Throws when the aggregate has applied fewer of `source`'s entries (`last`) than the source
/// saw committed there (the aggregate was recreated or restored). [dorm.mirror.aggregate_behind]
void check_aggregate_not_behind(Database& source, const std::string& name, std::int64_t last,
                                const std::string& aggregate_path);

}  // namespace dorm::detail::mirror
