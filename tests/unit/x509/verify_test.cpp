#include "x509/verify.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include "support/certs/cert_specs.h"
#include "x509/trust_store_impl.h"

namespace lde::x509 {
namespace {

using lde::testing::CaSpec;
using lde::testing::CertSpec;
using lde::testing::kDay;
using lde::testing::LeafSpec;
using lde::testing::MakePki;
using lde::testing::MintedCert;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::TestPki;

const SysTime kNow = lde::testing::kTestNow;

class VerifyChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_ = MakePki("Verify", "v.test", kNow);
    auto store = TrustStore::FromPem("corp", pki_.root.pem);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = store.value();
  }

  // A leaf under pki_.intermediate with the given validity.
  MintedCert Leaf(SysTime not_before, SysTime not_after) {
    CertSpec spec = LeafSpec("v.test");
    spec.not_before = not_before;
    spec.not_after = not_after;
    return MintSigned(spec, pki_.intermediate);
  }

  TestPki pki_;
  std::shared_ptr<const TrustStore> store_;
};

TEST_F(VerifyChainTest, FullChainIsTrusted) {
  VerifyOutcome out = VerifyChain({pki_.leaf.der, pki_.intermediate.der}, *store_, kNow);
  EXPECT_TRUE(out.ok) << out.error_string;
  EXPECT_EQ(out.error, X509_V_OK);
  // Sending the root too is allowed (RFC 8446 4.4.2 lets servers omit it).
  EXPECT_TRUE(VerifyChain({pki_.leaf.der, pki_.intermediate.der, pki_.root.der}, *store_, kNow).ok);
}

TEST_F(VerifyChainTest, OutOfOrderChainStillBuilds) {
  // OpenSSL builds the path from the untrusted set, whatever the order.
  EXPECT_TRUE(VerifyChain({pki_.leaf.der, pki_.root.der, pki_.intermediate.der}, *store_, kNow).ok);
}

TEST_F(VerifyChainTest, MissingIntermediateIsUnknownIssuerUntilSupplied) {
  VerifyOutcome out = VerifyChain({pki_.leaf.der}, *store_, kNow);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  EXPECT_EQ(out.error_depth, 0);
  EXPECT_FALSE(out.error_string.empty());
  EXPECT_TRUE(VerifyChain({pki_.leaf.der}, *store_, kNow, {pki_.intermediate.der}).ok);
}

TEST_F(VerifyChainTest, OtherStoreDoesNotTrust) {
  TestPki other = MakePki("Other", "o.test", kNow);
  auto other_store = TrustStore::FromPem("public", other.root.pem);
  ASSERT_TRUE(other_store.ok());
  VerifyOutcome out = VerifyChain({pki_.leaf.der, pki_.intermediate.der}, *other_store.value(), kNow);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  EXPECT_EQ(out.error_depth, 1);
  // With its untrusted root presented, the chain ends in a self-signed cert.
  out = VerifyChain({pki_.leaf.der, pki_.intermediate.der, pki_.root.der}, *other_store.value(), kNow);
  EXPECT_EQ(out.error, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
  EXPECT_EQ(out.error_depth, 2);
}

TEST_F(VerifyChainTest, DatesAreCheckedAtNow) {
  MintedCert expired = Leaf(kNow - 100 * kDay, kNow - std::chrono::hours(1));
  VerifyOutcome out = VerifyChain({expired.der, pki_.intermediate.der}, *store_, kNow);
  EXPECT_EQ(out.error, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_EQ(out.error_depth, 0);
  // The same chain checked at an earlier `now` is fine: time is a parameter.
  EXPECT_TRUE(VerifyChain({expired.der, pki_.intermediate.der}, *store_, kNow - std::chrono::hours(2)).ok);

  MintedCert future = Leaf(kNow + kDay, kNow + 100 * kDay);
  out = VerifyChain({future.der, pki_.intermediate.der}, *store_, kNow);
  EXPECT_EQ(out.error, X509_V_ERR_CERT_NOT_YET_VALID);
  EXPECT_EQ(out.error_depth, 0);
}

TEST_F(VerifyChainTest, ExpiredIntermediateReportedAtItsDepth) {
  CertSpec spec = CaSpec("Verify Old Intermediate");
  spec.not_after = kNow - kDay;
  MintedCert old_int = MintSigned(spec, pki_.root);
  MintedCert leaf = MintSigned(LeafSpec("v.test"), old_int);
  VerifyOutcome out = VerifyChain({leaf.der, old_int.der}, *store_, kNow);
  EXPECT_EQ(out.error, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_EQ(out.error_depth, 1);
}

TEST_F(VerifyChainTest, SelfSignedLeaf) {
  VerifyOutcome out = VerifyChain({MintSelfSigned(LeafSpec("v.test")).der}, *store_, kNow);
  EXPECT_EQ(out.error, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  EXPECT_EQ(out.error_depth, 0);
}

TEST_F(VerifyChainTest, IssuerProblemIsReportedBeforeDates) {
  // Documented order: chain building comes before the validity check.
  TestPki other = MakePki("Other", "o.test", kNow);
  CertSpec spec = LeafSpec("o.test");
  spec.not_after = kNow - kDay;
  MintedCert expired = MintSigned(spec, other.intermediate);
  VerifyOutcome out = VerifyChain({expired.der, other.intermediate.der}, *store_, kNow);
  EXPECT_EQ(out.error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}

TEST_F(VerifyChainTest, UndecodableInputIsAnErrorNotACrash) {
  VerifyOutcome out = VerifyChain({}, *store_, kNow);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error, X509_V_ERR_UNSPECIFIED);
  out = VerifyChain({model::Der{0x30, 0x03, 0x02}}, *store_, kNow);
  EXPECT_EQ(out.error, X509_V_ERR_UNSPECIFIED);
  // A garbage intermediate is ignored; the good one still builds the path.
  EXPECT_TRUE(VerifyChain({pki_.leaf.der, model::Der{1, 2}, pki_.intermediate.der}, *store_, kNow).ok);
}

// VerifyChain remembers outcomes per store (trust_store_impl.h): a chain
// judged again must get the answer a fresh verification would give.
TEST_F(VerifyChainTest, RememberedVerdictStillFollowsTheCheckTime) {
  MintedCert leaf = Leaf(kNow - kDay, kNow + 10 * kDay);
  const std::vector<model::Der> chain = {leaf.der, pki_.intermediate.der};
  const auto& memo = store_->impl().verdicts;
  ASSERT_TRUE(VerifyChain(chain, *store_, kNow).ok);
  const std::size_t hits = memo.hits();
  EXPECT_TRUE(VerifyChain(chain, *store_, kNow + std::chrono::minutes(1)).ok);
  EXPECT_EQ(memo.hits(), hits + 1);  // answered from the memo
  // Past the leaf's notAfter, and before its notBefore: judged afresh.
  VerifyOutcome out = VerifyChain(chain, *store_, kNow + 11 * kDay);
  EXPECT_EQ(out.error, X509_V_ERR_CERT_HAS_EXPIRED);
  out = VerifyChain(chain, *store_, kNow - 2 * kDay);
  EXPECT_EQ(out.error, X509_V_ERR_CERT_NOT_YET_VALID);
  // Failures that depend on the time are not remembered.
  const std::size_t after_dates = memo.hits();
  EXPECT_EQ(VerifyChain(chain, *store_, kNow + 11 * kDay).error, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_EQ(memo.hits(), after_dates);
}

TEST_F(VerifyChainTest, RememberedVerdictIsJudgedAgainAfterTenMinutes) {
  const std::vector<model::Der> chain = {pki_.leaf.der, pki_.intermediate.der};
  const auto& memo = store_->impl().verdicts;
  ASSERT_TRUE(VerifyChain(chain, *store_, kNow).ok);
  const std::size_t hits = memo.hits();
  EXPECT_TRUE(VerifyChain(chain, *store_, kNow + std::chrono::minutes(11)).ok);
  EXPECT_EQ(memo.hits(), hits);  // too old: verified again (and remembered anew)
  EXPECT_TRUE(VerifyChain(chain, *store_, kNow + std::chrono::minutes(12)).ok);
  EXPECT_EQ(memo.hits(), hits + 1);
  // A clock that went back does not use a verdict from its future.
  EXPECT_TRUE(VerifyChain(chain, *store_, kNow).ok);
  EXPECT_EQ(memo.hits(), hits + 1);
}

TEST_F(VerifyChainTest, RememberedUnknownIssuerIsPerChainAndPerStore) {
  TestPki other = MakePki("Other", "o.test", kNow);
  auto other_store = TrustStore::FromPem("public", other.root.pem);
  ASSERT_TRUE(other_store.ok());
  const std::vector<model::Der> chain = {pki_.leaf.der, pki_.intermediate.der};
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(VerifyChain(chain, *other_store.value(), kNow).error,
              X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    EXPECT_TRUE(VerifyChain(chain, *store_, kNow).ok);
  }
  EXPECT_EQ(other_store.value()->impl().verdicts.hits(), 1u);
  // The fetched issuers are part of what was judged: the leaf alone fails,
  // with its issuer supplied it verifies, whatever was remembered first.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(VerifyChain({pki_.leaf.der}, *store_, kNow).error,
              X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    EXPECT_TRUE(VerifyChain({pki_.leaf.der}, *store_, kNow, {pki_.intermediate.der}).ok);
    // Bytes moved between the presented and the fetched list are another input.
    EXPECT_EQ(VerifyChain({pki_.leaf.der, pki_.intermediate.der}, *store_, kNow, {}).ok, true);
  }
}

// The memo keeps codes, not texts: what it answers is field for field what
// the first verification said, for a trusted chain and an unknown issuer.
TEST_F(VerifyChainTest, RecalledOutcomeEqualsTheFreshOne) {
  TestPki other = MakePki("Other", "o.test", kNow);
  auto other_store = TrustStore::FromPem("public", other.root.pem);
  ASSERT_TRUE(other_store.ok());
  const std::vector<model::Der> chain = {pki_.leaf.der, pki_.intermediate.der};
  for (const TrustStore* store : {store_.get(), other_store.value().get()}) {
    const std::size_t hits = store->impl().verdicts.hits();
    const VerifyOutcome fresh = VerifyChain(chain, *store, kNow);
    const VerifyOutcome recalled = VerifyChain(chain, *store, kNow);
    EXPECT_EQ(store->impl().verdicts.hits(), hits + 1);
    EXPECT_EQ(recalled.ok, fresh.ok);
    EXPECT_EQ(recalled.error, fresh.error);
    EXPECT_EQ(recalled.error_depth, fresh.error_depth);
    EXPECT_EQ(recalled.error_string, fresh.error_string);
  }
  EXPECT_EQ(VerifyChain(chain, *other_store.value(), kNow).error_string,
            "unable to get local issuer certificate");
}

TEST(IsIssuedByTest, RememberedAnswersStayRight) {
  TestPki pki = MakePki("Issued", "i.test", kNow);
  TestPki other = MakePki("Other", "o.test", kNow);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(IsIssuedBy(pki.leaf.der, pki.intermediate.der));
    EXPECT_FALSE(IsIssuedBy(pki.intermediate.der, pki.leaf.der));
    EXPECT_FALSE(IsIssuedBy(pki.leaf.der, other.intermediate.der));
    EXPECT_TRUE(IsIssuedBy(pki.intermediate.der, pki.root.der));
    EXPECT_FALSE(IsIssuedBy(model::Der{1, 2, 3}, pki.root.der));
  }
}

}  // namespace
}  // namespace lde::x509
