#pragma once
// IR relations -> the values relation.mustache, relation_function.mustache and the relation
// members of table_object.mustache substitute. Expects a validated schema.
#include <kainjow/mustache.hpp>

#include "ir/schema.hpp"

namespace dorm::emit {

/// The generated type of a relation object: `posts_author_relation` for posts.author.
[[nodiscard]] std::string relation_type_name(const ir::Table& table, const ir::Relation& relation);

/// The view of one relation of `table`: its type, base class and loader's result type.
[[nodiscard]] kainjow::mustache::data relation_view(const ir::Schema& schema, const ir::Table& table,
                                                    const ir::Relation& relation);

/// The views of every relation of `table`, as a mustache list.
[[nodiscard]] kainjow::mustache::data relation_views(const ir::Schema& schema, const ir::Table& table);

}  // namespace dorm::emit
