#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

// What each family reads of a report's chain, for fetching it ahead.
using FetchStaple = FetchChainField<&model::ChainReport::ocsp_staple>;
using FetchCrl = FetchChainField<&model::ChainReport::crl>;
using FetchOcsp = FetchChainField<&model::ChainReport::ocsp>;
// The URLs the chain check tried, then the AIA fetch's outcome, further on.
struct FetchTriedUrls : FetchChainField<&model::ChainReport::revocation_urls> {
  static const void* pointee(const EndpointTable::Row& row) { return &row.report->issuer_fetch; }
};

void OcspStapleStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchStaple>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    sink.Add(With(base, {{label::kStatus, model::OcspStapleStatusName(chain.ocsp_staple->status)}}), 1);
  });
}

void OcspNextUpdate(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchStaple>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    if (chain.ocsp_staple->next_update) sink.Add(base, ToUnixSeconds(*chain.ocsp_staple->next_update));
  });
}

void CrlStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchCrl>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (std::size_t i = 0; i < chain.crl.size(); ++i) {
      const std::string position = std::to_string(i);
      sink.Add(With(base, {{label::kPosition, position},
                           {label::kStatus, model::CrlStatusName(chain.crl[i].status)}}),
               1);
    }
  });
}

void CrlNextUpdate(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchCrl>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (std::size_t i = 0; i < chain.crl.size(); ++i) {
      if (!chain.crl[i].next_update) continue;
      const std::string position = std::to_string(i);
      sink.Add(With(base, {{label::kPosition, position}}), ToUnixSeconds(*chain.crl[i].next_update));
    }
  });
}

void OcspStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchOcsp>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (std::size_t i = 0; i < chain.ocsp.size(); ++i) {
      const std::string position = std::to_string(i);
      sink.Add(With(base, {{label::kPosition, position},
                           {label::kStatus, model::OcspStatusName(chain.ocsp[i].status)}}),
               1);
    }
  });
}

void OcspResponseNextUpdate(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchOcsp>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (std::size_t i = 0; i < chain.ocsp.size(); ++i) {
      if (!chain.ocsp[i].next_update) continue;
      const std::string position = std::to_string(i);
      sink.Add(With(base, {{label::kPosition, position}}), ToUnixSeconds(*chain.ocsp[i].next_update));
    }
  });
}

// fn(base, position, kind, url, up) for every certificate-named URL the
// probe tried for an endpoint: CRL and OCSP from the chain's revocation
// judgement, then the AIA caIssuers fetch (for the last presented
// certificate, the one whose issuer was missing), which is tried only when
// the chain lacks an issuer.
template <typename Fn>
void ForEachTriedUrl(const Snapshot& snap, Fn&& fn) {
  ForEachRow<FetchTriedUrls>(snap, [&](const EndpointTable::Row& row) {
    if (!row.has_chain) return;
    const model::EndpointReport& endpoint = *row.report;
    const EndpointLabels base = RowLabels(snap.endpoints(), row);
    for (const model::RevocationUrlReport& url : endpoint.chain->revocation_urls) {
      fn(base, url.position, url.kind, url.url, url.up);
    }
    const auto& fetch = endpoint.issuer_fetch;
    if (!fetch || fetch->status == model::IssuerFetchStatus::kNoUrl || endpoint.chain->certs.empty()) return;
    fn(base, endpoint.chain->certs.size() - 1, model::RevocationUrlKind::kCaIssuers, fetch->url,
       fetch->status == model::IssuerFetchStatus::kFetched);
  });
}

void RevocationUrlUp(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachTriedUrl(snap, [&](const EndpointLabels& base, std::size_t position, model::RevocationUrlKind kind,
                            const std::string&, bool up) {
    const std::string pos = std::to_string(position);
    sink.Add(With(base, {{label::kPosition, pos}, {label::kKind, model::RevocationUrlKindName(kind)}}),
             Bool(up));
  });
}

// The URL goes on its own series: it can be long (BoundLabelValue caps it
// like every label value) and would otherwise multiply every _up series.
void RevocationUrlInfo(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachTriedUrl(snap, [&](const EndpointLabels& base, std::size_t position, model::RevocationUrlKind kind,
                            const std::string& url, bool) {
    const std::string pos = std::to_string(position);
    sink.Add(With(base, {{label::kPosition, pos},
                         {label::kKind, model::RevocationUrlKindName(kind)},
                         {label::kUrl, url}}),
             1);
  });
}

// Not revocation, but the other fetch the chain check makes on the chain's
// behalf (a certificate-named URL): rendered beside the CRL outcome.
void AiaFetchStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint<FetchReportField<
      &model::EndpointReport::issuer_fetch>>(snap, [&](const EndpointLabels& base,
                                                       const model::EndpointReport& endpoint) {
    if (!endpoint.issuer_fetch) return;
    sink.Add(With(base, {{label::kStatus, model::IssuerFetchStatusName(endpoint.issuer_fetch->status)}}), 1);
  });
}

}  // namespace

void AddRevocationFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kOcspStapleStatus, OcspStapleStatus, /*keepable=*/true});
  out.push_back({&kOcspNextUpdateTimestampSeconds, OcspNextUpdate, /*keepable=*/true});
  out.push_back({&kCrlStatus, CrlStatus, /*keepable=*/true});
  out.push_back({&kCrlNextUpdateTimestampSeconds, CrlNextUpdate, /*keepable=*/true});
  out.push_back({&kAiaFetchStatus, AiaFetchStatus, /*keepable=*/true});
  out.push_back({&kOcspStatus, OcspStatus, /*keepable=*/true});
  out.push_back({&kOcspResponseNextUpdateTimestampSeconds, OcspResponseNextUpdate, /*keepable=*/true});
  out.push_back({&kRevocationUrlUp, RevocationUrlUp, /*keepable=*/true});
  out.push_back({&kRevocationUrlInfo, RevocationUrlInfo, /*keepable=*/true});
}

}  // namespace lde::metrics
