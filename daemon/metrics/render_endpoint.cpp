#include <algorithm>
#include <array>

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

void CertLastChange(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (e.leaf_since) sink.Add(base, ToUnixSeconds(*e.leaf_since));
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

// Per target, the leaves its nodes presented for each (host, role), in the
// order met: consistent when they are all one certificate.
void CertConsistent(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  struct Group {
    const std::string* host;
    model::Role role;
    const std::string* first_leaf;
    bool same;
  };
  std::vector<Group> groups;
  for (const auto& result : snap.results) {
    if (!result) continue;
    groups.clear();
    for (const auto& e : result->endpoints) {
      if (!e.chain || e.chain->certs.empty()) continue;
      const std::string& leaf = e.chain->certs.front()->sha256_hex;
      auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
        return *g.host == e.endpoint.host && g.role == e.role;
      });
      if (group == groups.end()) {
        groups.push_back({&e.endpoint.host, e.role, &leaf, true});
      } else {
        group->same = group->same && *group->first_leaf == leaf;
      }
    }
    for (const Group& g : groups) {
      const std::array<LabelRef, 3> labels{{{label::kTarget, result->target},
                                            {label::kHost, *g.host},
                                            {label::kRole, model::RoleName(g.role)}}};
      sink.Add(labels, Bool(g.same));
    }
  }
}

}  // namespace

void AddEndpointFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kCertConsistent, CertConsistent});
  out.push_back({&kCertLastChangeTimestampSeconds, CertLastChange});
  out.push_back({&kTlsVersionInfo, TlsVersion});
  out.push_back({&kTlsHandshakeSeconds, TlsHandshake});
  out.push_back({&kHttpStatusCode, HttpStatus});
  out.push_back({&kHttpDurationSeconds, HttpDuration});
}

}  // namespace lde::metrics
