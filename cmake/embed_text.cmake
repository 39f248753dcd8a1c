# embed_text.cmake: turns a text file into a C source defining it as a byte
# array, so data files (lexicons) are built into the program.
#
#   cmake -DINPUT=file.tsv -DOUTPUT=file.c -DSYMBOL=name -P embed_text.cmake
#
# defines `const char name[]` (the file's bytes followed by a NUL, which is not
# counted) and `const size_t name_len` (the file's length in bytes).
foreach(var INPUT OUTPUT SYMBOL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_text.cmake: -D${var}=... is required")
  endif()
endforeach()

file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR n_bytes "${hex_len} / 2")
# Explicit casts: bytes >= 0x80 do not fit a signed char without one.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "(char)0x\\1," body "${hex}")
# A line break every 16 bytes keeps the generated file readable by editors.
string(REGEX REPLACE "((\\(char\\)0x[0-9a-f][0-9a-f],){16})" "\\1\n" body "${body}")
get_filename_component(src_name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"/* Generated from ${src_name} by cmake/embed_text.cmake: do not edit. */
#include <stddef.h>

extern const char ${SYMBOL}[];
extern const size_t ${SYMBOL}_len;

const char ${SYMBOL}[] = {
${body}0};
const size_t ${SYMBOL}_len = ${n_bytes};
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
