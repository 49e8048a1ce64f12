// ON DELETE actions declared in the schema (x-dorm-references onDelete) run on delete:
// CASCADE deletes children (and theirs), SET NULL clears the reference, RESTRICT refuses.
#include <catch2/catch.hpp>

#include "support.hpp"

using rt_test::make_user;

namespace {

struct Blog {
  dorm::Database db = rt_test::memory_db();
  rt::User ann = make_user("ann");
  rt::User bob = make_user("bob");
  rt::Post anns_post;
  rt::Post bobs_post;
  rt::Reply bob_on_ann;  // on ann's post, by bob
  rt::Reply ann_on_bob;  // on bob's post, by ann

  Blog() {
    db.insert(ann);
    db.insert(bob);
    anns_post = rt::Post{.author_id = ann.id, .title = "ann's"};
    bobs_post = rt::Post{.author_id = bob.id, .title = "bob's"};
    db.insert(anns_post);
    db.insert(bobs_post);
    bob_on_ann = rt::Reply{.post_id = anns_post.id, .author_id = bob.id, .body = "hi ann"};
    ann_on_bob = rt::Reply{.post_id = bobs_post.id, .author_id = ann.id, .body = "hi bob"};
    db.insert(bob_on_ann);
    db.insert(ann_on_bob);
  }
};

}  // namespace

TEST_CASE("deleting a user cascades to their posts and through the posts to the posts' replies", "[runtime]") {
  Blog blog;
  auto& db = blog.db;
  CHECK(db.remove_all<rt::User>().where(rt::users.id == blog.ann.id).execute() == 1);
  CHECK(db.select<rt::Post>().count() == 1);
  CHECK_FALSE(db.find<rt::Post>(blog.anns_post.id).has_value());
  // bob's reply sat on ann's post: gone with it.
  CHECK_FALSE(db.find<rt::Reply>(blog.bob_on_ann.id).has_value());
  CHECK(db.select<rt::Reply>().count() == 1);
}

TEST_CASE("deleting a user sets the author of their replies on other posts to NULL", "[runtime]") {
  Blog blog;
  auto& db = blog.db;
  CHECK(db.remove(blog.ann));
  auto reply = db.find_or_fail<rt::Reply>(blog.ann_on_bob.id);
  CHECK_FALSE(reply.author_id.has_value());
  CHECK(reply.body == "hi bob");
}

TEST_CASE("deleting a user who moderates a reply is restricted: ConstraintError foreign_key and nothing deleted", "[runtime]") {
  Blog blog;
  auto& db = blog.db;
  CHECK(db.update_all<rt::Reply>().set(rt::replies.moderator_id = blog.ann.id).where(rt::replies.id == blog.ann_on_bob.id).execute() == 1);
  try {
    (void)db.remove_all<rt::User>().where(rt::users.id == blog.ann.id).execute();
    FAIL("restricted delete went through");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.code() == SQLITE_CONSTRAINT);
    CHECK_THAT(e.what(), Catch::Contains("FOREIGN KEY constraint failed"));
  }
  // Nothing changed: not the user, not the cascaded posts and replies, not the SET NULL.
  CHECK(db.select<rt::User>().count() == 2);
  CHECK(db.select<rt::Post>().count() == 2);
  CHECK(db.select<rt::Reply>().count() == 2);
  CHECK(db.find_or_fail<rt::Reply>(blog.ann_on_bob.id).author_id == blog.ann.id);
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(db)) != 0);

  // Once the moderator is cleared, the delete goes through.
  CHECK(db.update_all<rt::Reply>().set(rt::replies.moderator_id = std::nullopt).where(rt::replies.moderator_id == blog.ann.id).execute() == 1);
  CHECK(db.remove_all<rt::User>().where(rt::users.id == blog.ann.id).execute() == 1);
}

TEST_CASE("a cascade reaches rows deleted by a bulk remove of several parents", "[runtime]") {
  Blog blog;
  auto& db = blog.db;
  CHECK(db.remove_all<rt::User>().execute_all_rows() == 2);
  CHECK(db.select<rt::Post>().count() == 0);
  CHECK(db.select<rt::Reply>().count() == 0);
}

// SQLite reports a RESTRICT violation as SQLITE_CONSTRAINT_TRIGGER (1811, "FOREIGN KEY
// constraint failed"), not SQLITE_CONSTRAINT_FOREIGNKEY; dorm still calls it a foreign key.
TEST_CASE("a RESTRICT violation is a ConstraintError of kind foreign_key", "[runtime]") {
  Blog blog;
  auto& db = blog.db;
  CHECK(db.update_all<rt::Reply>().set(rt::replies.moderator_id = blog.ann.id).where(rt::replies.id == blog.ann_on_bob.id).execute() == 1);
  try {
    (void)db.remove(blog.ann);
    FAIL("restricted delete went through");
  } catch (const dorm::ConstraintError& e) {
    CHECK(e.kind() == dorm::ConstraintError::Kind::foreign_key);
  }
}
