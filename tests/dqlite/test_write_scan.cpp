// Telling writes in SQL text (runtime/src/backends/dqlite/write_scan.hpp): dqlite 1.11 aborts on
// a write run as a query and half-applies a write with RETURNING run as exec, so the client
// must know before sending.
#include <catch2/catch.hpp>

#include "backends/dqlite/write_scan.hpp"

using dorm::dqlite::scan_writes;

TEST_CASE("reads are not writes", "[dqlite][write_scan]") {
  for (const char* sql : {"SELECT 1", "select * from t where x = 'INSERT'", "SELECT replace(name, 'a', 'b') FROM t",
                          "SELECT \"update\" FROM t", "PRAGMA table_info(t)", "EXPLAIN QUERY PLAN SELECT 1",
                          "SELECT (SELECT 1) -- DELETE everything\n", "SELECT 1 /* UPDATE t */", "SELECT [delete] FROM t",
                          "WITH c AS (SELECT 1) SELECT * FROM c", "VALUES (1)", ""}) {
    INFO(sql);
    CHECK_FALSE(scan_writes(sql).writes);
  }
}

TEST_CASE("inserts, updates, deletes and replaces are writes, in any case and after WITH", "[dqlite][write_scan]") {
  for (const char* sql : {"INSERT INTO t VALUES (1)", "update t set x = 1", "DELETE FROM t", "REPLACE INTO t VALUES (1)",
                          "INSERT OR REPLACE INTO t VALUES (1)", "WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c",
                          "  -- note\n  Insert into t default values", "SELECT 1; DELETE FROM t",
                          "INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET x = 2"}) {
    INFO(sql);
    CHECK(scan_writes(sql).writes);
  }
}

TEST_CASE("only a write's top-level RETURNING counts as returning its rows", "[dqlite][write_scan]") {
  CHECK(scan_writes("INSERT INTO t (x) VALUES (1) RETURNING id").write_returns_rows);
  CHECK(scan_writes("DELETE FROM t RETURNING *; SELECT 1").write_returns_rows);
  CHECK_FALSE(scan_writes("INSERT INTO t (x) VALUES (1)").write_returns_rows);
  CHECK_FALSE(scan_writes("SELECT 'RETURNING' FROM t").write_returns_rows);
  CHECK_FALSE(scan_writes("INSERT INTO t (note) VALUES ('RETURNING')").write_returns_rows);
  CHECK_FALSE(scan_writes("SELECT 1 AS returning_count; INSERT INTO t VALUES (1)").write_returns_rows);
}

TEST_CASE("quotes with doubled quote characters and unclosed runs end the scan safely", "[dqlite][write_scan]") {
  CHECK_FALSE(scan_writes("SELECT 'it''s; DELETE FROM t'").writes);
  CHECK(scan_writes("SELECT 'a''b'; DELETE FROM t").writes);
  CHECK_FALSE(scan_writes("SELECT 'unclosed; DELETE").writes);
  CHECK_FALSE(scan_writes("SELECT 1 /* unclosed DELETE").writes);
  CHECK_FALSE(scan_writes("SELECT (((").writes);
}

TEST_CASE("a text's first statement reads when it gives rows without writing", "[dqlite][write_scan]") {
  for (const char* sql : {"SELECT 1", " values (1)", "WITH c AS (SELECT 1) SELECT * FROM c", "EXPLAIN SELECT 1",
                          "PRAGMA table_info(t)", "PRAGMA user_version", "/* c */ SELECT 1; DELETE FROM t"}) {
    INFO(sql);
    CHECK(scan_writes(sql).first_reads);
  }
  for (const char* sql : {"INSERT INTO t VALUES (1)", "PRAGMA user_version = 3", "BEGIN", "CREATE TABLE t (x)",
                          "WITH c AS (SELECT 1) DELETE FROM t", "SAVEPOINT s1", ""}) {
    INFO(sql);
    CHECK_FALSE(scan_writes(sql).first_reads);
  }
}

TEST_CASE("BEGIN opens a transaction; COMMIT, END and ROLLBACK but not ROLLBACK TO end it", "[dqlite][write_scan]") {
  using dorm::dqlite::TransactionEffect;
  CHECK(scan_writes("BEGIN IMMEDIATE").transaction == TransactionEffect::opens);
  CHECK(scan_writes("begin; insert into t values (1)").transaction == TransactionEffect::opens);
  CHECK(scan_writes("COMMIT").transaction == TransactionEffect::ends);
  CHECK(scan_writes("END TRANSACTION").transaction == TransactionEffect::ends);
  CHECK(scan_writes("ROLLBACK").transaction == TransactionEffect::ends);
  CHECK(scan_writes("BEGIN; INSERT INTO t VALUES (1); COMMIT").transaction == TransactionEffect::ends);
  CHECK(scan_writes("ROLLBACK TO s1").transaction == TransactionEffect::none);
  CHECK(scan_writes("ROLLBACK TRANSACTION TO SAVEPOINT s1").transaction == TransactionEffect::none);
  CHECK(scan_writes("SELECT 'BEGIN'").transaction == TransactionEffect::none);
}
