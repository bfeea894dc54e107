#pragma once

// The public API of tls/: a TCP connection to one numeric address, and the TLS
// capture step that upgrades it. Both the TLS capture and the HTTP request run
// over the same Connection, so they see the same server behind a pool.
//
// Observe, then judge: StartTls verifies nothing (SSL_VERIFY_NONE), so a
// broken or untrusted chain is captured rather than lost; x509/ and analysis/
// verify it offline against each trust store.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/deadline.h"
#include "common/result.h"
#include "model/budgets.h"
#include "model/observations.h"

namespace lde::tls {

class TlsStream;  // tls/tls_stream.h, internal

// Owns the socket and, after StartTls, the TLS session; closes both on
// destruction. Move-only. Not thread-safe: one thread uses it at a time.
class Connection {
 public:
  // Takes ownership of a connected, non-blocking socket.
  Connection(int fd, Duration connect_time);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads up to `len` bytes (decrypted when TLS). 0 means orderly EOF.
  // Errors: kTimeout, kConnectError (reset, broken TLS record stream).
  Result<std::size_t> Read(char* buf, std::size_t len, const Deadline& d);
  // Writes all of `data`. Errors: kTimeout, kConnectError.
  Result<std::size_t> WriteAll(std::string_view data, const Deadline& d);

  bool is_tls() const { return tls_ != nullptr; }
  int fd() const { return fd_; }
  // Time the TCP connect took (SYN to established).
  Duration connect_time() const { return connect_time_; }

  // Used by StartTls: from now on Read/WriteAll go through `stream`.
  void AttachTls(std::unique_ptr<TlsStream> stream);

 private:
  void Close() noexcept;

  int fd_ = -1;
  Duration connect_time_{};
  std::unique_ptr<TlsStream> tls_;
};

// Connects to endpoint.address:endpoint.port (numeric IPv4 or IPv6, brackets
// and %scope allowed; names are never resolved: resolve once, connect by
// address). Errors: kConnectRefused, kTimeout, kConnectError (with errno text),
// kConfig when the address is not numeric.
Result<Connection> ConnectTcp(const model::Endpoint& endpoint, const Deadline& d);

// At most this many certificates of a presented chain are kept (a bound on
// what a hostile server can make us store); a longer chain is recorded as
// truncated (TlsObservation::chain_truncated), never cut silently.
inline constexpr std::size_t kMaxChainLength = model::budget::kChainCertificates.value;
// The largest Certificate message accepted (SSL_CTX_set_max_cert_list;
// OpenSSL's default is 100 KiB): a leaf with thousands of SANs still yields
// its certificate metrics.
inline constexpr std::size_t kMaxCertificateMessageBytes = model::budget::kCertificateMessageBytes.value;

struct TlsClientOptions {
  std::string sni;  // server_name to send; not sent when empty or an IP literal (RFC 6066 §3)
  bool request_ocsp_staple = true;
};

// Runs a TLS handshake over `conn` (which must be plain TCP); on success the
// connection carries TLS from then on, so the HTTP request goes to the same
// server. TLS 1.0 to 1.3 and any key size are accepted (security level 0): a
// monitor must see what the server offers, weak or not. Sessions are never
// resumed, so the Certificate message is always seen. Thread-safe.
// Errors: kTimeout, kTlsHandshake (with OpenSSL's reasons), kConnectError
// (reset), kInternal (conn is already TLS or closed).
Result<model::TlsObservation> StartTls(Connection& conn, const TlsClientOptions& opts, const Deadline& d);

}  // namespace lde::tls
