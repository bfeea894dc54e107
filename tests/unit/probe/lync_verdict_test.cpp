// JudgeProfile over hand-built hops and endpoint reports: which step a phone
// with a given device profile stops at, and why.
#include "probe/lync_verdict.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace lde::model {
// Readable failure messages instead of gtest's byte dump.
void PrintTo(const StepFailure& f, std::ostream* os) {
  *os << "{" << model::StepName(f.step) << ", " << model::ReasonName(f.reason) << ", \"" << f.detail << "\"}";
}
}  // namespace lde::model

namespace lde::probe {
namespace {

using model::ChainReport;
using model::EndpointReport;
using model::StepFailure;
using model::TrustReason;
using model::TrustVerdict;

TrustVerdict Verdict(const std::string& store, TrustReason reason) {
  return TrustVerdict{store, reason, reason == TrustReason::kOk ? 0 : 20,
                      store + " says " + std::string(model::TrustReasonName(reason))};
}

ChainReport Chain(std::vector<TrustVerdict> trust, bool hostname_match = true) {
  ChainReport chain;
  chain.trust = std::move(trust);
  chain.hostname_match = hostname_match;
  chain.complete = true;
  chain.ordered = true;
  return chain;
}

EndpointReport Endpoint(std::optional<ChainReport> chain) {
  EndpointReport report;
  report.chain = std::move(chain);
  return report;
}

Hop MakeHop(model::Stage stage, std::string host, std::optional<std::size_t> endpoint,
            std::optional<StepFailure> failure = std::nullopt, bool fallback = false) {
  return Hop{stage, std::move(host), endpoint, std::move(failure), fallback};
}

config::ProfileConfig Profile(std::vector<std::string> stores, bool validate = true) {
  return config::ProfileConfig{"phone", std::move(stores), validate};
}

NetworkObservation Observation(std::vector<Hop> hops, bool oauth_challenge) {
  NetworkObservation observation;
  observation.report.network = model::Network::kExternal;
  observation.report.oauth_challenge = oauth_challenge;
  observation.hops = std::move(hops);
  return observation;
}

const StepFailure kDnsFailure{model::Step::kDiscoveryDns, model::Reason::kNxdomain,
                              "lyncdiscoverinternal.contoso.test: no such name"};
const StepFailure kConnectFailure{model::Step::kDiscoveryConnect, model::Reason::kConnectionRefused,
                                  "refused"};
const StepFailure kWebFailure{model::Step::kWebHttp, model::Reason::kHttpStatus, "user link answered 500"};

struct Case {
  std::string name;
  NetworkObservation observation;
  std::vector<EndpointReport> endpoints;
  config::ProfileConfig profile;
  bool ready;
  std::optional<StepFailure> failure;
};

std::vector<Case> Cases() {
  const auto good = Chain({Verdict("public", TrustReason::kOk)});
  const auto all_good = std::vector<EndpointReport>{Endpoint(good), Endpoint(good), Endpoint(good)};
  const auto full_walk = std::vector<Hop>{MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0),
                                          MakeHop(model::Stage::kWeb, "web.contoso.test", 1),
                                          MakeHop(model::Stage::kOAuth, "web.contoso.test", 1)};
  std::vector<Case> cases;

  cases.push_back({"all hops fine and the OAuth challenge seen: ready", Observation(full_walk, true),
                   all_good, Profile({"public"}), true, std::nullopt});

  // Untrusted by every store of the profile; the specific reason beats the
  // unknown_issuer the other store reports.
  cases.push_back({"first hop untrusted: terminal discovery_tls with the specific reason",
                   Observation(full_walk, true),
                   {Endpoint(Chain({Verdict("public", TrustReason::kUnknownIssuer),
                                    Verdict("corp", TrustReason::kExpired)})),
                    Endpoint(good), Endpoint(good)},
                   Profile({"public", "corp"}),
                   false,
                   StepFailure{model::Step::kDiscoveryTls, model::Reason::kExpired,
                               "lyncdiscover.contoso.test: corp: corp says expired"}});

  cases.push_back({"every store says unknown_issuer: unknown_issuer with the first store's detail",
                   Observation(full_walk, true),
                   {Endpoint(Chain({Verdict("public", TrustReason::kUnknownIssuer),
                                    Verdict("corp", TrustReason::kUnknownIssuer)})),
                    Endpoint(good), Endpoint(good)},
                   Profile({"public", "corp"}),
                   false,
                   StepFailure{model::Step::kDiscoveryTls, model::Reason::kUnknownIssuer,
                               "lyncdiscover.contoso.test: public: public says unknown_issuer"}});

  cases.push_back(
      {"trusted by one store of the profile is enough",
       Observation(full_walk, true),
       {Endpoint(Chain({Verdict("public", TrustReason::kUnknownIssuer), Verdict("corp", TrustReason::kOk)})),
        Endpoint(good), Endpoint(good)},
       Profile({"public", "corp"}),
       true,
       std::nullopt});

  cases.push_back(
      {"a store outside the profile does not count",
       Observation(full_walk, true),
       {Endpoint(Chain({Verdict("public", TrustReason::kUnknownIssuer), Verdict("corp", TrustReason::kOk)})),
        Endpoint(good), Endpoint(good)},
       Profile({"public"}),
       false,
       StepFailure{model::Step::kDiscoveryTls, model::Reason::kUnknownIssuer,
                   "lyncdiscover.contoso.test: public: public says unknown_issuer"}});

  cases.push_back({"profile stores not among the chain's verdicts: unknown_issuer",
                   Observation(full_walk, true), all_good, Profile({"enterprise"}), false,
                   StepFailure{model::Step::kDiscoveryTls, model::Reason::kUnknownIssuer,
                               "lyncdiscover.contoso.test: the profile names no judged trust store"}});

  cases.push_back(
      {"hostname mismatch on a trusted chain",
       Observation(full_walk, true),
       {Endpoint(good), Endpoint(Chain({Verdict("public", TrustReason::kOk)}, false)), Endpoint(good)},
       Profile({"public"}),
       false,
       StepFailure{model::Step::kWebTls, model::Reason::kHostnameMismatch,
                   "web.contoso.test is not in the certificate's names"}});

  cases.push_back({"no certificate validation (pre-5.4 clients) skips trust and hostname",
                   Observation(full_walk, true),
                   {Endpoint(Chain({Verdict("public", TrustReason::kSelfSigned)}, false)), Endpoint(good),
                    Endpoint(good)},
                   Profile({"public"}, false),
                   true,
                   std::nullopt});

  cases.push_back({"network failure with fallback then another discovery name: falls through",
                   Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscoverinternal.contoso.test",
                                        std::nullopt, kDnsFailure, true),
                                MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0),
                                MakeHop(model::Stage::kWeb, "web.contoso.test", 1),
                                MakeHop(model::Stage::kOAuth, "web.contoso.test", 1)},
                               true),
                   all_good, Profile({"public"}), true, std::nullopt});

  cases.push_back(
      {"fallback on the last discovery hop: that failure is the verdict",
       Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscoverinternal.contoso.test", std::nullopt,
                            kDnsFailure, true),
                    MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0, kConnectFailure, true)},
                   false),
       all_good, Profile({"public"}), false, kConnectFailure});

  cases.push_back(
      {"fallback is not followed into a non-discovery hop",
       Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0, kConnectFailure, true),
                    MakeHop(model::Stage::kWeb, "web.contoso.test", 1)},
                   true),
       all_good, Profile({"public"}), false, kConnectFailure});

  cases.push_back(
      {"rejected certificate on a hop with a fallback failure: the certificate wins",
       Observation(
           {MakeHop(model::Stage::kDiscovery, "lyncdiscoverinternal.contoso.test", 0,
                    StepFailure{model::Step::kDiscoveryHttp, model::Reason::kHttpStatus, "404"}, true),
            MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 1),
            MakeHop(model::Stage::kWeb, "web.contoso.test", 2)},
           true),
       {Endpoint(Chain({Verdict("public", TrustReason::kIncompleteChain)})), Endpoint(good), Endpoint(good)},
       Profile({"public"}),
       false,
       StepFailure{model::Step::kDiscoveryTls, model::Reason::kIncompleteChain,
                   "lyncdiscoverinternal.contoso.test: public: public says incomplete_chain"}});

  cases.push_back({"walk ends without failure and without the challenge: oauth_challenge missing",
                   Observation(full_walk, false), all_good, Profile({"public"}), false,
                   StepFailure{model::Step::kOAuthChallenge, model::Reason::kMissing,
                               "the walk ended before the OAuth challenge"}});

  cases.push_back({"web hop failure ends the walk",
                   Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0),
                                MakeHop(model::Stage::kWeb, "web.contoso.test", 1, kWebFailure),
                                MakeHop(model::Stage::kOAuth, "web.contoso.test", 1)},
                               true),
                   all_good, Profile({"public"}), false, kWebFailure});

  cases.push_back({"a web failure with fallback set is still terminal",
                   Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0),
                                MakeHop(model::Stage::kWeb, "web.contoso.test", 1, kWebFailure, true),
                                MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0)},
                               true),
                   all_good, Profile({"public"}), false, kWebFailure});

  cases.push_back(
      {"a hop without a chain (no handshake) is judged only by its failure",
       Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0, kConnectFailure)},
                   false),
       {Endpoint(std::nullopt)},
       Profile({"public"}),
       false,
       kConnectFailure});

  cases.push_back({"an endpoint index out of range is ignored, not read",
                   Observation(full_walk, true),
                   {Endpoint(good)},
                   Profile({"public"}),
                   true,
                   std::nullopt});

  cases.push_back({"no hops at all and no challenge",
                   Observation({}, false),
                   {},
                   Profile({"public"}),
                   false,
                   StepFailure{model::Step::kOAuthChallenge, model::Reason::kMissing,
                               "the walk ended before the OAuth challenge"}});
  return cases;
}

TEST(JudgeProfileTest, Table) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.name);
    auto verdict = JudgeProfile(c.observation, c.endpoints, c.profile);
    EXPECT_EQ(verdict.profile, "phone");
    EXPECT_EQ(verdict.ready, c.ready);
    EXPECT_EQ(verdict.failure, c.failure);
    EXPECT_EQ(verdict.ready, !verdict.failure.has_value());
  }
}

TEST(JudgeProfileTest, LaterCertificateProblemsDoNotHideAnEarlierNetworkFailure) {
  auto observation =
      Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0, kConnectFailure),
                   MakeHop(model::Stage::kWeb, "web.contoso.test", 1)},
                  false);
  std::vector<EndpointReport> endpoints{Endpoint(std::nullopt),
                                        Endpoint(Chain({Verdict("public", TrustReason::kExpired)}))};
  auto verdict = JudgeProfile(observation, endpoints, Profile({"public"}));
  EXPECT_EQ(verdict.failure, kConnectFailure);
}

TEST(JudgeProfileTest, SameObservationDiffersByProfile) {
  // The lab's split: an enterprise-CA certificate is fine for a phone that
  // carries the enterprise root and fatal for one with public roots only.
  auto observation = Observation({MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0),
                                  MakeHop(model::Stage::kWeb, "web.contoso.test", 0)},
                                 true);
  std::vector<EndpointReport> endpoints{Endpoint(
      Chain({Verdict("public", TrustReason::kUnknownIssuer), Verdict("enterprise", TrustReason::kOk)}))};
  EXPECT_TRUE(JudgeProfile(observation, endpoints, Profile({"public", "enterprise"})).ready);
  EXPECT_TRUE(JudgeProfile(observation, endpoints, Profile({"public"}, false)).ready);
  auto strict = JudgeProfile(observation, endpoints, Profile({"public"}));
  ASSERT_TRUE(strict.failure.has_value());
  EXPECT_EQ(strict.failure->step, model::Step::kDiscoveryTls);
  EXPECT_EQ(strict.failure->reason, model::Reason::kUnknownIssuer);
}

}  // namespace
}  // namespace lde::probe

namespace lde::probe {
namespace {

// Every node behind a name: the walk read node 0; nodes 1 and 2 were asked
// the same. A phone may land on any of them.
struct Pool {
  NetworkObservation observation;
  std::vector<EndpointReport> endpoints;
};

Pool TwoNodePool(EndpointReport second) {
  EndpointReport first = Endpoint(Chain({Verdict("public", TrustReason::kOk)}));
  first.endpoint.address = "192.0.2.1";
  first.http = model::HttpObservation{};
  first.http->status = 200;
  second.endpoint.address = "192.0.2.2";
  Hop discovery = MakeHop(model::Stage::kDiscovery, "lyncdiscover.contoso.test", 0);
  discovery.nodes = {1};
  return Pool{Observation({discovery, MakeHop(model::Stage::kWeb, "web.contoso.test", 0)}, true),
              {first, second}};
}

EndpointReport HealthyNode() {
  EndpointReport node = Endpoint(Chain({Verdict("public", TrustReason::kOk)}));
  node.http = model::HttpObservation{};
  node.http->status = 200;
  return node;
}

TEST(JudgeProfileNodesTest, EveryHealthyNodeIsReady) {
  Pool pool = TwoNodePool(HealthyNode());
  EXPECT_TRUE(JudgeProfile(pool.observation, pool.endpoints, Profile({"public"})).ready);
}

TEST(JudgeProfileNodesTest, ANodeWithAnExpiredCertificateFailsAndIsNamed) {
  EndpointReport expired = HealthyNode();
  expired.chain = Chain({Verdict("public", TrustReason::kExpired)});
  Pool pool = TwoNodePool(expired);
  auto verdict = JudgeProfile(pool.observation, pool.endpoints, Profile({"public"}));
  ASSERT_TRUE(verdict.failure);
  EXPECT_EQ(verdict.failure->step, model::Step::kDiscoveryTls);
  EXPECT_EQ(verdict.failure->reason, model::Reason::kExpired);
  EXPECT_EQ(verdict.failure->detail,
            "lyncdiscover.contoso.test (node 192.0.2.2): public: public says expired");
  EXPECT_EQ(verdict.failure_address, "192.0.2.2");
  // A client before 5.4 does not look at certificates: that node lets it through.
  EXPECT_TRUE(JudgeProfile(pool.observation, pool.endpoints, Profile({"public"}, false)).ready);
}

TEST(JudgeProfileNodesTest, ANodeWithTheWrongNameFailsWithTheNode) {
  EndpointReport wrong = HealthyNode();
  wrong.chain = Chain({Verdict("public", TrustReason::kOk)}, /*hostname_match=*/false);
  Pool pool = TwoNodePool(wrong);
  auto verdict = JudgeProfile(pool.observation, pool.endpoints, Profile({"public"}));
  ASSERT_TRUE(verdict.failure);
  EXPECT_EQ(verdict.failure->reason, model::Reason::kHostnameMismatch);
  EXPECT_EQ(verdict.failure->detail,
            "lyncdiscover.contoso.test is not in the certificate's names (node 192.0.2.2)");
}

TEST(JudgeProfileNodesTest, ANodeThatRefusesOrAnswersDifferentlyFailsEveryProfile) {
  EndpointReport refused = Endpoint(std::nullopt);
  refused.failure = StepFailure{model::Step::kConnect, model::Reason::kConnectionRefused, "refused"};
  Pool pool = TwoNodePool(refused);
  auto verdict = JudgeProfile(pool.observation, pool.endpoints, Profile({"public"}, false));
  ASSERT_TRUE(verdict.failure);
  EXPECT_EQ(verdict.failure->step, model::Step::kDiscoveryConnect);
  EXPECT_EQ(verdict.failure->detail, "lyncdiscover.contoso.test (node 192.0.2.2): refused");

  EndpointReport broken = HealthyNode();
  broken.http->status = 503;
  pool = TwoNodePool(broken);
  verdict = JudgeProfile(pool.observation, pool.endpoints, Profile({"public"}));
  ASSERT_TRUE(verdict.failure);
  EXPECT_EQ(verdict.failure->step, model::Step::kDiscoveryHttp);
  EXPECT_EQ(verdict.failure->reason, model::Reason::kHttpStatus);
  EXPECT_EQ(verdict.failure->detail,
            "lyncdiscover.contoso.test (node 192.0.2.2) answered 503 where node 192.0.2.1 answered 200");
}

TEST(JudgeProfileNodesTest, AFirstNodeFailureIsReportedBeforeTheOtherNodes) {
  EndpointReport expired = HealthyNode();
  expired.chain = Chain({Verdict("public", TrustReason::kExpired)});
  Pool pool = TwoNodePool(expired);
  pool.endpoints[0].chain = Chain({Verdict("public", TrustReason::kUnknownIssuer)});
  auto verdict = JudgeProfile(pool.observation, pool.endpoints, Profile({"public"}));
  ASSERT_TRUE(verdict.failure);
  EXPECT_EQ(verdict.failure->reason, model::Reason::kUnknownIssuer);
  EXPECT_EQ(verdict.failure_address, "192.0.2.1");
}

}  // namespace
}  // namespace lde::probe
