// Relations to structs that are not tables, and a relation whose key the target lacks (reported by
// dorm-gen's schema rules, at the relation).
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <string>

struct Draft {  // a plain struct: no DORM_TABLE
  std::string text;
};

struct DORM_TABLE("posts") Post {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  std::int64_t author_id = 0;
};

struct DORM_TABLE("users") User {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_HAS_MANY(drafts, Draft);  // DORM-EXPECT: 25: error: relation 'drafts' targets struct 'Draft', which is not a table
  DORM_HAS_MANY(notes, int);  // DORM-EXPECT: 24: error: relation 'notes' targets 'int', which is not a struct
  DORM_HAS_MANY(posts, Post, "foreign_key=writer_id");  // DORM-EXPECT: 17: error: relation 'posts' of table 'users' uses foreign key 'writer_id'
};
