#pragma once

// Internal to x509/: a bounded memo of decoded certificates keyed by their
// DER bytes. Decoding is most of the cost of judging a chain (OpenSSL 3.0
// spends ~115 us per d2i_X509, and one probe decodes each presented
// certificate once per store and check), while a server presents the same
// chain on every probe. An X509 is reference-counted and safe to share
// read-only between threads, so a hit is an X509_up_ref.
//
// This is the one piece of process-wide state in x509/: a pure memo of an
// immutable function of its key, so it cannot change any result.

#include <openssl/x509.h>

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lde::x509::detail {

class ParsedCertificateCache {
 public:
  static constexpr std::size_t kMaxEntries = 8192;

  // The shared instance used by ParseDer.
  static ParsedCertificateCache& Shared();

  ~ParsedCertificateCache();

  // A new reference to the cached certificate for these bytes, or null.
  X509* Find(const std::string& der);
  // Keeps a reference to `cert` for `der` (evicting the oldest entry when
  // full). Takes its own reference; the caller keeps theirs.
  void Insert(std::string der, X509* cert);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, X509*> entries_;
  std::deque<const std::string*> order_;  // insertion order, for eviction
};

}  // namespace lde::x509::detail
