#include "dorm/server/token_store.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "dorm/server/constant_time.hpp"
#include "dorm/tenancy/tenant_name.hpp"

namespace dorm::server {

namespace {

using Digest = std::array<unsigned char, 32>;

constexpr std::size_t min_secret_length = 16;
constexpr std::size_t max_secret_length = 512;
constexpr std::size_t max_name_length = 64;
constexpr std::string_view digest_prefix = "sha256:";

Digest sha256(std::string_view bytes) {
  Digest digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 || size != digest.size())
    throw Error("[dorm.server.tokens.digest] OpenSSL could not compute a SHA-256 digest");
  return digest;
}

std::string_view as_text(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

bool name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

bool secret_character(char c) {
  return name_character(c) || c == '~' || c == '+' || c == '/' || c == '=';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

// One entry of a token file, or where it failed: "<origin>:<line>: <what>".
class EntryReader {
 public:
  EntryReader(std::string_view origin, std::string_view place) : origin_(origin), place_(place) {}

  [[noreturn]] void fail(std::string_view what) const {
    throw TokenFileError("[dorm.server.tokens.line] " + std::string(origin_) + std::string(place_) + ": " +
                         std::string(what));
  }

  std::string name(std::string_view field) const {
    if (field.empty() || field.size() > max_name_length) fail("a token name is 1-64 characters, not " + std::to_string(field.size()));
    for (char c : field) {
      if (!name_character(c)) fail("the token name '" + printable(field) + "' may hold only letters, digits, '.', '_' and '-'");
    }
    return std::string(field);
  }

  Rights rights(std::string_view field) const {
    if (std::optional<Rights> rights = parse_rights(field)) return *rights;
    fail("unknown rights '" + printable(field) + "' (read-only, read-write or admin)");
  }

  Digest secret(std::string_view field) const {
    if (field.substr(0, digest_prefix.size()) == digest_prefix) {
      const std::string_view hex = field.substr(digest_prefix.size());
      if (hex.size() != 64) fail("a sha256: secret is 64 hex digits, not " + std::to_string(hex.size()) + " characters");
      Digest digest{};
      for (std::size_t i = 0; i < digest.size(); ++i) {
        const int high = hex_value(hex[2 * i]);
        const int low = hex_value(hex[2 * i + 1]);
        if (high < 0 || low < 0) fail("a sha256: secret holds only hex digits");
        digest[i] = static_cast<unsigned char>(high * 16 + low);
      }
      return digest;
    }
    // The secret itself is never quoted back: the message may reach a log.
    if (field.size() < min_secret_length || field.size() > max_secret_length)
      fail("a secret is 16-512 characters (this one has " + std::to_string(field.size()) + ")");
    for (char c : field) {
      if (!secret_character(c)) fail("a secret may hold only letters, digits and . _ ~ + / = -");
    }
    return sha256(field);
  }

  std::string tenant(std::string_view field) const {
    constexpr std::string_view key = "tenant=";
    if (field.substr(0, key.size()) != key) fail("the fourth field is 'tenant=<name>', not '" + printable(field) + "'");
    const std::string_view name = field.substr(key.size());
    try {
      (void)tenant_file_name(name);
    } catch (const TenantNameError& e) {
      fail(std::string("the tenant name is not one dorm::Pool accepts: ") + e.what());
    }
    return std::string(name);
  }

 private:
  // Bytes outside printable ASCII as "\xNN", so the message is safe to print.
  static std::string printable(std::string_view text) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (char c : text.substr(0, 80)) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x7f || c == '\'' || c == '\\') {
        out += "\\x";
        out += digits[byte >> 4];
        out += digits[byte & 0xf];
      } else {
        out += c;
      }
    }
    return out;
  }

  std::string_view origin_;
  std::string_view place_;
};

// Standard base64 (RFC 4648 section 4) with padding; nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int pad = (text[i + 3] == '=' ? 1 : 0) + (text[i + 2] == '=' ? 1 : 0);
    if (pad > 0 && !last) return std::nullopt;
    if (pad == 1 && text[i + 2] == '=') return std::nullopt;
    int bits = 0;
    for (std::size_t k = 0; k < 4 - static_cast<std::size_t>(pad); ++k) {
      const int v = value(text[i + k]);
      if (v < 0) return std::nullopt;
      bits = bits << 6 | v;
    }
    bits <<= 6 * pad;
    out += static_cast<char>((bits >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(bits & 0xff);
  }
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

TokenStore TokenStore::parse(std::string_view text, std::string_view origin) {
  std::vector<Entry> entries;
  std::vector<std::size_t> numbers;  // of each entry's line (or entry in a variable)
  const bool from_variable = !origin.empty() && origin.front() == '$';
  std::size_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = start;
    while (end < text.size() && text[end] != '\n' && !(from_variable && text[end] == ';')) ++end;
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> fields = fields_of(line);
    if (fields.empty() || fields.front().front() == '#') continue;
    const std::string place = from_variable ? " entry " + std::to_string(number) : ":" + std::to_string(number);
    const EntryReader reader(origin, place);
    if (fields.size() < 3 || fields.size() > 4)
      reader.fail("expected 'name rights secret [tenant=<name>]', found " + std::to_string(fields.size()) + " field" +
                  (fields.size() == 1 ? "" : "s"));
    Entry entry;
    entry.token.name = reader.name(fields[0]);
    entry.token.rights = reader.rights(fields[1]);
    entry.digest = reader.secret(fields[2]);
    if (fields.size() == 4) entry.token.tenant = reader.tenant(fields[3]);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const std::string earlier = (from_variable ? "entry " : "line ") + std::to_string(numbers[i]);
      if (entries[i].token.name == entry.token.name)
        throw TokenFileError("[dorm.server.tokens.duplicate] " + std::string(origin) + place + ": the name '" +
                             entry.token.name + "' is already the name of the token on " + earlier);
      if (entries[i].digest == entry.digest)
        throw TokenFileError("[dorm.server.tokens.duplicate] " + std::string(origin) + place + ": token '" +
                             entry.token.name + "' has the secret of token '" + entries[i].token.name + "' (" +
                             earlier + "); each token needs its own");
    }
    entries.push_back(std::move(entry));
    numbers.push_back(number);
  }
  if (entries.empty())
    throw TokenFileError("[dorm.server.tokens.none] " + std::string(origin) + " holds no token");
  return TokenStore(std::move(entries));
}

TokenStore TokenStore::from_file(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0)
    throw TokenFileError("[dorm.server.tokens.unreadable] cannot read the token file '" + path + "': it does not exist");
  if (!S_ISREG(status.st_mode))
    throw TokenFileError("[dorm.server.tokens.unreadable] the token file '" + path + "' is not a regular file");
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    std::ostringstream mode;
    mode << std::oct << (status.st_mode & 0777);
    throw TokenFileError("[dorm.server.tokens.permissions] the token file '" + path + "' has mode " + mode.str() +
                         ": its group or other users could read or change the secrets; run chmod 600 '" + path + "'");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenFileError("[dorm.server.tokens.unreadable] cannot read the token file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

TokenStore TokenStore::from_environment(std::string_view variable) {
  const std::string name(variable);
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0')
    throw TokenFileError("[dorm.server.tokens.none] the environment variable " + name + " is " +
                         (value == nullptr ? "not set" : "empty"));
  return parse(value, "$" + name);
}

std::optional<Token> TokenStore::authenticate(std::string_view authorization) const {
  while (!authorization.empty() && blank(authorization.front())) authorization.remove_prefix(1);
  while (!authorization.empty() && blank(authorization.back())) authorization.remove_suffix(1);
  const std::size_t space = authorization.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = authorization.substr(0, space);
  std::string_view credentials = authorization.substr(space + 1);
  while (!credentials.empty() && blank(credentials.front())) credentials.remove_prefix(1);
  if (credentials.empty()) return std::nullopt;

  std::string_view secret;
  std::optional<std::string_view> user;
  std::optional<std::string> decoded;
  if (same_ignoring_case(scheme, "Bearer")) {
    secret = credentials;
  } else if (same_ignoring_case(scheme, "Basic")) {
    decoded = base64_decode(credentials);
    if (!decoded) return std::nullopt;
    const std::size_t colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    user = std::string_view(*decoded).substr(0, colon);
    secret = std::string_view(*decoded).substr(colon + 1);
  } else {
    return std::nullopt;
  }

  const Digest presented = sha256(secret);
  // Every token is compared, and the match is selected without a branch on the outcome.
  std::size_t match = entries_.size();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    unsigned equal = constant_time_equal(as_text(presented), as_text(entries_[i].digest)) ? 1U : 0U;
    if (user) equal &= constant_time_equal(*user, entries_[i].token.name) ? 1U : 0U;
    const std::size_t mask = 0 - static_cast<std::size_t>(equal);
    match = (i & mask) | (match & ~mask);
  }
  if (match == entries_.size()) return std::nullopt;
  return entries_[match].token;
}

}  // namespace dorm::server
