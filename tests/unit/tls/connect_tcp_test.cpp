#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <utility>

#include "support/servers/tls_test_server.h"
#include "tls/connection.h"

namespace lde::tls {
namespace {

using namespace std::chrono_literals;

// Deadlines in these tests run on the real clock: the peers are real sockets.
const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

// A loopback port that was bound and then released: nothing listens there.
std::uint16_t ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

testing::TlsTestServerOptions PlainServer() {
  testing::TlsTestServerOptions options;
  options.tls = false;
  return options;
}

TEST(ConnectTcpTest, ConnectsToAListeningLoopbackPort) {
  testing::TlsTestServer server(PlainServer());
  auto conn = ConnectTcp({"localhost", "127.0.0.1", server.port()}, Deadline::After(RealClock(), 2s));
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  EXPECT_GE(conn.value().fd(), 0);
  EXPECT_FALSE(conn.value().is_tls());
  EXPECT_GT(conn.value().connect_time(), Duration::zero());
}

TEST(ConnectTcpTest, ClosedPortIsConnectRefused) {
  auto conn = ConnectTcp({"localhost", "127.0.0.1", ClosedPort()}, Deadline::After(RealClock(), 2s));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().kind, ErrorKind::kConnectRefused);
  EXPECT_NE(conn.error().detail.find("127.0.0.1"), std::string::npos) << conn.error().detail;
}

TEST(ConnectTcpTest, HostNameIsRejectedNotResolved) {
  auto conn = ConnectTcp({"localhost", "localhost", 443}, Deadline::After(RealClock(), 2s));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().kind, ErrorKind::kConfig);
}

TEST(ConnectTcpTest, EmptyAddressIsRejected) {
  auto conn = ConnectTcp({"x", "", 443}, Deadline::After(RealClock(), 2s));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().kind, ErrorKind::kConfig);
}

TEST(ConnectTcpTest, ExpiredDeadlineIsTimeout) {
  testing::TlsTestServer server(PlainServer());
  auto conn = ConnectTcp({"localhost", "127.0.0.1", server.port()}, Deadline::After(RealClock(), -1ms));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(server.accepted_connections(), 0);
}

TEST(ConnectTcpTest, BracketedIpv6LiteralIsAccepted) {
  testing::TlsTestServerOptions options = PlainServer();
  options.bind_address = "::1";
  std::unique_ptr<testing::TlsTestServer> server;
  try {
    server = std::make_unique<testing::TlsTestServer>(options);
  } catch (const std::exception& e) {
    GTEST_SKIP() << "no IPv6 loopback: " << e.what();
  }
  auto conn = ConnectTcp({"localhost", "[::1]", server->port()}, Deadline::After(RealClock(), 2s));
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
}

TEST(ConnectionTest, MoveTransfersTheSocket) {
  testing::TlsTestServer server(PlainServer());
  auto conn = ConnectTcp({"localhost", "127.0.0.1", server.port()}, Deadline::After(RealClock(), 2s));
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  const int fd = conn.value().fd();
  Connection moved = std::move(conn).value();
  EXPECT_EQ(moved.fd(), fd);
  Connection target(-1, Duration::zero());
  target = std::move(moved);
  EXPECT_EQ(target.fd(), fd);
  EXPECT_EQ(moved.fd(), -1);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
}

TEST(ConnectionTest, ClosedConnectionReportsAnErrorInsteadOfCrashing) {
  Connection closed(-1, Duration::zero());
  char buf[8];
  auto read = closed.Read(buf, sizeof(buf), Deadline::After(RealClock(), 100ms));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().kind, ErrorKind::kInternal);
  auto written = closed.WriteAll("x", Deadline::After(RealClock(), 100ms));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kInternal);
}

TEST(ConnectionTest, PlainReadTimesOutWhenThePeerIsSilent) {
  testing::TlsTestServerOptions options = PlainServer();
  options.behaviour = testing::ServerBehaviour::kStallAfterAccept;
  testing::TlsTestServer server(options);
  auto conn = ConnectTcp({"localhost", "127.0.0.1", server.port()}, Deadline::After(RealClock(), 2s));
  ASSERT_TRUE(conn.ok()) << conn.error().detail;
  char buf[8];
  const auto started = std::chrono::steady_clock::now();
  auto read = conn.value().Read(buf, sizeof(buf), Deadline::After(RealClock(), 200ms));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().kind, ErrorKind::kTimeout);
  EXPECT_GE(elapsed, 190ms);
  EXPECT_LT(elapsed, 1s);
}

}  // namespace
}  // namespace lde::tls
