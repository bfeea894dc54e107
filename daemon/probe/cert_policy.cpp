#include "probe/cert_policy.h"

#include <chrono>
#include <string>

#include "common/ascii.h"
#include "x509/hostname.h"

namespace lde::probe {
namespace {

using model::PolicyRule;

// Apple HT210176: the validity and EKU rules bind certificates issued on or
// after 2019-07-01 (00:00 UTC; notBefore stands in for the issuance date).
const SysTime kAppleRulesStart = std::chrono::sys_days{std::chrono::year{2019} / 7 / 1};

std::string Position(std::size_t i) { return i == 0 ? "leaf" : "certificate " + std::to_string(i); }

bool KeyTypeIs(const model::PackedCertFacts& cert, std::string_view prefix) {
  return AsciiLowerCopy(cert.key_type()).starts_with(prefix);
}

// One pass of one rule over one list: the violations keep the documented
// order because the caller runs the rules in that order.
class Judge {
 public:
  Judge(const config::PolicyConfig& policy, std::vector<model::PolicyViolation>& out)
      : policy_(policy), out_(out) {}

  void Add(std::size_t position, PolicyRule rule, std::string detail) {
    out_.push_back(model::PolicyViolation{policy_.name, position, rule, std::move(detail)});
  }

  // A key of `type` below `minimum` bits, on every presented certificate.
  void KeySize(const std::vector<model::CertRef>& certs, PolicyRule rule, std::string_view type,
               std::string_view label, int minimum) {
    if (minimum <= 0) return;
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (KeyTypeIs(*certs[i], type) && certs[i]->key_bits() < minimum) {
        Add(i, rule,
            Position(i) + " has a " + std::to_string(certs[i]->key_bits()) + "-bit " + std::string(label) +
                " key (minimum " + std::to_string(minimum) + ")");
      }
    }
  }

 private:
  const config::PolicyConfig& policy_;
  std::vector<model::PolicyViolation>& out_;
};

}  // namespace

bool IsWeakDigestSignature(std::string_view algorithm) {
  const std::string name = AsciiLowerCopy(algorithm);
  // SHA-0 is OpenSSL's "shaWithRSAEncryption"; DSA with SHA-1 is "dsaWithSHA1"
  // or the older "dsaWithSHA". RSASSA-PSS hides its hash in the parameters
  // and is not caught.
  return name.find("sha1") != std::string::npos || name.starts_with("md2") || name.starts_with("md4") ||
         name.starts_with("md5") || name.starts_with("shawith") || name == "dsawithsha";
}

std::vector<model::PolicyViolation> EvaluatePolicy(const config::PolicyConfig& policy,
                                                   const model::EndpointReport& endpoint,
                                                   std::string_view host) {
  std::vector<model::PolicyViolation> out;
  if (!endpoint.chain) return out;
  const auto& certs = endpoint.chain->certs;
  Judge judge(policy, out);

  if (policy.san_required) {
    if (!endpoint.tls || endpoint.tls->presented_chain.empty()) {
      judge.Add(0, PolicyRule::kSanRequired, "no leaf certificate was recorded to check its SANs");
    } else if (!x509::MatchesHostname(endpoint.tls->presented_chain[0], host, x509::HostnameMode::kSanOnly)) {
      judge.Add(0, PolicyRule::kSanRequired,
                "the name is not among the certificate's DNS SANs (CN is ignored)");
    }
  }
  judge.KeySize(certs, PolicyRule::kMinRsaBits, "rsa", "RSA", policy.min_rsa_bits);  // RSA and RSA-PSS
  judge.KeySize(certs, PolicyRule::kMinEcBits, "ec", "EC", policy.min_ec_bits);
  if (policy.reject_dsa) {
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (KeyTypeIs(*certs[i], "dsa")) judge.Add(i, PolicyRule::kRejectDsa, Position(i) + " has a DSA key");
    }
  }
  if (policy.reject_sha1) {
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (!certs[i]->self_issued() && IsWeakDigestSignature(certs[i]->signature_algorithm())) {
        judge.Add(i, PolicyRule::kRejectSha1,
                  Position(i) + " is signed with " + std::string(certs[i]->signature_algorithm()));
      }
    }
  }
  if (certs.empty()) return out;
  const model::PackedCertFacts& leaf = *certs[0];
  const bool apple_dated = leaf.not_before() >= kAppleRulesStart;
  if (policy.max_validity_days > 0 && apple_dated) {
    auto validity = leaf.not_after() - leaf.not_before();
    if (validity > std::chrono::days(policy.max_validity_days)) {
      auto days = std::chrono::floor<std::chrono::days>(validity).count();
      judge.Add(0, PolicyRule::kMaxValidityDays,
                "the leaf is valid for " + std::to_string(days) + " days (maximum " +
                    std::to_string(policy.max_validity_days) + ")");
    }
  }
  if (policy.require_server_auth_eku && apple_dated && !leaf.eku_server_auth()) {
    judge.Add(0, PolicyRule::kRequireServerAuthEku,
              leaf.has_eku() ? "the leaf's extended key usage lacks serverAuth"
                             : "the leaf has no extended key usage (serverAuth required)");
  }
  return out;
}

}  // namespace lde::probe
