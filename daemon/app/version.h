#pragma once

// kRevision and kCompiler come from a header written at build time
// (cmake/write_revision.cmake): the short git commit, "unknown" outside a
// git checkout, and the compiler as "<CMAKE_CXX_COMPILER_ID> <version>".
#include "lde_build_revision.h"

namespace lde::app {
inline constexpr const char* kVersion = LDE_VERSION;
inline constexpr const char* kRevision = LDE_BUILD_REVISION;
inline constexpr const char* kCompiler = LDE_BUILD_COMPILER;
}  // namespace lde::app
