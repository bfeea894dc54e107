#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "http/listen_address.h"

namespace lde::http {

// A bound, listening, non-blocking socket. Owns the fd.
class Listener {
 public:
  // ":port" and "[::]:port" listen on every IPv4 and IPv6 address (one
  // dual-stack socket; IPv4 only on a host without IPv6), as Go exporters
  // do; "0.0.0.0:port" on IPv4 only; a name is resolved and its first
  // address used. kConfig errors name the address: in use, no permission,
  // unknown name.
  static Result<Listener> Open(const ListenAddress& where, const std::string& text);

  Listener(Listener&& other) noexcept;
  Listener& operator=(Listener&& other) noexcept;
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }
  const std::string& text() const { return text_; }

 private:
  Listener(int fd, std::uint16_t port, std::string text) : fd_(fd), port_(port), text_(std::move(text)) {}
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::string text_;
};

}  // namespace lde::http
