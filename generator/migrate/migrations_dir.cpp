#include "migrate/migrations_dir.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include <dorm/schema/migrations.hpp>

namespace dorm::migrate {
namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string statements_text(const std::vector<std::string>& statements) {
  std::string out;
  for (const std::string& s : statements) out += s + ";\n";
  return out;
}

/// Follows SQL text line by line far enough to tell whether a line starts inside a string
/// ('...'), a quoted name ("...", `...`, [...]) or a block comment (/* ... */); a doubled quote
/// inside a string reads as leaving and entering it again, which is the same state.
class SqlLexer {
 public:
  [[nodiscard]] bool outside() const noexcept { return close_ == '\0'; }

  /// Advances over one line (without its '\n').
  void read(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (close_ == '*') {
        if (c == '*' && i + 1 < line.size() && line[i + 1] == '/') {
          close_ = '\0';
          ++i;
        }
      } else if (close_ != '\0') {
        if (c == close_) close_ = '\0';
      } else if (c == '-' && i + 1 < line.size() && line[i + 1] == '-') {
        return;  // a line comment
      } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '*') {
        close_ = '*';
        ++i;
      } else if (c == '\'' || c == '"' || c == '`') {
        close_ = c;
      } else if (c == '[') {
        close_ = ']';
      }
    }
  }

 private:
  char close_ = '\0';  ///< the character that ends the current token; '*' for "*/"; '\0' outside
};

}  // namespace

MigrationFile parse_migration(std::string_view text, const std::string& id) {
  MigrationFile m;
  m.id = id;
  enum class Section { header, up, down } section = Section::header;
  bool saw_up = false;
  std::string up;
  std::string down;
  SqlLexer lexer;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string line(text.substr(at, end - at));
    at = end + 1;
    // A marker is a line of its own outside any string, quoted name or comment: a text default
    // or enum value of several lines may hold "-- down" as a line (in a CHECK or DEFAULT).
    if (lexer.outside()) {
      const std::string t = trim(line);
      if (t == "-- up") {
        section = Section::up;
        saw_up = true;
        continue;
      }
      if (t == "-- down") {
        section = Section::down;
        continue;
      }
    }
    if (section == Section::header) {
      const std::string t = trim(line);
      if (t.starts_with("-- follows:")) {
        m.follows = trim(t.substr(11));
        if (m.follows == "none") m.follows.clear();
      } else if (t.starts_with("-- foreign-keys:")) {
        m.needs_foreign_keys_off = trim(t.substr(16)) == "off";
      }
      continue;
    }
    lexer.read(line);
    // CRLF line ends become LF, but a CR inside a literal is the literal's.
    if (lexer.outside() && !line.empty() && line.back() == '\r') line.pop_back();
    (section == Section::up ? up : down) += line + '\n';
  }
  if (!saw_up) throw std::runtime_error(id + ".sql: a migration needs an '-- up' line before its SQL");
  m.up_sql = trim(up);
  m.down_sql = trim(down);
  return m;
}

std::vector<MigrationFile> read_migrations(const std::filesystem::path& dir) {
  std::vector<MigrationFile> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::filesystem::path& path = entry.path();
    if (path.extension() != ".sql") continue;
    const std::string id = path.stem().string();
    // <digits>_<letters, digits, '_' or '-'>, as a loop: std::regex recursed once per character.
    const std::size_t digits = static_cast<std::size_t>(
        std::find_if(id.begin(), id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) == 0; }) -
        id.begin());
    const auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; };
    if (digits == 0 || digits + 1 >= id.size() || id[digits] != '_' ||
        !std::all_of(id.begin() + static_cast<std::ptrdiff_t>(digits) + 1, id.end(), is_name_char)) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    MigrationFile m = parse_migration(text.str(), id);
    const auto [end, error] = std::from_chars(id.data(), id.data() + digits, m.number);
    if (error != std::errc() || end != id.data() + digits)
      throw std::runtime_error(path.string() + ": migration number " + id.substr(0, digits) + " is too large (at most " +
                               std::to_string(std::numeric_limits<int>::max()) + ")");
    m.sql_path = path;
    m.snapshot_path = dir / (id + ".snapshot.json");
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const MigrationFile& a, const MigrationFile& b) {
    return a.number != b.number ? a.number < b.number : a.id < b.id;
  });
  return out;
}

std::vector<std::string> find_conflicts(const std::vector<MigrationFile>& migrations) {
  std::vector<std::string> messages;
  std::map<std::string, const MigrationFile*> child_of;
  std::map<int, const MigrationFile*> by_number;
  for (const MigrationFile& m : migrations) {
    const std::string parent = m.follows.empty() ? "(none)" : m.follows;
    if (auto [it, fresh] = child_of.emplace(parent, &m); !fresh) {
      messages.push_back("migrations " + it->second->sql_path.filename().string() + " and " +
                         m.sql_path.filename().string() + " both follow " + parent +
                         " (two branches were made from the same snapshot); delete the newer one and rerun "
                         "'dorm-gen migrate' on the merged schema");
    } else if (auto [nit, nfresh] = by_number.emplace(m.number, &m); !nfresh) {
      messages.push_back("migrations " + nit->second->sql_path.filename().string() + " and " +
                         m.sql_path.filename().string() + " have the same number");
    }
  }
  return messages;
}

std::string render_migration(const std::string& id, const std::string& follows, const MigrationPlan& plan) {
  std::string out = "-- dorm migration " + id + "\n";
  out += "-- follows: " + (follows.empty() ? std::string("none") : follows) + '\n';
  out += std::string("-- foreign-keys: ") + (plan.needs_foreign_keys_off ? "off" : "on") + '\n';
  out += "-- changes:\n";
  for (const std::string& c : plan.changes) out += "--   " + c + '\n';
  out += "\n-- up\n" + statements_text(plan.up);
  out += "\n-- down\n" + statements_text(plan.down);
  return out;
}

}  // namespace dorm::migrate
