// Unknown arguments and annotations: each an error at the argument, with a suggestion.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <string>

struct DORM_TABLE("users") User {
  DORM_PRIMARY_KEY std::int64_t id = 0;
};

struct DORM_TABLE("posts") DORM_INDEX_ON("title", "nmae=idx_title") Post {  // DORM-EXPECT: 51: error: unknown argument 'nmae' of DORM_INDEX_ON
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_REFERENCES("users", "id", "on_delet=CASCADE") std::int64_t author_id = 0;  // DORM-EXPECT: 34: error: unknown argument 'on_delet' of DORM_REFERENCES
  DORM_REFERENCES("users", "id", "on_delete=EXPLODE") std::int64_t editor_id = 0;  // DORM-EXPECT: 34: error: 'EXPLODE' is not a foreign key action
  [[clang::annotate("dorm.uniq")]] std::string title{};  // DORM-EXPECT: 5: error: unknown annotation 'dorm.uniq'
  DORM_CHECK("max_lenght=10") std::string body{};  // DORM-EXPECT: 14: error: unknown argument 'max_lenght' of DORM_CHECK
  DORM_HAS_MANY(posts, Post, "foriegn_key=author_id");  // DORM-EXPECT: 30: error: unknown argument 'foriegn_key' of DORM_HAS_MANY
};
