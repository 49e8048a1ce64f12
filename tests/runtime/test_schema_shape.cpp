// dorm::schema_shape: two databases have the same shape when SQLite treats them the same
// (affinity, nullability as it behaves, stored defaults, keys, foreign keys, indexes), whatever
// their CREATE text says; every real difference still shows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include <dorm/dorm.hpp>
#include <dorm/schema/schema_shape.hpp>

namespace {

dorm::SchemaShape shape_of(const std::string& ddl) {
  auto db = dorm::Database::open(":memory:");
  db.execute_script(ddl);
  return dorm::schema_shape(db);
}

/// The difference of `actual` from `expected`, as the drift check prints it.
std::string difference(const std::string& expected, const std::string& actual) {
  return dorm::shape_difference(shape_of(expected), shape_of(actual)).str();
}

}  // namespace

TEST_CASE("a column's shape line names its affinity, NOT NULL, stored default and key position", "[runtime][schema_shape]") {
  const auto shape = shape_of(
      "CREATE TABLE Invoice (InvoiceId INTEGER NOT NULL PRIMARY KEY, Total NUMERIC(10,2) NOT NULL DEFAULT (0), "
      "Note NVARCHAR(40) DEFAULT 'none', Stamp DATETIME DEFAULT CURRENT_TIMESTAMP)");
  CHECK(shape.lines == std::vector<std::string>{
                           "Invoice column InvoiceId INTEGER NOT NULL PRIMARY KEY 1",
                           "Invoice column Note TEXT DEFAULT 'none'",
                           "Invoice column Stamp NUMERIC DEFAULT (CURRENT_TIMESTAMP)",
                           "Invoice column Total NUMERIC NOT NULL DEFAULT 0",
                           "Invoice table",
                       });
  CHECK(shape.tables == 1);
  CHECK(shape.columns == 4);
  CHECK(shape.indexes == 0);
}

TEST_CASE("declared types with the same affinity have the same shape", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (a NVARCHAR(160), b BIGINT, c DOUBLE PRECISION, d DATETIME, e, f CLOB)",
                   "CREATE TABLE t (a TEXT, b INTEGER, c REAL, d NUMERIC(10,2), e BLOB, f VARCHAR)")
            .empty());
  CHECK(difference("CREATE TABLE t (d DECIMAL(5,2), e BOOLEAN)", "CREATE TABLE t (d NUMERIC, e DATE)").empty());
}

TEST_CASE("a rowid alias is NOT NULL with or without the keyword, and so is a WITHOUT ROWID key", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)",
                   "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, name TEXT)")
            .empty());
  CHECK(shape_of("CREATE TABLE w (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID").lines.front() ==
        "w column k TEXT NOT NULL PRIMARY KEY 1");
}

TEST_CASE("defaults compare by the value SQLite stores, and DEFAULT NULL is no default", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (a INTEGER DEFAULT 0, b TEXT DEFAULT 'x', c TEXT, d REAL DEFAULT 1, e TEXT DEFAULT 0)",
                   "CREATE TABLE t (a INTEGER DEFAULT ((0)), b TEXT DEFAULT \"x\", c TEXT DEFAULT NULL, "
                   "d REAL DEFAULT 1.0, e TEXT DEFAULT '0')")
            .empty());
  CHECK(difference("CREATE TABLE t (a INTEGER DEFAULT '7', s TEXT DEFAULT (CURRENT_TIMESTAMP))",
                   "CREATE TABLE t (a INTEGER DEFAULT +7, s TEXT DEFAULT CURRENT_TIMESTAMP)")
            .empty());
}

TEST_CASE("column order and the names of automatic indexes do not count", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT, UNIQUE (b, a))",
                   "CREATE TABLE t (b TEXT, id INTEGER PRIMARY KEY, a TEXT, UNIQUE (b, a), UNIQUE (a))")
            .empty());
}

TEST_CASE("a reference without columns is to the parent's key, and NO ACTION is no action", "[runtime][schema_shape]") {
  const std::string parent = "CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY);";
  CHECK(difference(parent + "CREATE TABLE album (artist INTEGER REFERENCES artist)",
                   parent + "CREATE TABLE album (artist INTEGER REFERENCES Artist (ArtistId) ON DELETE NO ACTION "
                            "ON UPDATE NO ACTION)")
            .empty());
  const auto lines = shape_of(parent + "CREATE TABLE album (artist INTEGER REFERENCES Artist ON DELETE CASCADE)").lines;
  CHECK(std::count(lines.begin(), lines.end(), "album foreign key (artist) REFERENCES Artist (ArtistId) ON DELETE CASCADE") == 1);
}

TEST_CASE("a different affinity, nullability or default is reported", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (a TEXT)", "CREATE TABLE t (a INTEGER)") ==
        "  - t column a TEXT\n  + t column a INTEGER\n");
  CHECK(difference("CREATE TABLE t (a TEXT)", "CREATE TABLE t (a TEXT NOT NULL)") ==
        "  - t column a TEXT\n  + t column a TEXT NOT NULL\n");
  CHECK(difference("CREATE TABLE t (a INTEGER DEFAULT 0)", "CREATE TABLE t (a INTEGER DEFAULT 1)") ==
        "  - t column a INTEGER DEFAULT 0\n  + t column a INTEGER DEFAULT 1\n");
  CHECK(difference("CREATE TABLE t (a TEXT DEFAULT 'x')", "CREATE TABLE t (a TEXT)") ==
        "  - t column a TEXT DEFAULT 'x'\n  + t column a TEXT\n");
}

TEST_CASE("a missing table, an extra column and a different key are reported", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (a TEXT); CREATE TABLE u (b TEXT)", "CREATE TABLE t (a TEXT, c BLOB)") ==
        "  - u column b TEXT\n  - u table\n  + t column c BLOB\n");
  // INT PRIMARY KEY is not a rowid alias: it may hold NULL and has an index of its own.
  CHECK(difference("CREATE TABLE t (id INTEGER PRIMARY KEY)", "CREATE TABLE t (id INT PRIMARY KEY)") ==
        "  - t column id INTEGER NOT NULL PRIMARY KEY 1\n"
        "  + t column id INTEGER PRIMARY KEY 1\n"
        "  + t index (primary key) UNIQUE (id)\n");
  CHECK(difference("CREATE TABLE t (a TEXT, b TEXT, PRIMARY KEY (a, b))", "CREATE TABLE t (a TEXT, b TEXT, PRIMARY KEY (b, a))")
            .find("- t column a TEXT PRIMARY KEY 1") != std::string::npos);
}

TEST_CASE("AUTOINCREMENT on the rowid is reported, since it stops rowids being reused", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (id INTEGER PRIMARY KEY, \"autoincrement\" TEXT)",
                   "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, \"autoincrement\" TEXT)") ==
        "  - t column id INTEGER NOT NULL PRIMARY KEY 1\n  + t column id INTEGER NOT NULL PRIMARY KEY 1 AUTOINCREMENT\n");
}

TEST_CASE("a foreign key with another action or target is reported", "[runtime][schema_shape]") {
  const std::string parent = "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);";
  CHECK(difference(parent + "CREATE TABLE c (p_id INTEGER REFERENCES p (id))",
                   parent + "CREATE TABLE c (p_id INTEGER REFERENCES p (id) ON DELETE CASCADE)") ==
        "  - c foreign key (p_id) REFERENCES p (id)\n  + c foreign key (p_id) REFERENCES p (id) ON DELETE CASCADE\n");
  CHECK(difference(parent + "CREATE TABLE c (p_id INTEGER REFERENCES p (id))",
                   parent + "CREATE TABLE c (p_id INTEGER REFERENCES p (code) ON UPDATE SET NULL)") ==
        "  - c foreign key (p_id) REFERENCES p (id)\n  + c foreign key (p_id) REFERENCES p (code) ON UPDATE SET NULL\n");
}

TEST_CASE("an index with other columns, uniqueness or WHERE clause is reported", "[runtime][schema_shape]") {
  const std::string table = "CREATE TABLE t (a TEXT, b TEXT);";
  CHECK(difference(table + "CREATE INDEX t_a ON t (a)", table + "CREATE INDEX t_a ON t (a, b)") ==
        "  - t index t_a (a)\n  + t index t_a (a, b)\n");
  CHECK(difference(table + "CREATE INDEX t_a ON t (a)", table + "CREATE UNIQUE INDEX t_a ON t (a)") ==
        "  - t index t_a (a)\n  + t index t_a UNIQUE (a)\n");
  CHECK(difference(table + "CREATE INDEX t_a ON t (a) WHERE a IS NOT NULL", table + "CREATE INDEX t_a ON t (a) WHERE b IS NULL") ==
        "  - t index t_a (a) WHERE a IS NOT NULL\n  + t index t_a (a) WHERE b IS NULL\n");
  CHECK(difference(table + "CREATE INDEX t_a ON t (a)", table + "CREATE INDEX t_a ON t (a COLLATE NOCASE)") ==
        "  - t index t_a (a)\n  + t index t_a (a COLLATE NOCASE)\n");
}

TEST_CASE("dorm's own bookkeeping tables are not part of the shape", "[runtime][schema_shape]") {
  const auto shape = shape_of(
      "CREATE TABLE dorm_migrations (id TEXT PRIMARY KEY); CREATE TABLE dorm_mirror_outbox (id INTEGER PRIMARY KEY)");
  CHECK(shape.lines.empty());
  CHECK(shape.tables == 0);
}

TEST_CASE("WITHOUT ROWID and STRICT tables are reported as such", "[runtime][schema_shape]") {
  CHECK(difference("CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL)", "CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID") ==
        "  - t table\n  + t table WITHOUT ROWID\n");
  CHECK(difference("CREATE TABLE t (k INTEGER)", "CREATE TABLE t (k INTEGER) STRICT") == "  - t table\n  + t table STRICT\n");
}

TEST_CASE("a long literal default is compared by its text", "[runtime][schema_shape]") {
  const std::string long_text = "'" + std::string(5000, 'x') + "'";
  CHECK(difference("CREATE TABLE t (a TEXT DEFAULT " + long_text + ")", "CREATE TABLE t (a TEXT DEFAULT (" + long_text + "))")
            .empty());
  CHECK_FALSE(difference("CREATE TABLE t (a TEXT DEFAULT " + long_text + ")", "CREATE TABLE t (a TEXT DEFAULT 'y')").empty());
}
