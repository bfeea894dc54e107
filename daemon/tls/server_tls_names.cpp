#include "tls/server_tls_names.h"

#include <openssl/obj_mac.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <utility>

#include "common/result.h"
#include "ossl/errors.h"

namespace lde::tls {
namespace {

constexpr std::string_view kCipherSetting = "tls_server_config.cipher_suites";
constexpr std::string_view kCurveSetting = "tls_server_config.curve_preferences";

// Go's pre-RFC 7905 spellings, which crypto/tls keeps as aliases.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kGoCipherAliases{{
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
}};

// crypto/tls CurveID names -> OpenSSL group names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kGoCurves{{
    {"CurveP256", "P-256"},
    {"CurveP384", "P-384"},
    {"CurveP521", "P-521"},
    {"X25519", "X25519"},
}};

struct CipherStackFree {
  void operator()(STACK_OF(SSL_CIPHER) * stack) const noexcept { sk_SSL_CIPHER_free(stack); }
};
using CipherStackPtr = std::unique_ptr<STACK_OF(SSL_CIPHER), CipherStackFree>;

Error ConfigError(std::string_view setting, const std::string& what) {
  return MakeError(ErrorKind::kConfig, std::string(setting) + ": " + what);
}

// One suite under its IANA name (SSL_CIPHER_standard_name) and OpenSSL's.
struct KnownSuite {
  std::string iana;
  std::string openssl;
  bool tls13 = false;
};

// The suites a Go config can name (ECDHE or RSA key exchange with RSA or
// ECDSA certificates, plus TLS 1.3's), read from OpenSSL itself so no table
// can drift from the library: everything "ALL" enables at security level 0.
// The real context's security level is applied afterwards (CheckHonoured).
Result<std::vector<KnownSuite>> KnownSuites() {
  SslCtxPtr probe(SSL_CTX_new(TLS_server_method()));
  if (!probe || SSL_CTX_set_cipher_list(probe.get(), "ALL:@SECLEVEL=0") != 1) {
    return MakeError(ErrorKind::kInternal,
                     "cannot list OpenSSL's cipher suites: " + ossl::DrainOpenSslErrors());
  }
  std::vector<KnownSuite> suites;
  STACK_OF(SSL_CIPHER)* all = SSL_CTX_get_ciphers(probe.get());  // owned by probe
  for (int i = 0; i < sk_SSL_CIPHER_num(all); ++i) {
    const SSL_CIPHER* cipher = sk_SSL_CIPHER_value(all, i);
    const int kx = SSL_CIPHER_get_kx_nid(cipher);
    const int auth = SSL_CIPHER_get_auth_nid(cipher);
    const bool tls13 = kx == NID_kx_any;
    const bool go_like = tls13 || ((kx == NID_kx_ecdhe || kx == NID_kx_rsa) &&
                                   (auth == NID_auth_rsa || auth == NID_auth_ecdsa));
    const char* iana = SSL_CIPHER_standard_name(cipher);
    if (go_like && iana != nullptr) suites.push_back({iana, SSL_CIPHER_get_name(cipher), tls13});
  }
  return suites;
}

// SSL_CTX_set_cipher_list accepts a list as long as one entry is usable;
// SSL_get1_supported_ciphers applies the security level, so compare.
std::optional<Error> CheckHonoured(SSL_CTX* ctx, const std::vector<const KnownSuite*>& wanted) {
  SslPtr probe(SSL_new(ctx));
  if (!probe) return MakeError(ErrorKind::kInternal, "SSL_new: " + ossl::DrainOpenSslErrors());
  CipherStackPtr supported(SSL_get1_supported_ciphers(probe.get()));
  for (const KnownSuite* suite : wanted) {
    bool found = false;
    for (int i = 0; supported && i < sk_SSL_CIPHER_num(supported.get()) && !found; ++i) {
      found = suite->openssl == SSL_CIPHER_get_name(sk_SSL_CIPHER_value(supported.get(), i));
    }
    if (!found) {
      return ConfigError(kCipherSetting,
                         "cipher suite \"" + suite->iana + "\" is refused by OpenSSL's security level");
    }
  }
  return std::nullopt;
}

void AppendTo(std::string& list, std::string_view item) {
  if (!list.empty()) list += ':';
  list += item;
}

}  // namespace

std::optional<Error> ApplyGoCipherSuites(SSL_CTX* ctx, const std::vector<std::string>& names) {
  if (names.empty()) return std::nullopt;
  auto known = KnownSuites();
  if (!known.ok()) return known.error();
  std::vector<const KnownSuite*> wanted;
  std::string tls12_list, tls13_list;
  for (const std::string& name : names) {
    std::string_view iana = name;
    for (const auto& [alias, canonical] : kGoCipherAliases) {
      if (iana == alias) iana = canonical;
    }
    auto it = std::find_if(known.value().begin(), known.value().end(),
                           [iana](const KnownSuite& s) { return s.iana == iana; });
    if (it == known.value().end()) {
      return ConfigError(kCipherSetting,
                         "unknown cipher suite \"" + name + "\" (not a Go/IANA name this OpenSSL supports)");
    }
    if (std::find(wanted.begin(), wanted.end(), &*it) != wanted.end()) continue;
    wanted.push_back(&*it);
    AppendTo(it->tls13 ? tls13_list : tls12_list, it->openssl);
  }
  if (!tls12_list.empty() && SSL_CTX_set_cipher_list(ctx, tls12_list.c_str()) != 1) {
    return ConfigError(kCipherSetting,
                       "OpenSSL refused \"" + tls12_list + "\": " + ossl::DrainOpenSslErrors());
  }
  if (!tls13_list.empty() && SSL_CTX_set_ciphersuites(ctx, tls13_list.c_str()) != 1) {
    return ConfigError(kCipherSetting,
                       "OpenSSL refused \"" + tls13_list + "\": " + ossl::DrainOpenSslErrors());
  }
  return CheckHonoured(ctx, wanted);
}

std::optional<Error> ApplyGoCurves(SSL_CTX* ctx, const std::vector<std::string>& names) {
  if (names.empty()) return std::nullopt;
  std::string list;
  std::vector<std::string_view> added;  // OpenSSL refuses a repeated group
  for (const std::string& name : names) {
    auto it = std::find_if(kGoCurves.begin(), kGoCurves.end(),
                           [&name](const auto& curve) { return curve.first == name; });
    if (it == kGoCurves.end()) {
      return ConfigError(kCurveSetting,
                         "unknown curve \"" + name + "\" (want CurveP256, CurveP384, CurveP521 or X25519)");
    }
    if (std::find(added.begin(), added.end(), it->second) != added.end()) continue;
    added.push_back(it->second);
    AppendTo(list, it->second);
  }
  if (SSL_CTX_set1_groups_list(ctx, list.c_str()) != 1) {
    return ConfigError(kCurveSetting, "OpenSSL refused \"" + list + "\": " + ossl::DrainOpenSslErrors());
  }
  return std::nullopt;
}

}  // namespace lde::tls
