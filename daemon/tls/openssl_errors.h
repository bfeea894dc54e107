#pragma once

#include <string>

namespace lde::tls {

// Empties this thread's OpenSSL error queue and returns its entries joined by
// "; " (empty when there were none). Always called after a failed OpenSSL call
// so one probe's errors never show up in the next probe on the same thread.
std::string DrainOpenSslErrors();

}  // namespace lde::tls
