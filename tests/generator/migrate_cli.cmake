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
execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${mig}" ${schemas} RESULT_VARIABLE rc)
expect("check after init" "${rc}" "0")

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
if(NOT err MATCHES "\\+ users column [0-9]+ bio TEXT")
  message(FATAL_ERROR "check did not list the extra table: ${err}")
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
