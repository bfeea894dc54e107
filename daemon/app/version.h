#pragma once

namespace lde::app {
inline constexpr const char* kVersion = LDE_VERSION;
}  // namespace lde::app
