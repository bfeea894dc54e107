#include "model/vocabulary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lde::model {
namespace {

// Every value spelled once and differently: two values sharing a spelling
// would merge two label values into one.
template <typename Array, typename Name>
void ExpectDistinctSpellings(const Array& all, Name name) {
  std::set<std::string> seen;
  for (auto value : all) {
    EXPECT_TRUE(seen.insert(std::string(name(value))).second) << name(value);
  }
}

TEST(VocabularyTest, SpellingsAreDistinct) {
  ExpectDistinctSpellings(kAllSteps, StepName);
  ExpectDistinctSpellings(kAllStages, StageName);
  ExpectDistinctSpellings(kAllReasons, ReasonName);
  ExpectDistinctSpellings(kAllNetworks, NetworkName);
  ExpectDistinctSpellings(kAllRoles, RoleName);
  ExpectDistinctSpellings(kAllPolicyRules, PolicyRuleName);
  ExpectDistinctSpellings(kAllHttpLegs, HttpLegName);
  ExpectDistinctSpellings(kAllDiscoveryLegs, DiscoveryLegName);
  ExpectDistinctSpellings(kAllUcwaSteps, UcwaStepName);
}

// kAll* is how tests and the README check see the enums: it must hold every
// value, in declaration order, so a value added to the enum but not to kAll*
// shows up here as a gap.
TEST(VocabularyTest, AllArraysListEveryValueInOrder) {
  for (std::size_t i = 0; i < kAllSteps.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(kAllSteps[i]), i);
  for (std::size_t i = 0; i < kAllStages.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(kAllStages[i]), i);
  for (std::size_t i = 0; i < kAllReasons.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(kAllReasons[i]), i);
  for (std::size_t i = 0; i < kAllNetworks.size(); ++i)
    EXPECT_EQ(static_cast<std::size_t>(kAllNetworks[i]), i);
  for (std::size_t i = 0; i < kAllRoles.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(kAllRoles[i]), i);
  for (std::size_t i = 0; i < kAllHttpLegs.size(); ++i)
    EXPECT_EQ(static_cast<std::size_t>(kAllHttpLegs[i]), i);
  EXPECT_EQ(kAllHttpLegs.back(), HttpLeg::kUnreachable);
  for (std::size_t i = 0; i < kAllDiscoveryLegs.size(); ++i)
    EXPECT_EQ(static_cast<std::size_t>(kAllDiscoveryLegs[i]), i);
  EXPECT_EQ(kAllDiscoveryLegs.back(), DiscoveryLeg::kHttp);
  for (std::size_t i = 0; i < kAllUcwaSteps.size(); ++i)
    EXPECT_EQ(static_cast<std::size_t>(kAllUcwaSteps[i]), i);
  EXPECT_EQ(kAllUcwaSteps.back(), UcwaStep::kDelete);
  EXPECT_EQ(kAllSteps.back(), Step::kUcwaSignin);
  EXPECT_EQ(kAllReasons.back(), Reason::kNoApplicationLink);
  EXPECT_EQ(kAllRoles.back(), Role::kOAuth);
  for (std::size_t i = 0; i < kAllPolicyRules.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kAllPolicyRules[i]), i);
  }
  EXPECT_EQ(kAllPolicyRules.back(), PolicyRule::kRequireServerAuthEku);
}

// A rule's spelling is its config key, and its reason is one the README
// documents for certificate policies.
TEST(VocabularyTest, PolicyRulesFailWithAPolicyReason) {
  const std::set<Reason> policy_reasons{Reason::kWeakSignature, Reason::kWeakKey, Reason::kSanMissing,
                                        Reason::kValidityTooLong, Reason::kNoServerAuthEku};
  for (PolicyRule rule : kAllPolicyRules) {
    EXPECT_TRUE(policy_reasons.contains(ReasonOf(rule))) << PolicyRuleName(rule);
  }
  EXPECT_EQ(ReasonOf(PolicyRule::kRejectSha1), Reason::kWeakSignature);
  EXPECT_EQ(ReasonOf(PolicyRule::kRejectDsa), Reason::kWeakKey);
  EXPECT_EQ(ReasonOf(PolicyRule::kMinEcBits), Reason::kWeakKey);
}

TEST(VocabularyTest, ReasonOfErrorKindKeepsItsName) {
  for (int k = 0; k <= static_cast<int>(ErrorKind::kInternal); ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    EXPECT_EQ(ReasonName(ReasonOf(kind)), ErrorKindName(kind));
  }
}

TEST(VocabularyTest, ReasonOfTrustReasonKeepsItsName) {
  for (int r = 0; r <= static_cast<int>(TrustReason::kChainTruncated); ++r) {
    const auto reason = static_cast<TrustReason>(r);
    EXPECT_EQ(ReasonName(ReasonOf(reason)), TrustReasonName(reason));
  }
}

// The sign-in steps are label values of the lyncdiscover_ucwa_signin_*
// series: these spellings are the README's.
TEST(VocabularyTest, UcwaStepsAreSpelledAsDocumented) {
  EXPECT_EQ(UcwaStepName(UcwaStep::kToken), "token");
  EXPECT_EQ(UcwaStepName(UcwaStep::kUser), "user");
  EXPECT_EQ(UcwaStepName(UcwaStep::kApplications), "applications");
  EXPECT_EQ(UcwaStepName(UcwaStep::kDelete), "delete");
  EXPECT_EQ(StepName(Step::kUcwaSignin), "ucwa_signin");
  EXPECT_EQ(ReasonName(Reason::kInvalidGrant), "invalid_grant");
}

TEST(VocabularyTest, LyncStepIsStageUnderscoreWhat) {
  for (Stage stage : kAllStages) {
    for (Step what : {Step::kDns, Step::kConnect, Step::kTls, Step::kHttp}) {
      EXPECT_EQ(StepName(LyncStep(stage, what)),
                std::string(StageName(stage)) + "_" + std::string(StepName(what)));
    }
    // A Lync walk judges certificates per profile, at its tls step.
    EXPECT_EQ(LyncStep(stage, Step::kCertificate), LyncStep(stage, Step::kTls));
  }
}

TEST(VocabularyTest, NoneIsTheEmptyLabel) {
  EXPECT_EQ(NetworkName(Network::kNone), "");
  EXPECT_EQ(RoleName(Role::kNone), "");
  EXPECT_EQ(NetworkName(Network::kInternal), "internal");
  EXPECT_EQ(RoleName(Role::kWebExternal), "web_external");
}

}  // namespace
}  // namespace lde::model
