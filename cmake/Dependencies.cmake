# Dependencies.cmake: every third-party library comes from a Debian package,
# found here and bundled into one INTERFACE target, nm_deps.
find_package(PkgConfig REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS C)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(CJSON REQUIRED IMPORTED_TARGET libcjson)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)

add_library(nm_deps INTERFACE)
target_link_libraries(nm_deps INTERFACE OpenMP::OpenMP_C PkgConfig::ZSTD PkgConfig::JANSSON
  PkgConfig::UTF8PROC PkgConfig::CJSON PkgConfig::XXHASH)

if(NEWSMILL_TESTS)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()
