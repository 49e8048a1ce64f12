// The blog's posts as an annotated struct: the same table as schemas/blog/posts.json.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace blog {

struct Comment;
struct Tag;

/// An article written by a user.
struct DORM_TABLE("posts") Post {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  DORM_INDEX DORM_REFERENCES("users", "id", "on_delete=CASCADE") std::int64_t author_id = 0;  // belongs_to author
  DORM_CHECK("min_length=1", "max_length=200") std::string title{};
  std::string body{};
  DORM_DEFAULT("draft") DORM_INDEX_NAMED("idx_posts_status") DORM_CHECK("enum=draft|published|archived")
  std::string status = "draft";
  DORM_DEFAULT(0) DORM_CHECK("minimum=0") std::int64_t views = 0;
  std::optional<double> rating{};
  DORM_CHECK("format=date-time") std::optional<std::string> published_at{};

  DORM_HAS_MANY(comments, Comment);
  DORM_MANY_TO_MANY(tags, Tag);
};

}  // namespace blog
