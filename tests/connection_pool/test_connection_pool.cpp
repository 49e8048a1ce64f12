// dorm::ConnectionPool in one thread: what write() and read() hand out, reader leases that
// cannot write, options that are refused, ended leases, re-entry, transactions that do not
// outlive a lease, and a pool destroyed under a lease.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connection_pool_support.hpp"

#include <dorm/backends/sqlite/handle.hpp>

TEST_CASE("a reader lease sees what a writer lease committed", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  {
    auto writer = pool.write();
    CHECK(writer.is_writer());
    add_entry(*writer, 1, 1, "hello");
  }
  auto reader = pool.read();
  CHECK_FALSE(reader.is_writer());
  const auto rows = reader->select<cp_test::Entry>().all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].body == "hello");
}

TEST_CASE("a write through a reader lease fails with SQLite's read-only error and changes nothing",
          "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  pool.with_writer([](dorm::Database& db) { add_entry(db, 1, 1); });
  auto reader = pool.read();
  cp_test::Entry entry{.writer = 2, .seq = 1, .body = "no"};
  try {
    reader->insert(entry);
    FAIL("the insert through a reader lease succeeded");
  } catch (const dorm::SqliteError& e) {
    CHECK(e.code() == SQLITE_READONLY);
    CHECK_THAT(e.what(), Catch::Contains("[dorm.sqlite.8] attempt to write a readonly database"));
  }
  CHECK_THROWS_AS(reader->execute("DELETE FROM entries"), dorm::SqliteError);
  CHECK_THROWS_AS(reader->execute_script("CREATE TABLE other (x)"), dorm::SqliteError);
  CHECK(entry_count(*reader) == 1);
  CHECK(pool.with_writer([](dorm::Database& db) { return entry_count(db); }) == 1);
}

TEST_CASE("a reader lease refuses the writes dorm builds before SQLite sees them, naming the reader",
          "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  const std::int64_t id = pool.with_writer([](dorm::Database& db) { return add_entry(db, 1, 1, "kept"); });
  auto reader = pool.read();
  int started = 0;
  reader->on_statement([&](std::string_view) { ++started; });
  const std::string refusal = "' refused: this connection is read-only (a ConnectionPool reader)";
  using cp_test::entries;
  CHECK_THROWS_WITH(reader->update_all<cp_test::Entry>().set(entries.body = "changed").where(entries.id == id).execute(),
                    Catch::StartsWith("[dorm.read_only] update of table 'entries" + refusal));
  CHECK_THROWS_WITH(reader->remove_all<cp_test::Entry>().where_in(entries.id, std::vector<std::int64_t>{id}).execute(),
                    Catch::StartsWith("[dorm.read_only] delete from table 'entries" + refusal));
  auto row = reader->find_or_fail<cp_test::Entry>(id);
  row.body = "changed";
  CHECK_THROWS_AS(reader->update(row), dorm::ReadOnlyError);
  CHECK_THROWS_AS(reader->remove(row), dorm::ReadOnlyError);
  CHECK_THROWS_AS(reader->remove<cp_test::Entry>(id), dorm::ReadOnlyError);
  CHECK_THROWS_AS(reader->upsert(row), dorm::ReadOnlyError);
  std::vector<cp_test::Entry> more{cp_test::Entry{.writer = 2, .seq = 1, .body = "no"}};
  CHECK_THROWS_WITH(reader->insert_many(more), Catch::StartsWith("[dorm.read_only] insert into table 'entries" + refusal));
  CHECK(started == 1);  // the find_or_fail
  CHECK(reader->find_or_fail<cp_test::Entry>(id).body == "kept");
  reader.release();
  // The writer lease takes the same writes.
  CHECK(pool.with_writer([&](dorm::Database& db) {
    return db.update_all<cp_test::Entry>().set(entries.body = "changed").where(entries.id == id).execute();
  }) == 1);
}

TEST_CASE("a pool needs a file path and at least one reader", "[connection_pool]") {
  TempDir tmp;
  auto no_readers = pool_options(tmp, 0);
  CHECK_THROWS_WITH(dorm::ConnectionPool(no_readers), Catch::Contains("[dorm.misuse.connection_pool_options]") &&
                                                          Catch::Contains("readers must be at least 1"));
  auto no_path = pool_options(tmp);
  no_path.path.clear();
  CHECK_THROWS_AS(dorm::ConnectionPool(no_path), dorm::MisuseError);
  auto memory = pool_options(tmp);
  memory.path = ":memory:";
  CHECK_THROWS_WITH(dorm::ConnectionPool(memory), Catch::Contains("[dorm.misuse.connection_pool_options]") &&
                                                      Catch::Contains(":memory:"));
}

TEST_CASE("a pool whose folder is missing fails to open and names the folder", "[connection_pool]") {
  TempDir tmp;
  auto options = pool_options(tmp);
  options.path = tmp.path() / "missing" / "app.db";
  CHECK_THROWS_WITH(dorm::ConnectionPool(options), Catch::Contains("does not exist") && Catch::Contains("missing"));
}

TEST_CASE("migrate runs once on the writer and on_open once per connection", "[connection_pool]") {
  TempDir tmp;
  int migrations = 0;
  int opens = 0;
  auto options = pool_options(tmp, 3);
  options.migrate = [&](dorm::Database& db) {
    ++migrations;
    cp_test::migrate(db);
  };
  options.on_open = [&](dorm::Database&) { ++opens; };
  dorm::ConnectionPool pool(options);
  CHECK(migrations == 1);
  CHECK(opens == 4);  // the writer and three readers
  CHECK(pool.readers() == 3);
  CHECK(pool.path().is_absolute());
}

TEST_CASE("an ended or moved-from lease is misuse", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  auto first = pool.read();
  auto second = std::move(first);
  CHECK_FALSE(first);  // NOLINT(bugprone-use-after-move): the point of the test
  CHECK_THROWS_WITH(first.db(), Catch::Contains("[dorm.misuse.lease_ended]"));
  CHECK_THROWS_AS(first.is_writer(), dorm::MisuseError);
  CHECK(entry_count(*second) == 0);
  second.release();
  CHECK_FALSE(second);
  CHECK_THROWS_AS(second->select<cp_test::Entry>(), dorm::MisuseError);
  second.release();  // a second release does nothing
  auto writer = pool.write();
  writer = pool.read();  // ends the writer lease, then holds a reader
  CHECK_FALSE(writer.is_writer());
  CHECK(pool.with_writer([](dorm::Database& db) { return add_entry(db, 1, 1); }) == 1);
}

TEST_CASE("write() by the thread that holds the writer lease is misuse instead of a deadlock", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  auto writer = pool.write();
  CHECK_THROWS_WITH(pool.write(), Catch::Contains("[dorm.misuse.connection_pool_reentrant]"));
  writer.release();
  CHECK(pool.write());
}

TEST_CASE("a writer lease that ends inside a transaction rolls it back and the next lease starts clean",
          "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  {
    auto writer = pool.write();
    writer->execute_script("BEGIN IMMEDIATE");
    add_entry(*writer, 1, 1);
  }
  auto writer = pool.write();
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(*writer)) != 0);
  CHECK(writer->transaction_depth() == 0);
  CHECK(entry_count(*writer) == 0);
  add_entry(*writer, 1, 2);  // the reopened connection writes
  CHECK(entry_count(*writer) == 1);
}

TEST_CASE("a reader lease that ends inside a read transaction does not pass its snapshot on", "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp, 1));
  {
    auto reader = pool.read();
    reader->execute_script("BEGIN");
    CHECK(entry_count(*reader) == 0);  // the snapshot is taken here
  }
  pool.with_writer([](dorm::Database& db) { add_entry(db, 1, 1); });
  auto reader = pool.read();  // the only reader: the same slot, reopened
  CHECK(sqlite3_get_autocommit(dorm::sqlite::handle(*reader)) != 0);
  CHECK(entry_count(*reader) == 1);
  CHECK_THROWS_AS(reader->execute("INSERT INTO entries (writer, seq, body) VALUES (1, 2, 'x')"), dorm::SqliteError);
}

TEST_CASE("destroying the pool while this thread holds a lease stops the program with a message",
          "[connection_pool]") {
  TempDir tmp;
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The child: destroy a pool under a reader lease. Waiting would hang, so it must abort.
    ::dup2(out[1], STDERR_FILENO);
    std::signal(SIGABRT, SIG_DFL);  // Catch2's handler would report the abort as a failure of this test
    auto pool = std::make_unique<dorm::ConnectionPool>(pool_options(tmp));
    auto reader = pool->read();
    pool.reset();
    ::_exit(0);  // not reached when the destructor stops the program
  }
  ::close(out[1]);
  std::string text;
  char buffer[512];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
  CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT));
  CHECK_THAT(text, Catch::Contains("[dorm.misuse.connection_pool_destroyed]") && Catch::Contains("app.db"));
}

TEST_CASE("transaction() through a reader lease fails: it begins IMMEDIATE, which takes the write lock",
          "[connection_pool]") {
  TempDir tmp;
  dorm::ConnectionPool pool(pool_options(tmp));
  auto reader = pool.read();
  CHECK_THROWS_WITH(reader->transaction([&] { return entry_count(*reader); }),
                    Catch::Contains("[dorm.sqlite.8]") && Catch::Contains("BEGIN IMMEDIATE"));
  reader->execute_script("BEGIN");  // a read transaction: one snapshot for several statements
  CHECK(entry_count(*reader) == 0);
  reader->execute_script("COMMIT");
}
