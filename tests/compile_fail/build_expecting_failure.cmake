# cmake -D BUILD_DIR=<build tree> -D TARGET=<target> [-D CONFIG=<config>] -P build_expecting_failure.cmake
#
# Builds one compile-fail target and prints what the compiler said, minus the build tool's own
# lines (progress, "FAILED: <file>" and the echoed command line): those hold the case's file
# name, which must not be able to satisfy the test's PASS_REGULAR_EXPRESSION by itself.
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}" ${config_args}
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output
  RESULT_VARIABLE result)

if(result EQUAL 0)
  message("dorm-compile-fail: compiled without error: ${TARGET} built, but its "
    "DORM_EXPECT_COMPILE_FAILURE line should have been rejected.")
  return()
endif()

string(REGEX REPLACE "FAILED: [^\n]*\n[^\n]*\n" "" output "${output}")
string(REGEX REPLACE "\\[[0-9]+/[0-9]+\\] [^\n]*\n" "" output "${output}")
string(REGEX REPLACE "ninja: [^\n]*\n" "" output "${output}")
string(REGEX REPLACE "gmake[^\n]*\n" "" output "${output}")
message("${output}")
