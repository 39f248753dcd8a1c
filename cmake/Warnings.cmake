# Warnings.cmake: the project's warning set, as an INTERFACE target that every
# target links, so flags never leak through CMAKE_C_FLAGS.
add_library(nm_warnings INTERFACE)
target_compile_options(nm_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wvla
  -Wformat=2 -Wcast-qual -Wpointer-arith -Wundef -Wwrite-strings
  -Wnull-dereference -Wdouble-promotion -Wmissing-declarations)
if(NEWSMILL_WERROR)
  target_compile_options(nm_warnings INTERFACE -Werror)
endif()
