# `make coverage` (top-level Makefile) builds with -DIRQLAB_COVERAGE=ON and
# runs the `coverage` target: zero counters, baseline, run the unit suites
# without fork, capture, merge, keep only the library's own sources, report.
set(IRQLAB_COVERAGE_MIN_LINES 90 CACHE STRING "Minimum line coverage of irqcore/ (percent)")
if(IRQLAB_COVERAGE)
  find_program(LCOV lcov)
  find_program(GENHTML genhtml)
  if(LCOV AND GENHTML)
    set(COV_DIR ${PROJECT_BINARY_DIR}/coverage)
    set(LCOV_RC --rc lcov_branch_coverage=1)
    add_custom_target(coverage
      COMMAND ${CMAKE_COMMAND} -E make_directory ${COV_DIR}
      COMMAND ${LCOV} ${LCOV_RC} --quiet --zerocounters --directory ${PROJECT_BINARY_DIR}
      COMMAND ${LCOV} ${LCOV_RC} --quiet --capture --initial --directory ${PROJECT_BINARY_DIR}
              --output-file ${COV_DIR}/base.info
      COMMAND ${CMAKE_COMMAND} -E env CK_FORK=no
              ${CMAKE_CTEST_COMMAND} -L unit --output-on-failure --no-tests=error
      COMMAND ${LCOV} ${LCOV_RC} --quiet --capture --directory ${PROJECT_BINARY_DIR}
              --output-file ${COV_DIR}/run.info
      COMMAND ${LCOV} ${LCOV_RC} --quiet -a ${COV_DIR}/base.info -a ${COV_DIR}/run.info
              --output-file ${COV_DIR}/total.info
      COMMAND ${LCOV} ${LCOV_RC} --quiet --extract ${COV_DIR}/total.info
              "${PROJECT_SOURCE_DIR}/irqcore/*" "${PROJECT_SOURCE_DIR}/domains/*"
              "${PROJECT_SOURCE_DIR}/chips/*" "${PROJECT_SOURCE_DIR}/include/*"
              --output-file ${COV_DIR}/lib.info
      COMMAND ${LCOV} ${LCOV_RC} --quiet --extract ${COV_DIR}/total.info
              "${PROJECT_SOURCE_DIR}/irqcore/*" --output-file ${COV_DIR}/irqcore.info
      COMMAND ${GENHTML} ${LCOV_RC} --quiet --branch-coverage ${COV_DIR}/lib.info
              --output-directory ${COV_DIR}/html
      COMMAND ${CMAKE_COMMAND} -E echo "== coverage: library (irqcore, domains, chips) =="
      COMMAND ${LCOV} ${LCOV_RC} --summary ${COV_DIR}/lib.info
      COMMAND ${CMAKE_COMMAND} -E echo "== coverage: irqcore/ =="
      COMMAND ${LCOV} ${LCOV_RC} --summary ${COV_DIR}/irqcore.info
      # Ratchet: irqcore/ must keep at least 90% line coverage.
      COMMAND ${LCOV} ${LCOV_RC} --quiet --summary ${COV_DIR}/irqcore.info
              --fail-under-lines ${IRQLAB_COVERAGE_MIN_LINES}
      COMMAND ${CMAKE_COMMAND} -E echo "HTML report: ${COV_DIR}/html/index.html"
      WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
      VERBATIM)
  endif()
endif()
