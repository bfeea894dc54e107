#include "daemon/farm.h"

#include <cstdio>

namespace lde::bench {
namespace {

using lde::testing::CertSpec;
using lde::testing::MintedCert;

constexpr auto kDay = std::chrono::hours(24);

MintedCert MintRoot(CertSpec::Key key, const std::string& name, SysTime now) {
  CertSpec root;
  root.common_name = name;
  root.is_ca = true;
  root.key = key;
  root.not_before = now - kDay;
  root.not_after = now + 3650 * kDay;
  return lde::testing::MintSelfSigned(root);
}

CertSpec::Key KeyOf(KeyMix mix, int index) {
  if (mix == KeyMix::kEc) return CertSpec::Key::kEcP256;
  if (mix == KeyMix::kRsa) return CertSpec::Key::kRsa2048;
  return index % 2 == 0 ? CertSpec::Key::kEcP256 : CertSpec::Key::kRsa2048;
}

}  // namespace

Farm MintFarm(const FarmSpec& spec, SysTime now) {
  const auto started = std::chrono::steady_clock::now();
  Farm farm;
  const bool any_ec = spec.mix != KeyMix::kRsa;
  const bool any_rsa = spec.mix != KeyMix::kEc;
  MintedCert ec_root, rsa_root;
  if (any_ec) {
    ec_root = MintRoot(CertSpec::Key::kEcP256, "Bench EC Root CA", now);
    farm.roots_pem += ec_root.pem;
  }
  std::vector<std::string> rsa_keys;
  if (any_rsa) {
    rsa_root = MintRoot(CertSpec::Key::kRsa2048, "Bench RSA Root CA", now);
    farm.roots_pem += rsa_root.pem;
    // The pool's keys come from throw-away self-signed certificates: the
    // factory's only way to make a key.
    for (int i = 0; i < spec.rsa_key_pool; ++i) {
      rsa_keys.push_back(MintRoot(CertSpec::Key::kRsa2048, "key pool", now).key_pem);
    }
  }

  std::vector<MintedCert> ec_issuers, rsa_issuers;  // with spec.issuing_cas > 0
  for (int i = 0; i < spec.targets; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "site%05d", i);
    FarmTarget t;
    t.name = name;
    t.host = t.name + ".bench.test";
    t.key = KeyOf(spec.mix, i);
    const bool rsa = t.key == CertSpec::Key::kRsa2048;
    // RSA certificates take pool keys in turn; the intermediate and the leaf
    // of one target never share one.
    const std::size_t pool = rsa_keys.size();
    const std::size_t turn = static_cast<std::size_t>(i / 2) * 2;

    // With shared issuing CAs, the same-kind targets i/2 = k, k+N, ... share one.
    const int shared_slot = spec.issuing_cas > 0 ? (i / 2) % spec.issuing_cas : -1;
    auto& shared = rsa ? rsa_issuers : ec_issuers;
    CertSpec inter;
    inter.common_name = shared_slot >= 0
                            ? "Bench Issuing CA " + std::to_string(shared_slot) + (rsa ? " RSA" : " EC")
                            : "Bench Issuing CA " + t.name;
    inter.is_ca = true;
    inter.key = t.key;
    inter.not_before = now - kDay;
    inter.not_after = now + 1825 * kDay;
    if (rsa) inter.reuse_key_pem = rsa_keys[turn % pool];
    if (shared_slot >= 0 && static_cast<std::size_t>(shared_slot) < shared.size()) {
      // already minted for an earlier target
    } else if (shared_slot >= 0) {
      shared.push_back(lde::testing::MintSigned(inter, rsa ? rsa_root : ec_root));
    }
    MintedCert intermediate = shared_slot >= 0 ? shared[static_cast<std::size_t>(shared_slot)]
                                               : lde::testing::MintSigned(inter, rsa ? rsa_root : ec_root);

    CertSpec leaf;
    leaf.common_name = t.host;
    leaf.dns_names = {t.host};
    if (!spec.crl_url_prefix.empty()) leaf.crl_urls = {spec.crl_url_prefix + t.name + ".crl"};
    leaf.key = t.key;
    leaf.not_before = now - kDay;
    leaf.not_after = now + 90 * kDay;
    if (rsa) leaf.reuse_key_pem = rsa_keys[(turn + 1) % pool];
    MintedCert leaf_cert = lde::testing::MintSigned(leaf, intermediate);

    t.chain_pem = lde::testing::PemBundle({&leaf_cert, &intermediate});
    t.key_pem = leaf_cert.key_pem;
    (rsa ? farm.rsa_targets : farm.ec_targets) += 1;
    farm.targets.push_back(std::move(t));
  }
  farm.mint_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return farm;
}

bool ParseKeyMix(const std::string& text, KeyMix* out) {
  if (text == "ec") {
    *out = KeyMix::kEc;
  } else if (text == "rsa") {
    *out = KeyMix::kRsa;
  } else if (text == "mix") {
    *out = KeyMix::kMix;
  } else {
    return false;
  }
  return true;
}

const char* KeyMixName(KeyMix mix) {
  switch (mix) {
    case KeyMix::kEc:
      return "ec";
    case KeyMix::kRsa:
      return "rsa";
    case KeyMix::kMix:
      return "mix";
  }
  return "?";
}

}  // namespace lde::bench
