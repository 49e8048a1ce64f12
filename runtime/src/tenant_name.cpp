#include "dorm/tenancy/tenant_name.hpp"

#include <array>

namespace dorm {

namespace {

constexpr std::string_view file_extension = ".db";
constexpr std::string_view hex_digits = "0123456789ABCDEF";

bool is_literal(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// Windows refuses these as file names whatever follows the first dot ("nul.txt" is the null
// device), and ignores spaces before that dot ("con .txt"). Newer Windows versions added
// COM0/LPT0 and the superscript digits (UTF-8 bytes here).
bool is_device_name(std::string_view text) {
  std::string_view base = text.substr(0, text.find('.'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  static constexpr std::array<std::string_view, 6> plain = {"con", "prn", "aux", "nul", "conin$", "conout$"};
  for (std::string_view device : plain)
    if (equals_ignoring_case(base, device)) return true;
  for (std::string_view port : {std::string_view("com"), std::string_view("lpt")}) {
    if (base.size() < 4 || !equals_ignoring_case(base.substr(0, 3), port)) continue;
    std::string_view digit = base.substr(3);
    if (digit.size() == 1 && digit[0] >= '0' && digit[0] <= '9') return true;
    if (digit == "\xC2\xB9" || digit == "\xC2\xB2" || digit == "\xC2\xB3") return true;
  }
  return false;
}

[[noreturn]] void reject(std::string_view rule, std::string_view what, std::string_view name, std::string_view why) {
  throw TenantNameError("[dorm.tenant_name." + std::string(rule) + "] " + std::string(what) + " " + quote_name(name) +
                        " " + std::string(why));
}

void validate_name(std::string_view name) {
  constexpr std::string_view what = "tenant name";
  if (name.empty()) reject("empty", what, name, "is empty");
  if (name.size() > max_tenant_name_length)
    reject("too_long", what, name,
           "is " + std::to_string(name.size()) + " bytes long; the limit is " +
               std::to_string(max_tenant_name_length) + " bytes (so every file name fits in 255 bytes)");
  for (unsigned char c : name)
    if (is_control(c))
      reject("control_byte", what, name, c == 0 ? "contains a NUL byte" : "contains a control byte");
  const bool drive = name.size() >= 2 && name[1] == ':' && ascii_lower(name[0]) >= 'a' && ascii_lower(name[0]) <= 'z';
  if (name.front() == '/' || name.front() == '\\' || drive)
    reject("absolute_path", what, name, "is an absolute or drive path; a tenant name names one file inside the pool folder");
  if (name.find_first_of("/\\") != std::string_view::npos)
    reject("separator", what, name, "contains a path separator ('/' or '\\')");
  if (name.find(':') != std::string_view::npos)
    reject("colon", what, name, "contains ':' (a drive or alternate data stream on Windows)");
  if (name == "." || name == "..") reject("dot_name", what, name, "is a directory name");
  if (name.front() == '.' || name.back() == '.')
    reject("edge_dot", what, name, "starts or ends with a dot (hidden files; Windows strips trailing dots)");
  if (name.front() == ' ' || name.back() == ' ')
    reject("edge_space", what, name, "starts or ends with a space (Windows strips trailing spaces)");
  if (is_device_name(name))
    reject("reserved", what, name, "is a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, ...)");
}

// The mapped name: literal bytes stay, every other byte is "%XX". Injective, and two results
// never differ only in case: letters outside an escape are lowercase, hex digits uppercase.
std::string map_name(std::string_view name) {
  std::string mapped;
  mapped.reserve(name.size() * 3);
  for (unsigned char c : name) {
    if (is_literal(c)) {
      mapped += static_cast<char>(c);
    } else {
      mapped += '%';
      mapped += hex_digits[c >> 4];
      mapped += hex_digits[c & 0x0F];
    }
  }
  return mapped;
}

std::optional<std::string> unmap_name(std::string_view mapped) {
  std::string name;
  name.reserve(mapped.size());
  for (std::size_t i = 0; i < mapped.size(); ++i) {
    const auto c = static_cast<unsigned char>(mapped[i]);
    if (is_literal(c)) {
      name += static_cast<char>(c);
      continue;
    }
    if (c != '%' || i + 2 >= mapped.size()) return std::nullopt;
    const std::size_t high = hex_digits.find(mapped[i + 1]);
    const std::size_t low = hex_digits.find(mapped[i + 2]);
    if (high == std::string_view::npos || low == std::string_view::npos) return std::nullopt;
    name += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return name;
}

}  // namespace

std::string quote_name(std::string_view text) {
  constexpr std::size_t shown = 80;
  std::string quoted = "\"";
  for (std::size_t i = 0; i < text.size() && i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7E) {
      quoted += "\\x";
      quoted += hex_digits[c >> 4];
      quoted += hex_digits[c & 0x0F];
    } else {
      quoted += static_cast<char>(c);
    }
  }
  quoted += '"';
  if (text.size() > shown) quoted += "... (" + std::to_string(text.size()) + " bytes)";
  return quoted;
}

void validate_version_prefix(std::string_view version_prefix) {
  if (version_prefix.empty()) return;
  constexpr std::string_view what = "version prefix";
  if (version_prefix.size() > max_version_prefix_length)
    reject("prefix", what, version_prefix,
           "is longer than " + std::to_string(max_version_prefix_length) + " bytes");
  for (unsigned char c : version_prefix)
    if (!is_literal(c)) reject("prefix", what, version_prefix, "may only hold a-z, 0-9, '_' and '-'");
  if (is_device_name(version_prefix)) reject("prefix", what, version_prefix, "is a Windows device name");
}

std::string tenant_file_name(std::string_view name, std::string_view version_prefix) {
  validate_version_prefix(version_prefix);
  validate_name(name);
  std::string file;
  if (!version_prefix.empty()) {
    file += version_prefix;
    file += '.';
  }
  file += map_name(name);
  file += file_extension;
  return file;
}

std::optional<std::string> tenant_name_of_file(std::string_view file_name, std::string_view version_prefix) {
  std::string_view rest = file_name;
  if (!version_prefix.empty()) {
    if (rest.size() <= version_prefix.size() || rest.substr(0, version_prefix.size()) != version_prefix ||
        rest[version_prefix.size()] != '.')
      return std::nullopt;
    rest.remove_prefix(version_prefix.size() + 1);
  }
  if (rest.size() <= file_extension.size() || rest.substr(rest.size() - file_extension.size()) != file_extension)
    return std::nullopt;
  rest.remove_suffix(file_extension.size());
  std::optional<std::string> name = unmap_name(rest);
  if (!name) return std::nullopt;
  // Only the canonical spelling counts ("%61" for 'a' is not), so listing inverts the mapping
  // exactly and a hand-made file cannot alias a tenant.
  try {
    if (tenant_file_name(*name, version_prefix) != file_name) return std::nullopt;
  } catch (const TenantNameError&) {
    return std::nullopt;
  }
  return name;
}

}  // namespace dorm
