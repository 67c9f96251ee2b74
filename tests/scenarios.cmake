# The scenario interpreter (tools/scenario*.c, tools/shell.c): its unit
# suite, every scenarios/*.scn run by `irqlab run`, scenarios that must fail
# with FILE:LINE, and the shell fed from a pipe.  Included at the end of
# tests/CMakeLists.txt.

if(TARGET check_scenario)
  # The interpreter is part of the CLI, not of the library: link its
  # sources (everything in tools/ but main()) into the suite.
  file(GLOB IRQLAB_SCN_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tools/*.c)
  list(FILTER IRQLAB_SCN_SOURCES EXCLUDE REGEX "/tools/irqlab\\.c$")
  target_sources(check_scenario PRIVATE ${IRQLAB_SCN_SOURCES})
  target_include_directories(check_scenario PRIVATE ${PROJECT_SOURCE_DIR}/tools)
endif()

set(IRQLAB_SCN_CLI $<TARGET_FILE:irqlab_cli>)

# Every scenario must pass: exit status 0, every expectation held.  A file
# with a "# platforms: x86 gic hyperv" line is also run on each platform
# listed (irqlab run --platform P), so one session is replayed everywhere.
file(GLOB IRQLAB_SCENARIOS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.scn)
foreach(scn ${IRQLAB_SCENARIOS})
  get_filename_component(name ${scn} NAME_WE)
  add_test(NAME scenario_${name} COMMAND ${IRQLAB_SCN_CLI} run ${scn})
  set_tests_properties(scenario_${name} PROPERTIES LABELS "unit;scenario" TIMEOUT 300
                       WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  file(STRINGS ${scn} plat_line REGEX "^# platforms:" LIMIT_COUNT 1)
  if(plat_line)
    string(REGEX REPLACE "^# platforms:[ \t]*" "" plat_list "${plat_line}")
    string(REGEX REPLACE "[ \t]+" ";" plat_list "${plat_list}")
    foreach(plat ${plat_list})
      add_test(NAME scenario_${name}@${plat}
               COMMAND ${IRQLAB_SCN_CLI} run -q --platform ${plat} ${scn})
      set_tests_properties(scenario_${name}@${plat} PROPERTIES LABELS "unit;scenario"
                           TIMEOUT 300 WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    endforeach()
  endif()
  if(IRQLAB_MEMCHECK AND VALGRIND_EXECUTABLE)
    add_test(NAME memcheck_scenario_${name}
             COMMAND ${VALGRIND_EXECUTABLE} ${IRQLAB_VALGRIND_OPTS} ${IRQLAB_SCN_CLI} run -q ${scn})
    set_tests_properties(memcheck_scenario_${name} PROPERTIES LABELS memcheck TIMEOUT 1200
                         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
endforeach()

# Scenarios that must fail, with the exit status and the FILE:LINE message.
set(IRQLAB_SCN_FAIL ${CMAKE_CURRENT_SOURCE_DIR}/scenario_fail.sh)
set(IRQLAB_SCN_BAD ${CMAKE_CURRENT_SOURCE_DIR}/scenarios)
add_test(NAME scenario_fails_wrong_expect COMMAND sh ${IRQLAB_SCN_FAIL} ${IRQLAB_SCN_CLI}
         ${IRQLAB_SCN_BAD}/wrong-expect.scn 1
         "wrong-expect.scn:9: expect: \"CPU3\" not found in the output of line 7")
add_test(NAME scenario_fails_unknown_verb COMMAND sh ${IRQLAB_SCN_FAIL} ${IRQLAB_SCN_CLI}
         ${IRQLAB_SCN_BAD}/unknown-verb.scn 1
         "unknown-verb.scn:7: unknown verb 'frobnicate'")
add_test(NAME scenario_fails_unexpected_error COMMAND sh ${IRQLAB_SCN_FAIL} ${IRQLAB_SCN_CLI}
         ${IRQLAB_SCN_BAD}/unexpected-error.scn 1
         "unexpected-error.scn:6: cpu 0 offline: EBUSY (Device or resource busy)")
add_test(NAME scenario_fails_missing_file COMMAND sh ${IRQLAB_SCN_FAIL} ${IRQLAB_SCN_CLI}
         ${IRQLAB_SCN_BAD}/does-not-exist.scn 2 "irqlab: cannot open")
set_tests_properties(scenario_fails_wrong_expect scenario_fails_unknown_verb
                     scenario_fails_unexpected_error scenario_fails_missing_file
                     PROPERTIES LABELS "unit;scenario")

# The shell as a new user meets it, fed from a pipe.
add_test(NAME cli_shell_session COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/shell_session.sh
         ${IRQLAB_SCN_CLI})
add_test(NAME cli_help_verb COMMAND sh -c
  "out=$(\"$0\" help fire) && echo \"$out\" | grep -q '^example:' && echo \"$out\" | grep -q 'fire NAME VECS'" ${IRQLAB_SCN_CLI})
add_test(NAME cli_help_unknown_verb COMMAND sh -c
  "out=$(\"$0\" help frobnicate 2>&1); rc=$?; echo \"$out\"; [ $rc -eq 2 ] && echo \"$out\" | grep -q \"unknown verb 'frobnicate'\"" ${IRQLAB_SCN_CLI})
add_test(NAME cli_run_unknown_platform COMMAND sh -c
  "out=$(\"$0\" run --platform arm \"$1\" 2>&1); rc=$?; echo \"$out\"; [ $rc -eq 2 ] && echo \"$out\" | grep -q \"unknown platform 'arm'\"" ${IRQLAB_SCN_CLI} ${PROJECT_SOURCE_DIR}/scenarios/verb-machine.scn)
set_tests_properties(cli_shell_session cli_help_verb cli_help_unknown_verb cli_run_unknown_platform
                     PROPERTIES LABELS unit)

# The DOT pictures render with the real Graphviz, when it is installed.
find_program(IRQLAB_GRAPHVIZ_DOT dot)
if(IRQLAB_GRAPHVIZ_DOT)
  add_test(NAME scenario_pictures_render COMMAND sh -c
    "\"$0\" run -q \"$1\" && for f in mana0-domains mana0-irq; do \"$2\" -Tsvg $f.dot -o $f.svg && grep -q '<svg' $f.svg || exit 1; done"
    ${IRQLAB_SCN_CLI} ${PROJECT_SOURCE_DIR}/docs/pictures/mana0.scn ${IRQLAB_GRAPHVIZ_DOT})
  set_tests_properties(scenario_pictures_render PROPERTIES LABELS "unit;scenario"
                       WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endif()
