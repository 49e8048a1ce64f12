// The legacy round trip, from the user's side: the header was generated from the schemas
// `dorm-gen introspect` wrote for tests/legacy/legacy.sql, unedited, with the first migration
// `dorm-gen migrate --name init` wrote (introspect_and_migrate.cmake, a build step).
// legacy.db is the hand-made database; each test case works on a copy of it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "legacy/models.hpp"

namespace {

const std::string legacy_db = LEGACY_DB;
const std::string work_dir = LEGACY_WORK_DIR;

/// A fresh copy of legacy.db, so each test case starts from the hand-made file.
std::string copy_of_legacy(const std::string& name) {
  const std::string path = work_dir + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::filesystem::copy_file(legacy_db, path);
  return path;
}

/// A new database file built by the generated migrate() (the first migration).
dorm::Database migrated_new_file(const std::string& name) {
  const std::string path = work_dir + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto db = dorm::Database::open(path);
  legacy::migrate(db);
  return db;
}

/// SQLite's column affinity of a declared type (https://sqlite.org/datatype3.html, 3.1): the
/// test's own oracle, independent of dorm's.
std::string affinity(std::string declared) {
  std::transform(declared.begin(), declared.end(), declared.begin(), [](unsigned char c) { return std::toupper(c); });
  if (declared.find("INT") != std::string::npos) return "INTEGER";
  if (declared.find("CHAR") != std::string::npos || declared.find("CLOB") != std::string::npos ||
      declared.find("TEXT") != std::string::npos)
    return "TEXT";
  if (declared.find("BLOB") != std::string::npos || declared.empty()) return "BLOB";
  if (declared.find("REAL") != std::string::npos || declared.find("FLOA") != std::string::npos ||
      declared.find("DOUB") != std::string::npos)
    return "REAL";
  return "NUMERIC";
}

/// What a column declared `type DEFAULT dflt` stores when a row leaves it out, as quote() shows
/// it: SQLite applies the column's affinity to the default (`DEFAULT '0.50'` in a NUMERIC column
/// stores 0.5), so the test stores it in a scratch table rather than guessing.
std::string stored_default(dorm::Database& db, const std::string& type, const std::string& dflt) {
  db.execute_script("CREATE TEMP TABLE default_probe (x " + type + " DEFAULT " + dflt + ", y INTEGER);"
                    "INSERT INTO default_probe (y) VALUES (1)");
  const auto value = db.query_value<std::string>("SELECT quote(x) FROM default_probe");
  db.execute_script("DROP TABLE default_probe");
  return value.value_or("NULL");
}

std::vector<std::string> user_tables(dorm::Database& db) {
  std::vector<std::string> names;
  for (auto& [name] : db.query<std::tuple<std::string>>(
           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
           "AND name <> 'dorm_migrations' ORDER BY name"))
    names.push_back(name);
  return names;
}

/// What SQLite does with each table, as comparable lines: per column its affinity, whether it
/// can hold NULL (an INTEGER PRIMARY KEY never can, whatever is declared), its default as the
/// value it stores, and its key position; every index by uniqueness, partialness and
/// columns; every foreign key with its target column (a bare REFERENCES resolved to the
/// parent's key) and actions.
std::set<std::string> behaviour(dorm::Database& db) {
  std::set<std::string> lines;
  for (const std::string& table : user_tables(db)) {
    const auto columns = db.query<std::tuple<std::string, std::string, std::int64_t, std::optional<std::string>, std::int64_t>>(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", table);
    const bool single_integer_key = std::count_if(columns.begin(), columns.end(), [](const auto& c) { return std::get<4>(c) > 0; }) == 1;
    for (const auto& [name, type, notnull, dflt, pk] : columns) {
      std::string declared = type;
      std::transform(declared.begin(), declared.end(), declared.begin(), [](unsigned char c) { return std::toupper(c); });
      const bool rowid = pk == 1 && single_integer_key && declared == "INTEGER";  // only INTEGER makes a rowid alias
      std::string value = "none";
      if (dflt) value = stored_default(db, type, *dflt);
      lines.insert(table + " column " + name + " " + affinity(type) + (notnull || rowid ? " not null" : " null") +
                   " default " + value + " pk " + std::to_string(pk));
    }
    for (const auto& [index, unique, origin, partial] : db.query<std::tuple<std::string, std::int64_t, std::string, std::int64_t>>(
             "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", table)) {
      std::string line = table + " index unique=" + std::to_string(unique) + " partial=" + std::to_string(partial) +
                         " origin=" + origin;
      for (auto& [column] : db.query<std::tuple<std::optional<std::string>>>(
               "SELECT name FROM pragma_index_info(?) ORDER BY seqno", index))
        line += " " + column.value_or("<expr>");
      lines.insert(line);
    }
    for (const auto& [parent, from, to, on_update, on_delete] :
         db.query<std::tuple<std::string, std::string, std::optional<std::string>, std::string, std::string>>(
             "SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?)", table)) {
      const std::string target =
          to ? *to : db.query_value<std::string>("SELECT name FROM pragma_table_info(?) WHERE pk = 1", parent).value_or("?");
      lines.insert(table + " foreign key " + from + " -> " + parent + "." + target + " on update " + on_update +
                   " on delete " + on_delete);
    }
  }
  return lines;
}

/// Every row of `table` as SQLite's quote() of each column, in key order: exact values and
/// storage classes (2024 and '2024' differ).
std::vector<std::string> dump(dorm::Database& db, const std::string& table) {
  std::string select;
  for (auto& [name] : db.query<std::tuple<std::string>>("SELECT name FROM pragma_table_info(?) ORDER BY cid", table))
    select += (select.empty() ? "" : " || ',' || ") + std::string("quote(\"") + name + "\")";
  std::vector<std::string> rows;
  for (auto& [row] : db.query<std::tuple<std::string>>("SELECT " + select + " FROM \"" + table + "\" ORDER BY 1"))
    rows.push_back(row);
  return rows;
}

/// Reads every row of M from `from` through the typed API and inserts it into `to` the same way.
template <class M>
std::size_t copy_rows(dorm::Database& from, dorm::Database& to) {
  auto rows = from.select<M>().all();
  for (M& row : rows) to.insert(row);
  return rows.size();
}

}  // namespace

TEST_CASE("a new file migrated from the introspected schemas behaves like the legacy database", "[legacy]") {
  auto legacy = dorm::Database::open(copy_of_legacy("compare.db"));
  auto fresh = migrated_new_file("fresh.db");
  const auto have = behaviour(legacy);
  const auto want = behaviour(fresh);
  std::vector<std::string> only_legacy;
  std::vector<std::string> only_fresh;
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(), std::back_inserter(only_legacy));
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(only_fresh));
  CAPTURE(only_legacy, only_fresh);
  CHECK(only_legacy.empty());
  CHECK(only_fresh.empty());
  CHECK(user_tables(legacy) == user_tables(fresh));
}

TEST_CASE("every legacy row reads back through the typed API and writes back unchanged", "[legacy]") {
  auto legacy = dorm::Database::open(copy_of_legacy("read.db"));
  auto fresh = migrated_new_file("copy.db");
  // Parents before children, so every foreign key holds as rows go in.
  std::size_t rows = 0;
  fresh.transaction([&] {
    rows += copy_rows<legacy::Artist>(legacy, fresh);
    rows += copy_rows<legacy::Album>(legacy, fresh);
    rows += copy_rows<legacy::MediaType>(legacy, fresh);
    rows += copy_rows<legacy::Genre>(legacy, fresh);
    rows += copy_rows<legacy::Track>(legacy, fresh);
    rows += copy_rows<legacy::Employee>(legacy, fresh);
    rows += copy_rows<legacy::Customer>(legacy, fresh);
    rows += copy_rows<legacy::Invoice>(legacy, fresh);
    rows += copy_rows<legacy::Playlist>(legacy, fresh);
    rows += copy_rows<legacy::PlaylistTrack>(legacy, fresh);
    rows += copy_rows<legacy::Order>(legacy, fresh);
    rows += copy_rows<legacy::Class>(legacy, fresh);
  });
  CHECK(rows == 36);
  for (const std::string& table : user_tables(legacy)) {
    INFO(table);
    CHECK(dump(fresh, table) == dump(legacy, table));
  }
}

TEST_CASE("the introspected relations load in both directions", "[legacy]") {
  auto db = dorm::Database::open(copy_of_legacy("relations.db"));
  // belongs_to from a `<Parent>Id` column and has_many back.
  const auto album = db.find_or_fail<legacy::Album>(2);
  CHECK(album.artist(db).value().Name == "Accept");
  const auto accept = db.find_or_fail<legacy::Artist>(2);
  CHECK(accept.albums(db).size() == 2);
  // A text key referenced by a text column whose name ends in the key's name.
  const auto track = db.find_or_fail<legacy::Track>(2);
  CHECK(track.genre(db).value().Name == "Metal");
  // The self-reference: a manager and the people who report to them.
  const auto jane = db.find_or_fail<legacy::Employee>(3);
  CHECK(jane.employee(db).value().FirstName == "Nancy");
  CHECK(db.find_or_fail<legacy::Employee>(1).employees(db).size() == 1);
  // The pivot of two foreign keys is a many_to_many both ways.
  CHECK(db.find_or_fail<legacy::Playlist>(1).tracks(db).size() == 3);
  CHECK(db.find_or_fail<legacy::Track>(3).playlists(db).size() == 2);
  // Eager loading over an introspected relation.
  const auto tracks = db.select<legacy::Track>().with(legacy::track.album).all();
  CHECK(tracks.size() == 4);
}

TEST_CASE("a value whose member type differs from its affinity reads back as written", "[legacy]") {
  auto db = dorm::Database::open(copy_of_legacy("values.db"));
  // Hand-made: the integer 2024 in a DATETIME (NUMERIC affinity) column of a text member.
  CHECK(db.find_or_fail<legacy::Employee>(3).HireDate == std::optional<std::string>("2024"));
  legacy::Employee hired{.EmployeeId = 4, .LastName = "Park", .FirstName = "Margaret", .HireDate = "2025"};
  db.insert(hired);
  CHECK(db.find_or_fail<legacy::Employee>(hired.EmployeeId).HireDate == std::optional<std::string>("2025"));
  CHECK(db.find_or_fail<legacy::Invoice>(1).Total == 1.98);
  // DEFAULT '0.50' in a NUMERIC(10,2) column stores 0.5; the introspected default is that number.
  CHECK(db.find_or_fail<legacy::Invoice>(2).Discount == 0.5);
  CHECK(db.find_or_fail<legacy::Customer>(2).Active == false);
}

TEST_CASE("the legacy database adopts the first migration as its baseline", "[legacy]") {
  auto db = dorm::Database::open(copy_of_legacy("adopt.db"));
  legacy::migrate(db);  // records 0001_init as applied: the schema already equals its snapshot
  CHECK(db.query_value<std::string>("SELECT id FROM dorm_migrations") == std::optional<std::string>("0001_init"));
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM \"Track\"") == std::optional<std::int64_t>(4));
  legacy::migrate(db);  // and stays adopted
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM dorm_migrations") == std::optional<std::int64_t>(1));
}
