#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace lde::model {

// What one certificate says about itself, decoded from DER by x509/.
struct CertFacts {
  std::string subject;  // RFC 2253 one-line form
  std::string issuer;
  std::string serial_hex;  // lowercase hex, no leading "0x"
  std::string sha256_hex;  // fingerprint of the DER
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  std::string common_name;  // subject CN, empty if none
  SysTime not_before{};
  SysTime not_after{};
  bool self_issued = false;         // subject == issuer
  bool is_ca = false;               // basicConstraints CA:TRUE
  std::string signature_algorithm;  // e.g. "sha256WithRSAEncryption"
  std::string key_type;             // "RSA", "EC", "ED25519", ...
  int key_bits = 0;
  bool eku_server_auth = false;  // EKU absent counts as false here
  bool has_eku = false;
  std::vector<std::string> ocsp_urls;
  std::vector<std::string> ca_issuer_urls;  // AIA caIssuers
  std::vector<std::string> crl_urls;

  bool operator==(const CertFacts&) const = default;
};

// The facts of one certificate as results hold them: shared, read-only, so a
// certificate that many endpoints present (an issuing CA, a pool's leaf seen
// on both networks, a root) is held once however many results name it
// (x509/shared_cert_facts.h hands out one per distinct certificate). Never
// null; built from a CertFacts value where a single owner is fine (tests).
class CertRef {
 public:
  CertRef() : facts_(Empty()) {}
  CertRef(CertFacts facts)  // NOLINT(google-explicit-constructor): a value is a fine CertRef
      : facts_(std::make_shared<const CertFacts>(std::move(facts))) {}
  explicit CertRef(std::shared_ptr<const CertFacts> facts) : facts_(facts ? std::move(facts) : Empty()) {}

  const CertFacts& operator*() const { return *facts_; }
  const CertFacts* operator->() const { return facts_.get(); }
  // A private copy to change (tests, builders of examples): what other
  // holders share is never changed.
  CertFacts& Edit() {
    auto own = std::make_shared<CertFacts>(*facts_);
    CertFacts& facts = *own;
    facts_ = std::move(own);
    return facts;
  }
  // Holders of the same facts (tests: proof of sharing).
  bool SharesWith(const CertRef& other) const { return facts_ == other.facts_; }

  bool operator==(const CertRef& other) const { return facts_ == other.facts_ || *facts_ == *other.facts_; }

 private:
  static const std::shared_ptr<const CertFacts>& Empty() {
    static const auto empty = std::make_shared<const CertFacts>();
    return empty;
  }

  std::shared_ptr<const CertFacts> facts_;
};

}  // namespace lde::model
