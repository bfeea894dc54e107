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

#include "model/budgets.h"

namespace lde::x509::detail {

// Bounded twice: by entries, and by an estimate of the memory they hold, so
// that a hostile server presenting ever new, huge certificates (a Certificate
// message may be 1 MiB) cannot make it grow past kMaxBytes.
class ParsedCertificateCache {
 public:
  // Entries are inserted in probe order and evicted oldest first, so the
  // cache serves two uses: the same certificate parsed again within one
  // probe (hostname, each store, revocation: those entries are the newest),
  // and the next probe of a server whose certificate is still held, which
  // needs every certificate of the estate to fit. 256 covers the first
  // (a probe parses its certificates again within milliseconds, while other
  // probes insert a few entries each) and the second up to about 100
  // targets; beyond that a server comes round only after hundreds of
  // others, and at 10,000 targets a cache of 1,024 never hit while it held
  // 4.9 MB (heaptrack, bench/README.md). A miss costs one d2i_X509.
  static constexpr std::size_t kMaxEntries = 256;
  static constexpr std::size_t kMaxBytes = model::budget::kParsedCertificateCacheBytes.value;

  // What an entry is charged: the DER key, the decoded X509 (about twice the
  // DER) and the extensions OpenSSL caches on it once checked (about four
  // times; measured with mallinfo2 on OpenSSL 3.0: a 505-byte leaf holds
  // 8 KB in all, a 145 KB one with 5,000 names 1.05 MB), plus a fixed part.
  // Typical certificates (1-2 KB) reach kMaxEntries before kMaxBytes.
  static constexpr std::size_t Cost(std::size_t der_bytes) { return 7 * der_bytes + 4 * 1024; }
  static_assert(kMaxEntries * (7 * 1500 + 4 * 1024) <= kMaxBytes);

  explicit ParsedCertificateCache(std::size_t max_bytes = kMaxBytes) : max_bytes_(max_bytes) {}
  ParsedCertificateCache(const ParsedCertificateCache&) = delete;
  ParsedCertificateCache& operator=(const ParsedCertificateCache&) = delete;

  // The shared instance used by ParseDer.
  static ParsedCertificateCache& Shared();

  ~ParsedCertificateCache();

  // A new reference to the cached certificate for these bytes, or null.
  X509* Find(const std::string& der);
  // Keeps a reference to `cert` for `der`, evicting the oldest entries while
  // either bound would be exceeded; a certificate whose Cost alone exceeds
  // max_bytes is not kept. Takes its own reference; the caller keeps theirs.
  void Insert(std::string der, X509* cert);
  std::size_t size() const;
  std::size_t bytes() const;  // the Cost of every entry held

 private:
  void EvictOldestLocked();

  const std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, X509*> entries_;
  std::deque<const std::string*> order_;  // insertion order, for eviction
};

}  // namespace lde::x509::detail
