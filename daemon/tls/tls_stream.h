#pragma once

// A TLS client session driven over a non-blocking socket through memory
// BIOs: OpenSSL never touches the socket itself, so every wait is a poll()
// bounded by the Deadline, and every send uses MSG_NOSIGNAL (a vanished peer
// never raises SIGPIPE). Internal to tls/; owned by a Connection.

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "common/deadline.h"
#include "common/result.h"
#include "tls/openssl_handles.h"

namespace lde::tls {

class TlsStream {
 public:
  // A fresh client session from `ctx`. Errors: kInternal (allocation).
  static Result<std::unique_ptr<TlsStream>> Create(SSL_CTX* ctx);

  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  SSL* ssl() const { return ssl_.get(); }

  // Runs SSL_connect to completion on `fd`. Read, WriteAll and Handshake
  // check the deadline on every pass, so a peer that keeps bytes trickling
  // in still ends them with kTimeout at the deadline.
  // Errors: kTimeout, kTlsHandshake (OpenSSL's reasons), kConnectError (reset).
  std::optional<Error> Handshake(int fd, const Deadline& d);
  // Decrypted bytes; 0 = the peer closed (close_notify or plain EOF).
  Result<std::size_t> Read(int fd, char* buf, std::size_t len, const Deadline& d);
  Result<std::size_t> WriteAll(int fd, std::string_view data, const Deadline& d);
  // Best effort, never waits: queue close_notify and try one send.
  void SendCloseNotify(int fd) noexcept;

 private:
  TlsStream(SslPtr ssl, BIO* rbio, BIO* wbio) : ssl_(std::move(ssl)), rbio_(rbio), wbio_(wbio) {}

  // Sends everything OpenSSL has queued in the write BIO.
  std::optional<Error> Flush(int fd, const Deadline& d);
  // One recv() into the read BIO; false at EOF (then the BIO reports EOF too).
  Result<bool> Fill(int fd, const Deadline& d);

  SslPtr ssl_;
  BIO* rbio_;  // owned by ssl_
  BIO* wbio_;  // owned by ssl_
  bool peer_eof_ = false;
};

}  // namespace lde::tls
