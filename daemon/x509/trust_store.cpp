#include "x509/trust_store.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "ossl/der.h"
#include "ossl/digest.h"
#include "ossl/errors.h"
#include "x509/certificate.h"
#include "x509/trust_store_impl.h"

namespace lde::x509 {
namespace {

// Far above any real CA bundle (Debian's is about 200 KiB); stops a
// misconfigured path such as /dev/zero from eating memory.
constexpr std::size_t kMaxBundleBytes = 32 * 1024 * 1024;
constexpr char kDebianBundle[] = "/etc/ssl/certs/ca-certificates.crt";

Error StoreError(const std::string& store, const std::string& detail) {
  return MakeError(ErrorKind::kConfig, "trust store \"" + store + "\": " + detail);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kConfig, std::strerror(errno));
  std::string text;
  char buf[64 * 1024];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBundleBytes) return MakeError(ErrorKind::kConfig, "file too large");
  }
  if (in.bad()) return MakeError(ErrorKind::kConfig, "read error");
  return text;
}

// The OS bundle, in the order OpenSSL itself would look for a CA file.
std::string SystemBundlePath() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv(X509_get_default_cert_file_env())) candidates.emplace_back(env);
  candidates.emplace_back(X509_get_default_cert_file());
  candidates.emplace_back(kDebianBundle);
  for (const auto& path : candidates) {
    if (!path.empty() && std::ifstream(path).good()) return path;
  }
  return kDebianBundle;  // unreadable: the error will name Debian's path
}

class Builder {
 public:
  Builder() : impl_(std::make_unique<TrustStore::Impl>()) { impl_->store.reset(X509_STORE_new()); }

  // Adds the certificates of one PEM text; `source` names it in errors.
  std::optional<std::string> AddPem(std::string_view pem, const std::string& source) {
    auto certs = ParsePemBundle(pem);
    if (!certs.ok()) return source + ": " + certs.error().detail;
    for (const auto& der : certs.value()) {
      ossl::X509Ptr cert = ParseDer(der);
      if (!cert) return source + ": certificate does not decode";
      if (!seen_.insert(std::string(der.begin(), der.end())).second) continue;  // duplicate
      if (X509_STORE_add_cert(impl_->store.get(), cert.get()) != 1) {
        return source + ": cannot add certificate: " + ossl::DrainOpenSslErrors();
      }
      impl_->anchors.push_back(std::move(cert));
    }
    return std::nullopt;
  }

  std::unique_ptr<TrustStore::Impl> Finish() { return std::move(impl_); }
  bool ok() const { return impl_->store != nullptr; }
  bool empty() const { return impl_->anchors.empty(); }

 private:
  std::unique_ptr<TrustStore::Impl> impl_;
  std::set<std::string> seen_;
};

}  // namespace

TrustStore::TrustStore(std::string name, std::unique_ptr<Impl> impl)
    : name_(std::move(name)), impl_(std::move(impl)) {}

TrustStore::~TrustStore() = default;

Result<std::shared_ptr<const TrustStore>> TrustStore::Load(const config::TrustStoreConfig& cfg) {
  return Load(cfg.name, cfg.system, cfg.ca_files);
}

Result<std::shared_ptr<const TrustStore>> TrustStore::Load(std::string name, bool system,
                                                           const std::vector<std::string>& ca_files) {
  Builder builder;
  if (!builder.ok()) return StoreError(name, "X509_STORE_new failed");
  std::vector<std::string> files;
  if (system) files.push_back(SystemBundlePath());
  files.insert(files.end(), ca_files.begin(), ca_files.end());
  for (const auto& path : files) {
    auto text = ReadFile(path);
    if (!text.ok()) return StoreError(name, "cannot read \"" + path + "\": " + text.error().detail);
    if (auto err = builder.AddPem(text.value(), "\"" + path + "\"")) return StoreError(name, *err);
  }
  if (builder.empty()) return StoreError(name, "no trust anchors (system: false and no ca_files)");
  return std::shared_ptr<const TrustStore>(new TrustStore(std::move(name), builder.Finish()));
}

Result<std::shared_ptr<const TrustStore>> TrustStore::FromPem(std::string name, std::string_view pem) {
  Builder builder;
  if (!builder.ok()) return StoreError(name, "X509_STORE_new failed");
  if (auto err = builder.AddPem(pem, "PEM input")) return StoreError(name, *err);
  return std::shared_ptr<const TrustStore>(new TrustStore(std::move(name), builder.Finish()));
}

std::size_t TrustStore::size() const { return impl_->anchors.size(); }

bool TrustStore::HasIssuerOf(const model::Der& der) const { return IssuerIndex(der).has_value(); }

std::optional<std::size_t> TrustStore::IssuerIndex(const model::Der& der) const {
  auto digest = ossl::Sha256Of(der.data(), der.size());
  if (digest) {
    if (auto remembered = impl_->issuers.Find(*digest)) return *remembered;
  }
  ossl::X509Ptr cert = ParseDer(der);
  if (!cert) {
    ossl::DrainOpenSslErrors();
    return std::nullopt;  // not remembered: undecodable input costs no signature check
  }
  const X509_NAME* issuer = X509_get_issuer_name(cert.get());
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < impl_->anchors.size(); ++i) {
    X509* anchor = impl_->anchors[i].get();
    if (X509_NAME_cmp(X509_get_subject_name(anchor), issuer) != 0) continue;
    EVP_PKEY* key = X509_get0_pubkey(anchor);
    if (key != nullptr && X509_verify(cert.get(), key) == 1) {
      found = i;
      break;
    }
  }
  ossl::DrainOpenSslErrors();  // failed signature checks against same-named anchors
  if (digest) impl_->issuers.Insert(*digest, found);
  return found;
}

std::optional<model::Der> TrustStore::IssuerOf(const model::Der& der) const {
  std::optional<std::size_t> index = IssuerIndex(der);
  if (!index) return std::nullopt;
  return ossl::ToDer(impl_->anchors[*index].get());
}

}  // namespace lde::x509
