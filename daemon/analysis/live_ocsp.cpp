// Live OCSP, judged: what the probe's queries to the responders named in
// the certificates' AIA brought back (revocation.h, JudgeLiveOcsp).
#include <string>
#include <string_view>

#include "analysis/ocsp_outcome.h"
#include "analysis/revocation.h"
#include "common/ascii.h"
#include "x509/ocsp_request.h"

namespace lde::analysis {
namespace {

using model::OcspStatus;

bool IsHttpUrl(std::string_view url) {
  constexpr std::string_view kHttp = "http://";
  return url.size() >= kHttp.size() && EqualsIgnoreAsciiCase(url.substr(0, kHttp.size()), kHttp);
}

// Why the probe asked nothing for this certificate ("" when it names no
// responder at all).
std::string WhyNotAsked(const ChainInput& in, std::size_t position, const model::PackedCertFacts& facts,
                        const model::OcspStapleReport& staple) {
  if (facts.self_issued()) return "self-issued: a root is not revoked by its own responder";
  bool has_http = false;
  for (std::string_view url : facts.ocsp_urls()) has_http = has_http || IsHttpUrl(url);
  if (!has_http) return facts.ocsp_urls().empty() ? "" : "no http OCSP responder URL";
  if (position == 0 && staple.status != model::OcspStapleStatus::kNone &&
      staple.status != model::OcspStapleStatus::kInvalid) {
    return "the valid stapled response answers for the leaf";
  }
  if (!FindIssuer(in, position)) return "issuer certificate not at hand to build a request";
  return "not queried: beyond the certificates the probe asks about";
}

model::OcspReport JudgeOne(const ChainInput& in, std::size_t position, const model::PackedCertFacts& facts,
                           const model::OcspStapleReport& staple,
                           std::vector<model::RevocationUrlReport>* urls) {
  model::OcspReport report;
  const OcspFetch* answered = nullptr;
  const OcspFetch* first_failure = nullptr;
  for (const OcspFetch& fetch : in.ocsp) {
    if (fetch.position != position) continue;
    if (fetch.response) {
      answered = &fetch;
      break;
    }
    if (first_failure == nullptr) first_failure = &fetch;
  }
  if (answered == nullptr && first_failure == nullptr) {
    report.detail = WhyNotAsked(in, position, facts, staple);
    return report;
  }
  auto url_up = [&](bool up) {
    if (urls) urls->push_back({position, model::RevocationUrlKind::kOcsp, report.url, up});
  };
  if (answered == nullptr) {
    // Clients soft-fail on an unreachable responder: reported, never fatal.
    report.status = OcspStatus::kUnavailable;
    report.url = first_failure->url;
    report.detail = first_failure->error;
    url_up(false);
    return report;
  }
  report.url = answered->url;
  report.status = OcspStatus::kInvalid;
  auto issuer = FindIssuer(in, position);
  if (!issuer) {
    report.detail = "issuer certificate not at hand to verify the response";
    url_up(false);
    return report;
  }
  x509::RevocationCheck check =
      x509::CheckOcspAnswer(*answered->response, answered->request, in.presented[position], *issuer, in.now);
  url_up(ApplyOcspCheck(check, report));
  return report;
}

}  // namespace

std::vector<model::OcspReport> JudgeLiveOcsp(const ChainInput& in, const std::vector<model::CertRef>& certs,
                                             const model::OcspStapleReport& staple,
                                             std::vector<model::RevocationUrlReport>* urls) {
  std::vector<model::OcspReport> reports;
  for (std::size_t i = 0; i < certs.size() && i < in.presented.size(); ++i) {
    reports.push_back(JudgeOne(in, i, *certs[i], staple, urls));
  }
  return reports;
}

}  // namespace lde::analysis
