#pragma once

// The server farm daemon_load probes: per target a distinct leaf with its
// own key under its own intermediate, issued by an ECDSA P-256 root or an
// RSA 2048 root, as a fleet of real sites presents them. The farm's
// certificates are minted here; nginx serves them (load/nginx_server).

#include <string>
#include <vector>

#include "common/clock.h"
#include "support/certs/cert_factory.h"

namespace lde::bench {

enum class KeyMix { kEc, kRsa, kMix };  // kMix: even targets EC, odd targets RSA

struct FarmSpec {
  int targets = 100;
  KeyMix mix = KeyMix::kMix;
  // RSA keys generated once and certified again and again (each certificate
  // stays distinct: its own serial, subject and signature). RSA 2048 key
  // generation costs tens of ms; a verifier's work does not depend on
  // whether two certificates share a public key.
  int rsa_key_pool = 8;
  // Issuing CAs per key type: 0 = one of its own per target (the default:
  // no certificate is presented twice); N > 0 = N shared in turn, as in an
  // estate whose servers buy from a few public CAs: only the leaves differ.
  int issuing_cas = 0;
  // When not empty, each leaf names the CRL distribution point
  // <crl_url_prefix><target name>.crl.
  std::string crl_url_prefix;
};

struct FarmTarget {
  std::string name;  // site00042: the daemon's target name
  std::string host;  // site00042.bench.test: the leaf's DNS SAN and the SNI sent
  lde::testing::CertSpec::Key key;
  std::string chain_pem;  // leaf + its own intermediate, as served
  std::string key_pem;    // the leaf's
};

struct Farm {
  std::string roots_pem;  // every root the farm uses: the bench's enterprise store
  std::vector<FarmTarget> targets;
  int ec_targets = 0;
  int rsa_targets = 0;
  double mint_seconds = 0;
};

// Throws std::runtime_error (from the certificate factory) when OpenSSL
// cannot mint: the bench cannot run without its farm.
Farm MintFarm(const FarmSpec& spec, SysTime now);

bool ParseKeyMix(const std::string& text, KeyMix* out);
const char* KeyMixName(KeyMix mix);

}  // namespace lde::bench
