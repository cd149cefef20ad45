# followup_add_plugin(NAME
#     ID <id> VERSION <x.y.z> DISPLAY_NAME <text>
#     SOURCES <files...>
#     [BOARDS <board ids...>]
#     [OUTPUT_DIRECTORY <dir>]      default: the build's plugin folder, else the current binary dir
#     [INSTALL_DESTINATION <dir>])  install the library and its manifest there
#
# Makes a MODULE library that links followup::sdk only, with hidden visibility (the one
# exported symbol is the version record) and -z defs (an unresolved symbol fails the link
# instead of killing the host when first called), and writes the plugin's manifest,
# <NAME>.plugin.toml, beside it: the host reads the manifest to list a plugin without running
# any of its code.
include_guard(GLOBAL)

function(followup_add_plugin NAME)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "ID;VERSION;DISPLAY_NAME;OUTPUT_DIRECTORY;INSTALL_DESTINATION"
                          "SOURCES;BOARDS")
    foreach(required ID VERSION DISPLAY_NAME SOURCES)
        if(NOT ARG_${required})
            message(FATAL_ERROR "followup_add_plugin(${NAME}): ${required} is required")
        endif()
    endforeach()
    if(NOT ARG_ID MATCHES "^[a-z][a-z0-9_-]*$")
        message(FATAL_ERROR "followup_add_plugin(${NAME}): ID '${ARG_ID}' must be lower-case letters, digits, '_' or '-'")
    endif()
    if(ARG_DISPLAY_NAME MATCHES "[\"\\\\]")
        message(FATAL_ERROR "followup_add_plugin(${NAME}): DISPLAY_NAME must not contain quotes or backslashes")
    endif()
    if(NOT ARG_OUTPUT_DIRECTORY)
        if(FOLLOWUP_PLUGIN_BUILD_DIR)
            set(ARG_OUTPUT_DIRECTORY ${FOLLOWUP_PLUGIN_BUILD_DIR})
        else()
            set(ARG_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
        endif()
    endif()

    add_library(${NAME} MODULE ${ARG_SOURCES})
    target_link_libraries(${NAME} PRIVATE followup::sdk)
    target_compile_features(${NAME} PRIVATE cxx_std_20)
    target_compile_definitions(${NAME} PRIVATE
        "FOLLOWUP_PLUGIN_ID=\"${ARG_ID}\""
        "FOLLOWUP_PLUGIN_VERSION=\"${ARG_VERSION}\""
        "FOLLOWUP_PLUGIN_DISPLAY_NAME=\"${ARG_DISPLAY_NAME}\"")
    target_link_options(${NAME} PRIVATE "LINKER:-z,defs")
    set_target_properties(${NAME} PROPERTIES
        PREFIX ""
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON
        LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})

    set(boards "")
    foreach(board IN LISTS ARG_BOARDS)
        list(APPEND boards "\"${board}\"")
    endforeach()
    list(JOIN boards ", " boards)
    file(GENERATE OUTPUT ${ARG_OUTPUT_DIRECTORY}/${NAME}.plugin.toml CONTENT
"# Plugin manifest, written by followup_add_plugin(). The host reads it to list the plugin
# without loading it; the library's version record must agree with it. Schema:
# followup-plugin-manifest.schema.json, installed beside the SDK's CMake package.
id = \"${ARG_ID}\"
version = \"${ARG_VERSION}\"
display_name = \"${ARG_DISPLAY_NAME}\"
sdk_abi = ${FOLLOWUP_SDK_ABI_VERSION}
sdk_abi_minor = ${FOLLOWUP_SDK_ABI_MINOR}
library = \"$<TARGET_FILE_NAME:${NAME}>\"
boards = [${boards}]
")
    if(ARG_INSTALL_DESTINATION)
        install(TARGETS ${NAME} LIBRARY DESTINATION ${ARG_INSTALL_DESTINATION})
        install(FILES ${ARG_OUTPUT_DIRECTORY}/${NAME}.plugin.toml DESTINATION ${ARG_INSTALL_DESTINATION})
    endif()
endfunction()
