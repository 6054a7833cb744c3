# What `make install PREFIX=DIR` (cmake --install) puts where. DESTDIR is
# honoured by cmake --install itself. Paths are the ones the documentation
# promises (lib/, not lib/<multiarch>/), so that PREFIX/lib/pkgconfig and
# PREFIX/lib/python3/dist-packages are where users look.
#   bin/aiwatt
#   lib/libaiwatt.so.0 (SONAME), libaiwatt.so, libaiwatt.a, pkgconfig/aiwatt.pc
#   include/aiwatt.h, include/aiwatt/*.h (with the generated version.h)
#   share/man/man1/aiwatt.1, aiwatt-COMMAND.1; share/man/man3/libaiwatt.3
#   share/bash-completion/completions/aiwatt
#   lib/python3/dist-packages/aiwatt/
install(TARGETS aiwatt_cli RUNTIME DESTINATION bin)
install(TARGETS aiwatt_shared aiwatt
        LIBRARY DESTINATION lib
        ARCHIVE DESTINATION lib)
install(FILES ${PROJECT_SOURCE_DIR}/include/aiwatt.h DESTINATION include)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/aiwatt
                  ${PROJECT_BINARY_DIR}/include/aiwatt
        DESTINATION include FILES_MATCHING PATTERN "*.h")

set(AIWATT_PC_DL "")
foreach(lib ${CMAKE_DL_LIBS})
  string(APPEND AIWATT_PC_DL "-l${lib}")
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/aiwatt.pc.in ${PROJECT_BINARY_DIR}/aiwatt.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/aiwatt.pc DESTINATION lib/pkgconfig)

install(FILES ${PROJECT_SOURCE_DIR}/tool/completion/aiwatt.bash
        DESTINATION share/bash-completion/completions RENAME aiwatt)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/bindings/python/aiwatt
        DESTINATION lib/python3/dist-packages
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
