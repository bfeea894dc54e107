# The Debian package's compile and link flags, from dpkg-buildflags, as
# debhelper passes them in a Debian build (wiki.debian.org/Hardening):
# included by the top-level CMakeLists.txt when
# LDE_PACKAGE=ON, before any target exists.
#
# With DEB_BUILD_MAINT_OPTIONS=hardening=+all (the default of
# LDE_DEB_BUILD_MAINT_OPTIONS) Debian 12 gives
#   CPPFLAGS  -Wdate-time -D_FORTIFY_SOURCE=2
#   CXXFLAGS  -g -O2 -ffile-prefix-map=<source>=. -fstack-protector-strong
#             -Wformat -Werror=format-security
#   LDFLAGS   -Wl,-z,relro -Wl,-z,now
# and PIE through GCC's own default, which POSITION_INDEPENDENT_CODE below
# makes explicit (-fPIE / -pie), so clang or another toolchain gets it too.
# The flags come after CMAKE_CXX_FLAGS_<CONFIG>, so their -O2 wins over
# Release's -O3 (policy asks for -O2) and _FORTIFY_SOURCE is effective.
# DEB_CXXFLAGS_APPEND and friends in the environment are honoured, as in any
# Debian build.

find_program(LDE_DPKG_BUILDFLAGS dpkg-buildflags)
if(NOT LDE_DPKG_BUILDFLAGS)
  message(FATAL_ERROR "LDE_PACKAGE=ON needs dpkg-buildflags (Debian package dpkg-dev)")
endif()
set(LDE_DEB_BUILD_MAINT_OPTIONS "hardening=+all"
    CACHE STRING "DEB_BUILD_MAINT_OPTIONS for dpkg-buildflags when LDE_PACKAGE=ON")

function(lde_dpkg_buildflag out flag)
  # From the source directory: -ffile-prefix-map maps the current directory.
  execute_process(COMMAND ${CMAKE_COMMAND} -E env
                          "DEB_BUILD_MAINT_OPTIONS=${LDE_DEB_BUILD_MAINT_OPTIONS}"
                          ${LDE_DPKG_BUILDFLAGS} --get ${flag}
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  RESULT_VARIABLE status
                  OUTPUT_VARIABLE value
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "dpkg-buildflags --get ${flag} failed (${status})")
  endif()
  separate_arguments(value UNIX_COMMAND "${value}")
  set(${out} ${value} PARENT_SCOPE)
endfunction()

lde_dpkg_buildflag(lde_cppflags CPPFLAGS)
lde_dpkg_buildflag(lde_cxxflags CXXFLAGS)
lde_dpkg_buildflag(lde_ldflags LDFLAGS)
add_compile_options(${lde_cppflags} ${lde_cxxflags})
add_link_options(${lde_ldflags})

include(CheckPIESupported)
check_pie_supported(LANGUAGES CXX)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

list(JOIN lde_cppflags " " lde_cppflags_text)
list(JOIN lde_cxxflags " " lde_cxxflags_text)
list(JOIN lde_ldflags " " lde_ldflags_text)
message(STATUS "LDE_PACKAGE: dpkg-buildflags (${LDE_DEB_BUILD_MAINT_OPTIONS}): "
               "${lde_cppflags_text} ${lde_cxxflags_text}; link ${lde_ldflags_text}; PIE")
