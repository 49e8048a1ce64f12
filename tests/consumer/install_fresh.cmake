# cmake -D BUILD_DIR=<dorm build> -D PREFIX=<dir> [-D CONFIG=<config>] [-D CHECK=<paths>]
#       -P install_fresh.cmake          (CHECK: paths separated by |)
# Installs the build into an emptied PREFIX, so the consumer sees only what install provides,
# and checks that each of the CHECK paths (relative to PREFIX) was installed.
file(REMOVE_RECURSE "${PREFIX}")
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${config_args}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${result})")
endif()
string(REPLACE "|" ";" CHECK "${CHECK}")
foreach(file IN LISTS CHECK)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
