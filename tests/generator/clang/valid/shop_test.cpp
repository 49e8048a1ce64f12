// Generated code for annotated structs: every mapped type round-trips through SQLite, relations
// load, and the structs stay the user's (shop::model), reached from the generated namespace.
#include <catch2/catch.hpp>

#include <chrono>

#include "shop/db/models.hpp"
#include <dorm/session/cascade.hpp>

using namespace std::chrono_literals;

TEST_CASE("an annotated struct of every mapped type round-trips through SQLite", "[generator]") {
  auto db = dorm::Database::open(":memory:");
  shop::db::migrate(db);
  static_assert(std::is_same_v<shop::db::Item, shop::model::Item>);

  shop::model::Warehouse depot{.id = 0, .name = "Depot"};
  db.insert(depot);
  CHECK(depot.id == 1);
  const auto added = std::chrono::sys_seconds{1'700'000'000s};
  const auto sold = std::chrono::system_clock::time_point{1'700'000'123'456'789ns};
  shop::model::Item item{.warehouse_id = depot.id, .sku = "A-1", .quantity = 3, .weight = 2.5F,
                         .color = shop::model::Color::blue, .size = shop::model::Size::large, .added = added,
                         .sold = sold, .photo = {std::byte{1}, std::byte{2}}};
  db.insert(item);
  shop::model::ItemTag tag{.item_id = item.id, .tag = "new"};
  db.insert(tag);

  const auto back = db.find_or_fail<shop::model::Item>(item.id);
  CHECK(back.quantity == 3);
  CHECK(back.weight == 2.5F);
  CHECK(back.color == shop::model::Color::blue);
  CHECK(back.size == shop::model::Size::large);
  CHECK(back.added == added);
  CHECK(back.sold == sold);
  CHECK(back.photo.size() == 2);

  // Enums declared DORM_AS_TEXT are stored by name, time points as UTC text.
  dorm::Statement st(db.connection(), "SELECT color, added, size FROM items");
  REQUIRE(st.step());
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st.handle(), 0))) == "blue");
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st.handle(), 1))) == "2023-11-14 22:13:20");
  CHECK(sqlite3_column_int(st.handle(), 2) == 2);

  // Enum and time point columns compare with values of their own type.
  CHECK(db.select<shop::model::Item>().where(shop::db::items.color == shop::model::Color::blue).count() == 1);
  CHECK(db.select<shop::model::Item>().where(shop::db::items.color == shop::model::Color::red).count() == 0);
  CHECK(db.select<shop::model::Item>().where(shop::db::items.size == shop::model::Size::large).count() == 1);
  CHECK(db.select<shop::model::Item>().where(shop::db::items.added == added).count() == 1);

  CHECK(shop::db::items.warehouse.load(db, back)->name == "Depot");
  CHECK(shop::db::warehouses.items.load(db, depot).size() == 1);
  auto loaded = db.select<shop::model::Warehouse>().with(shop::db::warehouses.items).all();
  REQUIRE(loaded.size() == 1);
  for (auto warehouse : loaded) CHECK(warehouse[shop::db::warehouses.items].size() == 1);

  AuditEntry entry{.id = 0, .at = {}, .what = "created"};
  db.insert(entry);
  CHECK(entry.at.has_value());
  CHECK(db.select<AuditEntry>().count() == 1);
}

TEST_CASE("a DORM_VERSION member is checked and incremented by update", "[generator]") {
  auto db = dorm::Database::open(":memory:");
  shop::db::migrate(db);
  STATIC_REQUIRE(std::is_same_v<dorm::table_of<PriceList>::version_column, dorm::Column<shop::db::price_lists_revision_column>>);
  PriceList list{.id = 0, .name = "Retail", .revision = 0};
  db.insert(list);
  CHECK(list.revision == 1);
  PriceList stale = list;
  list.name = "Retail 2027";
  db.update(list);
  CHECK(list.revision == 2);
  stale.name = "Wholesale";
  CHECK_THROWS_AS(db.update(stale), dorm::ConcurrentModification);
  CHECK(db.find_or_fail<PriceList>(list.id).name == "Retail 2027");
}

TEST_CASE("a relation's cascade options become constants of its descriptor", "[generator]") {
  using items = shop::db::warehouses_items_relation;
  STATIC_REQUIRE(dorm::cascades_persist<items>);
  STATIC_REQUIRE(dorm::cascades_remove<items>);
  STATIC_REQUIRE(dorm::removes_orphans<items>);
  using warehouse = shop::db::items_warehouse_relation;
  STATIC_REQUIRE_FALSE(dorm::cascades_persist<warehouse>);
  STATIC_REQUIRE_FALSE(dorm::cascades_remove<warehouse>);
  STATIC_REQUIRE_FALSE(dorm::removes_orphans<warehouse>);
}
