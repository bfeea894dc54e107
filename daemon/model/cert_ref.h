#pragma once

#include <memory>
#include <utility>

#include "model/cert_facts.h"
#include "model/packed_cert_facts.h"

namespace lde::model {

// The facts of one certificate as results hold them: shared, read-only and
// packed, so a certificate that many endpoints present (an issuing CA, a
// pool's leaf seen on both networks, a root) is held once however many
// results name it (x509/shared_cert_facts.h hands out one per distinct
// certificate). Never null; built from a CertFacts value where a single owner
// is fine (tests).
class CertRef {
 public:
  CertRef() : facts_(Empty()) {}
  CertRef(const CertFacts& facts)  // NOLINT(google-explicit-constructor): a value is a fine CertRef
      : facts_(std::make_shared<const PackedCertFacts>(facts)) {}
  explicit CertRef(std::shared_ptr<const PackedCertFacts> facts)
      : facts_(facts ? std::move(facts) : Empty()) {}

  const PackedCertFacts& operator*() const { return *facts_; }
  const PackedCertFacts* operator->() const { return facts_.get(); }
  // Changes a private copy (tests, builders of examples): what other holders
  // share is never changed.
  template <typename Editor>
  void Edit(Editor&& edit) {
    CertFacts facts = facts_->Unpack();
    std::forward<Editor>(edit)(facts);
    facts_ = std::make_shared<const PackedCertFacts>(facts);
  }
  // Holders of the same facts (tests: proof of sharing).
  bool SharesWith(const CertRef& other) const { return facts_ == other.facts_; }

  bool operator==(const CertRef& other) const { return facts_ == other.facts_ || *facts_ == *other.facts_; }

 private:
  static const std::shared_ptr<const PackedCertFacts>& Empty() {
    static const auto empty = std::make_shared<const PackedCertFacts>(CertFacts{});
    return empty;
  }

  std::shared_ptr<const PackedCertFacts> facts_;
};

}  // namespace lde::model
