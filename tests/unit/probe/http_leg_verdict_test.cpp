// The plain-HTTP discovery leg: when a phone tries it (TriesHttpLeg,
// HttpLegLeadsOn) and how JudgeProfile credits it per profile: a profile
// that rejected the HTTPS certificate stops there, any other goes on over
// HTTP, and verdict.leg says which leg its document came over.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "probe/http_leg_policy.h"
#include "probe/lync_verdict.h"

namespace lde::probe {
namespace {

using model::StepFailure;

const StepFailure kRefused{model::Step::kDiscoveryConnect, model::Reason::kConnectionRefused,
                           "lyncdiscover.contoso.test: refused"};
const StepFailure kNotFound{model::Step::kDiscoveryHttp, model::Reason::kHttpStatus,
                            "lyncdiscover.contoso.test answered 404"};
const StepFailure kNxdomain{model::Step::kDiscoveryDns, model::Reason::kNxdomain,
                            "lyncdiscover.contoso.test: no such name"};
const StepFailure kRefusedRedirect{model::Step::kDiscoveryRedirect, model::Reason::kRedirectNotAllowed,
                                   "redirect over http to webdir.fabrikam.test, outside contoso.test"};

Hop HttpsHop(std::optional<std::size_t> endpoint, std::optional<StepFailure> failure, bool fallback = true) {
  Hop hop;
  hop.stage = model::Stage::kDiscovery;
  hop.host = "lyncdiscover.contoso.test";
  hop.endpoint = endpoint;
  hop.failure = std::move(failure);
  hop.fallback = hop.failure ? fallback : false;
  return hop;
}

Hop LegHop(std::optional<StepFailure> failure = std::nullopt) {
  Hop hop;
  hop.stage = model::Stage::kDiscovery;
  hop.host = "lyncdiscover.contoso.test";
  hop.http_leg = true;
  hop.failure = std::move(failure);
  return hop;
}

Hop Later(model::Stage stage, std::size_t endpoint) {
  Hop hop;
  hop.stage = stage;
  hop.host = "webdir.contoso.test";
  hop.endpoint = endpoint;
  return hop;
}

model::EndpointReport WithChain(model::TrustReason public_says) {
  model::ChainReport chain;
  chain.trust = {model::TrustVerdict{"public", public_says, public_says == model::TrustReason::kOk ? 0 : 20,
                                     "public says " + std::string(model::TrustReasonName(public_says))}};
  chain.hostname_match = true;
  chain.complete = true;
  chain.ordered = true;
  model::EndpointReport report;
  report.chain = chain;
  return report;
}

config::ProfileConfig Profile(bool validate) { return config::ProfileConfig{"phone", {"public"}, validate}; }

// lyncdiscover over HTTPS (endpoint 0), its HTTP leg, a redirect to
// webdir over HTTPS (endpoint 1) whose document is used, the web services
// and the OAuth host (endpoint 1).
NetworkObservation WalkedOverHttp(std::optional<StepFailure> https_failure, bool fallback = true) {
  NetworkObservation observation;
  observation.report.network = model::Network::kExternal;
  observation.report.oauth_challenge = true;
  observation.hops = {HttpsHop(0, std::move(https_failure), fallback), LegHop(),
                      Later(model::Stage::kRedirect, 1), Later(model::Stage::kWeb, 1),
                      Later(model::Stage::kOAuth, 1)};
  observation.document_hop = 2;
  observation.report.discovery_leg = model::DiscoveryLeg::kHttp;
  return observation;
}

TEST(HttpLegPolicyTest, APhoneTriesTheHttpLegAfterAnyHttpsFailureButDns) {
  EXPECT_TRUE(TriesHttpLeg(HttpsHop(0, kRefused)));
  EXPECT_TRUE(TriesHttpLeg(HttpsHop(0, kNotFound)));
  EXPECT_TRUE(
      TriesHttpLeg(HttpsHop(0, StepFailure{model::Step::kDiscoveryTls, model::Reason::kTlsHandshake, ""})));
  // A root that is no document ends the walk unless the leg leads on.
  EXPECT_TRUE(TriesHttpLeg(
      HttpsHop(0, StepFailure{model::Step::kDiscoveryParse, model::Reason::kHtmlPage, "login page"}, false)));
  EXPECT_FALSE(TriesHttpLeg(HttpsHop(std::nullopt, kNxdomain)));
  EXPECT_FALSE(TriesHttpLeg(HttpsHop(0, std::nullopt)));  // HTTPS answered: nothing to fall back from
  EXPECT_FALSE(TriesHttpLeg(LegHop(kRefusedRedirect)));   // the leg itself has no leg
  Hop redirect = Later(model::Stage::kRedirect, 1);
  redirect.failure = kRefused;
  EXPECT_FALSE(TriesHttpLeg(redirect));  // past the discovery name, never
}

TEST(HttpLegPolicyTest, OnlyRedirectsToHttpsAndDocumentsLeadOn) {
  EXPECT_TRUE(HttpLegLeadsOn(model::HttpLeg::kRedirect));
  EXPECT_TRUE(HttpLegLeadsOn(model::HttpLeg::kHttpsRedirect));
  EXPECT_TRUE(HttpLegLeadsOn(model::HttpLeg::kDocument));
  EXPECT_FALSE(HttpLegLeadsOn(model::HttpLeg::kUnusable));  // a 30x to http or nowhere, a 404, HTML
  EXPECT_FALSE(HttpLegLeadsOn(model::HttpLeg::kUnreachable));
}

TEST(HttpLegVerdictTest, AConnectFailureFollowedByAWorkingHttpLegIsReadyOverHttp) {
  std::vector<model::EndpointReport> endpoints{model::EndpointReport{}, WithChain(model::TrustReason::kOk)};
  for (bool validate : {true, false}) {
    SCOPED_TRACE(validate);
    auto verdict = JudgeProfile(WalkedOverHttp(kRefused), endpoints, Profile(validate));
    EXPECT_TRUE(verdict.ready);
    EXPECT_EQ(verdict.failure, std::nullopt);
    EXPECT_EQ(verdict.leg, std::optional(model::DiscoveryLeg::kHttp));
  }
}

TEST(HttpLegVerdictTest, ANonDocumentRootFollowedByAWorkingHttpLegIsReady) {
  // The parse failure ends the walk (no fallback to another name), but the
  // same name's HTTP leg is still the phone's way on.
  std::vector<model::EndpointReport> endpoints{WithChain(model::TrustReason::kOk),
                                               WithChain(model::TrustReason::kOk)};
  auto verdict = JudgeProfile(
      WalkedOverHttp(StepFailure{model::Step::kDiscoveryParse, model::Reason::kHtmlPage, "login page"},
                     false),
      endpoints, Profile(true));
  EXPECT_TRUE(verdict.ready);
  EXPECT_EQ(verdict.leg, std::optional(model::DiscoveryLeg::kHttp));
}

TEST(HttpLegVerdictTest, ACertificateRejectionOnTheHttpsHopIsNotCreditedWithTheHttpLeg) {
  // HTTPS handshook with a certificate the profile does not trust and
  // answered 404; the walk went on over HTTP, which worked.
  std::vector<model::EndpointReport> endpoints{WithChain(model::TrustReason::kUnknownIssuer),
                                               WithChain(model::TrustReason::kOk)};
  auto strict = JudgeProfile(WalkedOverHttp(kNotFound), endpoints, Profile(true));
  EXPECT_FALSE(strict.ready);
  ASSERT_TRUE(strict.failure);
  EXPECT_EQ(strict.failure->step, model::Step::kDiscoveryTls);
  EXPECT_EQ(strict.failure->reason, model::Reason::kUnknownIssuer);
  EXPECT_EQ(strict.leg, std::nullopt);
  // A phone that validates nothing takes the HTTP leg.
  auto lax = JudgeProfile(WalkedOverHttp(kNotFound), endpoints, Profile(false));
  EXPECT_TRUE(lax.ready);
  EXPECT_EQ(lax.leg, std::optional(model::DiscoveryLeg::kHttp));
}

TEST(HttpLegVerdictTest, AnHttpLegThatFailsEndsTheWalkThere) {
  NetworkObservation observation;
  observation.report.network = model::Network::kExternal;
  observation.hops = {HttpsHop(0, kRefused), LegHop(kRefusedRedirect)};
  auto verdict = JudgeProfile(observation, {model::EndpointReport{}}, Profile(true));
  EXPECT_FALSE(verdict.ready);
  EXPECT_EQ(verdict.failure, kRefusedRedirect);
  EXPECT_EQ(verdict.leg, std::nullopt);
}

TEST(HttpLegVerdictTest, AFailureWithoutAnHttpLegAfterItIsTheNamesFailure) {
  // The leg led nowhere (no hop): the name fails as its HTTPS did.
  NetworkObservation observation;
  observation.report.network = model::Network::kExternal;
  observation.hops = {HttpsHop(0, kRefused)};
  auto verdict = JudgeProfile(observation, {model::EndpointReport{}}, Profile(true));
  EXPECT_EQ(verdict.failure, kRefused);
}

TEST(HttpLegVerdictTest, AnHttpsDocumentIsCreditedToTheHttpsLeg) {
  NetworkObservation observation;
  observation.report.network = model::Network::kExternal;
  observation.report.oauth_challenge = true;
  observation.hops = {HttpsHop(0, std::nullopt), Later(model::Stage::kWeb, 0),
                      Later(model::Stage::kOAuth, 0)};
  observation.document_hop = 0;
  observation.report.discovery_leg = model::DiscoveryLeg::kHttps;
  std::vector<model::EndpointReport> endpoints{WithChain(model::TrustReason::kOk)};
  auto verdict = JudgeProfile(observation, endpoints, Profile(true));
  EXPECT_TRUE(verdict.ready);
  EXPECT_EQ(verdict.leg, std::optional(model::DiscoveryLeg::kHttps));
  // A later failure (the web services' certificate) keeps the leg: the
  // document was reached.
  endpoints.push_back(WithChain(model::TrustReason::kExpired));
  observation.hops[1].endpoint = 1;
  auto broken = JudgeProfile(observation, endpoints, Profile(true));
  EXPECT_FALSE(broken.ready);
  EXPECT_EQ(broken.leg, std::optional(model::DiscoveryLeg::kHttps));
}

}  // namespace
}  // namespace lde::probe
