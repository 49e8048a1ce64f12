#include "dorm/core/statement_cache.hpp"

#include <atomic>

namespace dorm {

namespace {
// Raw SQL built from changing text (a user formatting values into SQL) must not grow the
// cache without bound; past this many entries the idle ones are dropped.
constexpr std::size_t max_text_entries = 256;
}  // namespace

StaticSql make_static_sql(std::string text) {
  static std::atomic<std::size_t> next_slot{0};
  return StaticSql{std::move(text), next_slot.fetch_add(1, std::memory_order_relaxed)};
}

StaticSql make_static_sql(std::string_view text) { return make_static_sql(std::string(text)); }

StatementLease StatementCache::lease_slow(const StaticSql& sql) {
  if (sql.slot >= slots_.size()) slots_.resize(sql.slot + 1);
  auto& slot = slots_[sql.slot];
  if (!slot) {
    slot = std::make_unique<Entry>(Entry{Statement(*connection_, sql.text, true)});
    return StatementLease(slot->statement, slot->in_use);
  }
  // In use by an open cursor: this execution gets its own statement.
  return StatementLease(std::make_unique<Statement>(*connection_, sql.text));
}

StatementLease StatementCache::lease(std::string_view sql) {
  std::string key(sql);
  auto it = by_text_.find(key);
  if (it != by_text_.end()) {
    if (it->second->in_use) return StatementLease(std::make_unique<Statement>(*connection_, sql));
    return StatementLease(it->second->statement, it->second->in_use);
  }
  if (by_text_.size() >= max_text_entries) {
    std::erase_if(by_text_, [](const auto& kv) { return !kv.second->in_use; });
  }
  auto entry = std::make_unique<Entry>(Entry{Statement(*connection_, sql, true)});
  Entry& e = *entry;
  by_text_.emplace(std::move(key), std::move(entry));
  return StatementLease(e.statement, e.in_use);
}

void StatementCache::clear() noexcept {
  slots_.clear();
  by_text_.clear();
}

std::size_t StatementCache::size() const noexcept {
  std::size_t n = by_text_.size();
  for (const auto& s : slots_) n += s ? 1 : 0;
  return n;
}

bool StatementCache::in_use() const noexcept {
  for (const auto& s : slots_) {
    if (s && s->in_use) return true;
  }
  for (const auto& [text, entry] : by_text_) {
    if (entry->in_use) return true;
  }
  return false;
}

}  // namespace dorm
