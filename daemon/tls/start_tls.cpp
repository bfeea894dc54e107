// StartTls, declared in tls/connection.h.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/ip_literal.h"
#include "ossl/der.h"
#include "ossl/errors.h"
#include "tls/connection.h"
#include "tls/openssl_handles.h"
#include "tls/tls_stream.h"

namespace lde::tls {
namespace {

SslCtxPtr NewClientContext() {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return ctx;
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_VERSION);
  // Level 0 and every cipher with authentication: capture 1024-bit RSA,
  // SHA-1 signatures and TLS 1.0 servers instead of refusing to talk to them.
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_cipher_list(ctx.get(), "ALL:!aNULL:!eNULL:@SECLEVEL=0");
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  // The chain is judged afterwards, against every trust store (analysis/).
  // Without this, libssl still runs X509_verify_cert on every handshake,
  // against the context's empty store, for a result VERIFY_NONE ignores.
  SSL_CTX_set_cert_verify_callback(
      ctx.get(), [](X509_STORE_CTX*, void*) { return 1; }, nullptr);
  // Never resume: a resumed session skips the Certificate message.
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  // IGNORE_UNEXPECTED_EOF: many HTTPS servers close without close_notify;
  // HTTP framing (Content-Length, chunked) already detects truncation.
  // LEGACY_SERVER_CONNECT: still observe servers without RFC 5746 support
  // (OpenSSL 3 refuses them by default).
  SSL_CTX_set_options(ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_LEGACY_SERVER_CONNECT);
  // Observe big certificates too (a 10,000-name SAN list is ~250 KiB, over
  // OpenSSL's 100 KiB default); still a bound on what one peer makes us hold.
  SSL_CTX_set_max_cert_list(ctx.get(), static_cast<long>(kMaxCertificateMessageBytes));
  return ctx;
}

// One context for the process, configured once and never changed after:
// SSL_CTX is safe to share read-only across threads (SSL_new takes a reference).
SSL_CTX* ClientContext() {
  static const SslCtxPtr ctx = NewClientContext();
  return ctx.get();
}

}  // namespace

Result<model::TlsObservation> StartTls(Connection& conn, const TlsClientOptions& opts, const Deadline& d) {
  if (conn.fd() < 0) return MakeError(ErrorKind::kInternal, "StartTls on a closed connection");
  if (conn.is_tls()) return MakeError(ErrorKind::kInternal, "StartTls on a connection that is already TLS");
  SSL_CTX* ctx = ClientContext();
  if (ctx == nullptr) return MakeError(ErrorKind::kInternal, "cannot create the TLS client context");
  ERR_clear_error();

  auto created = TlsStream::Create(ctx);
  if (!created.ok()) return created.error();
  std::unique_ptr<TlsStream> stream = std::move(created).value();
  SSL* ssl = stream->ssl();

  model::TlsObservation obs;
  if (!opts.sni.empty() && !IsIpHost(opts.sni)) {
    if (SSL_set_tlsext_host_name(ssl, opts.sni.c_str()) != 1) {
      return MakeError(ErrorKind::kConfig, "invalid SNI '" + opts.sni + "': " + ossl::DrainOpenSslErrors());
    }
    obs.sni = opts.sni;
  }
  if (opts.request_ocsp_staple) SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);

  const SteadyTime started = d.Now();
  auto failed = stream->Handshake(conn.fd(), d);
  obs.handshake_time = d.Now() - started;
  ossl::DrainOpenSslErrors();  // verification notes etc.: nothing may leak to the next probe
  if (failed) return *failed;

  obs.protocol = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) obs.cipher = SSL_CIPHER_get_name(cipher);
  // Client side: the stack holds the leaf too, in the order the server sent
  // it (the verified chain is a different call, and verification is off).
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl)) {
    const int count = std::min<int>(sk_X509_num(chain), static_cast<int>(kMaxChainLength));
    obs.chain_truncated = sk_X509_num(chain) > count;
    for (int i = 0; i < count; ++i) {
      model::Der der = ossl::ToDer(sk_X509_value(chain, i));
      if (der.empty()) return MakeError(ErrorKind::kCertificateParse, "cannot encode a peer certificate");
      obs.presented_chain.push_back(std::move(der));
    }
  }
  const unsigned char* staple = nullptr;
  long staple_len = SSL_get_tlsext_status_ocsp_resp(ssl, &staple);
  if (staple != nullptr && staple_len > 0) obs.ocsp_staple = model::Der(staple, staple + staple_len);
  obs.connect_time = conn.connect_time();
  conn.AttachTls(std::move(stream));
  return obs;
}

}  // namespace lde::tls
