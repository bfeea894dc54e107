#include "support/servers/server_tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "support/certs/openssl_test_handles.h"

namespace lde::testing::detail {
namespace {

struct BioFree {
  void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const noexcept { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};

[[noreturn]] void Throw(const std::string& what) { ThrowOpenSslError("TlsTestServer", what); }

std::unique_ptr<BIO, BioFree> MemBio(const std::string& text) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) Throw("BIO_new_mem_buf");
  return bio;
}

// Staples the configured bytes as they are: the client under test records a
// staple, it does not judge it.
int StapleCallback(SSL* ssl, void* arg) {
  const auto* staple = static_cast<const std::string*>(arg);
  if (staple->empty()) return SSL_TLSEXT_ERR_NOACK;
  auto* copy = static_cast<unsigned char*>(OPENSSL_malloc(staple->size()));
  if (copy == nullptr) return SSL_TLSEXT_ERR_NOACK;
  std::memcpy(copy, staple->data(), staple->size());
  SSL_set_tlsext_status_ocsp_resp(ssl, copy, static_cast<long>(staple->size()));  // takes ownership
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

ServerCtxPtr MakeServerContext(const TlsTestServerOptions& options) {
  ServerCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) Throw("SSL_CTX_new");
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_VERSION);
  if (options.max_tls12) SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(ctx.get(), "ALL:@SECLEVEL=0");
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_NO_AUTO_CHAIN);  // serve the chain exactly as given

  auto chain_bio = MemBio(options.cert_chain_pem);
  bool first = true;
  for (int i = 0; i < 64; ++i) {
    std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(chain_bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    if (first) {
      if (SSL_CTX_use_certificate(ctx.get(), cert.get()) != 1) Throw("SSL_CTX_use_certificate");
      first = false;
    } else if (SSL_CTX_add1_chain_cert(ctx.get(), cert.get()) != 1) {
      Throw("SSL_CTX_add1_chain_cert");
    }
  }
  ERR_clear_error();  // the PEM loop ends on a "no start line" error
  if (first) Throw("cert_chain_pem holds no certificate");

  auto key_bio = MemBio(options.key_pem);
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!key) Throw("key_pem holds no private key");
  if (SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1) Throw("SSL_CTX_use_PrivateKey");
  if (SSL_CTX_check_private_key(ctx.get()) != 1) Throw("key does not match the leaf");

  SSL_CTX_set_tlsext_status_cb(ctx.get(), StapleCallback);
  SSL_CTX_set_tlsext_status_arg(ctx.get(), const_cast<std::string*>(&options.ocsp_staple));
  return ctx;
}

}  // namespace lde::testing::detail
