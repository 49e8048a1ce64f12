// expect: static assertion failed: dorm: Session::add\(\) needs a relation declaring "cascade": \["persist"\]; without it, persist\(\) the row and link\(\) it
// Session::add() persists a row with its parent only through a relation that declares cascade
// persist (blog's users.posts declares none): the sentence says what to declare, or what to
// call instead.
#include <dorm/session/session.hpp>

#include "blog/models.hpp"

void session_add_to_a_relation_without_cascade_persist(dorm::Database& db) {
  dorm::Session session(db);
  blog::User& ann = session.persist(blog::User{.email = "ann@example.com", .name = "Ann"});
  blog::Post& post = session.persist(blog::Post{.title = "t", .body = "b"});
  session.link(post, blog::posts.author, ann);
#ifdef DORM_EXPECT_COMPILE_FAILURE
  session.add(ann, blog::users.posts, blog::Post{.title = "t", .body = "b"});
#endif
}
