#pragma once
// The aggregate side of the mirror: applies decoded outbox entries to the aggregate database,
// creating its copy of a table from the source's columns, or widening it, on first sight.
#include <map>
#include <string>
#include <vector>

#include "dorm/detail/mirror_codec.hpp"
#include "dorm/tenancy/mirror.hpp"
#include "mirror/names.hpp"
#include "mirror/outbox.hpp"

namespace dorm::detail::mirror {

/// One replay's view of the aggregate, inside its write transaction.
class Applier {
 public:
  Applier(Database& aggregate, Database& source, const MirrorOptions& options, const std::string& source_name)
      : aggregate_(aggregate), source_(source), options_(options), source_name_(source_name) {}

  /// Applies `e` (an insert, update or delete) to the aggregate's copy of its table.
  void apply(const Entry& e);

 private:
  NameSet& table(const Entry& e);
  void ensure_columns(const Entry& e);
  void remove(const std::string& table, const std::vector<std::string>& keys,
              const std::vector<MirrorValue>& values);
  void put(const Entry& e);

  Database& aggregate_;
  Database& source_;
  const MirrorOptions& options_;
  const std::string& source_name_;
  std::map<std::string, NameSet, NameLess> tables_;
};

}  // namespace dorm::detail::mirror
