// The typing rules of the query DSL (dorm/expr/rules.hpp, dorm/query/rules.hpp), tested the
// way sqlpp23 tests its own: each rule is a static_assert that a requires-expression over the
// public API is false for the mistake and true for the right call. The file "runs" when it
// compiles; the Catch2 cases below then run a few of the right calls on a database.
//
// A builder takes its rule as a defaulted parameter. g++ treats a call whose default argument
// breaks the rule as ill-formed inside a requires-expression, which is what these checks use;
// clang++ 14 instantiates default arguments outside the immediate context (a hard error
// instead of false), so this file is built with the project's main compiler, g++ (the rules
// themselves compile with both, see tests/compile_fail).
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "blog/models.hpp"
#include "tenancy/models.hpp"

namespace {

using blog::comments;
using blog::posts;
using blog::users;
using tenancy::projects;

// ---- The questions, asked through the public API ----------------------------------------

template <class L, class R>
concept can_compare_equal = requires(const L& l, const R& r) { l == r; };
template <class L, class R>
concept can_compare_greater = requires(const L& l, const R& r) { l > r; };
template <class C, class P>
concept can_like = requires(const C& c, const P& p) { c.like(p); };
template <class C, class Range>
concept can_in = requires(const C& c, const Range& r) { c.in(r); };
template <class C, class V>
concept can_between = requires(const C& c, const V& v) { c.between(v, v); };
template <class C, class V>
concept can_assign = requires(const C& c, const V& v) { c = v; };
template <class C>
concept can_sum = requires(const C& c) { dorm::sum(c); };
template <class C>
concept can_avg = requires(const C& c) { dorm::avg(c); };

template <class Q, class E>
concept can_where = requires(const Q& q, const E& e) { q.where(e); };
template <class Q, class E>
concept can_or_where = requires(const Q& q, const E& e) { q.or_where(e); };
template <class Q, class C>
concept can_where_null = requires(const Q& q, const C& c) { q.where_null(c); };
template <class Q, class C, class Range>
concept can_where_in = requires(const Q& q, const C& c, const Range& r) { q.where_in(c, r); };
template <class Q, class Other, class E>
concept can_join = requires(const Q& q, const E& e) { q.template join<Other>(e); };
template <class Q, class T>
concept can_order_by = requires(const Q& q, const T& t) { q.order_by(t); };
template <class Q, class R>
concept can_with = requires(const Q& q, const R& r) { q.with(r); };
template <class Q, class A>
concept can_set = requires(const Q& q, const A& a) { q.set(a); };
// Two or three arguments: each is checked as one is.
template <class Q, class... T>
concept can_order_by_several = requires(const Q& q, const T&... t) { q.order_by(t...); };
template <class Q, class... R>
concept can_with_several = requires(const Q& q, const R&... r) { q.with(r...); };
template <class Q, class... A>
concept can_set_several = requires(const Q& q, const A&... a) { q.set(a...); };
template <class Q>
concept can_execute = requires(const Q& q) { q.execute(); };
template <class Q>
concept can_execute_all_rows = requires(const Q& q) { q.execute_all_rows(); };
template <class Q>
concept can_with_trashed = requires(const Q& q) { q.with_trashed(); };
template <class Q>
concept can_only_trashed = requires(const Q& q) { q.only_trashed(); };
template <class Q>
concept can_force = requires(const Q& q) { q.force(); };
template <class Q, class S>
concept can_without_scope = requires(const Q& q) { q.template without_scope<S>(); };
template <class Q>
concept can_without_tenant_scope = requires(const Q& q) { q.without_tenant_scope(); };
template <class Q>
concept can_call_tenant_unscoped = requires(const Q& q) { q.tenant_unscoped(); };
template <class M>
concept can_restore = requires(dorm::Database& db, M& row) { db.restore(row); };
template <class Row, class R>
concept can_read_relation = requires(const Row& row, const R& r) { row[r]; };
template <class Table>
concept has_relation_named_nonexistent = requires(const Table& t) { t.nonexistent; };
template <class M, class Hook>
concept can_register_hook = requires(dorm::ModelHooks<M>& h, Hook hook) { h.on(dorm::Event::creating, hook); };
template <class M, class R, class Parent>
concept can_for_parent = requires(const dorm::Factory<M>& f, const R& r, const Parent& p) { f.for_parent(r, p); };
template <class M, class R, class Children>
concept can_have = requires(const dorm::Factory<M>& f, const R& r, const Children& c) { f.has(r, c); };
template <class M, class R, class Targets>
concept can_have_attached = requires(const dorm::Factory<M>& f, const R& r, const Targets& t) {
  f.has_attached(r, t);
};

template <class E>
using type_of = std::remove_cvref_t<E>;

// ---- The queries the rules are asked about -----------------------------------------------

using UserQuery = decltype(std::declval<dorm::Database&>().select<blog::User>());
using PostQuery = decltype(std::declval<dorm::Database&>().select<blog::Post>());
using PostsWithAuthors = decltype(std::declval<const PostQuery&>().join<blog::User>(posts.author_id == users.id));
using UsersLeftJoinPosts =
    decltype(std::declval<const UserQuery&>().left_join<blog::Post>(posts.author_id == users.id));
using UserUpdate = decltype(std::declval<dorm::Database&>().update_all<blog::User>());
using UserUpdateWithSet = decltype(std::declval<const UserUpdate&>().set(users.age = 36));
using UserDelete = decltype(std::declval<dorm::Database&>().remove_all<blog::User>());
using ProjectQuery = decltype(std::declval<dorm::Database&>().select<tenancy::Project>());
using ProjectUpdate = decltype(std::declval<dorm::Database&>().update_all<tenancy::Project>());
using PostsWithAuthor = decltype(std::declval<const PostQuery&>().with(posts.author));
using PostWithAuthorRow = type_of<decltype(*std::declval<const PostsWithAuthor&>().all().begin())>;

/// A scope users could have, never registered in dorm::global_scopes<blog::User>.
struct NotAScopeOfUsers {
  static constexpr std::string_view name = "adults";
  static auto condition() { return users.age >= 18; }
};

// ---- Comparisons: numbers with numbers, text with text, never std::nullopt ----------------

static_assert(can_compare_equal<type_of<decltype(users.age)>, int>);
static_assert(!can_compare_equal<type_of<decltype(users.age)>, char[3]>, "integer column compared with text");
static_assert(can_compare_greater<type_of<decltype(users.name)>, char[2]>);
static_assert(!can_compare_greater<type_of<decltype(users.name)>, int>, "text column compared with a number");
static_assert(!can_compare_equal<type_of<decltype(users.bio)>, std::nullopt_t>, "column == std::nullopt");
static_assert(can_compare_equal<type_of<decltype(posts.author_id)>, type_of<decltype(users.id)>>);
static_assert(!can_compare_equal<type_of<decltype(users.age)>, type_of<decltype(users.name)>>,
              "columns of different kinds");
static_assert(can_between<type_of<decltype(users.age)>, int>);
static_assert(!can_between<type_of<decltype(users.age)>, std::string>, "between() with text bounds");

// ---- Predicates: like() on text, in() with values of the column's kind --------------------

static_assert(can_like<type_of<decltype(posts.title)>, char[3]>);
static_assert(!can_like<type_of<decltype(posts.views)>, char[3]>, "like() on an INTEGER column");
static_assert(!can_like<type_of<decltype(posts.title)>, int>, "like() with a number as the pattern");
static_assert(can_in<type_of<decltype(users.id)>, std::vector<std::int64_t>>);
static_assert(!can_in<type_of<decltype(users.id)>, std::vector<std::string>>, "in() of strings on INTEGER");

// ---- Aggregates: sum() and avg() of numbers -----------------------------------------------

static_assert(can_sum<type_of<decltype(posts.views)>>);
static_assert(!can_sum<type_of<decltype(posts.title)>>, "sum() over a TEXT column");
static_assert(!can_avg<type_of<decltype(posts.title)>>, "avg() over a TEXT column");

// ---- Assignments: what a column can hold --------------------------------------------------

static_assert(can_assign<type_of<decltype(users.age)>, int>);
static_assert(!can_assign<type_of<decltype(users.age)>, char[3]>, "text assigned to an INTEGER column");
static_assert(can_assign<type_of<decltype(users.bio)>, std::nullopt_t>);
static_assert(!can_assign<type_of<decltype(users.email)>, std::nullopt_t>, "NULL into a NOT NULL column");
static_assert(!can_assign<type_of<decltype(users.email)>, std::optional<std::string>>,
              "an empty optional would write NULL into a NOT NULL column");

// ---- where() / or_where() / join() ON: conditions over the query's tables -----------------

static_assert(can_where<UserQuery, decltype(users.age >= 18)>);
static_assert(!can_where<UserQuery, type_of<decltype(users.age)>>, "where() without a condition");
static_assert(!can_where<UserQuery, decltype(posts.id == 1)>, "a column of another table in where()");
static_assert(!can_or_where<UserQuery, decltype(posts.id == 1)>, "a column of another table in or_where()");
static_assert(!can_where<PostQuery, decltype(users.name == "ann")>, "a joined column used before the join");
static_assert(can_where<PostsWithAuthors, decltype(users.name == "ann")>);
static_assert(can_where<UserQuery, decltype(users.bio.is_null())>);
static_assert(!can_where<UserQuery, decltype(users.email.is_null())>, "is_null() on a NOT NULL column");
static_assert(can_where<UsersLeftJoinPosts, decltype(posts.title.is_null())>);
static_assert(can_join<UserQuery, blog::Post, decltype(posts.author_id == users.id)>);
static_assert(!can_join<UserQuery, blog::Post, decltype(comments.post_id == posts.id)>,
              "join() ON a table that is neither in the query nor joined");
static_assert(can_where<UserDelete, decltype(users.id == 1)>);
static_assert(!can_where<UserDelete, decltype(posts.id == 1)>, "a column of another table in remove().where()");
static_assert(!can_where<UserUpdateWithSet, decltype(users.email.is_not_null())>,
              "is_not_null() on a NOT NULL column in update().where()");
static_assert(!can_or_where<UserUpdateWithSet, decltype(posts.id == 2)>, "a column of another table in or_where()");
static_assert(can_or_where<UserUpdateWithSet, decltype(users.id == 2)>);
static_assert(!can_where_null<UserDelete, type_of<decltype(users.email)>>, "where_null() of a NOT NULL column");
static_assert(can_where_null<UserDelete, type_of<decltype(users.bio)>>);
static_assert(!can_where_in<UserQuery, type_of<decltype(users.id)>, std::vector<std::string>>,
              "where_in() of strings on an INTEGER column");
static_assert(!can_where_in<UserQuery, type_of<decltype(posts.id)>, std::vector<std::int64_t>>,
              "where_in() of a column of another table");

// ---- order_by(): columns of the query's tables --------------------------------------------

static_assert(can_order_by<UserQuery, decltype(users.name.desc())>);
static_assert(!can_order_by<UserQuery, decltype(posts.title.desc())>, "ORDER BY a column of another table");
static_assert(!can_order_by<UserQuery, int>, "order_by() of something that is not a column");
static_assert(can_order_by_several<UserQuery, decltype(users.name), decltype(users.age.desc())>);
static_assert(!can_order_by_several<UserQuery, decltype(users.name), decltype(posts.title.desc())>,
              "ORDER BY two terms, one of another table");
static_assert(!can_order_by_several<UserQuery, decltype(users.name), decltype(users.age), decltype(posts.title)>,
              "ORDER BY three terms, one of another table");

// ---- update_all<T>(): set() and execute() -----------------------------------------------------

static_assert(can_set<UserUpdate, decltype(users.age = 36)>);
static_assert(!can_set<UserUpdate, decltype(posts.views = 3)>, "set() of a column of another table");
static_assert(!can_set<UserUpdate, int>, "set() without an assignment");
static_assert(!can_set<ProjectUpdate, decltype(projects.org_id = "b")>, "set() of the tenant column");
static_assert(can_set_several<UserUpdate, decltype(users.name = "Ann"), decltype(users.age = 36)>);
static_assert(!can_set_several<UserUpdate, decltype(users.name = "Ann"), decltype(posts.views = 3)>,
              "set() of two assignments, one to a column of another table");
static_assert(!can_set_several<UserUpdate, decltype(users.name = "Ann"), decltype(users.age = 36), int>,
              "set() of three arguments, one not an assignment");
static_assert(can_set<decltype(std::declval<const ProjectUpdate&>().without_tenant_scope()),
                      decltype(projects.org_id = "b")>);
static_assert(!can_execute<UserUpdateWithSet>, "update() without where()");
static_assert(can_execute_all_rows<UserUpdateWithSet>);
static_assert(can_execute<decltype(std::declval<const UserUpdateWithSet&>().where(users.id == 1))>);
static_assert(!can_execute<UserDelete>, "remove() without where()");

// ---- Scopes, soft deletes, tenants --------------------------------------------------------

static_assert(!can_with_trashed<UserQuery>, "with_trashed() on a table without soft deletes");
static_assert(!can_only_trashed<UserQuery>, "only_trashed() on a table without soft deletes");
static_assert(!can_force<UserDelete>, "force() on a table without soft deletes");
static_assert(can_with_trashed<ProjectQuery>);
static_assert(!can_restore<blog::User>, "restore() of a row without soft deletes");
static_assert(can_restore<tenancy::Project>);
static_assert(!can_without_scope<ProjectQuery, dorm::TenantScopeOf<tenancy::Project>>,
              "without_scope<S>() naming the tenant scope");
static_assert(!can_without_scope<UserQuery, NotAScopeOfUsers>, "without_scope<S>() of a scope the query lacks");
static_assert(can_without_scope<ProjectQuery, dorm::SoftDeleteScope<tenancy::Project>>);
static_assert(!can_without_tenant_scope<UserQuery>, "without_tenant_scope() on a table without a tenant column");
static_assert(can_without_tenant_scope<ProjectQuery>);
static_assert(!can_call_tenant_unscoped<ProjectQuery>, "tenant_unscoped() is not the API");

// ---- Relations: with(), row[relation], names ----------------------------------------------

static_assert(can_with<PostQuery, type_of<decltype(posts.author)>>);
static_assert(!can_with<PostQuery, type_of<decltype(users.posts)>>, "with() of a relation of another model");
static_assert(can_with_several<PostQuery, type_of<decltype(posts.author)>, type_of<decltype(posts.comments)>>);
static_assert(!can_with_several<PostQuery, type_of<decltype(posts.author)>, type_of<decltype(users.posts)>>,
              "with() of two relations, one of another model");
static_assert(can_read_relation<PostWithAuthorRow, type_of<decltype(posts.author)>>);
static_assert(!can_read_relation<PostWithAuthorRow, type_of<decltype(posts.tags)>>, "a relation not loaded");
static_assert(!has_relation_named_nonexistent<type_of<decltype(posts)>>, "a relation the schema lacks");

// After a LEFT JOIN the joined table's columns read as std::optional.
using LeftJoinedRow = typename decltype(std::declval<const UsersLeftJoinPosts&>().columns(users.name,
                                                                                          posts.title))::row_type;
static_assert(std::is_same_v<std::tuple_element_t<1, LeftJoinedRow>, std::optional<std::string>>);
static_assert(!std::is_convertible_v<std::tuple_element_t<1, LeftJoinedRow>, std::string>,
              "a LEFT JOINed column read as non-optional");

// ---- Hooks and factories ------------------------------------------------------------------

auto takes_the_user = [](blog::User&) {};
auto takes_a_post = [](const blog::Post&) {};
auto returns_bool = [](blog::User&) { return true; };
auto returns_int = [](blog::User&) { return 1; };
static_assert(can_register_hook<blog::User, decltype(takes_the_user)>);
static_assert(can_register_hook<blog::User, decltype(returns_bool)>);
static_assert(!can_register_hook<blog::User, decltype(takes_a_post)>, "a hook that does not take the row");
static_assert(!can_register_hook<blog::User, decltype(returns_int)>, "a hook returning neither bool nor void");

static_assert(can_for_parent<blog::Post, type_of<decltype(posts.author)>, dorm::Factory<blog::User>>);
static_assert(!can_for_parent<blog::Post, type_of<decltype(comments.author)>, dorm::Factory<blog::User>>,
              "for_parent() with a relation of another model");
static_assert(!can_for_parent<blog::Post, type_of<decltype(posts.comments)>, dorm::Factory<blog::Comment>>,
              "for_parent() with a has_many relation");
static_assert(can_have<blog::User, type_of<decltype(users.posts)>, dorm::Factory<blog::Post>>);
static_assert(!can_have<blog::Post, type_of<decltype(posts.author)>, dorm::Factory<blog::User>>,
              "has() through a belongs_to relation");
static_assert(!can_have_attached<blog::Post, type_of<decltype(posts.author)>, dorm::Factory<blog::User>>,
              "has_attached() through a belongs_to relation");

}  // namespace

TEST_CASE("queries that keep the typing rules compile and run", "[typing]") {
  auto db = dorm::Database::open(":memory:");
  blog::migrate(db);
  blog::User ann;
  ann.email = "ann@example.com";
  ann.name = "Ann";
  ann.age = 36;
  db.insert(ann);

  CHECK(db.select<blog::User>().where(users.age == 36).where(users.name.like("A%")).count() == 1);
  CHECK(db.select<blog::User>().where(users.id.in(std::vector<std::int64_t>{ann.id})).count() == 1);
  CHECK(db.select<blog::User>().where(users.age.between(30, 40)).order_by(users.name.desc()).count() == 1);
  CHECK(db.select<blog::User>().where(users.bio.is_null()).count() == 1);
  CHECK(db.update_all<blog::User>().set(users.age = 37).where(users.id == ann.id).execute() == 1);
  CHECK(db.select<blog::User>().where(users.age > 36).count() == 1);
  CHECK(db.remove_all<blog::User>().where(users.id == ann.id).execute() == 1);
  CHECK(db.select<blog::User>().count() == 0);
}
