#include "x509/shared_cert_facts.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "ossl/digest.h"
#include "x509/certificate.h"

namespace lde::x509 {
namespace {

// Holds no facts, only weak references: what results hold decides what lives.
class SharedTable {
 public:
  static SharedTable& Instance() {
    static SharedTable table;
    return table;
  }

  std::shared_ptr<const model::PackedCertFacts> Find(const ossl::Sha256Digest& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second.lock();
  }

  // The facts now shared for `key`: `facts`, or those another thread put
  // there first.
  std::shared_ptr<const model::PackedCertFacts> Insert(const ossl::Sha256Digest& key,
                                                       std::shared_ptr<const model::PackedCertFacts> facts) {
    std::lock_guard lock(mutex_);
    auto& slot = entries_[key];
    if (auto held = slot.lock()) return held;
    slot = facts;
    if (entries_.size() >= next_prune_) Prune();
    return facts;
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  // Amortised: a sweep when the table has doubled since the last one.
  void Prune() {
    std::erase_if(entries_, [](const auto& entry) { return entry.second.expired(); });
    next_prune_ = std::max(kMinPrune, 2 * entries_.size());
  }

  // A digest is uniformly distributed: its first bytes are a fine hash.
  struct Hash {
    std::size_t operator()(const ossl::Sha256Digest& d) const noexcept {
      std::size_t h = 0;
      std::memcpy(&h, d.data(), sizeof h);
      return h;
    }
  };

  static constexpr std::size_t kMinPrune = 1024;
  std::mutex mutex_;
  std::unordered_map<ossl::Sha256Digest, std::weak_ptr<const model::PackedCertFacts>, Hash> entries_;
  std::size_t next_prune_ = kMinPrune;
};

}  // namespace

Result<model::CertRef> DecodeCertificateShared(const model::Der& der) {
  auto key = ossl::Sha256Of(der.data(), der.size());
  if (!key) {  // out of memory in OpenSSL: decode without sharing
    auto facts = DecodeCertificate(der);
    if (!facts.ok()) return facts.error();
    return model::CertRef(facts.value());
  }
  auto& table = SharedTable::Instance();
  if (auto held = table.Find(*key)) return model::CertRef(std::move(held));
  auto facts = DecodeCertificate(der);
  if (!facts.ok()) return facts.error();
  return model::CertRef(table.Insert(*key, std::make_shared<const model::PackedCertFacts>(facts.value())));
}

std::size_t SharedCertFactsEntries() { return SharedTable::Instance().size(); }

}  // namespace lde::x509
