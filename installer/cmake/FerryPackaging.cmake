# Installation layout and packages (CPack): `make package` builds a .deb and a .tar.gz.
#
#   bin/ferry, bin/ferry-cli
#   share/ferry/{pricing,demo,schema,translations}     read-only data (see model/DataDirs.hpp)
#   share/applications/org.example.ferry.desktop       desktop entry, opens .ferry files
#   share/metainfo/org.example.ferry.metainfo.xml      AppStream metadata
#   share/mime/packages/org.example.ferry.xml          MIME type application/x-ferry-project
#   share/icons/hicolor/{N}x{N}/apps, scalable/apps    icons
#   share/man/man1/ferry-cli.1.gz                       generated from ferry-cli's own help
#   share/doc/ferry/                                    README and the user documentation

set(FERRY_APP_ID "org.example.ferry")
set(FERRY_LINUX_DIR "${PROJECT_SOURCE_DIR}/installer/linux")
set(FERRY_DATA_DEST "${CMAKE_INSTALL_DATADIR}/ferry")

install(DIRECTORY "${FERRY_RESOURCES_DIR}/pricing/" DESTINATION "${FERRY_DATA_DEST}/pricing"
        FILES_MATCHING PATTERN "*.json")
install(DIRECTORY "${FERRY_RESOURCES_DIR}/schema/" DESTINATION "${FERRY_DATA_DEST}/schema"
        FILES_MATCHING PATTERN "*.json")
install(FILES "${FERRY_RESOURCES_DIR}/demo/retail-demo.json" "${FERRY_RESOURCES_DIR}/demo/README.md"
        DESTINATION "${FERRY_DATA_DEST}/demo")
install(PROGRAMS "${FERRY_RESOURCES_DIR}/demo/generate-sample-data.sh"
        DESTINATION "${FERRY_DATA_DEST}/demo")

install(FILES README.md DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/ferry")
install(DIRECTORY docs/ DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/ferry" FILES_MATCHING PATTERN "*.md")

# The ferry-cli(1) man page, written from the binary's help at build time.
set(FERRY_MANPAGE "${PROJECT_BINARY_DIR}/man/ferry-cli.1")
add_custom_command(
    OUTPUT "${FERRY_MANPAGE}.gz"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${PROJECT_BINARY_DIR}/man"
    COMMAND "${FERRY_LINUX_DIR}/make-manpage.sh" "$<TARGET_FILE:ferry-cli>" "${FERRY_MANPAGE}"
    COMMAND gzip -9nf "${FERRY_MANPAGE}"
    DEPENDS ferry-cli "${FERRY_LINUX_DIR}/make-manpage.sh"
    COMMENT "Writing the ferry-cli(1) man page"
    VERBATIM)
add_custom_target(ferry_manpage ALL DEPENDS "${FERRY_MANPAGE}.gz")
install(FILES "${FERRY_MANPAGE}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

if(FERRY_BUILD_GUI)
    install(FILES "${FERRY_LINUX_DIR}/${FERRY_APP_ID}.desktop"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    install(FILES "${FERRY_LINUX_DIR}/${FERRY_APP_ID}.metainfo.xml"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    install(FILES "${FERRY_LINUX_DIR}/${FERRY_APP_ID}.mime.xml"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages" RENAME "${FERRY_APP_ID}.xml")
    install(FILES "${FERRY_RESOURCES_DIR}/icons/ferry.svg"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
            RENAME "${FERRY_APP_ID}.svg")
    foreach(size 16 24 32 48 64 128 256 512)
        install(FILES "${FERRY_RESOURCES_DIR}/icons/hicolor/${size}x${size}/apps/ferry.png"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps"
                RENAME "${FERRY_APP_ID}.png")
    endforeach()
endif()

# Packages.
set(CPACK_PACKAGE_NAME "ferry")
set(CPACK_PACKAGE_VENDOR "The Ferry developers")
set(CPACK_PACKAGE_CONTACT "Ferry developers <ferry@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Ferry plans and runs the migration of an estate of workloads (virtual machines, databases, file shares, object buckets, model artifacts and services) between data centres and clouds: dependency-safe waves, costs, a timeline and a forecast, and an engine that copies and verifies the data and resumes after a crash.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Ferry")
set(CPACK_PACKAGE_EXECUTABLES "ferry;Ferry")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/installer/cmake/FerryCPackOptions.cmake")
set(CPACK_THREADS 0)

# Debian: dependencies come from the binaries (dpkg-shlibdeps), not from a hand-kept list.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "graphviz, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "rclone, postgresql-client")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")

# Windows (NSIS) and macOS (bundle) settings; untested on the Debian build machine, see
# installer/README.md.
set(CPACK_NSIS_DISPLAY_NAME "Ferry")
set(CPACK_NSIS_PACKAGE_NAME "Ferry ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/installer/windows/ferry.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\ferry.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS
    "WriteRegStr HKCR '.ferry' '' 'Ferry.Project'\n WriteRegStr HKCR 'Ferry.Project\\\\shell\\\\open\\\\command' '' '\\\"$INSTDIR\\\\bin\\\\ferry.exe\\\" \\\"%1\\\"'")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "DeleteRegKey HKCR '.ferry'\n DeleteRegKey HKCR 'Ferry.Project'")
set(CPACK_BUNDLE_NAME "Ferry")
set(CPACK_BUNDLE_PLIST "${PROJECT_SOURCE_DIR}/installer/macos/Info.plist")
set(CPACK_BUNDLE_ICON "${PROJECT_SOURCE_DIR}/installer/macos/Ferry.icns")

include(CPack)
