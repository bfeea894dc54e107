#include "support/servers/server_behaviours.h"

#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

void ServeHttp(const ConnectionEnv& env) {
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(nullptr, &SSL_free);
  if (env.ctx != nullptr) {
    ssl.reset(SSL_new(env.ctx));
    if (!ssl || SSL_set_fd(ssl.get(), env.fd) != 1) return;
    // Blocking: Stop() shuts the socket down, which ends the handshake.
    if (SSL_accept(ssl.get()) != 1) {
      ERR_clear_error();
      return;
    }
  }
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
  }
}

}  // namespace lde::testing::detail
