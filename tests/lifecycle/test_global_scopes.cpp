// Global scopes (dorm/query/scope.hpp): a scope registered for a model applies to every query form
// (rows, counts, pages, cursors, projections, relation loads, eager loads, updates, deletes),
// an or_where() cannot escape it, and the bypasses work for one query only. The blog example's
// tables are generated here as namespace `scoped`, so the scopes below bind no other test file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <dorm/dorm.hpp>

#include "scoped/models.hpp"

// Not in an anonymous namespace: clang would call the `name`s, which the runtime reads only
// through scope_names(), unused.
namespace scope_test {

/// Posts people may see: published ones.
struct PublishedOnly {
  static constexpr std::string_view name = "published_only";
  static auto condition() { return scoped::posts.status == "published"; }
};

/// Posts with at least 10 views: a second scope on the same model.
struct PopularOnly {
  static constexpr std::string_view name = "popular_only";
  static auto condition() { return scoped::posts.views >= 10; }
};

/// Approved comments only.
struct ApprovedOnly {
  static constexpr std::string_view name = "approved_only";
  static auto condition() { return scoped::comments.approved == true; }
};

/// The tag name hidden right now: run-time state NotHidden reads each time a query binds.
inline std::string hidden_tag = "secret";

/// Tags other than the one named by `hidden_tag` (read when the query binds, not when it is
/// built). The name is a bound text value, so this also checks it stays alive while the
/// statement runs.
struct NotHidden {
  static constexpr std::string_view name = "not_hidden";
  static auto condition() { return scoped::tags.name != hidden_tag; }
};

}  // namespace scope_test

using scope_test::ApprovedOnly;
using scope_test::hidden_tag;
using scope_test::NotHidden;
using scope_test::PopularOnly;
using scope_test::PublishedOnly;

template <>
struct dorm::global_scopes<scoped::Post> {
  using type = dorm::type_list<PublishedOnly, PopularOnly>;
};
template <>
struct dorm::global_scopes<scoped::Comment> {
  using type = dorm::type_list<ApprovedOnly>;
};
template <>
struct dorm::global_scopes<scoped::Tag> {
  using type = dorm::type_list<NotHidden>;
};

using scoped::comments;
using scoped::posts;
using scoped::tags;
using scoped::users;

namespace {

using Ids = std::vector<std::int64_t>;

template <class Rows>
Ids sorted_ids(const Rows& rows) {
  Ids ids;
  for (const auto& row : rows) ids.push_back(row.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// The ids of an eager-loaded list (EagerList rows are views: `row->id`).
template <class List>
Ids eager_ids(const List& rows) {
  Ids ids;
  for (const auto& row : rows) ids.push_back(row->id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// ann wrote p1 (published, 50 views: visible), p2 (draft: hidden) and p5 (archived: hidden);
/// bob wrote p3 (published, 5 views: hidden) and p4 (published, 20 views: visible). p1 has an
/// approved and an unapproved comment, p2 an approved one. p1 is tagged "news" and "secret".
struct Blog {
  dorm::Database db = [] {
    auto opened = dorm::Database::open(":memory:");
    scoped::migrate(opened);
    return opened;
  }();
  scoped::User ann = add_user("ann");
  scoped::User bob = add_user("bob");
  scoped::Post p1 = add_post(ann, "p1", "published", 50);
  scoped::Post p2 = add_post(ann, "p2", "draft", 50);
  scoped::Post p3 = add_post(bob, "p3", "published", 5);
  scoped::Post p4 = add_post(bob, "p4", "published", 20);
  scoped::Post p5 = add_post(ann, "p5", "archived", 0);
  scoped::Comment approved_on_p1 = add_comment(p1, bob, true);
  scoped::Comment unapproved_on_p1 = add_comment(p1, bob, false);
  scoped::Comment approved_on_p2 = add_comment(p2, bob, true);
  scoped::Tag news = add_tag("news");
  scoped::Tag secret = add_tag("secret");

  Blog() {
    hidden_tag = "secret";
    scoped::posts.tags.attach(db, p1, news);
    scoped::posts.tags.attach(db, p1, secret);
  }

  scoped::User add_user(const std::string& name) {
    scoped::User user{.email = name + "@example.com", .name = name};
    db.insert(user);
    return user;
  }
  scoped::Post add_post(const scoped::User& author, const std::string& title, std::string status,
                        std::int64_t views) {
    scoped::Post post{.author_id = author.id, .title = title, .body = "body", .status = std::move(status),
                      .views = views};
    db.insert(post);
    return post;
  }
  scoped::Comment add_comment(const scoped::Post& post, const scoped::User& author, bool approved) {
    scoped::Comment comment{.post_id = post.id, .author_id = author.id, .body = "hi", .approved = approved};
    db.insert(comment);
    return comment;
  }
  scoped::Tag add_tag(const std::string& name) {
    scoped::Tag tag{.name = name};
    db.insert(tag);
    return tag;
  }
  /// Every post id, read with raw SQL (no scopes).
  Ids raw_post_ids() { return db.query<std::int64_t>("SELECT id FROM posts ORDER BY id"); }
};

}  // namespace

TEST_CASE("A global scope filters all(), first(), count() and exists()", "[lifecycle][scopes]") {
  Blog b;
  CHECK(sorted_ids(b.db.select<scoped::Post>().all()) == Ids{b.p1.id, b.p4.id});
  CHECK(b.db.select<scoped::Post>().order_by(posts.id).first()->id == b.p1.id);
  CHECK(b.db.select<scoped::Post>().where(posts.author_id == b.bob.id).first()->id == b.p4.id);
  CHECK(b.db.select<scoped::Post>().count() == 2);
  CHECK(b.db.select<scoped::Post>().where(posts.title == "p2").exists() == false);
  CHECK(b.db.select<scoped::Post>().where(posts.title == "p1").exists() == true);
  CHECK_FALSE(b.db.select<scoped::Post>().where(posts.id == b.p3.id).first().has_value());
  CHECK_THROWS_AS(b.db.select<scoped::Post>().where(posts.id == b.p3.id).first_or_fail(), dorm::NotFound);
}

TEST_CASE("A global scope filters paginate() and cursor()", "[lifecycle][scopes]") {
  Blog b;
  auto page = b.db.select<scoped::Post>().order_by(posts.id).paginate(1, 1);
  CHECK(page.total == 2);
  CHECK(page.last_page == 2);
  REQUIRE(page.data.size() == 1);
  CHECK(page.data[0].id == b.p1.id);
  CHECK(b.db.select<scoped::Post>().order_by(posts.id).paginate(2, 1).data[0].id == b.p4.id);

  Ids streamed;
  for (const auto& post : b.db.select<scoped::Post>().order_by(posts.id).cursor()) streamed.push_back(post.id);
  CHECK(streamed == Ids{b.p1.id, b.p4.id});
}

TEST_CASE("A global scope filters projections and aggregates", "[lifecycle][scopes]") {
  Blog b;
  auto titles = b.db.select<scoped::Post>().order_by(posts.id).columns(posts.title).all();
  CHECK(titles == std::vector<std::tuple<std::string>>{{"p1"}, {"p4"}});

  auto totals = b.db.select<scoped::Post>().columns(dorm::count(), dorm::sum(posts.views)).first();
  REQUIRE(totals.has_value());
  CHECK(std::get<0>(*totals) == 2);
  CHECK(std::get<1>(*totals) == 70);

  auto per_author =
      b.db.select<scoped::Post>().columns(posts.author_id, dorm::count()).group_by(posts.author_id).order_by(posts.author_id).all();
  CHECK(per_author == std::vector<std::tuple<std::int64_t, std::int64_t>>{{b.ann.id, 1}, {b.bob.id, 1}});
}

TEST_CASE("An or_where() cannot escape a global scope", "[lifecycle][scopes]") {
  Blog b;
  // Without the parentheses, `scopes AND title = 'p1' OR title = 'p2'` would return the draft p2.
  auto query = b.db.select<scoped::Post>().where(posts.title == "p1").or_where(posts.title == "p2");
  CHECK(sorted_ids(query.all()) == Ids{b.p1.id});
  CHECK(query.count() == 1);
  CHECK(query.sql().find(
            R"( WHERE "posts"."status" = ? AND "posts"."views" >= ? AND ("posts"."title" = ? OR "posts"."title" = ?))") !=
        std::string::npos);

  auto single = b.db.select<scoped::Post>().where(posts.title == "p1");
  CHECK(single.sql().find(R"(AND ("posts"."title" = ?))") != std::string::npos);

  const auto changed = b.db.update_all<scoped::Post>()
                           .set(posts.body = "changed")
                           .where(posts.title == "p1" || posts.title == "p2")
                           .execute();
  CHECK(changed == 1);
  CHECK(b.db.query<std::string>("SELECT body FROM posts WHERE id = ?", b.p2.id) == std::vector<std::string>{"body"});
}

TEST_CASE("Two global scopes on one model both apply, and each can be removed alone", "[lifecycle][scopes]") {
  Blog b;
  CHECK(sorted_ids(b.db.select<scoped::Post>().without_scope<PopularOnly>().all()) == Ids{b.p1.id, b.p3.id, b.p4.id});
  CHECK(sorted_ids(b.db.select<scoped::Post>().without_scope<PublishedOnly>().all()) == Ids{b.p1.id, b.p2.id, b.p4.id});
  CHECK(b.db.select<scoped::Post>().without_scope<PublishedOnly>().without_scope<PopularOnly>().count() == 5);
  using Scopes = decltype(b.db.select<scoped::Post>())::scopes_type;
  STATIC_REQUIRE(std::is_same_v<Scopes, dorm::type_list<PublishedOnly, PopularOnly>>);
  constexpr auto names = decltype(b.db.select<scoped::Post>())::scope_names();
  STATIC_REQUIRE(names.size() == 2);
  CHECK(names[0] == "published_only");
  CHECK(names[1] == "popular_only");
  CHECK(b.db.select<scoped::Post>().without_scope<PublishedOnly>().scope_names()[0] == "popular_only");
}

TEST_CASE("without_global_scopes() and without_scope() bypass the scopes for one query only", "[lifecycle][scopes]") {
  Blog b;
  auto everything = b.db.select<scoped::Post>().without_global_scopes();
  CHECK(sorted_ids(everything.all()) == b.raw_post_ids());
  CHECK(everything.count() == 5);
  CHECK(everything.where(posts.status == "draft").count() == 1);
  // The next query is scoped again: a bypass is a property of the query, not of the database.
  CHECK(b.db.select<scoped::Post>().count() == 2);
  CHECK(b.db.select<scoped::Post>().without_scope<PublishedOnly>().count() == 3);
  CHECK(b.db.select<scoped::Post>().count() == 2);
  // Scopes can be removed at any point of the chain.
  CHECK(b.db.select<scoped::Post>().where(posts.author_id == b.ann.id).order_by(posts.id).without_global_scopes().count() == 3);
}

TEST_CASE("Relation loaders apply the related model's scopes", "[lifecycle][scopes]") {
  Blog b;
  SECTION("has_many") {
    CHECK(sorted_ids(b.ann.posts(b.db)) == Ids{b.p1.id});
    CHECK(sorted_ids(b.bob.posts(b.db)) == Ids{b.p4.id});
    CHECK(sorted_ids(b.bob.comments(b.db)) == Ids{b.approved_on_p1.id, b.approved_on_p2.id});
  }
  SECTION("belongs_to") {
    CHECK(b.approved_on_p1.post(b.db)->id == b.p1.id);
    CHECK_FALSE(b.approved_on_p2.post(b.db).has_value());  // p2 is a draft
  }
  SECTION("many_to_many") {
    CHECK(sorted_ids(b.p1.tags(b.db)) == Ids{b.news.id});
    CHECK(sorted_ids(b.news.posts(b.db)) == Ids{b.p1.id});
  }
}

TEST_CASE("Eager loading applies the related models' scopes", "[lifecycle][scopes]") {
  Blog b;
  auto ann_and_bob = b.db.select<scoped::User>().order_by(users.id).with(users.posts.with(posts.comments, posts.tags)).all();
  REQUIRE(ann_and_bob.size() == 2);
  auto ann_posts = ann_and_bob[0][users.posts];
  REQUIRE(ann_posts.size() == 1);
  CHECK(ann_posts[0]->id == b.p1.id);
  CHECK(eager_ids(ann_posts[0][posts.comments]) == Ids{b.approved_on_p1.id});
  CHECK(eager_ids(ann_posts[0][posts.tags]) == Ids{b.news.id});
  CHECK(ann_and_bob[1][users.posts].size() == 1);

  auto with_post = b.db.select<scoped::Comment>().with(comments.post).order_by(comments.id).all();
  REQUIRE(with_post.size() == 2);  // the unapproved comment is scoped out
  CHECK(with_post[0][comments.post]->id == b.p1.id);
  CHECK_FALSE(with_post[1][comments.post]);  // approved_on_p2's post is a draft
}

TEST_CASE("A join does not apply the joined model's scopes", "[lifecycle][scopes]") {
  Blog b;
  // Users joined with their posts: every post counts, the draft p2 too (as in Laravel).
  auto rows = b.db.select<scoped::User>().join<scoped::Post>(posts.author_id == users.id).columns(posts.id).all();
  CHECK(rows.size() == 5);
  // The selected model's scopes still apply to a query with a join.
  auto joined = b.db.select<scoped::Post>().join<scoped::User>(posts.author_id == users.id).where(users.name == "ann");
  CHECK(sorted_ids(joined.all()) == Ids{b.p1.id});
}

TEST_CASE("Update and delete builders change only rows the scopes let through", "[lifecycle][scopes]") {
  Blog b;
  CHECK(b.db.update_all<scoped::Post>().set(posts.body = "seen").execute_all_rows() == 2);
  CHECK(b.db.query<std::int64_t>("SELECT id FROM posts WHERE body = 'seen' ORDER BY id") == Ids{b.p1.id, b.p4.id});
  CHECK(b.db.update_all<scoped::Post>().set(posts.views = 0).where(posts.id == b.p2.id).execute() == 0);
  CHECK(b.db.update_all<scoped::Post>().without_scope<PublishedOnly>().set(posts.views = 0).where(posts.id == b.p2.id).execute() ==
        1);

  CHECK(b.db.remove_all<scoped::Post>().where(posts.author_id == b.ann.id).execute() == 1);  // p1 only
  CHECK(b.raw_post_ids() == Ids{b.p2.id, b.p3.id, b.p4.id, b.p5.id});
  CHECK(b.db.remove_all<scoped::Post>().without_global_scopes().where(posts.author_id == b.ann.id).execute() == 2);
  CHECK(b.raw_post_ids() == Ids{b.p3.id, b.p4.id});
  CHECK(b.db.remove_all<scoped::Post>().execute_all_rows() == 1);  // p4; p3 is not popular
  CHECK(b.raw_post_ids() == Ids{b.p3.id});
}

TEST_CASE("A scope's condition is evaluated each time its query runs", "[lifecycle][scopes]") {
  Blog b;
  // One query object, run twice: the scope reads `hidden_tag` when the query binds.
  const auto query = b.db.select<scoped::Tag>().order_by(tags.id);
  CHECK(sorted_ids(query.all()) == Ids{b.news.id});
  hidden_tag = "news";
  CHECK(sorted_ids(query.all()) == Ids{b.secret.id});
  CHECK(query.count() == 1);
  CHECK(sorted_ids(b.p1.tags(b.db)) == Ids{b.secret.id});
  hidden_tag = "nothing";
  CHECK(query.count() == 2);
  std::size_t streamed = 0;
  for (const auto& tag : query.cursor()) {
    (void)tag;
    ++streamed;
  }
  CHECK(streamed == 2);
  // The SQL does not depend on the value: still one statement shape.
  CHECK(query.sql() == b.db.select<scoped::Tag>().order_by(tags.id).sql());
}

TEST_CASE("A scoped query's bound text stays valid while a cursor streams", "[lifecycle][scopes]") {
  Blog b;
  for (int i = 0; i < 50; ++i) b.add_tag("tag" + std::to_string(i));
  hidden_tag = std::string(200, 'x');  // a heap string: freed early, the bound text would be garbage
  auto cursor = b.db.select<scoped::Tag>().cursor();
  hidden_tag = "news";  // changing the state after binding does not change a running query
  std::size_t streamed = 0;
  for (const auto& tag : cursor) {
    (void)tag;
    ++streamed;
  }
  CHECK(streamed == 52);
}
