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

  // Issue 20: enum values holding a line feed, a carriage return and a NUL keep every byte in
  // validate() and in the CHECK (the default, with its NUL, was inserted above), and a boolean
  // enum has its rule in validate() as well as in the CHECK.
  using namespace std::string_literals;
  if (back->control != "hello\0there"s) return std::puts("control's default lost the text after its NUL"), 1;
  int id = 10;
  for (const std::string& value : {"foo\nbar"s, "foo\rbar"s}) {
    hostile_text::Hostile ok = *back;
    ok.id = ++id;
    ok.control = value;
    if (!dorm::validation_errors(ok).empty()) return std::puts("validate() refused an enum value with a control character"), 1;
    db.insert(ok);  // the CHECK agrees: no ConstraintError
    if (db.find_or_fail<hostile_text::Hostile>(ok.id).control != value) return std::puts("an enum value changed in the database"), 1;
  }
  for (const std::string& value : {"hello"s, "foo\r\nbar"s, "foo bar"s}) {
    hostile_text::Hostile no = *back;
    no.control = value;
    if (dorm::validation_errors(no).size() != 1) return std::puts("validate() accepted a value that is not in the enum"), 1;
  }
  hostile_text::Hostile yes = *back;
  yes.flag = true;
  if (dorm::validation_errors(yes).size() != 1) return std::puts("validate() accepted true for the enum [false]"), 1;
  try {
    yes.id = 99;
    db.insert(yes);
    return std::puts("insert of true into the enum [false] did not throw"), 1;
  } catch (const dorm::ValidationError&) {
    // refused before SQLite, as every rule with a CHECK is
  }
  return 0;
}
