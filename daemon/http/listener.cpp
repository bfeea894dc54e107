#include "http/listener.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace lde::http {
namespace {

constexpr int kBacklog = 512;

Error Failed(const std::string& text, const std::string& why) {
  return MakeError(ErrorKind::kConfig, "cannot listen on \"" + text + "\": " + why);
}

// Binds and listens on one resolved address: the fd, or -errno.
int BindAndListen(const sockaddr* address, socklen_t length, bool dual_stack) {
  int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  int on = 1;
  // Only lets us rebind over TIME_WAIT after a restart; Linux still refuses
  // a port another socket listens on.
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (address->sa_family == AF_INET6) {
    int v6only = dual_stack ? 0 : 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
  }
  if (::bind(fd, address, length) != 0 || ::listen(fd, kBacklog) != 0) {
    int err = errno;
    ::close(fd);
    return -err;
  }
  return fd;
}

std::uint16_t BoundPort(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  if (bound.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6&>(bound).sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in&>(bound).sin_port);
}

}  // namespace

Result<Listener> Listener::Open(const ListenAddress& where, const std::string& text) {
  int fd = -EINVAL;
  if (where.host.empty() || (where.ipv6 && where.host == "::")) {
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_addr = in6addr_any;
    v6.sin6_port = htons(where.port);
    fd = BindAndListen(reinterpret_cast<sockaddr*>(&v6), sizeof v6, /*dual_stack=*/true);
    if (fd == -EAFNOSUPPORT && where.host.empty()) {
      // A host without IPv6 (ipv6.disable=1): every IPv4 address instead.
      sockaddr_in v4{};
      v4.sin_family = AF_INET;
      v4.sin_addr.s_addr = htonl(INADDR_ANY);
      v4.sin_port = htons(where.port);
      fd = BindAndListen(reinterpret_cast<sockaddr*>(&v4), sizeof v4, false);
    }
  } else {
    addrinfo hints{};
    hints.ai_family = where.ipv6 ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string port = std::to_string(where.port);
    int rc = ::getaddrinfo(where.host.c_str(), port.c_str(), &hints, &found);
    if (rc != 0) return Failed(text, gai_strerror(rc));
    fd = BindAndListen(found->ai_addr, found->ai_addrlen, /*dual_stack=*/false);
    ::freeaddrinfo(found);
  }
  if (fd < 0) return Failed(text, std::strerror(-fd));
  return Listener(fd, BoundPort(fd), text);
}

Listener::Listener(Listener&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), port_(other.port_), text_(std::move(other.text_)) {}

Listener& Listener::operator=(Listener&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    port_ = other.port_;
    text_ = std::move(other.text_);
  }
  return *this;
}

Listener::~Listener() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace lde::http
