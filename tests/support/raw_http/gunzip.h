#pragma once

// Decodes a gzip response body (what our server sends when a client asks for
// it), for tests that read /metrics or another compressed answer. Throws
// std::runtime_error unless `data` is exactly one valid gzip member.

#include <string>

namespace lde::testing {

std::string Gunzip(const std::string& data);

}  // namespace lde::testing
