#include "tls/connection.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "common/host_port.h"
#include "tls/socket_io.h"
#include "tls/tls_stream.h"

namespace lde::tls {
namespace {

// Closes the fd on every early return of ConnectTcp.
struct FdGuard {
  int fd;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
  int Release() { return std::exchange(fd, -1); }
};

Error ConnectFailure(int err, const std::string& where) {
  if (err == ECONNREFUSED)
    return MakeError(ErrorKind::kConnectRefused, "connect " + where + ": " + ErrnoText(err));
  return MakeError(ErrorKind::kConnectError, "connect " + where + ": " + ErrnoText(err));
}

}  // namespace

Connection::Connection(int fd, Duration connect_time) : fd_(fd), connect_time_(connect_time) {}

Connection::~Connection() { Close(); }

Connection::Connection(Connection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), connect_time_(other.connect_time_), tls_(std::move(other.tls_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    connect_time_ = other.connect_time_;
    tls_ = std::move(other.tls_);
  }
  return *this;
}

void Connection::Close() noexcept {
  if (tls_ && fd_ >= 0) tls_->SendCloseNotify(fd_);
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Connection::AttachTls(std::unique_ptr<TlsStream> stream) { tls_ = std::move(stream); }

Result<std::size_t> Connection::Read(char* buf, std::size_t len, const Deadline& d) {
  if (fd_ < 0) return MakeError(ErrorKind::kInternal, "read on a closed connection");
  if (tls_) return tls_->Read(fd_, buf, len, d);
  return RecvSome(fd_, buf, len, d);
}

Result<std::size_t> Connection::WriteAll(std::string_view data, const Deadline& d) {
  if (fd_ < 0) return MakeError(ErrorKind::kInternal, "write on a closed connection");
  if (tls_) return tls_->WriteAll(fd_, data, d);
  return SendAll(fd_, data, d);
}

Result<Connection> ConnectTcp(const model::Endpoint& endpoint, const Deadline& d) {
  const std::string address(StripBrackets(endpoint.address));
  const std::string where = endpoint.address + " port " + std::to_string(endpoint.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  // NUMERICHOST: resolution happened earlier (dns/); this must never block on DNS.
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* info = nullptr;
  const std::string port = std::to_string(endpoint.port);
  if (int rc = ::getaddrinfo(address.c_str(), port.c_str(), &hints, &info); rc != 0 || info == nullptr) {
    return MakeError(ErrorKind::kConfig, "not a numeric IP address: '" + endpoint.address + "'");
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> info_guard(info, &::freeaddrinfo);

  if (d.Expired()) return MakeError(ErrorKind::kTimeout, "deadline passed before connecting to " + where);
  const SteadyTime started = d.Now();
  FdGuard fd{::socket(info->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (fd.fd < 0) return MakeError(ErrorKind::kConnectError, "socket: " + ErrnoText(errno));

  int rc = ::connect(fd.fd, info->ai_addr, info->ai_addrlen);
  if (rc != 0 && errno != EINPROGRESS && errno != EINTR) return ConnectFailure(errno, where);
  if (rc != 0) {
    if (auto err = WaitReady(fd.fd, POLLOUT, d, "connecting to " + where)) return *err;
    int so_error = 0;
    socklen_t so_len = sizeof(so_error);
    if (::getsockopt(fd.fd, SOL_SOCKET, SO_ERROR, &so_error, &so_len) != 0) so_error = errno;
    if (so_error != 0) return ConnectFailure(so_error, where);
  }
  return Connection(fd.Release(), d.Now() - started);
}

}  // namespace lde::tls
