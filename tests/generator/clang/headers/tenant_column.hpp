// DORM_TENANT_COLUMN names the column a dorm::TenantScope filters on; ir::validate's errors
// point at its argument, or at the column when its type cannot hold a tenant.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

struct DORM_TABLE("projects") DORM_TENANT_COLUMN("org_id") Project {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  std::string org_id;
};

struct DORM_TABLE("tasks") DORM_TENANT_COLUMN("org") Task {  // DORM-EXPECT: 47: error: x-dorm-tenant-column of table 'tasks' names 'org', which is not a column of the table
  DORM_PRIMARY_KEY std::int64_t id = 0;
};

struct DORM_TABLE("notes") DORM_TENANT_COLUMN("org_id") Note {  // DORM-EXPECT: 47: note: x-dorm-tenant-column names it here
  DORM_PRIMARY_KEY std::int64_t id = 0;
  std::optional<std::int64_t> org_id{};  // DORM-EXPECT: 31: error: tenant column 'org_id' of table 'notes' must be required (NOT NULL)
};

struct DORM_TABLE("labels") DORM_TENANT_COLUMN(7) Label {  // DORM-EXPECT: 48: error: argument of DORM_TENANT_COLUMN must be the tenant column's name as a string literal
  DORM_PRIMARY_KEY std::int64_t id = 0;
};
