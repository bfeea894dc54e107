#include "tls/socket_io.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace lde::tls {
namespace {

Error SocketError(int err, std::string_view during) {
  return MakeError(ErrorKind::kConnectError, std::string(during) + ": " + ErrnoText(err));
}

}  // namespace

std::string ErrnoText(int err) {
  char buf[128];
  // GNU strerror_r returns the message pointer (which may not be buf).
  const char* msg = ::strerror_r(err, buf, sizeof(buf));
  return std::string(msg) + " (errno " + std::to_string(err) + ")";
}

std::optional<Error> WaitReady(int fd, short events, const Deadline& d, std::string_view what) {
  // Each pass either returns or waits for the remaining time, which shrinks
  // to zero, so the loop is bounded by the deadline; EINTR just re-polls.
  for (;;) {
    if (d.Expired()) return MakeError(ErrorKind::kTimeout, "timed out " + std::string(what));
    pollfd pfd{fd, events, 0};
    int rc = ::poll(&pfd, 1, d.RemainingMillis());
    if (rc > 0) return std::nullopt;
    if (rc == 0) continue;  // re-check Expired(): poll may wake a hair early
    if (errno != EINTR) return SocketError(errno, "poll");
  }
}

Result<std::size_t> RecvSome(int fd, char* buf, std::size_t len, const Deadline& d) {
  // The deadline is checked before every recv, not only when one would
  // block: a peer that keeps data flowing must not outlast it.
  for (;;) {
    if (d.Expired()) return MakeError(ErrorKind::kTimeout, "timed out waiting for data from the peer");
    ssize_t n = ::recv(fd, buf, len, 0);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return SocketError(errno, "recv");
    if (auto err = WaitReady(fd, POLLIN, d, "waiting for data from the peer")) return *err;
  }
}

Result<std::size_t> SendAll(int fd, std::string_view data, const Deadline& d) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    if (d.Expired()) return MakeError(ErrorKind::kTimeout, "timed out sending to the peer");
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return SocketError(errno, "send");
    if (auto err = WaitReady(fd, POLLOUT, d, "waiting to send to the peer")) return *err;
  }
  return sent;
}

}  // namespace lde::tls
