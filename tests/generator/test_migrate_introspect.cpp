// Introspection: a database becomes JSON Schema files, and those files, generated again, build
// a database of the same shape (tables, columns, keys, uniques, indexes, foreign keys).

#include <dorm/core/affinity.hpp>
#include <dorm/schema/schema_shape.hpp>
#include <nlohmann/json.hpp>

#include "emit/sql_ddl.hpp"
#include "migrate/introspect.hpp"
#include "migrate/schema_files.hpp"
#include "ir/relations.hpp"
#include "frontend/json/json_schema_reader.hpp"

#include <map>
#include <memory>
#include <tuple>
#include "migrate_support.hpp"

using namespace dorm::migrate;

namespace {

/// The shape of a fresh database created from `schema` by the generator's own DDL.
std::vector<std::string> shape_of_generated(const dorm::ir::Schema& schema) {
  auto db = dorm::Database::open(":memory:");
  for (const auto& t : schema.tables)
    for (const auto& sql : dorm::emit::create_statements(t)) db.execute_script(sql);
  return dorm::schema_shape(db).lines;
}

/// Introspects `db`, reads the JSON Schema files back through the JSON front end.
dorm::ir::Schema round_trip(dorm::Database& db, std::vector<std::string>& skipped) {
  const auto schema = read_database(db, skipped);
  std::vector<std::string> texts;
  for (const auto& file : schema_files(schema)) texts.push_back(file.content);
  return migrate_test::schema_of(texts);
}

}  // namespace

TEST_CASE("introspecting the blog database and generating it again gives the same schema", "[generator][introspect]") {
  std::vector<std::string> texts;
  for (const char* name : {"users", "posts", "comments", "tags"}) {
    std::ifstream in(std::string(DORM_SOURCE_DIR) + "/schemas/blog/" + name + ".json");
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto blog = migrate_test::schema_of(texts);
  auto db = dorm::Database::open(":memory:");
  for (const auto& t : blog.tables)
    for (const auto& sql : dorm::emit::create_statements(t)) db.execute_script(sql);
  std::vector<std::string> skipped;
  const auto again = round_trip(db, skipped);
  CHECK(skipped.empty());
  CHECK(again.tables.size() == blog.tables.size());
  CHECK(shape_of_generated(again) == dorm::schema_shape(db).lines);
}

TEST_CASE("a hand-written database with composite keys, self-references and indexes round-trips", "[generator][introspect]") {
  auto db = dorm::Database::open(":memory:");
  db.execute_script(R"(
    CREATE TABLE org (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name VARCHAR(80) NOT NULL UNIQUE,
      parent_id BIGINT REFERENCES org (id) ON DELETE SET NULL,
      active BOOLEAN NOT NULL DEFAULT 1,
      budget DECIMAL(10, 2) DEFAULT 0.5,
      logo BLOB,
      note TEXT DEFAULT 'it''s',
      created DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP)
    );
    CREATE TABLE membership (
      org_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
      person TEXT NOT NULL,
      role TEXT NOT NULL DEFAULT 'member',
      since TEXT,
      PRIMARY KEY (org_id, person),
      UNIQUE (person, role)
    );
    CREATE INDEX membership_by_role ON membership (role, since);
    CREATE UNIQUE INDEX org_by_parent_name ON org (parent_id, name);
    CREATE INDEX partial_since ON membership (since) WHERE since IS NOT NULL;
  )");
  std::vector<std::string> skipped;
  const auto schema = round_trip(db, skipped);
  CHECK(skipped == std::vector<std::string>{"partial index partial_since on membership"});

  const auto* membership = schema.find_table("membership");
  REQUIRE(membership != nullptr);
  CHECK(membership->primary_key == std::vector<std::string>{"org_id", "person"});
  REQUIRE(membership->uniques.size() == 1);
  CHECK(membership->uniques[0].columns == std::vector<std::string>{"person", "role"});
  const auto* org = schema.find_table("org");
  REQUIRE(org != nullptr);
  CHECK(org->find_column("parent_id")->references->table == "org");
  CHECK(org->find_column("parent_id")->references->on_delete == "SET NULL");
  CHECK(org->find_column("active")->cpp_type == dorm::ir::CppType::boolean);
  CHECK(org->find_column("budget")->storage == dorm::ir::Storage::numeric);  // DECIMAL: NUMERIC affinity
  CHECK(org->find_column("logo")->storage == dorm::ir::Storage::blob);
  CHECK(org->find_column("note")->default_value->value == "it's");
  CHECK(org->find_column("created")->default_value->kind == dorm::ir::DefaultValue::Kind::sql_expression);
  CHECK(org->find_column("id")->auto_increment);

  // Declared types differ (VARCHAR(80) vs TEXT), so compare what the types mean: regenerate
  // from the introspected schema twice and compare with the original on everything but types.
  db.execute_script("DROP INDEX partial_since");
  auto strip_types = [](std::vector<std::string> lines) {
    for (auto& l : lines) {
      if (l.find(" column ") == std::string::npos) continue;
      // "<table> column <name> <AFFINITY>..." -> drop <AFFINITY>
      const auto type_start = l.find(' ', l.find(" column ") + 8);
      const auto type_end = l.find(' ', type_start + 1);
      l.erase(type_start, type_end == std::string::npos ? std::string::npos : type_end - type_start);
    }
    return lines;
  };
  const auto regenerated = shape_of_generated(schema);
  CHECK(strip_types(regenerated) == strip_types(dorm::schema_shape(db).lines));
  // And generated once more from its own introspection, the shape is a fixed point.
  auto db2 = dorm::Database::open(":memory:");
  for (const auto& t : schema.tables)
    for (const auto& sql : dorm::emit::create_statements(t)) db2.execute_script(sql);
  std::vector<std::string> skipped2;
  CHECK(shape_of_generated(round_trip(db2, skipped2)) == regenerated);
}

TEST_CASE("introspection turns foreign keys into relations whose names clash with nothing", "[generator][introspect]") {
  auto db = dorm::Database::open(":memory:");
  db.execute_script(R"(
    CREATE TABLE "Artist" ("ArtistId" INTEGER NOT NULL PRIMARY KEY, "Name" NVARCHAR(120));
    CREATE TABLE "Album" ("AlbumId" INTEGER NOT NULL PRIMARY KEY, "Title" NVARCHAR(160) NOT NULL,
                          "ArtistId" INTEGER NOT NULL REFERENCES "Artist" ("ArtistId"));
    CREATE TABLE "Employee" ("EmployeeId" INTEGER NOT NULL PRIMARY KEY, "LastName" NVARCHAR(20) NOT NULL,
                             "ReportsTo" INTEGER REFERENCES "Employee" ("EmployeeId"));
    CREATE TABLE "Customer" ("CustomerId" INTEGER PRIMARY KEY, "SupportRepId" INTEGER REFERENCES "Employee" ("EmployeeId"));
    CREATE TABLE "Track" ("TrackId" INTEGER PRIMARY KEY, "Name" TEXT NOT NULL, "AlbumId" INTEGER REFERENCES "Album" ("AlbumId"));
    CREATE TABLE "Playlist" ("PlaylistId" INTEGER PRIMARY KEY, "Name" TEXT);
    CREATE TABLE "PlaylistTrack" ("PlaylistId" INTEGER NOT NULL REFERENCES "Playlist" ("PlaylistId"),
                                  "TrackId" INTEGER NOT NULL REFERENCES "Track" ("TrackId"),
                                  PRIMARY KEY ("PlaylistId", "TrackId"));
    CREATE TABLE "Order" ("id" INTEGER PRIMARY KEY, "group" TEXT, "select" TEXT);
    CREATE TABLE "class" ("id" INTEGER PRIMARY KEY, "delete" INTEGER, "namespace" TEXT);
    CREATE TABLE "UserAccount" ("id" INTEGER PRIMARY KEY, "user name" TEXT);
    CREATE TABLE "user_account" ("id" INTEGER PRIMARY KEY, "UserAccountId" INTEGER REFERENCES "UserAccount" ("id"));
    CREATE TABLE "2fa codes" ("code" TEXT NOT NULL PRIMARY KEY, "owner" INTEGER NOT NULL UNIQUE REFERENCES "user_account" ("id"));
    CREATE TABLE "messages" ("id" INTEGER PRIMARY KEY, "sender_id" INTEGER REFERENCES "user_account" ("id"),
                             "recipient_id" INTEGER REFERENCES "user_account" ("id"));
    CREATE TABLE "friendships" ("user_id" INTEGER NOT NULL REFERENCES "user_account" ("id"),
                                "friend_id" INTEGER NOT NULL REFERENCES "user_account" ("id"),
                                PRIMARY KEY ("user_id", "friend_id"));
    CREATE TABLE "books" ("isbn" TEXT NOT NULL PRIMARY KEY, "title" TEXT NOT NULL);
    CREATE TABLE "loans" ("id" INTEGER PRIMARY KEY, "book_isbn" TEXT NOT NULL REFERENCES "books" ("isbn"), "book" TEXT);
    CREATE TABLE "migrations" ("id" INTEGER PRIMARY KEY);
  )");
  std::vector<std::string> skipped;
  dorm::ir::Schema introspected = read_database(db, skipped);
  dorm::ir::infer_relations_from_foreign_keys(introspected);
  std::vector<std::string> texts;
  for (const auto& file : schema_files(introspected)) texts.push_back(file.content);

  // Read back as `dorm-gen generate` reads the files: no error and no warning.
  dorm::ir::Schema schema;
  dorm::ir::Diagnostics diags;
  for (std::size_t i = 0; i < texts.size(); ++i) dorm::frontend::json::read_schema_text(texts[i], "t.json", schema, diags);
  dorm::ir::resolve_relations(schema);
  dorm::ir::assign_names(schema);
  dorm::ir::validate(schema, diags);
  CHECK(diags.str() == "");
  CHECK(skipped.empty());

  using Kind = dorm::ir::Relation::Kind;
  // name, kind, target, foreign key (or pivot foreign key), local key (or pivot related key)
  using Row = std::tuple<std::string, Kind, std::string, std::string, std::string>;
  const auto relations_of = [&](std::string_view table) {
    std::vector<Row> out;
    const dorm::ir::Table* t = schema.find_table(table);
    REQUIRE(t != nullptr);
    for (const auto& r : t->relations) {
      CHECK_FALSE(r.inferred);  // every one was written into the file
      const bool pivot = r.kind == Kind::many_to_many;
      out.emplace_back(r.name, r.kind, r.target, pivot ? r.pivot_foreign_key : r.foreign_key,
                       pivot ? r.pivot_related_key : r.local_key);
    }
    return out;
  };
  CHECK(relations_of("Album") == std::vector<Row>{{"artist", Kind::belongs_to, "Artist", "ArtistId", "ArtistId"},
                                                  {"tracks", Kind::has_many, "Track", "AlbumId", "AlbumId"}});
  CHECK(relations_of("Artist") == std::vector<Row>{{"albums", Kind::has_many, "Album", "ArtistId", "ArtistId"}});
  // A self-reference: both directions, distinct names.
  CHECK(relations_of("Employee") == std::vector<Row>{{"employee", Kind::belongs_to, "Employee", "ReportsTo", "EmployeeId"},
                                                     {"customers", Kind::has_many, "Customer", "SupportRepId", "EmployeeId"},
                                                     {"employees", Kind::has_many, "Employee", "ReportsTo", "EmployeeId"}});
  CHECK(relations_of("Customer") == std::vector<Row>{{"support_rep", Kind::belongs_to, "Employee", "SupportRepId", "EmployeeId"}});
  // A primary key of two foreign keys: a pivot, with a many_to_many on each parent.
  CHECK(relations_of("Playlist") == std::vector<Row>{{"playlist_tracks", Kind::has_many, "PlaylistTrack", "PlaylistId", "PlaylistId"},
                                                     {"tracks", Kind::many_to_many, "Track", "PlaylistId", "TrackId"}});
  CHECK(relations_of("Track") == std::vector<Row>{{"album", Kind::belongs_to, "Album", "AlbumId", "AlbumId"},
                                                  {"playlist_tracks", Kind::has_many, "PlaylistTrack", "TrackId", "TrackId"},
                                                  {"playlists", Kind::many_to_many, "Playlist", "TrackId", "PlaylistId"}});
  CHECK(schema.find_table("Track")->relations[2].pivot == "PlaylistTrack");
  // A unique key gives has_one; two keys to one parent give two has_many; a self pivot both ways.
  CHECK(relations_of("user_account") ==
        std::vector<Row>{{"user_account", Kind::belongs_to, "UserAccount", "UserAccountId", "id"},
                         {"2fa_code", Kind::has_one, "2fa codes", "owner", "id"},
                         {"friendships_as_user", Kind::has_many, "friendships", "user_id", "id"},
                         {"friendships_as_friend", Kind::has_many, "friendships", "friend_id", "id"},
                         {"messages_as_sender", Kind::has_many, "messages", "sender_id", "id"},
                         {"messages_as_recipient", Kind::has_many, "messages", "recipient_id", "id"},
                         {"friends", Kind::many_to_many, "user_account", "user_id", "friend_id"},
                         {"users", Kind::many_to_many, "user_account", "friend_id", "user_id"}});
  CHECK(relations_of("2fa codes") == std::vector<Row>{{"user_account", Kind::belongs_to, "user_account", "owner", "id"}});
  // `book` is a column, so the belongs_to of book_isbn takes the next free name.
  CHECK(relations_of("loans") == std::vector<Row>{{"book_2", Kind::belongs_to, "books", "book_isbn", "isbn"}});
  CHECK(relations_of("books") == std::vector<Row>{{"loans", Kind::has_many, "loans", "book_isbn", "isbn"}});
  CHECK(relations_of("Order").empty());

  // The C++ names: struct and object differ, two tables of one spelling are told apart.
  CHECK(schema.find_table("Artist")->cpp_name == "Artist");
  CHECK(schema.find_table("Artist")->object_name == "artist");
  CHECK(schema.find_table("UserAccount")->object_name == "user_account");
  CHECK(schema.find_table("user_account")->cpp_name == "UserAccount2");
  CHECK(schema.find_table("user_account")->object_name == "user_account_2");
  CHECK(schema.find_table("migrations")->object_name == "migrations_2");
  CHECK(schema.find_table("class")->object_name == "class_");
}

TEST_CASE("every column keeps its affinity from introspection through generating a new database", "[generator][introspect]") {
  auto legacy = dorm::Database::open(":memory:");
  legacy.execute_script(R"(
    CREATE TABLE invoices (
      invoice_id INTEGER NOT NULL PRIMARY KEY,
      billing_city NVARCHAR(160),
      total NUMERIC(10,2) NOT NULL,
      invoice_date DATETIME NOT NULL,
      due_on DATE,
      paid BOOLEAN,
      rate DOUBLE,
      scan BLOB,
      anything,
      amount DECIMAL(10,5),
      stamp TIMESTAMP,
      code STRING,
      big BIGINT,
      ratio FLOATING POINT,
      note CLOB,
      fee MONEY
    ))");
  std::vector<std::string> skipped;
  const auto files = schema_files(read_database(legacy, skipped));
  REQUIRE(files.size() == 1);
  const auto json = nlohmann::json::parse(files[0].content);
  const auto& properties = json.at("properties");
  CHECK(properties.at("invoice_date") == nlohmann::json::parse(R"({"type": "string", "x-dorm-affinity": "numeric"})"));
  CHECK(properties.at("total") == nlohmann::json::parse(R"({"type": "number", "x-dorm-affinity": "numeric"})"));
  CHECK(properties.at("paid") == nlohmann::json::parse(R"({"type": "boolean", "x-dorm-affinity": "numeric"})"));
  CHECK(properties.at("rate") == nlohmann::json::parse(R"({"type": "number"})"));
  CHECK(properties.at("billing_city") == nlohmann::json::parse(R"({"type": "string"})"));
  CHECK(properties.at("anything") == nlohmann::json::parse(R"({"type": "string", "x-dorm-affinity": "blob"})"));
  CHECK(properties.at("scan") == nlohmann::json::parse(R"({"type": "string", "contentEncoding": "base64"})"));
  const auto numeric_string = nlohmann::json::parse(R"({"type": "string", "x-dorm-affinity": "numeric"})");
  const auto numeric_number = nlohmann::json::parse(R"({"type": "number", "x-dorm-affinity": "numeric"})");
  for (const char* name : {"due_on", "stamp", "code"}) CHECK(properties.at(name) == numeric_string);
  for (const char* name : {"amount", "fee"}) CHECK(properties.at(name) == numeric_number);
  CHECK(properties.at("big") == nlohmann::json::parse(R"({"type": "integer"})"));
  CHECK(properties.at("ratio") == nlohmann::json::parse(R"({"type": "integer"})"));  // FLOATING POINT has "INT"
  CHECK(properties.at("note") == nlohmann::json::parse(R"({"type": "string"})"));

  const auto schema = migrate_test::schema_of({files[0].content});
  auto fresh = dorm::Database::open(":memory:");
  for (const auto& sql : dorm::emit::create_statements(schema.tables.at(0))) fresh.execute_script(sql);

  // By SQLite's rule on the declared types...
  auto affinities = [](dorm::Database& db) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, type] :
         db.query<std::tuple<std::string, std::string>>("SELECT name, type FROM pragma_table_info('invoices')"))
      out.emplace_back(name, dorm::affinity_name(dorm::affinity_of(type)));
    return out;
  };
  const auto before = affinities(legacy);
  CHECK(before.size() == 16);
  CHECK(affinities(fresh) == before);
  // ... and by what SQLite stores: the same values, stored in both, have the same storage classes.
  const std::string values = "(1, '12', '12', '12', '1.5', '12', '1.5', 12, '12', '1.0', '2024-01-31', '007', '12', "
                             "'1.5', 12, '12')";
  std::string signature = "SELECT ";
  for (const auto& [name, affinity] : before) signature += (signature.size() > 7 ? " || ',' || typeof(" : "typeof(") + name + ')';
  signature += " FROM invoices";
  legacy.execute("INSERT INTO invoices VALUES " + values);
  fresh.execute("INSERT INTO invoices VALUES " + values);
  CHECK(fresh.query_value<std::string>(signature) == legacy.query_value<std::string>(signature));
  CHECK(legacy.query_value<std::string>(signature) ==
        "integer,text,integer,integer,real,integer,real,integer,text,integer,text,integer,integer,real,text,integer");
}

TEST_CASE("a quoted number as the default of a number column is introspected as the number the column stores", "[generator][introspect]") {
  auto legacy = dorm::Database::open(":memory:");
  legacy.execute_script(R"(
    CREATE TABLE prices (
      id INTEGER PRIMARY KEY,
      discount NUMERIC(10,2) NOT NULL DEFAULT '0.50',
      whole DECIMAL NOT NULL DEFAULT '2.0',
      active BOOLEAN NOT NULL DEFAULT '1',
      label DATETIME DEFAULT 'never'
    ))");
  std::vector<std::string> skipped;
  const auto files = schema_files(read_database(legacy, skipped));
  REQUIRE(files.size() == 1);
  const auto properties = nlohmann::json::parse(files[0].content).at("properties");
  CHECK(properties.at("discount").at("default") == 0.5);  // NUMERIC stores the REAL 0.5
  CHECK(properties.at("whole").at("default") == 2);       // and an integral REAL as an INTEGER
  CHECK(properties.at("active").at("default") == true);
  CHECK(properties.at("label").at("default") == "never");  // a string member keeps its text

  // The schema passes dorm-gen's checks (a text default on a number member would not), and the
  // database it builds stores the same defaults.
  const auto schema = migrate_test::schema_of({files[0].content});
  auto fresh = dorm::Database::open(":memory:");
  for (const auto& sql : dorm::emit::create_statements(schema.tables.at(0))) fresh.execute_script(sql);
  const std::string stored = "SELECT quote(discount) || ',' || quote(whole) || ',' || quote(active) || ',' || quote(label) FROM prices";
  legacy.execute("INSERT INTO prices (id) VALUES (1)");
  fresh.execute("INSERT INTO prices (id) VALUES (1)");
  CHECK(legacy.query_value<std::string>(stored) == std::optional<std::string>("0.5,2,1,'never'"));
  CHECK(fresh.query_value<std::string>(stored) == legacy.query_value<std::string>(stored));
}

TEST_CASE("a table whose name is a path is written to one file inside the output folder", "[generator][introspect]") {
  // Found by fuzz/fuzz_introspect: the table name was the file name, so a hostile database made
  // `dorm-gen introspect --out dir` write to dir/../up.json and to /tmp/abs.json.
  auto db = dorm::Database::open(":memory:");
  db.execute_script(R"(
    CREATE TABLE "../up" (id INTEGER PRIMARY KEY);
    CREATE TABLE "/tmp/abs" (id INTEGER PRIMARY KEY);
    CREATE TABLE "a\b:c" (id INTEGER PRIMARY KEY);
    CREATE TABLE ".hidden" (id INTEGER PRIMARY KEY);
    CREATE TABLE "100%" (id INTEGER PRIMARY KEY);
    CREATE TABLE "users" (id INTEGER PRIMARY KEY))");
  std::vector<std::string> skipped;
  const auto files = schema_files(read_database(db, skipped));
  std::map<std::string, std::string> table_of_file;
  for (const auto& file : files) table_of_file[file.path] = nlohmann::json::parse(file.content).at("$id");
  CHECK(table_of_file == std::map<std::string, std::string>{{"%2E.%2Fup.json", "../up"},
                                                            {"%2Ftmp%2Fabs.json", "/tmp/abs"},
                                                            {"a%5Cb%3Ac.json", "a\\b:c"},
                                                            {"%2Ehidden.json", ".hidden"},
                                                            {"100%25.json", "100%"},
                                                            {"users.json", "users"}});
}

TEST_CASE("a database whose names are not UTF-8 is refused with an error that shows the bytes", "[generator][introspect]") {
  // Found by fuzz/fuzz_introspect: JSON cannot hold the name, and the error was nlohmann's
  // "[json.exception.type_error.316] invalid UTF-8 byte at index 3: 0x80", naming nothing.
  auto db = dorm::Database::open(":memory:");
  db.execute_script("CREATE TABLE \"caf\x80\" (id INTEGER PRIMARY KEY)");
  std::vector<std::string> skipped;
  CHECK_THROWS_WITH(read_database(db, skipped),
                    Catch::Contains("not valid UTF-8: \"caf\\x80\"") && Catch::Contains("rename it"));
}

TEST_CASE("a damaged database whose catalog reads disagree is refused as damaged", "[generator][introspect]") {
  // Found by fuzz/fuzz_introspect: sqlite_schema listed PlaylistTrack when read in name order but
  // had no row for it when read by name, and introspect ended with vector::at's out_of_range.
  const std::string path =
      std::string(DORM_SOURCE_DIR) + "/fuzz/regressions/fuzz_introspect/catalog_reads_disagree.sqlite";
  dorm::OpenOptions read_only;
  read_only.create = false;
  read_only.read_only = true;
  auto db = dorm::Database::open(path, read_only);
  std::vector<std::string> skipped;
  CHECK_THROWS_WITH(read_database(db, skipped),
                    Catch::Contains("table 'PlaylistTrack' is listed in sqlite_schema, but its CREATE TABLE statement "
                                    "cannot be read: the database file is damaged"));
}
