# `cmake --install build --prefix PREFIX`: the programs, the data they find at run time (share-folder/) and the
# Python package with its pytest entry point, so `pytest -p atmbench` (or auto-loading) works outside this tree.
#   PREFIX/bin/atmbench, PREFIX/bin/atmbench-terminal          {bin_dir} of fixtures/terminals/reference.yaml
#   PREFIX/share/atmbench/fixtures, …/scenarios                step 5 of the share folder search
#   PREFIX/${ATMBENCH_INSTALL_PYTHONDIR}/atmbench/              the package (_core + the pure-Python files)
#   PREFIX/${ATMBENCH_INSTALL_PYTHONDIR}/atmbench-VERSION.dist-info   entry_points.txt: [pytest11] atmbench
# ATMBENCH_INSTALL_PYTHONDIR is set in python/CMakeLists.txt (the module needs it to find PREFIX).
# Debian's python3 reads /usr/lib/python3/dist-packages but, under /usr/local, only lib/python3.X/dist-packages:
# an atmbench.pth there names the package folder, so an install under /usr/local is found without PYTHONPATH.
install(TARGETS atmbench atmbench-terminal RUNTIME DESTINATION bin)
install(DIRECTORY fixtures scenarios DESTINATION share/atmbench
        PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)

install(TARGETS _core LIBRARY DESTINATION ${ATMBENCH_INSTALL_PYTHONDIR}/atmbench)
install(DIRECTORY python/atmbench/ DESTINATION ${ATMBENCH_INSTALL_PYTHONDIR}/atmbench FILES_MATCHING PATTERN "*.py")

# The distribution's metadata: what importlib.metadata (and so pytest's plugin auto-loading) reads.
set(ATMBENCH_DIST_INFO ${CMAKE_BINARY_DIR}/install/atmbench-${PROJECT_VERSION}.dist-info)
file(WRITE ${ATMBENCH_DIST_INFO}/METADATA
     "Metadata-Version: 2.1\nName: atmbench\nVersion: ${PROJECT_VERSION}\n"
     "Summary: Conformance bench for ATMs: simulated host and devices around a real terminal, judged by rules\n")
file(WRITE ${ATMBENCH_DIST_INFO}/entry_points.txt "[pytest11]\natmbench = atmbench.pytest_plugin\n")
file(WRITE ${ATMBENCH_DIST_INFO}/top_level.txt "atmbench\n")
file(WRITE ${ATMBENCH_DIST_INFO}/INSTALLER "cmake\n")
install(DIRECTORY ${ATMBENCH_DIST_INFO} DESTINATION ${ATMBENCH_INSTALL_PYTHONDIR})

set(ATMBENCH_SITE_DIR lib/python${ATMBENCH_PYTHON_VERSION}/dist-packages)
if(NOT ATMBENCH_SITE_DIR STREQUAL ATMBENCH_INSTALL_PYTHONDIR)
  file(RELATIVE_PATH pth_line /p/${ATMBENCH_SITE_DIR} /p/${ATMBENCH_INSTALL_PYTHONDIR})
  file(WRITE ${CMAKE_BINARY_DIR}/install/atmbench.pth "${pth_line}\n")
  install(FILES ${CMAKE_BINARY_DIR}/install/atmbench.pth DESTINATION ${ATMBENCH_SITE_DIR})
endif()
