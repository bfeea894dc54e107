#pragma once

// HTTP Basic authentication (RFC 7617) against bcrypt hashes, as
// exporter-toolkit's basic_auth_users. bcrypt is verified by libcrypt's
// crypt_r (it knows $2a$, $2b$ and $2y$); nothing here implements bcrypt.
//
// bcrypt is slow on purpose (about 70 ms at cost 10), so a stranger sending
// wrong passwords must not be able to make the server spend that on every
// request on the event loop. The split: CheckCached() is cheap and answers
// from a cache of credentials already verified; only kNeedsVerification goes
// to Verify(), which the server runs on a worker with a bounded queue.

#include <cstddef>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace lde::http {

struct BasicCredentials {
  std::string user, password;
  bool operator==(const BasicCredentials&) const = default;
};

// "Basic <base64(user:password)>" (scheme case-insensitive, RFC 7617 2);
// nullopt for any other scheme, bad base64 or no colon.
std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header_value);

// True when `password` hashes to `hash` under crypt_r. A hash crypt_r does
// not accept (not bcrypt, malformed) is false, never an exception.
bool VerifyBcrypt(std::string_view password, const std::string& hash);

// True when `hash` is a well-formed bcrypt hash crypt_r accepts
// ($2a$/$2b$/$2y$, cost 04-31, 53 characters of salt and digest).
bool IsBcryptHash(std::string_view hash);

// Thread-safe.
class BasicAuthenticator {
 public:
  // user -> bcrypt hash. No users: authentication is off (every request
  // passes).
  explicit BasicAuthenticator(std::map<std::string, std::string> users);

  bool enabled() const { return !users_.empty(); }

  enum class Decision { kAllowed, kDenied, kNeedsVerification };
  // Cheap: no bcrypt. kAllowed when off or when these exact credentials were
  // verified before; kDenied for a missing or malformed header;
  // kNeedsVerification otherwise. `authorization` is the header value, or
  // nullopt when the request had none.
  Decision CheckCached(const std::optional<std::string_view>& authorization) const;
  // Full check with bcrypt; caches a success. An unknown user costs a bcrypt
  // against a dummy hash too, so timing does not tell which users exist.
  bool Verify(std::string_view authorization);

  // Bound on remembered successes (least recently verified dropped first).
  static constexpr std::size_t kCacheEntries = 64;

 private:
  // SHA-256 of user, password and hash: the cache never holds a password.
  static std::string CacheKey(const BasicCredentials& credentials, const std::string& hash);

  std::map<std::string, std::string> users_;
  // Same variant and cost as the slowest configured hash; unknown users are
  // checked against it. Empty when no configured hash is valid.
  std::string dummy_hash_;
  mutable std::mutex mutex_;
  std::list<std::string> order_;  // most recently verified first
  std::unordered_map<std::string, std::list<std::string>::iterator> cache_;
};

}  // namespace lde::http
