# `dorm-gen migrate` and `dorm-gen check` on the hostile-name schemas: the names that used to stop
# both with dorm-name-clash now need no edit. Run by ctest (naming.hostile_names_migrate_and_check).
file(REMOVE_RECURSE "${WORK_DIR}")
file(GLOB schemas "${SCHEMA_DIR}/*.json")

execute_process(COMMAND "${DORM_GEN}" migrate --name init --migrations-dir "${WORK_DIR}/migrations" ${schemas}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR err MATCHES "error|warning")
  message(FATAL_ERROR "dorm-gen migrate exited ${rc}:\n${err}")
endif()
file(READ "${WORK_DIR}/migrations/0001_init.sql" sql)
foreach(table "\"Artist\"" "\"Order\"" "\"class\"" "\"2fa codes\"" "\"UserAccount\"" "\"user_account\"" "\"migrations\"" "\"authors_books\"")
  if(NOT sql MATCHES "CREATE TABLE ${table}")
    message(FATAL_ERROR "0001_init.sql creates no table ${table}:\n${sql}")
  endif()
endforeach()
if(NOT sql MATCHES "\"book_isbn\" TEXT NOT NULL")
  message(FATAL_ERROR "the pivot authors_books has no book_isbn column:\n${sql}")
endif()

execute_process(COMMAND "${DORM_GEN}" check --migrations-dir "${WORK_DIR}/migrations" ${schemas}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dorm-gen check exited ${rc}:\n${err}")
endif()
