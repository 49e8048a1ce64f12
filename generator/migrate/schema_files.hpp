#pragma once
// Introspected IR -> JSON Schema files, in the dialect the JSON front end reads
// (`dorm-gen introspect`).
#include <vector>

#include "emit/header_emitter.hpp"
#include "ir/schema.hpp"

namespace dorm::migrate {

/// One JSON Schema file per table (`<table>.json`, with any byte that could make the name a path
/// percent-encoded: `../x` -> `%2E.%2Fx.json`), in the dialect the JSON front end reads.
/// Declared relations (ir::infer_relations_from_foreign_keys gives an introspected schema its
/// relations) are written as `x-dorm-relations` with every key spelled out.
[[nodiscard]] std::vector<emit::GeneratedFile> schema_files(const ir::Schema& schema);

}  // namespace dorm::migrate
