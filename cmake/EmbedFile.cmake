# Turns a data file into a C array: cmake -DIN=file -DOUT=file.c -DNAME=sym -P EmbedFile.cmake
# A cmake -P script needs nothing beyond CMake (no xxd, no Perl); #embed is C23, not C11.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR byte_len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
get_filename_component(base "${IN}" NAME)
file(WRITE "${OUT}"
"/* Generated from data/${base} by cmake/EmbedFile.cmake: do not edit. */\n"
"#include <stddef.h>\n"
"const unsigned char ${NAME}[] = {\n${bytes}0x00\n};\n"
"const size_t ${NAME}_len = ${byte_len};\n")
