#include "support/servers/server_behaviours.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "support/servers/fake_tls_records.h"

namespace lde::testing::detail {
namespace {

constexpr std::size_t kMaxRequestBytes = 1 << 20;

enum class Wait { kReadable, kStopping, kTimedOut };

Wait WaitReadable(const ConnectionEnv& env) {
  pollfd fds[2] = {{env.fd, POLLIN, 0}, {env.wake_fd, POLLIN, 0}};
  for (int attempt = 0; attempt < 100; ++attempt) {  // EINTR retries only
    int rc = ::poll(fds, 2, kSafetyTimeoutMs);
    if (rc == 0) return Wait::kTimedOut;
    if (rc < 0) continue;
    if (fds[1].revents != 0) return Wait::kStopping;
    return Wait::kReadable;
  }
  return Wait::kTimedOut;
}

// Waits until the server stops (or the safety cap), touching nothing.
void WaitForStop(const ConnectionEnv& env) {
  pollfd fd{env.wake_fd, POLLIN, 0};
  ::poll(&fd, 1, kSafetyTimeoutMs);
}

bool SendRaw(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one TLS record (header and body): the ClientHello.
bool ReadOneRecord(const ConnectionEnv& env) {
  std::string got;
  std::size_t want = 5;
  while (got.size() < want && got.size() < kMaxRequestBytes) {
    if (WaitReadable(env) != Wait::kReadable) return false;
    char buf[4096];
    ssize_t n = ::recv(env.fd, buf, std::min(sizeof(buf), want - got.size()), 0);
    if (n <= 0) return false;
    got.append(buf, static_cast<std::size_t>(n));
    if (got.size() == 5)
      want = 5 + ((static_cast<unsigned char>(got[3]) << 8) | static_cast<unsigned char>(got[4]));
  }
  return got.size() == want;
}

// After our last bytes: half-close and read until the client closes, so the
// client sees our data and then EOF (never an RST that might discard it).
void CloseGracefully(const ConnectionEnv& env) {
  ::shutdown(env.fd, SHUT_WR);
  char buf[4096];
  for (int i = 0; i < 1000 && WaitReadable(env) == Wait::kReadable; ++i) {
    if (::recv(env.fd, buf, sizeof(buf), 0) <= 0) break;
  }
}

// One request: the head up to the blank line, then a Content-Length body.
bool ReadRequest(const ConnectionEnv& env, SSL* ssl, std::string* request) {
  std::size_t body_wanted = std::string::npos;
  std::size_t head_end = std::string::npos;
  while (request->size() < kMaxRequestBytes) {
    if (head_end != std::string::npos && request->size() >= head_end + body_wanted) return true;
    if ((ssl == nullptr || SSL_pending(ssl) == 0) && WaitReadable(env) != Wait::kReadable) return false;
    char buf[4096];
    int n = ssl != nullptr ? SSL_read(ssl, buf, sizeof(buf))
                           : static_cast<int>(::recv(env.fd, buf, sizeof(buf), 0));
    if (n <= 0) return false;
    request->append(buf, static_cast<std::size_t>(n));
    if (head_end == std::string::npos) {
      auto pos = request->find("\r\n\r\n");
      if (pos == std::string::npos) continue;
      head_end = pos + 4;
      body_wanted = 0;
      // Good enough for tests: a case-sensitive look for our client's header.
      auto cl = request->find("Content-Length: ");
      if (cl != std::string::npos && cl < head_end)
        body_wanted = std::strtoul(request->c_str() + cl + 16, nullptr, 10);
    }
  }
  return false;
}

bool WriteResponse(const ConnectionEnv& env, SSL* ssl, const std::string& response) {
  if (ssl == nullptr) return SendRaw(env.fd, response);
  std::size_t done = 0;
  while (done < response.size()) {
    int n = SSL_write(ssl, response.data() + done, static_cast<int>(response.size() - done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;

// A blocking server handshake when the server speaks TLS; false if it failed.
// Stop() shuts the socket down, which ends a handshake that hangs.
bool AcceptTls(const ConnectionEnv& env, SslPtr& ssl) {
  if (env.ctx == nullptr) return true;
  ssl.reset(SSL_new(env.ctx));
  if (!ssl || SSL_set_fd(ssl.get(), env.fd) != 1) return false;
  if (SSL_accept(ssl.get()) != 1) {
    ERR_clear_error();
    return false;
  }
  return true;
}

void ServeHttp(const ConnectionEnv& env) {
  SslPtr ssl(nullptr, &SSL_free);
  if (!AcceptTls(env, ssl)) return;
  std::string request;
  if (!ReadRequest(env, ssl.get(), &request)) return;
  env.record_request(request);
  const auto& handler = env.options->handler;
  std::string response = handler ? handler(request) : OkResponse("ok");
  if (!WriteResponse(env, ssl.get(), response)) return;
  if (env.options->hold_open_after_response) {
    // Until the client gives up (EOF) or the server stops.
    char buf[4096];
    for (int i = 0; i < 1000 && WaitReadable(env) == Wait::kReadable; ++i) {
      if (::recv(env.fd, buf, sizeof(buf), 0) <= 0) break;
    }
    return;
  }
  if (ssl) SSL_shutdown(ssl.get());
  ERR_clear_error();
  CloseGracefully(env);
}

// Each send goes out as its own TCP segment.
void NoDelay(const ConnectionEnv& env) {
  int one = 1;
  ::setsockopt(env.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

// Waits `pace` (a pace between sends, not a synchronisation); false once the
// server is stopping.
bool Pause(const ConnectionEnv& env, std::chrono::microseconds pace) {
  pollfd wake{env.wake_fd, POLLIN, 0};
  int wait_ms = 0;
  if (pace >= std::chrono::milliseconds(1)) {
    wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(pace).count());
  } else if (pace.count() > 0) {
    timespec ts{0, static_cast<long>(pace.count()) * 1000};
    ::nanosleep(&ts, nullptr);
  }
  return ::poll(&wake, 1, wait_ms) <= 0;  // 0: paused; < 0: EINTR, carry on
}

bool SafetyCapPassed(std::chrono::steady_clock::time_point started) {
  return std::chrono::steady_clock::now() - started > kStreamSafetyCap;
}

// A real TLS server handshake through memory BIOs, so that what OpenSSL
// writes can be sent one byte per send(), `pace` apart.
void HandshakeBytePerSegment(const ConnectionEnv& env) {
  NoDelay(env);
  SslPtr ssl(SSL_new(env.ctx), &SSL_free);
  BIO* rbio = BIO_new(BIO_s_mem());
  BIO* wbio = BIO_new(BIO_s_mem());
  if (!ssl || rbio == nullptr || wbio == nullptr) {
    BIO_free(rbio);
    BIO_free(wbio);
    return;
  }
  BIO_set_mem_eof_return(rbio, -1);
  SSL_set_bio(ssl.get(), rbio, wbio);  // ssl owns both
  SSL_set_accept_state(ssl.get());
  const auto started = std::chrono::steady_clock::now();
  // Each pass sends what the handshake produced, byte by byte, then reads
  // one chunk from the client; bounded by the safety cap.
  while (!SafetyCapPassed(started)) {
    int rc = SSL_do_handshake(ssl.get());
    int ssl_error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl.get(), rc);
    char buf[4096];
    for (int n; (n = BIO_read(wbio, buf, sizeof(buf))) > 0;) {
      for (int i = 0; i < n; ++i) {
        if (!Pause(env, env.options->pace) || SafetyCapPassed(started)) return;
        if (::send(env.fd, buf + i, 1, MSG_NOSIGNAL) != 1) return;
      }
    }
    if (rc == 1) break;
    if (ssl_error != SSL_ERROR_WANT_READ || WaitReadable(env) != Wait::kReadable) break;
    ssize_t got = ::recv(env.fd, buf, sizeof(buf), 0);
    if (got <= 0) break;
    BIO_write(rbio, buf, static_cast<int>(got));
  }
  ERR_clear_error();
  WaitForStop(env);
}

// stream_head once after the request, then stream_unit every pace until the
// client leaves, the server stops, or the safety cap.
void StreamResponse(const ConnectionEnv& env) {
  NoDelay(env);
  SslPtr ssl(nullptr, &SSL_free);
  if (!AcceptTls(env, ssl)) return;
  std::string request;
  if (!ReadRequest(env, ssl.get(), &request)) return;
  env.record_request(request);
  if (!WriteResponse(env, ssl.get(), env.options->stream_head)) return;
  const auto started = std::chrono::steady_clock::now();
  while (!SafetyCapPassed(started) && Pause(env, env.options->pace)) {
    if (!WriteResponse(env, ssl.get(), env.options->stream_unit)) break;
  }
  ERR_clear_error();
}

}  // namespace

void RunBehaviour(const ConnectionEnv& env) {
  switch (env.options->behaviour) {
    case ServerBehaviour::kServeHttp:
      return ServeHttp(env);
    case ServerBehaviour::kStallAfterAccept:
      return WaitForStop(env);
    case ServerBehaviour::kResetDuringHandshake: {
      if (!ReadOneRecord(env)) return;
      linger hard{1, 0};  // close() now sends RST instead of FIN (RFC 793 abort)
      ::setsockopt(env.fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
      return;
    }
    case ServerBehaviour::kGarbage:
      if (!ReadOneRecord(env) || !SendRaw(env.fd, NonTlsGarbage())) return;
      return CloseGracefully(env);
    case ServerBehaviour::kBadCertificateBytes:
      if (!ReadOneRecord(env) || !SendRaw(env.fd, ServerHelloWithGarbageCertificate())) return;
      return CloseGracefully(env);
    case ServerBehaviour::kSilenceAfterServerHello:
      if (!ReadOneRecord(env) || !SendRaw(env.fd, ServerHelloOnly())) return;
      return WaitForStop(env);
    case ServerBehaviour::kHandshakeBytePerSegment:
      return HandshakeBytePerSegment(env);
    case ServerBehaviour::kStreamResponse:
      return StreamResponse(env);
  }
}

}  // namespace lde::testing::detail
