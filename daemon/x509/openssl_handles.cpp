#include "x509/openssl_handles.h"

#include <openssl/err.h>

#include <limits>

namespace lde::x509 {

X509Ptr ParseDer(const unsigned char* data, std::size_t size) {
  if (data == nullptr || size == 0 ||
      size > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
    return nullptr;
  }
  const unsigned char* p = data;
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(size)));
  if (cert && p != data + size) return nullptr;
  return cert;
}

model::Der ToDer(const X509* cert) {
  unsigned char* buf = nullptr;
  int len = i2d_X509(cert, &buf);
  if (len <= 0) return {};
  model::Der der(buf, buf + len);
  OPENSSL_free(buf);
  return der;
}

std::string DrainOpenSslErrors() {
  std::string text;
  char buf[256];
  while (unsigned long e = ERR_get_error()) {
    ERR_error_string_n(e, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text;
}

}  // namespace lde::x509
