#pragma once

// Hand-built ProbeResults with every kind of series, shared by the metrics tests.

#include <memory>

#include "metrics/render.h"
#include "model/probe_result.h"
#include "results/result_store.h"

namespace lde::metrics::testdata {

// 2024-01-01T00:00:00Z
SysTime Epoch2024();
double Epoch2024Seconds();

model::CertFacts MakeCert(const std::string& cn, const std::string& issuer_cn, const std::string& serial,
                          int not_after_days);

// Lync target "contoso": DNS ok (system) + DNS nxdomain (corp); endpoint
// discovery_external with a 3-cert chain judged by two stores ("public" ok,
// "enterprise" unknown_issuer), a good live OCSP answer for the leaf and an
// intermediate CRL URL that did not answer, TLS 1.2, HTTP 200; endpoint web_external that
// failed to connect; external network with links, OAuth and two verdicts (one
// failing); internal network whose discovery failed.
model::ProbeResult LyncResult();
// TLS target "broken" that failed at DNS (target-level failure).
model::ProbeResult DnsFailureResult();

// Both results in a snapshot with counters contoso {3,2}, broken {0,4}.
results::ResultStore::Snapshot FullSnapshot();
// Version "0.1.0-test", revision "abc1234", compiler "GNU 12.2.0"; reload ok
// an hour before Epoch2024; 2 skipped runs of contoso; process stats with
// an unlimited address space.
ExporterState SampleState();

// FullSnapshot's kind of data where rendering has to be careful: label
// values with quotes, backslashes and line feeds (certificate subject,
// discovery href, failure step and reason, auth scheme, target, version,
// compiler); process values that are not integers or exceed 2^53;
// input that repeats series (the same result twice, a repeated endpoint,
// DNS outcome, trust verdict, network and scheme), which must render once,
// first wins; a null result; OCSP and CRL next-update times; a counter
// above 2^53; durations with many digits.
results::ResultStore::Snapshot EdgeCaseSnapshot();
ExporterState EdgeCaseState();

// Lync target "hostile" as the probe keeps what hostile servers sent: the
// first 16 of 4,000 A records (addresses_skipped 3,984), each its own
// discovery_external endpoint; the first 16 of 14,000 WWW-Authenticate
// schemes (one of them 60 KB long; auth_schemes_dropped 13,984). And what
// the probe passes on as sent, for rendering to bound: a 200 KB user href,
// a leaf with 2,400 SANs, CR, NUL, ESC, DEL and bytes that are not UTF-8 in
// the subject, an issuer of 5,000 bytes, a host name of 70 KB.
model::ProbeResult HostileResult();
results::ResultStore::Snapshot HostileSnapshot();  // HostileResult and LyncResult

}  // namespace lde::metrics::testdata
