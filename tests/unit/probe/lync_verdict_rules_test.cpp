// JudgeProfile with the profile's policy (Apple HT210176 rules: san_required,
// min_rsa_bits, reject_sha1, max_validity_days, require_server_auth_eku) over
// hand-built chain facts; san_required over minted leaves, since it reads the
// DER. probe/cert_policy_test.cpp covers the rules themselves.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "probe/lync_verdict.h"
#include "support/certs/cert_factory.h"
#include "support/certs/cert_specs.h"

namespace lde::probe {
namespace {

using model::CertFacts;
using model::ChainReport;
using model::EndpointReport;
using model::StepFailure;
using model::TrustReason;
using model::TrustVerdict;

constexpr std::chrono::hours kDay{24};
const SysTime kJuly2019 = std::chrono::sys_days{std::chrono::year{2019} / 7 / 1};

CertFacts Leaf() {
  CertFacts leaf;
  leaf.common_name = "web.contoso.test";
  leaf.dns_names = {"web.contoso.test"};
  leaf.not_before = kJuly2019 + 100 * kDay;
  leaf.not_after = leaf.not_before + 397 * kDay;
  leaf.signature_algorithm = "sha256WithRSAEncryption";
  leaf.key_type = "RSA";
  leaf.key_bits = 2048;
  leaf.has_eku = true;
  leaf.eku_server_auth = true;
  return leaf;
}

CertFacts Intermediate() {
  CertFacts ca;
  ca.is_ca = true;
  ca.signature_algorithm = "sha256WithRSAEncryption";
  ca.key_type = "RSA";
  ca.key_bits = 4096;
  return ca;
}

CertFacts Root() {
  CertFacts root = Intermediate();
  root.self_issued = true;
  return root;
}

// Trusted by "public" and matching the hop's name, so only the rules decide.
EndpointReport Endpoint(std::vector<CertFacts> certs, TrustReason trust = TrustReason::kOk,
                        bool hostname_match = true) {
  EndpointReport report;
  ChainReport chain;
  chain.certs.assign(certs.begin(), certs.end());
  chain.trust = {TrustVerdict{"public", trust, trust == TrustReason::kOk ? 0 : 10, "public says no"}};
  chain.hostname_match = hostname_match;
  report.chain = std::move(chain);
  return report;
}

// Every rule on, as the README's ios13 profile.
config::ProfileConfig Ios13(bool validate = true) {
  config::ProfileConfig profile{"phone", {"public"}, validate};
  profile.policy.min_rsa_bits = 2048;
  profile.policy.reject_sha1 = true;
  profile.policy.max_validity_days = 825;
  profile.policy.require_server_auth_eku = true;
  return profile;
}

NetworkObservation OneHop() {
  NetworkObservation observation;
  observation.report.oauth_challenge = true;
  observation.hops = {Hop{model::Stage::kWeb, "web.contoso.test", 0, std::nullopt, false}};
  return observation;
}

std::optional<StepFailure> Judge(const EndpointReport& endpoint, const config::ProfileConfig& profile) {
  auto verdict = JudgeProfile(OneHop(), {endpoint}, profile);
  EXPECT_EQ(verdict.ready, !verdict.failure.has_value());
  return verdict.failure;
}

std::string ReasonOf(const std::optional<StepFailure>& failure) {
  return failure ? std::string(model::ReasonName(failure->reason)) : "ready";
}

struct RuleCase {
  std::string name;
  std::vector<CertFacts> certs;
  std::string reason;  // "ready" when the rules pass
};

std::vector<RuleCase> RuleCases() {
  std::vector<RuleCase> cases;
  cases.push_back({"a modern chain passes every rule", {Leaf(), Intermediate(), Root()}, "ready"});

  CertFacts small_leaf = Leaf();
  small_leaf.key_bits = 1024;
  cases.push_back({"a 1024-bit RSA leaf", {small_leaf, Intermediate()}, "weak_key"});
  CertFacts small_ca = Intermediate();
  small_ca.key_bits = 2047;
  cases.push_back({"a 2047-bit RSA intermediate", {Leaf(), small_ca}, "weak_key"});
  CertFacts ec_leaf = Leaf();
  ec_leaf.key_type = "EC";
  ec_leaf.key_bits = 256;
  cases.push_back({"a P-256 leaf is not an RSA key", {ec_leaf, Intermediate()}, "ready"});

  CertFacts sha1_leaf = Leaf();
  sha1_leaf.signature_algorithm = "sha1WithRSAEncryption";
  cases.push_back({"a SHA-1 signed leaf", {sha1_leaf, Intermediate()}, "weak_signature"});
  CertFacts sha1_ca = Intermediate();
  sha1_ca.signature_algorithm = "ecdsa-with-SHA1";
  cases.push_back({"an ECDSA SHA-1 signed intermediate", {Leaf(), sha1_ca, Root()}, "weak_signature"});
  for (const char* weak : {"md5WithRSAEncryption", "md4WithRSAEncryption", "md2WithRSAEncryption",
                           "shaWithRSAEncryption", "dsaWithSHA1"}) {
    CertFacts weak_leaf = Leaf();
    weak_leaf.signature_algorithm = weak;
    cases.push_back(
        {std::string("a leaf signed with ") + weak, {weak_leaf, Intermediate()}, "weak_signature"});
  }
  CertFacts sha256_ecdsa = Leaf();
  sha256_ecdsa.signature_algorithm = "ecdsa-with-SHA256";
  cases.push_back({"ecdsa-with-SHA256 is not weak", {sha256_ecdsa, Intermediate()}, "ready"});
  CertFacts sha1_root = Root();
  sha1_root.signature_algorithm = "sha1WithRSAEncryption";
  cases.push_back(
      {"a SHA-1 self-signed root is an anchor, not checked", {Leaf(), Intermediate(), sha1_root}, "ready"});

  CertFacts long_leaf = Leaf();
  long_leaf.not_after = long_leaf.not_before + 826 * kDay;
  cases.push_back({"826 days from 2019-07-01 on", {long_leaf}, "validity_too_long"});
  CertFacts edge_leaf = Leaf();
  edge_leaf.not_after = edge_leaf.not_before + 825 * kDay;
  cases.push_back({"exactly 825 days is allowed", {edge_leaf}, "ready"});
  CertFacts old_long = Leaf();
  old_long.not_before = kJuly2019 - std::chrono::seconds(1);
  old_long.not_after = old_long.not_before + 1000 * kDay;
  old_long.eku_server_auth = false;
  old_long.has_eku = false;
  cases.push_back({"a leaf from before 2019-07-01: validity and EKU not checked", {old_long}, "ready"});
  CertFacts first_day = Leaf();
  first_day.not_before = kJuly2019;
  first_day.not_after = kJuly2019 + 900 * kDay;
  cases.push_back({"notBefore exactly 2019-07-01 is bound", {first_day}, "validity_too_long"});

  CertFacts no_eku = Leaf();
  no_eku.has_eku = false;
  no_eku.eku_server_auth = false;
  cases.push_back({"a leaf without EKU", {no_eku}, "no_server_auth_eku"});
  CertFacts client_only = Leaf();
  client_only.eku_server_auth = false;
  cases.push_back({"a leaf with clientAuth only", {client_only, Intermediate()}, "no_server_auth_eku"});
  CertFacts ca_without_eku = Intermediate();
  cases.push_back({"the EKU rule binds the leaf only", {Leaf(), ca_without_eku}, "ready"});

  CertFacts everything_wrong = Leaf();
  everything_wrong.key_bits = 1024;
  everything_wrong.signature_algorithm = "sha1WithRSAEncryption";
  everything_wrong.eku_server_auth = false;
  cases.push_back({"several violations: the key is reported first", {everything_wrong}, "weak_key"});
  cases.push_back({"no certificates recorded: nothing to judge", {}, "ready"});
  return cases;
}

TEST(JudgeProfileRulesTest, EachRuleFailsWhenViolatedAndPassesOtherwise) {
  for (const auto& c : RuleCases()) {
    SCOPED_TRACE(c.name);
    auto failure = Judge(Endpoint(c.certs), Ios13());
    EXPECT_EQ(ReasonOf(failure), c.reason);
    if (failure) {
      EXPECT_EQ(failure->step, model::Step::kWebTls);
      EXPECT_TRUE(failure->detail.starts_with("web.contoso.test: ")) << failure->detail;
    }
  }
}

TEST(JudgeProfileRulesTest, APolicyWithoutRulesPassesAnything) {
  CertFacts bad = Leaf();
  bad.key_bits = 512;
  bad.signature_algorithm = "sha1WithRSAEncryption";
  bad.not_after = bad.not_before + 3650 * kDay;
  bad.eku_server_auth = false;
  EXPECT_EQ(Judge(Endpoint({bad}), config::ProfileConfig{"phone", {"public"}, true}), std::nullopt);
}

TEST(JudgeProfileRulesTest, SkippedWithoutCertificateValidation) {
  CertFacts bad = Leaf();
  bad.key_bits = 512;
  auto profile = Ios13(false);
  profile.policy.san_required = true;  // and no DER recorded: would fail if judged
  EXPECT_EQ(Judge(Endpoint({bad}), profile), std::nullopt);
}

TEST(JudgeProfileRulesTest, TrustAndHostnameFailuresComeFirst) {
  CertFacts bad = Leaf();
  bad.key_bits = 512;
  EXPECT_EQ(ReasonOf(Judge(Endpoint({bad}, TrustReason::kExpired), Ios13())), "expired");
  EXPECT_EQ(ReasonOf(Judge(Endpoint({bad}, TrustReason::kOk, false), Ios13())), "hostname_mismatch");
}

TEST(JudgeProfileRulesTest, DetailNamesTheCertificateAndTheLimit) {
  CertFacts small_ca = Intermediate();
  small_ca.key_bits = 1024;
  auto failure = Judge(Endpoint({Leaf(), small_ca}), Ios13());
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->detail, "web.contoso.test: certificate 1 has a 1024-bit RSA key (minimum 2048)");
}

TEST(JudgeProfileRulesTest, RuleFailureOnAnEarlierHopEndsTheWalk) {
  CertFacts sha1_leaf = Leaf();
  sha1_leaf.signature_algorithm = "sha1WithRSAEncryption";
  NetworkObservation observation;
  observation.report.oauth_challenge = true;
  observation.hops = {Hop{model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0, std::nullopt, true},
                      Hop{model::Stage::kWeb, "web.contoso.test", 1, std::nullopt, false}};
  auto verdict = JudgeProfile(observation, {Endpoint({sha1_leaf}), Endpoint({Leaf()})}, Ios13());
  ASSERT_TRUE(verdict.failure.has_value());
  EXPECT_EQ(verdict.failure->step, model::Step::kDiscoveryTls);
  EXPECT_EQ(verdict.failure->reason, model::Reason::kWeakSignature);
}

// san_required reads the leaf DER with x509's SAN-only matcher.
EndpointReport MintedEndpoint(const testing::CertSpec& spec) {
  auto root = testing::MintSelfSigned(testing::CaSpec("Rules Root"));
  auto leaf = testing::MintSigned(spec, root);
  EndpointReport report = Endpoint({Leaf()});
  report.tls.emplace();
  report.tls->presented_chain = {leaf.der};
  return report;
}

config::ProfileConfig SanOnly() {
  config::ProfileConfig profile{"phone", {"public"}, true};
  profile.policy.san_required = true;
  return profile;
}

TEST(JudgeProfileRulesTest, SanRequiredPassesForADnsSan) {
  EXPECT_EQ(Judge(MintedEndpoint(testing::LeafSpec("web.contoso.test")), SanOnly()), std::nullopt);
}

TEST(JudgeProfileRulesTest, SanRequiredAcceptsALeftmostWildcardCaseInsensitively) {
  auto spec = testing::LeafSpec("*.CONTOSO.test");
  EXPECT_EQ(Judge(MintedEndpoint(spec), SanOnly()), std::nullopt);
}

TEST(JudgeProfileRulesTest, SanRequiredIgnoresTheCommonName) {
  auto spec = testing::LeafSpec("web.contoso.test");
  spec.dns_names = {"other.contoso.test"};
  auto failure = Judge(MintedEndpoint(spec), SanOnly());
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->step, model::Step::kWebTls);
  EXPECT_EQ(failure->reason, model::Reason::kSanMissing);
}

TEST(JudgeProfileRulesTest, SanRequiredFailsForACnOnlyLeaf) {
  // The chain's RFC 6125 match (CN when there is no DNS SAN) said yes; iOS 13
  // says no.
  auto spec = testing::LeafSpec("web.contoso.test");
  spec.dns_names.clear();
  EXPECT_EQ(ReasonOf(Judge(MintedEndpoint(spec), SanOnly())), "san_missing");
}

TEST(JudgeProfileRulesTest, SanRequiredFailsWithoutARecordedLeaf) {
  EXPECT_EQ(ReasonOf(Judge(Endpoint({Leaf()}), SanOnly())), "san_missing");
}

}  // namespace
}  // namespace lde::probe
