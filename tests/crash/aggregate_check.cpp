// Source against aggregate after a replay: see aggregate_check.hpp.
#include "aggregate_check.hpp"

#include <cstdint>
#include <filesystem>
#include <tuple>

#include <dorm/dorm.hpp>

namespace dorm_crash {

namespace {

template <class Row>
void compare_table(dorm::Database& source, dorm::Database* aggregate, const std::string& table,
                   const std::string& columns, const std::string& source_name, std::vector<std::string>& problems) {
  const std::string order = " ORDER BY id";
  const auto mine = source.query<Row>("SELECT " + columns + " FROM " + table + order);
  std::vector<Row> theirs;
  if (aggregate && aggregate->query<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = ?", table).front() > 0)
    theirs = aggregate->query<Row>("SELECT " + columns + " FROM " + table + " WHERE dorm_source = ?" + order, source_name);
  if (mine == theirs) return;
  std::size_t same = 0;
  while (same < mine.size() && same < theirs.size() && mine[same] == theirs[same]) ++same;
  problems.push_back(table + ": the source has " + std::to_string(mine.size()) + " rows, the aggregate " +
                     std::to_string(theirs.size()) + " under '" + source_name + "'; they differ from row " +
                     std::to_string(same + 1) + " (by id)");
}

}  // namespace

std::vector<std::string> compare_aggregate(dorm::Database& source, const std::string& aggregate_path,
                                           const std::string& source_name) {
  std::vector<std::string> problems;
  std::optional<dorm::Database> aggregate;
  if (std::filesystem::exists(aggregate_path)) {
    aggregate.emplace(dorm::Database::open(aggregate_path));
    const auto integrity = aggregate->query<std::string>("PRAGMA integrity_check");
    if (integrity != std::vector<std::string>{"ok"})
      problems.push_back("aggregate integrity_check: " + (integrity.empty() ? std::string("no answer") : integrity.front()));
  }
  dorm::Database* agg = aggregate ? &*aggregate : nullptr;
  using I = std::int64_t;
  compare_table<std::tuple<I, I, I>>(source, agg, "batches", "id, rows, amount_sum", source_name, problems);
  compare_table<std::tuple<I, I, I, I>>(source, agg, "entries", "id, batch_id, part, amount", source_name, problems);
  compare_table<std::tuple<I, I, I, I>>(source, agg, "accounts", "id, total, batch_count, last_batch", source_name,
                                        problems);
  return problems;
}

}  // namespace dorm_crash
