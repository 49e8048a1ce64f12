// validate() and the CHECK constraints never disagree (issue 20, item 4): for every validation
// keyword and column type, boundary and adversarial values (on, just inside and just outside
// each bound; empty, NUL, CR, non-BMP and invalid UTF-8 text; NaN, +-infinity, -0.0; the 64-bit
// integer limits) are asked of validate() and of a raw INSERT that meets only the CHECKs. Where
// SQLite can state the rule (lengths, bounds, enum, JSON type) both give the same verdict; where
// the CHECK is only a necessary condition (a format's shape) or absent (pattern), it never
// refuses a value validate() accepts.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "agreement/models.hpp"

namespace {

using namespace std::string_literals;
using agreement::Agreement;

enum class Rule { exact, check_is_weaker };

std::string shown(const std::string& v) {
  std::string out;
  for (unsigned char c : v) {
    if (c < 0x20 || c >= 0x7F) {
      static constexpr char hex[] = "0123456789ABCDEF";
      out += "\\x";
      out += hex[c >> 4U];
      out += hex[c & 0xFU];
    } else {
      out += static_cast<char>(c);
    }
  }
  return '"' + out + '"';
}
std::string shown(double v) { return std::isnan(v) ? "NaN" : std::to_string(v) + (std::signbit(v) ? " (negative)" : ""); }
std::string shown(std::int64_t v) { return std::to_string(v); }
std::string shown(bool v) { return v ? "true" : "false"; }

/// Asks validate() and the CHECKs of `column` about `value`; false when they disagree.
template <class T>
void ask(dorm::Database& db, const char* column, std::optional<T> Agreement::*member, const T& value,
         Rule rule = Rule::exact) {
  Agreement row{};
  row.*member = value;
  const bool validate_accepts = dorm::validation_errors(row).empty();
  bool check_accepts = true;
  std::string refusal;
  try {
    db.execute("INSERT INTO agreement (\"" + std::string(column) + "\") VALUES (?)", value);
  } catch (const dorm::Error& e) {  // a CHECK, or a value SQLite cannot store (NaN)
    check_accepts = false;
    refusal = e.what();
  }
  INFO(column << " = " << shown(value) << ": validate() " << (validate_accepts ? "accepts" : "refuses")
              << ", the CHECKs " << (check_accepts ? "accept" : "refuse (" + refusal + ")"));
  if (rule == Rule::exact) CHECK(validate_accepts == check_accepts);
  else CHECK((check_accepts || !validate_accepts));
}

dorm::Database database() {
  auto db = dorm::Database::open(":memory:");
  agreement::migrate(db);
  return db;
}

constexpr auto int_min = std::numeric_limits<std::int64_t>::min();
constexpr auto int_max = std::numeric_limits<std::int64_t>::max();
constexpr double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("validate() and the CHECK agree on lengths counted in code points, NUL and invalid UTF-8 included",
          "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  for (const std::string& v : {""s, "a"s, "ab"s, "abcd"s, "abcde"s, "\r\n"s, "\r\n\r\n\r"s,
                               "\xF0\x9F\x98\x80\xF0\x9F\x98\x80"s, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"s,
                               "\xC3\xA9"s, "\xFF\xFE"s, "a\x80"s, "\x80\x80\x80\x80\x80"s, "\xE2\x82"s})
    ask(db, "s_len", &Agreement::s_len, v);
  // SQLite's length() stops at a NUL and no SQL function counts past one, so with a NUL the CHECK
  // lets the text through and validate() decides (docs/json-schema.md "Validation keywords").
  for (const std::string& v : {"a\0b"s, "\0"s, "\0\0\0\0\0"s, "a\0bcdef"s, "abcdef\0"s})
    ask(db, "s_len", &Agreement::s_len, v, Rule::check_is_weaker);
}

TEST_CASE("validate() and the CHECK agree on text enums, byte for byte", "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  for (const std::string& v : {"a"s, "b\0c"s, "b"s, "b\0"s, "d\re"s, "d\ne"s, "d\r\ne"s, "\xC3\xA9"s, "e\xCC\x81"s,
                               "\xF0\x9F\x98\x80"s, ""s, "A"s, "a "s})
    ask(db, "s_enum", &Agreement::s_enum, v);
}

TEST_CASE("the CHECK never refuses a text validate() accepts: patterns and format shapes", "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  for (const std::string& v : {"abc"s, "a\nc"s, "abcd"s, "a\xF0\x9F\x98\x80" "c"s, "a\0c"s, ""s})
    ask(db, "s_pattern", &Agreement::s_pattern, v, Rule::check_is_weaker);
  for (const std::string& v : {"ada@example.com"s, "a@b"s, "@b.co"s, "joe@[127.0.0.1]"s, "\"a b\"@example.com"s, "a@b.co\0"s})
    ask(db, "s_email", &Agreement::s_email, v, Rule::check_is_weaker);
  for (const std::string& v : {"0b6f8a4e-3c1d-4f5e-9a2b-7c8d9e0f1a2b"s, "0B6F8A4E-3C1D-4F5E-9A2B-7C8D9E0F1A2B"s,
                               "0b6f8a4e3c1d4f5e9a2b7c8d9e0f1a2b"s, "0b6f8a4e-3c1d-4f5e-9a2b-7c8d9e0f1a2"s})
    ask(db, "s_uuid", &Agreement::s_uuid, v, Rule::check_is_weaker);
  for (const std::string& v : {"2024-02-29"s, "2023-02-29"s, "2024-2-29"s, "2024-02-29\n"s})
    ask(db, "s_date", &Agreement::s_date, v, Rule::check_is_weaker);
  for (const std::string& v : {"2024-02-29T23:59:59Z"s, "2024-02-29 23:59:59.5+01:00"s, "2024-12-31T23:59:60Z"s,
                               "2024-02-29T23:59:59"s, "2024-02-29t23:59:59z"s})
    ask(db, "s_date_time", &Agreement::s_date_time, v, Rule::check_is_weaker);
}

TEST_CASE("validate() and the CHECK agree on integer bounds, exactly, up to the 64-bit limits", "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  for (std::int64_t v : {int_min, std::int64_t{-6}, std::int64_t{-5}, std::int64_t{0}, std::int64_t{5}, std::int64_t{6}, int_max})
    ask(db, "i_bounds", &Agreement::i_bounds, v);
  for (std::int64_t v : {std::int64_t{-6}, std::int64_t{-5}, std::int64_t{5}, std::int64_t{6}, int_min, int_max})
    ask(db, "i_exclusive", &Agreement::i_exclusive, v);
  for (std::int64_t v : {int_min, int_min + 1, std::int64_t{0}, int_max - 1, int_max})
    ask(db, "i_limits", &Agreement::i_limits, v);
  for (std::int64_t v : {std::int64_t{9007199254740991}, std::int64_t{9007199254740992}, std::int64_t{9007199254740993}, int_max})
    ask(db, "i_past_double", &Agreement::i_past_double, v);
  for (std::int64_t v : {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}, int_min, int_min + 1, std::int64_t{0}})
    ask(db, "i_enum", &Agreement::i_enum, v);
}

TEST_CASE("validate() and the CHECK agree on real bounds and enums, NaN, infinities and -0.0 included",
          "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  for (double v : {-1.5, 1.5, std::nextafter(-1.5, -2.0), std::nextafter(1.5, 2.0), std::nextafter(1.5, 0.0), 0.0, -0.0,
                   -inf, inf, not_a_number})
    ask(db, "n_bounds", &Agreement::n_bounds, v);
  for (double v : {0.0, -0.0, 5e-324, 1.0, std::nextafter(1.0, 0.0), 0.5, inf, not_a_number})
    ask(db, "n_exclusive", &Agreement::n_exclusive, v);
  for (double v : {0.5, 1.0, 0.0, -0.0, 2.0, std::nextafter(0.5, 1.0), inf, not_a_number})
    ask(db, "n_enum", &Agreement::n_enum, v);
}

TEST_CASE("validate() and the CHECK agree on a boolean enum", "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  ask(db, "b_enum", &Agreement::b_enum, true);
  ask(db, "b_enum", &Agreement::b_enum, false);
}

TEST_CASE("validate() and the CHECK agree on JSON object and array columns", "[json_schema_suite][validate_check_agreement]") {
  auto db = database();
  for (const std::string& v : {"{}"s, "[]"s, "{\"a\": 1}"s, ""s, "{"s, "null"s, " {} "s, "{\"a\": \"\0\"}"s,
                               "{\"a\": NaN}"s})
    ask(db, "j_object", &Agreement::j_object, v);
  for (const std::string& v : {"[]"s, "[1, 2]"s, "{}"s, "[1,]"s, "\t[]\n"s, "[1e400]"s})
    ask(db, "j_array", &Agreement::j_array, v);
  // json_valid() reads text up to a NUL and does not check its UTF-8: validate() (RFC 8259) decides.
  for (const std::string& v : {"{}\0"s, "{}\0garbage"s, "{\"\xFF\": 1}"s})
    ask(db, "j_object", &Agreement::j_object, v, Rule::check_is_weaker);
}
