// @generated from cases/extraction.md by tests/docs/extract_snippets.cmake: its ```cpp fragment and
// ```cpp declarations blocks, in document order.
#include <dorm/dorm.hpp>
#include <iostream>
// cases/extraction.md:13 (declarations)
#line 14 "cases/extraction.md"
using blog::users;
#line 9 "extraction.cpp"
// cases/extraction.md:19 (fragment)
namespace extraction_19 {
void fragment(dorm::Database& db, blog::Post& post) {
{
#line 20 "cases/extraction.md"

std::cout << post.title << '\n';
#line 17 "extraction.cpp"
}
}
}  // namespace extraction_19
// cases/extraction.md:29 (fragment)
namespace extraction_29 {
void fragment(dorm::Database& db) {
{
#line 30 "cases/extraction.md"
auto n = db.select<blog::User>().count();
#line 27 "extraction.cpp"
}
}
}  // namespace extraction_29
