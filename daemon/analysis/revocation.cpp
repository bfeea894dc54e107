#include "analysis/revocation.h"

#include <string>
#include <string_view>

#include "analysis/ocsp_outcome.h"
#include "x509/crl.h"
#include "x509/ocsp.h"
#include "x509/verify.h"
#include "x509/verify_error.h"

namespace lde::analysis {
namespace {

using model::CrlStatus;
using model::OcspStapleStatus;
using x509::RevocationVerdict;

std::string_view View(const model::Der& der) {
  return {reinterpret_cast<const char*>(der.data()), der.size()};
}

model::CrlReport JudgeCrl(const ChainInput& in, std::size_t position, const model::PackedCertFacts& facts,
                          std::vector<model::RevocationUrlReport>* urls) {
  model::CrlReport report;
  if (facts.self_issued()) {
    report.detail = "self-issued: a root is not revoked by its own CRL";
    return report;
  }
  const CrlFetch* fetched = nullptr;
  const CrlFetch* first_failure = nullptr;
  for (const CrlFetch& fetch : in.crls) {
    if (fetch.position != position) continue;
    if (fetch.crl) {
      fetched = &fetch;
      break;
    }
    if (first_failure == nullptr) first_failure = &fetch;
  }
  if (fetched == nullptr && first_failure == nullptr) {
    if (!facts.crl_urls().empty()) report.detail = "no http distribution point fetched";
    return report;
  }
  if (fetched == nullptr) {
    // RFC 5280 leaves the policy to the client; phones soft-fail, so an
    // unreachable CRL is reported but never fails trust.
    report.status = CrlStatus::kUnavailable;
    report.url = first_failure->url;
    report.detail = first_failure->error;
    if (urls) urls->push_back({position, model::RevocationUrlKind::kCrl, report.url, false});
    return report;
  }
  report.url = fetched->url;
  auto issuer = FindIssuer(in, position);
  if (!issuer) {
    // Served, but nothing to judge it with: whether it decodes is the URL's
    // part, the missing issuer is the chain's.
    if (urls) urls->push_back({position, model::RevocationUrlKind::kCrl, report.url, !fetched->crl->empty()});
    report.status = CrlStatus::kInvalid;
    report.detail = "issuer certificate not at hand to verify the CRL";
    return report;
  }
  x509::RevocationCheck check = x509::CheckCrl(View(*fetched->crl), in.presented[position], *issuer, in.now);
  // CheckCrl dates whatever decoded as a CRL, valid or not.
  if (urls)
    urls->push_back({position, model::RevocationUrlKind::kCrl, report.url, check.this_update.has_value()});
  report.detail = check.detail;
  switch (check.verdict) {
    case RevocationVerdict::kGood:
      report.status = CrlStatus::kGood;
      break;
    case RevocationVerdict::kRevoked:
      report.status = CrlStatus::kRevoked;
      report.revoked_at = check.revoked_at;
      break;
    case RevocationVerdict::kUnknown:  // not a CRL outcome
    case RevocationVerdict::kInvalid:
      report.status = CrlStatus::kInvalid;
      return report;
  }
  report.next_update = check.next_update;
  return report;
}

// Why the chain counts as revoked, or nullopt.
std::optional<std::string> Revocation(const model::ChainReport& report) {
  if (report.ocsp_staple->status == OcspStapleStatus::kRevoked) {
    return "leaf revoked (OCSP staple): " + report.ocsp_staple->detail;
  }
  for (std::size_t i = 0; i < report.ocsp.size(); ++i) {
    if (report.ocsp[i].status == model::OcspStatus::kRevoked) {
      return "certificate " + std::to_string(i) + " revoked (OCSP " + report.ocsp[i].url +
             "): " + report.ocsp[i].detail;
    }
  }
  for (std::size_t i = 0; i < report.crl.size(); ++i) {
    if (report.crl[i].status == CrlStatus::kRevoked) {
      return "certificate " + std::to_string(i) + " revoked (CRL " + report.crl[i].url +
             "): " + report.crl[i].detail;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<model::Der> FindIssuer(const ChainInput& in, std::size_t position) {
  if (position >= in.presented.size()) return std::nullopt;
  const model::Der& cert = in.presented[position];
  // The next presented certificate first: it is the issuer in a well-ordered chain.
  for (std::size_t step = 1; step < in.presented.size(); ++step) {
    const model::Der& candidate = in.presented[(position + step) % in.presented.size()];
    if (x509::IsIssuedBy(cert, candidate)) return candidate;
  }
  for (const model::Der& candidate : in.fetched_issuers) {
    if (x509::IsIssuedBy(cert, candidate)) return candidate;
  }
  for (const auto& store : in.stores) {
    if (!store) continue;
    if (auto anchor = store->IssuerOf(cert)) return anchor;
  }
  return std::nullopt;
}

model::OcspStapleReport JudgeOcspStaple(const ChainInput& in) {
  model::OcspStapleReport report;
  if (!in.ocsp_staple) return report;
  report.status = OcspStapleStatus::kInvalid;
  auto issuer = in.presented.empty() ? std::nullopt : FindIssuer(in, 0);
  if (!issuer) {
    report.detail = "the leaf's issuer is not at hand to verify the staple";
    return report;
  }
  x509::RevocationCheck check =
      x509::CheckOcspResponse(*in.ocsp_staple, in.presented.front(), *issuer, in.now);
  ApplyOcspCheck(check, report);
  return report;
}

std::vector<model::CrlReport> JudgeCrls(const ChainInput& in, const std::vector<model::CertRef>& certs,
                                        std::vector<model::RevocationUrlReport>* urls) {
  std::vector<model::CrlReport> reports;
  for (std::size_t i = 0; i < certs.size() && i < in.presented.size(); ++i) {
    reports.push_back(JudgeCrl(in, i, *certs[i], urls));
  }
  return reports;
}

void JudgeRevocation(const ChainInput& in, model::ChainReport& report) {
  report.ocsp_staple = JudgeOcspStaple(in);
  report.revocation_urls.clear();
  report.crl = JudgeCrls(in, report.certs, &report.revocation_urls);
  report.ocsp = JudgeLiveOcsp(in, report.certs, *report.ocsp_staple, &report.revocation_urls);
  auto why = Revocation(report);
  if (!why) return;
  for (model::TrustVerdict& verdict : report.trust) {
    std::string detail = *why;
    if (!verdict.trusted()) detail += "; also " + verdict.detail;
    verdict.reason = model::TrustReason::kRevoked;
    verdict.verify_error = x509::verify_error::kCertRevoked;
    verdict.detail = std::move(detail);
  }
}

}  // namespace lde::analysis
