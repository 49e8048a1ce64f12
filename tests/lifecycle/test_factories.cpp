// Model factories (dorm/lifecycle/factory.hpp): rows from the generated factory_definition(n), counts,
// states, make() without writes, create() in one transaction, required parents, for_parent()
// and has() children, on the lifecycle schemas (accounts have every validation rule,
// timestamps and soft deletes; articles.account_id is a NOT NULL foreign key to accounts), and
// values made from `pattern`s on library::Book (schemas/books.json).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <dorm/dorm.hpp>
#include <dorm/lifecycle/factory.hpp>

#include "library/models.hpp"
#include "shop/models.hpp"

namespace {

using shop::Account;
using shop::Article;
using shop::Note;

dorm::Database memory_db() {
  auto db = dorm::Database::open(":memory:");
  shop::migrate(db);
  return db;
}

// Counted with raw SQL so soft-delete scopes cannot hide rows.
std::int64_t count_rows(dorm::Database& db, const std::string& table) {
  return *db.query_value<std::int64_t>("SELECT count(*) FROM " + table);
}

}  // namespace

TEST_CASE("make() builds valid rows from the definition and writes nothing", "[lifecycle][factory]") {
  auto db = memory_db();
  std::int64_t statements = 0;
  db.on_statement([&](std::string_view) { ++statements; });

  const auto accounts = dorm::factory<Account>().count(3).make();
  const auto articles = dorm::factory<Article>().count(2).make();

  db.on_statement({});
  CHECK(statements == 0);
  REQUIRE(accounts.size() == 3);
  REQUIRE(articles.size() == 2);
  for (const Account& a : accounts) {
    CHECK(a.id == 0);
    CHECK(dorm::validation_errors(a).empty());
  }
  // No parent is created without a database: the foreign key stays unset.
  for (const Article& a : articles) CHECK(a.account_id == 0);
  CHECK(count_rows(db, "accounts") == 0);
  CHECK(count_rows(db, "articles") == 0);
}

TEST_CASE("count(n) says how many rows make() and create() build, one by default", "[lifecycle][factory]") {
  auto db = memory_db();
  CHECK(dorm::factory<Note>().make().size() == 1);
  CHECK(dorm::factory<Note>().count(7).make().size() == 7);
  CHECK(dorm::factory<Note>().count(0).make().empty());
  CHECK(dorm::factory<Note>().count(0).create(db).empty());

  const auto notes = dorm::factory<Note>().count(4).create(db);
  REQUIRE(notes.size() == 4);
  std::set<std::int64_t> ids;
  for (const Note& n : notes) ids.insert(n.id);
  CHECK(ids.size() == 4);
  CHECK(ids.count(0) == 0);
  CHECK(count_rows(db, "notes") == 4);
}

TEST_CASE("A factory is an immutable value: builder calls return a changed copy", "[lifecycle][factory]") {
  const auto base = dorm::factory<Note>();
  const auto three = base.count(3);
  const auto pinned = three.state([](Note& n) { n.pinned = true; });
  CHECK(base.make().size() == 1);
  CHECK(three.make().size() == 3);
  CHECK_FALSE(three.make_one().pinned);
  CHECK(pinned.make_one().pinned);
}

TEST_CASE("States run in order after the definition and get the row's index", "[lifecycle][factory]") {
  const auto notes = dorm::factory<Note>()
                         .count(3)
                         .state([](Note& n) { n.text += "|first"; })
                         .state([](Note& n, std::size_t index) { n.text += "|second-" + std::to_string(index); })
                         .make();
  REQUIRE(notes.size() == 3);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string& text = notes[i].text;
    const std::string suffix = "|first|second-" + std::to_string(i);
    REQUIRE(text.size() > suffix.size());
    CHECK(text.substr(0, 5) == "text-");  // the definition ran first
    CHECK(text.substr(text.size() - suffix.size()) == suffix);
  }
}

TEST_CASE("sequence() cycles through its functions, row by row", "[lifecycle][factory]") {
  const auto notes = dorm::factory<Note>()
                         .count(5)
                         .sequence([](Note& n) { n.pinned = true; }, [](Note& n) { n.pinned = false; })
                         .make();
  REQUIRE(notes.size() == 5);
  CHECK(notes[0].pinned);
  CHECK_FALSE(notes[1].pinned);
  CHECK(notes[2].pinned);
  CHECK_FALSE(notes[3].pinned);
  CHECK(notes[4].pinned);
}

TEST_CASE("Successive make() and create() calls never repeat a sequence number", "[lifecycle][factory]") {
  auto db = memory_db();
  std::set<std::string> emails;
  std::set<std::string> tokens;
  auto collect = [&](const std::vector<Account>& rows) {
    for (const Account& a : rows) {
      emails.insert(a.email);
      tokens.insert(a.token);
    }
  };
  collect(dorm::factory<Account>().count(3).make());
  collect(dorm::factory<Account>().count(3).create(db));
  collect({dorm::factory<Account>().make_one()});
  collect({dorm::factory<Account>().create_one(db)});
  CHECK(emails.size() == 8);
  CHECK(tokens.size() == 8);
}

TEST_CASE("create() inserts through db.insert(): keys, timestamps and hooks apply", "[lifecycle][factory]") {
  auto db = memory_db();
  int creating = 0;
  auto sub = dorm::hooks<Account>().on(dorm::Event::creating, [&](Account&) { ++creating; });

  const auto accounts = dorm::factory<Account>().count(2).create(db);

  CHECK(creating == 2);
  for (const Account& a : accounts) {
    CHECK(a.id != 0);
    CHECK(a.created_at.size() == 24);  // UTC ISO-8601 with milliseconds, set by the runtime
    CHECK(a.updated_at == a.created_at);
    const auto stored = db.find<Account>(a.id);
    REQUIRE(stored);
    CHECK(stored->email == a.email);
  }
}

TEST_CASE("create() is one transaction: a row breaking a unique constraint leaves the database unchanged",
          "[lifecycle][factory]") {
  auto db = memory_db();
  // The third account takes the first one's e-mail address: its insert fails after two went in.
  std::string first_email;
  const auto failing = dorm::factory<Account>().count(3).state([&](Account& a, std::size_t index) {
    if (index == 0) first_email = a.email;
    if (index == 2) a.email = first_email;
  });
  CHECK_THROWS_AS(failing.create(db), dorm::ConstraintError);
  CHECK(count_rows(db, "accounts") == 0);

  // Through the parents: the third article's parent account fails, so no account and no
  // article stays.
  std::vector<std::string> emails;
  auto sub = dorm::hooks<Account>().on(dorm::Event::creating, [&](Account& a) {
    emails.push_back(a.email);
    if (emails.size() == 3) a.email = emails.front();
  });
  CHECK_THROWS_AS(dorm::factory<Article>().count(3).create(db), dorm::ConstraintError);
  CHECK(emails.size() == 3);
  CHECK(count_rows(db, "accounts") == 0);
  CHECK(count_rows(db, "articles") == 0);
}

TEST_CASE("create() is one transaction: a row failing validation leaves the database unchanged", "[lifecycle][factory]") {
  auto db = memory_db();
  const auto failing = dorm::factory<Article>().count(4).state([](Article& a, std::size_t index) {
    if (index == 3) a.title = "";  // minLength 1
  });
  CHECK_THROWS_AS(failing.create(db), dorm::ValidationError);
  CHECK(count_rows(db, "accounts") == 0);
  CHECK(count_rows(db, "articles") == 0);
}

TEST_CASE("create() inside an open transaction is a savepoint that the outer rollback undoes", "[lifecycle][factory]") {
  auto db = memory_db();
  dorm::factory<Note>().create(db);
  try {
    db.transaction([&] {
      (void)dorm::factory<Note>().count(3).create(db);
      CHECK(count_rows(db, "notes") == 4);
      // A failing create() inside rolls back its own rows only.
      CHECK_THROWS(dorm::factory<Note>().count(2).state([](Note& n, std::size_t i) {
                     if (i == 1) n.id = 1;  // the first note's key: a primary key conflict
                   }).create(db));
      CHECK(count_rows(db, "notes") == 4);
      throw std::runtime_error("undo");
    });
  } catch (const std::runtime_error&) {
  }
  CHECK(count_rows(db, "notes") == 1);
}

TEST_CASE("factory<Article>().count(1000).create(db) makes 1000 valid articles whose parents exist", "[lifecycle][factory]") {
  auto db = memory_db();
  const auto articles = dorm::factory<Article>().count(1000).create(db);

  REQUIRE(articles.size() == 1000);
  std::set<std::int64_t> parents;
  for (const Article& a : articles) {
    CHECK(dorm::validation_errors(a).empty());
    CHECK(a.id != 0);
    parents.insert(a.account_id);
  }
  // One new account per article (required parents are per row), each one valid.
  CHECK(parents.size() == 1000);
  CHECK(count_rows(db, "accounts") == 1000);
  CHECK(*db.query_value<std::int64_t>(
            "SELECT count(*) FROM articles JOIN accounts ON accounts.id = articles.account_id") == 1000);
  CHECK(db.query<std::int64_t>("SELECT 1 FROM pragma_foreign_key_check").empty());
  for (const Account& a : db.select<Account>().all()) CHECK(dorm::validation_errors(a).empty());
}

TEST_CASE("factory<Account>().count(1000).create(db) gives every unique column distinct values", "[lifecycle][factory]") {
  auto db = memory_db();
  const auto accounts = dorm::factory<Account>().count(1000).create(db);

  REQUIRE(accounts.size() == 1000);
  std::set<std::string> emails;
  std::set<std::string> tokens;
  for (const Account& a : accounts) {
    CHECK(dorm::validation_errors(a).empty());
    emails.insert(a.email);
    tokens.insert(a.token);
  }
  CHECK(emails.size() == 1000);
  CHECK(tokens.size() == 1000);
  CHECK(count_rows(db, "accounts") == 1000);
}

TEST_CASE("A state that sets the foreign key keeps it: no parent is created", "[lifecycle][factory]") {
  auto db = memory_db();
  const Account owner = dorm::factory<Account>().create_one(db);
  const auto articles =
      dorm::factory<Article>().count(3).state([&](Article& a) { a.account_id = owner.id; }).create(db);
  for (const Article& a : articles) CHECK(a.account_id == owner.id);
  CHECK(count_rows(db, "accounts") == 1);
}

TEST_CASE("for_parent() with a factory creates one parent shared by the rows of one create()", "[lifecycle][factory]") {
  auto db = memory_db();
  const auto with_parent = dorm::factory<Article>().count(3).for_parent(
      shop::articles.account, dorm::factory<Account>().state([](Account& a) { a.name = "Shared"; }));

  const auto first = with_parent.create(db);
  REQUIRE(first.size() == 3);
  CHECK(first[0].account_id == first[1].account_id);
  CHECK(first[1].account_id == first[2].account_id);
  CHECK(db.find_or_fail<Account>(first[0].account_id).name == "Shared");
  CHECK(count_rows(db, "accounts") == 1);

  // Each call has its own parent.
  const auto second = with_parent.create(db);
  CHECK(second[0].account_id != first[0].account_id);
  CHECK(count_rows(db, "accounts") == 2);

  // make() writes nothing, so it creates no parent.
  CHECK(with_parent.make_one().account_id == 0);
  CHECK(count_rows(db, "accounts") == 2);
}

TEST_CASE("for_parent() with an existing row uses its key and inserts no parent", "[lifecycle][factory]") {
  auto db = memory_db();
  const Account owner = dorm::factory<Account>().create_one(db);
  const auto factory = dorm::factory<Article>().count(4).for_parent(shop::articles.account, owner);

  for (const Article& a : factory.make()) CHECK(a.account_id == owner.id);
  const auto articles = factory.create(db);
  for (const Article& a : articles) CHECK(a.account_id == owner.id);
  CHECK(count_rows(db, "accounts") == 1);
  CHECK(owner.articles(db).size() == 4);
}

TEST_CASE("for_parent() refuses a row that was never inserted", "[lifecycle][factory]") {
  const Account unsaved = dorm::factory<Account>().make_one();
  CHECK_THROWS_AS(dorm::factory<Article>().for_parent(shop::articles.account, unsaved), dorm::MisuseError);
}

TEST_CASE("A later for_parent() for the same relation replaces the earlier one", "[lifecycle][factory]") {
  auto db = memory_db();
  const Account first = dorm::factory<Account>().create_one(db);
  const Account second = dorm::factory<Account>().create_one(db);
  const auto article =
      dorm::factory<Article>().for_parent(shop::articles.account, first).for_parent(shop::articles.account, second).make_one();
  CHECK(article.account_id == second.id);
}

TEST_CASE("has() creates children for each row with their foreign key set to it", "[lifecycle][factory]") {
  auto db = memory_db();
  const auto accounts = dorm::factory<Account>()
                            .count(2)
                            .has(shop::accounts.articles, dorm::factory<Article>().count(3))
                            .create(db);

  REQUIRE(accounts.size() == 2);
  for (const Account& a : accounts) CHECK(a.articles(db).size() == 3);
  CHECK(count_rows(db, "articles") == 6);
  CHECK(count_rows(db, "accounts") == 2);  // the children's parent is the row: none created

  // make() creates no children.
  (void)dorm::factory<Account>().has(shop::accounts.articles, dorm::factory<Article>().count(3)).make();
  CHECK(count_rows(db, "articles") == 6);
}

TEST_CASE("A failing child undoes its parent row and the whole create()", "[lifecycle][factory]") {
  auto db = memory_db();
  const auto failing_child = dorm::factory<Article>().count(2).state([](Article& a, std::size_t i) {
    if (i == 1) a.title = std::string(101, 'x');  // maxLength 100
  });
  CHECK_THROWS_AS(dorm::factory<Account>().count(2).has(shop::accounts.articles, failing_child).create(db),
                  dorm::ValidationError);
  CHECK(count_rows(db, "accounts") == 0);
  CHECK(count_rows(db, "articles") == 0);
}

TEST_CASE("factory<Book>().count(1000).create(db) succeeds for a text key whose pattern has no examples", "[lifecycle][factory]") {
  auto db = dorm::Database::open(":memory:");
  library::migrate(db);
  const auto books = dorm::factory<library::Book>().count(1000).create(db);

  REQUIRE(books.size() == 1000);
  const dorm::Pattern isbn("^[0-9X-]{10,17}$");
  const dorm::Pattern edition("^(hb|pb|eb)-\\d+$");
  std::set<std::string> isbns;
  std::set<std::string> shelves;
  for (const library::Book& b : books) {
    CHECK(dorm::validation_errors(b).empty());
    CHECK(isbn.search(b.isbn));
    CHECK(edition.search(b.edition));
    CHECK(dorm::utf8_length(b.edition) >= 6);
    CHECK(dorm::utf8_length(b.edition) <= 8);
    isbns.insert(b.isbn);
    shelves.insert(b.shelf);
  }
  CHECK(isbns.size() == 1000);
  CHECK(shelves.size() == 1000);
  CHECK(count_rows(db, "books") == 1000);
}

TEST_CASE("A unique pattern column takes its examples first, then pattern values that never repeat them", "[lifecycle][factory]") {
  using library::books_table;
  CHECK(books_table::factory_definition(1).shelf == "AB-123");
  CHECK(books_table::factory_definition(2).shelf == "ZZ-999");
  CHECK(books_table::factory_definition(3).shelf == "AA-000");
  // "AB-123" is also the pattern's value 1123: it is skipped, so rows 1 to 1200 all differ.
  std::set<std::string> shelves;
  for (std::int64_t n = 1; n <= 1200; ++n) {
    const library::Book b = books_table::factory_definition(n);
    CHECK(dorm::validation_errors(b).empty());
    shelves.insert(b.shelf);
  }
  CHECK(shelves.size() == 1200);
}
