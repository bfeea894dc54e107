#include "metrics/render_parts.h"

#include <algorithm>

#include "metrics/label_values.h"

namespace lde::metrics {
namespace {

Labels EndpointLabels(const std::string& target, const model::EndpointReport& e) {
  return {MakeLabel(label::kTarget, target), MakeLabel(label::kEndpoint, e.endpoint.Name()),
          MakeLabel(label::kAddress, e.endpoint.address), MakeLabel(label::kRole, e.role),
          MakeLabel(label::kNetwork, e.network)};
}

Labels With(Labels base, std::initializer_list<prometheus::ClientMetric::Label> extra) {
  base.insert(base.end(), extra.begin(), extra.end());
  return base;
}

std::optional<SysTime> EarliestNotAfter(const model::ChainReport& chain) {
  if (chain.earliest_not_after) return chain.earliest_not_after;
  if (chain.certs.empty()) return std::nullopt;
  return std::min_element(chain.certs.begin(), chain.certs.end(),
                          [](const auto& a, const auto& b) { return a.not_after < b.not_after; })
      ->not_after;
}

void AppendRevocationSeries(const Labels& base, const model::ChainReport& chain, FamilySet& out) {
  const model::OcspStapleReport& staple = chain.ocsp_staple;
  out.Add(kOcspStapleStatus,
          With(base, {MakeLabel(label::kStatus, std::string(model::OcspStapleStatusName(staple.status)))}),
          1);
  if (staple.next_update) {
    out.Add(kOcspNextUpdateTimestampSeconds, base, ToUnixSeconds(*staple.next_update));
  }
  for (std::size_t i = 0; i < chain.crl.size(); ++i) {
    const model::CrlReport& crl = chain.crl[i];
    auto position = MakeLabel(label::kPosition, std::to_string(i));
    out.Add(kCrlStatus,
            With(base, {position, MakeLabel(label::kStatus, std::string(model::CrlStatusName(crl.status)))}),
            1);
    if (crl.next_update) {
      out.Add(kCrlNextUpdateTimestampSeconds, With(base, {position}), ToUnixSeconds(*crl.next_update));
    }
  }
}

void AppendChainSeries(const Labels& base, const model::ChainReport& chain, FamilySet& out) {
  if (auto earliest = EarliestNotAfter(chain)) {
    out.Add(kSslEarliestCertExpiry, base, ToUnixSeconds(*earliest));
  }
  for (std::size_t i = 0; i < chain.certs.size(); ++i) {
    const model::CertFacts& cert = chain.certs[i];
    auto position = MakeLabel(label::kPosition, std::to_string(i));
    out.Add(kCertNotAfterTimestampSeconds, With(base, {position}), ToUnixSeconds(cert.not_after));
    out.Add(kCertNotBeforeTimestampSeconds, With(base, {position}),
            ToUnixSeconds(cert.not_before));
    out.Add(kCertInfo,
            With(base, {position, MakeLabel(label::kSubject, cert.subject),
                        MakeLabel(label::kIssuer, cert.issuer),
                        MakeLabel(label::kSerial, cert.serial_hex),
                        MakeLabel(label::kSha256, cert.sha256_hex),
                        MakeLabel(label::kDnsNames, DnsNamesLabel(cert.dns_names))}),
            1);
  }
  for (const model::TrustVerdict& verdict : chain.trust) {
    out.Add(kChainTrusted,
            With(base, {MakeLabel(label::kTrustStore, verdict.store),
                        MakeLabel(label::kReason, std::string(model::TrustReasonName(verdict.reason)))}),
            Bool(verdict.trusted()));
  }
  out.Add(kCertHostnameMatch, base, Bool(chain.hostname_match));
  out.Add(kChainComplete, base, Bool(chain.complete));
  out.Add(kChainOrdered, base, Bool(chain.ordered));
  AppendRevocationSeries(base, chain, out);
}

}  // namespace

void AppendEndpointSeries(const std::string& target, const model::EndpointReport& e,
                          FamilySet& out) {
  const Labels base = EndpointLabels(target, e);
  if (e.tls) {
    if (!e.tls->protocol.empty()) {
      out.Add(kTlsVersionInfo, With(base, {MakeLabel(label::kVersion, TlsVersionLabel(e.tls->protocol))}),
              1);
    }
    out.Add(kTlsHandshakeSeconds, base, ToSeconds(e.tls->handshake_time));
  }
  if (e.chain) AppendChainSeries(base, *e.chain, out);
  if (e.http) {
    out.Add(kHttpStatusCode, base, e.http->status);
    out.Add(kHttpDurationSeconds, base, ToSeconds(e.http->elapsed));
  }
  if (e.failure) {
    out.Add(kProbeFailureInfo,
            With(base, {MakeLabel(label::kStep, e.failure->step),
                        MakeLabel(label::kReason, e.failure->reason)}),
            1);
  }
}

}  // namespace lde::metrics
