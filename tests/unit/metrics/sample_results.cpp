#include "sample_results.h"

namespace lde::metrics::testdata {

using namespace std::chrono_literals;

SysTime Epoch2024() { return SysTime(std::chrono::sys_days(std::chrono::year{2024} / 1 / 1)); }
double Epoch2024Seconds() { return 1704067200.0; }

model::CertFacts MakeCert(const std::string& cn, const std::string& issuer_cn,
                          const std::string& serial, int not_after_days) {
  model::CertFacts c;
  c.subject = "CN=" + cn;
  c.issuer = "CN=" + issuer_cn;
  c.common_name = cn;
  c.serial_hex = serial;
  c.sha256_hex = std::string(64, serial.empty() ? '0' : serial[0]);
  c.not_before = Epoch2024() - std::chrono::days(30);
  c.not_after = Epoch2024() + std::chrono::days(not_after_days);
  return c;
}

model::ProbeResult LyncResult() {
  model::ProbeResult r;
  r.target = "contoso";
  r.kind = "lync";
  r.started = Epoch2024();
  r.duration = 1500ms;
  r.success = false;

  model::DnsOutcome ok_dns;
  ok_dns.host = "lyncdiscover.contoso.com";
  ok_dns.resolver = "system";
  ok_dns.success = true;
  ok_dns.addresses = {"192.0.2.10"};
  ok_dns.elapsed = 20ms;
  model::DnsOutcome bad_dns;
  bad_dns.host = "lyncdiscoverinternal.contoso.com";
  bad_dns.resolver = "corp";
  bad_dns.failure = model::StepFailure{"dns", "nxdomain", "no such name"};
  bad_dns.elapsed = 5ms;
  r.dns = {ok_dns, bad_dns};

  model::EndpointReport disc;
  disc.role = "discovery_external";
  disc.endpoint = {"lyncdiscover.contoso.com", "192.0.2.10", 443};
  disc.tls = model::TlsObservation{};
  disc.tls->protocol = "TLSv1.2";
  disc.tls->handshake_time = 50ms;
  disc.http = model::HttpObservation{};
  disc.http->status = 200;
  disc.http->elapsed = 30ms;
  model::ChainReport chain;
  chain.certs = {MakeCert("lyncdiscover.contoso.com", "Contoso Issuing CA", "0a01", 90),
                 MakeCert("Contoso Issuing CA", "Contoso Root CA", "0b02", 60),
                 MakeCert("Contoso Root CA", "Contoso Root CA", "0c03", 3650)};
  chain.certs[0].dns_names = {"lyncdiscover.contoso.com", "lyncdiscoverinternal.contoso.com"};
  chain.trust = {model::TrustVerdict{"public", model::TrustReason::kOk, 0, ""},
                 model::TrustVerdict{"enterprise", model::TrustReason::kUnknownIssuer, 20,
                                     "unable to get local issuer certificate"}};
  chain.hostname_match = true;
  chain.complete = true;
  chain.ordered = false;
  chain.earliest_not_after = chain.certs[1].not_after;
  disc.chain = chain;

  model::EndpointReport web;
  web.role = "web_external";
  web.endpoint = {"webext.contoso.com", "192.0.2.20", 443};
  web.failure = model::StepFailure{"connect", "connection_refused", "refused"};
  r.endpoints = {disc, web};

  model::NetworkReport external;
  external.network = "external";
  external.discovery_success = true;
  external.discovery_host = "lyncdiscover.contoso.com";
  external.links = {{"self", "https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root"},
                    {"user", "https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user"},
                    {"xframe", "https://webext.contoso.com/Autodiscover/XFrame/XFrame.html"}};
  external.oauth_challenge = true;
  external.auth_schemes = {"Bearer", "MsRtcOAuth"};
  external.xml_discovery_success = false;
  external.verdicts = {
      model::ProfileVerdict{"lync2013", true, std::nullopt},
      model::ProfileVerdict{"lync2010", false, model::StepFailure{"tls", "unknown_issuer", "x"}}};
  model::NetworkReport internal;
  internal.network = "internal";
  internal.verdicts = {
      model::ProfileVerdict{"lync2013", false, model::StepFailure{"dns", "nxdomain", "y"}}};
  r.networks = {external, internal};
  return r;
}

model::ProbeResult DnsFailureResult() {
  model::ProbeResult r;
  r.target = "broken";
  r.kind = "tls";
  r.started = Epoch2024() + 10s;
  r.duration = 250ms;
  model::DnsOutcome dns;
  dns.host = "nowhere.invalid";
  dns.resolver = "system";
  dns.failure = model::StepFailure{"dns", "nxdomain", "NXDOMAIN"};
  dns.elapsed = 7ms;
  r.dns = {dns};
  r.failure = model::StepFailure{"dns", "nxdomain", "NXDOMAIN"};
  return r;
}

results::ResultStore::Snapshot FullSnapshot() {
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(DnsFailureResult()),
                  std::make_shared<const model::ProbeResult>(LyncResult())};
  snap.counts = {{"broken", {0, 4}}, {"contoso", {3, 2}}};
  return snap;
}

ExporterState SampleState() {
  ExporterState state;
  state.version = "0.1.0-test";
  state.last_reload_ok = true;
  state.last_reload_success = Epoch2024() - std::chrono::hours(1);
  state.skipped_runs = {{"contoso", 2}};
  return state;
}

}  // namespace lde::metrics::testdata
