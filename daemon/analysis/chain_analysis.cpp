#include "analysis/chain_analysis.h"

#include <algorithm>

#include "analysis/revocation.h"
#include "x509/certificate.h"
#include "x509/shared_cert_facts.h"
#include "x509/verify.h"

namespace lde::analysis {
namespace {

model::TrustVerdict JudgeStore(const ChainInput& in, const x509::TrustStore& store) {
  model::TrustVerdict verdict;
  verdict.store = store.name();
  x509::VerifyOutcome outcome = x509::VerifyChain(in.presented, store, in.now);
  verdict.verify_error = outcome.error;
  verdict.reason = outcome.ok ? model::TrustReason::kOk : ClassifyVerifyError(outcome.error);
  if (outcome.ok) return verdict;
  std::string detail = outcome.error_string + " at depth " + std::to_string(outcome.error_depth);
  if (verdict.reason == model::TrustReason::kUnknownIssuer && !in.fetched_issuers.empty()) {
    // The server left out an intermediate that its AIA caIssuers URL serves.
    x509::VerifyOutcome with_fetched = x509::VerifyChain(in.presented, store, in.now, in.fetched_issuers);
    if (with_fetched.ok) {
      verdict.reason = model::TrustReason::kIncompleteChain;
      detail += "; verifies with the fetched AIA issuers";
    }
  }
  if (in.presented_truncated && (verdict.reason == model::TrustReason::kUnknownIssuer ||
                                 verdict.reason == model::TrustReason::kIncompleteChain)) {
    verdict.reason = model::TrustReason::kChainTruncated;
    detail += "; the server sent more than the " + std::to_string(in.presented.size()) + " certificates kept";
  }
  verdict.detail = detail;
  return verdict;
}

// RFC 8446 4.4.2 / RFC 5246 7.4.2: each certificate certifies the one before.
bool IsOrdered(const std::vector<model::Der>& presented) {
  for (std::size_t i = 0; i + 1 < presented.size(); ++i) {
    if (!x509::IsIssuedBy(presented[i], presented[i + 1])) return false;
  }
  return true;
}

bool IsComplete(const ChainInput& in, const model::PackedCertFacts& last) {
  if (last.self_issued()) return true;
  return std::any_of(in.stores.begin(), in.stores.end(),
                     [&](const auto& store) { return store->HasIssuerOf(in.presented.back()); });
}

}  // namespace

Result<model::ChainReport> AnalyzeChain(const ChainInput& in) {
  if (in.presented.empty()) {
    return MakeError(ErrorKind::kCertificateParse, "no certificate presented");
  }
  for (const auto& store : in.stores) {
    if (!store) return MakeError(ErrorKind::kInternal, "AnalyzeChain: null trust store");
  }
  model::ChainReport report;
  for (std::size_t i = 0; i < in.presented.size(); ++i) {
    auto facts = x509::DecodeCertificateShared(in.presented[i]);
    if (!facts.ok()) {
      return MakeError(ErrorKind::kCertificateParse,
                       "presented certificate " + std::to_string(i) + ": " + facts.error().detail);
    }
    report.certs.push_back(std::move(facts).value());
  }
  for (const auto& store : in.stores) report.trust.push_back(JudgeStore(in, *store));
  report.hostname_match = x509::MatchesHostname(in.presented.front(), in.expected_host, in.hostname_mode);
  report.complete = IsComplete(in, *report.certs.back());
  report.ordered = IsOrdered(in.presented);
  for (const auto& cert : report.certs) {
    if (!report.earliest_not_after || cert->not_after() < *report.earliest_not_after) {
      report.earliest_not_after = cert->not_after();
    }
  }
  JudgeRevocation(in, report);
  return report;
}

}  // namespace lde::analysis
