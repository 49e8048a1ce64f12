// Members of user types with a dorm::type_mapping: a storage_type that is no SQLite value is an
// error at the type; a user type on a primary key is ir::validate's error at the member.
#pragma once
#include <dorm/annotations.hpp>
#include <dorm/core/type_mapping.hpp>

#include <cstdint>

struct Money {
  std::int64_t cents = 0;
};
struct Flag {
  bool on = false;
};

template <>
struct dorm::type_mapping<Money> {
  using storage_type = std::int64_t;
  static std::int64_t to_storage(const Money& m) { return m.cents; }
  static Money from_storage(std::int64_t cents) { return Money{cents}; }
};
template <>
struct dorm::type_mapping<Flag> {
  using storage_type = bool;
  static bool to_storage(const Flag& f) { return f.on; }
  static Flag from_storage(bool on) { return Flag{on}; }
};

struct DORM_TABLE("flags") Flagged {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  Flag flag{};  // DORM-EXPECT: 3: error: field type 'Flag' has a dorm::type_mapping whose storage_type is not
};

struct DORM_TABLE("keyed") Keyed {
  DORM_PRIMARY_KEY Money id{};  // DORM-EXPECT: 26: error: column 'id' holds the user type '::Money' (x-dorm-cpp-type) but is a primary key column
};
