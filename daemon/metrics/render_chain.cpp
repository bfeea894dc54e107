#include <algorithm>
#include <optional>

#include "common/ascii.h"
#include "metrics/label_values.h"
#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

std::optional<SysTime> EarliestNotAfter(const model::ChainReport& chain) {
  if (chain.earliest_not_after) return chain.earliest_not_after;
  if (chain.certs.empty()) return std::nullopt;
  return (*std::min_element(chain.certs.begin(), chain.certs.end(),
                            [](const auto& a, const auto& b) { return a->not_after() < b->not_after(); }))
      ->not_after();
}

// The chain's verdict fields (hostname match, complete, ordered) and its
// earliest expiry share a cache line.
using FetchChainVerdicts = FetchChainField<&model::ChainReport::hostname_match>;

void EarliestExpiry(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchChainVerdicts>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    if (auto earliest = EarliestNotAfter(chain)) sink.Add(base, ToUnixSeconds(*earliest));
  });
}

// A certificate's text lies in one block of its own, apart from the facts'
// fixed part (model/packed_cert_facts.h): CertInfo reads most of it per
// certificate, so its walk fetches the block ahead too, from facts fetched
// earlier. Up to kTextLinesAhead cache lines: a typical leaf's text is 300 to
// 500 bytes; beyond that the hardware's own prefetch follows.
void FetchTextAhead(const model::PackedCertFacts* facts) {
  if (facts == nullptr) return;
  constexpr std::size_t kCacheLine = 64;
  constexpr std::size_t kTextLinesAhead = 8;
  const char* text = static_cast<const char*>(facts->text_block());
  const std::size_t bytes = std::min(facts->block_bytes(), kTextLinesAhead * kCacheLine);
  for (std::size_t at = 0; at < bytes; at += kCacheLine) __builtin_prefetch(text + at);
}

// fn(labels with {position}, cert) for every presented certificate, from the
// endpoint table's flat array of facts (fetched ahead: each is a separate
// allocation, shared by every endpoint that presents it; with `fetch_text`,
// their text fields too).
template <typename Fn>
void ForEachCert(const Snapshot& snap, Fn&& fn, bool fetch_text = false) {
  const EndpointTable& table = snap.endpoints();
  for (const EndpointTable::Row& row : table.rows()) {
    if (row.certs_size == 0) continue;
    const EndpointLabels base = RowLabels(table, row);
    for (std::size_t i = 0; i < row.certs_size; ++i) {
      const std::size_t index = row.certs_begin + i;
      if (const model::PackedCertFacts* ahead = table.CertAt(index + kFetchAhead)) __builtin_prefetch(ahead);
      if (fetch_text) FetchTextAhead(table.CertAt(index + kFetchPointeesAhead));
      const std::string position = std::to_string(i);  // digits: written as is
      fn(With(base, {{label::kPosition, position, true}}), table.Cert(row, i));
    }
  }
}

void CertNotAfter(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachCert(snap, [&](const auto& labels, const model::PackedCertFacts& cert) {
    sink.Add(labels, ToUnixSeconds(cert.not_after()));
  });
}

void CertNotBefore(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachCert(snap, [&](const auto& labels, const model::PackedCertFacts& cert) {
    sink.Add(labels, ToUnixSeconds(cert.not_before()));
  });
}

void CertInfo(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  std::string dns_names, key_type;  // reused across certificates
  ForEachCert(
      snap,
      [&](const auto& labels, const model::PackedCertFacts& cert) {
        AssignDnsNamesLabel(cert.dns_names(), dns_names);
        key_type.assign(cert.key_type());
        AsciiLowerInPlace(key_type);  // "RSA" -> "rsa": label values stay lower case
        sink.Add(With(labels, {{label::kSubject, cert.subject()},
                               {label::kIssuer, cert.issuer()},
                               {label::kSerial, cert.serial_hex()},
                               {label::kSha256, cert.sha256_hex()},
                               {label::kDnsNames, dns_names},
                               {label::kKeyType, key_type},
                               {label::kSignatureAlgorithm, cert.signature_algorithm()}}),
                 1);
      },
      /*fetch_text=*/true);
}

void CertKeySize(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachCert(snap, [&](const auto& labels, const model::PackedCertFacts& cert) {
    if (cert.key_bits() > 0) sink.Add(labels, cert.key_bits());
  });
}

struct FetchViolations : FetchReportField<&model::EndpointReport::policy_violations> {
  static const void* pointee(const EndpointTable::Row& row) { return row.report->policy_violations.data(); }
};

void CertPolicyViolation(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint<FetchViolations>(
      snap, [&](const EndpointLabels& base, const model::EndpointReport& endpoint) {
        for (const model::PolicyViolation& violation : endpoint.policy_violations) {
          const std::string position = std::to_string(violation.position);
          sink.Add(With(base, {{label::kPolicy, violation.policy},
                               {label::kPosition, position},
                               {label::kRule, model::PolicyRuleName(violation.rule)}}),
                   1);
        }
      });
}

struct FetchTrust : FetchChainField<&model::ChainReport::trust> {
  static const void* pointee(const EndpointTable::Row& row) {
    return row.has_chain ? row.report->chain->trust.data() : nullptr;  // one verdict per store
  }
};

void ChainTrusted(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchTrust>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    for (const model::TrustVerdict& verdict : chain.trust) {
      sink.Add(With(base, {{label::kTrustStore, verdict.store},
                           {label::kReason, model::TrustReasonName(verdict.reason)}}),
               Bool(verdict.trusted()));
    }
  });
}

void HostnameMatch(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchChainVerdicts>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    sink.Add(base, Bool(chain.hostname_match));
  });
}

struct FetchSan : FetchReportField<&model::EndpointReport::san> {
  static const void* pointee(const EndpointTable::Row& row) {
    const auto& san = row.report->san;
    return san ? &*san : nullptr;
  }
};

void CertSanMissing(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachEndpoint<FetchSan>(snap, [&](const EndpointLabels& base, const model::EndpointReport& e) {
    if (!e.san) return;
    for (const std::string& name : e.san->missing) sink.Add(With(base, {{label::kName, name}}), 1);
  });
}

void ChainComplete(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchChainVerdicts>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    sink.Add(base, Bool(chain.complete));
  });
}

void ChainOrdered(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachChain<FetchChainVerdicts>(snap, [&](const EndpointLabels& base, const model::ChainReport& chain) {
    sink.Add(base, Bool(chain.ordered));
  });
}

}  // namespace

void AddChainFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kSslEarliestCertExpiry, EarliestExpiry, /*keepable=*/true});
  out.push_back({&kCertNotAfterTimestampSeconds, CertNotAfter, /*keepable=*/true});
  out.push_back({&kCertNotBeforeTimestampSeconds, CertNotBefore, /*keepable=*/true});
  out.push_back({&kCertInfo, CertInfo, /*keepable=*/true});
  out.push_back({&kCertKeySize, CertKeySize, /*keepable=*/true});
  out.push_back({&kCertPolicyViolation, CertPolicyViolation, /*keepable=*/true});
  out.push_back({&kChainTrusted, ChainTrusted, /*keepable=*/true});
  out.push_back({&kCertHostnameMatch, HostnameMatch, /*keepable=*/true});
  out.push_back({&kCertSanMissing, CertSanMissing, /*keepable=*/true});
  out.push_back({&kChainComplete, ChainComplete, /*keepable=*/true});
  out.push_back({&kChainOrdered, ChainOrdered, /*keepable=*/true});
}

}  // namespace lde::metrics
