#pragma once

// What the revocation tests share: one endpoint of a local test server
// checked as the probe checks it, rendered as /metrics would render it, and
// the endpoint labels to find its series by.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/deadline.h"
#include "http_client/request.h"
#include "metrics/render.h"
#include "probe/endpoint_check.h"
#include "results/result_store.h"
#include "support/certs/cert_factory.h"
#include "support/metrics_text/metrics_text.h"
#include "support/servers/tls_test_server.h"

namespace lde::probe {

inline constexpr char kRevocationHost[] = "lyncdiscover.contoso.test";

// A leaf for kRevocationHost valid from a day before `now` for 90 days; the
// caller adds the revocation URL under test.
inline testing::CertSpec RevocationLeafSpec(SysTime now) {
  constexpr std::chrono::hours kDay{24};
  testing::CertSpec leaf;
  leaf.common_name = kRevocationHost;
  leaf.dns_names = {kRevocationHost};
  leaf.not_before = now - kDay;
  leaf.not_after = now + 90 * kDay;
  return leaf;
}

// A TLS server presenting leaf + intermediate, stapling `staple` if any.
inline std::unique_ptr<testing::TlsTestServer> ServeChain(const testing::MintedCert& leaf,
                                                          const testing::MintedCert& intermediate,
                                                          const model::Der& staple = {}) {
  testing::TlsTestServerOptions options;
  options.cert_chain_pem = leaf.pem + intermediate.pem;
  options.key_pem = leaf.key_pem;
  options.ocsp_staple.assign(staple.begin(), staple.end());
  return std::make_unique<testing::TlsTestServer>(options);
}

// CheckEndpoint on 127.0.0.1:server.port() for kRevocationHost, judged by
// `store`, with `request` sent after the handshake when given. The env's
// clock may be manual (certificate, answer and cache time); the network
// waits are real, so the deadline runs on `real_clock`.
inline model::EndpointReport CheckTestServer(const testing::TlsTestServer& server,
                                             const std::shared_ptr<const x509::TrustStore>& store,
                                             const ProbeEnv& env, const Clock& real_clock, Duration budget,
                                             std::optional<http_client::HttpRequest> request = std::nullopt) {
  EndpointCheckSpec spec;
  spec.endpoint = model::Endpoint{kRevocationHost, "127.0.0.1", server.port()};
  spec.sni = kRevocationHost;
  spec.expected_host = kRevocationHost;
  spec.request = std::move(request);
  spec.stores = {store};
  return CheckEndpoint(spec, env, Deadline::After(real_clock, budget));
}

// The metrics text of one probe result, target "contoso", holding `report`.
inline std::string RenderOne(const model::EndpointReport& report, const std::string& kind) {
  auto result = std::make_shared<model::ProbeResult>();
  result->target = "contoso";
  result->kind = kind;
  result->endpoints = {report};
  results::ResultStore::Snapshot snap;
  snap.results = {result};
  snap.counts = {{"contoso", {1, 0}}};
  return metrics::RenderText(snap, metrics::ExporterState{});
}

// The labels of CheckTestServer's endpoint in RenderOne's text, plus `extra`.
inline testsupport::LabelSubset EndpointLabels(const testing::TlsTestServer& server,
                                               testsupport::LabelSubset extra = {}) {
  testsupport::LabelSubset labels{
      {"target", "contoso"},
      {"endpoint", std::string(kRevocationHost) + ":" + std::to_string(server.port())},
      {"address", "127.0.0.1"}};
  labels.insert(labels.end(), extra.begin(), extra.end());
  return labels;
}

}  // namespace lde::probe
