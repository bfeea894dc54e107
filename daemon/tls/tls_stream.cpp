#include "tls/tls_stream.h"

#include <openssl/err.h>
#include <sys/socket.h>

#include <string>

#include "ossl/errors.h"
#include "tls/socket_io.h"

namespace lde::tls {
namespace {

constexpr std::size_t kIoChunk = 16 * 1024;

std::string Reason(const std::string& drained, std::string_view fallback) {
  return drained.empty() ? std::string(fallback) : drained;
}

}  // namespace

Result<std::unique_ptr<TlsStream>> TlsStream::Create(SSL_CTX* ctx) {
  SslPtr ssl(SSL_new(ctx));
  BIO* rbio = BIO_new(BIO_s_mem());
  BIO* wbio = BIO_new(BIO_s_mem());
  if (!ssl || rbio == nullptr || wbio == nullptr) {
    BIO_free(rbio);
    BIO_free(wbio);
    return MakeError(ErrorKind::kInternal, "cannot create TLS session: " + ossl::DrainOpenSslErrors());
  }
  // Empty read BIO = "retry later", not EOF, until the socket really ends.
  BIO_set_mem_eof_return(rbio, -1);
  SSL_set_bio(ssl.get(), rbio, wbio);  // ssl now owns both
  return std::unique_ptr<TlsStream>(new TlsStream(std::move(ssl), rbio, wbio));
}

std::optional<Error> TlsStream::Flush(int fd, const Deadline& d) {
  char buf[kIoChunk];
  while (BIO_ctrl_pending(wbio_) > 0) {
    int n = BIO_read(wbio_, buf, sizeof(buf));
    if (n <= 0) break;
    auto sent = SendAll(fd, std::string_view(buf, static_cast<std::size_t>(n)), d);
    if (!sent.ok()) return sent.error();
  }
  return std::nullopt;
}

Result<bool> TlsStream::Fill(int fd, const Deadline& d) {
  char buf[kIoChunk];
  auto got = RecvSome(fd, buf, sizeof(buf), d);
  if (!got.ok()) return got.error();
  if (got.value() == 0) {
    peer_eof_ = true;
    BIO_set_mem_eof_return(rbio_, 0);
    return false;
  }
  BIO_write(rbio_, buf, static_cast<int>(got.value()));
  return true;
}

// Every loop below ends by the deadline, checked on each pass: a peer that
// feeds the handshake or a record one byte per TCP segment keeps every recv
// busy (none would block), so a check only before blocking would never run,
// and no count of passes tells a slow peer from a hostile one. (With memory
// BIOs, WANT_WRITE cannot repeat: Flush empties the write BIO every pass.)
std::optional<Error> TlsStream::Handshake(int fd, const Deadline& d) {
  for (;;) {
    if (d.Expired()) return MakeError(ErrorKind::kTimeout, "timed out during the TLS handshake");
    ERR_clear_error();
    int rc = SSL_connect(ssl_.get());
    int ssl_error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), rc);
    // Send what the handshake produced (ClientHello, Finished, or the alert
    // explaining a failure) before judging the result.
    auto flush_error = Flush(fd, d);
    if (rc == 1) return flush_error;
    if (ssl_error == SSL_ERROR_WANT_WRITE) continue;
    if (ssl_error != SSL_ERROR_WANT_READ) {
      return MakeError(ErrorKind::kTlsHandshake,
                       Reason(ossl::DrainOpenSslErrors(),
                              "handshake failed (SSL_get_error " + std::to_string(ssl_error) + ")"));
    }
    if (flush_error) return flush_error;
    auto filled = Fill(fd, d);
    if (!filled.ok()) {
      Error e = filled.error();
      e.detail = e.kind == ErrorKind::kTimeout ? "timed out during the TLS handshake"
                                               : "during the TLS handshake: " + e.detail;
      return e;
    }
    if (!filled.value()) {
      return MakeError(ErrorKind::kTlsHandshake, "peer closed the connection during the TLS handshake");
    }
  }
}

Result<std::size_t> TlsStream::Read(int fd, char* buf, std::size_t len, const Deadline& d) {
  for (;;) {
    if (d.Expired()) return MakeError(ErrorKind::kTimeout, "timed out waiting for data from the peer");
    ERR_clear_error();
    std::size_t n = 0;
    int rc = SSL_read_ex(ssl_.get(), buf, len, &n);
    int ssl_error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), rc);
    // Reading can queue records to send (TLS 1.3 KeyUpdate replies, alerts).
    auto flush_error = Flush(fd, d);
    if (rc == 1) return n;
    switch (ssl_error) {
      case SSL_ERROR_ZERO_RETURN:
        return std::size_t{0};
      case SSL_ERROR_WANT_WRITE:
        continue;
      case SSL_ERROR_WANT_READ: {
        if (flush_error) return *flush_error;
        if (peer_eof_) return MakeError(ErrorKind::kConnectError, "peer closed mid TLS record");
        auto filled = Fill(fd, d);
        if (!filled.ok()) return filled.error();
        continue;  // at EOF the next SSL_read reports it
      }
      default:
        return MakeError(ErrorKind::kConnectError,
                         "TLS read failed: " + Reason(ossl::DrainOpenSslErrors(),
                                                      "SSL_read error " + std::to_string(ssl_error)));
    }
  }
}

Result<std::size_t> TlsStream::WriteAll(int fd, std::string_view data, const Deadline& d) {
  std::size_t done = 0;
  while (done < data.size()) {
    if (d.Expired()) return MakeError(ErrorKind::kTimeout, "timed out sending to the peer");
    ERR_clear_error();
    std::size_t n = 0;
    int rc = SSL_write_ex(ssl_.get(), data.data() + done, data.size() - done, &n);
    int ssl_error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), rc);
    if (auto flush_error = Flush(fd, d)) return *flush_error;
    if (rc == 1) {
      done += n;
      continue;
    }
    if (ssl_error == SSL_ERROR_WANT_WRITE) continue;
    if (ssl_error == SSL_ERROR_WANT_READ) {  // the peer is renegotiating (TLS 1.2)
      auto filled = Fill(fd, d);
      if (!filled.ok()) return filled.error();
      if (!filled.value()) return MakeError(ErrorKind::kConnectError, "peer closed during a TLS write");
      continue;
    }
    return MakeError(ErrorKind::kConnectError,
                     "TLS write failed: " +
                         Reason(ossl::DrainOpenSslErrors(), "SSL_write error " + std::to_string(ssl_error)));
  }
  return done;
}

void TlsStream::SendCloseNotify(int fd) noexcept {
  if (SSL_is_init_finished(ssl_.get()) && !peer_eof_) {
    ERR_clear_error();
    SSL_shutdown(ssl_.get());
    char buf[256];
    int n = BIO_read(wbio_, buf, sizeof(buf));
    if (n > 0) (void)::send(fd, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  ERR_clear_error();
}

}  // namespace lde::tls
