#include "metrics/label_values.h"
#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

void TlsVersion(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (!e.tls || e.tls->protocol.empty()) return;
    const std::string version = TlsVersionLabel(e.tls->protocol);
    sink.Add(With(base, {{label::kVersion, version}}), 1);
  });
}

void TlsHandshake(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (e.tls) sink.Add(base, ToSeconds(e.tls->handshake_time));
  });
}

void HttpStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (e.http) sink.Add(base, e.http->status);
  });
}

void HttpDuration(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (e.http) sink.Add(base, ToSeconds(e.http->elapsed));
  });
}

}  // namespace

void AddEndpointFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kTlsVersionInfo, TlsVersion});
  out.push_back({&kTlsHandshakeSeconds, TlsHandshake});
  out.push_back({&kHttpStatusCode, HttpStatus});
  out.push_back({&kHttpDurationSeconds, HttpDuration});
}

}  // namespace lde::metrics
