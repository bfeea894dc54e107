#pragma once

// The shape of a bcrypt hash, checked without libcrypt, so config/ can
// validate basic_auth_users while only http/ links crypt (http/basic_auth.h's
// IsBcryptHash is this check).

#include <cstddef>
#include <string_view>

namespace lde {

// True for "$2a$", "$2b$" or "$2y$", a two-digit cost 04-31, "$", then 22
// characters of salt and 31 of digest from bcrypt's alphabet [./A-Za-z0-9]:
// 60 characters in all, which is what libxcrypt's crypt_r accepts as a
// bcrypt setting. ("$2x$" is left out: it marks hashes from the buggy
// pre-2011 implementation.)
constexpr bool IsBcryptHashFormat(std::string_view hash) {
  constexpr std::size_t kPrefix = 7;  // "$2b$10$"
  constexpr std::size_t kLength = kPrefix + 22 + 31;
  if (hash.size() != kLength || hash[0] != '$' || hash[1] != '2' || hash[3] != '$' || hash[6] != '$') {
    return false;
  }
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return false;
  if (hash[4] < '0' || hash[4] > '3' || hash[5] < '0' || hash[5] > '9') return false;
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < 4 || cost > 31) return false;
  for (char c : hash.substr(kPrefix)) {
    const bool ok =
        c == '.' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// The cost (log2 of the rounds) of a hash IsBcryptHashFormat accepts.
constexpr int BcryptCost(std::string_view hash) { return (hash[4] - '0') * 10 + (hash[5] - '0'); }

}  // namespace lde
