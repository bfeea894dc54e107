#include "probe/lync_verdict.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "common/ascii.h"
#include "probe/endpoint_check.h"
#include "x509/hostname.h"

namespace lde::probe {
namespace {

// Apple HT210176: the validity and EKU rules bind certificates issued on or
// after 2019-07-01 (00:00 UTC; notBefore stands in for the issuance date).
const SysTime kAppleRulesStart = std::chrono::sys_days{std::chrono::year{2019} / 7 / 1};

// A digest no client accepts any more: SHA-1 and older (MD5, MD4, MD2, and
// SHA-0 as "shaWithRSAEncryption"). OpenSSL long names: sha1WithRSAEncryption,
// ecdsa-with-SHA1, dsaWithSHA1, md5WithRSAEncryption, md2WithRSAEncryption...
// RSASSA-PSS hides its hash in the parameters and is not caught.
bool IsWeakDigestSignature(const std::string& algorithm) {
  const std::string name = AsciiLowerCopy(algorithm);
  return name.find("sha1") != std::string::npos || name.starts_with("md2") || name.starts_with("md4") ||
         name.starts_with("md5") || name.starts_with("shawith") || name == "dsawithsha";
}

// "RSA" and "RSA-PSS" keys.
bool IsRsaKey(const std::string& key_type) { return AsciiLowerCopy(key_type).starts_with("rsa"); }

std::string Position(std::size_t i) { return i == 0 ? "leaf" : "certificate " + std::to_string(i); }

model::StepFailure RuleFailure(const Hop& hop, model::Reason reason, const std::string& detail) {
  return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), reason, hop.host + ": " + detail};
}

// The profile's device rules on a chain it already trusts for this name. The
// leaf DER, when recorded, decides san_required through the same matcher as
// hostname_match (SANs only); without it the rule cannot be met.
std::optional<model::StepFailure> DeviceRuleFailure(const Hop& hop, const model::EndpointReport& endpoint,
                                                    const config::ProfileConfig& profile) {
  const auto& certs = endpoint.chain->certs;
  if (profile.san_required) {
    if (!endpoint.tls || endpoint.tls->presented_chain.empty()) {
      return RuleFailure(hop, model::Reason::kSanMissing,
                         "no leaf certificate was recorded to check its SANs");
    }
    if (!x509::MatchesHostname(endpoint.tls->presented_chain[0], hop.host, x509::HostnameMode::kSanOnly)) {
      return RuleFailure(hop, model::Reason::kSanMissing,
                         "the name is not among the certificate's DNS SANs (CN is ignored)");
    }
  }
  if (profile.min_rsa_bits > 0) {
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (IsRsaKey(certs[i].key_type) && certs[i].key_bits < profile.min_rsa_bits) {
        return RuleFailure(hop, model::Reason::kWeakKey,
                           Position(i) + " has a " + std::to_string(certs[i].key_bits) +
                               "-bit RSA key (minimum " + std::to_string(profile.min_rsa_bits) + ")");
      }
    }
  }
  if (profile.reject_sha1) {
    // A self-issued certificate is a trust anchor: its own signature is
    // never verified, so SHA-1 there is harmless.
    for (std::size_t i = 0; i < certs.size(); ++i) {
      if (!certs[i].self_issued && IsWeakDigestSignature(certs[i].signature_algorithm)) {
        return RuleFailure(hop, model::Reason::kWeakSignature,
                           Position(i) + " is signed with " + certs[i].signature_algorithm);
      }
    }
  }
  if (certs.empty()) return std::nullopt;
  const model::CertFacts& leaf = certs[0];
  const bool apple_dated = leaf.not_before >= kAppleRulesStart;
  if (profile.max_validity_days > 0 && apple_dated) {
    auto validity = leaf.not_after - leaf.not_before;
    if (validity > std::chrono::days(profile.max_validity_days)) {
      auto days = std::chrono::floor<std::chrono::days>(validity).count();
      return RuleFailure(hop, model::Reason::kValidityTooLong,
                         "the leaf is valid for " + std::to_string(days) + " days (maximum " +
                             std::to_string(profile.max_validity_days) + ")");
    }
  }
  if (profile.require_server_auth_eku && apple_dated && !leaf.eku_server_auth) {
    return RuleFailure(hop, model::Reason::kNoServerAuthEku,
                       leaf.has_eku ? "the leaf's extended key usage lacks serverAuth"
                                    : "the leaf has no extended key usage (serverAuth required)");
  }
  return std::nullopt;
}

// The profile's own verdicts, in the profile's store order.
std::vector<model::TrustVerdict> ProfileTrust(const model::ChainReport& chain,
                                              const config::ProfileConfig& profile) {
  std::vector<model::TrustVerdict> mine;
  for (const auto& store : profile.trust_stores) {
    auto it = std::find_if(chain.trust.begin(), chain.trust.end(),
                           [&](const model::TrustVerdict& v) { return v.store == store; });
    if (it != chain.trust.end()) mine.push_back(*it);
  }
  return mine;
}

std::optional<model::StepFailure> CertificateFailure(const Hop& hop, const model::EndpointReport& endpoint,
                                                     const config::ProfileConfig& profile) {
  const model::ChainReport& chain = *endpoint.chain;
  auto trust = ProfileTrust(chain, profile);
  bool trusted = std::any_of(trust.begin(), trust.end(), [](const auto& v) { return v.trusted(); });
  if (!trusted) {
    const model::TrustVerdict* worst = MostTellingVerdict(trust);
    model::TrustReason reason = worst ? worst->reason : model::TrustReason::kUnknownIssuer;
    std::string detail =
        worst ? worst->store + ": " + worst->detail : "the profile names no judged trust store";
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::ReasonOf(reason),
                              hop.host + ": " + detail};
  }
  if (!chain.hostname_match) {
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::Reason::kHostnameMismatch,
                              hop.host + " is not in the certificate's names"};
  }
  return DeviceRuleFailure(hop, endpoint, profile);
}

}  // namespace

model::ProfileVerdict JudgeProfile(const NetworkObservation& observation,
                                   const std::vector<model::EndpointReport>& endpoints,
                                   const config::ProfileConfig& profile) {
  model::ProfileVerdict verdict;
  verdict.profile = profile.name;
  for (std::size_t i = 0; i < observation.hops.size(); ++i) {
    const Hop& hop = observation.hops[i];
    if (profile.validate_certificates && hop.endpoint && *hop.endpoint < endpoints.size()) {
      const auto& endpoint = endpoints[*hop.endpoint];
      if (endpoint.chain) {
        if (auto failure = CertificateFailure(hop, endpoint, profile)) {
          verdict.failure = failure;
          return verdict;
        }
      }
    }
    if (!hop.failure) continue;
    // Only a discovery name's failure falls through, and only to another
    // discovery name; a failure past discovery ends the walk whatever its
    // fallback flag says.
    bool more_names_follow = hop.stage == model::Stage::kDiscovery && hop.fallback &&
                             i + 1 < observation.hops.size() &&
                             observation.hops[i + 1].stage == model::Stage::kDiscovery;
    if (more_names_follow) continue;
    verdict.failure = hop.failure;
    return verdict;
  }
  if (!observation.report.oauth_challenge) {
    verdict.failure = model::StepFailure{model::Step::kOAuthChallenge, model::Reason::kMissing,
                                         "the walk ended before the OAuth challenge"};
    return verdict;
  }
  verdict.ready = true;
  return verdict;
}

}  // namespace lde::probe
