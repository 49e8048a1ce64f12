# dorm_generate() — generate typed C++ models from dorm schemas at build time.
#
#   dorm_generate(TARGET <target>
#                 [SCHEMAS <schema.json>...]
#                 [HEADERS <annotated.hpp>...]
#                 [NAMESPACE <ns>]
#                 [OUTPUT_DIR <dir>]
#                 [MIGRATIONS <dir>]
#                 [FACTORIES])
#
# Runs `dorm-gen generate` on the SCHEMAS and HEADERS and makes the result part of <target>:
#   - <OUTPUT_DIR>/<ns with :: replaced by />/models.hpp is added to <target>'s sources, and
#     json.hpp beside it (nlohmann-json conversion of the rows, dorm/json/serializer.hpp; only
#     the code that includes it pays for nlohmann-json),
#   - <OUTPUT_DIR> is added to <target>'s include directories (PUBLIC; INTERFACE for an
#     interface library), so code includes it as "<ns path>/models.hpp",
#   - <target> links dorm::runtime (PUBLIC; INTERFACE for an interface library).
#
#   TARGET      an existing library or executable (an ALIAS is resolved; IMPORTED targets are
#               refused). The call may be made from any directory, not only the one that
#               created the target.
#   SCHEMAS     JSON Schema files; relative paths are relative to CMAKE_CURRENT_SOURCE_DIR.
#               All of them go into one header.
#   HEADERS     C++ headers with annotated structs (<dorm/annotations.hpp>), read by dorm-gen's
#               Clang front end with <target>'s include directories and compile definitions.
#               The generated header includes them and extends their structs. Relative paths
#               are relative to CMAKE_CURRENT_SOURCE_DIR. SCHEMAS, HEADERS or both are needed.
#   NAMESPACE   C++ namespace of the generated code (e.g. blog, acme::billing). Default: the
#               target name made into an identifier (my-app -> my_app).
#   OUTPUT_DIR  where the header is written. Default:
#               ${CMAKE_CURRENT_BINARY_DIR}/dorm_generated/<target>. Relative paths are
#               relative to CMAKE_CURRENT_BINARY_DIR. Must not be inside the source tree
#               (generated files belong to the build tree).
#   MIGRATIONS  a folder of migrations written by `dorm-gen migrate` (docs/migrations.md). The
#               header then embeds them as `migrations[]`, and migrate(db) applies the pending
#               ones instead of creating missing tables. Relative to CMAKE_CURRENT_SOURCE_DIR;
#               adding or editing a migration reruns the generator.
#   FACTORIES   also emit each table's factory definition (factory_definition(n) and
#               required_parents), which dorm::factory<M>() needs (docs/lifecycle.md,
#               "Factories"). Production builds leave it out.
#
# Example:
#
#   find_package(dorm CONFIG REQUIRED)      # or add_subdirectory(dorm)
#   add_executable(app main.cpp)
#   dorm_generate(TARGET app SCHEMAS schemas/users.json schemas/posts.json NAMESPACE blog)
#   # main.cpp: #include "blog/models.hpp"
#
#   target_include_directories(app PRIVATE include)   # include/blog/users.hpp: struct DORM_TABLE("users") User
#   dorm_generate(TARGET app HEADERS include/blog/users.hpp NAMESPACE blog)
#
# Rebuilds: the generation step depends on every schema file and header and on the dorm-gen
# binary (its templates are embedded in it), and on every file the header scan read (a DEPFILE
# dorm-gen writes), and reruns only when one of them changes. dorm-gen rewrites
# the header only when its bytes change, so the step's OUTPUT is a stamp file and the header
# is a BYPRODUCT: code including an unchanged header is not recompiled, and the step does not
# rerun forever because the header's mtime stayed old.
#
# Several calls are fine (one per namespace, on one or several targets). To run a dorm-gen
# other than the one of the dorm package in use (e.g. a host tool when cross-compiling), set
# DORM_GEN_EXECUTABLE to its path before calling dorm_generate().

if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "dorm_generate() needs CMake 3.20 or newer (this is ${CMAKE_VERSION}).")
endif()

# Stops configuring with <message parts...> and a correct call to copy from.
function(_dorm_generate_fail)
  set(message "")
  math(EXPR last "${ARGC} - 1")
  foreach(i RANGE ${last})
    string(APPEND message "${ARGV${i}}")  # not ${ARGV}: that would drop the parts' ';'
  endforeach()
  message(FATAL_ERROR "dorm_generate(): ${message}\n"
    "A correct call looks like:\n"
    "  dorm_generate(TARGET my_app\n"
    "                SCHEMAS schemas/users.json schemas/posts.json\n"
    "                [HEADERS include/app/models.hpp]\n"
    "                [NAMESPACE blog]\n"
    "                [OUTPUT_DIR <dir in the build tree>]\n"
    "                [MIGRATIONS schemas/migrations])\n")
endfunction()

# Sets <out_var> to the dorm-gen command: DORM_GEN_EXECUTABLE when set, otherwise the
# dorm::dorm-gen target, which is the in-tree executable (an ALIAS made by generator/) or
# the IMPORTED one from the installed package's dormTargets.cmake. The generator expression
# in COMMAND and DEPENDS gives both a target-level and a file-level dependency on it.
function(_dorm_generate_resolve_dorm_gen out_var)
  if(DORM_GEN_EXECUTABLE)
    set(${out_var} "${DORM_GEN_EXECUTABLE}" PARENT_SCOPE)
  elseif(TARGET dorm::dorm-gen)
    set(${out_var} "$<TARGET_FILE:dorm::dorm-gen>" PARENT_SCOPE)
  else()
    _dorm_generate_fail("no dorm-gen: the target dorm::dorm-gen does not exist. Call "
      "find_package(dorm CONFIG REQUIRED) or add_subdirectory(<dorm source dir>) first, or set "
      "DORM_GEN_EXECUTABLE.")
  endif()
endfunction()

function(dorm_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "FACTORIES" "TARGET;NAMESPACE;OUTPUT_DIR;MIGRATIONS" "SCHEMAS;HEADERS")

  if(arg_UNPARSED_ARGUMENTS)
    list(JOIN arg_UNPARSED_ARGUMENTS " " unparsed)
    _dorm_generate_fail("unknown arguments: ${unparsed}")
  endif()
  foreach(keyword IN LISTS arg_KEYWORDS_MISSING_VALUES)
    _dorm_generate_fail("${keyword} needs a value.")
  endforeach()
  if(NOT arg_TARGET)
    _dorm_generate_fail("TARGET is required.")
  endif()
  if(NOT arg_SCHEMAS AND NOT arg_HEADERS)
    _dorm_generate_fail("SCHEMAS or HEADERS needs at least one file.")
  endif()
  if(NOT TARGET "${arg_TARGET}")
    _dorm_generate_fail("'${arg_TARGET}' is not a target. Create it with add_library() or "
      "add_executable() before calling dorm_generate().")
  endif()

  # The real target behind an ALIAS; refuse what dorm cannot add sources to.
  set(target "${arg_TARGET}")
  get_target_property(aliased "${target}" ALIASED_TARGET)
  if(aliased)
    set(target "${aliased}")
  endif()
  get_target_property(imported "${target}" IMPORTED)
  get_target_property(type "${target}" TYPE)
  if(imported)
    _dorm_generate_fail("'${arg_TARGET}' is an IMPORTED target; dorm_generate() needs a target "
      "built by this project.")
  endif()
  if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY|INTERFACE_LIBRARY)$")
    _dorm_generate_fail("'${arg_TARGET}' is a ${type}; dorm_generate() needs a library or an "
      "executable.")
  endif()
  if(type STREQUAL "INTERFACE_LIBRARY")
    set(scope INTERFACE)
  else()
    set(scope PUBLIC)
  endif()

  # NAMESPACE: given (validated) or the target name made into an identifier.
  if(DEFINED arg_NAMESPACE)
    set(namespace "${arg_NAMESPACE}")
    if(NOT namespace MATCHES "^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
      _dorm_generate_fail("NAMESPACE '${namespace}' is not a C++ namespace name (like blog or "
        "acme::billing).")
    endif()
  else()
    string(MAKE_C_IDENTIFIER "${arg_TARGET}" namespace)
  endif()
  string(REPLACE "::" "/" namespace_path "${namespace}")
  string(REPLACE "::" "_" namespace_id "${namespace}")

  # OUTPUT_DIR: in the build tree only.
  if(DEFINED arg_OUTPUT_DIR)
    cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
               NORMALIZE OUTPUT_VARIABLE output_dir)
  else()
    string(MAKE_C_IDENTIFIER "${target}" target_id)
    set(output_dir "${CMAKE_CURRENT_BINARY_DIR}/dorm_generated/${target_id}")
  endif()
  cmake_path(IS_PREFIX CMAKE_SOURCE_DIR "${output_dir}" NORMALIZE in_source)
  cmake_path(IS_PREFIX CMAKE_BINARY_DIR "${output_dir}" NORMALIZE in_binary)
  if(in_source AND NOT in_binary)
    _dorm_generate_fail("OUTPUT_DIR '${output_dir}' is inside the source tree "
      "(${CMAKE_SOURCE_DIR}); generated files belong in the build tree. Leave OUTPUT_DIR out "
      "to use ${CMAKE_CURRENT_BINARY_DIR}/dorm_generated/<target>.")
  endif()

  # SCHEMAS: absolute, existing (unless produced by the build), no duplicates.
  set(schemas "")
  foreach(schema IN LISTS arg_SCHEMAS)
    cmake_path(ABSOLUTE_PATH schema BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE schema_path)
    get_source_file_property(generated "${schema_path}" GENERATED)
    if(NOT EXISTS "${schema_path}" AND NOT generated)
      _dorm_generate_fail("schema file '${schema}' does not exist (looked for ${schema_path}).")
    endif()
    list(APPEND schemas "${schema_path}")
  endforeach()
  list(REMOVE_DUPLICATES schemas)

  # HEADERS: the same rules.
  set(headers "")
  foreach(header IN LISTS arg_HEADERS)
    cmake_path(ABSOLUTE_PATH header BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE header_path)
    get_source_file_property(generated "${header_path}" GENERATED)
    if(NOT EXISTS "${header_path}" AND NOT generated)
      _dorm_generate_fail("header '${header}' does not exist (looked for ${header_path}).")
    endif()
    list(APPEND headers "${header_path}")
  endforeach()
  list(REMOVE_DUPLICATES headers)

  # One producer per header, whichever target or directory asks for it.
  set(header "${output_dir}/${namespace_path}/models.hpp")
  set(json_header "${output_dir}/${namespace_path}/json.hpp")
  get_property(owner GLOBAL PROPERTY "_DORM_GENERATED_BY:${header}")
  if(owner)
    _dorm_generate_fail("${header} is already generated for target '${owner}'. Give this call "
      "another NAMESPACE or OUTPUT_DIR, or link '${owner}' instead of generating twice.")
  endif()
  set_property(GLOBAL PROPERTY "_DORM_GENERATED_BY:${header}" "${target}")

  _dorm_generate_resolve_dorm_gen(dorm_gen)
  set(stamp_dir "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/dorm_generate")
  set(stamp "${stamp_dir}/${target}.${namespace_id}.stamp")
  file(MAKE_DIRECTORY "${stamp_dir}")  # Ninja makes output folders, Makefiles do not
  cmake_path(RELATIVE_PATH header BASE_DIRECTORY "${CMAKE_BINARY_DIR}" OUTPUT_VARIABLE header_rel)

  # Headers are scanned with the target's include directories and definitions (usage
  # requirements of what it links included), and a depfile lists what the scan read.
  # MIGRATIONS: the folder's .sql files are inputs (CONFIGURE_DEPENDS: a new file reconfigures).
  set(migration_args "")
  set(migration_files "")
  if(DEFINED arg_MIGRATIONS)
    cmake_path(ABSOLUTE_PATH arg_MIGRATIONS BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE migrations_dir)
    if(NOT IS_DIRECTORY "${migrations_dir}")
      _dorm_generate_fail("MIGRATIONS '${arg_MIGRATIONS}' is not a directory (looked for ${migrations_dir}); "
        "write the first migration with: dorm-gen migrate --name init --migrations-dir <dir> <schemas...>")
    endif()
    file(GLOB migration_files CONFIGURE_DEPENDS "${migrations_dir}/*.sql")
    set(migration_args --migrations-dir "${migrations_dir}")
  endif()

  # FACTORIES: each table type gets factory_definition(n) and required_parents (dorm::factory).
  set(factory_args "")
  if(arg_FACTORIES)
    set(factory_args --factories)
  endif()

  set(scan_args "")
  set(depfile_args "")
  if(headers)
    # Empty entries are dropped: a usage requirement such as nlohmann_json's
    # `$<$<NOT:$<BOOL:...>>:JSON_USE_GLOBAL_UDLS=0>` evaluates to one, and a bare -D is an error.
    set(includes "$<FILTER:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,EXCLUDE,^$>")
    set(definitions "$<FILTER:$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>,EXCLUDE,^$>")
    set(depfile "${stamp_dir}/${target}.${namespace_id}.d")
    set(scan_args --depfile "${depfile}" --depfile-target "${stamp}"
        ${headers} --
        "$<$<BOOL:${includes}>:-I$<JOIN:${includes},$<SEMICOLON>-I>>"
        "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},$<SEMICOLON>-D>>")
    set(depfile_args DEPFILE "${depfile}")
  endif()

  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS "${header}" "${json_header}"
    COMMAND "${dorm_gen}" generate
            --namespace "${namespace}"
            --output-dir "${output_dir}"
            --source-root "${PROJECT_SOURCE_DIR}"
            ${migration_args}
            ${factory_args}
            ${schemas}
            ${scan_args}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${schemas} ${headers} ${migration_files} "${dorm_gen}"
    ${depfile_args}
    COMMENT "dorm-gen: generating ${header_rel}"
    COMMAND_EXPAND_LISTS
    VERBATIM)

  # A custom target in this directory owns the rule, so the call works from any directory;
  # the target waits for it before compiling anything that may include the header.
  set(generate_target "${target}_dorm_generate_${namespace_id}")
  if(TARGET "${generate_target}")
    _dorm_generate_fail("'${arg_TARGET}' already has a dorm_generate() call with NAMESPACE "
      "${namespace}; use one call per namespace and list all its SCHEMAS and HEADERS there.")
  endif()
  add_custom_target("${generate_target}" DEPENDS "${stamp}")
  set_property(TARGET "${generate_target}" PROPERTY FOLDER "dorm")
  add_dependencies("${target}" "${generate_target}")

  # The header is listed in the target's sources (IDEs show it); mark it GENERATED in the
  # target's own directory too, in case the target was created elsewhere.
  set_source_files_properties("${header}" "${json_header}" TARGET_DIRECTORY "${target}"
    PROPERTIES GENERATED TRUE HEADER_FILE_ONLY TRUE)
  set_source_files_properties("${header}" "${json_header}" PROPERTIES GENERATED TRUE HEADER_FILE_ONLY TRUE)
  target_sources("${target}" PRIVATE "${header}" "${json_header}")
  target_include_directories("${target}" ${scope} "$<BUILD_INTERFACE:${output_dir}>")
  target_link_libraries("${target}" ${scope} dorm::runtime)
endfunction()
