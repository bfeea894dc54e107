#include "ossl/der.h"

namespace lde::ossl {

model::Der ToDer(const X509* cert) {
  if (cert == nullptr) return {};
  const int len = i2d_X509(cert, nullptr);
  if (len <= 0) return {};
  model::Der der(static_cast<std::size_t>(len));
  unsigned char* out = der.data();
  if (i2d_X509(cert, &out) != len) return {};
  return der;
}

}  // namespace lde::ossl
