// The consumer's own struct is the schema: dorm-gen reads the annotations, and the generated
// notes/db/models.hpp includes this header and extends notes::Note.
#pragma once
#include <dorm/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

#ifndef NOTES_TITLE_LIMIT
#error "dorm_generate() scans headers with the target's compile definitions"
#endif

namespace notes {

enum class DORM_AS_TEXT Mood { calm, busy };

struct DORM_TABLE("notes") Note {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  DORM_INDEX std::string title{};
  std::optional<std::string> body{};
  DORM_DEFAULT("calm") Mood mood = Mood::calm;
  std::int32_t stars = 0;
};

}  // namespace notes
