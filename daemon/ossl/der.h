#pragma once

#include <openssl/x509.h>

#include "model/observations.h"

namespace lde::ossl {

// Encodes a certificate as DER; empty on failure (a certificate is never
// empty, so callers test .empty()).
model::Der ToDer(const X509* cert);

}  // namespace lde::ossl
