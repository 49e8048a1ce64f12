// The order of a flush's inserts and deletes where foreign keys form cycles or a table
// references itself (issue 16 item 3): a nullable key of a cycle inserted NULL and set by an
// UPDATE once its parent is in, rows of a self-referencing table inserted referenced rows first
// and deleted referencing rows first, a cycle of NOT NULL keys refused before any write; and
// removed rows deleted in one statement per batch, with their hooks, tenant and version checks.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "graph/models.hpp"
#include "session_support.hpp"

using session_test::StatementLog;

namespace {

dorm::Database graph_db() {
  auto db = dorm::Database::open(":memory:");
  graph::migrate(db);
  return db;
}

/// The logged statements starting with `prefix`, consecutive repeats dropped (SQLite's trace
/// repeats a DELETE for each foreign-key action it runs).
std::vector<std::string> distinct(const StatementLog& log, std::string_view prefix) {
  auto found = log.starting_with(prefix);
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

/// The logged writes (INSERT, UPDATE, DELETE), without the transaction's statements.
std::vector<std::string> writes(const StatementLog& log) {
  std::vector<std::string> found;
  for (const auto& sql : log.statements)
    if (sql.starts_with("INSERT") || sql.starts_with("UPDATE") || sql.starts_with("DELETE")) found.push_back(sql);
  return found;
}

/// The top manager: an employee managing itself, so new employees have a manager to start from.
graph::Employee seed_top_manager(dorm::Database& db) {
  graph::Employee top{.id = 1, .name = "top", .manager_id = 1};
  db.insert(top);
  return top;
}

}  // namespace

TEST_CASE("new rows referencing each other through a nullable key: inserted NULL, then set by an UPDATE",
          "[session]") {
  auto db = graph_db();
  dorm::Session session(db);
  graph::Author& ann = session.persist(graph::Author{.name = "Ann"});
  graph::Book& book = session.persist(graph::Book{.title = "First"});
  session.link(book, graph::books.author, ann);
  session.link(ann, graph::authors.favorite_book, book);
  StatementLog log(db);

  session.flush();

  const auto written = writes(log);
  REQUIRE(written.size() == 3);
  CHECK(written[0].starts_with(R"(INSERT INTO "authors")"));
  CHECK(written[1].starts_with(R"(INSERT INTO "books")"));
  CHECK(written[2] == R"(UPDATE "authors" SET "favorite_book_id" = ?2 WHERE "id" = ?1)");
  CHECK(ann.id != 0);
  CHECK(book.author_id == ann.id);
  CHECK(ann.favorite_book_id == book.id);
  CHECK(db.find_or_fail<graph::Author>(ann.id).favorite_book_id == book.id);
  log.reset();
  session.flush();
  CHECK(log.statements.empty());
}

TEST_CASE("the deferred keys of many new rows are set in one batched UPDATE", "[session]") {
  auto db = graph_db();
  dorm::Session session(db);
  std::vector<graph::Author*> authors;
  std::vector<graph::Book*> books;
  for (int i = 0; i < 4; ++i) {
    authors.push_back(&session.persist(graph::Author{.name = "author " + std::to_string(i)}));
    books.push_back(&session.persist(graph::Book{.title = "book " + std::to_string(i)}));
    session.link(*books.back(), graph::books.author, *authors.back());
    session.link(*authors.back(), graph::authors.favorite_book, *books.back());
  }
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("INSERT").size() == 2);
  const auto updates = log.starting_with("UPDATE");
  REQUIRE(updates.size() == 1);
  CHECK_THAT(updates[0], Catch::Contains("FROM (VALUES (?, ?), (?, ?), (?, ?), (?, ?))"));
  for (int i = 0; i < 4; ++i) {
    CHECK(authors[i]->favorite_book_id == books[i]->id);
    CHECK(db.find_or_fail<graph::Author>(authors[i]->id).favorite_book_id == books[i]->id);
    CHECK(db.find_or_fail<graph::Book>(books[i]->id).author_id == authors[i]->id);
  }
}

TEST_CASE("new rows of a table referencing itself through a NOT NULL key are inserted referenced rows first",
          "[session]") {
  auto db = graph_db();
  const graph::Employee top = seed_top_manager(db);
  dorm::Session session(db);
  graph::Employee& boss = session.find_or_fail<graph::Employee>(top.id);
  // Persisted in the wrong order on purpose: the deepest first.
  graph::Employee& worker = session.persist(graph::Employee{.name = "worker"});
  graph::Employee& lead = session.persist(graph::Employee{.name = "lead"});
  graph::Employee& intern = session.persist(graph::Employee{.name = "intern"});
  session.link(worker, graph::employees.manager, lead);
  session.link(lead, graph::employees.manager, boss);    // a row with its key: set at once
  session.link(lead, graph::employees.reports, intern);  // the has_many side sets intern.manager_id
  CHECK(lead.manager_id == top.id);
  StatementLog log(db);

  session.flush();

  // Two layers: the lead, then the rows it manages, in one INSERT.
  const auto inserts = log.starting_with("INSERT");
  REQUIRE(inserts.size() == 2);
  CHECK_THAT(inserts[0], Catch::Contains("VALUES (?, ?, ?)") && !Catch::Contains("), ("));
  CHECK_THAT(inserts[1], Catch::Contains("), ("));
  CHECK(worker.manager_id == lead.id);
  CHECK(intern.manager_id == lead.id);
  CHECK(db.find_or_fail<graph::Employee>(worker.id).manager_id == lead.id);
  CHECK(db.select<graph::Employee>().where(graph::employees.manager_id == lead.id).count() == 2);
}

TEST_CASE("new rows of a table referencing each other through a nullable key get it by an UPDATE", "[session]") {
  auto db = graph_db();
  const graph::Employee top = seed_top_manager(db);
  dorm::Session session(db);
  graph::Employee& ann = session.persist(graph::Employee{.name = "ann", .manager_id = top.id});
  graph::Employee& bob = session.persist(graph::Employee{.name = "bob", .manager_id = top.id});
  session.link(ann, graph::employees.mentor, bob);  // mentors of each other: a cycle of rows
  session.link(bob, graph::employees.mentor, ann);
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("INSERT").size() == 1);
  CHECK(log.starting_with("UPDATE").size() == 1);
  CHECK(ann.mentor_id == bob.id);
  CHECK(bob.mentor_id == ann.id);
  CHECK(db.find_or_fail<graph::Employee>(bob.id).mentor_id == ann.id);
}

TEST_CASE("new rows in a cycle of NOT NULL keys throw ForeignKeyCycle naming the tables before any write",
          "[session]") {
  auto db = graph_db();
  dorm::Session session(db);
  graph::Hen& hen = session.persist(graph::Hen{});
  graph::Egg& egg = session.persist(graph::Egg{});
  session.link(hen, graph::hens.egg, egg);
  session.link(egg, graph::eggs.hen, hen);
  StatementLog log(db);

  try {
    session.flush();
    FAIL("flush() should have thrown");
  } catch (const dorm::ForeignKeyCycle& e) {
    CHECK_THAT(e.what(), Catch::Contains("[dorm.commit_order.cycle]") && Catch::Contains("'hens'") &&
                             Catch::Contains("'eggs'"));
    std::vector<std::string> tables = e.tables();
    std::sort(tables.begin(), tables.end());
    CHECK(tables == std::vector<std::string>{"eggs", "hens"});
  }

  CHECK(log.statements.empty());
  CHECK(session.contains(hen));
  CHECK(session.contains(egg));
  CHECK(hen.id == 0);
  CHECK(session.size() == 2);
  CHECK_THROWS_AS(session.flush(), dorm::ForeignKeyCycle);
}

TEST_CASE("new rows of one table referencing each other through a NOT NULL key are a cycle error before any write",
          "[session]") {
  auto db = graph_db();
  dorm::Session session(db);
  graph::Employee& ann = session.persist(graph::Employee{.name = "ann"});
  graph::Employee& bob = session.persist(graph::Employee{.name = "bob"});
  session.link(ann, graph::employees.manager, bob);
  session.link(bob, graph::employees.manager, ann);
  StatementLog log(db);

  CHECK_THROWS_WITH(session.flush(), Catch::Contains("[dorm.commit_order.cycle]") && Catch::Contains("'employees'"));

  CHECK(log.statements.empty());
  CHECK(ann.id == 0);
  CHECK(session.contains(bob));
  // Fixed, the same rows flush.
  session.link(ann, graph::employees.manager, seed_top_manager(db));
  session.flush();
  CHECK(bob.manager_id == ann.id);
  CHECK(db.select<graph::Employee>().count() == 3);
}

TEST_CASE("a new row removed before the flush leaves no link to it behind", "[session]") {
  auto db = graph_db();
  const graph::Employee top = seed_top_manager(db);
  dorm::Session session(db);
  graph::Employee& ann = session.persist(graph::Employee{.name = "ann", .manager_id = top.id});
  graph::Employee& bob = session.persist(graph::Employee{.name = "bob", .manager_id = top.id});
  session.link(bob, graph::employees.mentor, ann);
  session.remove(ann);

  session.flush();

  CHECK(session.size() == 1);
  CHECK_FALSE(db.find_or_fail<graph::Employee>(bob.id).mentor_id.has_value());
}

TEST_CASE("removed rows of a table referencing itself are deleted referencing rows first", "[session]") {
  auto db = graph_db();
  seed_top_manager(db);
  graph::Employee lead{.name = "lead", .manager_id = 1};
  db.insert(lead);
  graph::Employee worker{.name = "worker", .manager_id = lead.id, .mentor_id = lead.id};
  db.insert(worker);
  dorm::Session session(db);
  session.remove(session.find_or_fail<graph::Employee>(lead.id));  // the referenced row first
  session.remove(session.find_or_fail<graph::Employee>(worker.id));
  StatementLog log(db);

  session.flush();

  // One statement each: the worker, then the lead it referenced.
  const auto deletes = log.starting_with("DELETE");
  REQUIRE(deletes.size() == 2);
  CHECK(deletes[0] == R"(DELETE FROM "employees" WHERE "id" = ?)");
  CHECK_FALSE(db.find<graph::Employee>(lead.id).has_value());
  CHECK(db.select<graph::Employee>().count() == 1);
  CHECK(session.size() == 0);
}

TEST_CASE("removed rows referencing each other across a cycle: the nullable key goes NULL before the deletes",
          "[session]") {
  auto db = graph_db();
  graph::Author ann{.name = "Ann"};
  db.insert(ann);
  graph::Book book{.author_id = ann.id, .title = "First"};
  db.insert(book);
  ann.favorite_book_id = book.id;
  db.update(ann);
  dorm::Session session(db);
  session.remove(session.find_or_fail<graph::Author>(ann.id));
  session.remove(session.find_or_fail<graph::Book>(book.id));
  StatementLog log(db);

  session.flush();

  const auto written = writes(log);
  REQUIRE(written.size() == 3);
  CHECK(written[0] == R"(UPDATE "authors" SET "favorite_book_id" = ?2 WHERE "id" = ?1)");
  CHECK(written[1] == R"(DELETE FROM "books" WHERE "id" = ?)");
  CHECK(written[2] == R"(DELETE FROM "authors" WHERE "id" = ?)");
  CHECK(db.select<graph::Author>().count() == 0);
  CHECK(db.select<graph::Book>().count() == 0);
}

TEST_CASE("removed rows of one table are deleted in one statement per batch", "[session]") {
  auto db = session_test::rt_db();
  for (int i = 0; i < 150; ++i) {
    auto user = session_test::make_user("u" + std::to_string(i));
    db.insert(user);
  }
  dorm::Session session(db);
  for (rt::User* user : session.select<rt::User>().all()) session.remove(*user);
  StatementLog log(db);

  session.flush();

  const auto deletes = distinct(log, "DELETE");
  REQUIRE(deletes.size() == 4);  // 100 + 32 + 16 + 2 rows
  CHECK_THAT(deletes[0], Catch::StartsWith(R"(DELETE FROM "users" WHERE "id" IN (?, ?, )"));
  CHECK(db.select<rt::User>().count() == 0);
  CHECK(session.size() == 0);
}

TEST_CASE("removed rows with a composite key are deleted by a row-value IN list", "[session]") {
  auto db = session_test::rt_db();
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto user = session_test::make_user("m" + std::to_string(i));
    db.insert(user);
    ids.push_back(user.id);
  }
  for (std::int64_t id : ids) {
    rt::Membership membership{.org_id = 7, .user_id = id, .role = "member"};
    db.insert(membership);
  }
  dorm::Session session(db);
  for (rt::Membership* membership : session.select<rt::Membership>().all()) session.remove(*membership);
  StatementLog log(db);

  session.flush();

  CHECK(distinct(log, "DELETE") ==
        std::vector<std::string>{
            R"(DELETE FROM "memberships" WHERE ("org_id", "user_id") IN (VALUES (?, ?), (?, ?)))",
            R"(DELETE FROM "memberships" WHERE "org_id" = ? AND "user_id" = ?)"});
  CHECK(db.select<rt::Membership>().count() == 0);
}

TEST_CASE("removed rows of a soft-delete table are soft-deleted in one UPDATE", "[session]") {
  auto db = session_test::blog_db();
  blog::User ann{.email = "ann@example.com", .name = "Ann"};
  db.insert(ann);
  blog::Post post{.author_id = ann.id, .title = "t", .body = "b"};
  db.insert(post);
  for (int i = 0; i < 3; ++i) {
    blog::Comment comment{.post_id = post.id, .body = "c" + std::to_string(i)};
    db.insert(comment);
  }
  dorm::Session session(db);
  for (blog::Comment* comment : session.select<blog::Comment>().all()) session.remove(*comment);
  StatementLog log(db);

  session.flush();

  CHECK(log.starting_with("DELETE").empty());
  const auto updates = log.starting_with("UPDATE");
  REQUIRE(updates.size() == 2);  // 2 + 1 rows
  CHECK_THAT(updates[0], Catch::StartsWith(R"(UPDATE "comments" SET "deleted_at" = ?1, "updated_at" = ?1 WHERE "deleted_at" IS NULL AND "id" IN (?, ?))"));
  CHECK(db.select<blog::Comment>().count() == 0);
  CHECK(db.select<blog::Comment>().with_trashed().count() == 3);
}

TEST_CASE("a batched delete runs each row's deleting and deleted hooks", "[session]") {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  for (int i = 0; i < 3; ++i) {
    shop::Note note{.text = "n" + std::to_string(i)};
    db.insert(note);
  }
  std::vector<std::string> deleting;
  std::vector<std::string> deleted;
  auto before = dorm::hooks<shop::Note>().on(dorm::Event::deleting, [&](shop::Note& n) { deleting.push_back(n.text); });
  auto after = dorm::hooks<shop::Note>().on(dorm::Event::deleted, [&](const shop::Note& n) { deleted.push_back(n.text); });
  dorm::Session session(db);
  for (shop::Note* note : session.select<shop::Note>().order_by(shop::notes.id).all()) session.remove(*note);
  StatementLog log(db);

  session.flush();

  CHECK(distinct(log, "DELETE").size() == 2);  // 2 + 1 rows
  CHECK(deleting == std::vector<std::string>{"n0", "n1", "n2"});
  CHECK(deleted == std::vector<std::string>{"n0", "n1", "n2"});
  CHECK(db.select<shop::Note>().count() == 0);
}

TEST_CASE("a deleting hook that throws rolls the batched delete back and leaves the rows scheduled", "[session]") {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  for (int i = 0; i < 2; ++i) {
    shop::Note note{.text = "n" + std::to_string(i)};
    db.insert(note);
  }
  bool refuse = true;
  auto guard = dorm::hooks<shop::Note>().on(dorm::Event::deleting, [&](shop::Note&) {
    if (refuse) throw std::runtime_error("kept");
  });
  dorm::Session session(db);
  auto notes = session.select<shop::Note>().all();
  for (shop::Note* note : notes) session.remove(*note);

  CHECK_THROWS_WITH(session.flush(), "kept");

  CHECK(db.select<shop::Note>().count() == 2);
  CHECK(session.contains(*notes[0]));
  refuse = false;
  session.flush();
  CHECK(db.select<shop::Note>().count() == 0);
  CHECK(session.size() == 0);
}

TEST_CASE("a batched delete of a tenant table binds each row's tenant and needs a tenant scope", "[session]") {
  auto db = dorm::Database::open(":memory:");
  tenancy::migrate(db);
  tenancy::Project project{.code = "A1", .name = "acme"};
  tenancy::Project other{.code = "G1", .name = "globex"};
  {
    dorm::TenantScope scope{"globex"};
    db.insert(other);
    tenancy::Task task{.project_id = other.id, .title = "globex task"};
    db.insert(task);
  }
  dorm::Session session(db);
  {
    dorm::TenantScope scope{"acme"};
    db.insert(project);
    for (int i = 0; i < 2; ++i) {
      tenancy::Task task{.project_id = project.id, .title = "t" + std::to_string(i)};
      db.insert(task);
    }
    for (tenancy::Task* task : session.select<tenancy::Task>().all()) session.remove(*task);
  }
  StatementLog log(db);

  CHECK_THROWS_AS(session.flush(), dorm::TenantScopeError);
  CHECK(log.statements.empty());
  {
    dorm::TenantScope scope{"acme"};
    session.flush();
    CHECK(db.select<tenancy::Task>().count() == 0);
  }
  CHECK(distinct(log, "DELETE") ==
        std::vector<std::string>{R"(DELETE FROM "tasks" WHERE ("id", "org_id") IN (VALUES (?, ?), (?, ?)))"});
  dorm::TenantScope scope{"globex"};
  CHECK(db.select<tenancy::Task>().count() == 1);
}

TEST_CASE("a batched delete checks each row's version: one changed elsewhere gives ConcurrentModification",
          "[session]") {
  auto db = session_test::rt_db();
  for (int i = 0; i < 3; ++i) {
    rt::Document doc{.title = "d" + std::to_string(i)};
    db.insert(doc);
  }
  dorm::Session session(db);
  auto docs = session.select<rt::Document>().order_by(rt::documents.id).all();
  for (rt::Document* doc : docs) session.remove(*doc);
  rt::Document elsewhere = db.find_or_fail<rt::Document>(docs[1]->id);
  elsewhere.title = "changed elsewhere";
  db.update(elsewhere);
  StatementLog log(db);

  try {
    session.flush();
    FAIL("flush() should have thrown");
  } catch (const dorm::ConcurrentModification& e) {
    CHECK(e.table() == "documents");
    CHECK_THAT(e.what(), Catch::Contains("id = " + std::to_string(docs[1]->id)));
  }

  CHECK_THAT(log.starting_with("DELETE").at(0), Catch::Contains(R"(("id", "version") IN (VALUES)"));
  CHECK(db.select<rt::Document>().count() == 3);
  CHECK(session.contains(*docs[0]));
  session.refresh(*docs[1]);
  session.flush();
  CHECK(db.select<rt::Document>().count() == 0);
}

TEST_CASE("a batched delete of a row already gone throws NotFound and deletes nothing", "[session]") {
  auto db = session_test::rt_db();
  auto ann = session_test::make_user("ann");
  auto bob = session_test::make_user("bob");
  db.insert(ann);
  db.insert(bob);
  dorm::Session session(db);
  for (rt::User* user : session.select<rt::User>().all()) session.remove(*user);
  db.remove<rt::User>(bob.id);

  CHECK_THROWS_WITH(session.flush(), Catch::Contains("[dorm.not_found]") && Catch::Contains("matched 1 of 2 rows"));

  CHECK(db.find<rt::User>(ann.id).has_value());
  CHECK(session.size() == 2);
}
