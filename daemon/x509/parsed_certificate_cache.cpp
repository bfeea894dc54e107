#include "x509/parsed_certificate_cache.h"

namespace lde::x509::detail {

ParsedCertificateCache& ParsedCertificateCache::Shared() {
  // Never destroyed: probes may still be running during static destruction.
  static auto* cache = new ParsedCertificateCache();
  return *cache;
}

ParsedCertificateCache::~ParsedCertificateCache() {
  for (auto& [der, cert] : entries_) X509_free(cert);
}

X509* ParsedCertificateCache::Find(const std::string& der) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(der);
  if (it == entries_.end()) return nullptr;
  X509_up_ref(it->second);
  return it->second;
}

void ParsedCertificateCache::Insert(std::string der, X509* cert) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.count(der) != 0) return;
  if (entries_.size() >= kMaxEntries) {
    auto oldest = entries_.find(*order_.front());
    order_.pop_front();
    X509_free(oldest->second);
    entries_.erase(oldest);
  }
  X509_up_ref(cert);
  auto [it, inserted] = entries_.emplace(std::move(der), cert);
  order_.push_back(&it->first);  // node-based map: the key's address is stable
}

std::size_t ParsedCertificateCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace lde::x509::detail
