// The read-only rule on the lifecycle paths: on a Database opened read_only, soft deletes,
// restores, timestamped writes and hooked writes are refused (ReadOnlyError) before any hook
// runs and before SQLite sees a statement; the rows stay as they were.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <dorm/dorm.hpp>

#include "../temp_dir.hpp"
#include "shop_support.hpp"

using Catch::Matchers::StartsWith;
using shop::articles;

namespace {

/// A shop file with account ann (live) and her articles 1 (live) and 2 (trashed), opened
/// again read_only; counts the statements the read-only connection starts.
struct ReadOnlyShop {
  dorm_test::TempDir dir;
  shop::Account ann = make_account("Ann");
  dorm::Database db = open();
  int statements_started = 0;

  dorm::Database open() {
    const auto path = dir.file("shop.db");
    {
      auto writer = dorm::Database::open(path);
      shop::migrate(writer);
      writer.insert(ann);
      writer.execute("INSERT INTO articles (id, account_id, title, published, deleted_at) VALUES (1, ?, 'one', 1, NULL), "
                     "(2, ?, 'two', 1, '2001-01-01T00:00:00.000Z')",
                     ann.id, ann.id);
    }
    dorm::OpenOptions options;
    options.read_only = true;
    auto opened = dorm::Database::open(path, options);
    opened.on_statement([this](std::string_view) { ++statements_started; });
    return opened;
  }
};

template <class F>
std::string refusal_of(F&& write) {
  try {
    write();
  } catch (const dorm::ReadOnlyError& e) {
    return e.what();
  }
  return "";
}

std::string refused(const std::string& operation, const std::string& table) {
  return "[dorm.read_only] " + operation + " table '" + table +
         "' refused: this connection is read-only (opened with OpenOptions::read_only)";
}

}  // namespace

TEST_CASE("a read-only database refuses soft deletes and restores, by row, by key and by builder",
          "[lifecycle][read_only]") {
  ReadOnlyShop s;
  auto live = s.db.find_or_fail<shop::Article>(std::int64_t{1});
  auto trashed = s.db.select<shop::Article>().only_trashed().first_or_fail();
  s.statements_started = 0;
  CHECK_THAT(refusal_of([&] { s.db.remove(live); }), StartsWith(refused("delete from", "articles")));
  CHECK_FALSE(live.deleted_at.has_value());
  CHECK_THAT(refusal_of([&] { s.db.remove<shop::Article>(std::int64_t{1}); }),
             StartsWith(refused("delete from", "articles")));
  CHECK_THAT(refusal_of([&] { s.db.restore(trashed); }), StartsWith(refused("update of", "articles")));
  CHECK(trashed.deleted_at.has_value());
  CHECK_THAT(refusal_of([&] { s.db.remove_all<shop::Article>().where(articles.id == 1).execute(); }),
             StartsWith(refused("delete from", "articles")));
  CHECK_THAT(refusal_of([&] { s.db.remove_all<shop::Article>().only_trashed().force().execute_all_rows(); }),
             StartsWith(refused("delete from", "articles")));
  CHECK(s.statements_started == 0);
  CHECK(s.db.select<shop::Article>().count() == 1);
  CHECK(s.db.select<shop::Article>().only_trashed().count() == 1);
}

TEST_CASE("a read-only database refuses timestamped and hooked writes before their hooks run", "[lifecycle][read_only]") {
  ReadOnlyShop s;
  std::vector<std::string> ran;
  auto saving = dorm::hooks<shop::Account>().on(dorm::Event::saving, [&](shop::Account&) { ran.push_back("saving"); });
  auto deleting =
      dorm::hooks<shop::Account>().on(dorm::Event::deleting, [&](shop::Account&) { ran.push_back("deleting"); });
  auto bob = make_account("Bob", 2);
  CHECK_THAT(refusal_of([&] { s.db.insert(bob); }), StartsWith(refused("insert into", "accounts")));
  CHECK(bob.id == 0);
  std::vector<shop::Account> more{make_account("Cy", 3)};
  CHECK_THAT(refusal_of([&] { s.db.insert_many(more); }), StartsWith(refused("insert into", "accounts")));
  CHECK_THAT(refusal_of([&] { s.db.upsert(bob); }), StartsWith(refused("insert into", "accounts")));
  auto ann = s.ann;
  ann.name = "Annie";
  CHECK_THAT(refusal_of([&] { s.db.update(ann); }), StartsWith(refused("update of", "accounts")));
  CHECK(ann.updated_at == s.ann.updated_at);
  CHECK_THAT(refusal_of([&] { s.db.remove(ann); }), StartsWith(refused("delete from", "accounts")));
  CHECK_THAT(refusal_of([&] { s.db.remove<shop::Account>(ann.id); }),
             StartsWith(refused("delete from", "accounts")));
  CHECK(ran.empty());
  CHECK(s.statements_started == 0);
  CHECK(s.db.find_or_fail<shop::Account>(ann.id).name == "Ann");
}
