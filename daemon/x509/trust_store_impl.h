#pragma once

// Internal to x509/ and tls/: the OpenSSL side of a TrustStore.

#include <vector>

#include "x509/openssl_handles.h"
#include "x509/trust_store.h"

namespace lde::x509 {

struct TrustStore::Impl {
  // Holds every anchor. X509_STORE lookups take the store's own lock, so
  // concurrent X509_STORE_CTX verifications against it are safe; nothing
  // adds to it after Load returns.
  X509StorePtr store;
  std::vector<ossl::X509Ptr> anchors;  // the same certificates, for size() and HasIssuerOf
};

}  // namespace lde::x509
