# cmake -D DORM_GEN=<dorm-gen> -D SOURCE_DIR=<dorm source> -D WORK_DIR=<scratch dir> -P migrate_cli.cmake
# The migration subcommands as a shell or CI sees them: migrate, check (with --database),
# introspect, and generate --migrations-dir; exit codes and the messages that name the fix.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(blog "${SOURCE_DIR}/schemas/blog")
set(schemas "${blog}/users.json" "${blog}/posts.json" "${blog}/comments.json" "${blog}/tags.json")
set(mig "${WORK_DIR}/migrations")

function(expect what actual wanted)
  if(NOT "${actual}" STREQUAL "${wanted}")
    message(FATAL_ERROR "${what}: got '${actual}', expected '${wanted}'")
  endif()
endfunction()

# 1. The first migration, then check is clean.
execute_process(COMMAND "${DORM_GEN}" migrate --name init --migrations-dir "${mig}" ${schemas} RESULT_VARIABLE rc)
expect("migrate init" "${rc}" "0")
foreach(f 0001_init.sql 0001_init.snapshot.json)
  if(NOT EXISTS "${mig}/${f}")
    message(FATAL_ERROR "migrate wrote no ${f}")
  endif()
endforeach()
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${mig}" ${schemas} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
expect("check after init" "${rc}" "0")
# A passing check says what it compared, on one line.
expect("the summary of a passing check" "${out}" "dorm-gen: check passed: the schemas (5 tables) match migration 0001_init\n")

# 2. users.json without its `bio` column: check says the schema changed (4); migrate refuses
#    the drop (1) and names the flag; with the flag it writes 0002.
file(READ "${blog}/users.json" users)
string(REPLACE "\"bio\": { \"type\": [\"string\", \"null\"], \"description\": \"Shown on the author page.\" },"
       "" users "${users}")
file(WRITE "${WORK_DIR}/users.json" "${users}")
set(fewer "${WORK_DIR}/users.json" "${blog}/posts.json" "${blog}/comments.json" "${blog}/tags.json")
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${mig}" ${fewer} RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("check on a changed schema" "${rc}" "4")
if(NOT err MATCHES "drop column users.bio")
  message(FATAL_ERROR "check did not say what changed: ${err}")
endif()
execute_process(COMMAND "${DORM_GEN}" migrate --name drop_bio --migrations-dir "${mig}" ${fewer}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("migrate refusing a drop" "${rc}" "1")
if(NOT err MATCHES "would lose data: drop column users.bio; pass --allow-destructive")
  message(FATAL_ERROR "the refusal did not name the table and the flag: ${err}")
endif()
execute_process(COMMAND "${DORM_GEN}" migrate --name drop_bio --allow-destructive --migrations-dir "${mig}" ${fewer}
                RESULT_VARIABLE rc)
expect("migrate --allow-destructive" "${rc}" "0")
file(READ "${mig}/0002_drop_bio.sql" sql)
if(NOT sql MATCHES "-- follows: 0001_init\n-- foreign-keys: off\n")
  message(FATAL_ERROR "0002 header: ${sql}")
endif()

# 3. generate --migrations-dir embeds them; a folder without migrations is an error.
execute_process(COMMAND "${DORM_GEN}" generate -n blog -o "${WORK_DIR}/out" --migrations-dir "${mig}" ${fewer}
                RESULT_VARIABLE rc)
expect("generate --migrations-dir" "${rc}" "0")
file(READ "${WORK_DIR}/out/blog/models.hpp" header)
if(NOT header MATCHES "inline const dorm::Migration migrations\\[\\] = {" OR NOT header MATCHES "\"0002_drop_bio\"")
  message(FATAL_ERROR "the header does not embed the migrations")
endif()
execute_process(COMMAND "${DORM_GEN}" generate -n blog -o "${WORK_DIR}/out" --migrations-dir "${WORK_DIR}/none" ${fewer}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("generate with an empty migrations folder" "${rc}" "1")

# 4. introspect a database, then check --database against the migrations: a database built by
#    the first migration only has drifted (it still has users.bio).
file(READ "${mig}/0001_init.sql" init_sql)
string(REGEX REPLACE ".*-- up\n(.*)\n-- down.*" "\\1" init_up "${init_sql}")
file(WRITE "${WORK_DIR}/init.sql" "${init_up}")
execute_process(COMMAND "${DORM_GEN}" introspect "${WORK_DIR}/missing.db" --out "${WORK_DIR}/schemas" RESULT_VARIABLE rc
                OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "introspect of a missing database succeeded")
endif()
find_program(SQLITE3 sqlite3)
if(NOT SQLITE3)
  message(STATUS "sqlite3 shell not found; skipping the --database and introspect steps")
  return()
endif()
execute_process(COMMAND "${SQLITE3}" "${WORK_DIR}/app.db" ".read ${WORK_DIR}/init.sql" RESULT_VARIABLE rc)
expect("creating a database with sqlite3" "${rc}" "0")
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${mig}" --database "${WORK_DIR}/app.db" ${fewer}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("check --database on a database behind the migrations" "${rc}" "4")
if(NOT err MATCHES "\\+ users column bio TEXT\n")
  message(FATAL_ERROR "check did not list the extra column: ${err}")
endif()
execute_process(COMMAND "${DORM_GEN}" introspect "${WORK_DIR}/app.db" --out "${WORK_DIR}/schemas" RESULT_VARIABLE rc)
expect("introspect" "${rc}" "0")
file(GLOB introspected "${WORK_DIR}/schemas/*.json")
list(LENGTH introspected count)
expect("introspected schema files" "${count}" "5")
# The introspected schemas generate, and match the database they came from.
execute_process(COMMAND "${DORM_GEN}" migrate --name init --migrations-dir "${WORK_DIR}/mig2" ${introspected}
                RESULT_VARIABLE rc)
expect("migrate from introspected schemas" "${rc}" "0")
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${WORK_DIR}/mig2" --database "${WORK_DIR}/app.db"
                        ${introspected} RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("check of the database against its own introspection: ${err}" "${rc}" "0")

# 5. A database that records its migrations: check names the applied migrations it compared,
#    and a migration file edited after the database applied it (the runtime's checksums,
#    taken from the generated header).
file(READ "${mig}/0002_drop_bio.sql" drop_sql)
string(REGEX REPLACE ".*-- up\n(.*)\n-- down.*" "\\1" drop_up "${drop_sql}")
string(REGEX MATCH "\"0001_init\", \"([0-9a-f]+)\"" ignored "${header}")
set(sum1 "${CMAKE_MATCH_1}")
string(REGEX MATCH "\"0002_drop_bio\", \"([0-9a-f]+)\"" ignored "${header}")
set(sum2 "${CMAKE_MATCH_1}")
file(WRITE "${WORK_DIR}/both.sql" "${init_up}\n${drop_up}\n"
     "CREATE TABLE dorm_migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT);\n"
     "INSERT INTO dorm_migrations (id, checksum) VALUES ('0001_init', '${sum1}'), ('0002_drop_bio', '${sum2}');\n")
execute_process(COMMAND "${SQLITE3}" "${WORK_DIR}/recorded.db" ".read ${WORK_DIR}/both.sql" RESULT_VARIABLE rc)
expect("creating a migrated database with sqlite3" "${rc}" "0")
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${mig}" --database "${WORK_DIR}/recorded.db" ${fewer}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("check of an up-to-date database: ${err}" "${rc}" "0")
if(NOT out MATCHES "^dorm-gen: check passed: the schemas \\(5 tables\\) match migration 0002_drop_bio; [^\n]*recorded.db matches what the migrations build \\(2 migrations; 5 tables, [0-9]+ columns, [0-9]+ indexes, [0-9]+ foreign keys\\); it has applied all of them, unchanged\n$")
  message(FATAL_ERROR "the summary of a check with --database: ${out}")
endif()
string(REPLACE "-- down" "UPDATE users SET name = name;\n\n-- down" edited "${drop_sql}")
file(WRITE "${mig}/0002_drop_bio.sql" "${edited}")
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${mig}" --database "${WORK_DIR}/recorded.db" ${fewer}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("check with an applied migration edited since" "${rc}" "4")
if(NOT err MATCHES "0002_drop_bio.sql was edited after [^\n]*recorded.db applied it \\(checksum ${sum2} in the database, [0-9a-f]+ now\\)")
  message(FATAL_ERROR "check did not notice the edited migration: ${err}")
endif()
file(WRITE "${mig}/0002_drop_bio.sql" "${drop_sql}")

# 6. No false alarms on a legacy database: PascalCase names, declared types SQLite gives the
#    same affinity as dorm's (NVARCHAR(n) and TEXT; NUMERIC(10,2), DATETIME and BOOLEAN are
#    NUMERIC), NOT NULL on a rowid alias, defaults written another way, a reference without
#    columns, NO ACTION. introspect -> migrate --name init -> check --database passes.
file(WRITE "${WORK_DIR}/legacy.sql" [=[
CREATE TABLE [Artist] (
  [ArtistId] INTEGER NOT NULL,
  [Name] NVARCHAR(120),
  [Country] NCHAR(2) DEFAULT ('NO'),
  [Active] BOOLEAN NOT NULL DEFAULT 1,
  CONSTRAINT [PK_Artist] PRIMARY KEY ([ArtistId])
);
CREATE TABLE [Album] (
  [AlbumId] INTEGER NOT NULL PRIMARY KEY,
  [Title] NVARCHAR(160) NOT NULL,
  [ArtistId] INTEGER NOT NULL REFERENCES [Artist] ON DELETE NO ACTION ON UPDATE NO ACTION,
  [Released] DATETIME,
  [Price] NUMERIC(10,2) NOT NULL DEFAULT 0.99,
  [Tracks] INT DEFAULT (0),
  [Notes] CLOB
);
CREATE INDEX [IFK_AlbumArtistId] ON [Album] ([ArtistId]);
CREATE TABLE [PlaylistTrack] (
  [PlaylistId] INTEGER NOT NULL,
  [AlbumId] INTEGER NOT NULL REFERENCES [Album] ([AlbumId]),
  [Position] BIGINT NOT NULL DEFAULT 1,
  CONSTRAINT [PK_PlaylistTrack] PRIMARY KEY ([PlaylistId], [AlbumId])
);
INSERT INTO [Artist] ([ArtistId], [Name]) VALUES (1, 'AC/DC');
INSERT INTO [Album] ([AlbumId], [Title], [ArtistId], [Released]) VALUES (1, 'For Those About To Rock', 1, '1981-11-23');
]=])
execute_process(COMMAND "${SQLITE3}" "${WORK_DIR}/legacy.db" ".read ${WORK_DIR}/legacy.sql" RESULT_VARIABLE rc)
expect("creating the legacy database" "${rc}" "0")
execute_process(COMMAND "${DORM_GEN}" introspect "${WORK_DIR}/legacy.db" --out "${WORK_DIR}/legacy" RESULT_VARIABLE rc
                ERROR_VARIABLE err)
expect("introspect legacy.db: ${err}" "${rc}" "0")
file(GLOB legacy_schemas "${WORK_DIR}/legacy/*.json")
execute_process(COMMAND "${DORM_GEN}" migrate --name init --migrations-dir "${WORK_DIR}/legacy_mig" ${legacy_schemas}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("migrate --name init from the legacy schemas: ${err}" "${rc}" "0")
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${WORK_DIR}/legacy_mig" --database "${WORK_DIR}/legacy.db"
                        ${legacy_schemas} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("check of the legacy database against its own introspection: ${err}" "${rc}" "0")
if(NOT out MATCHES "legacy.db matches what the migrations build \\(1 migration; 3 tables, 14 columns, [0-9]+ indexes, 2 foreign keys\\); it records no applied migrations, so migrate\\(db\\) will adopt it\n$")
  message(FATAL_ERROR "the summary of the legacy check: ${out}")
endif()
# And a real difference is still one: a column the migrations do not build.
execute_process(COMMAND "${SQLITE3}" "${WORK_DIR}/legacy.db" "ALTER TABLE Album ADD COLUMN Genre NVARCHAR(20)" RESULT_VARIABLE rc)
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${WORK_DIR}/legacy_mig" --database "${WORK_DIR}/legacy.db"
                        ${legacy_schemas} RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("check after a column was added by hand" "${rc}" "4")
if(NOT err MATCHES "\n  \\+ Album column Genre TEXT\n")
  message(FATAL_ERROR "check did not report the added column: ${err}")
endif()
