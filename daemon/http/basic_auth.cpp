#include "http/basic_auth.h"

#include <Poco/SHA2Engine.h>
#include <crypt.h>

#include <cstdint>
#include <cstring>
#include <memory>

#include "common/ascii.h"
#include "common/bcrypt_format.h"
#include "common/http_syntax.h"

namespace lde::http {
namespace {

// The RFC 4648 §4 value of a base64 character, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict base64 (RFC 4648 §4, as RFC 7617 §2 asks): padded to a multiple of
// four, no whitespace, and zero pad bits (§3.5), so each credential has one
// encoding.
std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t bits = 0;
    int pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      int value = 0;
      if (c == '=') {
        ++pad;
      } else if (pad > 0 || (value = Base64Value(c)) < 0) {
        return std::nullopt;  // data after '=', or not base64
      }
      bits = (bits << 6) | static_cast<std::uint32_t>(value);
    }
    if (pad > 2 || (pad > 0 && i + 4 != text.size())) return std::nullopt;
    if ((pad == 1 && (bits & 0xff) != 0) || (pad == 2 && (bits & 0xffff) != 0)) return std::nullopt;
    out.push_back(static_cast<char>((bits >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((bits >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(bits & 0xff));
  }
  return out;
}

// Equal without an early exit, so the time taken does not say how many
// leading characters matched.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

// A bcrypt hash at the highest cost among `users`, for unknown users to be
// checked against: what it hashes does not matter (the answer is always
// "denied"), only that crypt_r spends as long on it as on a real user. Empty
// when no user has a valid hash (then nobody is checked with bcrypt at all).
std::string DummyHash(const std::map<std::string, std::string>& users) {
  const std::string* slowest = nullptr;
  for (const auto& [user, hash] : users) {
    if (IsBcryptHashFormat(hash) && (slowest == nullptr || BcryptCost(hash) > BcryptCost(*slowest))) {
      slowest = &hash;
    }
  }
  if (slowest == nullptr) return {};
  // Keep "$2y$12$" (variant and cost); salt and digest are arbitrary.
  return slowest->substr(0, 7) + std::string(22, 'C') + std::string(31, '.');
}

}  // namespace

std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header_value) {
  // credentials = auth-scheme 1*SP token68 (RFC 9110 §11.4).
  std::string_view value = TrimOws(header_value);
  constexpr std::string_view kScheme = "Basic";
  if (value.size() <= kScheme.size() || !EqualsIgnoreAsciiCase(value.substr(0, kScheme.size()), kScheme) ||
      value[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  auto decoded = DecodeBase64(value);
  if (!decoded) return std::nullopt;
  // RFC 7617 §2: the user-id ends at the first colon; the password may hold more.
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

bool IsBcryptHash(std::string_view hash) { return IsBcryptHashFormat(hash); }

bool VerifyBcrypt(std::string_view password, const std::string& hash) {
  // Without this, crypt_r would take "ab3B1/aPyo5qQ" as a DES hash.
  if (!IsBcryptHash(hash)) return false;
  // crypt_r reads a C string: a NUL would end the password early, so
  // "secret\0anything" would pass as "secret".
  if (password.find('\0') != std::string_view::npos) return false;
  std::string phrase(password);
  // Value-initialised, hence zeroed, as crypt_r requires of fresh data. It is
  // about 32 KiB, too big for a worker thread's stack.
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_r(phrase.c_str(), hash.c_str(), data.get());
  // On failure libxcrypt returns null or a "*0"/"*1" token, never a hash.
  const bool ok = out != nullptr && ConstantTimeEquals(out, hash);
  explicit_bzero(data.get(), sizeof *data);
  explicit_bzero(phrase.data(), phrase.size());
  return ok;
}

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users)
    : users_(std::move(users)), dummy_hash_(DummyHash(users_)) {}

BasicAuthenticator::Decision BasicAuthenticator::CheckCached(
    const std::optional<std::string_view>& authorization) const {
  if (!enabled()) return Decision::kAllowed;
  if (!authorization) return Decision::kDenied;
  auto credentials = ParseBasicAuthorization(*authorization);
  if (!credentials) return Decision::kDenied;
  auto user = users_.find(credentials->user);
  // An unknown user goes to Verify like a known one, to cost the same.
  if (user == users_.end()) return Decision::kNeedsVerification;
  const std::string key = CacheKey(*credentials, user->second);
  std::lock_guard lock(mutex_);
  return cache_.contains(key) ? Decision::kAllowed : Decision::kNeedsVerification;
}

bool BasicAuthenticator::Verify(std::string_view authorization) {
  if (!enabled()) return true;
  auto credentials = ParseBasicAuthorization(authorization);
  if (!credentials) return false;
  auto user = users_.find(credentials->user);
  if (user == users_.end()) {
    if (!dummy_hash_.empty()) VerifyBcrypt(credentials->password, dummy_hash_);
    return false;
  }
  // bcrypt runs outside the lock, so workers verify in parallel.
  if (!VerifyBcrypt(credentials->password, user->second)) return false;
  std::string key = CacheKey(*credentials, user->second);
  std::lock_guard lock(mutex_);
  if (auto found = cache_.find(key); found != cache_.end()) {
    order_.splice(order_.begin(), order_, found->second);
    return true;
  }
  order_.push_front(key);
  cache_.emplace(std::move(key), order_.begin());
  if (order_.size() > kCacheEntries) {
    cache_.erase(order_.back());
    order_.pop_back();
  }
  return true;
}

std::string BasicAuthenticator::CacheKey(const BasicCredentials& credentials, const std::string& hash) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  // Each part length-prefixed, so ("ab", "c") and ("a", "bc") differ.
  auto add = [&sha](std::string_view part) {
    std::uint64_t size = part.size();
    unsigned char prefix[8];
    for (int i = 7; i >= 0; --i, size >>= 8) prefix[i] = static_cast<unsigned char>(size & 0xff);
    sha.update(prefix, sizeof prefix);
    sha.update(part.data(), part.size());
  };
  add(credentials.user);
  add(credentials.password);
  add(hash);
  const Poco::DigestEngine::Digest& digest = sha.digest();
  return std::string(digest.begin(), digest.end());
}

}  // namespace lde::http
