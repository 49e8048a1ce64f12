// Lifecycle hooks (dorm/lifecycle/hooks.hpp): the order of events around every model write, before-hooks
// that change the row or cancel the write, after-hooks whose exception undoes it, and
// subscriptions that end. Hooks are process-wide, so every test keeps its subscriptions in
// local variables: they are gone when the test ends.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <dorm/dorm.hpp>

#include "shop/models.hpp"

namespace {

dorm::Database memory_db() {
  // Foreign keys off: articles here need no account (accounts have rules of their own).
  dorm::OpenOptions options;
  options.foreign_keys = false;
  auto db = dorm::Database::open(":memory:", options);
  shop::migrate(db);
  return db;
}

shop::Note make_note(const std::string& text) {
  shop::Note note;
  note.text = text;
  return note;
}

shop::Article make_article(std::int64_t account_id, const std::string& title) {
  shop::Article article;
  article.account_id = account_id;
  article.title = title;
  return article;
}

/// Subscribes to every event of `M`, appending the event's name to `log`.
template <class M>
std::vector<dorm::HookSubscription> record_events(std::vector<std::string>& log) {
  std::vector<dorm::HookSubscription> subs;
  for (auto event : {dorm::Event::creating, dorm::Event::created, dorm::Event::updating, dorm::Event::updated,
                     dorm::Event::saving, dorm::Event::saved, dorm::Event::deleting, dorm::Event::deleted,
                     dorm::Event::restoring, dorm::Event::restored}) {
    if (dorm::is_before_event(event)) {
      subs.push_back(dorm::hooks<M>().on(event, [&log, event](M&) { log.emplace_back(dorm::event_name(event)); }));
    } else {
      subs.push_back(
          dorm::hooks<M>().on(event, [&log, event](const M&) { log.emplace_back(dorm::event_name(event)); }));
    }
  }
  return subs;
}

std::int64_t count_notes(dorm::Database& db) { return *db.query_value<std::int64_t>("SELECT count(*) FROM notes"); }

using Log = std::vector<std::string>;

}  // namespace

TEST_CASE("insert runs saving, creating, the INSERT, created and saved, in that order", "[lifecycle]") {
  auto db = memory_db();
  Log log;
  auto subs = record_events<shop::Note>(log);
  std::int64_t rows_seen_by_created = -1;
  auto probe = dorm::hooks<shop::Note>().on(dorm::Event::created, [&](const shop::Note& n) {
    rows_seen_by_created = count_notes(db);
    CHECK(n.id != 0);  // the key is already filled in
  });
  auto note = make_note("a");
  db.insert(note);
  CHECK(log == Log{"saving", "creating", "created", "saved"});
  CHECK(rows_seen_by_created == 1);
}

TEST_CASE("update of a row runs saving, updating, the UPDATE, updated and saved", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("a");
  db.insert(note);
  Log log;
  auto subs = record_events<shop::Note>(log);
  note.text = "b";
  db.update(note);
  CHECK(log == Log{"saving", "updating", "updated", "saved"});
  log.clear();
  db.update(static_cast<const shop::Note&>(note));  // the const overload runs the same hooks
  CHECK(log == Log{"saving", "updating", "updated", "saved"});
}

TEST_CASE("remove and force_remove run deleting and deleted", "[lifecycle]") {
  auto db = memory_db();
  auto a = make_note("a");
  auto b = make_note("b");
  db.insert(a);
  db.insert(b);
  Log log;
  auto subs = record_events<shop::Note>(log);
  CHECK(db.remove(a));
  CHECK(log == Log{"deleting", "deleted"});
  log.clear();
  CHECK(db.force_remove(b));
  CHECK(log == Log{"deleting", "deleted"});
  log.clear();
  CHECK_FALSE(db.remove(a));  // no row: deleting runs, deleted does not
  CHECK(log == Log{"deleting"});
}

TEST_CASE("soft delete, restore and force_remove of a soft-delete model run their hooks in order", "[lifecycle]") {
  auto db = memory_db();
  auto article = make_article(1, "Hello");
  db.insert(article);
  Log log;
  auto subs = record_events<shop::Article>(log);
  CHECK(db.remove(article));
  CHECK(log == Log{"deleting", "deleted"});
  log.clear();
  CHECK(db.restore(article));
  CHECK(log == Log{"restoring", "restored"});
  log.clear();
  CHECK(db.force_remove(article));
  CHECK(log == Log{"deleting", "deleted"});
}

TEST_CASE("hooks of one event run in the order they were registered", "[lifecycle]") {
  auto db = memory_db();
  Log log;
  auto first = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { log.push_back("first"); });
  auto second = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { log.push_back("second"); });
  auto third = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { log.push_back("third"); });
  auto note = make_note("a");
  db.insert(note);
  CHECK(log == Log{"first", "second", "third"});
}

TEST_CASE("a creating hook's change to the row is written and reaches the caller's row", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [](shop::Note& n) { n.text += " (checked)"; });
  auto note = make_note("draft");
  db.insert(note);
  CHECK(note.text == "draft (checked)");
  CHECK(db.find_or_fail<shop::Note>(note.id).text == "draft (checked)");
}

TEST_CASE("an updating hook's change is written, and reaches the caller's row through update(M&)", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("a");
  db.insert(note);
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::updating, [](shop::Note& n) {
    n.pinned = true;
    return true;
  });
  note.text = "b";
  db.update(note);
  CHECK(note.pinned);
  CHECK(db.find_or_fail<shop::Note>(note.id).pinned);
}

TEST_CASE("a creating hook returning false cancels the insert: HookCancelled, nothing written, row unchanged", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [](shop::Note& n) {
    n.text = "changed by the hook";
    return false;
  });
  auto note = make_note("a");
  try {
    db.insert(note);
    FAIL("insert() did not throw");
  } catch (const dorm::HookCancelled& e) {
    CHECK(std::string(e.what()) == "[dorm.hook.cancelled] a creating hook cancelled the insert into 'notes'");
    CHECK(e.event() == dorm::Event::creating);
    CHECK(e.table() == "notes");
  }
  CHECK(note.id == 0);
  CHECK(note.text == "a");
  CHECK(count_notes(db) == 0);
}

TEST_CASE("a saving hook returning false cancels an update and the row stays as it was in the database", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("a");
  db.insert(note);
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::saving, [](const shop::Note& n) { return n.text != "forbidden"; });
  note.text = "forbidden";
  REQUIRE_THROWS_AS(db.update(note), dorm::HookCancelled);
  CHECK(note.text == "forbidden");  // the caller's row is as the caller left it
  CHECK(db.find_or_fail<shop::Note>(note.id).text == "a");
  REQUIRE_THROWS_WITH(db.update(note), "[dorm.hook.cancelled] a saving hook cancelled the update of 'notes'");
}

TEST_CASE("a deleting hook returning false keeps the row, and its message names the delete", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("keep me");
  db.insert(note);
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::deleting, [](const shop::Note&) { return false; });
  REQUIRE_THROWS_WITH(db.remove(note), "[dorm.hook.cancelled] a deleting hook cancelled the delete from 'notes'");
  REQUIRE_THROWS_AS(db.remove<shop::Note>(note.id), dorm::HookCancelled);
  REQUIRE_THROWS_AS(db.force_remove(note), dorm::HookCancelled);
  CHECK(count_notes(db) == 1);
}

TEST_CASE("a restoring hook returning false leaves the row trashed", "[lifecycle]") {
  auto db = memory_db();
  auto article = make_article(1, "Hello");
  db.insert(article);
  REQUIRE(db.remove(article));
  auto sub = dorm::hooks<shop::Article>().on(dorm::Event::restoring, [](const shop::Article&) { return false; });
  REQUIRE_THROWS_WITH(db.restore(article), "[dorm.hook.cancelled] a restoring hook cancelled the restore of 'articles'");
  CHECK(article.deleted_at.has_value());
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM articles WHERE deleted_at IS NOT NULL") == 1);
}

TEST_CASE("a before hook that throws cancels the write, and the caller gets its exception", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [](shop::Note& n) {
    n.text = "half done";
    throw std::runtime_error("no notes today");
  });
  auto note = make_note("a");
  REQUIRE_THROWS_WITH(db.insert(note), "no notes today");
  CHECK(note.text == "a");
  CHECK(note.id == 0);
  CHECK(count_notes(db) == 0);
}

TEST_CASE("an after hook that throws rolls the write back", "[lifecycle]") {
  auto db = memory_db();
  SECTION("insert") {
    auto sub = dorm::hooks<shop::Note>().on(dorm::Event::created, [](const shop::Note&) {
      throw std::runtime_error("audit log unavailable");
    });
    auto note = make_note("a");
    REQUIRE_THROWS_WITH(db.insert(note), "audit log unavailable");
    CHECK(note.id == 0);
    CHECK(count_notes(db) == 0);
  }
  SECTION("update") {
    auto note = make_note("a");
    db.insert(note);
    auto sub = dorm::hooks<shop::Note>().on(dorm::Event::saved, [](const shop::Note&) {
      throw std::runtime_error("audit log unavailable");
    });
    note.text = "b";
    REQUIRE_THROWS(db.update(note));
    CHECK(db.find_or_fail<shop::Note>(note.id).text == "a");
  }
  SECTION("remove") {
    auto note = make_note("a");
    db.insert(note);
    auto sub = dorm::hooks<shop::Note>().on(dorm::Event::deleted, [](const shop::Note&) {
      throw std::runtime_error("audit log unavailable");
    });
    REQUIRE_THROWS(db.remove(note));
    CHECK(count_notes(db) == 1);
  }
  CHECK(db.transaction_depth() == 0);
}

TEST_CASE("a write cancelled inside an open transaction rolls back its savepoint only", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [](const shop::Note& n) { return n.text != "no"; });
  db.transaction([&] {
    auto kept = make_note("yes");
    db.insert(kept);
    auto refused = make_note("no");
    CHECK_THROWS_AS(db.insert(refused), dorm::HookCancelled);
    CHECK(db.transaction_depth() == 1);
  });
  CHECK(count_notes(db) == 1);
}

TEST_CASE("a hook may write to the database in the same transaction as the row", "[lifecycle]") {
  auto db = memory_db();
  // Every note gets a companion note; if the insert is then cancelled, the companion goes too.
  bool in_hook = false;
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::created, [&](const shop::Note& n) {
    if (in_hook) return;
    in_hook = true;
    auto companion = make_note("companion of " + n.text);
    db.insert(companion);
    in_hook = false;
  });
  auto cancel = dorm::hooks<shop::Note>().on(dorm::Event::saved, [](const shop::Note& n) {
    if (n.text == "cancel") throw std::runtime_error("cancelled after the fact");
  });
  auto ok = make_note("ok");
  db.insert(ok);
  CHECK(count_notes(db) == 2);
  auto bad = make_note("cancel");
  CHECK_THROWS(db.insert(bad));
  CHECK(count_notes(db) == 2);
}

TEST_CASE("unsubscribe() and destroying the subscription both stop a hook", "[lifecycle]") {
  auto db = memory_db();
  int calls = 0;
  auto insert_one = [&] {
    auto note = make_note("a");
    db.insert(note);
  };
  {
    auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { ++calls; });
    CHECK(sub.active());
    CHECK(dorm::hooks<shop::Note>().any());
    insert_one();
    CHECK(calls == 1);
    sub.unsubscribe();
    CHECK_FALSE(sub.active());
    insert_one();
    CHECK(calls == 1);
    sub.unsubscribe();  // twice is harmless
  }
  {
    auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { ++calls; });
    insert_one();
    CHECK(calls == 2);
  }
  insert_one();
  CHECK(calls == 2);
  CHECK_FALSE(dorm::hooks<shop::Note>().any());
}

TEST_CASE("a moved subscription keeps its hook; assigning over one unregisters the old hook", "[lifecycle]") {
  auto db = memory_db();
  int a_calls = 0;
  int b_calls = 0;
  dorm::HookSubscription kept;
  CHECK_FALSE(kept.active());
  {
    auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { ++a_calls; });
    kept = std::move(sub);
  }
  auto note = make_note("a");
  db.insert(note);
  CHECK(a_calls == 1);
  kept = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { ++b_calls; });
  auto other = make_note("b");
  db.insert(other);
  CHECK(a_calls == 1);
  CHECK(b_calls == 1);
  CHECK(dorm::hooks<shop::Note>().size() == 1);
}

TEST_CASE("hooks of one model do not run for another model", "[lifecycle]") {
  auto db = memory_db();
  int note_hooks = 0;
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { ++note_hooks; });
  auto article = make_article(1, "Hello");
  db.insert(article);
  db.remove(article);
  CHECK(note_hooks == 0);
  CHECK_FALSE(dorm::hooks<shop::Article>().any());
}

TEST_CASE("insert_many runs saving and creating for every row, then created and saved for every row", "[lifecycle]") {
  auto db = memory_db();
  Log log;
  auto before = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note& n) {
    log.push_back("creating " + n.text);
    n.text += "!";
  });
  auto after = dorm::hooks<shop::Note>().on(dorm::Event::created, [&](const shop::Note& n) {
    log.push_back("created " + n.text + " #" + std::to_string(n.id));
  });
  std::vector<shop::Note> notes{make_note("a"), make_note("b")};
  db.insert_many(notes);
  CHECK(log == Log{"creating a", "creating b", "created a! #1", "created b! #2"});
  CHECK(notes[0].text == "a!");
  CHECK(notes[1].id == 2);
  CHECK(db.find_or_fail<shop::Note>(2).text == "b!");
}

TEST_CASE("insert_many with one row cancelled inserts none and leaves the rows unchanged", "[lifecycle]") {
  auto db = memory_db();
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [](shop::Note& n) {
    n.text += "!";
    return n.text != "b!";
  });
  std::vector<shop::Note> notes{make_note("a"), make_note("b"), make_note("c")};
  REQUIRE_THROWS_AS(db.insert_many(notes), dorm::HookCancelled);
  CHECK(notes[0].text == "a");
  CHECK(notes[0].id == 0);
  CHECK(count_notes(db) == 0);
}

TEST_CASE("upsert runs saving and saved, not creating or updating", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("a");
  db.insert(note);
  Log log;
  auto subs = record_events<shop::Note>(log);
  note.text = "b";
  db.upsert(note);
  CHECK(log == Log{"saving", "saved"});
  CHECK(db.find_or_fail<shop::Note>(note.id).text == "b");
}

TEST_CASE("remove with hooks loads the row, so the hooks see it", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("by key");
  db.insert(note);
  std::string seen;
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::deleted, [&](const shop::Note& n) { seen = n.text; });
  CHECK(db.remove<shop::Note>(note.id));
  CHECK(seen == "by key");
  CHECK_FALSE(db.remove<shop::Note>(note.id));
  CHECK(count_notes(db) == 0);
}

TEST_CASE("the UPDATE and DELETE query builders run no model hooks", "[lifecycle]") {
  auto db = memory_db();
  auto note = make_note("a");
  db.insert(note);
  Log log;
  auto subs = record_events<shop::Note>(log);
  CHECK(db.update_all<shop::Note>().set(shop::notes.text = "b").where(shop::notes.id == note.id).execute() == 1);
  CHECK(db.remove_all<shop::Note>().where(shop::notes.id == note.id).execute() == 1);
  CHECK(log.empty());
}

TEST_CASE("an after-event hook must take const M& and return void", "[lifecycle]") {
  REQUIRE_THROWS_AS(dorm::hooks<shop::Note>().on(dorm::Event::created, [](shop::Note&) {}), dorm::MisuseError);
  REQUIRE_THROWS_WITH(dorm::hooks<shop::Note>().on(dorm::Event::saved, [](const shop::Note&) { return false; }),
                      Catch::Contains("cannot cancel it"));
  CHECK_FALSE(dorm::hooks<shop::Note>().any());
}

TEST_CASE("a move-only hook can be registered", "[lifecycle]") {
  auto db = memory_db();
  auto counter = std::make_unique<int>(0);
  int* seen = counter.get();
  auto sub = dorm::hooks<shop::Note>().on(dorm::Event::created, [c = std::move(counter)](const shop::Note&) { ++*c; });
  auto note = make_note("a");
  db.insert(note);
  CHECK(*seen == 1);
}

TEST_CASE("a hook may unsubscribe itself while it runs", "[lifecycle]") {
  auto db = memory_db();
  int calls = 0;
  dorm::HookSubscription sub;
  sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) {
    ++calls;
    sub.unsubscribe();
  });
  auto a = make_note("a");
  db.insert(a);
  auto b = make_note("b");
  db.insert(b);
  CHECK(calls == 1);
}

TEST_CASE("hooks can be registered and removed from several threads while others write", "[lifecycle]") {
  constexpr int threads = 4;
  constexpr int rounds = 200;
  std::atomic<int> calls{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        auto db = memory_db();
        for (int i = 0; i < rounds; ++i) {
          auto sub = dorm::hooks<shop::Note>().on(dorm::Event::creating, [&](shop::Note&) { ++calls; });
          auto note = make_note("t" + std::to_string(t) + "-" + std::to_string(i));
          db.insert(note);
        }
      } catch (...) {
        failed = true;
      }
    });
  }
  for (auto& w : workers) w.join();
  CHECK_FALSE(failed);
  // Each insert saw at least its own thread's hook.
  CHECK(calls >= threads * rounds);
  CHECK_FALSE(dorm::hooks<shop::Note>().any());
}
