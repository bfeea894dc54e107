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

void ParsedCertificateCache::EvictOldestLocked() {
  auto oldest = entries_.find(*order_.front());
  order_.pop_front();
  bytes_ -= Cost(oldest->first.size());
  X509_free(oldest->second);
  entries_.erase(oldest);
}

void ParsedCertificateCache::Insert(std::string der, X509* cert) {
  const std::size_t cost = Cost(der.size());
  std::lock_guard<std::mutex> lock(mutex_);
  if (cost > max_bytes_ || entries_.count(der) != 0) return;
  while (!order_.empty() && (entries_.size() >= kMaxEntries || bytes_ + cost > max_bytes_)) {
    EvictOldestLocked();
  }
  X509_up_ref(cert);
  auto [it, inserted] = entries_.emplace(std::move(der), cert);
  order_.push_back(&it->first);  // node-based map: the key's address is stable
  bytes_ += cost;
}

std::size_t ParsedCertificateCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

std::size_t ParsedCertificateCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

}  // namespace lde::x509::detail
