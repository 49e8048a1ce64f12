#pragma once
// `x-dorm-enum-class` columns -> the C++ enum classes models_header.mustache declares, and the
// dorm::enum_names specializations that store each enumerator as the schema's text.
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "ir/schema.hpp"

namespace dorm::emit {

/// The texts an enum-class column stores, in enumerator order: its `enum`'s string values.
[[nodiscard]] std::vector<std::string> enum_class_texts(const ir::Column& column);

/// The enumerator storing `text` in an enum-class column, qualified: `AccountRole::read_only`.
/// Throws std::logic_error when `text` is none of its values (validation rejects such schemas).
[[nodiscard]] std::string enumerator_of(const ir::Column& column, const std::string& text);

/// One view per enum class of `tables` (each name once, in table and column order): its name,
/// a doc line naming the column and its texts, and its enumerators.
[[nodiscard]] kainjow::mustache::data enum_class_views(const std::vector<const ir::Table*>& tables);

/// The enum_names views (as header_emitter's text_enums) of the same enum classes, whose names
/// are the texts; `cpp_namespace` qualifies the enum, as the specialization is outside it.
[[nodiscard]] kainjow::mustache::data enum_class_name_views(const std::vector<const ir::Table*>& tables,
                                                            const std::string& cpp_namespace);

}  // namespace dorm::emit
