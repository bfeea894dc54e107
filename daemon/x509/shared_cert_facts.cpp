#include "x509/shared_cert_facts.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "ossl/digest.h"
#include "x509/certificate.h"

namespace lde::x509 {
namespace {

// Holds the shared facts themselves, found by the fingerprint they carry:
// one shared pointer (16 bytes) per slot of a flat array at most three
// quarters full. A node map of weak references cost about 70 bytes a
// certificate at 21,000 (a node with its own copy of the 32-byte key, a
// bucket), and an expired entry kept its block until a sweep anyway.
// Facts no result holds are those only the table holds: use_count() is 1
// under the table's lock, where nothing else can take a new reference.
// They go when the table would grow, so it never holds more than twice what
// results hold, plus a constant; and after as many lookups as the table has
// slots (a minute or two of probes), so that certificates no longer served
// or targets removed by a reload do not stay for want of new ones.
class SharedTable {
 public:
  static SharedTable& Instance() {
    static SharedTable table;
    return table;
  }

  std::shared_ptr<const model::PackedCertFacts> Find(std::string_view sha256_hex) {
    std::lock_guard lock(mutex_);
    SweepEveryFewLookups();
    const std::size_t at = Locate(sha256_hex);
    return at == kNone ? nullptr : slots_[at];
  }

  // The facts now shared under their fingerprint: `facts`, or those another
  // thread put there first.
  std::shared_ptr<const model::PackedCertFacts> Insert(std::shared_ptr<const model::PackedCertFacts> facts) {
    std::lock_guard lock(mutex_);
    if (const std::size_t at = Locate(facts->sha256_hex()); at != kNone) return slots_[at];
    if (4 * (count_ + 1) > 3 * slots_.size()) Rebuild();
    Place(facts);
    ++count_;
    return facts;
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  static constexpr std::size_t kMinSlots = 64;

  static std::size_t Home(std::string_view sha256_hex) { return std::hash<std::string_view>{}(sha256_hex); }

  // The slot holding the facts of `sha256_hex`, or kNone. Linear probing;
  // the array is never full, so a miss ends at an empty slot.
  std::size_t Locate(std::string_view sha256_hex) const {
    if (slots_.empty()) return kNone;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Home(sha256_hex) & mask;; i = (i + 1) & mask) {
      if (!slots_[i]) return kNone;
      if (slots_[i]->sha256_hex() == sha256_hex) return i;
    }
  }

  void Place(std::shared_ptr<const model::PackedCertFacts> facts) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = Home(facts->sha256_hex()) & mask;
    while (slots_[i]) i = (i + 1) & mask;
    slots_[i] = std::move(facts);
  }

  // Lets go of the facts no result holds and sizes the array for what is
  // left and one more at most half full: a rebuild when nothing was let go
  // doubles it, one after many certificates went may shrink it. Amortised:
  // at least a quarter of the array's slots are filled between two rebuilds.
  // Amortised: one walk of the slots per as many lookups.
  void SweepEveryFewLookups() {
    if (++lookups_ < slots_.size()) return;
    lookups_ = 0;
    for (const auto& slot : slots_) {
      if (slot && slot.use_count() == 1) {
        Rebuild();
        return;
      }
    }
  }

  void Rebuild() {
    std::vector<std::shared_ptr<const model::PackedCertFacts>> kept;
    kept.reserve(count_);
    for (auto& slot : slots_) {
      if (slot && slot.use_count() > 1) kept.push_back(std::move(slot));
    }
    std::size_t size = kMinSlots;
    while (size < 2 * (kept.size() + 1)) size *= 2;
    std::vector<std::shared_ptr<const model::PackedCertFacts>>(size).swap(slots_);
    count_ = kept.size();
    for (auto& facts : kept) Place(std::move(facts));
  }

  std::mutex mutex_;
  std::vector<std::shared_ptr<const model::PackedCertFacts>> slots_;  // a power of two, or empty
  std::size_t count_ = 0;
  std::size_t lookups_ = 0;  // since the last SweepEveryFewLookups walk
};

}  // namespace

Result<model::CertRef> DecodeCertificateShared(const model::Der& der) {
  auto key = ossl::Sha256Of(der.data(), der.size());
  if (!key) {  // out of memory in OpenSSL: decode without sharing
    auto facts = DecodeCertificate(der);
    if (!facts.ok()) return facts.error();
    return model::CertRef(facts.value());
  }
  // Spelled as DecodeCertificate spells it, on the stack: a lookup per
  // presented certificate per probe allocates nothing.
  char hex[2 * std::tuple_size_v<ossl::Sha256Digest>];
  LowerHexInto(key->data(), key->size(), hex);
  const std::string_view sha256_hex(hex, sizeof hex);
  auto& table = SharedTable::Instance();
  if (auto held = table.Find(sha256_hex)) return model::CertRef(std::move(held));
  auto facts = DecodeCertificate(der);
  if (!facts.ok()) return facts.error();
  auto packed = std::make_shared<const model::PackedCertFacts>(facts.value());
  // The table finds facts by the fingerprint they carry: facts without it
  // (OpenSSL out of memory in the decode) are not shared.
  if (packed->sha256_hex() != sha256_hex) return model::CertRef(std::move(packed));
  return model::CertRef(table.Insert(std::move(packed)));
}

std::size_t SharedCertFactsEntries() { return SharedTable::Instance().size(); }

}  // namespace lde::x509
