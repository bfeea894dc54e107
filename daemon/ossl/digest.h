#pragma once

// SHA-256 with the algorithm fetched once for the process. OpenSSL 3.0's
// EVP_sha256() is a placeholder that makes every EVP_DigestInit look the
// implementation up again in the provider store (a lock and a hash lookup
// per call); the daemon hashes certificates on every probe.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lde::ossl {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256 for keys made of several pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Update(std::string_view bytes);
  Sha256& Update(const void* data, std::size_t size);
  // nullopt when OpenSSL fails (out of memory); callers then skip what
  // the digest was for (a memo lookup, a fingerprint).
  std::optional<Sha256Digest> Final();

 private:
  struct State;
  State* state_;
};

std::optional<Sha256Digest> Sha256Of(const void* data, std::size_t size);

}  // namespace lde::ossl
