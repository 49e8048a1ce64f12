#include "ir/validate.hpp"

#include "ir/column_rules.hpp"
#include "ir/cpp_name_rules.hpp"
#include "ir/custom_type_rules.hpp"
#include "ir/factory_rules.hpp"
#include "ir/inferred_relations_check.hpp"
#include "ir/relation_rules.hpp"
#include "ir/schema_rules.hpp"
#include "ir/scratch_db.hpp"
#include "ir/sql_name_rules.hpp"
#include "ir/table_rules.hpp"

namespace dorm::ir {

// The rules live in one unit per IR level (schema_rules and relation_rules, table_rules,
// column_rules); this is the order they run in, which is the order of their diagnostics.
void validate(const Schema& schema, Diagnostics& diags) {
  check_schema_names(schema, diags);
  ScratchDb scratch;  // one per run, opened only when a column has an SQL default
  for (const Table& t : schema.tables) {
    if (!check_table(t, diags)) continue;
    for (const Column& c : t.columns) {
      check_auto_increment(t, c, diags);
      if (c.references) check_reference(schema, c, diags);
      check_column(c, scratch, diags);
      check_custom_type(t, c, diags);
      if (c.role != ColumnRole::data) check_trait_column(t, c, diags);
    }
    check_relations(schema, t, diags);
    if (!t.traits.tenant_column.empty()) check_tenant_column(t, diags);
    check_version_columns(t, diags);
  }
  check_inferred_relations(schema, diags);
  check_sql_names(schema, diags);
  check_cpp_names(schema, diags);
  check_factory_values(schema, diags);
}

}  // namespace dorm::ir
