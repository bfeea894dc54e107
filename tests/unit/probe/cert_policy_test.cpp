// EvaluatePolicy: every rule of a policy over a chain, every violation listed.
// Hand-built facts for the rule logic; minted certificates (decoded as the
// probe decodes them) for the weak cryptography real servers present.
#include "probe/cert_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/certs/cert_factory.h"
#include "support/certs/cert_specs.h"
#include "x509/certificate.h"

namespace lde::probe {
namespace {

using model::CertFacts;
using model::EndpointReport;
using model::PolicyRule;
using testing::CertSpec;
using testing::MintedCert;

CertFacts Facts(std::string key_type, int bits, std::string signature = "sha256WithRSAEncryption") {
  CertFacts cert;
  cert.key_type = std::move(key_type);
  cert.key_bits = bits;
  cert.signature_algorithm = std::move(signature);
  return cert;
}

EndpointReport WithChain(std::vector<CertFacts> certs) {
  EndpointReport report;
  report.chain.emplace();
  report.chain->certs.assign(certs.begin(), certs.end());
  return report;
}

// "rule@position" for each violation, in order: what the tests compare.
std::vector<std::string> Found(const config::PolicyConfig& policy, const EndpointReport& endpoint) {
  std::vector<std::string> out;
  for (const auto& v : EvaluatePolicy(policy, endpoint, "www.example.test")) {
    EXPECT_EQ(v.policy, policy.name);
    out.push_back(std::string(model::PolicyRuleName(v.rule)) + "@" + std::to_string(v.position));
  }
  return out;
}

using Names = std::vector<std::string>;

TEST(CertPolicyTest, EcKeysBelowTheMinimumAndDsaKeysAreWeak) {
  auto policy = config::BuiltInDefaultPolicy();
  EXPECT_EQ(Found(policy, WithChain({Facts("EC", 192), Facts("EC", 256), Facts("EC", 384)})),
            (Names{"min_ec_bits@0"}));
  EXPECT_EQ(Found(policy, WithChain({Facts("EC", 256), Facts("DSA", 2048)})), (Names{"reject_dsa@1"}));
  // Ed25519 is neither RSA, EC nor DSA: no key rule judges it.
  EXPECT_EQ(Found(policy, WithChain({Facts("ED25519", 253, "ED25519")})), Names{});
}

TEST(CertPolicyTest, RsaAndRsaPssKeysAreJudgedByMinRsaBits) {
  auto policy = config::BuiltInDefaultPolicy();
  EXPECT_EQ(Found(policy, WithChain({Facts("RSA", 1024), Facts("RSA-PSS", 1024), Facts("RSA", 2048)})),
            (Names{"min_rsa_bits@0", "min_rsa_bits@1"}));
}

TEST(CertPolicyTest, EveryViolationIsListedInRuleThenPositionOrder) {
  auto policy = config::BuiltInDefaultPolicy();
  auto endpoint = WithChain({Facts("RSA", 1024, "sha1WithRSAEncryption"), Facts("DSA", 1024, "dsaWithSHA1"),
                             Facts("RSA", 512, "md5WithRSAEncryption")});
  EXPECT_EQ(Found(policy, endpoint), (Names{"min_rsa_bits@0", "min_rsa_bits@2", "reject_dsa@1",
                                            "reject_sha1@0", "reject_sha1@1", "reject_sha1@2"}));
}

TEST(CertPolicyTest, ASelfIssuedAnchorIsExemptFromSignatureRulesButNotKeyRules) {
  auto policy = config::BuiltInDefaultPolicy();
  CertFacts root = Facts("RSA", 1024, "sha1WithRSAEncryption");
  root.self_issued = true;
  EXPECT_EQ(Found(policy, WithChain({Facts("RSA", 2048), root})), (Names{"min_rsa_bits@1"}));
}

TEST(CertPolicyTest, TheNonePolicyAndAMissingChainFindNothing) {
  auto weak = WithChain({Facts("RSA", 512, "md5WithRSAEncryption")});
  EXPECT_EQ(Found(config::PolicyConfig{.name = "none"}, weak), Names{});
  EXPECT_EQ(Found(config::BuiltInDefaultPolicy(), EndpointReport{}), Names{});
}

TEST(CertPolicyTest, DetailNamesTheCertificateAndTheLimit) {
  auto violations =
      EvaluatePolicy(config::BuiltInDefaultPolicy(), WithChain({Facts("EC", 256), Facts("EC", 192)}), "h");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].detail, "certificate 1 has a 192-bit EC key (minimum 256)");
  EXPECT_EQ(model::ReasonOf(violations[0].rule), model::Reason::kWeakKey);
}

TEST(CertPolicyTest, WeakDigestsAreRecognisedByTheirOpenSslNames) {
  for (const char* weak :
       {"sha1WithRSAEncryption", "ecdsa-with-SHA1", "dsaWithSHA1", "dsaWithSHA", "md5WithRSAEncryption",
        "md4WithRSAEncryption", "md2WithRSAEncryption", "shaWithRSAEncryption"}) {
    EXPECT_TRUE(IsWeakDigestSignature(weak)) << weak;
  }
  for (const char* strong : {"sha256WithRSAEncryption", "ecdsa-with-SHA256", "ecdsa-with-SHA384", "rsassaPss",
                             "ED25519", "dsa_with_SHA256", "sha512WithRSAEncryption"}) {
    EXPECT_FALSE(IsWeakDigestSignature(strong)) << strong;
  }
}

// ---- Minted certificates, decoded as the probe decodes them ----

CertSpec Ca(const std::string& name, CertSpec::Key key, const std::string& digest = "sha256") {
  CertSpec spec = testing::CaSpec(name);
  spec.key = key;
  spec.digest = digest;
  return spec;
}

CertSpec Leaf(CertSpec::Key key, const std::string& digest = "sha256") {
  CertSpec spec = testing::LeafSpec("www.example.test");
  spec.key = key;
  spec.digest = digest;
  return spec;
}

// The chain as presented (leaf first), judged by the default policy.
std::vector<std::string> DefaultPolicyOn(const std::vector<const MintedCert*>& chain) {
  std::vector<CertFacts> facts;
  for (const MintedCert* cert : chain) {
    auto decoded = x509::DecodeCertificate(cert->der);
    EXPECT_TRUE(decoded.ok());
    if (decoded.ok()) facts.push_back(decoded.value());
  }
  return Found(config::BuiltInDefaultPolicy(), WithChain(std::move(facts)));
}

class MintedChainTest : public ::testing::Test {
 protected:
  // A good RSA chain to sign the test leaves with.
  MintedCert root_ = testing::MintSelfSigned(Ca("Policy Root", CertSpec::Key::kRsa2048));
  MintedCert intermediate_ = testing::MintSigned(Ca("Policy CA", CertSpec::Key::kRsa2048), root_);
};

TEST_F(MintedChainTest, AModernChainPasses) {
  MintedCert leaf = testing::MintSigned(Leaf(CertSpec::Key::kEcP256), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&leaf, &intermediate_, &root_}), Names{});
  MintedCert ec384 = testing::MintSigned(Leaf(CertSpec::Key::kEcP384), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&ec384, &intermediate_}), Names{});
}

TEST_F(MintedChainTest, WeakLeafSignaturesFail) {
  MintedCert sha1 = testing::MintSigned(Leaf(CertSpec::Key::kEcP256, "sha1"), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&sha1, &intermediate_}), (Names{"reject_sha1@0"}));
  MintedCert md5 = testing::MintSigned(Leaf(CertSpec::Key::kEcP256, "md5"), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&md5, &intermediate_}), (Names{"reject_sha1@0"}));
}

TEST_F(MintedChainTest, ASha1IntermediateUnderASha256LeafFails) {
  MintedCert sha1_ca = testing::MintSigned(Ca("SHA-1 CA", CertSpec::Key::kRsa2048, "sha1"), root_);
  MintedCert leaf = testing::MintSigned(Leaf(CertSpec::Key::kEcP256), sha1_ca);
  EXPECT_EQ(DefaultPolicyOn({&leaf, &sha1_ca, &root_}), (Names{"reject_sha1@1"}));
}

TEST_F(MintedChainTest, ASha1SelfSignedRootUnderAGoodChainIsNotFlagged) {
  MintedCert sha1_root = testing::MintSelfSigned(Ca("SHA-1 Root", CertSpec::Key::kRsa2048, "sha1"));
  MintedCert ca = testing::MintSigned(Ca("Good CA", CertSpec::Key::kRsa2048), sha1_root);
  MintedCert leaf = testing::MintSigned(Leaf(CertSpec::Key::kEcP256), ca);
  EXPECT_EQ(DefaultPolicyOn({&leaf, &ca, &sha1_root}), Names{});
}

TEST_F(MintedChainTest, WeakKeysFail) {
  MintedCert rsa1024 = testing::MintSigned(Leaf(CertSpec::Key::kRsa1024), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&rsa1024, &intermediate_}), (Names{"min_rsa_bits@0"}));
  MintedCert rsa512 = testing::MintSigned(Leaf(CertSpec::Key::kRsa512), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&rsa512, &intermediate_}), (Names{"min_rsa_bits@0"}));
  MintedCert p192 = testing::MintSigned(Leaf(CertSpec::Key::kEcP192), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&p192, &intermediate_}), (Names{"min_ec_bits@0"}));
  MintedCert dsa = testing::MintSigned(Leaf(CertSpec::Key::kDsa1024), intermediate_);
  EXPECT_EQ(DefaultPolicyOn({&dsa, &intermediate_}), (Names{"reject_dsa@0"}));
}

TEST_F(MintedChainTest, AnEd25519LeafPasses) {
  MintedCert ed = testing::MintSigned(Leaf(CertSpec::Key::kEd25519), intermediate_);
  auto decoded = x509::DecodeCertificate(ed.der);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value().key_type, "ED25519");
  EXPECT_EQ(DefaultPolicyOn({&ed, &intermediate_}), Names{});
}

}  // namespace
}  // namespace lde::probe
