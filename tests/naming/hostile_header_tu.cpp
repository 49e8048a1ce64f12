// Compiled with clang++ -fsyntax-only by the test naming.hostile_names_header_compiles_with_clang:
// the header of the hostile names schema with <dorm/dorm.hpp>, with some of the API in use so the
// templates of each kind of name are instantiated.
#include <dorm/dorm.hpp>

#include "hostile/models.hpp"

namespace {
[[maybe_unused]] void use_the_api(dorm::Database& db) {
  hostile::migrate(db);
  hostile::Class c{.delete_ = 1, .namespace_ = "ns"};
  db.insert(c);
  [[maybe_unused]] auto order = c.order(db);
  [[maybe_unused]] auto found = db.find<hostile::Migration>(std::int64_t{1});
  [[maybe_unused]] auto codes = db.select<hostile::_2faCode>().with(hostile::_2fa_codes.user_account).all();
  [[maybe_unused]] auto staff = db.select<hostile::Employee>().with(hostile::employee.reports).all();
  [[maybe_unused]] auto loans = db.select<hostile::Loan>().where(hostile::loans.book_isbn == "x").with(hostile::loans.book).all();
}
}  // namespace
