#pragma once

// Internal to x509/ and tls/: the OpenSSL side of a TrustStore.

#include <cstddef>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "x509/digest_memo.h"
#include "x509/openssl_handles.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace lde::x509 {

// A VerifyChain outcome and the span of check times for which it holds (see
// verify.cpp), remembered for a presented chain. Only outcomes whose text is
// OpenSSL's own for their code are remembered ("ok" or the verify error
// string), so the code alone is kept and the text rebuilt on a hit: tens of
// thousands of entries need not each hold a copy of the same sentence.
struct RememberedVerdict {
  int error = 0;  // X509_V_OK when the chain verified
  int error_depth = 0;
  SysTime valid_from;   // inclusive
  SysTime valid_until;  // inclusive
  SysTime judged_at;
};

struct TrustStore::Impl {
  // Bounds of the memos below: under 100 bytes an entry (digest_memo.h), so
  // at most a few MiB per store, and room for every chain of a
  // 10,000-target estate.
  static constexpr std::size_t kMemoEntries = 32768;

  // Holds every anchor. X509_STORE lookups take the store's own lock, so
  // concurrent X509_STORE_CTX verifications against it are safe; nothing
  // adds to it after Load returns.
  X509StorePtr store;
  std::vector<ossl::X509Ptr> anchors;  // the same certificates, for size() and HasIssuerOf

  // The store never changes after loading, so what it says about a chain is
  // a pure function of the chain (and, for verdicts, of the check time): a
  // server presents the same chain on every probe. A reload builds new
  // stores, and the memos go with the old ones.
  mutable detail::DigestMemo<RememberedVerdict> verdicts{kMemoEntries};
  // SHA-256 of a certificate -> index in `anchors` of its issuer, or nullopt.
  mutable detail::DigestMemo<std::optional<std::size_t>> issuers{kMemoEntries};
};

}  // namespace lde::x509
