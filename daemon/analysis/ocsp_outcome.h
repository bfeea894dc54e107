#pragma once

// How a checked OCSP response fills a report, the same for a staple
// (model::OcspStapleReport) and an answer the probe fetched
// (model::OcspReport): both status enums spell kGood, kRevoked, kUnknown.

#include "x509/revocation_check.h"

namespace lde::analysis {

// Copies the detail, and for a response that can be relied on the status
// and dates; an invalid response leaves status as the caller set it.
// Returns whether the response could be relied on.
template <typename Report>
bool ApplyOcspCheck(const x509::RevocationCheck& check, Report& report) {
  using Status = decltype(report.status);
  report.detail = check.detail;
  switch (check.verdict) {
    case x509::RevocationVerdict::kGood:
      report.status = Status::kGood;
      break;
    case x509::RevocationVerdict::kRevoked:
      report.status = Status::kRevoked;
      break;
    case x509::RevocationVerdict::kUnknown:
      report.status = Status::kUnknown;
      break;
    case x509::RevocationVerdict::kInvalid:
      return false;
  }
  report.this_update = check.this_update;
  report.next_update = check.next_update;
  report.revoked_at = check.revoked_at;
  return true;
}

}  // namespace lde::analysis
