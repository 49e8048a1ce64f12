// dorm::server::TokenStore: the token file format, its errors, the environment variable, and
// authenticate() for Bearer and Basic credentials, compared in constant time.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <dorm/server/constant_time.hpp>
#include <dorm/server/token_store.hpp>

#include "../temp_dir.hpp"

namespace {

using dorm::server::Rights;
using dorm::server::TokenFileError;
using dorm::server::TokenStore;

constexpr const char* three_tokens =
    "# dorm-serve tokens\n"
    "\n"
    "reader   read-only   reader-secret-000001\n"
    "  # an indented comment\n"
    "writer\tread-write  writer-secret-000002   tenant=acme\r\n"
    "ops      admin       sha256:7b924d7228bdd932d095923768d5e1a21b1988aa8fa1f87e29ee1e3804e8828b\n";

std::string base64(const std::string& bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned bits = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) bits |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) bits |= static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(bits >> 18) & 63];
    out += alphabet[(bits >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(bits >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[bits & 63] : '=';
  }
  return out;
}

/// The message of the TokenFileError parsing `text` throws.
std::string parse_error(const std::string& text) {
  try {
    (void)TokenStore::parse(text, "tokens.txt");
  } catch (const TokenFileError& e) {
    return e.what();
  }
  FAIL("the tokens were accepted");
  return {};
}

std::string write_file(const dorm_test::TempDir& dir, const std::string& text, mode_t mode) {
  const std::string path = dir.file("tokens.txt");
  std::ofstream(path) << text;
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  return path;
}

}  // namespace

TEST_CASE("a Bearer secret authenticates its token with the token's name, rights and tenant", "[server][auth]") {
  const TokenStore store = TokenStore::parse(three_tokens, "tokens.txt");
  CHECK(store.size() == 3);
  const auto reader = store.authenticate("Bearer reader-secret-000001");
  REQUIRE(reader);
  CHECK(reader->name == "reader");
  CHECK(reader->rights == Rights::read_only);
  CHECK_FALSE(reader->tenant);
  const auto writer = store.authenticate("Bearer writer-secret-000002");
  REQUIRE(writer);
  CHECK(writer->rights == Rights::read_write);
  CHECK(writer->tenant == "acme");
  const auto ops = store.authenticate("Bearer sha-form-secret-0001");
  REQUIRE(ops);
  CHECK(ops->name == "ops");
  CHECK(ops->rights == Rights::admin);
}

TEST_CASE("the scheme name is read in any case and blanks around the credentials are skipped", "[server][auth]") {
  const TokenStore store = TokenStore::parse(three_tokens, "tokens.txt");
  CHECK(store.authenticate("bearer reader-secret-000001"));
  CHECK(store.authenticate("BEARER   reader-secret-000001  "));
  CHECK(store.authenticate("basic " + base64("reader:reader-secret-000001")));
}

TEST_CASE("a wrong, partial, empty or unknown credential authenticates nothing", "[server][auth]") {
  const TokenStore store = TokenStore::parse(three_tokens, "tokens.txt");
  CHECK_FALSE(store.authenticate(""));
  CHECK_FALSE(store.authenticate("Bearer"));
  CHECK_FALSE(store.authenticate("Bearer "));
  CHECK_FALSE(store.authenticate("reader-secret-000001"));
  CHECK_FALSE(store.authenticate("Bearer reader-secret-00000"));
  CHECK_FALSE(store.authenticate("Bearer reader-secret-0000011"));
  CHECK_FALSE(store.authenticate("Bearer READER-SECRET-000001"));
  CHECK_FALSE(store.authenticate("Token reader-secret-000001"));
  // The sha256: form is how the file stores a secret, not a secret itself.
  CHECK_FALSE(store.authenticate("Bearer sha256:7b924d7228bdd932d095923768d5e1a21b1988aa8fa1f87e29ee1e3804e8828b"));
}

TEST_CASE("Basic credentials authenticate with the token's name as user and its secret as password",
          "[server][auth]") {
  const TokenStore store = TokenStore::parse(three_tokens, "tokens.txt");
  const auto ops = store.authenticate("Basic " + base64("ops:sha-form-secret-0001"));
  REQUIRE(ops);
  CHECK(ops->name == "ops");
  CHECK_FALSE(store.authenticate("Basic " + base64("writer:reader-secret-000001")));
  CHECK_FALSE(store.authenticate("Basic " + base64(":reader-secret-000001")));
  CHECK_FALSE(store.authenticate("Basic " + base64("reader")));
  CHECK_FALSE(store.authenticate("Basic not*base64"));
  CHECK_FALSE(store.authenticate("Basic " + base64("reader:reader-secret-000001").substr(1)));
}

TEST_CASE("authenticate compares through constant_time_equal with every token, without stopping at a match",
          "[server][auth]") {
  const TokenStore store = TokenStore::parse(three_tokens, "tokens.txt");
  for (const std::string header : {"Bearer reader-secret-000001", "Bearer sha-form-secret-0001", "Bearer wrong-secret-0000001"}) {
    const auto before = dorm::server::constant_time_comparisons();
    (void)store.authenticate(header);
    INFO(header);
    CHECK(dorm::server::constant_time_comparisons() - before == store.size());
  }
  // Basic compares the user name too, also in constant time.
  const auto before = dorm::server::constant_time_comparisons();
  CHECK(store.authenticate("Basic " + base64("reader:reader-secret-000001")));
  CHECK(dorm::server::constant_time_comparisons() - before == 2 * store.size());
}

TEST_CASE("a bad token line is an error naming the file and line", "[server][auth]") {
  CHECK(parse_error("reader read-only\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: expected 'name rights secret [tenant=<name>]', found 2 fields");
  CHECK(parse_error("# c\nreader read-only reader-secret-000001 tenant=acme extra\n") ==
        "[dorm.server.tokens.line] tokens.txt:2: expected 'name rights secret [tenant=<name>]', found 5 fields");
  CHECK(parse_error("reader readonly reader-secret-000001\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: unknown rights 'readonly' (read-only, read-write or admin)");
  CHECK(parse_error("re/ader read-only reader-secret-000001\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: the token name 're/ader' may hold only letters, digits, '.', '_' and '-'");
  CHECK(parse_error(std::string(65, 'n') + " read-only reader-secret-000001\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: a token name is 1-64 characters, not 65");
  CHECK(parse_error("\n\nreader read-only short\n") ==
        "[dorm.server.tokens.line] tokens.txt:3: a secret is 16-512 characters (this one has 5)");
  CHECK(parse_error("reader read-only sha256:abc\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: a sha256: secret is 64 hex digits, not 3 characters");
  CHECK(parse_error("reader read-only sha256:" + std::string(63, 'a') + "g\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: a sha256: secret holds only hex digits");
  CHECK(parse_error("reader read-only reader-secret-0000\"1 tenant=acme\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: a secret may hold only letters, digits and . _ ~ + / = -");
  CHECK(parse_error("reader read-only reader-secret-000001 acme\n") ==
        "[dorm.server.tokens.line] tokens.txt:1: the fourth field is 'tenant=<name>', not 'acme'");
  CHECK_THAT(parse_error("reader read-only reader-secret-000001 tenant=..\n"),
             Catch::StartsWith("[dorm.server.tokens.line] tokens.txt:1: the tenant name is not one dorm::Pool accepts: "
                               "[dorm.tenant_name."));
  CHECK_THAT(parse_error("reader read-only reader-secret-000001 tenant=\n"),
             Catch::StartsWith("[dorm.server.tokens.line] tokens.txt:1: the tenant name is not one dorm::Pool accepts"));
}

TEST_CASE("a token line error never quotes the secret", "[server][auth]") {
  const std::string message = parse_error("reader read-only reader-secret-0000\x01x\n");
  CHECK(message.find("reader-secret") == std::string::npos);
}

TEST_CASE("two tokens with one name or one secret are an error naming both lines", "[server][auth]") {
  CHECK(parse_error("a read-only secret-number-000001\nb admin secret-number-000002\na admin secret-number-000003\n") ==
        "[dorm.server.tokens.duplicate] tokens.txt:3: the name 'a' is already the name of the token on line 1");
  CHECK(parse_error("a read-only sha-form-secret-0001\n"
                    "b admin sha256:7b924d7228bdd932d095923768d5e1a21b1988aa8fa1f87e29ee1e3804e8828b\n") ==
        "[dorm.server.tokens.duplicate] tokens.txt:2: token 'b' has the secret of token 'a' (line 1); each token "
        "needs its own");
}

TEST_CASE("tokens holding no token are an error", "[server][auth]") {
  CHECK(parse_error("# only a comment\n\n") == "[dorm.server.tokens.none] tokens.txt holds no token");
  CHECK(parse_error("") == "[dorm.server.tokens.none] tokens.txt holds no token");
}

TEST_CASE("a token file only its owner can read is loaded", "[server][auth]") {
  const dorm_test::TempDir dir("dorm_tokens");
  const TokenStore store = TokenStore::from_file(write_file(dir, three_tokens, 0600));
  CHECK(store.size() == 3);
  CHECK(TokenStore::from_file(write_file(dir, three_tokens, 0400)).authenticate("Bearer writer-secret-000002"));
}

TEST_CASE("a token file its group or others can read or write is refused with the fix", "[server][auth]") {
  const dorm_test::TempDir dir("dorm_tokens");
  for (mode_t mode : {0644, 0640, 0604, 0602, 0620}) {
    const std::string path = write_file(dir, three_tokens, mode);
    try {
      (void)TokenStore::from_file(path);
      FAIL("mode " << std::oct << mode << " was accepted");
    } catch (const TokenFileError& e) {
      CHECK_THAT(e.what(), Catch::StartsWith("[dorm.server.tokens.permissions] the token file '" + path + "' has mode "));
      CHECK_THAT(e.what(), Catch::EndsWith("run chmod 600 '" + path + "'"));
    }
  }
}

TEST_CASE("a missing token file, or a folder in its place, is an error naming it", "[server][auth]") {
  const dorm_test::TempDir dir("dorm_tokens");
  CHECK_THROWS_WITH(TokenStore::from_file(dir.file("none.txt")),
                    "[dorm.server.tokens.unreadable] cannot read the token file '" + dir.file("none.txt") +
                        "': it does not exist");
  std::filesystem::create_directory(dir.file("folder"));
  std::filesystem::permissions(dir.file("folder"), std::filesystem::perms::owner_all);
  CHECK_THROWS_WITH(TokenStore::from_file(dir.file("folder")),
                    "[dorm.server.tokens.unreadable] the token file '" + dir.file("folder") + "' is not a regular file");
}

TEST_CASE("tokens come from an environment variable, separated by ';' or new lines, errors naming the entry",
          "[server][auth]") {
  REQUIRE(::setenv("DORM_TEST_TOKENS", "reader read-only reader-secret-000001; ops admin ops-secret-000000003\n"
                                       "writer read-write writer-secret-000002 tenant=acme", 1) == 0);
  const TokenStore store = TokenStore::from_environment("DORM_TEST_TOKENS");
  CHECK(store.size() == 3);
  CHECK(store.authenticate("Bearer ops-secret-000000003")->rights == Rights::admin);
  CHECK(store.authenticate("Bearer writer-secret-000002")->tenant == "acme");

  REQUIRE(::setenv("DORM_TEST_TOKENS", "reader read-only reader-secret-000001;ops admin", 1) == 0);
  CHECK_THROWS_WITH(TokenStore::from_environment("DORM_TEST_TOKENS"),
                    "[dorm.server.tokens.line] $DORM_TEST_TOKENS entry 2: expected 'name rights secret "
                    "[tenant=<name>]', found 2 fields");
  REQUIRE(::setenv("DORM_TEST_TOKENS", "", 1) == 0);
  CHECK_THROWS_WITH(TokenStore::from_environment("DORM_TEST_TOKENS"),
                    "[dorm.server.tokens.none] the environment variable DORM_TEST_TOKENS is empty");
  REQUIRE(::unsetenv("DORM_TEST_TOKENS") == 0);
  CHECK_THROWS_WITH(TokenStore::from_environment("DORM_TEST_TOKENS"),
                    "[dorm.server.tokens.none] the environment variable DORM_TEST_TOKENS is not set");
}
