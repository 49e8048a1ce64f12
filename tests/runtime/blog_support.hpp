#pragma once
// Helpers shared by the tests on the blog example's tables (schemas/blog/*.json, generated as
// blog/models.hpp for dorm_blog_tests): a fresh database, a few rows, and a statement counter.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dorm/dorm.hpp>

#include "blog/models.hpp"

namespace blog_test {

/// A private in-memory database with the blog tables created.
inline dorm::Database memory_db(const dorm::OpenOptions& options = {}) {
  auto db = dorm::Database::open(":memory:", options);
  blog::migrate(db);
  return db;
}

/// A valid e-mail address (users.email has format email) unique to `name`: letters and digits
/// are kept, any other byte is written as '-' and two hex digits (`o"brien` -> `o-22brien`).
inline std::string email_for(const std::string& name) {
  static constexpr std::string_view hex = "0123456789abcdef";
  std::string local;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
      local += c;
    } else {
      local += {'-', hex[u >> 4U], hex[u & 15U]};
    }
  }
  return local + "@example.com";
}

/// Inserts and returns a user with a unique email derived from `name`.
inline blog::User add_user(dorm::Database& db, const std::string& name, std::optional<std::int64_t> age = std::nullopt) {
  blog::User user{.email = email_for(name), .name = name, .age = age};
  db.insert(user);
  return user;
}

/// Inserts and returns a post by `author`.
inline blog::Post add_post(dorm::Database& db, const blog::User& author, const std::string& title,
                           std::int64_t views = 0, std::string status = "draft",
                           std::optional<double> rating = std::nullopt) {
  blog::Post post{.author_id = author.id, .title = title, .body = "body of " + title, .status = std::move(status),
                  .views = views, .rating = rating};
  db.insert(post);
  return post;
}

/// Inserts and returns a comment on `post`, by `author` (nullopt: an anonymous comment).
inline blog::Comment add_comment(dorm::Database& db, const blog::Post& post, std::optional<std::int64_t> author_id,
                                 const std::string& body) {
  blog::Comment comment{.post_id = post.id, .author_id = author_id, .body = body};
  db.insert(comment);
  return comment;
}

/// Inserts and returns a tag.
inline blog::Tag add_tag(dorm::Database& db, const std::string& name) {
  blog::Tag tag{.name = name};
  db.insert(tag);
  return tag;
}

/// Counts the statements `db` starts while it lives (through Database::on_statement) and
/// keeps their SQL; stops counting on destruction.
class StatementLog {
 public:
  explicit StatementLog(dorm::Database& db) : db_(&db) {
    db.on_statement([this](std::string_view sql) { statements_.emplace_back(sql); });
  }
  StatementLog(const StatementLog&) = delete;
  StatementLog& operator=(const StatementLog&) = delete;
  ~StatementLog() { db_->on_statement({}); }

  [[nodiscard]] std::size_t count() const noexcept { return statements_.size(); }
  [[nodiscard]] const std::vector<std::string>& statements() const noexcept { return statements_; }
  void clear() noexcept { statements_.clear(); }

 private:
  dorm::Database* db_;
  std::vector<std::string> statements_;
};

/// The `id` members of `rows`, sorted (relation loads do not promise an order).
template <class Rows>
std::vector<std::int64_t> sorted_ids(const Rows& rows) {
  std::vector<std::int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

using Ids = std::vector<std::int64_t>;

}  // namespace blog_test
