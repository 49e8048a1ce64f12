// DORM_VERSION marks the optimistic lock's version column; ir::validate's errors point at the
// annotation.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

struct DORM_TABLE("accounts") Account {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_VERSION std::int64_t version = 0;
};

struct DORM_TABLE("notes") Note {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_VERSION std::optional<std::int64_t> version{};  // DORM-EXPECT: 3: error: version column 'version' of table 'notes' must be NOT NULL
};

struct DORM_TABLE("labels") Label {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_VERSION std::string version{};  // DORM-EXPECT: 3: error: version column 'version' of table 'labels' must be an integer column
};

struct DORM_TABLE("pages") Page {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_VERSION std::int64_t a = 0;  // DORM-EXPECT: 3: note: the first version column, 'a', is declared here
  DORM_VERSION std::int64_t b = 0;  // DORM-EXPECT: 3: error: table 'pages' has a second version column, 'b'
};
