// The identity map of dorm::Session: one object per row and key, found without a query the
// second time; queries, relation loads and eager loads merge with what the session holds.
#include <catch2/catch.hpp>

#include "session_support.hpp"

using session_test::StatementLog;

TEST_CASE("finding the same key twice gives the same object and runs one query", "[session][identity]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann", 30);
  db.insert(ann);
  dorm::Session session(db);
  StatementLog log(db);

  rt::User* first = session.find<rt::User>(ann.id);
  rt::User* second = session.find<rt::User>(ann.id);

  REQUIRE(first != nullptr);
  CHECK(first == second);
  CHECK(first->name == "ann");
  CHECK(log.statements.size() == 1);
  CHECK(session.size() == 1);
}

TEST_CASE("finding a missing key gives nullptr, and find_or_fail throws NotFound", "[session][identity]") {
  auto db = session_test::rt_db();
  dorm::Session session(db);

  CHECK(session.find<rt::User>(42) == nullptr);
  CHECK_THROWS_AS(session.find_or_fail<rt::User>(42), dorm::NotFound);
  CHECK(session.size() == 0);
}

TEST_CASE("a managed row keeps its address while the session loads many more", "[session][identity]") {
  auto db = session_test::rt_db();
  std::vector<rt::User> users;
  for (int i = 0; i < 200; ++i) users.push_back(session_test::make_user("u" + std::to_string(i)));
  db.insert_many(users);
  dorm::Session session(db);

  rt::User* first = session.find<rt::User>(users[0].id);
  auto all = session.select<rt::User>().all();

  REQUIRE(all.size() == 200);
  CHECK(session.find<rt::User>(users[0].id) == first);
  CHECK(std::find(all.begin(), all.end(), first) != all.end());
}

TEST_CASE("a query returns a row already loaded as it is in memory, not as the database has it",
          "[session][identity]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann", 30);
  db.insert(ann);
  dorm::Session session(db);
  rt::User* managed = session.find<rt::User>(ann.id);
  managed->name = "changed in memory";
  db.update_all<rt::User>().set(rt::users.age = 99).where(rt::users.id == ann.id).execute();

  auto rows = session.select<rt::User>().where(rt::users.id == ann.id).all();

  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == managed);
  CHECK(managed->name == "changed in memory");
  CHECK(managed->age == 30);
  CHECK(session.select<rt::User>().where(rt::users.id == ann.id).first() == managed);
}

TEST_CASE("refresh reloads a managed row from the database and drops its unflushed changes", "[session][identity]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann", 30);
  db.insert(ann);
  dorm::Session session(db);
  rt::User& managed = session.find_or_fail<rt::User>(ann.id);
  managed.name = "changed in memory";
  db.update_all<rt::User>().set(rt::users.age = 99).where(rt::users.id == ann.id).execute();

  session.refresh(managed);

  CHECK(&managed == session.find<rt::User>(ann.id));
  CHECK(managed.name == "ann");
  CHECK(managed.age == 99);
  StatementLog log(db);
  session.flush();
  CHECK(log.statements.empty());
}

TEST_CASE("refresh of a row deleted in the database throws NotFound", "[session][identity]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann");
  db.insert(ann);
  dorm::Session session(db);
  rt::User& managed = session.find_or_fail<rt::User>(ann.id);
  db.remove(ann);

  CHECK_THROWS_AS(session.refresh(managed), dorm::NotFound);
  CHECK(managed.name == "ann");
}

TEST_CASE("refresh and detach of a row the session does not manage are misuse errors", "[session][identity]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann");
  db.insert(ann);
  dorm::Session session(db);
  rt::User copy = session.find_or_fail<rt::User>(ann.id);

  CHECK_THROWS_WITH(session.refresh(copy), Catch::Contains("[dorm.session.not_managed] refresh()") &&
                                               Catch::Contains("'users'"));
  CHECK_THROWS_WITH(session.detach(copy), Catch::Contains("[dorm.session.not_managed] detach()"));
  CHECK_FALSE(session.contains(copy));
}

TEST_CASE("rows with a composite primary key are managed by the whole key", "[session][identity]") {
  auto db = session_test::rt_db();
  rt::Membership a{.org_id = 1, .user_id = 2, .role = "owner"};
  rt::Membership b{.org_id = 2, .user_id = 1, .role = "member"};
  db.insert(a);
  db.insert(b);
  dorm::Session session(db);
  StatementLog log(db);

  rt::Membership* found = session.find<rt::Membership>(1, 2);
  auto all = session.select<rt::Membership>().order_by(rt::memberships.org_id).all();

  REQUIRE(found != nullptr);
  CHECK(found->role == "owner");
  REQUIRE(all.size() == 2);
  CHECK(all[0] == found);
  CHECK(all[1]->role == "member");
  CHECK(session.find<rt::Membership>(2, 1) == all[1]);
  CHECK(session.find<rt::Membership>(2, 2) == nullptr);
  CHECK(log.starting_with("SELECT").size() == 3);  // find, select, and the missing (2, 2)
}

TEST_CASE("a belongs_to load finds a target the session holds without a query", "[session][identity][relations]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "ann"};
  db.insert(ann);
  blog::Post post{.author_id = ann.id, .title = "t", .body = "b"};
  db.insert(post);
  dorm::Session session(db);
  blog::User* author = session.find<blog::User>(ann.id);
  blog::Post* managed_post = session.find<blog::Post>(post.id);
  StatementLog log(db);

  CHECK(session.load(*managed_post, blog::posts.author) == author);
  CHECK(log.statements.empty());
}

TEST_CASE("a has_many load returns managed rows and is not queried twice", "[session][identity][relations]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "ann"};
  db.insert(ann);
  blog::Post p1{.author_id = ann.id, .title = "one", .body = "b"};
  blog::Post p2{.author_id = ann.id, .title = "two", .body = "b"};
  db.insert(p1);
  db.insert(p2);
  dorm::Session session(db);
  blog::User& author = session.find_or_fail<blog::User>(ann.id);
  blog::Post* first = session.find<blog::Post>(p1.id);
  StatementLog log(db);

  std::vector<blog::Post*> posts = session.load(author, blog::users.posts);
  std::vector<blog::Post*> again = session.load(author, blog::users.posts);

  REQUIRE(posts.size() == 2);
  CHECK(std::find(posts.begin(), posts.end(), first) != posts.end());
  CHECK(posts == again);
  CHECK(session.find<blog::Post>(p2.id) != nullptr);
  CHECK(log.statements.size() == 1);
}

TEST_CASE("an eager load through the session manages the related rows; load() then runs no query",
          "[session][identity][relations]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "ann"};
  db.insert(ann);
  blog::Post with_comments{.author_id = ann.id, .title = "one", .body = "b"};
  blog::Post without{.author_id = ann.id, .title = "two", .body = "b"};
  db.insert(with_comments);
  db.insert(without);
  blog::Comment c1{.post_id = with_comments.id, .author_id = ann.id, .body = "first"};
  db.insert(c1);
  blog::Tag tag{.name = "cpp"};
  db.insert(tag);
  blog::posts.tags.attach(db, with_comments, tag);
  dorm::Session session(db);
  StatementLog log(db);

  auto posts = session.select<blog::Post>()
                   .with(blog::posts.author, blog::posts.comments.with(blog::comments.author), blog::posts.tags)
                   .order_by(blog::posts.id)
                   .all();
  const std::size_t eager_statements = log.statements.size();

  REQUIRE(posts.size() == 2);
  blog::User* author = session.load(*posts[0], blog::posts.author);
  REQUIRE(author != nullptr);
  CHECK(author == session.load(*posts[1], blog::posts.author));
  auto comments = session.load(*posts[0], blog::posts.comments);
  REQUIRE(comments.size() == 1);
  CHECK(session.load(*comments[0], blog::comments.author) == author);
  CHECK(session.load(*posts[1], blog::posts.comments).empty());
  auto tags = session.load(*posts[0], blog::posts.tags);
  REQUIRE(tags.size() == 1);
  CHECK(tags[0] == session.find<blog::Tag>(tag.id));
  CHECK(session.load(*posts[1], blog::posts.tags).empty());
  CHECK(log.statements.size() == eager_statements);
  CHECK(session.find<blog::Comment>(c1.id) == comments[0]);
  CHECK(log.statements.size() == eager_statements);
}

TEST_CASE("an eager load keeps a related row the session holds as it is in memory", "[session][identity][relations]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "ann"};
  db.insert(ann);
  blog::Post post{.author_id = ann.id, .title = "one", .body = "b"};
  db.insert(post);
  dorm::Session session(db);
  blog::User* author = session.find<blog::User>(ann.id);
  author->name = "edited";

  auto posts = session.select<blog::Post>().with(blog::posts.author).all();

  REQUIRE(posts.size() == 1);
  CHECK(session.load(*posts[0], blog::posts.author) == author);
  CHECK(author->name == "edited");
}

TEST_CASE("contains tells a managed row from an equal copy", "[session][identity]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann");
  db.insert(ann);
  dorm::Session session(db);
  rt::User& managed = session.find_or_fail<rt::User>(ann.id);
  rt::User copy = managed;

  CHECK(session.contains(managed));
  CHECK_FALSE(session.contains(copy));
}

TEST_CASE("a belongs_to load follows the foreign key as it is in memory", "[session][identity][relations]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "ann"};
  blog::User bob{.email = "bob@example.com", .name = "bob"};
  db.insert(ann);
  db.insert(bob);
  blog::Post post{.author_id = ann.id, .title = "t", .body = "b"};
  db.insert(post);
  dorm::Session session(db);
  blog::Post& managed = session.find_or_fail<blog::Post>(post.id);
  CHECK(session.load(managed, blog::posts.author) == session.find<blog::User>(ann.id));
  blog::User* second = session.find<blog::User>(bob.id);
  StatementLog log(db);

  managed.author_id = bob.id;

  CHECK(session.load(managed, blog::posts.author) == second);
  CHECK(log.statements.empty());
}
