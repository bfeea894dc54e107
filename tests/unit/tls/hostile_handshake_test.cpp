// A TLS handshake that a server writes one byte per TCP segment: the client
// makes one small read after another, and only the deadline, checked on
// every pass, may end it: with kTimeout at the deadline (it used to end as
// kInternal "made no progress" after 10,000 reads, or run on while bytes kept
// arriving). Real sockets on 127.0.0.1; the server's pace is a pace, never a
// synchronisation.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"
#include "tls/connection.h"

namespace lde::tls {
namespace {

using namespace std::chrono_literals;
using testing::ServerBehaviour;
using testing::TlsTestServer;
using testing::TlsTestServerOptions;

constexpr char kHost[] = "lync.example.test";
// What the tests allow past a deadline: scheduling, the last send, teardown.
constexpr auto kOvershoot = 500ms;

const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

const testing::TestPki& Pki() {
  static const testing::TestPki pki = testing::MakePki("Hostile Handshake Test", kHost);
  return pki;
}

TlsTestServerOptions BytePerSegment(const testing::MintedCert& leaf, std::chrono::microseconds pace) {
  TlsTestServerOptions options;
  options.behaviour = ServerBehaviour::kHandshakeBytePerSegment;
  options.cert_chain_pem = testing::PemBundle({&leaf, &Pki().intermediate});
  options.key_pem = leaf.key_pem;
  options.pace = pace;
  return options;
}

struct Timed {
  Result<model::TlsObservation> observation;
  Duration elapsed;
};

// Connects, then handshakes under a deadline of `timeout` (measured on the
// real steady clock around the whole handshake).
Timed Handshake(const TlsTestServer& server, Duration timeout) {
  auto conn = ConnectTcp({kHost, "127.0.0.1", server.port()}, Deadline::After(RealClock(), 5s));
  if (!conn.ok()) return {conn.error(), Duration::zero()};
  const auto started = std::chrono::steady_clock::now();
  auto observation = StartTls(conn.value(), {kHost}, Deadline::After(RealClock(), timeout));
  return {std::move(observation), std::chrono::steady_clock::now() - started};
}

TEST(HostileHandshakeTest, BytePerSegmentHandshakeEndsWithTimeoutAtTheDeadline) {
  // ~1.4 KB of server flight at >= 1 ms a byte cannot finish within 1 s.
  TlsTestServer server(BytePerSegment(Pki().leaf, 1ms));
  auto got = Handshake(server, 1s);
  ASSERT_FALSE(got.observation.ok());
  EXPECT_EQ(got.observation.error().kind, ErrorKind::kTimeout) << got.observation.error().detail;
  EXPECT_NE(got.observation.error().detail.find("TLS handshake"), std::string::npos);
  EXPECT_GE(got.elapsed, 1s - 10ms);  // it ran to the deadline, not cut short
  EXPECT_LT(got.elapsed, 1s + kOvershoot);
}

TEST(HostileHandshakeTest, DeadlineAlreadyPassedEndsTheHandshakeAtOnce) {
  TlsTestServer server(BytePerSegment(Pki().leaf, 1ms));
  auto got = Handshake(server, -1ms);
  ASSERT_FALSE(got.observation.ok());
  EXPECT_EQ(got.observation.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(got.elapsed, kOvershoot);
}

TEST(HostileHandshakeTest, TheSameServerCompletesItsHandshakeGivenTime) {
  // The control for the test above: the server is slow but honest, and its
  // handshake of a byte per segment needs more than that test's 1 s (so the
  // timeout there came from the deadline), yet completes under a longer one.
  // Every one of its many small reads finds data, and no count of them may
  // end the handshake: only the deadline could.
  TlsTestServer server(BytePerSegment(Pki().leaf, 1ms));
  auto got = Handshake(server, 20s);
  ASSERT_TRUE(got.observation.ok()) << ErrorKindName(got.observation.error().kind) << ": "
                                    << got.observation.error().detail;
  EXPECT_GT(got.elapsed, 1s);
  ASSERT_EQ(got.observation.value().presented_chain.size(), 2u);
  EXPECT_EQ(got.observation.value().presented_chain[0], Pki().leaf.der);
}

}  // namespace
}  // namespace lde::tls
