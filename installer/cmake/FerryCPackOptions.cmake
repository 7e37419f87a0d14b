# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "TGZ")
    # The archive unpacks to ferry-<version>-Linux/{bin,share}: run bin/ferry from anywhere, it
    # finds its data in ../share/ferry.
    set(CPACK_PACKAGING_INSTALL_PREFIX "/")
endif()
