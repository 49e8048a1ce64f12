// A valid annotated header exercising every field type and annotation the Clang front end maps.
// Its structs live in shop::model; the generated code is in namespace shop::db.
#pragma once
#include <dorm/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shop::model {

enum class DORM_AS_TEXT Color { red, green, blue };
enum class Size : std::uint8_t { small = 1, large = 2 };

struct Item;

struct DORM_TABLE("warehouses") Warehouse {
  DORM_PRIMARY_KEY std::int32_t id = 0;
  DORM_COLUMN("display name") std::string name{};
  DORM_HAS_MANY(items, Item, "foreign_key=warehouse_id", "cascade=persist,remove", "orphan_removal=true");
};

struct DORM_TABLE("items") DORM_INDEX_ON("warehouse_id", "sku", "name=idx_items_place") Item {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  DORM_REFERENCES("warehouses", "id", "on_delete=CASCADE") std::int32_t warehouse_id = 0;
  DORM_UNIQUE std::string sku{};
  DORM_DEFAULT(1) std::uint16_t quantity = 1;
  DORM_DEFAULT(0.5) float weight = 0.5F;
  DORM_DEFAULT("red") Color color = Color::red;
  std::optional<Size> size{};
  std::chrono::sys_seconds added{};
  std::optional<std::chrono::system_clock::time_point> sold{};
  std::vector<std::byte> photo{};
  DORM_IGNORE int cache = 0;
  static constexpr int version = 2;  // static members are not columns
  // Function bodies are skipped by the scan; this one would not matter anyway.
  [[nodiscard]] int twice() const { return quantity * 2; }
  DORM_BELONGS_TO(warehouse, Warehouse);
};

struct DORM_TABLE("item_tags") DORM_COMPOSITE_KEY("item_id", "tag") ItemTag {
  DORM_PRIMARY_KEY DORM_REFERENCES("items", "id") std::int64_t item_id = 0;
  std::string tag{};
};

}  // namespace shop::model

/// A struct in the global namespace.
struct DORM_TABLE("audit_log") AuditEntry {
  DORM_PRIMARY_KEY std::int64_t id = 0;
  DORM_DEFAULT_SQL("CURRENT_TIMESTAMP") DORM_NOT_NULL std::optional<std::string> at{};
  std::string what{};
};

/// Optimistic locking on a narrower integer member: DORM_VERSION.
struct DORM_TABLE("price_lists") PriceList {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  std::string name{};
  DORM_VERSION std::int32_t revision = 0;
};
