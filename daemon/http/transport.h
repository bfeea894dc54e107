#pragma once

// The byte stream under one server connection: plain TCP or TLS. Every call
// is non-blocking and says what it waits for next, so the event loop can
// serve many slow clients on one thread.

#include <cstddef>
#include <memory>
#include <string>

namespace lde::tls {
class ServerTlsContext;
}  // namespace lde::tls

namespace lde::http {

enum class IoState {
  kDone,       // finished (Handshake), or moved `bytes` > 0 (Read/Write)
  kWantRead,   // call again once the socket is readable
  kWantWrite,  // call again once the socket is writable
  kClosed,     // the peer closed the stream
  kFailed,     // socket or TLS error; error() says which
};

struct IoResult {
  IoState state = IoState::kFailed;
  std::size_t bytes = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // kDone once application data can flow (at once for plain TCP).
  virtual IoResult Handshake() = 0;
  virtual IoResult Read(char* buf, std::size_t len) = 0;
  // On kWantWrite, call again with the same bytes (TLS requires it).
  virtual IoResult Write(const char* buf, std::size_t len) = 0;
  // Best-effort orderly close of the stream (TLS close_notify); the caller
  // closes the socket.
  virtual void Shutdown() = 0;
  virtual std::string error() const = 0;
};

// Neither owns `fd`; it must be connected and non-blocking.
std::unique_ptr<Transport> MakePlainTransport(int fd);
std::unique_ptr<Transport> MakeTlsTransport(std::shared_ptr<const tls::ServerTlsContext> context, int fd);

}  // namespace lde::http
