# Generates one man page with pandoc from the documentation, so the pages
# and the docs are one source. Run in script mode by docs/CMakeLists.txt:
#   cmake -DKIND=command|overview|library -DIN=page.md -DOUT=page.N
#         -DNAME=aiwatt-estimate -DSECTION=1 -DVERSION=0.1.0 -DPANDOC=pandoc
#         -DAIWATT=path/to/aiwatt -DSOURCE_DIR=repo -P ManPage.cmake
# command:  docs/cli/aiwatt-CMD.md; NAME's one-line summary is the command's
#           own, from `aiwatt --help` (a doc for no command fails the build).
# overview: docs/man/aiwatt.md; its <!-- commands --> and <!-- exit-codes -->
#           markers become the command list from `aiwatt --help` and
#           docs/cli/exit-codes.md.
# library:  docs/man/libaiwatt.md; <!-- aiwatt.h -->, <!-- status-codes -->
#           and <!-- hello.c --> become the header's overview comment, the
#           status table of include/aiwatt/status.h and examples/hello.c.
# Any failure (pandoc missing or failing, a marker or summary not found)
# stops the build: a page is never silently skipped.
cmake_minimum_required(VERSION 3.18)

function(fail msg)
  message(FATAL_ERROR "man page ${NAME}.${SECTION} from ${IN}: ${msg}")
endfunction()

# The commands and their summaries, from the program itself.
function(read_commands out_names out_summaries)
  execute_process(COMMAND ${AIWATT} --help OUTPUT_VARIABLE help
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("`aiwatt --help` failed (${rc}): ${err}")
  endif()
  string(REGEX MATCH "\ncommands:\n(.*)" section "${help}")
  if(NOT section)
    fail("no 'commands:' list in `aiwatt --help`")
  endif()
  string(REPLACE "\n" ";" lines "${CMAKE_MATCH_1}")
  set(names "")
  set(summaries "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^  ([a-z][a-z0-9-]*)  +(.+)$")
      list(APPEND names "${CMAKE_MATCH_1}")
      string(REPLACE ";" "," summary "${CMAKE_MATCH_2}")
      list(APPEND summaries "${summary}")
    elseif(line STREQUAL "")
      break()
    endif()
  endforeach()
  if(NOT names)
    fail("no command in `aiwatt --help`")
  endif()
  set(${out_names} "${names}" PARENT_SCOPE)
  set(${out_summaries} "${summaries}" PARENT_SCOPE)
endfunction()

function(replace_marker var marker text)
  string(FIND "${${var}}" "<!-- ${marker} -->" at)
  if(at EQUAL -1)
    fail("marker <!-- ${marker} --> not found")
  endif()
  string(REPLACE "<!-- ${marker} -->" "${text}" replaced "${${var}}")
  set(${var} "${replaced}" PARENT_SCOPE)
endfunction()

file(READ ${IN} doc)
string(TOUPPER "${NAME}" title)

if(KIND STREQUAL "command")
  # "# aiwatt estimate", a synopsis code block, then the description.
  if(NOT doc MATCHES "^# aiwatt ([a-z][a-z0-9-]*)\n")
    fail("the first line must be '# aiwatt COMMAND'")
  endif()
  set(command "${CMAKE_MATCH_1}")
  read_commands(names summaries)
  list(FIND names "${command}" index)
  if(index EQUAL -1)
    fail("'${command}' is not a command of `aiwatt --help` (remove or rename the doc)")
  endif()
  list(GET summaries ${index} summary)
  string(REGEX REPLACE "^# [^\n]*\n+" "" body "${doc}")
  set(synopsis "")
  if(body MATCHES "^(```[^\n]*\n[^`]*```\n)(.*)$")
    set(synopsis "## SYNOPSIS\n\n${CMAKE_MATCH_1}\n")
    set(body "${CMAKE_MATCH_2}")
  endif()
  set(page "# ${title}\n\n## NAME\n\n${NAME} - ${summary}\n\n${synopsis}## DESCRIPTION\n\n${body}\n\n## SEE ALSO\n\n**aiwatt**(1)\n")
elseif(KIND STREQUAL "overview")
  read_commands(names summaries)
  set(list_md "")
  set(see_also "")
  foreach(name summary IN ZIP_LISTS names summaries)
    string(APPEND list_md "**${name}**\n:   ${summary}; **aiwatt-${name}**(1).\n\n")
    string(APPEND see_also "**aiwatt-${name}**(1), ")
  endforeach()
  file(READ ${SOURCE_DIR}/docs/cli/exit-codes.md exit_codes)
  string(REGEX REPLACE "^# [^\n]*\n+" "" exit_codes "${exit_codes}")
  set(page "${doc}")
  replace_marker(page "commands" "${list_md}")
  replace_marker(page "exit-codes" "${exit_codes}")
  replace_marker(page "see-also" "${see_also}**libaiwatt**(3)")
elseif(KIND STREQUAL "library")
  file(READ ${SOURCE_DIR}/include/aiwatt.h header)
  if(NOT header MATCHES "^/\\*\n \\* aiwatt.h - [^\n]*\n \\*\n(.*)\n \\*/\n#ifndef")
    fail("include/aiwatt.h does not start with its overview comment")
  endif()
  string(REGEX REPLACE "\n \\* ?" "\n" overview "\n${CMAKE_MATCH_1}")
  # The comment's paragraphs become text (a "*" is a "*"); its indented
  # blocks, each after an empty line, code.
  string(REPLACE "*" "\\*" overview "${overview}")
  string(REGEX REPLACE "\n(  [^\n]*)" "\n    \\1" overview "${overview}")
  file(READ ${SOURCE_DIR}/include/aiwatt/status.h status_h)
  string(REGEX MATCHALL "XX\\(([A-Z_]+), ([0-9]+), \"([^\"]*)\"\\)" rows "${status_h}")
  if(NOT rows)
    fail("no status codes found in include/aiwatt/status.h")
  endif()
  set(status_md "| code | value | meaning |\n|---|---|---|\n")
  foreach(row IN LISTS rows)
    string(REGEX MATCH "XX\\(([A-Z_]+), ([0-9]+), \"([^\"]*)\"\\)" _ "${row}")
    string(APPEND status_md "| AW_${CMAKE_MATCH_1} | ${CMAKE_MATCH_2} | ${CMAKE_MATCH_3} |\n")
  endforeach()
  file(READ ${SOURCE_DIR}/examples/hello.c hello)
  set(page "${doc}")
  replace_marker(page "aiwatt.h" "${overview}")
  replace_marker(page "status-codes" "${status_md}")
  replace_marker(page "hello.c" "```c\n${hello}```")
else()
  fail("unknown KIND '${KIND}'")
endif()

get_filename_component(out_dir ${OUT} DIRECTORY)
set(tmp ${OUT}.md)
file(WRITE ${tmp} "${page}")
# The first heading becomes the title (.TH); "##" sections become .SH.
execute_process(
  COMMAND ${PANDOC} --standalone --from markdown-smart --to man
          --shift-heading-level-by=-1
          --metadata "title=${title}" --metadata "section=${SECTION}"
          --metadata "header=aiwatt manual" --metadata "footer=aiwatt ${VERSION}"
          --metadata "date=" --output ${OUT} ${tmp}
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  fail("pandoc failed (${rc}): ${err}")
endif()
