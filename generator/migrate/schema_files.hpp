#pragma once
// Introspected IR -> JSON Schema files, in the dialect the JSON front end reads
// (`dorm-gen introspect`).
#include <vector>

#include "emit/header_emitter.hpp"
#include "ir/schema.hpp"

namespace dorm::migrate {

/// One JSON Schema file per table (`<table>.json`), in the dialect the JSON front end reads.
[[nodiscard]] std::vector<emit::GeneratedFile> schema_files(const ir::Schema& schema);

}  // namespace dorm::migrate
