# Extracts the fenced ```cpp blocks of one Markdown file into C++ sources, so that the normal
# build compiles every snippet of README.md and docs/*.md (tests/docs/CMakeLists.txt).
#
# The words after `cpp` in a fence's info string say how a block is compiled (GitHub highlights
# all of them as C++, since it reads only the first word):
#
#   ```cpp                       a complete translation unit: written as is to its own source
#                                file, <stem>_<line>.cpp (it includes what it uses).
#   ```cpp fragment              statements: the body of `void fragment(dorm::Database& db)`,
#                                one function (in namespace <stem>_<line>) per block, all the
#                                fragments of a document in one source file, <stem>.cpp, which
#                                first includes dorm, the generated example headers and the
#                                standard headers snippets use (FRAGMENT_PRELUDE).
#   ```cpp fragment(T& x, U y)   the same, with these parameters after `db`: the names the
#                                snippet uses without declaring them.
#   ```cpp declarations          namespace-scope code (using-declarations, structs, functions)
#                                for the fragments after it in the same document.
#
# `#include` lines of fragments and declarations move to the top of <stem>.cpp (they cannot
# appear inside a function). Every block starts with a #line directive naming the Markdown file
# and line, so a compiler error points into the document. A block that deliberately is not
# compilable C++ (generated code with `...` elisions, a list of declarations) uses the fence
# ```c++ instead, which GitHub highlights the same way; it is not extracted.
#
# Used two ways:
#   include(extract_snippets.cmake) then dorm_extract_snippets(<md> <rel> <outdir> <stem> <var>)
#     at configure time: writes the sources (only when their text changed, so an unchanged
#     document recompiles nothing) and appends their paths to <var>.
#   cmake -DDOC=<md> [-DREL=<name in #line>] -DOUT_DIR=<dir> -P extract_snippets.cmake
#     the same for one file, for the extractor's own tests; prints the sources written.
# A malformed document stops with `<file>:<line>: error: ...`.

# Run as a script (-P), it needs the policies of the project's CMake version (IN_LIST).
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  cmake_minimum_required(VERSION 3.20)
endif()

# What every fragment translation unit includes before its blocks. Set by the caller; the
# default serves the extractor's tests.
if(NOT DEFINED DORM_SNIPPET_FRAGMENT_PRELUDE)
  set(DORM_SNIPPET_FRAGMENT_PRELUDE "#include <dorm/dorm.hpp>\n")
endif()

# Writes `content` to `path` unless the file already holds exactly that text.
function(_dorm_snippets_write path content)
  if(EXISTS "${path}")
    file(READ "${path}" old)
    if(old STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE "${path}" "${content}")
endfunction()

# Number of lines in `text` (it ends with a newline), into `out`.
function(_dorm_snippets_count_lines text out)
  string(REGEX MATCHALL "\n" newlines "${text}")
  list(LENGTH newlines n)
  set(${out} ${n} PARENT_SCOPE)
endfunction()

function(dorm_extract_snippets md rel out_dir stem out_var)
  file(READ "${md}" text)
  if(NOT text MATCHES "\n$")
    string(APPEND text "\n")
  endif()

  set(includes "")        # hoisted #include lines of fragments and declarations
  set(body "")            # the fragments and declarations, in document order
  set(written "")         # sources written for this document
  set(has_fragments FALSE)

  set(line_no 0)
  set(in_block FALSE)     # inside a ```cpp block we extract
  set(in_other FALSE)     # inside any other fenced block (skipped)
  while(NOT text STREQUAL "")
    string(FIND "${text}" "\n" eol)
    string(SUBSTRING "${text}" 0 ${eol} line)
    math(EXPR next "${eol} + 1")
    string(SUBSTRING "${text}" ${next} -1 text)
    math(EXPR line_no "${line_no} + 1")

    if(in_other)
      if(line MATCHES "^ *```+ *$")
        set(in_other FALSE)
      endif()
      continue()
    endif()

    if(NOT in_block)
      if(line MATCHES "^( *)```cpp(.*)$")
        set(indent "${CMAKE_MATCH_1}")
        string(STRIP "${CMAKE_MATCH_2}" marking)
        if(marking STREQUAL "" AND NOT CMAKE_MATCH_2 STREQUAL "")
          # "```cpp " with trailing blanks only: a complete block, like "```cpp".
        elseif(NOT marking STREQUAL "" AND NOT CMAKE_MATCH_2 MATCHES "^ ")
          # "```cppfoo" is another language, not ours.
          set(in_other TRUE)
          continue()
        endif()
        if(marking STREQUAL "")
          set(kind complete)
        elseif(marking STREQUAL "declarations")
          set(kind declarations)
        elseif(marking MATCHES "^fragment(\\((.*)\\))?$")
          set(kind fragment)
          set(params "${CMAKE_MATCH_2}")
        else()
          message(FATAL_ERROR "${rel}:${line_no}: error: unknown marking '${marking}' after ```cpp; "
            "use nothing (a complete file), 'fragment', 'fragment(<parameters>)' or "
            "'declarations' (see tests/docs/extract_snippets.cmake), or the fence ```c++ for a "
            "block that is not meant to compile")
        endif()
        set(in_block TRUE)
        set(block_start ${line_no})
        math(EXPR first_line "${line_no} + 1")
        set(code "")
        set(block_includes "")
      elseif(line MATCHES "^ *```")
        set(in_other TRUE)
      endif()
      continue()
    endif()

    # Inside a ```cpp block.
    if(line MATCHES "^ *``` *$")
      set(in_block FALSE)
      if(kind STREQUAL "complete")
        set(path "${out_dir}/${stem}_${block_start}.cpp")
        _dorm_snippets_write("${path}"
          "// @generated from ${rel}:${block_start} by tests/docs/extract_snippets.cmake\n#line ${first_line} \"${rel}\"\n${code}")
        list(APPEND written "${path}")
      else()
        set(has_fragments TRUE)
        string(APPEND includes "${block_includes}")
        string(APPEND body "// ${rel}:${block_start} (${kind})\n")
        if(kind STREQUAL "fragment")
          set(signature "dorm::Database& db")
          if(NOT params STREQUAL "")
            string(APPEND signature ", ${params}")
          endif()
          # The inner braces let a snippet declare its own `db`.
          string(APPEND body "namespace ${stem}_${block_start} {\nvoid fragment(${signature}) {\n{\n"
            "#line ${first_line} \"${rel}\"\n${code}")
          set(tail "}\n}\n}  // namespace ${stem}_${block_start}\n")
        else()
          string(APPEND body "#line ${first_line} \"${rel}\"\n${code}")
          set(tail "")
        endif()
        # Back to the generated file's own numbering: the line after this directive.
        _dorm_snippets_count_lines("${body}" n)
        math(EXPR n "${n} + 2")
        string(APPEND body "#line @@LINE_${n}@@ \"${stem}.cpp\"\n${tail}")
      endif()
      continue()
    endif()
    if(line MATCHES "^ *```")
      message(FATAL_ERROR "${rel}:${line_no}: error: a fence opens inside the ```cpp block that "
        "starts at line ${block_start}; close that block first")
    endif()
    # Content lines lose the fence's indentation (a block inside a list item).
    if(NOT indent STREQUAL "" AND line MATCHES "^${indent}")
      string(LENGTH "${indent}" n)
      string(SUBSTRING "${line}" ${n} -1 line)
    endif()
    if(NOT kind STREQUAL "complete" AND line MATCHES "^ *#include ")
      string(APPEND block_includes "${line}\n")
      set(line "")   # keeps the block's line numbers
    endif()
    string(APPEND code "${line}\n")
  endwhile()

  if(in_block)
    message(FATAL_ERROR "${rel}:${block_start}: error: the ```cpp block that starts here is never closed")
  endif()

  if(has_fragments)
    set(head "// @generated from ${rel} by tests/docs/extract_snippets.cmake: its ```cpp fragment and\n")
    string(APPEND head "// ```cpp declarations blocks, in document order.\n")
    string(APPEND head "${DORM_SNIPPET_FRAGMENT_PRELUDE}${includes}")
    # Each "#line @@LINE_<n>@@" counted lines within `body`; shift by the head's length.
    _dorm_snippets_count_lines("${head}" offset)
    string(REGEX MATCHALL "@@LINE_[0-9]+@@" markers "${body}")
    foreach(marker IN LISTS markers)
      string(REGEX REPLACE "@@LINE_([0-9]+)@@" "\\1" n "${marker}")
      math(EXPR n "${n} + ${offset}")
      string(REPLACE "${marker}" "${n}" body "${body}")
    endforeach()
    set(path "${out_dir}/${stem}.cpp")
    _dorm_snippets_write("${path}" "${head}${body}")
    list(APPEND written "${path}")
  endif()

  # Sources of blocks that moved or went away would otherwise linger in the folder.
  file(GLOB old_sources "${out_dir}/${stem}.cpp" "${out_dir}/${stem}_*.cpp")
  foreach(old IN LISTS old_sources)
    get_filename_component(name "${old}" NAME)
    if(name MATCHES "^${stem}(_[0-9]+)?\\.cpp$" AND NOT old IN_LIST written)
      file(REMOVE "${old}")
    endif()
  endforeach()

  set(${out_var} ${${out_var}} ${written} PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED DOC)
  get_filename_component(doc_stem "${DOC}" NAME_WE)
  file(MAKE_DIRECTORY "${OUT_DIR}")
  set(sources "")
  if(NOT DEFINED REL)
    set(REL "${DOC}")
  endif()
  dorm_extract_snippets("${DOC}" "${REL}" "${OUT_DIR}" "${doc_stem}" sources)
  foreach(source IN LISTS sources)
    message(STATUS "wrote ${source}")
  endforeach()
endif()
