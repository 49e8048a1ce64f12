// dorm::Mirror: writes of tenant databases copied into one aggregate database through each
// tenant's outbox (runtime/src/mirror/, docs/mirroring.md).
#include <atomic>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <dorm/dorm.hpp>
#include "../temp_dir.hpp"
#include <dorm/tenancy/mirror.hpp>
#include <dorm/tenancy/pool.hpp>

#include "mirror/models.hpp"

namespace fs = std::filesystem;

namespace {

using dorm_test::TempDir;

dorm::Database open_source(const fs::path& file) {
  auto db = dorm::Database::open(file.string());
  mirror::migrate(db);
  return db;
}

dorm::MirrorOptions options_in(const TempDir& dir) {
  dorm::MirrorOptions options;
  options.aggregate_path = (dir.path() / "aggregate.db").string();
  options.tables = {"orders", "order_lines"};
  return options;
}

mirror::Order make_order(const std::string& customer, double total) {
  mirror::Order order;
  order.customer = customer;
  order.total = total;
  return order;
}

mirror::OrderLine make_line(std::int64_t order_id, std::int64_t line_no, const std::string& sku, std::int64_t quantity) {
  mirror::OrderLine line;
  line.order_id = order_id;
  line.line_no = line_no;
  line.sku = sku;
  line.quantity = quantity;
  return line;
}

using OrderRow = std::tuple<std::string, std::int64_t, std::string, double>;
using LineRow = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::int64_t>;

std::vector<OrderRow> aggregate_orders(const dorm::MirrorOptions& options) {
  auto aggregate = dorm::Database::open(options.aggregate_path);
  return aggregate.query<OrderRow>(
      "SELECT dorm_source, id, customer, total FROM orders ORDER BY dorm_source, id");
}

std::vector<LineRow> aggregate_lines(const dorm::MirrorOptions& options) {
  auto aggregate = dorm::Database::open(options.aggregate_path);
  return aggregate.query<LineRow>(
      "SELECT dorm_source, order_id, line_no, sku, quantity FROM order_lines ORDER BY dorm_source, order_id, line_no");
}

std::string mirror_error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const dorm::MirrorError& e) {
    return e.what();
  }
  return "(no MirrorError)";
}

/// Replaces `file` with `copy`, as restoring a backup does (the database must be closed).
void restore(const fs::path& copy, const fs::path& file) {
  fs::remove(fs::path(file.string() + "-wal"));
  fs::remove(fs::path(file.string() + "-shm"));
  fs::copy_file(copy, file, fs::copy_options::overwrite_existing);
}

}  // namespace

TEST_CASE("Model writes, builders and raw SQL reach the aggregate in the order they were committed", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");
  m.install(db, "acme");

  auto ann = make_order("Ann", 10);
  db.insert(ann);
  auto bob = make_order("Bob", 20);
  db.insert(bob);
  CHECK(db.update_all<mirror::Order>().set(mirror::orders.total = 25.0).where(mirror::orders.id == bob.id).execute() == 1);
  db.execute("INSERT INTO orders (customer, total) VALUES ('Cy', 30)");
  ann.customer = "Ann Lee";
  db.update(ann);
  CHECK(db.remove(bob));
  // The same key deleted and inserted again: only applying in order ends with the new row.
  db.execute("DELETE FROM orders WHERE id = 3");
  db.execute("INSERT INTO orders (id, customer, total) VALUES (3, 'Cy again', 31)");
  auto line = make_line(ann.id, 1, "SKU-1", 2);
  db.insert(line);
  CHECK(db.remove_all<mirror::OrderLine>().where(mirror::order_lines.sku == "none").execute() == 0);

  CHECK(db.query<std::string>("SELECT op || ' ' || table_name FROM dorm_mirror_outbox ORDER BY seq") ==
        std::vector<std::string>{"insert orders", "insert orders", "update orders", "insert orders", "update orders",
                                 "delete orders", "delete orders", "insert orders", "insert order_lines"});
  CHECK(m.pending(db) == 9);
  CHECK(m.replay(db, "acme") == 9);
  CHECK(m.pending(db) == 0);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann Lee", 10.0}, {"acme", 3, "Cy again", 31.0}});
  CHECK(aggregate_lines(options) == std::vector<LineRow>{{"acme", 1, 1, "SKU-1", 2}});
  CHECK(m.replay(db, "acme") == 0);
  CHECK(m.replay(db) == 0);  // under the installed name
  CHECK(m.failed_sources().empty());
}

TEST_CASE("A changed primary key moves the row in the aggregate", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");
  m.install(db, "acme");
  auto order = make_order("Ann", 10);
  db.insert(order);
  auto line = make_line(1, 1, "SKU-1", 2);
  db.insert(line);
  m.replay(db, "acme");

  db.execute("UPDATE orders SET id = 10 WHERE id = 1");
  db.execute("UPDATE order_lines SET line_no = 5 WHERE order_id = 1 AND line_no = 1");
  CHECK(db.update_all<mirror::OrderLine>()
            .set(mirror::order_lines.order_id = std::int64_t{10})
            .where(mirror::order_lines.order_id == 1)
            .execute() == 1);
  CHECK(m.replay(db, "acme") == 3);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 10, "Ann", 10.0}});
  CHECK(aggregate_lines(options) == std::vector<LineRow>{{"acme", 10, 5, "SKU-1", 2}});
}

TEST_CASE("Rolled back writes and reads leave nothing to mirror", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");
  m.install(db, "acme");

  CHECK_THROWS_AS(db.transaction([&] {
                    auto order = make_order("Ann", 10);
                    db.insert(order);
                    throw std::runtime_error("abort");
                  }),
                  std::runtime_error);
  CHECK(m.pending(db) == 0);

  db.transaction([&] {
    auto kept = make_order("Kept", 1);
    db.insert(kept);
    try {
      db.transaction([&] {
        auto undone = make_order("Undone", 2);
        db.insert(undone);
        throw std::runtime_error("abort the savepoint");
      });
    } catch (const std::runtime_error&) {
    }
  });
  CHECK(m.pending(db) == 1);

  CHECK(db.select<mirror::Order>().all().size() == 1);
  CHECK(db.find<mirror::Order>(std::int64_t{1}).has_value());
  CHECK(db.query<std::int64_t>("SELECT count(*) FROM orders") == std::vector<std::int64_t>{1});
  CHECK(m.pending(db) == 1);
  CHECK(m.replay(db, "acme") == 1);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Kept", 1.0}});
}

TEST_CASE("SkipMirror keeps the writes made while it lives out of the aggregate", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");

  SECTION("on an installed connection, nested and across a transaction") {
    m.install(db, "acme");
    {
      dorm::SkipMirror skip(db);
      auto a = make_order("Skipped", 1);
      db.insert(a);
      {
        dorm::SkipMirror inner(db);
        db.execute("INSERT INTO orders (customer, total) VALUES ('Skipped too', 2)");
      }
      db.transaction([&] {
        auto b = make_order("Skipped in a transaction", 3);
        db.insert(b);
        db.execute("UPDATE orders SET total = 4 WHERE id = 1");
      });
    }
    auto kept = make_order("Mirrored", 5);
    db.insert(kept);
    CHECK(m.pending(db) == 1);
    CHECK(m.replay(db, "acme") == 1);
    CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 4, "Mirrored", 5.0}});
  }

  SECTION("made before the mirror is installed") {
    dorm::SkipMirror skip(db);
    m.install(db, "acme");
    auto a = make_order("Skipped", 1);
    db.insert(a);
    CHECK(m.pending(db) == 0);
  }
}

TEST_CASE("Two sources with the same ids keep their own rows in the aggregate", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto acme = open_source(dir.path() / "acme.db");
  auto globex = open_source(dir.path() / "globex.db");
  m.install(acme, "acme");
  m.install(globex, "globex");
  for (auto* db : {&acme, &globex}) {
    auto order = make_order(db == &acme ? "Ann" : "Gus", db == &acme ? 1 : 2);
    db->insert(order);
    auto line = make_line(1, 1, "SKU", 1);
    db->insert(line);
  }
  CHECK(m.replay(acme, "acme") == 2);
  CHECK(m.replay(globex, "globex") == 2);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}, {"globex", 1, "Gus", 2.0}});
  CHECK(aggregate_lines(options) == std::vector<LineRow>{{"acme", 1, 1, "SKU", 1}, {"globex", 1, 1, "SKU", 1}});

  acme.execute("DELETE FROM orders WHERE id = 1");
  CHECK(m.replay(acme, "acme") == 1);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"globex", 1, "Gus", 2.0}});

  m.forget("globex");
  CHECK(aggregate_orders(options).empty());
  CHECK(aggregate_lines(options) == std::vector<LineRow>{{"acme", 1, 1, "SKU", 1}});
}

TEST_CASE("With source_in_key off, an id taken by another source is a MirrorError, not an overwrite", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  options.source_in_key = false;
  dorm::Mirror m(options);
  auto acme = open_source(dir.path() / "acme.db");
  auto globex = open_source(dir.path() / "globex.db");
  m.install(acme, "acme");
  m.install(globex, "globex");
  auto ann = make_order("Ann", 1);
  acme.insert(ann);
  auto gus = make_order("Gus", 2);
  globex.insert(gus);
  CHECK(m.replay(acme, "acme") == 1);
  try {
    m.replay(globex, "globex");
    FAIL("replay did not throw");
  } catch (const dorm::MirrorError& e) {
    std::string message = e.what();
    CHECK(message.rfind("[dorm.mirror.apply]", 0) == 0);
    CHECK(message.find("seq 1") != std::string::npos);
    CHECK(message.find("'orders'") != std::string::npos);
    CHECK(message.find("source 'globex'") != std::string::npos);
    CHECK(e.code() == SQLITE_CONSTRAINT);
  }
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}});
  CHECK(m.pending(globex) == 1);
  CHECK(m.failed_sources() == std::vector<std::string>{"globex"});
  auto aggregate = dorm::Database::open(options.aggregate_path);
  CHECK(aggregate.query<std::string>("SELECT name FROM pragma_table_info('orders') WHERE pk > 0") ==
        std::vector<std::string>{"id"});
}

TEST_CASE("Values reach the aggregate exactly: every REAL bit, BLOBs and text with NUL bytes, NULLs", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");
  m.install(db, "acme");

  const std::vector<double> totals{0.1 + 0.2, 1e308, 5e-324, -0.0, 123456789.123456789, 1.0 / 3.0};
  const std::vector<std::optional<std::string>> notes{
      std::string("it's \"quoted\"\n\t漢字 ü 🙂"), std::string("a\0b", 3), std::nullopt, std::string(), "x", "'"};
  const std::vector<std::optional<std::vector<std::byte>>> receipts{
      std::vector<std::byte>{std::byte{0}, std::byte{0xff}, std::byte{0}, std::byte{0x27}},
      std::vector<std::byte>{}, std::nullopt, std::vector<std::byte>{std::byte{0}}, std::nullopt,
      std::vector<std::byte>(100000, std::byte{0x5a})};
  for (std::size_t i = 0; i < totals.size(); ++i) {
    auto order = make_order("c" + std::to_string(i), totals[i]);
    order.note = notes[i];
    order.receipt = receipts[i];
    db.insert(order);
  }
  db.execute("INSERT INTO orders (id, customer, total) VALUES (?, 'max', 1)", std::numeric_limits<std::int64_t>::max());
  CHECK(m.replay(db, "acme") == totals.size() + 1);

  using Row = std::tuple<std::int64_t, std::string, double, std::optional<std::string>,
                         std::optional<std::vector<std::byte>>, std::string, std::string, std::string>;
  const std::string select =
      "SELECT id, customer, total, note, receipt, typeof(total), typeof(note), typeof(receipt) FROM orders ORDER BY id";
  auto source_rows = db.query<Row>(select);
  auto aggregate = dorm::Database::open(options.aggregate_path);
  auto aggregate_rows = aggregate.query<Row>(select);
  REQUIRE(aggregate_rows.size() == source_rows.size());
  for (std::size_t i = 0; i < source_rows.size(); ++i) {
    INFO("row " << i);
    CHECK(std::get<0>(aggregate_rows[i]) == std::get<0>(source_rows[i]));
    CHECK(std::get<1>(aggregate_rows[i]) == std::get<1>(source_rows[i]));
    CHECK(std::bit_cast<std::uint64_t>(std::get<2>(aggregate_rows[i])) ==
          std::bit_cast<std::uint64_t>(std::get<2>(source_rows[i])));
    CHECK(std::get<3>(aggregate_rows[i]) == std::get<3>(source_rows[i]));
    CHECK(std::get<4>(aggregate_rows[i]) == std::get<4>(source_rows[i]));
    CHECK(std::get<5>(aggregate_rows[i]) == std::get<5>(source_rows[i]));
    CHECK(std::get<6>(aggregate_rows[i]) == std::get<6>(source_rows[i]));
    CHECK(std::get<7>(aggregate_rows[i]) == std::get<7>(source_rows[i]));
  }
  CHECK(std::get<3>(aggregate_rows[1]) == std::string("a\0b", 3));
  CHECK(std::get<2>(aggregate_rows[0]) == 0.1 + 0.2);
}

TEST_CASE("A locked aggregate: replay throws, the write and the outbox stay, and the next replay applies once",
          "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  options.busy_timeout = std::chrono::milliseconds(50);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");
  m.install(db, "acme");
  auto ann = make_order("Ann", 1);
  db.insert(ann);
  CHECK(m.replay(db, "acme") == 1);

  auto locker = dorm::Database::open(options.aggregate_path);
  locker.execute_script("BEGIN IMMEDIATE");
  auto bob = make_order("Bob", 2);
  db.insert(bob);
  ann.total = 11;
  db.update(ann);
  try {
    m.replay(db, "acme");
    FAIL("replay did not throw");
  } catch (const dorm::MirrorError& e) {
    std::string message = e.what();
    CHECK(message.rfind("[dorm.mirror.aggregate_busy]", 0) == 0);
    CHECK(message.find("source 'acme'") != std::string::npos);
    CHECK(message.find("seq 2") != std::string::npos);
    CHECK(e.code() == SQLITE_BUSY);
  }
  CHECK(db.find<mirror::Order>(bob.id).has_value());
  CHECK(m.pending(db) == 2);
  CHECK(m.failed_sources() == std::vector<std::string>{"acme"});
  REQUIRE(m.last_error("acme").has_value());
  CHECK(m.last_error("acme")->find("aggregate_busy") != std::string::npos);
  CHECK_FALSE(m.try_replay(db, "acme"));

  locker.execute_script("ROLLBACK");
  CHECK(m.replay(db, "acme") == 2);
  CHECK(m.failed_sources().empty());
  CHECK_FALSE(m.last_error("acme").has_value());
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 11.0}, {"acme", 2, "Bob", 2.0}});
  CHECK(m.replay(db, "acme") == 0);
  CHECK(aggregate_orders(options).size() == 2);
}

TEST_CASE("A missing or unusable aggregate: replay throws and the outbox waits for it", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  auto db = open_source(dir.path() / "acme.db");
  auto order = make_order("Ann", 1);

  SECTION("its folder does not exist") {
    options.aggregate_path = (dir.path() / "gone" / "aggregate.db").string();
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.insert(order);
    CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.aggregate_open]", 0) == 0);
    CHECK(m.pending(db) == 1);
    CHECK(m.last_error("acme").has_value());
    fs::create_directories(dir.path() / "gone");
    CHECK(m.replay(db, "acme") == 1);
    CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}});
  }

  SECTION("its folder is deleted after the first replays") {
    fs::create_directories(dir.path() / "agg");
    options.aggregate_path = (dir.path() / "agg" / "aggregate.db").string();
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.insert(order);
    CHECK(m.replay(db, "acme") == 1);
    fs::remove_all(dir.path() / "agg");
    auto bob = make_order("Bob", 2);
    db.insert(bob);
    CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.aggregate_open]", 0) == 0);
    CHECK(m.pending(db) == 1);
    CHECK(db.find<mirror::Order>(bob.id).has_value());

    // The folder comes back empty: a new aggregate would hold Bob without Ann, so the replay
    // is refused until resync queues every row again.
    fs::create_directories(dir.path() / "agg");
    const std::string message = mirror_error_of([&] { m.replay(db, "acme"); });
    CHECK(message.rfind("[dorm.mirror.aggregate_behind]", 0) == 0);
    CHECK(message.find("only up to seq 0, but it had committed them up to seq 1") != std::string::npos);
    CHECK(m.pending(db) == 1);
    m.resync(db);
    CHECK(m.replay(db, "acme") == 2);
    CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}, {"acme", 2, "Bob", 2.0}});
  }

  SECTION("it is restored from an older copy") {
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.insert(order);
    CHECK(m.replay(db, "acme") == 1);
    const fs::path copy = dir.path() / "aggregate-backup.db";
    {
      auto aggregate = dorm::Database::open(options.aggregate_path);
      aggregate.execute_script("VACUUM INTO '" + copy.string() + "'");
    }
    auto bob = make_order("Bob", 2);
    db.insert(bob);
    CHECK(m.replay(db, "acme") == 1);
    restore(copy, options.aggregate_path);
    auto cy = make_order("Cy", 3);
    db.insert(cy);
    CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.aggregate_behind]", 0) == 0);
    CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}});
    m.resync(db);
    CHECK(m.replay(db, "acme") == 3);
    CHECK(aggregate_orders(options) ==
          std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}, {"acme", 2, "Bob", 2.0}, {"acme", 3, "Cy", 3.0}});
  }

  SECTION("the file does not exist and create_aggregate is off") {
    options.create_aggregate = false;
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.insert(order);
    CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.aggregate_open]", 0) == 0);
    CHECK(m.pending(db) == 1);
    CHECK_FALSE(fs::exists(options.aggregate_path));
  }

  SECTION("the path is a folder") {
    fs::create_directories(options.aggregate_path);
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.insert(order);
    CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.aggregate_open]", 0) == 0);
    CHECK(m.pending(db) == 1);
  }

  SECTION("the file is not a database") {
    {
      std::FILE* f = std::fopen(options.aggregate_path.c_str(), "wb");
      REQUIRE(f != nullptr);
      std::fputs("not a database, just text that is long enough to be read as a header........", f);
      std::fclose(f);
    }
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.insert(order);
    CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.aggregate_open]", 0) == 0);
    CHECK(m.pending(db) == 1);
  }
}

TEST_CASE("A replay interrupted between the aggregate commit and the outbox cleanup applies nothing twice",
          "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  const fs::path file = dir.path() / "acme.db";
  const fs::path copy = dir.path() / "acme-before-replay.db";
  auto db = open_source(file);
  m.install(db, "acme");
  auto ann = make_order("Ann", 1);
  db.insert(ann);
  auto bob = make_order("Bob", 2);
  db.insert(bob);
  ann.total = 10;
  db.update(ann);
  db.remove(bob);
  auto line = make_line(1, 1, "SKU", 3);
  db.insert(line);
  db.execute("UPDATE order_lines SET quantity = quantity + 1");

  // The source as it was when the aggregate committed: the crash lost the outbox cleanup.
  db.execute_script("VACUUM INTO '" + copy.string() + "'");
  CHECK(m.replay(db, "acme") == 6);
  const auto orders_after = aggregate_orders(options);
  const auto lines_after = aggregate_lines(options);
  CHECK(orders_after == std::vector<OrderRow>{{"acme", 1, "Ann", 10.0}});
  CHECK(lines_after == std::vector<LineRow>{{"acme", 1, 1, "SKU", 4}});

  db.close();
  restore(copy, file);
  db = open_source(file);
  m.install(db, "acme");
  CHECK(m.pending(db) == 6);
  CHECK(m.replay(db, "acme") == 0);
  CHECK(m.pending(db) == 0);
  CHECK(aggregate_orders(options) == orders_after);
  CHECK(aggregate_lines(options) == lines_after);

  // Writes after the restart continue the sequence and are mirrored.
  db.execute("UPDATE order_lines SET quantity = 7");
  CHECK(m.replay(db, "acme") == 1);
  CHECK(aggregate_lines(options) == std::vector<LineRow>{{"acme", 1, 1, "SKU", 7}});
}

TEST_CASE("A source restored from an older copy is refused until resync rebuilds its rows", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  const fs::path file = dir.path() / "acme.db";
  const fs::path copy = dir.path() / "acme-backup.db";
  auto db = open_source(file);
  m.install(db, "acme");
  auto ann = make_order("Ann", 1);
  db.insert(ann);
  CHECK(m.replay(db, "acme") == 1);
  db.execute_script("VACUUM INTO '" + copy.string() + "'");
  auto bob = make_order("Bob", 2);
  db.insert(bob);
  CHECK(m.replay(db, "acme") == 1);

  db.close();
  restore(copy, file);
  db = open_source(file);
  m.install(db, "acme");
  auto cy = make_order("Cy", 3);  // seq 2 again, which the aggregate has applied (Bob)
  db.insert(cy);
  std::string message = mirror_error_of([&] { m.replay(db, "acme"); });
  CHECK(message.rfind("[dorm.mirror.source_rewound]", 0) == 0);
  CHECK(m.pending(db) == 1);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}, {"acme", 2, "Bob", 2.0}});

  m.resync(db);
  CHECK(m.pending(db) == 2);  // every current row, queued again
  CHECK(m.replay(db, "acme") == 2);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}, {"acme", 2, "Cy", 3.0}});
  auto dee = make_order("Dee", 4);
  db.insert(dee);
  CHECK(m.replay(db, "acme") == 1);
  CHECK(aggregate_orders(options).size() == 3);
}

TEST_CASE("A new database under an old source name is refused until resync", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  const fs::path file = dir.path() / "acme.db";
  {
    auto db = open_source(file);
    m.install(db, "acme");
    auto ann = make_order("Ann", 1);
    db.insert(ann);
    auto bob = make_order("Bob", 2);
    db.insert(bob);
    CHECK(m.replay(db, "acme") == 2);
  }
  fs::remove(file);
  auto db = open_source(file);
  m.install(db, "acme");
  auto cy = make_order("Cy", 3);
  db.insert(cy);
  CHECK(mirror_error_of([&] { m.replay(db, "acme"); }).rfind("[dorm.mirror.source_replaced]", 0) == 0);
  CHECK(m.pending(db) == 1);
  m.resync(db);
  CHECK(m.replay(db, "acme") == 1);
  CHECK(aggregate_orders(options) == std::vector<OrderRow>{{"acme", 1, "Cy", 3.0}});
}

TEST_CASE("Install queues the rows a table already holds, once, and follows columns added by migrations",
          "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  dorm::Mirror m(options);
  auto db = open_source(dir.path() / "acme.db");
  auto ann = make_order("Ann", 1);
  db.insert(ann);
  auto bob = make_order("Bob", 2);
  db.insert(bob);

  m.install(db, "acme");
  CHECK(m.pending(db) == 2);
  m.install(db, "acme");  // again, as a pool does on every open: nothing queued twice
  CHECK(m.pending(db) == 2);
  CHECK(m.replay(db, "acme") == 2);

  db.execute_script("ALTER TABLE orders ADD COLUMN region TEXT");
  m.install(db, "acme");
  db.execute("UPDATE orders SET region = 'EU' WHERE id = 1");
  db.execute("INSERT INTO orders (customer, total, region) VALUES ('Cy', 3, 'US')");
  CHECK(m.replay(db, "acme") == 2);
  auto aggregate = dorm::Database::open(options.aggregate_path);
  CHECK(aggregate.query<std::tuple<std::int64_t, std::optional<std::string>>>(
            "SELECT id, region FROM orders ORDER BY id") ==
        std::vector<std::tuple<std::int64_t, std::optional<std::string>>>{{1, "EU"}, {2, std::nullopt}, {3, "US"}});
  CHECK(aggregate.query<std::string>("SELECT type FROM pragma_table_info('orders') WHERE name = 'region'") ==
        std::vector<std::string>{"TEXT"});
}

TEST_CASE("A table wider than SQLite's function argument limit is mirrored whole", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  options.tables = {"wide"};
  dorm::Mirror m(options);
  auto db = dorm::Database::open((dir.path() / "acme.db").string());
  std::string ddl = "CREATE TABLE wide (id INTEGER PRIMARY KEY";
  std::string insert = "INSERT INTO wide VALUES (1";
  for (int i = 0; i < 300; ++i) {
    ddl += ", c" + std::to_string(i) + " INTEGER";
    insert += ", " + std::to_string(i * 7);
  }
  db.execute_script(ddl + ")");
  m.install(db, "acme");
  db.execute_script(insert + ")");
  CHECK(m.replay(db, "acme") == 1);
  auto aggregate = dorm::Database::open(options.aggregate_path);
  CHECK(aggregate.query_value<std::int64_t>("SELECT c0 + c150 + c299 FROM wide WHERE id = 1") == (150 + 299) * 7);
}

TEST_CASE("Install and replay refuse what they cannot mirror faithfully", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  auto db = open_source(dir.path() / "acme.db");

  SECTION("a missing table") {
    options.tables = {"orders", "missing"};
    dorm::Mirror m(options);
    CHECK(mirror_error_of([&] { m.install(db, "acme"); }).rfind("[dorm.mirror.no_table]", 0) == 0);
    auto order = make_order("Ann", 1);
    db.insert(order);
    CHECK(m.pending(db) == 0);  // nothing half-installed
  }
  SECTION("a table without a primary key") {
    db.execute_script("CREATE TABLE logs (message TEXT)");
    options.tables = {"logs"};
    dorm::Mirror m(options);
    CHECK(mirror_error_of([&] { m.install(db, "acme"); }).rfind("[dorm.mirror.no_primary_key]", 0) == 0);
  }
  SECTION("a column named like the source column") {
    db.execute_script("CREATE TABLE clash (id INTEGER PRIMARY KEY, DORM_SOURCE TEXT)");
    options.tables = {"clash"};
    dorm::Mirror m(options);
    CHECK(mirror_error_of([&] { m.install(db, "acme"); }).rfind("[dorm.mirror.column_clash]", 0) == 0);
  }
  SECTION("a second source name for one database") {
    dorm::Mirror m(options);
    m.install(db, "acme");
    CHECK(mirror_error_of([&] { m.install(db, "globex"); }).rfind("[dorm.mirror.source_name]", 0) == 0);
    CHECK(mirror_error_of([&] { m.replay(db, "globex"); }).rfind("[dorm.mirror.source_name]", 0) == 0);
  }
  SECTION("a replay inside a transaction of the source") {
    dorm::Mirror m(options);
    m.install(db, "acme");
    db.transaction([&] {
      auto order = make_order("Ann", 1);
      db.insert(order);
      CHECK_THROWS_AS(m.replay(db, "acme"), dorm::MisuseError);
    });
    CHECK(m.try_replay(db, "acme"));
  }
  SECTION("an empty source name, a closed database, empty options") {
    dorm::Mirror m(options);
    CHECK_THROWS_AS(m.install(db, ""), dorm::MisuseError);
    CHECK_THROWS_AS(dorm::Mirror(dorm::MirrorOptions{}), dorm::MisuseError);
    db.close();
    CHECK_THROWS_AS(m.install(db, "acme"), dorm::MisuseError);
    CHECK_THROWS_AS(dorm::SkipMirror(db), dorm::MisuseError);
    CHECK_FALSE(m.try_replay(db, "acme"));
    CHECK(m.last_error("acme").has_value());
  }
  SECTION("a database the mirror was never installed on") {
    dorm::Mirror m(options);
    CHECK(m.pending(db) == 0);
    CHECK(m.replay(db, "acme") == 0);
    CHECK(m.replay(db) == 0);
    CHECK_THROWS_AS(m.resync(db), dorm::MisuseError);
  }
}

TEST_CASE("Many threads replay different sources into one aggregate at once", "[mirror]") {
  TempDir dir;
  auto options = options_in(dir);
  options.batch_size = 7;  // several aggregate transactions per replay
  dorm::Mirror m(options);
  constexpr int threads = 8;
  constexpr int orders_each = 40;
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        const std::string name = "tenant" + std::to_string(t);
        auto db = open_source(dir.path() / (name + ".db"));
        m.install(db, name);
        for (int i = 0; i < orders_each; ++i) {
          auto order = make_order(name, i);
          db.insert(order);
          if (i % 10 == 9) m.replay(db, name);
        }
        m.replay(db, name);
      } catch (const std::exception& e) {
        std::lock_guard lock(failures_mutex);
        failures.emplace_back(e.what());
      }
    });
  }
  for (auto& w : workers) w.join();
  CHECK(failures.empty());
  auto aggregate = dorm::Database::open(options.aggregate_path);
  CHECK(aggregate.query_value<std::int64_t>("SELECT count(*) FROM orders") == threads * orders_each);
  CHECK(aggregate.query_value<std::int64_t>("SELECT count(DISTINCT dorm_source) FROM orders") == threads);
  CHECK(aggregate.query_value<std::int64_t>("SELECT count(*) FROM dorm_mirror_progress WHERE last_seq = ?",
                                            std::int64_t{orders_each}) == threads);
}

TEST_CASE("A pool mirrors every tenant: install on open, replay on release, failures wait in the Mirror",
          "[mirror][pool]") {
  TempDir dir;
  auto mirror_options = options_in(dir);
  mirror_options.busy_timeout = std::chrono::milliseconds(50);
  auto m = std::make_shared<dorm::Mirror>(mirror_options);
  dorm::PoolOptions pool_options;
  pool_options.folder = dir.path() / "tenants";
  pool_options.migrate = [](dorm::Database& db) { mirror::migrate(db); };
  int opened = 0;
  pool_options.on_open = [&](dorm::Database&, std::string_view) { ++opened; };
  dorm::mirror_pool(pool_options, m);
  dorm::Pool pool(pool_options);

  pool.with_tenant("acme", [](dorm::Database& db) {
    auto order = make_order("Ann", 1);
    db.insert(order);
  });
  pool.with_tenant("globex", [](dorm::Database& db) {
    auto order = make_order("Gus", 2);
    db.insert(order);
  });
  CHECK(opened == 2);  // the hook set before mirror_pool still runs
  CHECK(aggregate_orders(mirror_options) == std::vector<OrderRow>{{"acme", 1, "Ann", 1.0}, {"globex", 1, "Gus", 2.0}});

  {
    auto locker = dorm::Database::open(mirror_options.aggregate_path);
    locker.execute_script("BEGIN IMMEDIATE");
    CHECK_NOTHROW(pool.with_tenant("acme", [](dorm::Database& db) {
      auto order = make_order("Bob", 3);
      db.insert(order);
    }));
    CHECK(m->failed_sources() == std::vector<std::string>{"acme"});
    CHECK(pool.with_tenant("acme", [&](dorm::Database& db) { return m->pending(db); }) == 1);
    locker.execute_script("ROLLBACK");
  }
  pool.with_tenant("acme", [](dorm::Database&) {});
  CHECK(m->failed_sources().empty());
  CHECK(aggregate_orders(mirror_options).size() == 3);
}

TEST_CASE("replay_pool catches up tenants whose outboxes were left pending, as after a restart", "[mirror][pool]") {
  TempDir dir;
  auto mirror_options = options_in(dir);
  mirror_options.busy_timeout = std::chrono::milliseconds(50);
  dorm::PoolOptions pool_options;
  pool_options.folder = dir.path() / "tenants";
  pool_options.migrate = [](dorm::Database& db) { mirror::migrate(db); };

  {  // the first run: the aggregate is locked the whole time, so nothing reaches it
    auto m = std::make_shared<dorm::Mirror>(mirror_options);
    dorm::PoolOptions options = pool_options;
    dorm::mirror_pool(options, m);
    dorm::Pool pool(options);
    auto locker = dorm::Database::open(mirror_options.aggregate_path);
    locker.execute_script("BEGIN IMMEDIATE");
    for (const char* tenant : {"acme", "globex", "initech"}) {
      pool.with_tenant(tenant, [&](dorm::Database& db) {
        auto order = make_order(tenant, 1);
        db.insert(order);
      });
    }
    CHECK(m->failed_sources().size() == 3);

    // While the aggregate stays locked, a catch-up reports every tenant and loses nothing.
    const auto failures = m->replay_pool(pool, /*only_failed=*/true);
    REQUIRE(failures.size() == 3);
    CHECK(failures[0].name == "acme");
    CHECK(failures[0].message.rfind("[dorm.mirror.aggregate_busy]", 0) == 0);
    locker.execute_script("ROLLBACK");
  }

  // The next run: a new Mirror knows of no failures, but the outboxes kept everything.
  auto m = std::make_shared<dorm::Mirror>(mirror_options);
  dorm::PoolOptions options = pool_options;
  dorm::mirror_pool(options, m);
  dorm::Pool pool(options);
  CHECK(m->failed_sources().empty());
  CHECK(m->replay_pool(pool, /*only_failed=*/true).empty());  // nothing known to retry
  CHECK(dorm::Database::open(mirror_options.aggregate_path)
            .query_value<std::int64_t>("SELECT count(*) FROM sqlite_schema WHERE name = 'orders'") == 0);
  CHECK(m->replay_pool(pool).empty());
  CHECK(aggregate_orders(mirror_options) ==
        std::vector<OrderRow>{{"acme", 1, "acme", 1.0}, {"globex", 1, "globex", 1.0}, {"initech", 1, "initech", 1.0}});
  CHECK(m->replay_pool(pool).empty());  // applied once: a second catch-up changes nothing
  CHECK(aggregate_orders(mirror_options).size() == 3);
  CHECK(pool.list().size() == 3);
}

namespace {
// Constant-initialized, so destroyed at exit after every function-local static of the runtime
// has been: the connection inside closes during static destruction.
std::optional<dorm::Database> mirrored_until_exit;
}  // namespace

TEST_CASE("A mirrored connection may stay open until static destruction", "[mirror]") {
  // Closing it used to reach the mirror's registry of connections after exit() had destroyed
  // it (a heap-use-after-free that AddressSanitizer reports when this binary exits).
  mirrored_until_exit.emplace(dorm::Database::open(":memory:"));
  mirror::migrate(*mirrored_until_exit);
  dorm::MirrorOptions options;
  options.aggregate_path = "never-opened.db";
  options.tables = {"orders", "order_lines"};
  dorm::Mirror m(options);
  m.install(*mirrored_until_exit, "acme");
  {
    dorm::SkipMirror skip(*mirrored_until_exit);
    auto order = make_order("Ann", 1);
    mirrored_until_exit->insert(order);
  }
  CHECK(m.pending(*mirrored_until_exit) == 0);
}
