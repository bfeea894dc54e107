#pragma once

// The exporter's own TLS listener side (--web.config.file tls_server_config),
// for an event-driven server: every call is non-blocking and says what the
// session waits for next, so one slow client never holds a thread.
// No OpenSSL type appears here; http/ uses it through these classes only.

#include <cstddef>
#include <memory>
#include <string>

#include "common/result.h"
#include "model/web_config.h"

namespace lde::tls {

// An SSL_CTX built once per web config (load) and shared by every session
// accepted while that config is current. Immutable after Create, so it is
// safe to share across threads.
class ServerTlsContext {
 public:
  // Loads the certificate chain and key (file or inline PEM) and checks they
  // match, loads client CAs, maps client_auth_type, versions, cipher suites
  // (Go/IANA names) and curves. Every problem is an ErrorKind::kConfig whose
  // detail names the setting ("tls_server_config.cipher_suites: unknown cipher
  // suite \"X\""); cipher suites OpenSSL cannot honour are errors, never
  // silently dropped.
  // Files and inline PEM are read the same way; the chain is served exactly
  // as given (leaf first). Encrypted keys are refused (never a passphrase
  // prompt). The client CAs are the only trust anchors (no system roots; an
  // intermediate in them is an anchor too, as in Go) and are sent as the
  // acceptable CA list; VerifyClientCertIfGiven and RequireAndVerifyClientCert
  // without client CAs are a kConfig error. TLS 1.3 suite names set the TLS 1.3
  // suites, the others TLS 1.2 and below; each version keeps OpenSSL's
  // defaults when the list names none of its suites.
  static Result<std::shared_ptr<const ServerTlsContext>> Create(const model::TlsServerConfig& config);

  ~ServerTlsContext();
  ServerTlsContext(const ServerTlsContext&) = delete;
  ServerTlsContext& operator=(const ServerTlsContext&) = delete;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit ServerTlsContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What a non-blocking call needs before it can go on.
enum class TlsIo {
  kDone,       // finished (Handshake), or moved `bytes` (Read/Write)
  kWantRead,   // call again when the socket is readable
  kWantWrite,  // call again when the socket is writable
  kClosed,     // the peer closed (close_notify or EOF)
  kFailed,     // protocol or socket error; error() says which
};

struct TlsIoResult {
  TlsIo state = TlsIo::kFailed;
  std::size_t bytes = 0;
};

// One accepted connection. Owns neither the socket nor its closing: the
// caller closes the fd after destroying the session. Not thread-safe (one
// event-loop thread drives it). OpenSSL writes to the fd with write(), so the
// process must ignore SIGPIPE (app/main.cpp does). Every call starts and ends
// with this thread's OpenSSL error queue empty. After kFailed every call
// returns kFailed and error() keeps the first reason.
class ServerTlsSession {
 public:
  // `fd` is a connected, non-blocking socket.
  ServerTlsSession(std::shared_ptr<const ServerTlsContext> context, int fd);
  ~ServerTlsSession();
  ServerTlsSession(const ServerTlsSession&) = delete;
  ServerTlsSession& operator=(const ServerTlsSession&) = delete;

  // Drives the handshake; kDone once it completed and the client certificate
  // (if any) passed client_auth_type and client_allowed_sans. Never kClosed: a
  // peer that closes mid-handshake, or speaks plain HTTP, is kFailed.
  TlsIoResult Handshake();
  // Application data; only after Handshake returned kDone (before, kFailed).
  // Read returns kDone with bytes > 0, or another state with bytes == 0.
  // OpenSSL may hold decrypted bytes the socket no longer signals, so call
  // Read until it returns something other than kDone. kWantWrite is possible
  // (a TLS 1.3 KeyUpdate reply). kClosed for close_notify or a TCP EOF.
  // `len` must be > 0.
  TlsIoResult Read(char* buf, std::size_t len);
  // All or nothing: kDone means all `len` bytes were taken (bytes == len).
  // After kWantWrite or kWantRead (bytes == 0; part of the data may already
  // be on the wire), the next Write must pass the same bytes again (same
  // content and length, the buffer may move), before any other Write; more
  // data goes in a later Write. len == 0 is kDone at once.
  TlsIoResult Write(const char* buf, std::size_t len);
  // Sends close_notify once, best effort (never waits for the peer's);
  // nothing after a fatal error or before the handshake completed.
  void Shutdown();

  // Why the session failed: the first kFailed's reason, OpenSSL's queue
  // drained into text.
  const std::string& error() const { return error_; }
  // "TLSv1.3" etc. after the handshake, for logs.
  std::string protocol() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string error_;
};

}  // namespace lde::tls
