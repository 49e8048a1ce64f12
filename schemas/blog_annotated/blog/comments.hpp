// The blog's comments as an annotated struct: the same table as schemas/blog/comments.json.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace blog {

/// A reply to a post.
struct DORM_TABLE("comments") DORM_TIMESTAMPS DORM_SOFT_DELETE Comment {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  DORM_INDEX DORM_REFERENCES("posts", "id", "on_delete=CASCADE") std::int64_t post_id = 0;  // belongs_to post
  DORM_INDEX DORM_REFERENCES("users", "id", "on_delete=SET NULL") std::optional<std::int64_t> author_id{};
  DORM_CHECK("min_length=1") std::string body{};
  DORM_DEFAULT(false) bool approved = false;
  std::string created_at{};                  // set by dorm (DORM_TIMESTAMPS)
  std::string updated_at{};                  // set by dorm (DORM_TIMESTAMPS)
  std::optional<std::string> deleted_at{};  // set by remove() (DORM_SOFT_DELETE)
};

}  // namespace blog
