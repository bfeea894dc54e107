#include <gtest/gtest.h>
#include <openssl/err.h>

#include <chrono>
#include <memory>
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

// Deadlines in these tests run on the real clock: the peers are real sockets.
const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

// One PKI for the whole file: minting RSA keys is the slow part.
const testing::TestPki& Pki() {
  static const testing::TestPki pki = testing::MakePki("StartTls Test", "lync.example.test");
  return pki;
}

TlsTestServerOptions ServeChain(std::vector<const testing::MintedCert*> chain) {
  TlsTestServerOptions options;
  options.cert_chain_pem = testing::PemBundle(chain);
  options.key_pem = Pki().leaf.key_pem;
  return options;
}

TlsTestServerOptions Misbehaving(ServerBehaviour behaviour) {
  TlsTestServerOptions options;
  options.behaviour = behaviour;
  return options;
}

Result<Connection> Connect(const TlsTestServer& server, const std::string& address = "127.0.0.1") {
  return ConnectTcp({"lync.example.test", address, server.port()}, Deadline::After(RealClock(), 2s));
}

Result<model::TlsObservation> Handshake(const TlsTestServer& server, Duration timeout = 5s) {
  auto conn = Connect(server);
  if (!conn.ok()) return conn.error();
  return StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), timeout));
}

TEST(StartTlsTest, CapturesTheFullChainInTheOrderServed) {
  TlsTestServer server(ServeChain({&Pki().leaf, &Pki().intermediate, &Pki().root}));
  auto conn = Connect(server);
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  auto obs = StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), 5s));
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  ASSERT_EQ(obs.value().presented_chain.size(), 3u);
  EXPECT_EQ(obs.value().presented_chain[0], Pki().leaf.der);
  EXPECT_EQ(obs.value().presented_chain[1], Pki().intermediate.der);
  EXPECT_EQ(obs.value().presented_chain[2], Pki().root.der);
  EXPECT_EQ(obs.value().sni, "lync.example.test");
  EXPECT_EQ(obs.value().protocol, "TLSv1.3");
  EXPECT_FALSE(obs.value().cipher.empty());
  EXPECT_GT(obs.value().handshake_time, Duration::zero());
  EXPECT_EQ(obs.value().connect_time, conn.value().connect_time());
  EXPECT_FALSE(obs.value().ocsp_staple.has_value());
  EXPECT_TRUE(conn.value().is_tls());
}

TEST(StartTlsTest, KeepsAWrongOrderAsPresented) {
  // Observe, then judge: a misordered chain is a finding, not something to fix.
  TlsTestServer server(ServeChain({&Pki().leaf, &Pki().root, &Pki().intermediate}));
  auto obs = Handshake(server);
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  ASSERT_EQ(obs.value().presented_chain.size(), 3u);
  EXPECT_EQ(obs.value().presented_chain[1], Pki().root.der);
  EXPECT_EQ(obs.value().presented_chain[2], Pki().intermediate.der);
}

TEST(StartTlsTest, CapturesALeafOnlyChainThatWouldNotVerify) {
  TlsTestServer server(ServeChain({&Pki().leaf}));
  auto obs = Handshake(server);
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  ASSERT_EQ(obs.value().presented_chain.size(), 1u);
  EXPECT_EQ(obs.value().presented_chain[0], Pki().leaf.der);
}

TEST(StartTlsTest, RecordsTheNegotiatedOlderProtocol) {
  TlsTestServerOptions options = ServeChain({&Pki().leaf, &Pki().intermediate});
  options.max_tls12 = true;
  TlsTestServer server(options);
  auto obs = Handshake(server);
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  EXPECT_EQ(obs.value().protocol, "TLSv1.2");
  EXPECT_FALSE(obs.value().cipher.empty());
  EXPECT_EQ(obs.value().presented_chain.size(), 2u);
}

TEST(StartTlsTest, CapturesAWeakRsa1024Sha1Leaf) {
  testing::CertSpec spec;
  spec.common_name = "weak.example.test";
  spec.dns_names = {"weak.example.test"};
  spec.key = testing::CertSpec::Key::kRsa1024;
  spec.digest = "sha1";
  testing::MintedCert weak = testing::MintSigned(spec, Pki().intermediate);
  TlsTestServerOptions options;
  options.cert_chain_pem = weak.pem;
  options.key_pem = weak.key_pem;
  TlsTestServer server(options);
  auto obs = Handshake(server);
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  ASSERT_EQ(obs.value().presented_chain.size(), 1u);
  EXPECT_EQ(obs.value().presented_chain[0], weak.der);
}

TEST(StartTlsTest, CapturesTheStapledOcspResponse) {
  TlsTestServerOptions options = ServeChain({&Pki().leaf, &Pki().intermediate});
  options.ocsp_staple = "not really DER, but the bytes the server stapled";
  TlsTestServer server(options);
  auto obs = Handshake(server);
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  ASSERT_TRUE(obs.value().ocsp_staple.has_value());
  EXPECT_EQ(std::string(obs.value().ocsp_staple->begin(), obs.value().ocsp_staple->end()),
            options.ocsp_staple);
}

TEST(StartTlsTest, NoStapleWhenNotRequested) {
  TlsTestServerOptions options = ServeChain({&Pki().leaf});
  options.ocsp_staple = "staple";
  TlsTestServer server(options);
  auto conn = Connect(server);
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  TlsClientOptions client{"lync.example.test", /*request_ocsp_staple=*/false};
  auto obs = StartTls(conn.value(), client, Deadline::After(RealClock(), 5s));
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  EXPECT_FALSE(obs.value().ocsp_staple.has_value());
}

TEST(StartTlsTest, IpLiteralIsNotSentAsSni) {
  TlsTestServer server(ServeChain({&Pki().leaf}));
  auto conn = Connect(server);
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  auto obs = StartTls(conn.value(), {"127.0.0.1"}, Deadline::After(RealClock(), 5s));
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  EXPECT_EQ(obs.value().sni, "");
}

TEST(StartTlsTest, WorksOverIpv6Loopback) {
  TlsTestServerOptions options = ServeChain({&Pki().leaf, &Pki().intermediate});
  options.bind_address = "::1";
  std::unique_ptr<TlsTestServer> server;
  try {
    server = std::make_unique<TlsTestServer>(options);
  } catch (const std::exception& e) {
    GTEST_SKIP() << "no IPv6 loopback: " << e.what();
  }
  auto conn = Connect(*server, "::1");
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  auto obs = StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), 5s));
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  EXPECT_EQ(obs.value().presented_chain.size(), 2u);
}

TEST(StartTlsTest, StalledServerTimesOutWithinTheDeadline) {
  TlsTestServer server(Misbehaving(ServerBehaviour::kStallAfterAccept));
  const auto started = std::chrono::steady_clock::now();
  auto obs = Handshake(server, 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(obs.ok());
  EXPECT_EQ(obs.error().kind, ErrorKind::kTimeout) << obs.error().detail;
  EXPECT_GE(elapsed, 290ms);
  EXPECT_LT(elapsed, 300ms + 700ms);  // a bound on overshoot, not a sleep
}

TEST(StartTlsTest, ResetDuringHandshakeIsAHandshakeOrConnectError) {
  TlsTestServer server(Misbehaving(ServerBehaviour::kResetDuringHandshake));
  auto obs = Handshake(server);
  ASSERT_FALSE(obs.ok());
  EXPECT_TRUE(obs.error().kind == ErrorKind::kConnectError || obs.error().kind == ErrorKind::kTlsHandshake)
      << ErrorKindName(obs.error().kind) << ": " << obs.error().detail;
  EXPECT_EQ(server.accepted_connections(), 1);
}

TEST(StartTlsTest, NonTlsBytesAreAHandshakeError) {
  TlsTestServer server(Misbehaving(ServerBehaviour::kGarbage));
  auto obs = Handshake(server);
  ASSERT_FALSE(obs.ok());
  EXPECT_EQ(obs.error().kind, ErrorKind::kTlsHandshake) << obs.error().detail;
  EXPECT_FALSE(obs.error().detail.empty());
}

TEST(StartTlsTest, GarbageInTheCertificateMessageIsAHandshakeError) {
  TlsTestServer server(Misbehaving(ServerBehaviour::kBadCertificateBytes));
  auto obs = Handshake(server);
  ASSERT_FALSE(obs.ok());
  EXPECT_EQ(obs.error().kind, ErrorKind::kTlsHandshake) << obs.error().detail;
  EXPECT_NE(obs.error().detail.find("ASN1"), std::string::npos) << obs.error().detail;
}

TEST(StartTlsTest, FailureLeavesNoErrorsQueuedForTheNextProbe) {
  TlsTestServer server(Misbehaving(ServerBehaviour::kGarbage));
  auto obs = Handshake(server);
  ASSERT_FALSE(obs.ok());
  EXPECT_EQ(ERR_peek_error(), 0ul);
}

TEST(StartTlsTest, StartingTlsTwiceIsRefused) {
  TlsTestServer server(ServeChain({&Pki().leaf}));
  auto conn = Connect(server);
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  ASSERT_TRUE(StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), 5s)).ok());
  auto again = StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), 5s));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kInternal);
}

TEST(StartTlsTest, TlsConnectionCarriesApplicationData) {
  TlsTestServer server(ServeChain({&Pki().leaf}));
  auto conn = Connect(server);
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  ASSERT_TRUE(StartTls(conn.value(), {"lync.example.test"}, Deadline::After(RealClock(), 5s)).ok());
  auto written = conn.value().WriteAll("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Deadline::After(RealClock(), 5s));
  ASSERT_TRUE(written.ok()) << written.error().detail;
  std::string got;
  char buf[256];
  for (int i = 0; i < 100; ++i) {  // until EOF, bounded
    auto n = conn.value().Read(buf, sizeof(buf), Deadline::After(RealClock(), 5s));
    ASSERT_TRUE(n.ok()) << n.error().detail;
    if (n.value() == 0) break;
    got.append(buf, n.value());
  }
  EXPECT_EQ(got, testing::OkResponse("ok"));
}

}  // namespace
}  // namespace lde::tls

namespace lde::tls {
namespace {

TEST(StartTlsTest, KeepsAtMostTheChainLengthBound) {
  std::vector<const testing::MintedCert*> chain = {&Pki().leaf};
  for (std::size_t i = 0; i < kMaxChainLength + 4; ++i) chain.push_back(&Pki().intermediate);
  TlsTestServer server(ServeChain(chain));
  auto obs = Handshake(server);
  ASSERT_TRUE(obs.ok()) << obs.error().detail;
  ASSERT_EQ(obs.value().presented_chain.size(), kMaxChainLength);
  EXPECT_EQ(obs.value().presented_chain[0], Pki().leaf.der);
  EXPECT_EQ(obs.value().presented_chain.back(), Pki().intermediate.der);
}

}  // namespace
}  // namespace lde::tls
