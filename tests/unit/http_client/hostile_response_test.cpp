// HttpExchange against servers that never stop talking (tests/support/servers
// kStreamResponse, plain and TLS, on 127.0.0.1): a drip body, chunks of one
// byte behind 4,000-byte extensions, endless header lines, one endless header
// line, and a Content-Length that is never met. Each exchange ends within its
// deadline + kOvershoot, measured on the real steady clock around the call,
// either with kTimeout at the deadline or, for the floods, by a byte bound
// (the wire budget, the header-section bound) well before it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http_client/http_exchange.h"
#include "http_client/response_parser.h"
#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"

namespace lde::http_client {
namespace {

using namespace std::chrono_literals;
using testing::TlsTestServer;
using testing::TlsTestServerOptions;

constexpr char kHost[] = "lync.example.test";
constexpr auto kOvershoot = 500ms;
constexpr std::size_t kMaxBody = 1024;

const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

const testing::TestPki& Pki() {
  static const testing::TestPki pki = testing::MakePki("Hostile Response Test", kHost);
  return pki;
}

// One byte of body behind a 4,000-byte chunk extension: the chunk-size line
// is within its own 4 KiB bound, so only the wire budget sees the stream.
std::string ChunkWithHugeExtension() { return "1;e=" + std::string(3996, 'a') + "\r\nx\r\n"; }

constexpr char kChunkedHead[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

struct Timed {
  Result<model::HttpObservation> response;
  Duration elapsed;
};

class HostileResponseTest : public ::testing::TestWithParam<bool> {
 protected:
  bool tls() const { return GetParam(); }

  TlsTestServerOptions Streaming(std::string head, std::string unit, std::chrono::microseconds pace) const {
    TlsTestServerOptions options = testing::StreamingServer(std::move(head), std::move(unit), pace, tls());
    options.cert_chain_pem = testing::PemBundle({&Pki().leaf, &Pki().intermediate});
    options.key_pem = Pki().leaf.key_pem;
    return options;
  }

  // Connects and starts TLS (generous deadlines), then times the exchange
  // alone under `timeout`.
  Timed Exchange(const TlsTestServer& server, Duration timeout) const {
    auto conn = tls::ConnectTcp({kHost, "127.0.0.1", server.port()}, Deadline::After(RealClock(), 5s));
    if (!conn.ok()) return {conn.error(), Duration::zero()};
    if (tls()) {
      auto obs = tls::StartTls(conn.value(), {kHost}, Deadline::After(RealClock(), 5s));
      if (!obs.ok()) return {obs.error(), Duration::zero()};
    }
    HttpRequest req;
    req.host_header = kHost;
    const auto started = std::chrono::steady_clock::now();
    auto response = HttpExchange(conn.value(), req, kMaxBody, Deadline::After(RealClock(), timeout));
    return {std::move(response), std::chrono::steady_clock::now() - started};
  }

  static void ExpectTimeoutAtTheDeadline(const Timed& got, Duration timeout) {
    ASSERT_FALSE(got.response.ok()) << "status " << got.response.value().status;
    EXPECT_EQ(got.response.error().kind, ErrorKind::kTimeout) << got.response.error().detail;
    EXPECT_GE(got.elapsed, timeout - 10ms);
    EXPECT_LT(got.elapsed, timeout + kOvershoot);
  }

  // Ended by a byte bound whose error says `why`, long before the deadline.
  static void ExpectEndedByTheBound(const Timed& got, Duration timeout, const std::string& why) {
    ASSERT_FALSE(got.response.ok()) << "status " << got.response.value().status;
    EXPECT_EQ(got.response.error().kind, ErrorKind::kHttpProtocol) << got.response.error().detail;
    EXPECT_NE(got.response.error().detail.find(why), std::string::npos) << got.response.error().detail;
    EXPECT_LT(got.elapsed, timeout);
  }
};

TEST_P(HostileResponseTest, DripBodyEndsAtTheDeadline) {
  // One byte every 100 ms, forever: every read waits a little, none too long.
  TlsTestServer server(Streaming("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", "x", 100ms));
  ExpectTimeoutAtTheDeadline(Exchange(server, 1s), 1s);
}

TEST_P(HostileResponseTest, ChunkExtensionFloodEndsByTheWireBudget) {
  // ~4 KB of framing per body byte: the body never reaches max_body and no
  // single line crosses its bound; the budget (max_body + framing) does.
  TlsTestServer server(Streaming(kChunkedHead, ChunkWithHugeExtension(), 1ms));
  auto got = Exchange(server, 10s);
  ExpectEndedByTheBound(got, 10s,
                        "wire budget of " + std::to_string(HttpResponseParser::WireBudget(kMaxBody)));
}

TEST_P(HostileResponseTest, ChunkExtensionDripSlowerThanTheBudgetEndsAtTheDeadline) {
  // The same stream at 10 chunks a second would take ~3.3 s to cross the
  // budget: the 1 s deadline comes first.
  TlsTestServer server(Streaming(kChunkedHead, ChunkWithHugeExtension(), 100ms));
  ExpectTimeoutAtTheDeadline(Exchange(server, 1s), 1s);
}

TEST_P(HostileResponseTest, EndlessHeaderLinesEndAtTheHeaderSectionBound) {
  TlsTestServer server(Streaming("HTTP/1.1 200 OK\r\n", "X-Filler: 0123456789abcdef\r\n", 0us));
  ExpectEndedByTheBound(Exchange(server, 10s), 10s, "header section larger than");
}

TEST_P(HostileResponseTest, EndlessHeaderLinesAtAPaceEndAtTheDeadline) {
  TlsTestServer server(Streaming("HTTP/1.1 200 OK\r\n", "X-Filler: 0123456789abcdef\r\n", 100ms));
  ExpectTimeoutAtTheDeadline(Exchange(server, 1s), 1s);
}

TEST_P(HostileResponseTest, OneHugeHeaderLineEndsAtTheHeaderSectionBound) {
  TlsTestServer server(Streaming("HTTP/1.1 200 OK\r\nX-Huge: ", std::string(1024, 'h'), 0us));
  ExpectEndedByTheBound(Exchange(server, 10s), 10s, "header section larger than");
}

TEST_P(HostileResponseTest, ContentLengthLargerThanSentThenSilenceEndsAtTheDeadline) {
  TlsTestServer server(Streaming("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the start", "", 100ms));
  ExpectTimeoutAtTheDeadline(Exchange(server, 1s), 1s);
}

INSTANTIATE_TEST_SUITE_P(PlainAndTls, HostileResponseTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Tls" : "Plain";
                         });

}  // namespace
}  // namespace lde::http_client
