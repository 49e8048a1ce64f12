# cmake -D BUILD_DIR=<build tree> -D TARGET=<target> -D CASE_FILE=<case .cpp>
#       [-D SOURCE_DIR=<source tree>] [-D CONFIG=<config>] -P build_expecting_failure.cmake
#
# Builds one compile-fail target and prints what the compiler said, minus the build tool's own
# lines (progress, "FAILED: <file>" and the echoed command line): those hold the case's file
# name, which must not be able to satisfy the expectation by itself. Then it judges the
# diagnostic the way a user meets it (issue 15, item 7):
#   - the first line containing "error:" must match the regex of the case file's first line,
#     `// expect: <regex>` (the rule, the column, the types; read here, so a ';' in it needs no
#     escaping on a command line);
#   - the whole output at most 12 lines, no line longer than 300 characters, counted with the
#     build and source trees' paths cut to relative ones ("runtime/include/dorm/...", as a
#     user's IDE or a relative build shows them), so where the project is checked out does
#     not change the verdict.
# It prints "dorm-compile-fail: ok" when all hold (the test's PASS_REGULAR_EXPRESSION), and a
# "dorm-compile-fail: ..." line saying what did not hold otherwise.
file(STRINGS "${CASE_FILE}" first_line LIMIT_COUNT 1)
string(REGEX REPLACE "^// expect: " "" EXPECT "${first_line}")

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
# CMake's own lines: a build that first re-checks a CONFIGURE_DEPENDS glob prints "-- GLOB
# mismatch!" and the configure messages (a fresh clone's first compile-fail case did).
string(PREPEND output "\n")
string(REGEX REPLACE "\n-- [^\n]*" "" output "${output}")
string(SUBSTRING "${output}" 1 -1 output)
string(REGEX REPLACE "gmake[^\n]*\n" "" output "${output}")
# The build tree first: it may lie inside the source tree.
foreach(tree IN ITEMS "${BUILD_DIR}" "${SOURCE_DIR}")
  if(tree)
    string(REPLACE "${tree}/" "" output "${output}")
  endif()
endforeach()
# ccache's base_dir makes paths relative to the build tree ("../runtime/include/..."): the same.
string(REGEX REPLACE "(^|[\n '])(\\.\\./)+" "\\1" output "${output}")
message("${output}")

# Walk the lines with string(FIND): compiler output holds ';' and '[', which list commands
# would take apart.
set(max_lines 12)
set(max_length 300)
set(rest "${output}")
set(line_count 0)
set(longest 0)
set(first_error "")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" newline)
  if(newline EQUAL -1)
    set(line "${rest}")
    set(rest "")
  else()
    string(SUBSTRING "${rest}" 0 ${newline} line)
    math(EXPR next "${newline} + 1")
    string(SUBSTRING "${rest}" ${next} -1 rest)
  endif()
  if(line STREQUAL "")
    continue()
  endif()
  math(EXPR line_count "${line_count} + 1")
  string(LENGTH "${line}" length)
  if(length GREATER longest)
    set(longest ${length})
  endif()
  if(first_error STREQUAL "" AND line MATCHES "error:")
    set(first_error "${line}")
  endif()
endwhile()

message("dorm-compile-fail: ${line_count} lines, the longest ${longest} characters")
set(ok TRUE)
if(NOT first_error MATCHES "${EXPECT}")
  message("dorm-compile-fail: the first error line does not match '${EXPECT}': ${first_error}")
  set(ok FALSE)
endif()
if(line_count GREATER max_lines)
  message("dorm-compile-fail: more than ${max_lines} lines")
  set(ok FALSE)
endif()
if(longest GREATER max_length)
  message("dorm-compile-fail: a line longer than ${max_length} characters")
  set(ok FALSE)
endif()
if(ok)
  message("dorm-compile-fail: ok")
endif()
