// The authenticated UCWA sign-in over real TLS servers on 127.0.8.x: the
// token endpoint on the OAuth host, the user resource and the applications
// on the web services host, answering as a pool does (and as the lab's
// stand-in, lab/tools/ucwa_standin.cpp). Wrong password, a refused
// application and a link to a refused address each fail their own step.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/deadline.h"
#include "integration/lync_walk/lync_walk_fixture.h"
#include "probe/endpoint_check.h"

namespace lde::lyncwalk {
namespace {

constexpr char kUser[] = "alice@contoso.test";
constexpr char kPassword[] = "pa&ss w0rd";
constexpr char kToken[] = "cwt=tok-123";
constexpr char kApplicationsPath[] = "/ucwa/oauth/v1/applications";

std::string Method(const std::string& raw) { return raw.substr(0, raw.find(' ')); }
std::string Body(const std::string& raw) {
  auto end = raw.find("\r\n\r\n");
  return end == std::string::npos ? "" : raw.substr(end + 4);
}

Outcomes Every(const std::string& outcome) {
  return {{"unmanaged", outcome}, {"managed", outcome}, {"legacy-5.3", outcome}};
}

class UcwaSigninTest : public LyncWalkTest {
 protected:
  UcwaSigninTest() { deployment_.auth = config::AuthConfig{kUser, "/not/read/here", kPassword}; }

  // The token endpoint: the password grant of the test account, percent-encoded.
  static testing::HttpHandler TokenHandler() {
    return [](const std::string& raw) {
      const bool form =
          RequestHeader(raw, "Content-Type") == "application/x-www-form-urlencoded;charset=UTF-8";
      if (Method(raw) != "POST" || RequestTarget(raw) != "/WebTicket/oauthtoken" || !form) {
        return Answer(400, kJsonType, R"({"error":"invalid_request"})");
      }
      if (Body(raw) != "grant_type=password&username=alice%40contoso.test&password=pa%26ss%20w0rd") {
        return Answer(400, kJsonType, R"({"error":"invalid_grant"})");
      }
      return Answer(
          200, kJsonType,
          std::string(R"({"access_token":")") + kToken + R"(","expires_in":28799,"token_type":"Bearer"})");
    };
  }

  // The web services: the anonymous challenge, then with the token the user
  // resource, application creation (`create_status`) and deletion. The
  // applications link is on `applications` (a host on the shared port, whose
  // URL is built per request since the port is known only once the sites
  // run, or a whole URL).
  testing::HttpHandler WebHandler(int create_status = 201, std::string applications = kWebHost) const {
    return [this, create_status, applications](const std::string& raw) {
      const std::string bearer = RequestHeader(raw, "Authorization");
      if (bearer.empty()) return HealthyUserHandler()(raw);
      if (bearer != std::string("Bearer ") + kToken) return Answer(401, kJsonType, "{}");
      const std::string method = Method(raw), target = RequestTarget(raw);
      if (method == "GET" && target.rfind(kUserPath, 0) == 0) {
        const std::string href = applications.find("://") != std::string::npos
                                     ? applications
                                     : Url(applications, kApplicationsPath);
        return Answer(200, kJsonType, R"({"_links":{"applications":{"href":")" + href + R"("}}})");
      }
      if (method == "POST" && target == kApplicationsPath) {
        if (create_status != 201) {
          return Answer(create_status, kJsonType,
                        R"({"code":"Forbidden","message":"Service does not allow a cross domain request."})");
        }
        return Answer(201, kJsonType, R"({"_links":{"self":{"href":"/ucwa/oauth/v1/applications/7"}}})");
      }
      if (method == "DELETE" && target == "/ucwa/oauth/v1/applications/7") return Answer(204, "", "");
      return Answer(404, kJsonType, "{}");
    };
  }

  std::vector<Site> Sites(testing::HttpHandler web) const {
    auto sites = HealthySites();
    sites[2].handler = std::move(web);
    sites[3].handler = TokenHandler();
    return sites;
  }

  // Neither the token nor the password is kept anywhere in the result.
  static void ExpectNoSecrets(const model::ProbeResult& result) {
    for (const auto& e : result.endpoints) {
      if (!e.http) continue;
      EXPECT_EQ(e.http->body.find(kToken), std::string::npos) << e.endpoint.host;
      for (const auto& [name, value] : e.http->headers) EXPECT_EQ(value.find(kToken), std::string::npos);
    }
    for (const auto& line : result.log) {
      EXPECT_EQ(line.find(kToken), std::string::npos) << line;
      EXPECT_EQ(line.find(kPassword), std::string::npos) << line;
    }
    for (const auto& n : result.networks) {
      if (!n.signin) continue;
      EXPECT_EQ(n.signin->detail.find(kToken), std::string::npos);
      EXPECT_EQ(n.signin->detail.find(kPassword), std::string::npos);
    }
  }
};

TEST_F(UcwaSigninTest, TheTestAccountSignsInCreatesAndDeletesAnApplication) {
  Start(Sites(WebHandler()));
  model::ProbeResult result = Probe();

  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    ASSERT_TRUE(network);
    ASSERT_TRUE(network->signin) << name;
    EXPECT_TRUE(network->signin->success) << name << ": " << network->signin->detail;
    ASSERT_EQ(network->signin->steps.size(), 4u);
    EXPECT_EQ(network->signin->steps[3].step, model::UcwaStep::kDelete);
    EXPECT_EQ(VerdictOutcomes(*network), Every("ready")) << name;
  }
  EXPECT_TRUE(result.success);
  // The application request as a phone sends it.
  bool created = false, deleted = false;
  for (const auto& raw : Server(kWebHost).requests()) {
    if (Method(raw) == "POST") {
      created = true;
      EXPECT_EQ(RequestHeader(raw, "Content-Type"), "application/json");
      EXPECT_NE(Body(raw).find(R"("UserAgent":"lyncdiscover_exporter/)"), std::string::npos) << Body(raw);
      EXPECT_NE(Body(raw).find(R"("Culture":"en-US")"), std::string::npos);
      EXPECT_NE(Body(raw).find(R"("EndpointId":")"), std::string::npos);
    }
    deleted = deleted || Method(raw) == "DELETE";
  }
  EXPECT_TRUE(created);
  EXPECT_TRUE(deleted);
  ExpectNoSecrets(result);
}

TEST_F(UcwaSigninTest, AWrongPasswordFailsAtTheTokenWithInvalidGrant) {
  deployment_.auth->password = "wrong";
  Start(Sites(WebHandler()));
  model::ProbeResult result = Probe();

  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    ASSERT_TRUE(network);
    ASSERT_TRUE(network->signin);
    EXPECT_FALSE(network->signin->success);
    EXPECT_EQ(network->signin->failed_step, model::UcwaStep::kToken);
    EXPECT_EQ(network->signin->reason, model::Reason::kInvalidGrant);
    EXPECT_EQ(network->signin->steps.size(), 1u);
    // The anonymous walk passed; readiness now says the sign-in failed.
    EXPECT_TRUE(network->oauth_challenge);
    EXPECT_EQ(VerdictOutcomes(*network), Every("ucwa_signin/invalid_grant")) << name;
  }
  EXPECT_FALSE(result.success);
  for (const auto& raw : Server(kWebHost).requests())
    EXPECT_TRUE(RequestHeader(raw, "Authorization").empty());
}

// The walk connects without verifying, to see what every profile would; the
// test account's password goes only to a token endpoint a store trusts.
TEST_F(UcwaSigninTest, ThePasswordIsNeverSentToAnUntrustedTokenEndpoint) {
  auto sites = Sites(WebHandler());
  sites[3].expired = true;
  Start(sites);
  model::ProbeResult result = Probe();

  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    ASSERT_TRUE(network);
    ASSERT_TRUE(network->signin);
    EXPECT_FALSE(network->signin->success);
    EXPECT_EQ(network->signin->failed_step, model::UcwaStep::kToken);
    EXPECT_EQ(network->signin->reason, model::Reason::kExpired) << network->signin->detail;
    EXPECT_NE(network->signin->detail.find("credentials not sent"), std::string::npos)
        << network->signin->detail;
  }
  // Unproven, not refused, for the phone that validates no certificate; the
  // others stop at the token endpoint's certificate on the anonymous walk.
  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    EXPECT_TRUE(network->signin->credentials_withheld);
    EXPECT_EQ(VerdictOutcomes(*network).at("legacy-5.3"), "ready") << name;
    EXPECT_NE(VerdictOutcomes(*network).at("managed"), "ready") << name;
  }
  // The token endpoint was connected to (its certificate seen) and asked nothing.
  EXPECT_TRUE(Server(kOAuthHost).requests().empty());
  for (const auto& raw : Server(kWebHost).requests())
    EXPECT_TRUE(RequestHeader(raw, "Authorization").empty());
  ExpectNoSecrets(result);
}

TEST_F(UcwaSigninTest, ARefusedApplicationFailsAtApplicationsAndDeletesNothing) {
  Start(Sites(WebHandler(403)));
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  ASSERT_TRUE(external->signin);
  EXPECT_EQ(external->signin->failed_step, model::UcwaStep::kApplications);
  EXPECT_EQ(external->signin->reason, model::Reason::kHttpStatus);
  EXPECT_NE(external->signin->detail.find("Service does not allow a cross domain request"), std::string::npos)
      << external->signin->detail;
  EXPECT_EQ(VerdictOutcomes(*external), Every("ucwa_signin/http_status"));
  for (const auto& raw : Server(kWebHost).requests()) EXPECT_NE(Method(raw), "DELETE");
  ExpectNoSecrets(result);
}

TEST_F(UcwaSigninTest, AnApplicationsLinkToAMetadataAddressIsNeverConnected) {
  Start(Sites(WebHandler(201, "https://169.254.169.254/ucwa/oauth/v1/applications")));
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  ASSERT_TRUE(external->signin);
  EXPECT_EQ(external->signin->failed_step, model::UcwaStep::kApplications);
  EXPECT_EQ(external->signin->reason, model::Reason::kAddressRefused) << external->signin->detail;
}

// The user's pool is elsewhere: the user resource names only `redirect`,
// followed (same policy as discovery) to the pool that has the applications.
TEST_F(UcwaSigninTest, AUserResourceRedirectIsFollowedToThePoolThatSignsIn) {
  auto sites = Sites([this](const std::string& raw) {
    if (RequestHeader(raw, "Authorization").empty()) return HealthyUserHandler()(raw);
    return Answer(200, kJsonType,
                  R"({"_links":{"redirect":{"href":")" + Url(kHybridHost, kUserPath) + R"("}}})");
  });
  sites.push_back(Site{kHybridAddress, kHybridHost, false, WebHandler(201, kHybridHost)});
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  ASSERT_TRUE(external->signin);
  EXPECT_TRUE(external->signin->success) << external->signin->detail;
  bool deleted_on_hybrid = false;
  for (const auto& raw : Server(kHybridHost).requests())
    deleted_on_hybrid = deleted_on_hybrid || Method(raw) == "DELETE";
  EXPECT_TRUE(deleted_on_hybrid);
  // The pool met on the way is judged like every hop: its endpoint is recorded.
  bool hybrid_recorded = false;
  for (const auto* e : EndpointsWithRole(result, "external", "web_external")) {
    hybrid_recorded = hybrid_recorded || e->endpoint.host == kHybridHost;
  }
  EXPECT_TRUE(hybrid_recorded);
}

// A user resource that redirects to itself is a loop, not a hang.
TEST_F(UcwaSigninTest, AUserResourceRedirectLoopFailsAtUser) {
  Start(Sites([this](const std::string& raw) {
    if (RequestHeader(raw, "Authorization").empty()) return HealthyUserHandler()(raw);
    return Answer(200, kJsonType,
                  R"({"_links":{"redirect":{"href":")" + Url(kWebHost, kUserPath) + R"("}}})");
  }));
  model::ProbeResult result = Probe();
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  ASSERT_TRUE(external->signin);
  EXPECT_EQ(external->signin->failed_step, model::UcwaStep::kUser);
  EXPECT_EQ(external->signin->reason, model::Reason::kRedirectLoop) << external->signin->detail;
}

TEST_F(UcwaSigninTest, WithoutAuthThereIsNoSignin) {
  deployment_.auth.reset();
  Start(Sites(WebHandler()));
  model::ProbeResult result = Probe();
  for (const auto& network : result.networks) EXPECT_FALSE(network.signin);
  EXPECT_TRUE(Server(kOAuthHost).requests().empty());
}

// A token endpoint named over plain http gets nothing, not even a connection:
// the password would cross the network in clear.
TEST(CredentialsOverHttpTest, AreNeverSentAndNothingIsConnected) {
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);

  probe::EndpointCheckSpec spec = probe::UrlCheckSpec(
      discovery::Url{"http", "webext.contoso.test", ntohs(addr.sin_port), "/WebTicket/oauthtoken"},
      "127.0.0.1", model::Role::kOAuth, {}, "system", std::nullopt);
  spec.credentials = true;
  http_client::HttpRequest request;
  request.method = "POST";
  request.body = "grant_type=password&username=alice&password=secret";
  spec.request = request;
  probe::ProbeEnv env;
  env.config = std::make_shared<config::Config>();
  const SystemClock clock;
  model::EndpointReport report =
      probe::CheckEndpoint(spec, env, Deadline::After(clock, std::chrono::seconds(5)));

  ASSERT_TRUE(report.failure);
  EXPECT_EQ(report.failure->step, model::Step::kConnect);
  EXPECT_EQ(report.failure->reason, model::Reason::kInvalidHref);
  EXPECT_FALSE(report.http);
  EXPECT_LT(accept(listener, nullptr, nullptr), 0);  // no connection came in
  close(listener);
}

}  // namespace
}  // namespace lde::lyncwalk
