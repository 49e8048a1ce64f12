#include "dorm/core/statement_cache.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>

namespace dorm {

namespace {
// Raw SQL built from changing text (a user formatting values into SQL) must not grow the
// cache without bound; past this many entries the idle ones are dropped.
constexpr std::size_t max_text_entries = 256;
}  // namespace

struct StatementCache::TextEntries {
  std::unordered_map<std::string, std::unique_ptr<Entry>> map;
};

StatementCache::StatementCache(Connection& connection) noexcept : connection_(&connection) {}
StatementCache::~StatementCache() = default;

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
  if (!by_text_) by_text_ = std::make_unique<TextEntries>();
  auto& by_text = by_text_->map;
  std::string key(sql);
  auto it = by_text.find(key);
  if (it != by_text.end()) {
    if (it->second->in_use) return StatementLease(std::make_unique<Statement>(*connection_, sql));
    return StatementLease(it->second->statement, it->second->in_use);
  }
  if (by_text.size() >= max_text_entries) {
    std::erase_if(by_text, [](const auto& kv) { return !kv.second->in_use; });
  }
  auto entry = std::make_unique<Entry>(Entry{Statement(*connection_, sql, true)});
  Entry& e = *entry;
  by_text.emplace(std::move(key), std::move(entry));
  return StatementLease(e.statement, e.in_use);
}

void StatementCache::clear() noexcept {
  slots_.clear();
  by_text_.reset();
}

std::size_t StatementCache::size() const noexcept {
  std::size_t n = by_text_ ? by_text_->map.size() : 0;
  for (const auto& s : slots_) n += s ? 1 : 0;
  return n;
}

bool StatementCache::in_use() const noexcept {
  for (const auto& s : slots_) {
    if (s && s->in_use) return true;
  }
  if (by_text_) {
    for (const auto& [text, entry] : by_text_->map) {
      if (entry->in_use) return true;
    }
  }
  return false;
}

}  // namespace dorm
