# Install rules: `cmake --install <build>` puts dorm where find_package(dorm CONFIG) finds it.
#
#   <prefix>/include/dorm/...                    runtime headers
#   <prefix>/lib/libdorm_runtime.*               dorm::runtime
#   <prefix>/bin/dorm-gen                        dorm::dorm-gen (imported executable)
#   <prefix>/lib/cmake/dorm/dormConfig.cmake     find_dependency(SQLite3), targets, dorm_generate()
#   <prefix>/lib/cmake/dorm/dormConfigVersion.cmake
#   <prefix>/lib/cmake/dorm/dormTargets*.cmake   export set dormTargets, namespace dorm::
#   <prefix>/lib/cmake/dorm/DormGenerate.cmake   the same file the build tree uses
#
# dorm-gen's templates are embedded in the binary, so there are no data files to install.
# DORM_INSTALL is on when dorm is the top-level project; a project that add_subdirectory()s
# dorm gets no dorm install rules unless it turns it on.

option(DORM_INSTALL "Generate dorm's install rules" ${DORM_IS_TOP_LEVEL})
if(NOT DORM_INSTALL)
  return()
endif()

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DORM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/dorm"
    CACHE STRING "Where dorm's CMake package files are installed, relative to the prefix")
mark_as_advanced(DORM_INSTALL_CMAKEDIR)

install(TARGETS dorm_runtime dorm-gen
  EXPORT dormTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.hpp")

install(EXPORT dormTargets
  NAMESPACE dorm::
  DESTINATION "${DORM_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/dormConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/dormConfig.cmake"
  INSTALL_DESTINATION "${DORM_INSTALL_CMAKEDIR}")

# 0.x: a minor release may break the API, so only the same minor version is compatible.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/dormConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)

install(FILES
  "${PROJECT_BINARY_DIR}/cmake/dormConfig.cmake"
  "${PROJECT_BINARY_DIR}/cmake/dormConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/DormGenerate.cmake"
  DESTINATION "${DORM_INSTALL_CMAKEDIR}")
