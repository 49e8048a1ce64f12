// expect: static assertion failed: dorm: upsert\(\) of a table with a version column \(x-dorm-version\)
// upsert() would overwrite a stored version without checking it: refused for a table with a
// version column (optimistic locking), where insert() and update(row) keep the rule.
#include "locking/models.hpp"

void upsert_of_a_table_with_a_version_column(dorm::Database& db, locking::Document& doc) {
  db.insert(doc);
  db.update(doc);
#ifdef DORM_EXPECT_COMPILE_FAILURE
  db.upsert(doc);
#endif
}
