// Cascades declared in a JSON schema (issue 16 item 5): a relation's `"cascade"` and
// `"orphanRemoval"` reach its generated descriptor as constants a unit of work reads through
// dorm/session/cascade.hpp; a relation that declares none reads as false.
#include <catch2/catch.hpp>

#include <dorm/dorm.hpp>
#include <dorm/session/cascade.hpp>

#include "rt_lock/models.hpp"

TEST_CASE("a relation declaring cascade persist reads as cascading persist only", "[runtime][cascade]") {
  using document = rt_lock::document_notes_document_relation;
  STATIC_REQUIRE(dorm::cascades_persist<document>);
  STATIC_REQUIRE_FALSE(dorm::cascades_remove<document>);
  STATIC_REQUIRE_FALSE(dorm::removes_orphans<document>);
  CHECK(document::name == "document");
}
