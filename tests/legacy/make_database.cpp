// make_database <database> <sql file>: creates <database> (replacing it) and runs the SQL file in
// it with foreign keys on. The legacy round trip uses it instead of the sqlite3 shell, which a
// fresh machine need not have.
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_database <database> <sql file>\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "make_database: cannot read " << argv[2] << '\n';
    return 1;
  }
  std::ostringstream sql;
  sql << in.rdbuf();
  std::filesystem::remove(argv[1]);
  sqlite3* db = nullptr;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
    std::cerr << "make_database: cannot open " << argv[1] << ": " << sqlite3_errmsg(db) << '\n';
    sqlite3_close(db);
    return 1;
  }
  char* error = nullptr;
  const int rc = sqlite3_exec(db, ("PRAGMA foreign_keys = ON;\n" + sql.str()).c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) std::cerr << "make_database: " << argv[2] << ": " << (error ? error : "error") << '\n';
  sqlite3_free(error);
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : 1;
}
