#include <algorithm>
#include <array>

#include "metrics/label_values.h"
#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

// What each family reads of a report, for fetching it ahead (snapshot_walk.h):
// a member of its TLS observation, or of its boxed HTTP observation.
template <auto kMember>
struct FetchTlsField : NoPointee {
  static const void* line(const EndpointTable::Row& row) {
    return row.has_tls ? &((*row.report->tls).*kMember) : nullptr;
  }
};
template <auto kMember>
struct FetchHttpField : FetchReportField<&model::EndpointReport::http> {
  static const void* pointee(const EndpointTable::Row& row) {
    const auto& http = row.report->http;
    return http ? &((*http).*kMember) : nullptr;
  }
};

// The TLS walks test row.has_tls, not the report's optional: its flag lies
// on another cache line than the field read.
void TlsVersion(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachRow<FetchTlsField<&model::TlsObservation::protocol>>(snap, [&](const EndpointTable::Row& row) {
    if (!row.has_tls || row.report->tls->protocol.empty()) return;
    const std::string version = TlsVersionLabel(row.report->tls->protocol);
    sink.Add(With(RowLabels(snap.endpoints(), row), {{label::kVersion, version}}), 1);
  });
}

// Walks the results, not the endpoint table (snapshot_walk.h): new with
// every probe, so rendered on every scrape.
void TlsHandshake(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResultEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (e.tls) sink.Add(base, ToSeconds(e.tls->handshake_time));
  });
}

void CertLastChange(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint<FetchReportField<&model::EndpointReport::leaf_since>>(
      snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
        if (e.leaf_since) sink.Add(base, ToUnixSeconds(*e.leaf_since));
      });
}

void HttpStatus(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint<FetchHttpField<&model::HttpObservation::status>>(
      snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
        if (e.http) sink.Add(base, e.http->status);
      });
}

// As TlsHandshake, off the table.
void HttpDuration(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResultEndpoint(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (e.http) sink.Add(base, ToSeconds(e.http->elapsed));
  });
}

// Per target, the leaves its nodes presented for each (host, role), in the
// order met: consistent when they are all one certificate.
void CertConsistent(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  struct Group {
    const model::InternedText* host;
    model::Role role;
    const model::PackedCertFacts* first_leaf;
    bool same;
  };
  std::vector<Group> groups;
  const EndpointTable& table = snap.endpoints();
  const auto& rows = table.rows();
  // The table holds a result's endpoints in a run of rows with one target;
  // a result's groups are written when its run ends.
  auto write_groups = [&](const EndpointTable::Row& row) {
    for (const Group& g : groups) {
      const std::array<LabelRef, 3> labels{
          {table.Target(row), {label::kHost, *g.host}, {label::kRole, model::RoleName(g.role), true}}};
      sink.Add(labels, Bool(g.same));
    }
    groups.clear();
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + kFetchAhead < rows.size()) __builtin_prefetch(rows[i + kFetchAhead].report);
    const EndpointTable::Row& row = rows[i];
    if (i > 0 && row.target_begin != rows[i - 1].target_begin) write_groups(rows[i - 1]);
    if (row.certs_size == 0) continue;  // no handshake, no leaf
    const model::EndpointReport& e = *row.report;
    const model::PackedCertFacts& leaf = table.Cert(row, 0);
    auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return *g.host == e.endpoint.host && g.role == row.role();
    });
    if (group == groups.end()) {
      groups.push_back({&e.endpoint.host, row.role(), &leaf, true});
    } else if (group->first_leaf != &leaf) {  // one certificate's facts are shared: equal then
      group->same = group->same && group->first_leaf->sha256_hex() == leaf.sha256_hex();
    }
  }
  if (!rows.empty()) write_groups(rows.back());
}

}  // namespace

void AddEndpointFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kCertConsistent, CertConsistent, /*keepable=*/true});
  out.push_back({&kCertLastChangeTimestampSeconds, CertLastChange, /*keepable=*/true});
  out.push_back({&kTlsVersionInfo, TlsVersion, /*keepable=*/true});
  out.push_back({&kTlsHandshakeSeconds, TlsHandshake});  // new with every probe
  out.push_back({&kHttpStatusCode, HttpStatus, /*keepable=*/true});
  out.push_back({&kHttpDurationSeconds, HttpDuration});  // new with every probe
}

}  // namespace lde::metrics
