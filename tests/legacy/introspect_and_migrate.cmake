# cmake -D DORM_GEN=<dorm-gen> -D MAKE_DATABASE=<make_database> -D SQL=<legacy.sql>
#       -D WORK_DIR=<dir> -P introspect_and_migrate.cmake
#
# A build step of tests/legacy, as a user adopts a database: build legacy.sql into
# WORK_DIR/legacy.db, `dorm-gen introspect` it into WORK_DIR/schemas and write the first migration
# into WORK_DIR/migrations. Nothing is edited by hand between the steps.
file(REMOVE_RECURSE "${WORK_DIR}/schemas" "${WORK_DIR}/migrations")
file(MAKE_DIRECTORY "${WORK_DIR}/migrations")

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "legacy round trip: ${what} failed (exit ${rc}):\n${out}${err}")
  endif()
endfunction()

run("making legacy.db" "${MAKE_DATABASE}" "${WORK_DIR}/legacy.db" "${SQL}")
run("dorm-gen introspect" "${DORM_GEN}" introspect "${WORK_DIR}/legacy.db" --out "${WORK_DIR}/schemas")
file(GLOB schemas "${WORK_DIR}/schemas/*.json")
run("dorm-gen migrate --name init" "${DORM_GEN}" migrate --name init --migrations-dir "${WORK_DIR}/migrations" ${schemas})
