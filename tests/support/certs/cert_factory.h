#pragma once

// Mints X.509 certificates for tests: roots, intermediates and leaves with
// chosen dates, names, key types, digests and AIA/CRL URLs. Test support only:
// failures throw std::runtime_error (a test that cannot mint should fail loudly).
// Thread-safe: every call builds its own OpenSSL objects.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/observations.h"

namespace lde::testing {

struct CertSpec {
  std::string common_name;
  std::vector<std::string> dns_names;      // SAN DNS
  std::vector<std::string> ip_addresses;   // SAN IP
  std::optional<lde::SysTime> not_before;  // default: now - 1 day
  std::optional<lde::SysTime> not_after;   // default: now + 90 days
  bool is_ca = false;                      // basicConstraints CA:TRUE + keyCertSign
  // Weak ones (RSA-512, P-192, DSA) for policy tests; OpenSSL still makes them.
  enum class Key {
    kEcP256,
    kRsa2048,
    kRsa1024,
    kRsa512,
    kEcP192,
    kEcP384,
    kDsa1024,
    kEd25519
  } key = Key::kEcP256;
  std::string digest = "sha256";  // "sha1"/"md5" for weak-signature tests; ignored for Ed25519 issuers
  bool server_auth_eku = true;    // only for non-CA certs
  bool ocsp_signing_eku = false;  // non-CA: a delegated OCSP responder (RFC 6960 4.2.2.2)
  std::vector<std::string> ca_issuer_urls;  // AIA caIssuers
  std::vector<std::string> ocsp_urls;       // AIA OCSP
  std::vector<std::string> crl_urls;        // CRL distribution points
  // PKCS#8 PEM of a key to certify instead of generating one of kind `key`:
  // load benchmarks mint thousands of distinct certificates, and RSA key
  // generation (tens of ms each) would dominate their set-up.
  std::string reuse_key_pem;
};

struct MintedCert {
  lde::model::Der der;
  std::string pem;      // certificate PEM
  std::string key_pem;  // PKCS#8 private key PEM
};

// A root: subject == issuer, signed by its own key.
MintedCert MintSelfSigned(const CertSpec& spec);
// Issued (signed) by `issuer`, whose key_pem must hold its private key.
MintedCert MintSigned(const CertSpec& spec, const MintedCert& issuer);
// The certificates' PEMs, concatenated in the given order.
std::string PemBundle(const std::vector<const MintedCert*>& certs);

// A root and `intermediates` CAs under it, each issued by the one before it:
// [0] is the root ("<prefix> Root CA"), [i] is "<prefix> CA i". Long chains
// for the chain-length budgets.
std::vector<MintedCert> MintCaChain(const std::string& name_prefix, int intermediates);

// A ready-made three-level PKI: root -> intermediate -> leaf for `host`
// (CN = host, plus SAN DNS, or SAN IP when `host` is an IP literal). Names are
// "<prefix> Root CA" and "<prefix> Intermediate CA". Dates relative to `now`
// (the wall clock if omitted): CAs now - 1 day .. now + 10 years, the leaf
// now - 1 day .. now + 90 days.
struct TestPki {
  MintedCert root, intermediate, leaf;
};
TestPki MakePki(const std::string& name_prefix, const std::string& host);
TestPki MakePki(const std::string& name_prefix, const std::string& host, lde::SysTime now);

}  // namespace lde::testing
