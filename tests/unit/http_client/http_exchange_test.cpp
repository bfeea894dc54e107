#include "http_client/http_exchange.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"

namespace lde::http_client {
namespace {

using namespace std::chrono_literals;
using testing::TlsTestServer;
using testing::TlsTestServerOptions;

// Deadlines in these tests run on the real clock: the peers are real sockets.
const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

const testing::TestPki& Pki() {
  static const testing::TestPki pki = testing::MakePki("HttpExchange Test", "lync.example.test");
  return pki;
}

TlsTestServerOptions Options(bool tls, testing::HttpHandler handler) {
  TlsTestServerOptions options;
  options.tls = tls;
  options.cert_chain_pem = testing::PemBundle({&Pki().leaf, &Pki().intermediate});
  options.key_pem = Pki().leaf.key_pem;
  options.handler = std::move(handler);
  return options;
}

HttpRequest Get(const std::string& target = "/") {
  HttpRequest req;
  req.host_header = "lync.example.test";
  req.target = target;
  return req;
}

// Connects (and starts TLS when the server speaks it), then runs one exchange.
Result<model::HttpObservation> Exchange(const TlsTestServer& server, bool tls, const HttpRequest& req,
                                        std::size_t max_body = 64 * 1024, Duration timeout = 5s) {
  auto conn =
      tls::ConnectTcp({"lync.example.test", "127.0.0.1", server.port()}, Deadline::After(RealClock(), 5s));
  if (!conn.ok()) return conn.error();
  if (tls) {
    auto obs = tls::StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), 5s));
    if (!obs.ok()) return obs.error();
  }
  return HttpExchange(conn.value(), req, max_body, Deadline::After(RealClock(), timeout));
}

class HttpExchangeTest : public ::testing::TestWithParam<bool> {
 protected:
  bool tls() const { return GetParam(); }
};

TEST_P(HttpExchangeTest, SendsTheRequestAndReadsTheResponse) {
  TlsTestServer server(Options(tls(), [](const std::string&) {
    return std::string(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Ms-Server-Fqdn: fe01\r\n"
        "Content-Length: 11\r\n\r\n{\"ok\":true}");
  }));
  auto response = Exchange(server, tls(), Get("/autodiscover/autodiscoverservice.svc/root?originalDomain=x"));
  ASSERT_TRUE(response.ok()) << response.error().detail;
  EXPECT_EQ(response.value().status, 200);
  EXPECT_EQ(response.value().reason, "OK");
  EXPECT_EQ(response.value().Header("content-type"), "application/json");
  EXPECT_EQ(response.value().body, "{\"ok\":true}");
  EXPECT_GT(response.value().elapsed, Duration::zero());

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(
      requests[0].rfind("GET /autodiscover/autodiscoverservice.svc/root?originalDomain=x HTTP/1.1\r\n", 0),
      0u);
  EXPECT_NE(requests[0].find("\r\nHost: lync.example.test\r\n"), std::string::npos);
  EXPECT_NE(requests[0].find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(requests[0].find("\r\nUser-Agent: "), std::string::npos);
}

TEST_P(HttpExchangeTest, PostBodyReachesTheServer) {
  TlsTestServer server(Options(tls(), nullptr));
  HttpRequest req = Get("/WebTicket/oauthtoken");
  req.method = "POST";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  req.body = "grant_type=password&username=a";
  auto response = Exchange(server, tls(), req);
  ASSERT_TRUE(response.ok()) << response.error().detail;
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].find("\r\n\r\ngrant_type=password&username=a"), std::string::npos) << requests[0];
}

TEST_P(HttpExchangeTest, ChunkedBodyAcrossTheWire) {
  TlsTestServer server(Options(tls(), [](const std::string&) {
    return std::string(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\nWWW-Authenticate: Negotiate\r\n"
        "Transfer-Encoding: chunked\r\n\r\n4\r\nnope\r\n0\r\n\r\n");
  }));
  auto response = Exchange(server, tls(), Get());
  ASSERT_TRUE(response.ok()) << response.error().detail;
  EXPECT_EQ(response.value().status, 401);
  EXPECT_EQ(response.value().HeaderValues("WWW-Authenticate").size(), 2u);
  EXPECT_EQ(response.value().body, "nope");
}

TEST_P(HttpExchangeTest, BodyUntilCloseEndsAtTheServersClose) {
  TlsTestServer server(
      Options(tls(), [](const std::string&) { return std::string("HTTP/1.0 200 OK\r\n\r\nuntil close"); }));
  auto response = Exchange(server, tls(), Get());
  ASSERT_TRUE(response.ok()) << response.error().detail;
  EXPECT_EQ(response.value().body, "until close");
}

TEST_P(HttpExchangeTest, LargeBodyIsTruncatedAtTheLimit) {
  const std::string big(200 * 1024, 'b');
  TlsTestServer server(Options(tls(), [&big](const std::string&) { return testing::OkResponse(big); }));
  auto response = Exchange(server, tls(), Get(), /*max_body=*/1000);
  ASSERT_TRUE(response.ok()) << response.error().detail;
  EXPECT_TRUE(response.value().body_truncated);
  EXPECT_EQ(response.value().body, big.substr(0, 1000));
}

TEST_P(HttpExchangeTest, ServerStallingMidBodyTimesOut) {
  TlsTestServerOptions options = Options(tls(), [](const std::string&) {
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the start");
  });
  options.hold_open_after_response = true;
  TlsTestServer server(options);
  const auto started = std::chrono::steady_clock::now();
  auto response = Exchange(server, tls(), Get(), 64 * 1024, 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::kTimeout) << response.error().detail;
  EXPECT_LT(elapsed, 300ms + 700ms);  // bound on overshoot (includes connect + handshake)
}

TEST_P(HttpExchangeTest, CloseBeforeContentLengthIsAProtocolError) {
  TlsTestServer server(Options(tls(), [](const std::string&) {
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort");
  }));
  auto response = Exchange(server, tls(), Get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::kHttpProtocol);
  EXPECT_NE(response.error().detail.find("short of Content-Length"), std::string::npos);
}

TEST_P(HttpExchangeTest, NonHttpReplyIsAProtocolError) {
  TlsTestServer server(
      Options(tls(), [](const std::string&) { return std::string("220 smtp ready\r\n\r\n"); }));
  auto response = Exchange(server, tls(), Get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::kHttpProtocol);
}

TEST_P(HttpExchangeTest, EmptyReplyIsAProtocolError) {
  TlsTestServer server(Options(tls(), [](const std::string&) { return std::string(); }));
  auto response = Exchange(server, tls(), Get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::kHttpProtocol);
  EXPECT_NE(response.error().detail.find("before any response"), std::string::npos);
}

TEST_P(HttpExchangeTest, InvalidRequestIsRefusedBeforeSending) {
  TlsTestServer server(Options(tls(), nullptr));
  HttpRequest req = Get();
  req.headers = {{"X-Evil", "a\r\nHost: other"}};
  auto response = Exchange(server, tls(), req);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::kInternal);
  EXPECT_TRUE(server.requests().empty());
}

INSTANTIATE_TEST_SUITE_P(PlainAndTls, HttpExchangeTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Tls" : "Plain";
                         });

}  // namespace
}  // namespace lde::http_client
