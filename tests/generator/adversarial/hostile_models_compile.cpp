// Generated from hostile.json, whose descriptions, names, enum values, defaults and pattern
// hold what breaks a header when pasted unescaped: a trailing backslash (splices the next line
// into a comment), a carriage return (ends a `//` comment early), Unicode bidirectional
// controls (rejected by g++), `*/`, quotes and newlines. That this file compiles with -Werror is
// the test; running it checks that the escaped texts still reach SQLite unchanged.
#include <cstdio>
#include <string>

#include "hostile_text/models.hpp"

int main() {
  auto db = dorm::Database::open(":memory:");
  hostile_text::migrate(db);
  hostile_text::Hostile row;
  row.id = 1;
  db.insert(row);
  const auto back = db.find<hostile_text::Hostile>(1);
  if (!back) return std::puts("the row was not found"), 1;
  if (back->kind != "plain\\") return std::puts("kind's default lost its backslash"), 1;
  if (back->path != std::string("C:\\dir\\")) return std::puts("path's default changed"), 1;
  if (back->label != hostile_text::Label::c_) return std::puts("label's default changed"), 1;
  hostile_text::Hostile bad = *back;
  bad.id = 2;
  bad.kind = "*/ closes";
  bad.path = "not a path";
  const auto errors = dorm::validation_errors(bad);
  if (errors.size() != 1) return std::printf("expected 1 validation error (path), got %zu\n", errors.size()), 1;
  return 0;
}
