// Soft deletes in the query builders: trashed rows (deleted_at set) are left out of every query
// form, count, relation loader and eager load unless with_trashed() / only_trashed() says
// otherwise; remove_all<T>() trashes rows and force() deletes them; update_all<T>() touches updated_at
// and validates. Rows are written with raw SQL, so these tests depend only on the builders.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <dorm/dorm.hpp>

#include "shop/models.hpp"

using shop::accounts;
using shop::articles;
using shop::notes;

namespace {

using Ids = std::vector<std::int64_t>;

template <class Rows>
Ids sorted_ids(const Rows& rows) {
  Ids ids;
  for (const auto& row : rows) ids.push_back(row.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// A time long past, in dorm's timestamp format, to see which rows a statement touched.
constexpr const char* long_ago = "2001-01-01T00:00:00.000Z";

/// Accounts: 1 ann and 2 bob live, 3 cy trashed. Articles: 11 (ann, live), 12 (ann, trashed),
/// 13 (bob, live), 14 (cy's, live), 15 (bob, trashed).
struct Shop {
  dorm::Database db = [] {
    auto opened = dorm::Database::open(":memory:");
    shop::migrate(opened);
    return opened;
  }();

  Shop() {
    add_account(1, "ann", nullptr);
    add_account(2, "bob", nullptr);
    add_account(3, "cy", long_ago);
    add_article(11, 1, nullptr);
    add_article(12, 1, long_ago);
    add_article(13, 2, nullptr);
    add_article(14, 3, nullptr);
    add_article(15, 2, long_ago);
  }

  void add_account(std::int64_t id, const std::string& name, const char* deleted_at) {
    db.execute(
        "INSERT INTO accounts (id, email, name, score, role, plan, code, token, created_at, updated_at, deleted_at) "
        "VALUES (?, ?, ?, 50, 'member', 'free', 'ABC-12', ?, ?, ?, ?)",
        id, name + "@example.com", name, "00000000-0000-4000-8000-00000000000" + std::to_string(id), long_ago,
        long_ago, deleted_at == nullptr ? std::optional<std::string>() : std::optional<std::string>(deleted_at));
  }
  void add_article(std::int64_t id, std::int64_t account_id, const char* deleted_at) {
    db.execute("INSERT INTO articles (id, account_id, title, published, deleted_at) VALUES (?, ?, ?, 1, ?)", id,
               account_id, "article " + std::to_string(id),
               deleted_at == nullptr ? std::optional<std::string>() : std::optional<std::string>(deleted_at));
  }
  /// Every article id, trashed or not (raw SQL: no scopes).
  Ids raw_article_ids() { return db.query<std::int64_t>("SELECT id FROM articles ORDER BY id"); }
  /// deleted_at of article `id` as stored.
  std::optional<std::string> article_deleted_at(std::int64_t id) {
    return db.query<std::optional<std::string>>("SELECT deleted_at FROM articles WHERE id = ?", id).at(0);
  }
  std::tuple<std::string, std::optional<std::string>> account_times(std::int64_t id) {
    return db.query<std::tuple<std::string, std::optional<std::string>>>(
                 "SELECT updated_at, deleted_at FROM accounts WHERE id = ?", id)
        .at(0);
  }
};

}  // namespace

TEST_CASE("Soft-delete tables get the soft-delete scope; other tables get none", "[lifecycle][soft_delete]") {
  STATIC_REQUIRE(dorm::has_soft_deletes<shop::Account>);
  STATIC_REQUIRE(dorm::has_soft_deletes<shop::Article>);
  STATIC_REQUIRE_FALSE(dorm::has_soft_deletes<shop::Note>);
  STATIC_REQUIRE(std::is_same_v<dorm::default_scopes_t<shop::Article>,
                                dorm::type_list<dorm::SoftDeleteScope<shop::Article>>>);
  STATIC_REQUIRE(std::is_same_v<dorm::default_scopes_t<shop::Note>, dorm::type_list<>>);

  Shop s;
  CHECK(s.db.select<shop::Article>().where(articles.id == 11).sql() ==
        R"(SELECT "articles"."id", "articles"."account_id", "articles"."title", "articles"."published", )"
        R"("articles"."deleted_at" FROM "articles" WHERE "articles"."deleted_at" IS NULL AND ("articles"."id" = ?) )"
        R"(LIMIT ? OFFSET ?)");
  // A table without soft deletes or scopes runs exactly the SQL it ran before scopes existed.
  CHECK(s.db.select<shop::Note>().where(notes.pinned == true).count() == 0);
  CHECK(decltype(s.db.remove_all<shop::Note>().where(notes.id == 1))::sql() ==
        R"(DELETE FROM "notes" WHERE "notes"."id" = ?)");
  CHECK(decltype(s.db.update_all<shop::Note>().set(notes.text = "x").where(notes.id == 1))::sql() ==
        R"(UPDATE "notes" SET "text" = ? WHERE "notes"."id" = ?)");
}

TEST_CASE("Trashed rows are left out of every select form", "[lifecycle][soft_delete]") {
  Shop s;
  CHECK(sorted_ids(s.db.select<shop::Article>().all()) == Ids{11, 13, 14});
  CHECK(s.db.select<shop::Article>().count() == 3);
  CHECK_FALSE(s.db.select<shop::Article>().where(articles.id == 12).first().has_value());
  CHECK_FALSE(s.db.select<shop::Article>().where(articles.id == 12).exists());
  CHECK(s.db.select<shop::Article>().where(articles.id == 11).exists());
  CHECK_THROWS_AS(s.db.select<shop::Account>().where(accounts.id == 3).first_or_fail(), dorm::NotFound);

  auto page = s.db.select<shop::Article>().order_by(articles.id).paginate(1, 2);
  CHECK(page.total == 3);
  CHECK(page.last_page == 2);
  CHECK(sorted_ids(page.data) == Ids{11, 13});

  Ids streamed;
  for (const auto& article : s.db.select<shop::Article>().order_by(articles.id).cursor()) streamed.push_back(article.id);
  CHECK(streamed == Ids{11, 13, 14});

  auto ids = s.db.select<shop::Article>().order_by(articles.id).columns(articles.id).all();
  CHECK(ids == std::vector<std::tuple<std::int64_t>>{{11}, {13}, {14}});
  auto per_account = s.db.select<shop::Article>()
                         .columns(articles.account_id, dorm::count())
                         .group_by(articles.account_id)
                         .order_by(articles.account_id)
                         .all();
  CHECK(per_account == std::vector<std::tuple<std::int64_t, std::int64_t>>{{1, 1}, {2, 1}, {3, 1}});
  CHECK(std::get<0>(*s.db.select<shop::Account>().columns(dorm::count()).first()) == 2);
}

TEST_CASE("An or_where() cannot bring trashed rows back", "[lifecycle][soft_delete]") {
  Shop s;
  auto query = s.db.select<shop::Article>().where(articles.id == 11).or_where(articles.id == 12);
  CHECK(sorted_ids(query.all()) == Ids{11});
  CHECK(query.count() == 1);
  CHECK(sorted_ids(s.db.select<shop::Article>().where(articles.id == 12 || articles.id == 15).all()).empty());
}

TEST_CASE("The where vocabulary of update_all<T>() and remove_all<T>() cannot reach trashed rows either", "[lifecycle][soft_delete]") {
  Shop s;
  auto rename = s.db.update_all<shop::Article>().set(articles.title = "x").where(articles.id == 11).or_where(articles.id == 12);
  CHECK(decltype(rename)::sql() == R"(UPDATE "articles" SET "title" = ? WHERE "articles"."deleted_at" IS NULL AND )"
                                   R"(("articles"."id" = ? OR "articles"."id" = ?))");
  CHECK(rename.execute() == 1);
  CHECK(s.db.update_all<shop::Article>().set(articles.title = "in").where_in(articles.id, Ids{12, 13, 15}).execute() == 1);
  CHECK(s.db.update_all<shop::Article>().set(articles.title = "between").where_between(articles.id, 12, 15).execute() == 2);
  CHECK(s.db.update_all<shop::Article>().set(articles.title = "trashed").where_not_null(articles.deleted_at).execute() ==
        0);
  CHECK(s.db.query<std::int64_t>("SELECT id FROM articles WHERE title LIKE 'article%' ORDER BY id") == Ids{12, 15});

  CHECK(s.db.remove_all<shop::Article>().where_not_in(articles.id, Ids{11}).or_where(articles.id == 11).execute() == 3);
  CHECK(s.db.select<shop::Article>().count() == 0);
  // only_trashed(): the trash is reachable, the whole vocabulary included.
  CHECK(s.db.remove_all<shop::Article>().only_trashed().force().where_in(articles.id, Ids{12, 15}).execute() == 2);
  CHECK(s.db.remove_all<shop::Article>().only_trashed().force().where_null(articles.deleted_at).execute() == 0);
  CHECK(s.raw_article_ids() == Ids{11, 13, 14});
}

TEST_CASE("with_trashed() shows trashed rows too and only_trashed() only them", "[lifecycle][soft_delete]") {
  Shop s;
  CHECK(sorted_ids(s.db.select<shop::Article>().with_trashed().all()) == s.raw_article_ids());
  CHECK(s.db.select<shop::Article>().with_trashed().count() == 5);
  CHECK(sorted_ids(s.db.select<shop::Article>().only_trashed().all()) == Ids{12, 15});
  CHECK(s.db.select<shop::Article>().only_trashed().where(articles.account_id == 2).count() == 1);
  CHECK(s.db.select<shop::Article>().only_trashed().sql().find(R"("articles"."deleted_at" IS NOT NULL)") !=
        std::string::npos);
  // The bypass lasts one query.
  CHECK(s.db.select<shop::Article>().count() == 3);
  // with_trashed() after only_trashed() (and the other way round) replaces it.
  CHECK(s.db.select<shop::Article>().only_trashed().with_trashed().count() == 5);
  CHECK(s.db.select<shop::Article>().with_trashed().only_trashed().count() == 2);
  CHECK(s.db.select<shop::Account>().only_trashed().columns(accounts.name).all() ==
        std::vector<std::tuple<std::string>>{{"cy"}});
  // without_scope<SoftDeleteScope<T>>() is with_trashed() spelled out.
  CHECK(s.db.select<shop::Article>().without_scope<dorm::SoftDeleteScope<shop::Article>>().count() == 5);
  CHECK(s.db.select<shop::Article>().without_global_scopes().count() == 5);
}

TEST_CASE("Relation loaders leave trashed rows out", "[lifecycle][soft_delete]") {
  Shop s;
  auto ann = s.db.select<shop::Account>().where(accounts.id == 1).first_or_fail();
  auto bob = s.db.select<shop::Account>().where(accounts.id == 2).first_or_fail();
  CHECK(sorted_ids(ann.articles(s.db)) == Ids{11});
  CHECK(sorted_ids(bob.articles(s.db)) == Ids{13});

  auto by_cy = s.db.select<shop::Article>().where(articles.id == 14).first_or_fail();
  CHECK_FALSE(by_cy.account(s.db).has_value());  // cy is trashed
  auto by_ann = s.db.select<shop::Article>().where(articles.id == 11).first_or_fail();
  CHECK(by_ann.account(s.db)->name == "ann");
}

TEST_CASE("Eager loading leaves trashed rows out", "[lifecycle][soft_delete]") {
  Shop s;
  auto with_articles = s.db.select<shop::Account>().order_by(accounts.id).with(accounts.articles).all();
  REQUIRE(with_articles.size() == 2);  // cy is trashed
  REQUIRE(with_articles[0][accounts.articles].size() == 1);
  CHECK(with_articles[0][accounts.articles][0]->id == 11);
  REQUIRE(with_articles[1][accounts.articles].size() == 1);
  CHECK(with_articles[1][accounts.articles][0]->id == 13);

  auto with_account = s.db.select<shop::Article>().order_by(articles.id).with(articles.account).all();
  REQUIRE(with_account.size() == 3);
  CHECK(with_account[0][articles.account]->name == "ann");
  CHECK(with_account[1][articles.account]->name == "bob");
  CHECK_FALSE(with_account[2][articles.account]);  // article 14's account is trashed

  // Trashed parents loaded with with_trashed() still get only live children.
  auto everyone = s.db.select<shop::Account>().with_trashed().order_by(accounts.id).with(accounts.articles).all();
  REQUIRE(everyone.size() == 3);
  CHECK(everyone[2][accounts.articles].size() == 1);
}

TEST_CASE("remove_all<T>() on a soft-delete table sets deleted_at and keeps the row", "[lifecycle][soft_delete]") {
  Shop s;
  CHECK(decltype(s.db.remove_all<shop::Article>().where(articles.id == 11))::sql() ==
        R"(UPDATE "articles" SET "deleted_at" = ? WHERE "articles"."deleted_at" IS NULL AND ("articles"."id" = ?))");
  CHECK(s.db.remove_all<shop::Article>().where(articles.id == 11).execute() == 1);
  CHECK(s.raw_article_ids() == Ids{11, 12, 13, 14, 15});
  const auto deleted_at = s.article_deleted_at(11);
  REQUIRE(deleted_at.has_value());
  CHECK(deleted_at->size() == 24);
  CHECK(*deleted_at > long_ago);
  CHECK(s.db.select<shop::Article>().count() == 2);
  CHECK(sorted_ids(s.db.select<shop::Article>().only_trashed().all()) == Ids{11, 12, 15});

  // Trashing again changes nothing: already trashed rows keep their time.
  CHECK(s.db.remove_all<shop::Article>().where(articles.id == 12).execute() == 0);
  CHECK(s.article_deleted_at(12) == std::optional<std::string>(long_ago));
  CHECK(s.db.remove_all<shop::Article>().execute_all_rows() == 2);  // 13 and 14
  CHECK(s.db.select<shop::Article>().count() == 0);
  CHECK(s.raw_article_ids().size() == 5);
}

TEST_CASE("remove_all<T>() on a table with timestamps also sets updated_at", "[lifecycle][soft_delete]") {
  Shop s;
  CHECK(decltype(s.db.remove_all<shop::Account>().where(accounts.id == 1))::sql() ==
        R"(UPDATE "accounts" SET "deleted_at" = ?, "updated_at" = ? WHERE "accounts"."deleted_at" IS NULL AND )"
        R"(("accounts"."id" = ?))");
  CHECK(s.db.remove_all<shop::Account>().where(accounts.name == "ann").execute() == 1);
  const auto [updated_at, deleted_at] = s.account_times(1);
  CHECK(deleted_at == std::optional<std::string>(updated_at));
  CHECK(updated_at > long_ago);
  // Soft deletes do not run ON DELETE CASCADE: ann's articles stay live.
  CHECK(s.db.select<shop::Article>().where(articles.account_id == 1).count() == 1);
}

TEST_CASE("force() deletes rows for real; scopes still decide which", "[lifecycle][soft_delete]") {
  Shop s;
  CHECK(decltype(s.db.remove_all<shop::Article>().force().where(articles.id == 11))::sql() ==
        R"(DELETE FROM "articles" WHERE "articles"."deleted_at" IS NULL AND ("articles"."id" = ?))");
  CHECK(s.db.remove_all<shop::Article>().force().where(articles.id == 11).execute() == 1);
  CHECK(s.raw_article_ids() == Ids{12, 13, 14, 15});
  // A trashed row is out of reach of a plain force() ...
  CHECK(s.db.remove_all<shop::Article>().force().where(articles.id == 12).execute() == 0);
  // ... and within reach with with_trashed(); only_trashed() purges the trash.
  CHECK(s.db.remove_all<shop::Article>().with_trashed().force().where(articles.id == 12).execute() == 1);
  CHECK(s.db.remove_all<shop::Article>().only_trashed().force().execute_all_rows() == 1);  // 15
  CHECK(s.raw_article_ids() == Ids{13, 14});
  // A real delete of an account cascades to its articles, as the schema says.
  CHECK(s.db.remove_all<shop::Account>().only_trashed().force().where(accounts.id == 3).execute() == 1);
  CHECK(s.raw_article_ids() == Ids{13});
}

TEST_CASE("update_all<T>() changes live rows only unless told otherwise", "[lifecycle][soft_delete]") {
  Shop s;
  CHECK(s.db.update_all<shop::Article>().set(articles.title = "renamed").execute_all_rows() == 3);
  CHECK(s.db.query<std::int64_t>("SELECT id FROM articles WHERE title = 'renamed' ORDER BY id") == Ids{11, 13, 14});
  CHECK(s.db.update_all<shop::Article>().set(articles.title = "x").where(articles.id == 12).execute() == 0);
  CHECK(s.db.update_all<shop::Article>().with_trashed().set(articles.title = "x").where(articles.id == 12).execute() == 1);

  // Restoring: clear deleted_at of trashed rows.
  CHECK(s.db.update_all<shop::Article>()
            .only_trashed()
            .set(articles.deleted_at = std::nullopt)
            .where(articles.account_id == 2)
            .execute() == 1);
  CHECK(sorted_ids(s.db.select<shop::Article>().all()) == Ids{11, 13, 14, 15});
}

TEST_CASE("update_all<T>() on a table with timestamps sets updated_at unless set() does", "[lifecycle][soft_delete]") {
  Shop s;
  auto rename = s.db.update_all<shop::Account>().set(accounts.nickname = "annie").where(accounts.id == 1);
  CHECK(rename.sql() ==
        R"(UPDATE "accounts" SET "nickname" = ?, "updated_at" = ? WHERE "accounts"."deleted_at" IS NULL AND )"
        R"(("accounts"."id" = ?))");
  CHECK(rename.execute() == 1);
  const auto touched = std::get<0>(s.account_times(1));
  CHECK(touched.size() == 24);
  CHECK(touched > long_ago);
  CHECK(std::get<0>(s.account_times(2)) == long_ago);  // other rows keep theirs

  // An explicit updated_at is kept as given.
  const std::string chosen = "2020-02-02T02:02:02.000Z";
  CHECK(s.db.update_all<shop::Account>().set(accounts.updated_at = chosen).where(accounts.id == 2).execute() == 1);
  CHECK(std::get<0>(s.account_times(2)) == chosen);

  // A table without timestamps gets no updated_at.
  CHECK(decltype(s.db.update_all<shop::Article>().set(articles.title = "t").where(articles.id == 1))::sql().find(
            "updated_at") == std::string::npos);
}

TEST_CASE("update_all<T>() checks assigned values against their columns' rules and writes nothing when one fails",
          "[lifecycle][soft_delete][validation]") {
  Shop s;
  try {
    (void)s.db.update_all<shop::Account>()
        .set(accounts.name = "X", accounts.score = 150, accounts.nickname = "ok")
        .where(accounts.id == 1)
        .execute();
    FAIL("update_all<Account>() wrote values that break the schema's rules");
  } catch (const dorm::ValidationError& e) {
    REQUIRE(e.errors().size() == 2);  // every failure, in SET order
    CHECK(e.errors()[0].column == "name");
    CHECK(e.errors()[0].rule == "minLength");
    CHECK(e.errors()[1].column == "score");  // 150 is checked as the column's double
    CHECK(e.errors()[1].rule == "exclusiveMaximum");
  }
  CHECK(s.db.query<std::string>("SELECT name FROM accounts WHERE id = 1") == std::vector<std::string>{"ann"});
  CHECK(std::get<0>(s.account_times(1)) == long_ago);  // not even updated_at moved

  CHECK_THROWS_AS(s.db.update_all<shop::Account>().set(accounts.nickname = "too long").execute_all_rows(),
                  dorm::ValidationError);
  CHECK(s.db.update_all<shop::Account>().set(accounts.name = "Annabel", accounts.score = 99.5).where(accounts.id == 1).execute() ==
        1);
  CHECK(s.db.update_all<shop::Account>().set(accounts.nickname = std::nullopt, accounts.age = std::nullopt).where(accounts.id == 1).execute() ==
        1);
  // Columns without rules cost nothing: no validation at all for notes.
  STATIC_REQUIRE_FALSE(dorm::detail::validated_column<shop::notes_text_column>);
  STATIC_REQUIRE(dorm::detail::validated_column<shop::accounts_name_column>);
}
