// The blog's users as an annotated struct: the same table as schemas/blog/users.json.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace blog {

struct Post;
struct Comment;

/// A person who writes posts and comments.
struct DORM_TABLE("users") User {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  DORM_UNIQUE DORM_CHECK("max_length=254", "format=email") std::string email{};
  DORM_CHECK("min_length=1", "max_length=100") std::string name{};
  std::optional<std::string> bio{};  // nullable: shown on the author page
  DORM_CHECK("minimum=0", "maximum=150") std::optional<std::int64_t> age{};
  // The database fills it, as RFC 3339 UTC text with milliseconds.
  DORM_NOT_NULL DORM_DEFAULT_SQL("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')") DORM_CHECK("format=date-time")
  std::optional<std::string> created_at{};

  DORM_HAS_MANY(posts, Post, "foreign_key=author_id");
  DORM_HAS_MANY(comments, Comment, "foreign_key=author_id");
};

}  // namespace blog
