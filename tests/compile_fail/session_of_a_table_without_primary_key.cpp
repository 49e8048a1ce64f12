// expect: static assertion failed: dorm: a Session manages rows by their primary key, and this table has none
// A Session keeps rows by primary key: a table without one (here a hand-written table type
// whose primary_key is empty) must not compile in an identity map, with a sentence saying why.
#include <dorm/session/session.hpp>

#include "blog/models.hpp"

namespace keyless {
struct LogLine {
  std::string text;
};
struct log_lines_table_info;
struct log_lines_text_column : dorm::ColumnInfo<log_lines_table_info, &LogLine::text, "text"> {};
struct log_lines_table_info {
  using model_type = LogLine;
  static constexpr std::string_view name = "log_lines", quoted_name = R"sql("log_lines")sql";
  using columns = dorm::type_list<dorm::Column<log_lines_text_column>>;
  using primary_key = dorm::type_list<>;
};
log_lines_table_info dorm_table_of(dorm::tag<LogLine>);
}  // namespace keyless

void session_of_a_table_without_primary_key(dorm::Database& db) {
  dorm::Session session(db);
  [[maybe_unused]] blog::User* ok = session.find<blog::User>(1);
#ifdef DORM_EXPECT_COMPILE_FAILURE
  [[maybe_unused]] auto* bad = session.find<keyless::LogLine>();
#endif
}
