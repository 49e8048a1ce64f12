# cmake -D DORM_GEN=<dorm-gen> -D SOURCE_DIR=<dorm source> -D WORK_DIR=<scratch dir> -P dorm_gen_cli.cmake
# dorm-gen as a build step sees it: exit codes, diagnostics on stderr, and output written only
# when it changes and never when the schema has errors.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(blog "${SOURCE_DIR}/schemas/blog")
set(header "${WORK_DIR}/out/blog/models.hpp")

function(expect what actual wanted)
  if(NOT "${actual}" STREQUAL "${wanted}")
    message(FATAL_ERROR "${what}: got '${actual}', expected '${wanted}'")
  endif()
endfunction()

# 1. Valid schemas: exit 0 and a header.
execute_process(COMMAND "${DORM_GEN}" generate --namespace blog --output-dir "${WORK_DIR}/out" --source-root "${SOURCE_DIR}"
                        "${blog}/users.json" "${blog}/posts.json" "${blog}/comments.json" "${blog}/tags.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("exit code for valid schemas" "${rc}" "0")
if(NOT EXISTS "${header}")
  message(FATAL_ERROR "no header at ${header}")
endif()
file(READ "${header}" generated)
file(TIMESTAMP "${header}" first_stamp "%s")

# 2. --check on an up-to-date header: exit 0; on a stale one: exit 4 naming the file.
execute_process(COMMAND "${DORM_GEN}" generate --check --namespace blog --output-dir "${WORK_DIR}/out" --source-root "${SOURCE_DIR}"
                        "${blog}/users.json" "${blog}/posts.json" "${blog}/comments.json" "${blog}/tags.json"
                RESULT_VARIABLE rc)
expect("--check exit code for a fresh header" "${rc}" "0")
execute_process(COMMAND "${DORM_GEN}" generate --check --namespace blog --output-dir "${WORK_DIR}/out" --source-root "${SOURCE_DIR}"
                        "${SOURCE_DIR}/tests/generator/schemas/dorm_users.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("--check exit code for a stale header" "${rc}" "4")
if(NOT err MATCHES "models.hpp would change")
  message(FATAL_ERROR "--check did not name the stale file: ${err}")
endif()

# 3. A broken schema: exit 1, every error as file:line:col, and the old header untouched.
file(WRITE "${WORK_DIR}/broken.json" "{\n  \"$id\": \"users\",\n  \"properties\": {\n    \"id\": { \"type\": \"integer\", \"x-dorm-primary-key\": true },\n    \"email\": { \"type\": \"string\", \"x-dorm-uniq\": true }\n  },\n  \"required\": [\"id\", \"emial\"]\n}\n")
execute_process(COMMAND "${DORM_GEN}" generate --namespace blog --output-dir "${WORK_DIR}/out" "${WORK_DIR}/broken.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("exit code for a broken schema" "${rc}" "1")
if(NOT err MATCHES "broken.json:5:[0-9]+: error: [^\n]*x-dorm-uniq")
  message(FATAL_ERROR "the unknown keyword was not reported at its line:\n${err}")
endif()
if(NOT err MATCHES "broken.json:7:[0-9]+: error: [^\n]*emial")
  message(FATAL_ERROR "the unknown required name was not reported too:\n${err}")
endif()
file(READ "${header}" after)
expect("header after a failed run" "${after}" "${generated}")
file(TIMESTAMP "${header}" stamp "%s")
expect("header mtime after a failed run" "${stamp}" "${first_stamp}")

# 4. Usage errors: exit 2.
execute_process(COMMAND "${DORM_GEN}" generate --namespace blog --output-dir "${WORK_DIR}/out" "${WORK_DIR}/missing.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("exit code for a missing schema file" "${rc}" "2")
execute_process(COMMAND "${DORM_GEN}" generate --namespace "not a namespace" --output-dir "${WORK_DIR}/out" "${blog}/users.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("exit code for a bad namespace" "${rc}" "2")
# 5. Input that used to kill dorm-gen (a number beyond a double: abort; 100,000 nested arrays:
#    stack overflow) is a diagnostic and exit 1 in every subcommand that reads schemas.
file(WRITE "${WORK_DIR}/huge.json" "{\n  \"$id\": \"t\",\n  \"properties\": {\n    \"id\": { \"type\": \"integer\", \"x-dorm-primary-key\": true },\n    \"n\": { \"type\": \"number\", \"maximum\": 1e400 }\n  }\n}\n")
string(REPEAT "[" 100000 open)
string(REPEAT "]" 100000 close)
file(WRITE "${WORK_DIR}/deep.json" "${open}${close}\n")
set(huge_error "huge.json:5:41: error: the number 1e400 is out of the range of a double [^\n]*\\[dorm-json-number-range\\]")
set(deep_error "deep.json:1:257: error: this '\\[' opens level 257; a schema file may nest arrays and objects at most 256 levels deep \\[dorm-json-too-deep\\]")
foreach(input huge deep)
  foreach(command generate migrate check)
    if(command STREQUAL "generate")
      set(args generate --namespace t --output-dir "${WORK_DIR}/out_${input}")
    elseif(command STREQUAL "migrate")
      set(args migrate --name first --migrations-dir "${WORK_DIR}/migrations_${input}")
    else()
      set(args check --migrations-dir "${WORK_DIR}/migrations_${input}")
    endif()
    execute_process(COMMAND "${DORM_GEN}" ${args} "${WORK_DIR}/${input}.json" RESULT_VARIABLE rc ERROR_VARIABLE err)
    expect("${command} exit code for ${input}.json" "${rc}" "1")
    if(NOT err MATCHES "${${input}_error}")
      message(FATAL_ERROR "${command} did not report ${input}.json at its position:\n${err}")
    endif()
  endforeach()
endforeach()
message(STATUS "dorm-gen command line: all checks passed")
