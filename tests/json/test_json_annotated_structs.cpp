// JSON conversion of users' own annotated structs: json.hpp specializes the serializer for the
// user's type (shop::model::Item), whose members include enums, time points, narrow integers,
// float and a BLOB.
#include <catch2/catch.hpp>

#include <chrono>

#include "shop/db/json.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("an annotated struct's enums, time points and BLOB become JSON and read back", "[json]") {
  const shop::model::Item item{.id = 4, .warehouse_id = 1, .sku = "A-1", .quantity = 3, .weight = 2.5F,
                               .color = shop::model::Color::blue, .size = shop::model::Size::large,
                               .added = std::chrono::sys_seconds{1'700'000'000s},
                               .sold = std::chrono::system_clock::time_point{1'700'000'123'456'789ns},
                               .photo = {std::byte{1}, std::byte{2}}};
  const json j = item;
  CHECK(j.at("color") == "blue");  // DORM_AS_TEXT: by name
  CHECK(j.at("size") == 2);        // by number
  CHECK(j.at("added") == "2023-11-14T22:13:20Z");
  CHECK(j.at("sold") == "1970-01-20T16:13:20.123456789Z");
  CHECK(j.at("photo") == "AQI=");
  CHECK(j.at("weight") == 2.5);
  CHECK_FALSE(j.contains("cache"));  // DORM_IGNORE: not a column

  const auto back = j.get<shop::model::Item>();
  CHECK(back.color == item.color);
  CHECK(back.size == item.size);
  CHECK(back.added == item.added);
  CHECK(back.sold == item.sold);
  CHECK(back.photo == item.photo);
  CHECK(back.quantity == 3);
}

TEST_CASE("an annotated struct refuses a narrow integer out of range and a malformed time", "[json]") {
  shop::model::Item item{};
  try {
    json::parse(R"({"quantity": 70000, "added": "yesterday", "color": "purple"})").get_to(item);
    FAIL("no error");
  } catch (const dorm::ValidationError& e) {
    REQUIRE(e.errors().size() == 3);
    CHECK(e.errors()[0].rule == "maximum");
    CHECK(e.errors()[0].expected == "65535");
    CHECK(e.errors()[1].rule == "enum");
    CHECK(e.errors()[2].rule == "format");
  }
  CHECK(item.quantity == 1);
}
