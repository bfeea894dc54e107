#pragma once

// A named set of trust anchors (e.g. "public" = the OS bundle, "enterprise" =
// the company root). Immutable after loading and thread-safe: one instance is
// shared as std::shared_ptr<const TrustStore> by all concurrent probes.
// OpenSSL stays behind the pimpl (only x509/ and tls/ include its headers).

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "config/config.h"  // header only: TrustStoreConfig is plain data
#include "model/observations.h"

namespace lde::x509 {

class TrustStore {
 public:
  struct Impl;  // defined in x509/trust_store_impl.h, for x509/ and tls/ only

  // system: the OS bundle (SSL_CERT_FILE if set, else OpenSSL's default
  // cert file, else Debian's /etc/ssl/certs/ca-certificates.crt), plus every
  // PEM file of ca_files. Error kConfig naming the file when one is
  // unreadable or holds no certificate, or when the store would be empty.
  static Result<std::shared_ptr<const TrustStore>> Load(const config::TrustStoreConfig& cfg);
  static Result<std::shared_ptr<const TrustStore>> Load(std::string name, bool system,
                                                        const std::vector<std::string>& ca_files);
  // Anchors from PEM text (tests, embedded bundles). Error kConfig as above.
  static Result<std::shared_ptr<const TrustStore>> FromPem(std::string name, std::string_view pem);

  TrustStore(const TrustStore&) = delete;
  TrustStore& operator=(const TrustStore&) = delete;
  ~TrustStore();

  const std::string& name() const { return name_; }
  // Distinct anchors (duplicates across files count once).
  std::size_t size() const;
  // True when an anchor's subject equals the cert's issuer and the anchor's
  // key verifies the cert's signature. False for undecodable input.
  bool HasIssuerOf(const model::Der& cert) const;
  // The DER of that anchor (the first one, in load order), to check a CRL or
  // OCSP response the anchor signed; nullopt when there is none.
  std::optional<model::Der> IssuerOf(const model::Der& cert) const;

  const Impl& impl() const { return *impl_; }

 private:
  TrustStore(std::string name, std::unique_ptr<Impl> impl);
  // Position in impl_->anchors of the cert's issuer (remembered per cert).
  std::optional<std::size_t> IssuerIndex(const model::Der& cert) const;

  std::string name_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lde::x509
