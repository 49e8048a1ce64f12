// Writes a note through the generated API for an annotated struct and reads it back.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "notes/db/models.hpp"

int main(int argc, char** argv) {
  const std::filesystem::path path = argc > 1 ? argv[1] : "notes_app.db";
  std::filesystem::remove(path);
  try {
    auto db = dorm::Database::open(path.string());
    notes::db::migrate(db);
    notes::Note note{.title = "Annotated", .body = "from a C++ struct", .mood = notes::Mood::busy, .stars = 4};
    db.insert(note);
    const auto back = db.find_or_fail<notes::Note>(note.id);
    const auto found = db.select<notes::Note>().where(notes::db::notes.title == "Annotated").count();
    if (back.body != note.body || back.mood != notes::Mood::busy || back.stars != 4 || found != 1) {
      std::cerr << "notes_app: read back something else\n";
      return EXIT_FAILURE;
    }
    std::cout << "notes_app: ok\n";
    return EXIT_SUCCESS;
  } catch (const std::exception& e) {
    std::cerr << "notes_app: " << e.what() << '\n';
    return EXIT_FAILURE;
  }
}
