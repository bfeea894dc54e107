#include "tls/server_tls.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ossl/errors.h"
#include "support/certs/cert_factory.h"
#include "support/certs/openssl_test_handles.h"

namespace lde::tls {
namespace {

using model::ClientAuthType;
using ::testing::HasSubstr;
using testing::MintedCert;
using ::testing::Not;

// ---------------------------------------------------------------------------
// Sockets and a raw OpenSSL client, driven in the test thread.

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

void SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) ThrowErrno("fcntl");
}

// A connected 127.0.0.1 TCP pair, both ends non-blocking.
struct SocketPair {
  Fd server, client;
};

SocketPair LoopbackPair() {
  Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.get() < 0) ThrowErrno("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0) ThrowErrno("bind");
  if (::listen(listener.get(), 1) != 0) ThrowErrno("listen");
  if (::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) ThrowErrno("getsockname");
  SocketPair pair;
  pair.client = Fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  // A loopback connect completes against the backlog, before accept().
  if (::connect(pair.client.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0) ThrowErrno("connect");
  pair.server = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
  if (pair.server.get() < 0) ThrowErrno("accept4");
  SetNonBlocking(pair.client.get());
  return pair;
}

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct SessionFree {
  void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};
using ClientCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using ClientSslPtr = std::unique_ptr<SSL, SslFree>;
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionFree>;

testing::X509Ptr ParseCert(const std::string& pem) {
  testing::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  testing::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) testing::ThrowOpenSslError("ParseCert", "no certificate");
  return cert;
}

testing::KeyPtr ParseKey(const std::string& pem) {
  testing::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  testing::KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) testing::ThrowOpenSslError("ParseKey", "no key");
  return key;
}

struct ClientOptions {
  std::vector<const MintedCert*> cert_chain = {};  // leaf (with its key) first; empty = no certificate
  int min_version = 0;
  int max_version = 0;
  std::string cipher_list = {};   // TLS 1.2 and below, OpenSSL names
  std::string ciphersuites = {};  // TLS 1.3
  std::string groups = {};
};

ClientCtxPtr MakeClientCtx(const ClientOptions& options) {
  ClientCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) testing::ThrowOpenSslError("client", "SSL_CTX_new");
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);  // the server side is under test
  bool ok = true;
  if (options.min_version != 0) ok &= SSL_CTX_set_min_proto_version(ctx.get(), options.min_version) == 1;
  if (options.max_version != 0) ok &= SSL_CTX_set_max_proto_version(ctx.get(), options.max_version) == 1;
  if (!options.cipher_list.empty())
    ok &= SSL_CTX_set_cipher_list(ctx.get(), options.cipher_list.c_str()) == 1;
  if (!options.ciphersuites.empty()) {
    ok &= SSL_CTX_set_ciphersuites(ctx.get(), options.ciphersuites.c_str()) == 1;
  }
  if (!options.groups.empty()) ok &= SSL_CTX_set1_groups_list(ctx.get(), options.groups.c_str()) == 1;
  if (!options.cert_chain.empty()) {
    ok &= SSL_CTX_use_certificate(ctx.get(), ParseCert(options.cert_chain[0]->pem).get()) == 1;
    for (std::size_t i = 1; i < options.cert_chain.size(); ++i) {
      ok &= SSL_CTX_add1_chain_cert(ctx.get(), ParseCert(options.cert_chain[i]->pem).get()) == 1;
    }
    ok &= SSL_CTX_use_PrivateKey(ctx.get(), ParseKey(options.cert_chain[0]->key_pem).get()) == 1;
  }
  if (!ok) testing::ThrowOpenSslError("client", "configuration refused");
  return ctx;
}

// ---------------------------------------------------------------------------
// The loop: both ends are non-blocking and take turns; when neither can go
// on, poll() waits for what they asked for. Rounds and time are bounded, so a
// stall fails the test instead of hanging it.

struct Wait {
  bool finished = false;
  short events = 0;  // POLLIN / POLLOUT while not finished
};
using Step = std::function<Wait()>;

constexpr int kMaxRounds = 20000;
constexpr std::chrono::seconds kLoopBudget{10};

// nullopt once both sides finished, else why the loop gave up.
std::optional<std::string> Drive(int server_fd, const Step& server, int client_fd, const Step& client) {
  Wait s, c;
  const auto deadline = std::chrono::steady_clock::now() + kLoopBudget;
  for (int round = 0; round < kMaxRounds; ++round) {
    if (!s.finished) s = server();
    if (!c.finished) c = client();
    if (s.finished && c.finished) return std::nullopt;
    pollfd fds[2];
    nfds_t n = 0;
    if (!s.finished) fds[n++] = pollfd{server_fd, s.events, 0};
    if (!c.finished) fds[n++] = pollfd{client_fd, c.events, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return "out of time";
    const int rc = ::poll(fds, n, static_cast<int>(left.count()));
    if (rc == 0) return "stalled: no awaited socket became ready";
    if (rc < 0 && errno != EINTR) return std::string("poll: ") + std::strerror(errno);
  }
  return "too many rounds";
}

Wait WaitFor(TlsIo state) {
  if (state == TlsIo::kWantRead) return {false, POLLIN};
  if (state == TlsIo::kWantWrite) return {false, POLLOUT};
  return {true, 0};
}

// One client SSL call's outcome as a Wait; errors are drained into `error`.
Wait ClientWait(SSL* ssl, int rc, std::string& error) {
  const int code = SSL_get_error(ssl, rc);
  if (code == SSL_ERROR_WANT_READ) return {false, POLLIN};
  if (code == SSL_ERROR_WANT_WRITE) return {false, POLLOUT};
  error = "SSL_get_error " + std::to_string(code) + " " + ossl::DrainOpenSslErrors();
  return {true, 0};
}

struct Connection {
  SocketPair fds;
  std::unique_ptr<ServerTlsSession> server;
  ClientSslPtr client;
};

Connection Connect(std::shared_ptr<const ServerTlsContext> context, SSL_CTX* client_ctx,
                   SSL_SESSION* resume = nullptr) {
  Connection c;
  c.fds = LoopbackPair();
  c.server = std::make_unique<ServerTlsSession>(std::move(context), c.fds.server.get());
  if (client_ctx != nullptr) {
    c.client.reset(SSL_new(client_ctx));
    if (!c.client || SSL_set_fd(c.client.get(), c.fds.client.get()) != 1) {
      testing::ThrowOpenSslError("client", "SSL_new");
    }
    if (resume != nullptr) SSL_set_session(c.client.get(), resume);
    SSL_set_connect_state(c.client.get());
  }
  return c;
}

struct HandshakeResult {
  std::optional<std::string> stalled;
  TlsIo server = TlsIo::kFailed;
  std::string server_error;
  bool client_ok = false;
  std::string client_error;
};

// A server that fails half-closes, so a client still waiting sees EOF after
// any alert instead of waiting for the loop budget.
Step ServerHandshakeStep(Connection& c, HandshakeResult& result) {
  return [&c, &result] {
    result.server = c.server->Handshake().state;
    if (result.server == TlsIo::kFailed) {
      result.server_error = c.server->error();
      ::shutdown(c.fds.server.get(), SHUT_WR);
    }
    return WaitFor(result.server);
  };
}

HandshakeResult RunHandshake(Connection& c) {
  HandshakeResult result;
  result.stalled = Drive(c.fds.server.get(), ServerHandshakeStep(c, result), c.fds.client.get(), [&] {
    ERR_clear_error();
    const int rc = SSL_do_handshake(c.client.get());
    if (rc == 1) {
      result.client_ok = true;
      return Wait{true, 0};
    }
    return ClientWait(c.client.get(), rc, result.client_error);
  });
  return result;
}

// Server -> client: Write is retried with the same buffer until kDone.
std::optional<std::string> SendToClient(Connection& c, const std::string& data, std::string& received,
                                        int* want_writes = nullptr) {
  std::string server_error, client_error;
  auto stalled = Drive(
      c.fds.server.get(),
      [&] {
        TlsIoResult r = c.server->Write(data.data(), data.size());
        if (r.state == TlsIo::kWantWrite && want_writes != nullptr) ++*want_writes;
        if (r.state == TlsIo::kDone && r.bytes != data.size()) server_error = "partial kDone";
        if (r.state == TlsIo::kFailed || r.state == TlsIo::kClosed)
          server_error = "write: " + c.server->error();
        return WaitFor(r.state);
      },
      c.fds.client.get(),
      [&] {
        char buf[16 * 1024];
        for (;;) {
          ERR_clear_error();
          std::size_t n = 0;
          const int rc = SSL_read_ex(c.client.get(), buf, sizeof(buf), &n);
          if (rc != 1) return ClientWait(c.client.get(), rc, client_error);
          received.append(buf, n);
          if (received.size() >= data.size()) return Wait{true, 0};
        }
      });
  if (stalled) return stalled;
  if (!server_error.empty()) return server_error;
  if (!client_error.empty()) return "client: " + client_error;
  return std::nullopt;
}

// Client -> server (unless the client `already_sent` it): the server reads
// with `chunk`-byte calls, each wake-up until not kDone, until it has `data`.
std::optional<std::string> SendToServer(Connection& c, const std::string& data, std::string& received,
                                        std::size_t chunk = 4096, bool already_sent = false) {
  std::string server_error, client_error;
  auto stalled = Drive(
      c.fds.server.get(),
      [&] {
        std::vector<char> buf(chunk);
        for (;;) {
          TlsIoResult r = c.server->Read(buf.data(), buf.size());
          if (r.state != TlsIo::kDone) {
            if (r.state == TlsIo::kFailed || r.state == TlsIo::kClosed)
              server_error = "read: " + c.server->error();
            return WaitFor(r.state);
          }
          if (r.bytes == 0) server_error = "kDone with 0 bytes";
          received.append(buf.data(), r.bytes);
          if (received.size() >= data.size()) return Wait{true, 0};
        }
      },
      c.fds.client.get(),
      [&] {
        if (already_sent) return Wait{true, 0};
        ERR_clear_error();
        std::size_t n = 0;
        const int rc = SSL_write_ex(c.client.get(), data.data(), data.size(), &n);
        if (rc == 1) return Wait{true, 0};
        return ClientWait(c.client.get(), rc, client_error);
      });
  if (stalled) return stalled;
  if (!server_error.empty()) return server_error;
  if (!client_error.empty()) return "client: " + client_error;
  return std::nullopt;
}

// Reads at the server until a call ends in something other than kDone or
// kWantRead; `last` is that state.
std::optional<std::string> ReadAtServer(Connection& c, std::string& received, TlsIo& last) {
  return Drive(
      c.fds.server.get(),
      [&] {
        char buf[256];
        for (;;) {
          TlsIoResult r = c.server->Read(buf, sizeof(buf));
          last = r.state;
          if (r.state != TlsIo::kDone) return WaitFor(r.state);
          received.append(buf, r.bytes);
        }
      },
      c.fds.client.get(),
      [] {
        return Wait{true, 0};
      });
}

// ---------------------------------------------------------------------------
// Certificates, minted once for the file (the slow part), and config files.

struct Pkis {
  testing::TestPki server = testing::MakePki("ServerTls", "localhost");
  testing::TestPki client_ca = testing::MakePki("ServerTls Client", "unused.example.test");
  testing::TestPki stranger = testing::MakePki("ServerTls Stranger", "unused.example.test");
  MintedCert client;             // signed by client_ca.intermediate, no EKU
  MintedCert untrusted_client;   // same names, signed by stranger.intermediate
  MintedCert server_eku_client;  // signed by client_ca.intermediate, serverAuth EKU only

  Pkis() {
    testing::CertSpec spec;
    spec.common_name = "client.example.test";
    spec.dns_names = {"client.example.test"};
    spec.ip_addresses = {"10.0.0.7", "2001:db8::7"};
    spec.server_auth_eku = false;  // no EKU at all: good for any purpose
    client = testing::MintSigned(spec, client_ca.intermediate);
    untrusted_client = testing::MintSigned(spec, stranger.intermediate);
    spec.server_auth_eku = true;
    server_eku_client = testing::MintSigned(spec, client_ca.intermediate);
  }
};

const Pkis& Certs() {
  static const Pkis pkis;
  return pkis;
}

std::vector<const MintedCert*> TrustedClientChain() {
  return {&Certs().client, &Certs().client_ca.intermediate};
}
std::vector<const MintedCert*> UntrustedClientChain() {
  return {&Certs().untrusted_client, &Certs().stranger.intermediate};
}

std::string EncryptedKeyPem(const std::string& key_pem) {
  testing::KeyPtr key = ParseKey(key_pem);
  testing::BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), "secret", 6, nullptr,
                                            nullptr) != 1) {
    testing::ThrowOpenSslError("EncryptedKeyPem", "PEM_write_bio_PKCS8PrivateKey");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

class ServerTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // As app/main.cpp does: the session writes with write(), and a peer that
    // vanished must give EPIPE, not kill the test binary.
    std::signal(SIGPIPE, SIG_IGN);
    std::string dir_template = ::testing::TempDir() + "server_tls_test.XXXXXX";
    if (::mkdtemp(dir_template.data()) == nullptr) ThrowErrno("mkdtemp");
    dir_ = dir_template;
    WriteFile(CertFile(), testing::PemBundle({&Certs().server.leaf, &Certs().server.intermediate}));
    WriteFile(KeyFile(), Certs().server.leaf.key_pem);
    WriteFile(ClientCaFile(), Certs().client_ca.root.pem);
    WriteFile(dir_ / "other-key.pem", Certs().stranger.leaf.key_pem);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  static void WriteFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }
  static std::filesystem::path CertFile() { return dir_ / "server-chain.pem"; }
  static std::filesystem::path KeyFile() { return dir_ / "server-key.pem"; }
  static std::filesystem::path ClientCaFile() { return dir_ / "client-ca.pem"; }

  // The server's chain and key from files; everything else at its default.
  static model::TlsServerConfig FileConfig() {
    model::TlsServerConfig config;
    config.cert_file = CertFile();
    config.key_file = KeyFile();
    return config;
  }
  static model::TlsServerConfig InlineConfig() {
    model::TlsServerConfig config;
    config.cert_pem = testing::PemBundle({&Certs().server.leaf, &Certs().server.intermediate});
    config.key_pem = Certs().server.leaf.key_pem;
    return config;
  }

  static std::shared_ptr<const ServerTlsContext> Make(const model::TlsServerConfig& config) {
    auto created = ServerTlsContext::Create(config);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().detail);
    return created.ok() ? created.value() : nullptr;
  }

  static std::filesystem::path dir_;
};

std::filesystem::path ServerTlsTest::dir_;

// ---------------------------------------------------------------------------
// Happy path and the I/O contract.

TEST_F(ServerTlsTest, HandshakesAndEchoesBothWaysWithFiles) {
  auto ctx = Make(FileConfig());
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(ctx, client.get());
  HandshakeResult hs = RunHandshake(c);
  ASSERT_FALSE(hs.stalled) << *hs.stalled;
  ASSERT_EQ(hs.server, TlsIo::kDone) << hs.server_error;
  ASSERT_TRUE(hs.client_ok) << hs.client_error;
  EXPECT_EQ(c.server->protocol(), "TLSv1.3");
  EXPECT_EQ(c.server->Handshake().state, TlsIo::kDone);  // idempotent once done

  // The client saw the configured chain, leaf first.
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(c.client.get());
  ASSERT_NE(chain, nullptr);
  EXPECT_EQ(sk_X509_num(chain), 2);

  std::string at_server, at_client;
  EXPECT_EQ(SendToServer(c, "GET /metrics HTTP/1.1\r\n\r\n", at_server), std::nullopt);
  EXPECT_EQ(at_server, "GET /metrics HTTP/1.1\r\n\r\n");
  EXPECT_EQ(SendToClient(c, "HTTP/1.1 200 OK\r\n\r\n", at_client), std::nullopt);
  EXPECT_EQ(at_client, "HTTP/1.1 200 OK\r\n\r\n");
}

TEST_F(ServerTlsTest, HandshakesWithInlinePem) {
  auto ctx = Make(InlineConfig());
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(ctx, client.get());
  HandshakeResult hs = RunHandshake(c);
  ASSERT_EQ(hs.server, TlsIo::kDone) << hs.server_error << hs.stalled.value_or("");
  std::string at_client;
  EXPECT_EQ(SendToClient(c, "pong", at_client), std::nullopt);
  EXPECT_EQ(at_client, "pong");
}

TEST_F(ServerTlsTest, MaxVersionTls12NegotiatesTls12) {
  auto config = InlineConfig();
  config.max_version = model::TlsVersion::kTls12;
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(Make(config), client.get());
  HandshakeResult hs = RunHandshake(c);
  ASSERT_EQ(hs.server, TlsIo::kDone) << hs.server_error << hs.stalled.value_or("");
  EXPECT_EQ(c.server->protocol(), "TLSv1.2");
}

TEST_F(ServerTlsTest, ReadReturnsEverythingOpenSslBufferedBeforeWantRead) {
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(Make(InlineConfig()), client.get());
  ASSERT_EQ(RunHandshake(c).server, TlsIo::kDone);
  // Three records on the wire before the server reads; a 7-byte buffer makes
  // OpenSSL keep decrypted bytes the socket no longer signals.
  std::string sent;
  for (char ch : {'a', 'b', 'c'}) {
    const std::string record(100, ch);
    std::size_t n = 0;
    ASSERT_EQ(SSL_write_ex(c.client.get(), record.data(), record.size(), &n), 1);
    sent += record;
  }
  std::string at_server;
  EXPECT_EQ(SendToServer(c, sent, at_server, 7, /*already_sent=*/true), std::nullopt);
  EXPECT_EQ(at_server, sent);
}

TEST_F(ServerTlsTest, LargeWriteRetriedOnWantWriteArrivesWhole) {
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(Make(InlineConfig()), client.get());
  const int small = 16 * 1024;
  ASSERT_EQ(::setsockopt(c.fds.server.get(), SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
  ASSERT_EQ(::setsockopt(c.fds.client.get(), SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
  ASSERT_EQ(RunHandshake(c).server, TlsIo::kDone);
  std::string data(1 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 26);
  std::string at_client;
  int want_writes = 0;
  EXPECT_EQ(SendToClient(c, data, at_client, &want_writes), std::nullopt);
  EXPECT_GT(want_writes, 0) << "the socket buffers never filled: the retry path was not exercised";
  EXPECT_TRUE(at_client == data) << "received " << at_client.size() << " bytes, not the same";
}

TEST_F(ServerTlsTest, ShutdownSendsCloseNotify) {
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(Make(InlineConfig()), client.get());
  ASSERT_EQ(RunHandshake(c).server, TlsIo::kDone);
  c.server->Shutdown();
  c.server->Shutdown();  // once only, harmless
  std::string error;
  auto stalled = Drive(
      c.fds.server.get(),
      [] {
        return Wait{true, 0};
      },
      c.fds.client.get(),
      [&] {
        char buf[64];
        std::size_t n = 0;
        ERR_clear_error();
        const int rc = SSL_read_ex(c.client.get(), buf, sizeof(buf), &n);
        return ClientWait(c.client.get(), rc, error);
      });
  EXPECT_EQ(stalled, std::nullopt);
  EXPECT_THAT(error, HasSubstr("SSL_get_error 6"));  // SSL_ERROR_ZERO_RETURN
}

TEST_F(ServerTlsTest, ReadReportsClosedOnCloseNotifyAndOnEof) {
  for (bool close_notify : {true, false}) {
    SCOPED_TRACE(close_notify ? "close_notify" : "TCP EOF");
    ClientCtxPtr client = MakeClientCtx({});
    Connection c = Connect(Make(InlineConfig()), client.get());
    ASSERT_EQ(RunHandshake(c).server, TlsIo::kDone);
    std::size_t n = 0;
    ASSERT_EQ(SSL_write_ex(c.client.get(), "bye", 3, &n), 1);
    if (close_notify) {
      ASSERT_EQ(SSL_shutdown(c.client.get()), 0);  // sent ours, not seen theirs
    } else {
      ::shutdown(c.fds.client.get(), SHUT_WR);
    }
    std::string at_server;
    TlsIo last = TlsIo::kDone;
    EXPECT_EQ(ReadAtServer(c, at_server, last), std::nullopt);
    EXPECT_EQ(at_server, "bye");  // data before the close is delivered first
    EXPECT_EQ(last, TlsIo::kClosed) << c.server->error();
  }
}

TEST_F(ServerTlsTest, ReadAndWriteBeforeTheHandshakeFail) {
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(Make(InlineConfig()), client.get());
  char buf[16];
  EXPECT_EQ(c.server->Read(buf, sizeof(buf)).state, TlsIo::kFailed);
  EXPECT_THAT(c.server->error(), HasSubstr("before the TLS handshake completed"));
  EXPECT_EQ(c.server->Write("x", 1).state, TlsIo::kFailed);
  EXPECT_EQ(c.server->Handshake().state, TlsIo::kFailed);  // sticky
}

TEST_F(ServerTlsTest, StaleErrorsInTheQueueDoNotLeakIntoASession) {
  ClientCtxPtr client = MakeClientCtx({});
  Connection c = Connect(Make(InlineConfig()), client.get());
  // Another session's leftover error before every server call: SSL_get_error
  // reads the queue, so a session that did not clear it first would turn a
  // WANT_READ into SSL_ERROR_SSL (SSL_do_handshake clears it by itself,
  // SSL_read does not).
  auto stale = [] { ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH); };
  HandshakeResult hs;
  hs.stalled = Drive(
      c.fds.server.get(),
      [&] {
        stale();
        hs.server = c.server->Handshake().state;
        hs.server_error = c.server->error();
        return WaitFor(hs.server);
      },
      c.fds.client.get(),
      [&] {
        ERR_clear_error();
        const int rc = SSL_do_handshake(c.client.get());
        return rc == 1 ? Wait{true, 0} : ClientWait(c.client.get(), rc, hs.client_error);
      });
  ASSERT_EQ(hs.stalled, std::nullopt);
  ASSERT_EQ(hs.server, TlsIo::kDone) << hs.server_error;

  std::string at_server, server_error, client_error;
  auto stalled = Drive(
      c.fds.server.get(),
      [&] {
        char buf[64];
        for (;;) {
          stale();
          const TlsIoResult r = c.server->Read(buf, sizeof(buf));
          if (r.state != TlsIo::kDone) {
            server_error = c.server->error();
            return WaitFor(r.state);
          }
          at_server.append(buf, r.bytes);
          if (at_server.size() >= 4) return Wait{true, 0};
        }
      },
      c.fds.client.get(),
      [&] {
        ERR_clear_error();
        std::size_t n = 0;
        const int rc = SSL_write_ex(c.client.get(), "ping", 4, &n);
        return rc == 1 ? Wait{true, 0} : ClientWait(c.client.get(), rc, client_error);
      });
  EXPECT_EQ(stalled, std::nullopt);
  EXPECT_EQ(at_server, "ping") << server_error;
  EXPECT_EQ(ERR_peek_error(), 0u);
}

// ---------------------------------------------------------------------------
// Configuration errors.

struct ConfigErrorCase {
  const char* name;
  std::function<void(model::TlsServerConfig&)> edit;
  std::vector<std::string> detail_has;
};

TEST_F(ServerTlsTest, ConfigErrorsNameTheSettingAndLeaveTheQueueEmpty) {
  const std::string missing = (dir_ / "missing.pem").string();
  const std::string other_key = (dir_ / "other-key.pem").string();
  const ConfigErrorCase cases[] = {
      {"inline key of another certificate",
       [](auto& c) { c.key_pem = Certs().stranger.leaf.key_pem; },
       {"tls_server_config.key:", "certificate and key do not match"}},
      {"key file of another certificate",
       [&](auto& c) {
         c.key_pem.clear();
         c.key_file = other_key;
       },
       {"tls_server_config.key_file \"" + other_key + "\"", "certificate and key do not match"}},
      {"missing cert_file",
       [&](auto& c) {
         c.cert_pem.clear();
         c.cert_file = missing;
       },
       {"tls_server_config.cert_file \"" + missing + "\"", "No such file or directory"}},
      {"missing key_file",
       [&](auto& c) {
         c.key_pem.clear();
         c.key_file = missing;
       },
       {"tls_server_config.key_file \"" + missing + "\"", "No such file or directory"}},
      {"missing client_ca_file",
       [&](auto& c) {
         c.client_ca_file = missing;
         c.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
       },
       {"tls_server_config.client_ca_file \"" + missing + "\"", "No such file or directory"}},
      {"cert is not PEM",
       [](auto& c) { c.cert_pem = "hello"; },
       {"tls_server_config.cert:", "no PEM certificate"}},
      {"damaged cert PEM",
       [](auto& c) { c.cert_pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"; },
       {"tls_server_config.cert:"}},
      {"encrypted key",
       [](auto& c) { c.key_pem = EncryptedKeyPem(Certs().server.leaf.key_pem); },
       {"tls_server_config.key:", "unencrypted"}},
      {"both cert and cert_file",
       [&](auto& c) { c.cert_file = missing; },
       {"tls_server_config.cert", "not both"}},
      {"no certificate", [](auto& c) { c.cert_pem.clear(); }, {"tls_server_config.cert_file", "required"}},
      {"verification without client CAs",
       [](auto& c) { c.client_auth = ClientAuthType::kVerifyClientCertIfGiven; },
       {"tls_server_config.client_ca_file", "required", "VerifyClientCertIfGiven"}},
      {"max below min",
       [](auto& c) {
         c.min_version = model::TlsVersion::kTls13;
         c.max_version = model::TlsVersion::kTls12;
       },
       {"tls_server_config.max_version"}},
      {"unknown cipher suite",
       [](auto& c) {
         c.cipher_suites = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_NOT_A_SUITE"};
       },
       {"tls_server_config.cipher_suites", "unknown cipher suite \"TLS_NOT_A_SUITE\""}},
      {"OpenSSL cipher name instead of the IANA one",
       [](auto& c) { c.cipher_suites = {"ECDHE-ECDSA-AES128-GCM-SHA256"}; },
       {"tls_server_config.cipher_suites", "ECDHE-ECDSA-AES128-GCM-SHA256"}},
      {"Go insecure suite OpenSSL 3 lacks (RC4)",
       [](auto& c) { c.cipher_suites = {"TLS_ECDHE_RSA_WITH_RC4_128_SHA"}; },
       {"tls_server_config.cipher_suites", "TLS_ECDHE_RSA_WITH_RC4_128_SHA"}},
      {"suite Go cannot name (DHE)",
       [](auto& c) { c.cipher_suites = {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"}; },
       {"tls_server_config.cipher_suites", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"}},
      {"unknown curve",
       [](auto& c) {
         c.curve_preferences = {"CurveP256", "CurveP999"};
       },
       {"tls_server_config.curve_preferences", "unknown curve \"CurveP999\""}},
      {"OpenSSL curve name instead of Go's",
       [](auto& c) { c.curve_preferences = {"P-256"}; },
       {"tls_server_config.curve_preferences", "\"P-256\""}},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    model::TlsServerConfig config = InlineConfig();
    test.edit(config);
    auto created = ServerTlsContext::Create(config);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().kind, ErrorKind::kConfig);
    for (const std::string& part : test.detail_has) EXPECT_THAT(created.error().detail, HasSubstr(part));
    // The inline key is a secret: never echoed into an error.
    EXPECT_THAT(created.error().detail, Not(HasSubstr("PRIVATE KEY")));
    EXPECT_EQ(ERR_peek_error(), 0u) << "OpenSSL errors left in the queue";
  }
}

TEST_F(ServerTlsTest, AcceptsValidNamesForCipherSuitesAndCurves) {
  auto config = InlineConfig();
  config.cipher_suites = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
                          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"};
  config.curve_preferences = {"X25519", "CurveP256", "CurveP384", "CurveP521", "X25519"};
  EXPECT_NE(Make(config), nullptr);
}

// ---------------------------------------------------------------------------
// Client certificates.

enum class ClientCert { kNone, kUntrusted, kTrusted };

struct ClientAuthCase {
  ClientAuthType type;
  ClientCert cert;
  bool accepted;
};

const char* Describe(ClientCert cert) {
  switch (cert) {
    case ClientCert::kNone:
      return "no certificate";
    case ClientCert::kUntrusted:
      return "untrusted certificate";
    case ClientCert::kTrusted:
      return "trusted certificate";
  }
  return "?";
}

TEST_F(ServerTlsTest, ClientAuthTypesFollowGoSemantics) {
  using enum ClientCert;
  const ClientAuthCase cases[] = {
      {ClientAuthType::kNoClientCert, kNone, true},
      {ClientAuthType::kNoClientCert, kUntrusted, true},  // never asked for, so never sent
      {ClientAuthType::kNoClientCert, kTrusted, true},
      {ClientAuthType::kRequestClientCert, kNone, true},
      {ClientAuthType::kRequestClientCert, kUntrusted, true},
      {ClientAuthType::kRequestClientCert, kTrusted, true},
      {ClientAuthType::kRequireAnyClientCert, kNone, false},
      {ClientAuthType::kRequireAnyClientCert, kUntrusted, true},
      {ClientAuthType::kRequireAnyClientCert, kTrusted, true},
      {ClientAuthType::kVerifyClientCertIfGiven, kNone, true},
      {ClientAuthType::kVerifyClientCertIfGiven, kUntrusted, false},
      {ClientAuthType::kVerifyClientCertIfGiven, kTrusted, true},
      {ClientAuthType::kRequireAndVerifyClientCert, kNone, false},
      {ClientAuthType::kRequireAndVerifyClientCert, kUntrusted, false},
      {ClientAuthType::kRequireAndVerifyClientCert, kTrusted, true},
  };
  for (bool tls13 : {true, false}) {
    for (const auto& test : cases) {
      SCOPED_TRACE(std::string(tls13 ? "TLS 1.3, " : "TLS 1.2, ") + "client_auth_type " +
                   std::to_string(static_cast<int>(test.type)) + ", " + Describe(test.cert));
      auto config = FileConfig();
      config.client_ca_file = ClientCaFile();
      config.client_auth = test.type;
      ClientOptions options;
      if (!tls13) options.max_version = TLS1_2_VERSION;
      if (test.cert == kTrusted) options.cert_chain = TrustedClientChain();
      if (test.cert == kUntrusted) options.cert_chain = UntrustedClientChain();
      ClientCtxPtr client = MakeClientCtx(options);
      Connection c = Connect(Make(config), client.get());
      HandshakeResult hs = RunHandshake(c);
      ASSERT_EQ(hs.stalled, std::nullopt);
      if (test.accepted) {
        EXPECT_EQ(hs.server, TlsIo::kDone) << hs.server_error;
        EXPECT_TRUE(hs.client_ok) << hs.client_error;
      } else {
        EXPECT_EQ(hs.server, TlsIo::kFailed);
        EXPECT_THAT(hs.server_error, HasSubstr("certificate"));
        EXPECT_FALSE(tls13 == false && hs.client_ok) << "a TLS 1.2 client must see the refusal";
      }
    }
  }
}

TEST_F(ServerTlsTest, UntrustedClientCertificateErrorSaysWhy) {
  auto config = InlineConfig();
  config.client_ca_pem = Certs().client_ca.root.pem;
  config.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  ClientCtxPtr client = MakeClientCtx({.cert_chain = UntrustedClientChain()});
  Connection c = Connect(Make(config), client.get());
  HandshakeResult hs = RunHandshake(c);
  ASSERT_EQ(hs.server, TlsIo::kFailed);
  EXPECT_THAT(hs.server_error, HasSubstr("certificate verify failed"));
  EXPECT_THAT(hs.server_error, HasSubstr("(client certificate: unable to get local issuer certificate)"));
}

TEST_F(ServerTlsTest, SendsTheClientCasAsTheAcceptableList) {
  auto config = InlineConfig();
  config.client_ca_pem = Certs().client_ca.root.pem;  // inline this time
  config.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  ClientCtxPtr client = MakeClientCtx({.cert_chain = TrustedClientChain()});
  Connection c = Connect(Make(config), client.get());
  ASSERT_EQ(RunHandshake(c).server, TlsIo::kDone);
  STACK_OF(X509_NAME)* names = SSL_get_client_CA_list(c.client.get());
  ASSERT_NE(names, nullptr);
  ASSERT_EQ(sk_X509_NAME_num(names), 1);
  testing::X509Ptr root = ParseCert(Certs().client_ca.root.pem);
  EXPECT_EQ(X509_NAME_cmp(sk_X509_NAME_value(names, 0), X509_get_subject_name(root.get())), 0);
}

TEST_F(ServerTlsTest, AnIntermediateInClientCasIsATrustAnchor) {
  auto config = InlineConfig();
  config.client_ca_pem = Certs().client_ca.intermediate.pem;
  config.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  ClientCtxPtr client = MakeClientCtx({.cert_chain = {&Certs().client}});
  Connection c = Connect(Make(config), client.get());
  HandshakeResult hs = RunHandshake(c);
  EXPECT_EQ(hs.server, TlsIo::kDone) << hs.server_error;
}

TEST_F(ServerTlsTest, VerificationRequiresAClientAuthUsableCertificate) {
  // Go checks ExtKeyUsageClientAuth too: a serverAuth-only leaf is refused.
  auto config = InlineConfig();
  config.client_ca_pem = Certs().client_ca.root.pem;
  config.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  ClientCtxPtr client =
      MakeClientCtx({.cert_chain = {&Certs().server_eku_client, &Certs().client_ca.intermediate}});
  Connection c = Connect(Make(config), client.get());
  HandshakeResult hs = RunHandshake(c);
  EXPECT_EQ(hs.server, TlsIo::kFailed);
  EXPECT_THAT(hs.server_error, HasSubstr("unsuitable certificate purpose"));
}

struct AllowedSansCase {
  std::vector<std::string> allowed;
  bool send_cert;
  bool accepted;
};

TEST_F(ServerTlsTest, ClientAllowedSansNeedsAnExactMatch) {
  const AllowedSansCase cases[] = {
      {{"client.example.test"}, true, true},
      {{"nope.example.test", "10.0.0.7"}, true, true},
      {{"2001:db8::7"}, true, true},
      {{"2001:0db8:0:0:0:0:0:7"}, true, false},  // compared as text, as Go does
      {{"client.example"}, true, false},
      {{"CLIENT.EXAMPLE.TEST"}, true, false},
      {{"nope.example.test", "10.0.0.8"}, true, false},
      {{"client.example.test"}, false, false},  // no certificate at all
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(::testing::PrintToString(test.allowed) + (test.send_cert ? " with cert" : " without cert"));
    auto config = InlineConfig();
    config.client_ca_pem = Certs().client_ca.root.pem;
    config.client_auth = ClientAuthType::kVerifyClientCertIfGiven;
    config.client_allowed_sans = test.allowed;
    ClientOptions options;
    if (test.send_cert) options.cert_chain = TrustedClientChain();
    ClientCtxPtr client = MakeClientCtx(options);
    Connection c = Connect(Make(config), client.get());
    HandshakeResult hs = RunHandshake(c);
    ASSERT_EQ(hs.stalled, std::nullopt);
    if (test.accepted) {
      EXPECT_EQ(hs.server, TlsIo::kDone) << hs.server_error;
      continue;
    }
    EXPECT_EQ(hs.server, TlsIo::kFailed);
    EXPECT_THAT(hs.server_error, HasSubstr("client_allowed_sans"));
    if (test.send_cert) {
      EXPECT_THAT(hs.server_error, HasSubstr("\"client.example.test\", \"10.0.0.7\""));
    }
    // A refused session never hands out data.
    char buf[8];
    EXPECT_EQ(c.server->Read(buf, sizeof(buf)).state, TlsIo::kFailed);
    EXPECT_THAT(c.server->error(), HasSubstr("client_allowed_sans"));
  }
}

TEST_F(ServerTlsTest, ResumedSessionsKeepTheClientCertificate) {
  // Resumption with SSL_VERIFY_PEER needs a session ID context; the resumed
  // session must still carry the client leaf for client_allowed_sans.
  auto config = InlineConfig();
  config.client_ca_pem = Certs().client_ca.root.pem;
  config.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  config.client_allowed_sans = {"client.example.test"};
  auto ctx = Make(config);
  for (int max_version : {TLS1_3_VERSION, TLS1_2_VERSION}) {
    SCOPED_TRACE(max_version == TLS1_3_VERSION ? "TLS 1.3" : "TLS 1.2");
    ClientCtxPtr client = MakeClientCtx({.cert_chain = TrustedClientChain(), .max_version = max_version});
    SessionPtr session;
    {
      Connection first = Connect(ctx, client.get());
      ASSERT_EQ(RunHandshake(first).server, TlsIo::kDone);
      std::string at_client;
      ASSERT_EQ(SendToClient(first, "ticket please", at_client), std::nullopt);  // reads the tickets
      session.reset(SSL_get1_session(first.client.get()));
      ASSERT_NE(session, nullptr);
      first.server->Shutdown();  // a clean close keeps the session resumable
      SSL_shutdown(first.client.get());
    }
    Connection second = Connect(ctx, client.get(), session.get());
    HandshakeResult hs = RunHandshake(second);
    EXPECT_EQ(hs.server, TlsIo::kDone) << hs.server_error << hs.client_error;
    EXPECT_EQ(SSL_session_reused(second.client.get()), 1);
  }
}

// ---------------------------------------------------------------------------
// Versions, cipher suites, curves.

TEST_F(ServerTlsTest, MinVersionTls13RefusesATls12OnlyClient) {
  auto config = FileConfig();
  config.min_version = model::TlsVersion::kTls13;
  ClientCtxPtr client = MakeClientCtx({.max_version = TLS1_2_VERSION});
  Connection c = Connect(Make(config), client.get());
  HandshakeResult hs = RunHandshake(c);
  ASSERT_EQ(hs.stalled, std::nullopt);
  EXPECT_EQ(hs.server, TlsIo::kFailed);
  EXPECT_THAT(hs.server_error, HasSubstr("unsupported protocol"));
  EXPECT_FALSE(hs.client_ok);
}

struct NegotiationCase {
  const char* name;
  std::vector<std::string> server_suites;
  bool prefer_server;
  ClientOptions client;
  const char* expect_cipher;  // nullptr: the handshake must fail
};

TEST_F(ServerTlsTest, CipherSuitesRestrictNegotiation) {
  const NegotiationCase cases[] = {
      {"TLS 1.2 suite offered among others",
       {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
       true,
       {.max_version = TLS1_2_VERSION,
        .cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"},
       "ECDHE-ECDSA-AES128-GCM-SHA256"},
      {"client offers only another TLS 1.2 suite",
       {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
       true,
       {.max_version = TLS1_2_VERSION, .cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384"},
       nullptr},
      {"Go's short ChaCha20 alias",
       {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"},
       true,
       {.max_version = TLS1_2_VERSION},
       "ECDHE-ECDSA-CHACHA20-POLY1305"},
      {"the RFC 7905 ChaCha20 name",
       {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
       true,
       {.max_version = TLS1_2_VERSION},
       "ECDHE-ECDSA-CHACHA20-POLY1305"},
      {"server preference wins",
       {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
       true,
       {.max_version = TLS1_2_VERSION,
        .cipher_list = "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256"},
       "ECDHE-ECDSA-AES128-GCM-SHA256"},
      {"client preference wins",
       {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
       false,
       {.max_version = TLS1_2_VERSION,
        .cipher_list = "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256"},
       "ECDHE-ECDSA-CHACHA20-POLY1305"},
      {"TLS 1.3 name sets the TLS 1.3 suites",
       {"TLS_CHACHA20_POLY1305_SHA256"},
       true,
       {},
       "TLS_CHACHA20_POLY1305_SHA256"},
      {"TLS 1.3 client offers only another TLS 1.3 suite",
       {"TLS_CHACHA20_POLY1305_SHA256"},
       true,
       {.min_version = TLS1_3_VERSION, .ciphersuites = "TLS_AES_128_GCM_SHA256"},
       nullptr},
      {"TLS 1.2 names leave TLS 1.3 at its defaults (as Go)",
       {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
       true,
       {.ciphersuites = "TLS_AES_128_GCM_SHA256"},
       "TLS_AES_128_GCM_SHA256"},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    auto config = InlineConfig();
    config.cipher_suites = test.server_suites;
    config.prefer_server_cipher_suites = test.prefer_server;
    ClientCtxPtr client = MakeClientCtx(test.client);
    Connection c = Connect(Make(config), client.get());
    HandshakeResult hs = RunHandshake(c);
    ASSERT_EQ(hs.stalled, std::nullopt);
    if (test.expect_cipher == nullptr) {
      EXPECT_EQ(hs.server, TlsIo::kFailed);
      EXPECT_FALSE(hs.server_error.empty());
      continue;
    }
    ASSERT_EQ(hs.server, TlsIo::kDone) << hs.server_error;
    EXPECT_STREQ(SSL_get_cipher_name(c.client.get()), test.expect_cipher);
  }
}

TEST_F(ServerTlsTest, CurvePreferencesRestrictTheGroups) {
  auto config = InlineConfig();
  config.curve_preferences = {"CurveP384"};
  {
    ClientCtxPtr client = MakeClientCtx({.groups = "X25519:P-256:P-384"});
    Connection c = Connect(Make(config), client.get());
    HandshakeResult hs = RunHandshake(c);
    ASSERT_EQ(hs.server, TlsIo::kDone) << hs.server_error;
    EXPECT_EQ(SSL_get_negotiated_group(c.client.get()), NID_secp384r1);
  }
  {
    ClientCtxPtr client = MakeClientCtx({.groups = "X25519:P-256"});
    Connection c = Connect(Make(config), client.get());
    HandshakeResult hs = RunHandshake(c);
    ASSERT_EQ(hs.stalled, std::nullopt);
    EXPECT_EQ(hs.server, TlsIo::kFailed);
    EXPECT_FALSE(hs.server_error.empty());
  }
}

// ---------------------------------------------------------------------------
// Peers that do not speak TLS, or leave.

TEST_F(ServerTlsTest, PlainHttpRequestFailsTheHandshake) {
  Connection c = Connect(Make(InlineConfig()), nullptr);
  const std::string request = "GET / HTTP/1.1\r\n\r\n";
  ASSERT_EQ(::send(c.fds.client.get(), request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  // The client stays connected and silent: the bytes alone must fail it.
  HandshakeResult hs;
  hs.stalled = Drive(c.fds.server.get(), ServerHandshakeStep(c, hs), c.fds.client.get(), [] {
    return Wait{true, 0};
  });
  ASSERT_EQ(hs.stalled, std::nullopt);
  EXPECT_EQ(hs.server, TlsIo::kFailed);
  EXPECT_THAT(hs.server_error, HasSubstr("http request"));
  EXPECT_EQ(ERR_peek_error(), 0u);
  char buf[8];
  EXPECT_EQ(c.server->Read(buf, sizeof(buf)).state, TlsIo::kFailed);
}

// The first flight of a real client, captured through memory BIOs.
std::string ClientHelloBytes() {
  ClientCtxPtr ctx = MakeClientCtx({});
  ClientSslPtr ssl(SSL_new(ctx.get()));
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl.get(), in, out);  // ssl owns both
  SSL_set_connect_state(ssl.get());
  (void)SSL_do_handshake(ssl.get());
  ERR_clear_error();
  char* data = nullptr;
  const long len = BIO_get_mem_data(out, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

TEST_F(ServerTlsTest, PeerClosingMidHandshakeFailsWithoutHanging) {
  const std::string hello = ClientHelloBytes();
  ASSERT_GT(hello.size(), 10u);
  struct Case {
    const char* name;
    std::string sent;
  };
  const Case cases[] = {
      {"closes before sending anything", ""},
      {"closes after half a ClientHello", hello.substr(0, hello.size() / 2)},
      {"closes after the ClientHello", hello},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    Connection c = Connect(Make(InlineConfig()), nullptr);
    if (!test.sent.empty()) {
      ASSERT_EQ(::send(c.fds.client.get(), test.sent.data(), test.sent.size(), MSG_NOSIGNAL),
                static_cast<ssize_t>(test.sent.size()));
    }
    c.fds.client.Close();
    HandshakeResult hs;
    hs.stalled = Drive(c.fds.server.get(), ServerHandshakeStep(c, hs), -1, [] { return Wait{true, 0}; });
    ASSERT_EQ(hs.stalled, std::nullopt);
    EXPECT_EQ(hs.server, TlsIo::kFailed);
    EXPECT_FALSE(hs.server_error.empty());
    EXPECT_EQ(ERR_peek_error(), 0u);
  }
}

}  // namespace
}  // namespace lde::tls
