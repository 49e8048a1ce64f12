# cmake -D JSON=<program> -D ANNOTATED=<program> -D WORK_DIR=<dir> -P compare_outputs.cmake
# Runs both builds of blog_queries.cpp and fails unless they print the same DDL and results.
foreach(kind IN ITEMS JSON ANNOTATED)
  execute_process(COMMAND "${${kind}}" OUTPUT_VARIABLE out_${kind} ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${${kind}} failed (${rc}): ${err}")
  endif()
  string(TOLOWER "${kind}" name)
  file(WRITE "${WORK_DIR}/blog_queries.${name}.out" "${out_${kind}}")
endforeach()
if(NOT out_JSON STREQUAL out_ANNOTATED)
  message(FATAL_ERROR "the JSON and annotated blogs differ; compare ${WORK_DIR}/blog_queries.json.out "
    "and ${WORK_DIR}/blog_queries.annotated.out")
endif()
string(FIND "${out_JSON}" "CREATE TABLE IF NOT EXISTS \"users\"" ddl)
if(ddl EQUAL -1)
  message(FATAL_ERROR "no DDL in the output:\n${out_JSON}")
endif()
message(STATUS "same DDL and results:\n${out_JSON}")
