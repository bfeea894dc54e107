#include "tls/server_tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "ossl/errors.h"
#include "tls/openssl_handles.h"
#include "tls/server_tls_impl.h"
#include "tls/server_tls_names.h"
#include "tls/socket_io.h"

namespace lde::tls {
namespace {

using PkeyPtr = ossl::OsslPtr<EVP_PKEY, EVP_PKEY_free>;

// A CA bundle holds a few hundred certificates at most (rule 8: bound it).
constexpr int kMaxPemCertificates = 1000;
constexpr std::size_t kMaxInlinePem = 16 * 1024 * 1024;
// Sessions resumed with a client certificate need an ID context, or OpenSSL
// refuses the resumption (SSL_CTX_set_session_id_context(3)).
constexpr unsigned char kSessionIdContext[] = "lyncdiscover_exporter web";

// Where one PEM setting comes from: a file or inline text.
struct PemSource {
  std::string setting;  // "tls_server_config.cert_file" or "tls_server_config.cert"
  std::string path;     // empty when inline
  const std::string* pem = nullptr;

  // Never the inline text itself: `key` is a secret.
  std::string Describe() const { return path.empty() ? setting : setting + " \"" + path + "\""; }
};

Error ConfigError(const std::string& where, const std::string& what) {
  return MakeError(ErrorKind::kConfig, where + ": " + what);
}

// `name` is the YAML key without "_file". nullopt when neither is set.
Result<std::optional<PemSource>> PickSource(const std::string& name, const std::string& file,
                                            const std::string& pem) {
  const std::string prefix = "tls_server_config.";
  if (!file.empty() && !pem.empty()) {
    return ConfigError(prefix + name, "set either " + name + " or " + name + "_file, not both");
  }
  if (!file.empty()) return std::optional<PemSource>(PemSource{prefix + name + "_file", file, nullptr});
  if (!pem.empty()) return std::optional<PemSource>(PemSource{prefix + name, "", &pem});
  return std::optional<PemSource>();
}

// The errno of the failed fopen() as text, else OpenSSL's reasons; drains the queue.
std::string OpenFailureText() {
  const unsigned long code = ERR_peek_error();
  if (code != 0 && ERR_SYSTEM_ERROR(code)) {
    const int err = ERR_GET_REASON(code);
    (void)ossl::DrainOpenSslErrors();
    return ErrnoText(err);
  }
  return ossl::DrainOpenSslErrors();
}

Result<ossl::BioPtr> OpenPem(const PemSource& source) {
  if (!source.path.empty()) {
    ossl::BioPtr bio(BIO_new_file(source.path.c_str(), "r"));
    if (!bio) return ConfigError(source.Describe(), OpenFailureText());
    return bio;
  }
  if (source.pem->size() > kMaxInlinePem) return ConfigError(source.Describe(), "inline PEM is too large");
  ossl::BioPtr bio(BIO_new_mem_buf(source.pem->data(), static_cast<int>(source.pem->size())));
  if (!bio) return MakeError(ErrorKind::kInternal, "BIO_new_mem_buf: " + ossl::DrainOpenSslErrors());
  return bio;
}

// Keys are read without a passphrase: OpenSSL's default callback would
// prompt on the terminal and stall the daemon (Go refuses encrypted keys too).
int RefusePassphrase(char*, int, int, void*) { return -1; }

Result<std::vector<ossl::X509Ptr>> ReadCertificates(const PemSource& source) {
  auto bio = OpenPem(source);
  if (!bio.ok()) return bio.error();
  std::vector<ossl::X509Ptr> certs;
  for (;;) {
    ossl::X509Ptr cert(PEM_read_bio_X509(bio.value().get(), nullptr, RefusePassphrase, nullptr));
    if (!cert) break;
    if (certs.size() == kMaxPemCertificates) return ConfigError(source.Describe(), "too many certificates");
    certs.push_back(std::move(cert));
  }
  // The loop ends with PEM_R_NO_START_LINE at the end of the input; anything
  // else (a damaged block) is an error.
  const unsigned long last = ERR_peek_last_error();
  if (certs.empty() || ERR_GET_LIB(last) != ERR_LIB_PEM || ERR_GET_REASON(last) != PEM_R_NO_START_LINE) {
    const std::string reasons = ossl::DrainOpenSslErrors();
    if (certs.empty()) return ConfigError(source.Describe(), "holds no PEM certificate (" + reasons + ")");
    return ConfigError(source.Describe(), "cannot read a certificate: " + reasons);
  }
  ERR_clear_error();
  return certs;
}

Result<PkeyPtr> ReadPrivateKey(const PemSource& source) {
  auto bio = OpenPem(source);
  if (!bio.ok()) return bio.error();
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.value().get(), nullptr, RefusePassphrase, nullptr));
  if (!key) {
    return ConfigError(source.Describe(),
                       "holds no unencrypted PEM private key (" + ossl::DrainOpenSslErrors() + ")");
  }
  return key;
}

std::optional<Error> LoadCertificateAndKey(SSL_CTX* ctx, const PemSource& cert_source,
                                           const PemSource& key_source) {
  auto certs = ReadCertificates(cert_source);
  if (!certs.ok()) return certs.error();
  auto key = ReadPrivateKey(key_source);
  if (!key.ok()) return key.error();
  X509* leaf = certs.value().front().get();
  if (X509_check_private_key(leaf, key.value().get()) != 1) {
    (void)ossl::DrainOpenSslErrors();
    return ConfigError(key_source.Describe(),
                       "certificate and key do not match (certificate from " + cert_source.Describe() + ")");
  }
  if (SSL_CTX_use_certificate(ctx, leaf) != 1) {
    return ConfigError(cert_source.Describe(), "certificate refused: " + ossl::DrainOpenSslErrors());
  }
  for (std::size_t i = 1; i < certs.value().size(); ++i) {
    if (SSL_CTX_add1_chain_cert(ctx, certs.value()[i].get()) != 1) {
      return ConfigError(cert_source.Describe(), "chain certificate refused: " + ossl::DrainOpenSslErrors());
    }
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.value().get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    return ConfigError(key_source.Describe(),
                       "certificate and key do not match: " + ossl::DrainOpenSslErrors());
  }
  return std::nullopt;
}

// The CAs go both into the verify store and into the CertificateRequest's
// certificate_authorities list (RFC 8446 4.2.4), as Go's ClientCAs does.
std::optional<Error> LoadClientCas(SSL_CTX* ctx, const PemSource& source) {
  auto certs = ReadCertificates(source);
  if (!certs.ok()) return certs.error();
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  for (const ossl::X509Ptr& cert : certs.value()) {
    if (X509_STORE_add_cert(store, cert.get()) != 1 || SSL_CTX_add_client_CA(ctx, cert.get()) != 1) {
      return ConfigError(source.Describe(), "CA certificate refused: " + ossl::DrainOpenSslErrors());
    }
  }
  // Go trusts every certificate in ClientCAs as an anchor, intermediates too.
  X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_PARTIAL_CHAIN);
  return std::nullopt;
}

// RequestClientCert and RequireAnyClientCert take any certificate: OpenSSL
// still checks the chain, this callback just ignores the verdict.
int AcceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

const char* ClientAuthName(model::ClientAuthType type) {
  switch (type) {
    case model::ClientAuthType::kNoClientCert:
      return "NoClientCert";
    case model::ClientAuthType::kRequestClientCert:
      return "RequestClientCert";
    case model::ClientAuthType::kRequireAnyClientCert:
      return "RequireAnyClientCert";
    case model::ClientAuthType::kVerifyClientCertIfGiven:
      return "VerifyClientCertIfGiven";
    case model::ClientAuthType::kRequireAndVerifyClientCert:
      return "RequireAndVerifyClientCert";
  }
  return "?";
}

std::optional<Error> SetClientAuth(SSL_CTX* ctx, model::ClientAuthType type, bool have_client_cas) {
  using model::ClientAuthType;
  const bool verifies =
      type == ClientAuthType::kVerifyClientCertIfGiven || type == ClientAuthType::kRequireAndVerifyClientCert;
  if (verifies && !have_client_cas) {
    // Go would fall back to the system roots; a public CA vouching for
    // scrapers is never what is meant, so refuse instead.
    return ConfigError("tls_server_config.client_ca_file",
                       std::string("required when client_auth_type is ") + ClientAuthName(type));
  }
  switch (type) {
    case ClientAuthType::kNoClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
      break;
    case ClientAuthType::kRequestClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, AcceptAnyCertificate);
      break;
    case ClientAuthType::kRequireAnyClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, AcceptAnyCertificate);
      break;
    case ClientAuthType::kVerifyClientCertIfGiven:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
      break;
    case ClientAuthType::kRequireAndVerifyClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
      break;
  }
  return std::nullopt;
}

int OpenSslVersion(model::TlsVersion version) {
  switch (version) {
    case model::TlsVersion::kTls10:
      return TLS1_VERSION;
    case model::TlsVersion::kTls11:
      return TLS1_1_VERSION;
    case model::TlsVersion::kTls12:
      return TLS1_2_VERSION;
    case model::TlsVersion::kTls13:
      return TLS1_3_VERSION;
  }
  return TLS1_3_VERSION;
}

std::optional<Error> SetVersions(SSL_CTX* ctx, const model::TlsServerConfig& config) {
  const int min = OpenSslVersion(config.min_version);
  const int max = OpenSslVersion(config.max_version);
  if (min > max) return ConfigError("tls_server_config.max_version", "is below min_version");
  if (SSL_CTX_set_min_proto_version(ctx, min) != 1 || SSL_CTX_set_max_proto_version(ctx, max) != 1) {
    return ConfigError("tls_server_config.min_version",
                       "OpenSSL refused the range: " + ossl::DrainOpenSslErrors());
  }
  return std::nullopt;
}

std::optional<Error> Configure(SSL_CTX* ctx, const model::TlsServerConfig& config) {
  // No client-initiated renegotiation (TLS 1.2): a CPU sink and nothing needs it.
  uint64_t options = SSL_OP_NO_RENEGOTIATION;
  if (config.prefer_server_cipher_suites) options |= SSL_OP_CIPHER_SERVER_PREFERENCE;
  SSL_CTX_set_options(ctx, options);
  // MOVING_WRITE_BUFFER: a retried Write may pass the same bytes at a new
  // address (see ServerTlsSession::Write). NO_AUTO_CHAIN: serve the chain
  // exactly as configured, as Go does, never one built from the client CAs.
  SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_NO_AUTO_CHAIN);
  SSL_CTX_set_default_passwd_cb(ctx, RefusePassphrase);
  if (SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof(kSessionIdContext) - 1) != 1) {
    return MakeError(ErrorKind::kInternal, "SSL_CTX_set_session_id_context: " + ossl::DrainOpenSslErrors());
  }

  auto cert = PickSource("cert", config.cert_file, config.cert_pem);
  if (!cert.ok()) return cert.error();
  auto key = PickSource("key", config.key_file, config.key_pem);
  if (!key.ok()) return key.error();
  if (!cert.value()) return ConfigError("tls_server_config.cert_file", "required (or cert)");
  if (!key.value()) return ConfigError("tls_server_config.key_file", "required (or key)");
  if (auto err = LoadCertificateAndKey(ctx, *cert.value(), *key.value())) return err;

  auto client_ca = PickSource("client_ca", config.client_ca_file, config.client_ca_pem);
  if (!client_ca.ok()) return client_ca.error();
  if (client_ca.value()) {
    if (auto err = LoadClientCas(ctx, *client_ca.value())) return err;
  }
  if (auto err = SetClientAuth(ctx, config.client_auth, client_ca.value().has_value())) return err;
  // Ciphers before versions: the honour check must not see the version range.
  if (auto err = ApplyGoCipherSuites(ctx, config.cipher_suites)) return err;
  if (auto err = ApplyGoCurves(ctx, config.curve_preferences)) return err;
  return SetVersions(ctx, config);
}

}  // namespace

ServerTlsContext::ServerTlsContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ServerTlsContext::~ServerTlsContext() = default;

Result<std::shared_ptr<const ServerTlsContext>> ServerTlsContext::Create(
    const model::TlsServerConfig& config) {
  ERR_clear_error();
  auto impl = std::make_unique<Impl>();
  impl->ctx.reset(SSL_CTX_new(TLS_server_method()));
  if (!impl->ctx) return MakeError(ErrorKind::kInternal, "SSL_CTX_new: " + ossl::DrainOpenSslErrors());
  if (auto err = Configure(impl->ctx.get(), config)) {
    ERR_clear_error();
    return *err;
  }
  ERR_clear_error();
  impl->allowed_sans = config.client_allowed_sans;
  return std::shared_ptr<const ServerTlsContext>(new ServerTlsContext(std::move(impl)));
}

}  // namespace lde::tls
