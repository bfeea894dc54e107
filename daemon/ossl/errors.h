#pragma once

#include <string>

namespace lde::ossl {

// Empties this thread's OpenSSL error queue and returns its entries joined by
// "; " ("" when there were none), each with the extra text OpenSSL attached
// (a file name, a setting) in parentheses. Called after every failed OpenSSL
// call, and after calls whose errors are ignored, so that one caller's errors
// never show up in the next call on the same thread.
std::string DrainOpenSslErrors();

}  // namespace lde::ossl
