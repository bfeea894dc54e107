#include "http/transport.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "tls/server_tls.h"

namespace lde::http {
namespace {

class PlainTransport final : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}
  IoResult Handshake() override { return {IoState::kDone, 0}; }
  IoResult Read(char* buf, std::size_t len) override {
    ssize_t n = ::recv(fd_, buf, len, 0);
    if (n > 0) return {IoState::kDone, static_cast<std::size_t>(n)};
    if (n == 0) return {IoState::kClosed, 0};
    return Failure();
  }
  IoResult Write(const char* buf, std::size_t len) override {
    // MSG_NOSIGNAL: a client gone away is an error, not a SIGPIPE.
    ssize_t n = ::send(fd_, buf, len, MSG_NOSIGNAL);
    if (n >= 0) return {IoState::kDone, static_cast<std::size_t>(n)};
    return Failure(IoState::kWantWrite);
  }
  void Shutdown() override { ::shutdown(fd_, SHUT_WR); }
  std::string error() const override { return error_; }

 private:
  IoResult Failure(IoState would_block = IoState::kWantRead) {
    int err = errno;
    if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) return {would_block, 0};
    error_ = std::strerror(err);
    return {IoState::kFailed, 0};
  }
  int fd_;
  std::string error_;
};

IoState FromTls(tls::TlsIo state) {
  switch (state) {
    case tls::TlsIo::kDone:
      return IoState::kDone;
    case tls::TlsIo::kWantRead:
      return IoState::kWantRead;
    case tls::TlsIo::kWantWrite:
      return IoState::kWantWrite;
    case tls::TlsIo::kClosed:
      return IoState::kClosed;
    case tls::TlsIo::kFailed:
      return IoState::kFailed;
  }
  return IoState::kFailed;
}

class TlsTransport final : public Transport {
 public:
  TlsTransport(std::shared_ptr<const tls::ServerTlsContext> context, int fd)
      : session_(std::move(context), fd) {}
  IoResult Handshake() override { return Convert(session_.Handshake()); }
  IoResult Read(char* buf, std::size_t len) override { return Convert(session_.Read(buf, len)); }
  IoResult Write(const char* buf, std::size_t len) override { return Convert(session_.Write(buf, len)); }
  void Shutdown() override { session_.Shutdown(); }
  std::string error() const override { return session_.error(); }

 private:
  static IoResult Convert(tls::TlsIoResult r) { return {FromTls(r.state), r.bytes}; }
  tls::ServerTlsSession session_;
};

}  // namespace

std::unique_ptr<Transport> MakePlainTransport(int fd) { return std::make_unique<PlainTransport>(fd); }

std::unique_ptr<Transport> MakeTlsTransport(std::shared_ptr<const tls::ServerTlsContext> context, int fd) {
  return std::make_unique<TlsTransport>(std::move(context), fd);
}

}  // namespace lde::http
