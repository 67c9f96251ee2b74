# lspci: the Check suite links the renderer (tools/lspci.c) and the test
# devices; lspci_compare runs the real pciutils lspci on irqlab's dumps.
set(IRQLAB_LSPCI_SOURCES ${PROJECT_SOURCE_DIR}/tools/lspci.c
    ${CMAKE_CURRENT_SOURCE_DIR}/lspci_devices.c)

target_sources(check_lspci PRIVATE ${IRQLAB_LSPCI_SOURCES})
target_include_directories(check_lspci PRIVATE ${PROJECT_SOURCE_DIR}/tools)

add_executable(lspci_compare lspci_compare.c ${IRQLAB_LSPCI_SOURCES})
target_include_directories(lspci_compare PRIVATE ${PROJECT_SOURCE_DIR}/tools
                           ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(lspci_compare PRIVATE irqlab_obj)

# The real lspci: scripts/ensure-deps.sh installs pciutils, so `make test`
# has it; without it the test reports SKIP (exit 77) instead of failing.
find_program(LSPCI_EXECUTABLE lspci PATHS /usr/bin /usr/sbin /bin /sbin)
if(NOT LSPCI_EXECUTABLE)
  set(LSPCI_EXECUTABLE lspci)
endif()
add_test(NAME lspci_compare COMMAND lspci_compare ${LSPCI_EXECUTABLE})
set_tests_properties(lspci_compare PROPERTIES LABELS unit TIMEOUT 300
                     SKIP_RETURN_CODE 77)
