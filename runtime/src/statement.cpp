#include "dorm/core/statement.hpp"

#include "dorm/detail/parameter_column.hpp"

#include <string>

namespace dorm {

void detail::refuse_nan(const Statement& st, int index) {
  const std::string sql(st.sql());
  const std::string column = detail::parameter_column(sql, index);
  std::string message = "[dorm.bind.nan] NaN cannot be stored ";
  message += column.empty() ? "" : "in column '" + column + "' ";
  message += "(parameter " + std::to_string(index) + "): SQLite would store NULL in its place\n  in: " + sql;
  throw Error(std::move(message), 0, 0, sql);
}

void detail::read_number_as_text(const Statement& st, int column, const ColumnValue& v, std::string& out) {
  const StorageClass type = v.storage_class();
  if (type != StorageClass::integer && type != StorageClass::real) st.type_mismatch(column, "TEXT");
  // The engine's own text of the number: what a TEXT column would hold.
  const std::string_view text = v.text();
  out.assign(text.data(), text.size());
}

}  // namespace dorm
