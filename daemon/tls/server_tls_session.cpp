#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ossl/errors.h"
#include "tls/openssl_handles.h"
#include "tls/server_tls.h"
#include "tls/server_tls_impl.h"
#include "tls/socket_io.h"

namespace lde::tls {
namespace {

using GeneralNamesPtr = ossl::OsslPtr<GENERAL_NAMES, GENERAL_NAMES_free>;

// At most this many of the client's SANs are quoted in an error.
constexpr std::size_t kMaxQuotedSans = 8;

enum class Phase { kHandshake, kRead, kWrite };

const char* During(Phase phase) {
  switch (phase) {
    case Phase::kHandshake:
      return "during the TLS handshake";
    case Phase::kRead:
      return "during a TLS read";
    case Phase::kWrite:
      return "during a TLS write";
  }
  return "";
}

// How a call that did not succeed ended.
struct Outcome {
  TlsIo state = TlsIo::kFailed;
  std::string error;   // for kFailed
  bool fatal = false;  // OpenSSL gave up: SSL_shutdown must not be called (SSL_get_error(3))
};

Outcome PeerEof(Phase phase) {
  if (phase == Phase::kRead) return {TlsIo::kClosed, "", true};
  return {TlsIo::kFailed, std::string("peer closed the connection ") + During(phase), true};
}

bool QueueHolds(int reason) {
  for (unsigned long code : {ERR_peek_error(), ERR_peek_last_error()}) {
    if (code != 0 && ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) == reason) return true;
  }
  return false;
}

// Maps SSL_get_error for a call that returned `rc` != 1 and empties the error
// queue, so nothing reaches the next session served by this thread.
Outcome Classify(SSL* ssl, int rc, int saved_errno, Phase phase) {
  const int code = SSL_get_error(ssl, rc);
  switch (code) {
    case SSL_ERROR_WANT_READ:
      ERR_clear_error();
      return {TlsIo::kWantRead, {}, false};
    case SSL_ERROR_WANT_WRITE:
      ERR_clear_error();
      return {TlsIo::kWantWrite, {}, false};
    case SSL_ERROR_ZERO_RETURN:  // close_notify
      ERR_clear_error();
      if (phase == Phase::kRead) return {TlsIo::kClosed, {}, false};
      return {TlsIo::kFailed, std::string("peer sent close_notify ") + During(phase)};
    case SSL_ERROR_SYSCALL: {
      std::string reasons = ossl::DrainOpenSslErrors();
      if (saved_errno == 0 && reasons.empty()) return PeerEof(phase);
      return {TlsIo::kFailed,
              std::string("socket error ") + During(phase) + ": " +
                  (saved_errno != 0 ? ErrnoText(saved_errno) : reasons),
              true};
    }
    case SSL_ERROR_SSL: {
      // OpenSSL 3 reports a TCP EOF without close_notify this way.
      if (QueueHolds(SSL_R_UNEXPECTED_EOF_WHILE_READING)) {
        ERR_clear_error();
        return PeerEof(phase);
      }
      const bool verify_failed = QueueHolds(SSL_R_CERTIFICATE_VERIFY_FAILED);
      std::string why = ossl::DrainOpenSslErrors();
      if (verify_failed) {
        why += std::string(" (client certificate: ") +
               X509_verify_cert_error_string(SSL_get_verify_result(ssl)) + ")";
      }
      if (why.empty()) why = "no reason given";
      return {TlsIo::kFailed, std::string("TLS error ") + During(phase) + ": " + why, true};
    }
    default:
      return {TlsIo::kFailed,
              std::string("TLS error ") + During(phase) + ": SSL_get_error " + std::to_string(code) + " " +
                  ossl::DrainOpenSslErrors(),
              true};
  }
}

// The textual IP as Go's net.IP.String writes it (an IPv4-mapped IPv6
// address as dotted IPv4); empty for a malformed length.
std::string IpText(const ASN1_OCTET_STRING* ip) {
  const unsigned char* bytes = ASN1_STRING_get0_data(ip);
  const int len = ASN1_STRING_length(ip);
  static constexpr unsigned char kV4MappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char text[INET6_ADDRSTRLEN] = {};
  if (len == 4) {
    if (inet_ntop(AF_INET, bytes, text, sizeof(text)) == nullptr) return "";
  } else if (len == 16 && std::equal(bytes, bytes + 12, kV4MappedPrefix)) {
    if (inet_ntop(AF_INET, bytes + 12, text, sizeof(text)) == nullptr) return "";
  } else if (len == 16) {
    if (inet_ntop(AF_INET6, bytes, text, sizeof(text)) == nullptr) return "";
  }
  return text;
}

// DNS, e-mail, URI (as written) and IP subjectAltNames (RFC 5280 4.2.1.6),
// the kinds exporter-toolkit compares client_allowed_sans against.
std::vector<std::string> SubjectAltNames(X509* cert) {
  std::vector<std::string> out;
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    switch (name->type) {
      case GEN_DNS:
      case GEN_EMAIL:
      case GEN_URI:
        out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.ia5)),
                         static_cast<std::size_t>(ASN1_STRING_length(name->d.ia5)));
        break;
      case GEN_IPADD:
        if (std::string ip = IpText(name->d.iPAddress); !ip.empty()) out.push_back(std::move(ip));
        break;
      default:
        break;
    }
  }
  return out;
}

// For an error line: printable ASCII only, since a SAN is the peer's choice.
std::string Printable(const std::string& text) {
  std::string out = text.substr(0, 128);
  for (char& c : out) {
    if (c < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::optional<std::string> CheckAllowedSans(SSL* ssl, const std::vector<std::string>& allowed) {
  if (allowed.empty()) return std::nullopt;
  X509* leaf = SSL_get0_peer_certificate(ssl);
  if (leaf == nullptr) return "client sent no certificate, but client_allowed_sans is set";
  const std::vector<std::string> sans = SubjectAltNames(leaf);
  ERR_clear_error();
  for (const std::string& san : sans) {
    if (std::find(allowed.begin(), allowed.end(), san) != allowed.end()) return std::nullopt;
  }
  std::string found;
  for (std::size_t i = 0; i < sans.size() && i < kMaxQuotedSans; ++i) {
    found += (found.empty() ? "\"" : ", \"") + Printable(sans[i]) + "\"";
  }
  return "client certificate has none of the SANs in client_allowed_sans (it has: " +
         (found.empty() ? std::string("none") : found) + ")";
}

}  // namespace

struct ServerTlsSession::State {
  std::shared_ptr<const ServerTlsContext> context;
  SslPtr ssl;
  bool established = false;  // handshake done and client_allowed_sans passed
  bool failed = false;       // a call returned kFailed: no more I/O
  bool fatal = false;        // OpenSSL gave up on the connection
  bool shutdown_sent = false;

  TlsIoResult Settle(Outcome outcome, std::string& error) {
    fatal = fatal || outcome.fatal;
    if (outcome.state == TlsIo::kFailed) {
      failed = true;
      error = std::move(outcome.error);
    }
    return {outcome.state, 0};
  }
  TlsIoResult Refuse(std::string why, std::string& error) {
    if (!failed) error = std::move(why);
    failed = true;
    return {TlsIo::kFailed, 0};
  }
};

ServerTlsSession::ServerTlsSession(std::shared_ptr<const ServerTlsContext> context, int fd)
    : state_(std::make_unique<State>()) {
  ERR_clear_error();
  state_->context = std::move(context);
  if (!state_->context) {
    state_->Refuse("no TLS context", error_);
    return;
  }
  state_->ssl.reset(SSL_new(state_->context->impl().ctx.get()));
  if (!state_->ssl || SSL_set_fd(state_->ssl.get(), fd) != 1) {
    state_->Refuse("cannot create a TLS session: " + ossl::DrainOpenSslErrors(), error_);
    state_->fatal = true;
    return;
  }
  SSL_set_accept_state(state_->ssl.get());
}

ServerTlsSession::~ServerTlsSession() = default;

TlsIoResult ServerTlsSession::Handshake() {
  State& s = *state_;
  if (s.failed) return {TlsIo::kFailed, 0};
  if (s.established) return {TlsIo::kDone, 0};
  ERR_clear_error();  // SSL_get_error reads the queue: start from an empty one
  errno = 0;
  const int rc = SSL_do_handshake(s.ssl.get());
  const int saved_errno = errno;
  if (rc != 1) return s.Settle(Classify(s.ssl.get(), rc, saved_errno, Phase::kHandshake), error_);
  ERR_clear_error();
  if (auto why = CheckAllowedSans(s.ssl.get(), s.context->impl().allowed_sans)) {
    return s.Refuse(std::move(*why), error_);
  }
  s.established = true;
  return {TlsIo::kDone, 0};
}

TlsIoResult ServerTlsSession::Read(char* buf, std::size_t len) {
  State& s = *state_;
  // SSL_read would run the handshake itself and skip client_allowed_sans.
  if (!s.established || s.failed) return s.Refuse("read before the TLS handshake completed", error_);
  if (len == 0) return s.Refuse("read into an empty buffer", error_);
  ERR_clear_error();
  errno = 0;
  std::size_t n = 0;
  const int rc = SSL_read_ex(s.ssl.get(), buf, len, &n);
  const int saved_errno = errno;
  if (rc == 1) {
    ERR_clear_error();
    return {TlsIo::kDone, n};
  }
  return s.Settle(Classify(s.ssl.get(), rc, saved_errno, Phase::kRead), error_);
}

TlsIoResult ServerTlsSession::Write(const char* buf, std::size_t len) {
  State& s = *state_;
  if (!s.established || s.failed) return s.Refuse("write before the TLS handshake completed", error_);
  if (len == 0) return {TlsIo::kDone, 0};  // SSL_write_ex(3): a zero length is an error
  ERR_clear_error();
  errno = 0;
  std::size_t n = 0;
  const int rc = SSL_write_ex(s.ssl.get(), buf, len, &n);
  const int saved_errno = errno;
  if (rc == 1) {
    ERR_clear_error();
    return {TlsIo::kDone, n};
  }
  return s.Settle(Classify(s.ssl.get(), rc, saved_errno, Phase::kWrite), error_);
}

void ServerTlsSession::Shutdown() {
  State& s = *state_;
  if (s.fatal || s.shutdown_sent || !s.ssl || SSL_is_init_finished(s.ssl.get()) != 1) return;
  s.shutdown_sent = true;
  ERR_clear_error();
  (void)SSL_shutdown(s.ssl.get());
  ERR_clear_error();
}

std::string ServerTlsSession::protocol() const {
  return state_->ssl ? SSL_get_version(state_->ssl.get()) : "";
}

}  // namespace lde::tls
