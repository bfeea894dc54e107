# Debian package of lyncdiscover_exporter, built by CPack's DEB generator
# from a build configured with -DLDE_PACKAGE=ON (dpkg-buildflags' hardening
# flags, cmake/dpkg_buildflags.cmake); packaging/README.md has the steps:
#   cmake -S . -B build-pkg -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLDE_PACKAGE=ON
#   cmake --build build-pkg && (cd build-pkg && cpack -G DEB)
# Included at the end of the top-level CMakeLists.txt. The binary's own
# install rule is in daemon/app/CMakeLists.txt (bin/ under the prefix).
# tests/integration/packaging/check_deb.sh builds the package and holds it
# to lintian (no error, no warning) and hardening-check.
#
# Debian policy puts configuration under /etc and units under
# /lib/systemd/system whatever the prefix, so those rules use absolute
# destinations: `cmake --install` writes there too (it needs root). Debian 12
# keeps units in /lib (lintian: systemd-service-file-outside-lib) until the
# /usr-merge moves are allowed.

set(LDE_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(LDE_PACKAGING_GEN_DIR ${PROJECT_BINARY_DIR}/packaging)
set(LDE_DOC_DIR share/doc/lyncdiscover-exporter)

# ---- Version, from the Debian changelog --------------------------------------
# As in any Debian package, the latest entry of debian/changelog gives the
# version: <upstream>-<revision>, where <upstream> must be project()'s
# VERSION. A rebuild with a new revision gets a changelog entry first.
set(LDE_CHANGELOG ${LDE_PACKAGING_DIR}/debian/changelog)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${LDE_CHANGELOG})
file(READ ${LDE_CHANGELOG} lde_changelog_head LIMIT 200)
if(NOT lde_changelog_head MATCHES "^lyncdiscover-exporter \\(([^)]+)-([^)-]+)\\) [a-z-]+; urgency=[a-z]+\n")
  message(FATAL_ERROR "${LDE_CHANGELOG}: the first line is not "
                      "'lyncdiscover-exporter (<version>-<revision>) <distribution>; urgency=<urgency>'")
endif()
set(LDE_DEB_UPSTREAM_VERSION ${CMAKE_MATCH_1})
set(LDE_DEB_REVISION ${CMAKE_MATCH_2})
if(NOT LDE_DEB_UPSTREAM_VERSION STREQUAL PROJECT_VERSION)
  set(lde_msg "${LDE_CHANGELOG}: the latest entry is ${LDE_DEB_UPSTREAM_VERSION}-${LDE_DEB_REVISION}, "
              "but the project is ${PROJECT_VERSION}: add an entry for ${PROJECT_VERSION}-1")
  if(LDE_PACKAGE)
    message(FATAL_ERROR ${lde_msg})
  endif()
  message(WARNING ${lde_msg})
endif()
# The entry's date dates the manual page too, so rebuilding it gives the same bytes.
find_program(LDE_DPKG_PARSECHANGELOG dpkg-parsechangelog)
set(LDE_DEB_TIMESTAMP "")
if(LDE_DPKG_PARSECHANGELOG)
  execute_process(COMMAND ${LDE_DPKG_PARSECHANGELOG} -l ${LDE_CHANGELOG} -S Timestamp
                  OUTPUT_VARIABLE LDE_DEB_TIMESTAMP OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

# /usr/share/doc/<package>/changelog.Debian.gz, compressed as policy 12.7
# asks (gzip -9, and -n keeps the name and time out, so it is reproducible).
# Written at configure time: it needs nothing built.
file(MAKE_DIRECTORY ${LDE_PACKAGING_GEN_DIR})
execute_process(COMMAND gzip -9n
                INPUT_FILE ${LDE_CHANGELOG}
                OUTPUT_FILE ${LDE_PACKAGING_GEN_DIR}/changelog.Debian.gz
                RESULT_VARIABLE lde_gzip_status)
if(NOT lde_gzip_status EQUAL 0)
  message(FATAL_ERROR "gzip -9n ${LDE_CHANGELOG} failed (${lde_gzip_status})")
endif()

# ---- Manual page: help2man from the built binary's --help and --version ------
# Options and synopsis come from --help itself, so the page cannot drift
# from it; packaging/lyncdiscover_exporter.h2m adds signals, files and links.
# In every package build's default target; elsewhere (sanitized and
# developer builds) only on request: `cmake --build <dir> --target lde_manpage`.
set(LDE_PACKAGE_SUMMARY "Prometheus exporter for Lync mobile sign-in and TLS certificates")
find_program(LDE_HELP2MAN help2man)
if(LDE_PACKAGE AND NOT LDE_HELP2MAN)
  message(FATAL_ERROR "LDE_PACKAGE=ON needs help2man for the manual page (scripts/install-deps.sh installs it)")
endif()
if(LDE_HELP2MAN)
  set(lde_man ${LDE_PACKAGING_GEN_DIR}/lyncdiscover_exporter.1)
  add_custom_command(
    OUTPUT ${lde_man}.gz
    COMMAND ${CMAKE_COMMAND} -E env "SOURCE_DATE_EPOCH=${LDE_DEB_TIMESTAMP}"
            ${LDE_HELP2MAN} --no-info --section=1 "--name=${LDE_PACKAGE_SUMMARY}"
            --include=${LDE_PACKAGING_DIR}/lyncdiscover_exporter.h2m --output=${lde_man}
            $<TARGET_FILE:lyncdiscover_exporter>
    COMMAND gzip -9nf ${lde_man}
    DEPENDS lyncdiscover_exporter ${LDE_PACKAGING_DIR}/lyncdiscover_exporter.h2m
    COMMENT "Writing the manual page with help2man"
    VERBATIM)
  if(LDE_PACKAGE)
    add_custom_target(lde_manpage ALL DEPENDS ${lde_man}.gz)
    install(FILES ${lde_man}.gz DESTINATION share/man/man1)
  else()
    add_custom_target(lde_manpage DEPENDS ${lde_man}.gz)
    install(FILES ${lde_man}.gz DESTINATION share/man/man1 OPTIONAL)
  endif()
endif()

# ---- What goes where -------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/systemd/lyncdiscover_exporter.service
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/config/default.yml
        DESTINATION /etc/lyncdiscover_exporter RENAME config.yml)
install(FILES ${LDE_PACKAGING_DIR}/debian/default
        DESTINATION /etc/default RENAME lyncdiscover_exporter)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${LDE_PACKAGING_DIR}/debian/copyright
              ${LDE_PACKAGING_GEN_DIR}/changelog.Debian.gz
        DESTINATION ${LDE_DOC_DIR})
# Policy 12.6: examples go under /usr/share/doc/<package>/examples; the
# shipped config's first lines point there.
install(FILES ${PROJECT_SOURCE_DIR}/config/example.yml DESTINATION ${LDE_DOC_DIR}/examples)
install(FILES ${LDE_PACKAGING_DIR}/prometheus/alerts.yml ${LDE_PACKAGING_DIR}/prometheus/alertmanager.yml
              ${LDE_PACKAGING_DIR}/grafana/dashboard.json
        DESTINATION share/lyncdiscover-exporter)
install(FILES ${LDE_PACKAGING_DIR}/debian/lintian-overrides
        DESTINATION share/lintian/overrides RENAME lyncdiscover-exporter)

# ---- Package metadata --------------------------------------------------------
# Whoever distributes the package sets their own address, e.g.
#   -DLDE_PACKAGE_MAINTAINER="Example Ops <ops@example.com>"
# The default's .invalid domain (RFC 2606) never receives mail: it names the
# project without pretending to be a mailbox, and lintian accepts it (unlike
# the earlier root@localhost: bogus-mail-host, root-in-contact).
set(lde_default_maintainer "lyncdiscover_exporter maintainers <maintainers@lyncdiscover-exporter.invalid>")
set(LDE_PACKAGE_MAINTAINER "${lde_default_maintainer}"
    CACHE STRING "Maintainer field of the Debian package (Name <email>)")
if(LDE_PACKAGE_MAINTAINER STREQUAL "lyncdiscover_exporter maintainers <root@localhost>")
  # A build directory configured before the default changed.
  set_property(CACHE LDE_PACKAGE_MAINTAINER PROPERTY VALUE "${lde_default_maintainer}")
endif()
if(NOT LDE_PACKAGE_MAINTAINER MATCHES "^[^<>@]*[^<>@ ] <[^<>@ ]+@[^<>@ ]+\\.[^<>@ ]+>$")
  message(FATAL_ERROR "LDE_PACKAGE_MAINTAINER is '${LDE_PACKAGE_MAINTAINER}', not 'Name <user@domain>'")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lyncdiscover-exporter)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${LDE_PACKAGE_MAINTAINER}")
# The synopsis; Debian wants it under 80 characters.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${LDE_PACKAGE_SUMMARY}")
# CPACK_PACKAGING_INSTALL_PREFIX stays unset: DEB's default is /usr, and a
# value here would also move the source tarball's files under usr/.
# Strip the binary, as dh_strip would, keeping its symbols in a separate
# lyncdiscover-exporter-dbgsym package (RelWithDebInfo builds have them).
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)

set(CPACK_DEBIAN_PACKAGE_NAME lyncdiscover-exporter)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${LDE_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${LDE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps on the binary; they are
# appended to DEPENDS. ca-certificates: the default config's `public` store
# is the OS bundle (/etc/ssl/certs/ca-certificates.crt), without which every
# chain is untrusted. deb-systemd-helper comes from init-system-helpers,
# which is Essential in Debian 12.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus")
# The extended description (dpkg-deb indents it; the synopsis comes first).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Probes Lync / Skype for Business autodiscover the way a phone signs in and
publishes, per network and device profile, whether sign-in would succeed and
which step breaks it and why. It also judges any TLS or HTTPS endpoint's
certificate chain against each configured trust store (expiry, trust,
hostname, incomplete chain). Ships a hardened systemd unit, Prometheus alert
rules with an example Alertmanager configuration, and a Grafana dashboard.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${LDE_PACKAGING_DIR}/debian/conffiles
    ${LDE_PACKAGING_DIR}/debian/postinst
    ${LDE_PACKAGING_DIR}/debian/prerm
    ${LDE_PACKAGING_DIR}/debian/postrm)
# Maintainer scripts 0755 and control files 0644 whatever the checkout's modes.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# `package_source` would otherwise archive every build directory.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/lab/run/")

include(CPack)
