// The program both consumer projects build: open a file database, migrate, insert, read back.
// Exits non-zero (with a message) when anything read back differs from what was written.
#include "notes/models.hpp"

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace {

int fail(const std::string& what) {
  std::cerr << "notes_app: " << what << '\n';
  return EXIT_FAILURE;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path path = argc > 1 ? argv[1] : "notes_app.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path.string() + suffix);
  }
  try {
    auto db = dorm::Database::open(path.string());
    notes::migrate(db);
    notes::migrate(db);  // idempotent

    notes::Note n{.title = "hello"};
    db.insert(n);
    if (n.id == 0) return fail("insert did not fill in the id");

    std::optional<notes::Note> back = db.find<notes::Note>(n.id);
    if (!back) return fail("find(" + std::to_string(n.id) + ") found nothing");
    if (back->id != n.id || back->title != "hello") return fail("find returned another row");

    auto rows = db.select<notes::Note>().where(notes::notes.title == "hello").all();
    if (rows.size() != 1 || rows.front().id != n.id) {
      return fail("select where title == \"hello\" returned " + std::to_string(rows.size()) + " rows");
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (!std::filesystem::exists(path)) return fail("no database file at " + path.string());
  std::cout << "notes_app: ok (" << path.string() << ")\n";
  return EXIT_SUCCESS;
}
