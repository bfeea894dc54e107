#pragma once

#include <optional>
#include <string>
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

}  // namespace lde::model
