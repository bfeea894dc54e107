#include "support/bench_pki.h"

namespace lde::bench {

using lde::testing::CertSpec;

BenchPki MakeBenchPki(const std::string& host, CertSpec::Key key, SysTime now) {
  const auto day = std::chrono::hours(24);
  BenchPki pki;
  CertSpec root;
  root.common_name = "Bench Root CA";
  root.is_ca = true;
  root.key = key;
  root.not_before = now - day;
  root.not_after = now + 3650 * day;
  pki.root = lde::testing::MintSelfSigned(root);

  CertSpec inter = root;
  inter.common_name = "Bench Issuing CA";
  pki.intermediate = lde::testing::MintSigned(inter, pki.root);

  CertSpec leaf;
  leaf.common_name = host;
  leaf.dns_names = {host, "www." + host};
  leaf.key = key;
  leaf.not_before = now - day;
  leaf.not_after = now + 90 * day;
  pki.leaf = lde::testing::MintSigned(leaf, pki.intermediate);
  return pki;
}

bool ParseKeyName(const std::string& name, CertSpec::Key* key) {
  if (name == "rsa") {
    *key = CertSpec::Key::kRsa2048;
  } else if (name == "ec") {
    *key = CertSpec::Key::kEcP256;
  } else {
    return false;
  }
  return true;
}

const char* KeyName(CertSpec::Key key) {
  switch (key) {
    case CertSpec::Key::kRsa2048:
      return "rsa2048";
    case CertSpec::Key::kEcP256:
      return "ec-p256";
    case CertSpec::Key::kRsa1024:
      return "rsa1024";
    default:  // the factory's weak keys, for policy tests: never benchmarked
      return "other";
  }
}

}  // namespace lde::bench
