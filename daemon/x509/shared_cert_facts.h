#pragma once

// Decoding each distinct certificate once, however many endpoints present it.
// A certificate's facts are a pure function of its DER, so every result that
// holds the same certificate can share one model::CertFacts: an issuing CA
// presented by a thousand servers, a pool's leaf met on every network and
// role, is decoded and held once while any result holds it.

#include <cstddef>

#include "common/result.h"
#include "model/cert_ref.h"
#include "model/observations.h"

namespace lde::x509 {

// DecodeCertificate's facts for `der`, shared with every other holder of the
// same certificate (keyed by the SHA-256 of the DER). Errors as
// DecodeCertificate's; a failed decode is never remembered.
Result<model::CertRef> DecodeCertificateShared(const model::Der& der);

// Certificates the shared table holds (tests). Those no
// result holds any more go when the table would next grow (it never holds
// more than twice what results hold, plus a constant), or after as many
// lookups as it has slots.
std::size_t SharedCertFactsEntries();

}  // namespace lde::x509
