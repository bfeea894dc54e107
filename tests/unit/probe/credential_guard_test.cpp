#include "probe/credential_guard.h"

#include <gtest/gtest.h>

namespace lde::probe {
namespace {

using model::TrustReason;

model::ChainReport Chain(std::vector<model::TrustVerdict> trust, bool hostname_match = true) {
  model::ChainReport chain;
  chain.trust = std::move(trust);
  chain.hostname_match = hostname_match;
  return chain;
}

TEST(CredentialGuardTest, OneTrustingStoreAndTheRightNameLetTheCredentialsGo) {
  auto chain = Chain({{"public", TrustReason::kUnknownIssuer, 20, "unable to get local issuer certificate"},
                      {"enterprise", TrustReason::kOk, 0, ""}});
  EXPECT_EQ(WithholdCredentials(chain, "webext.contoso.test"), std::nullopt);
}

TEST(CredentialGuardTest, NoTrustingStoreWithholdsThemWithTheMostTellingReason) {
  // unknown_issuer, which every store but the right one says, tells less than expired.
  auto chain =
      Chain({{"enterprise", TrustReason::kUnknownIssuer, 20, "unable to get local issuer certificate"},
             {"public", TrustReason::kExpired, 10, "certificate has expired at depth 0"}});
  auto withheld = WithholdCredentials(chain, "webext.contoso.test");
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->step, model::Step::kTls);
  EXPECT_EQ(withheld->reason, model::Reason::kExpired);
  EXPECT_EQ(withheld->detail,
            "credentials not sent to webext.contoso.test: no trust store trusts its certificate (public: "
            "certificate has expired at depth 0)");
}

TEST(CredentialGuardTest, ATrustedCertificateForAnotherNameWithholdsThem) {
  auto chain = Chain({{"public", TrustReason::kOk, 0, ""}}, /*hostname_match=*/false);
  auto withheld = WithholdCredentials(chain, "webext.contoso.test");
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->reason, model::Reason::kHostnameMismatch);
}

TEST(CredentialGuardTest, NoStoreJudgedIsNoTrust) {
  auto withheld = WithholdCredentials(Chain({}), "webext.contoso.test");
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->reason, model::Reason::kUnknownIssuer);  // as UntrustedReason says of no store
  EXPECT_EQ(withheld->detail,
            "credentials not sent to webext.contoso.test: no trust store trusts its certificate");
}

}  // namespace
}  // namespace lde::probe
