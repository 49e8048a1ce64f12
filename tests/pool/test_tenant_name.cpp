// Tenant names: which are rejected and why, and the mapping to file names and back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <dorm/tenancy/tenant_name.hpp>

namespace {

// The rule id of the TenantNameError `name` raises ("" when it is accepted).
std::string rule_of(std::string_view name, std::string_view prefix = {}) {
  try {
    (void)dorm::tenant_file_name(name, prefix);
    return "";
  } catch (const dorm::TenantNameError& e) {
    const std::string message = e.what();
    const auto start = message.find("[dorm.tenant_name.");
    const auto end = message.find(']');
    if (start != 0 || end == std::string::npos) return "malformed message: " + message;
    return message.substr(18, end - 18);
  }
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return text;
}

}  // namespace

TEST_CASE("tenant_file_name rejects every unsafe name with the rule it breaks", "[pool][tenant_name]") {
  SECTION("the empty name") { CHECK(rule_of("") == "empty"); }
  SECTION("a name longer than 64 bytes") {
    CHECK(rule_of(std::string(64, 'a')).empty());
    CHECK(rule_of(std::string(65, 'a')) == "too_long");
    CHECK(rule_of(std::string(10000, 'a')) == "too_long");
  }
  SECTION("a NUL byte") {
    CHECK(rule_of(std::string("a\0b", 3)) == "control_byte");
    CHECK(rule_of(std::string("\0", 1)) == "control_byte");
  }
  SECTION("other control bytes") {
    CHECK(rule_of("a\nb") == "control_byte");
    CHECK(rule_of("a\tb") == "control_byte");
    CHECK(rule_of("a\x1f") == "control_byte");
    CHECK(rule_of("a\x7f") == "control_byte");
  }
  SECTION("a path climbing out of the folder") {
    CHECK(rule_of("../x") == "separator");
    CHECK(rule_of("..\\x") == "separator");
    CHECK(rule_of("a/../../etc/passwd") == "separator");
  }
  SECTION("absolute paths") {
    CHECK(rule_of("/etc/passwd") == "absolute_path");
    CHECK(rule_of("\\\\server\\share") == "absolute_path");
    CHECK(rule_of("C:\\Windows") == "absolute_path");
    CHECK(rule_of("c:x") == "absolute_path");
  }
  SECTION("a slash or backslash inside") {
    CHECK(rule_of("a/b") == "separator");
    CHECK(rule_of("a\\b") == "separator");
  }
  SECTION("a colon") {
    CHECK(rule_of("ab:c") == "colon");
    CHECK(rule_of("a:b") == "absolute_path");  // drive-relative on Windows
    CHECK(rule_of("file.db:stream") == "colon");
  }
  SECTION("the directory names . and ..") {
    CHECK(rule_of(".") == "dot_name");
    CHECK(rule_of("..") == "dot_name");
  }
  SECTION("leading or trailing dots") {
    CHECK(rule_of(".hidden") == "edge_dot");
    CHECK(rule_of("name.") == "edge_dot");
    CHECK(rule_of("...") == "edge_dot");
  }
  SECTION("leading or trailing spaces") {
    CHECK(rule_of(" name") == "edge_space");
    CHECK(rule_of("name ") == "edge_space");
    CHECK(rule_of(" ") == "edge_space");
  }
  SECTION("Windows device names in any case, with or without an extension") {
    for (const char* name : {"CON", "con", "Con", "PRN", "aux", "NUL", "nul.tar.gz", "con.txt", "Aux .log", "COM1",
                             "com9", "COM0", "lpt1", "LPT9", "lpt0.x", "CONIN$", "conout$", "COM\xC2\xB9",
                             "lpt\xC2\xB3"}) {
      INFO(name);
      CHECK(rule_of(name) == "reserved");
    }
  }
}

TEST_CASE("names that merely resemble device names are accepted", "[pool][tenant_name]") {
  for (const char* name : {"console", "com10", "lpt", "com", "auxiliary", "nul-1", "xcon", "com1x"}) {
    INFO(name);
    CHECK(rule_of(name).empty());
  }
}

TEST_CASE("a rejected name is quoted with control bytes, quotes and backslashes escaped", "[pool][tenant_name]") {
  try {
    (void)dorm::tenant_file_name(std::string("a\0\"\n", 4));
    FAIL("no exception");
  } catch (const dorm::TenantNameError& e) {
    const std::string message = e.what();
    CHECK(message == "[dorm.tenant_name.control_byte] tenant name \"a\\x00\\\"\\x0A\" contains a NUL byte");
    CHECK(message.find('\0') == std::string::npos);
  }
  try {
    (void)dorm::tenant_file_name(std::string(300, 'x'));
    FAIL("no exception");
  } catch (const dorm::TenantNameError& e) {
    CHECK_THAT(e.what(), Catch::Contains("... (300 bytes)") && Catch::Contains("the limit is 64 bytes"));
  }
}

TEST_CASE("tenant names map to lowercase-safe file names", "[pool][tenant_name]") {
  CHECK(dorm::tenant_file_name("alice") == "alice.db");
  CHECK(dorm::tenant_file_name("tenant_42-x") == "tenant_42-x.db");
  CHECK(dorm::tenant_file_name("Alice") == "%41lice.db");
  CHECK(dorm::tenant_file_name("a b") == "a%20b.db");
  CHECK(dorm::tenant_file_name("a.b") == "a%2Eb.db");
  CHECK(dorm::tenant_file_name("100%") == "100%25.db");
  CHECK(dorm::tenant_file_name("\xC3\xBC") == "%C3%BC.db");
  CHECK(dorm::tenant_file_name("alice", "v2") == "v2.alice.db");
}

TEST_CASE("names differing only in case get files that differ in more than case", "[pool][tenant_name]") {
  const std::vector<std::string> names = {"alice", "Alice", "ALICE", "aLiCe", "alicE", "a%41", "A%41"};
  std::set<std::string> folded;
  for (const auto& name : names) folded.insert(lower(dorm::tenant_file_name(name)));
  CHECK(folded.size() == names.size());
}

TEST_CASE("the longest name with the longest prefix still fits every file name in 255 bytes", "[pool][tenant_name]") {
  const std::string prefix(dorm::max_version_prefix_length, 'v');
  const std::string name(dorm::max_tenant_name_length, '\xFF');  // every byte escaped
  const std::string file = dorm::tenant_file_name(name, prefix);
  CHECK(file.size() + std::string_view("-journal").size() <= 255);
}

TEST_CASE("tenant_name_of_file inverts tenant_file_name exactly", "[pool][tenant_name]") {
  std::vector<std::string> names = {"alice", "Alice", "a b", "a.b", "100%", "%41", "x\xC3\xBC\xFF", "con1x",
                                    std::string(64, 'Z')};
  for (int byte = 0x20; byte < 0x100; ++byte) {
    const std::string name = "n" + std::string(1, static_cast<char>(byte)) + "n";
    if (rule_of(name).empty()) names.push_back(name);
  }
  CHECK(names.size() == 9 + 0xE0 - 4);  // all but '/', ':', '\' and DEL
  for (const std::string prefix : {"", "v2", "2024-01_a"}) {
    for (const auto& name : names) {
      const std::string file = dorm::tenant_file_name(name, prefix);
      INFO(file);
      CHECK(dorm::tenant_name_of_file(file, prefix) == name);
    }
  }
}

TEST_CASE("tenant_name_of_file ignores files that are not tenant databases of the prefix", "[pool][tenant_name]") {
  for (const char* file : {"alice.db-wal", "alice.db-shm", "alice.db-journal", "alice.txt", ".db", "alice",
                           "v2.alice.db", "%61lice.db", "%4a.db", "%4.db", "%.db", "%zz.db", "Alice.db", "con.db",
                           "a b.db", "..db"}) {
    INFO(file);
    CHECK_FALSE(dorm::tenant_name_of_file(file).has_value());
  }
  for (const char* file : {"alice.db", "v3.alice.db", "v2alice.db", "v2..db", "v2.db", "V2.alice.db"}) {
    INFO(file);
    CHECK_FALSE(dorm::tenant_name_of_file(file, "v2").has_value());
  }
}

TEST_CASE("version prefixes are short, lowercase and not device names", "[pool][tenant_name]") {
  CHECK(dorm::tenant_file_name("a", "2024-01_b") == "2024-01_b.a.db");
  for (const char* prefix : {"V2", "v.2", "v/2", "v 2", "con", "LPT1"}) {
    INFO(prefix);
    CHECK(rule_of("a", prefix) == "prefix");
  }
  CHECK(rule_of("a", std::string(33, 'v')) == "prefix");
  CHECK_THROWS_AS(dorm::validate_version_prefix("../x"), dorm::TenantNameError);
  CHECK_NOTHROW(dorm::validate_version_prefix(""));
}
