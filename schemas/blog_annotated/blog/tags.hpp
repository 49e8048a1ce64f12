// The blog's tags as an annotated struct: the same table as schemas/blog/tags.json.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace blog {

struct Post;

/// A label posts can carry.
struct DORM_TABLE("tags") Tag {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  DORM_UNIQUE DORM_CHECK("min_length=1", "max_length=50") std::string name{};
  DORM_CHECK("pattern=^#[0-9a-f]{6}$") std::optional<std::string> color{};

  DORM_MANY_TO_MANY(posts, Post);
};

}  // namespace blog
