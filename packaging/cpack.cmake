# Debian package of lyncdiscover_exporter, built by CPack's DEB generator:
#   cmake --build build && (cd build && cpack -G DEB)      # or: cmake --build build --target package
# Included at the end of the top-level CMakeLists.txt. The binary's own
# install rule is in daemon/app/CMakeLists.txt (bin/ under the prefix).
#
# Debian policy puts configuration under /etc and units under
# /lib/systemd/system whatever the prefix, so those rules use absolute
# destinations: `cmake --install` writes there too (it needs root).

set(LDE_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})

# ---- What goes where -------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/systemd/lyncdiscover_exporter.service
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/config/default.yml
        DESTINATION /etc/lyncdiscover_exporter RENAME config.yml)
install(FILES ${LDE_PACKAGING_DIR}/debian/default
        DESTINATION /etc/default RENAME lyncdiscover_exporter)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/config/example.yml
        DESTINATION share/doc/lyncdiscover-exporter)
install(FILES ${LDE_PACKAGING_DIR}/prometheus/alerts.yml ${LDE_PACKAGING_DIR}/prometheus/alertmanager.yml
              ${LDE_PACKAGING_DIR}/grafana/dashboard.json
        DESTINATION share/lyncdiscover-exporter)

# ---- Package metadata --------------------------------------------------------
set(LDE_PACKAGE_MAINTAINER "lyncdiscover_exporter maintainers <root@localhost>"
    CACHE STRING "Maintainer field of the Debian package (Name <email>)")
set(LDE_PACKAGE_RELEASE "1" CACHE STRING "Debian revision of the package (the part after the -)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lyncdiscover-exporter)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${LDE_PACKAGE_MAINTAINER}")
# The synopsis; Debian wants it under 80 characters.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Prometheus exporter for Lync mobile sign-in and TLS certificates")
# CPACK_PACKAGING_INSTALL_PREFIX stays unset: DEB's default is /usr, and a
# value here would also move the source tarball's files under usr/.
# Strip the binary, as dh_strip would, keeping its symbols in a separate
# lyncdiscover-exporter-dbgsym package (RelWithDebInfo builds have them).
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)

set(CPACK_DEBIAN_PACKAGE_NAME lyncdiscover-exporter)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${LDE_PACKAGE_RELEASE})
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
