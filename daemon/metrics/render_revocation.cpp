#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

void OcspStapleStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    sink.Add(With(base, {{label::kStatus, model::OcspStapleStatusName(chain.ocsp_staple.status)}}), 1);
  });
}

void OcspNextUpdate(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    if (chain.ocsp_staple.next_update) sink.Add(base, ToUnixSeconds(*chain.ocsp_staple.next_update));
  });
}

void CrlStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (std::size_t i = 0; i < chain.crl.size(); ++i) {
      const std::string position = std::to_string(i);
      sink.Add(With(base, {{label::kPosition, position},
                           {label::kStatus, model::CrlStatusName(chain.crl[i].status)}}),
               1);
    }
  });
}

void CrlNextUpdate(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (std::size_t i = 0; i < chain.crl.size(); ++i) {
      if (!chain.crl[i].next_update) continue;
      const std::string position = std::to_string(i);
      sink.Add(With(base, {{label::kPosition, position}}), ToUnixSeconds(*chain.crl[i].next_update));
    }
  });
}

// Not revocation, but the other fetch the chain check makes on the chain's
// behalf (a certificate-named URL): rendered beside the CRL outcome.
void AiaFetchStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& endpoint) {
    if (!endpoint.issuer_fetch) return;
    sink.Add(With(base, {{label::kStatus, model::IssuerFetchStatusName(endpoint.issuer_fetch->status)}}), 1);
  });
}

}  // namespace

void AddRevocationFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kOcspStapleStatus, OcspStapleStatus});
  out.push_back({&kOcspNextUpdateTimestampSeconds, OcspNextUpdate});
  out.push_back({&kCrlStatus, CrlStatus});
  out.push_back({&kCrlNextUpdateTimestampSeconds, CrlNextUpdate});
  out.push_back({&kAiaFetchStatus, AiaFetchStatus});
}

}  // namespace lde::metrics
