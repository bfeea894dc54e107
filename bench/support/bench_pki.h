#pragma once

// Certificates for the benchmarks, minted at run time with the test
// certificate factory. No AIA/OCSP/CRL URLs: a benchmark must never make the
// prober fetch anything from outside the loopback.

#include <string>

#include "common/clock.h"
#include "support/certs/cert_factory.h"

namespace lde::bench {

// root -> intermediate -> leaf for `host` (SAN DNS = host), all with `key`.
// RSA 2048 is what most public Lync/Skype edges present; EC P-256 is cheaper
// to sign and dearer to verify, so both are worth measuring.
struct BenchPki {
  lde::testing::MintedCert root;
  lde::testing::MintedCert intermediate;
  lde::testing::MintedCert leaf;
};

BenchPki MakeBenchPki(const std::string& host, lde::testing::CertSpec::Key key, SysTime now);

// "rsa" -> kRsa2048, "ec" -> kEcP256; false for anything else.
bool ParseKeyName(const std::string& name, lde::testing::CertSpec::Key* key);
const char* KeyName(lde::testing::CertSpec::Key key);

}  // namespace lde::bench
