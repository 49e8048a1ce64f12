#include "migrate/database_shape.hpp"

#include <algorithm>

#include "ir/names.hpp"
#include "migrate/catalog_rows.hpp"

namespace dorm::migrate {

std::vector<std::string> database_shape(sqlite3* db) {
  std::vector<std::string> lines;
  for (const std::string& name : user_tables(db)) {
    const std::string qn = ir::quote_literal(name);
    for (const CatalogRow& r : catalog_rows(db, "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(" + qn + ")"))
      lines.push_back(name + " column " + text(r[0]) + ' ' + text(r[1]) + ' ' + upper(text(r[2])) +
                      " notnull=" + text(r[3]) + " default=" + r[4].value_or("NULL") + " pk=" + text(r[5]));
    for (const CatalogRow& r : catalog_rows(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(" + qn + ")")) {
      std::string columns;
      for (const CatalogRow& c : catalog_rows(db, "SELECT name FROM pragma_index_info(" + ir::quote_literal(text(r[0])) + ") ORDER BY seqno"))
        columns += ' ' + c[0].value_or("<expr>");
      // Automatic indexes of UNIQUE/PRIMARY KEY constraints are numbered by position, so they
      // are compared by what they cover, not by name.
      const std::string index_name = text(r[2]) == "c" ? text(r[0]) : "(" + text(r[2]) + ")";
      lines.push_back(name + " index " + index_name + " unique=" + text(r[1]) + " partial=" + text(r[3]) + columns);
    }
    for (const CatalogRow& r : catalog_rows(db, "SELECT seq, \"table\", \"from\", \"to\", on_update, on_delete, id FROM pragma_foreign_key_list(" + qn + ")"))
      lines.push_back(name + " foreign_key " + text(r[2]) + " -> " + text(r[1]) + '.' + r[3].value_or("<pk>") +
                      " on_update=" + text(r[4]) + " on_delete=" + text(r[5]));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace dorm::migrate
