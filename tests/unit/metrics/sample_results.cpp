#include "sample_results.h"

#include <algorithm>

namespace lde::metrics::testdata {

using namespace std::chrono_literals;
using namespace std::string_literals;

SysTime Epoch2024() { return SysTime(std::chrono::sys_days(std::chrono::year{2024} / 1 / 1)); }
double Epoch2024Seconds() { return 1704067200.0; }

model::CertFacts MakeCert(const std::string& cn, const std::string& issuer_cn, const std::string& serial,
                          int not_after_days) {
  model::CertFacts c;
  c.subject = "CN=" + cn;
  c.issuer = "CN=" + issuer_cn;
  c.common_name = cn;
  c.serial_hex = serial;
  c.sha256_hex = std::string(64, serial.empty() ? '0' : serial[0]);
  c.not_before = Epoch2024() - std::chrono::days(30);
  c.not_after = Epoch2024() + std::chrono::days(not_after_days);
  c.key_type = "RSA";  // as x509/ names it; rendered lower case
  c.key_bits = 2048;
  c.signature_algorithm = "sha256WithRSAEncryption";
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
  bad_dns.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "no such name"};
  bad_dns.elapsed = 5ms;
  r.dns = {ok_dns, bad_dns};

  model::EndpointReport disc;
  disc.role = model::Role::kDiscoveryExternal;
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
  chain.certs[0].Edit([&](model::CertFacts& f) {
    f.dns_names = {"lyncdiscover.contoso.com", "lyncdiscoverinternal.contoso.com"};
  });
  chain.trust = {model::TrustVerdict{"public", model::TrustReason::kOk, 0, ""},
                 model::TrustVerdict{"enterprise", model::TrustReason::kUnknownIssuer, 20,
                                     "unable to get local issuer certificate"}};
  chain.hostname_match = true;
  chain.complete = true;
  chain.ordered = false;
  chain.earliest_not_after = chain.certs[1]->not_after();
  // Live OCSP: the leaf's responder said good; the intermediate's CRL URL did
  // not answer.
  chain.ocsp.resize(chain.certs.size());
  chain.ocsp[0] = model::OcspReport{model::OcspStatus::kGood,
                                    "http://ocsp.contoso.com/",
                                    Epoch2024() - std::chrono::hours(1),
                                    Epoch2024() + std::chrono::days(4),
                                    std::nullopt,
                                    ""};
  chain.revocation_urls = {{0, model::RevocationUrlKind::kOcsp, "http://ocsp.contoso.com/", true},
                           {1, model::RevocationUrlKind::kCrl, "http://pki.contoso.com/root.crl", false}};
  disc.chain = chain;
  disc.leaf_since = Epoch2024() - std::chrono::hours(24 * 30);
  // The reverse proxy of two SIP domains whose certificate has neither the
  // second domain's lyncdiscover name nor the web services name.
  disc.san = model::SanReport{model::Role::kDiscoveryExternal,
                              {"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com"},
                              {"lyncdiscover.fabrikam.com", "webext.contoso.com"},
                              0};

  model::EndpointReport web;
  web.role = model::Role::kWebExternal;
  web.endpoint = {"webext.contoso.com", "192.0.2.20", 443};
  web.failure = model::StepFailure{model::Step::kConnect, model::Reason::kConnectionRefused, "refused"};
  r.endpoints = {disc, web};

  model::NetworkReport external;
  external.network = model::Network::kExternal;
  external.discovery_success = true;
  external.discovery_host = "lyncdiscover.contoso.com";
  external.links = {
      {"self", "https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root"},
      {"user", "https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user"},
      {"xframe", "https://webext.contoso.com/Autodiscover/XFrame/XFrame.html"}};
  external.oauth_challenge = true;
  external.auth_schemes = {"Bearer", "MsRtcOAuth"};
  external.xml_discovery_success = false;
  external.http_legs = {{"lyncdiscover.contoso.com", 200, model::HttpLeg::kRedirect,
                         "https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root", ""}};
  external.discovery_leg = model::DiscoveryLeg::kHttp;
  external.verdicts = {
      model::ProfileVerdict{"lync2013", true, std::nullopt, "", model::DiscoveryLeg::kHttp},
      model::ProfileVerdict{"lync2010", false,
                            model::StepFailure{model::Step::kTls, model::Reason::kUnknownIssuer, "x"}}};
  model::NetworkReport internal;
  internal.network = model::Network::kInternal;
  internal.verdicts = {model::ProfileVerdict{
      "lync2013", false, model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "y"}}};
  // A deployment with `auth`: signed in outside, refused an application inside.
  external.signin = model::UcwaSignin{true,
                                      model::UcwaStep::kToken,
                                      model::Reason::kOk,
                                      "",
                                      {{model::UcwaStep::kToken, 250ms},
                                       {model::UcwaStep::kUser, 125ms},
                                       {model::UcwaStep::kApplications, 500ms},
                                       {model::UcwaStep::kDelete, 50ms}}};
  internal.signin = model::UcwaSignin{false,
                                      model::UcwaStep::kApplications,
                                      model::Reason::kHttpStatus,
                                      "the applications resource answered 403",
                                      {{model::UcwaStep::kToken, 250ms},
                                       {model::UcwaStep::kUser, 125ms},
                                       {model::UcwaStep::kApplications, 500ms}}};
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
  dns.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "NXDOMAIN"};
  dns.elapsed = 7ms;
  r.dns = {dns};
  r.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "NXDOMAIN"};
  return r;
}

results::ResultStore::Snapshot FullSnapshot() {
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(DnsFailureResult()),
                  std::make_shared<const model::ProbeResult>(LyncResult())};
  snap.counts = {{"broken", {0, 4}}, {"contoso", {3, 2}}};
  return snap;
}

results::ResultStore::Snapshot EdgeCaseSnapshot() {
  model::ProbeResult r = LyncResult();
  r.duration = std::chrono::nanoseconds(123456789);
  r.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "no such name"};
  model::EndpointReport& disc = r.endpoints[0];
  disc.chain->certs[0].Edit([&](model::CertFacts& f) { f.subject = "CN=Evil \"Corp\"\\, Inc\nOU=x\\y"; });
  disc.chain->trust.push_back(disc.chain->trust[0]);  // same store twice
  model::OcspStapleReport staple = *disc.chain->ocsp_staple;
  staple.next_update = Epoch2024() + std::chrono::hours(12);
  disc.chain->ocsp_staple = staple;
  disc.chain->crl.resize(2);
  disc.chain->crl[0].next_update = Epoch2024() + std::chrono::days(7);
  disc.issuer_fetch =
      model::IssuerFetchReport{model::IssuerFetchStatus::kInvalid, "http://aia.example/\"x", "junk"};
  disc.policy_violations = {{"profile:ios\"13", 1, model::PolicyRule::kRejectSha1, "SHA-1"},
                            {"default", 0, model::PolicyRule::kMinEcBits, "192-bit EC"}};
  // step and reason are enums now: nothing to escape there (target, href and
  // subject above still carry quotes, backslashes and newlines).
  r.endpoints[1].failure =
      model::StepFailure{model::Step::kWebConnect, model::Reason::kConnectionRefused, ""};
  r.endpoints[1].endpoint.port = 65535;
  model::EndpointReport same = disc;  // the same endpoint and role twice
  model::EndpointReport other_role = disc;
  other_role.role = model::Role::kDiscoveryInternal;  // a different series
  r.endpoints.push_back(std::move(same));
  r.endpoints.push_back(std::move(other_role));
  r.dns.push_back(r.dns[0]);
  r.networks[0].links.push_back({"user", "https://h.example/a\"b\\c\nd"});
  r.networks[0].auth_schemes.push_back("Bearer");
  r.networks[0].auth_schemes.push_back("Ne\"go");
  r.networks.push_back(r.networks[0]);

  model::ProbeResult odd = DnsFailureResult();
  odd.target = "quote\"d\\target\n";
  odd.failure->reason = model::Reason::kTimeout;

  results::ResultStore::Snapshot snap;
  auto lync = std::make_shared<const model::ProbeResult>(r);
  snap.results = {nullptr, lync, std::make_shared<const model::ProbeResult>(odd), lync,
                  std::make_shared<const model::ProbeResult>(DnsFailureResult())};
  snap.counts = {{"broken", {0, 4}}, {"contoso", {(1ull << 60) + 1, 2}}, {odd.target, {1, 0}}};
  return snap;
}

ExporterState EdgeCaseState() {
  ExporterState state = SampleState();
  state.version = "1.0 \"rc\\1\"\n";
  state.revision = "";
  state.compiler = "GNU \"12\"\\2\n";
  // Values whose text is not an integer: a fraction, 2^64-1 and 2^63.
  state.process->cpu_seconds = 1234.56;
  state.process->max_fds = kUnlimited;
  state.process->virtual_memory_bytes = 1ull << 63;
  state.process->start_time_seconds = 1704067200.57;
  state.skipped_runs.emplace_back("quote\"d\\target\n", 7);
  state.http->requests.push_back({{"/odd\"path\\", "503"}, 1});
  return state;
}

model::ProbeResult HostileResult() {
  model::ProbeResult r;
  r.target = "hostile";
  r.kind = "lync";
  r.started = Epoch2024();
  r.duration = 9s;
  model::DnsOutcome dns;
  dns.host = "lyncdiscover.hostile.test";
  dns.resolver = "system";
  dns.success = true;
  for (int i = 0; i < 16; ++i) dns.addresses.push_back("192.0.2." + std::to_string(i + 1));
  dns.addresses_skipped = 4000 - 16;
  model::DnsOutcome long_name = dns;
  long_name.host = std::string(70 * 1024, 'h') + ".hostile.test";
  r.dns = {dns, long_name};

  model::ChainReport chain = LyncResult().endpoints[0].chain.value();
  chain.certs[0].Edit([](model::CertFacts& leaf) {
    leaf.subject = "CN=evil\r\n\0\x1b[2J\x7f\xff\xfe\xc3("s + std::string(3000, 'S');
    leaf.issuer = "CN=" + std::string(5000, 'I');
    leaf.dns_names.clear();
    for (int i = 0; i < 2400; ++i) leaf.dns_names.push_back("san" + std::to_string(i) + ".hostile.test");
    leaf.dns_names.push_back("cr\rlf\n\0.hostile.test"s);
  });
  for (const std::string& address : dns.addresses) {
    model::EndpointReport e;
    e.role = model::Role::kDiscoveryExternal;
    e.network = model::Network::kExternal;
    e.endpoint = {dns.host, address, 443};
    e.tls = model::TlsObservation{};
    e.tls->protocol = "TLSv1.3";
    e.http = model::HttpObservation{};
    e.http->status = 200;
    e.chain = chain;
    e.chain->crl.resize(chain.certs.size());
    e.failure = model::StepFailure{model::Step::kCertificate, model::Reason::kUnknownIssuer,
                                   std::string(100 * 1024, 'd')};
    r.endpoints.push_back(std::move(e));
  }
  model::EndpointReport web;
  web.role = model::Role::kWebExternal;
  web.network = model::Network::kExternal;
  web.endpoint = {long_name.host, "192.0.2.100", 443};
  r.endpoints.push_back(web);

  model::NetworkReport external;
  external.network = model::Network::kExternal;
  external.discovery_success = true;
  external.discovery_host = dns.host;
  external.links = {{"self", "https://lyncdiscover.hostile.test/x\r\ny"},
                    {"user", "https://webext.hostile.test/" + std::string(200 * 1024, 'u')}};
  external.auth_schemes = {std::string(60 * 1024, 'Z')};
  for (int i = 1; i < 16; ++i) external.auth_schemes.push_back("Scheme" + std::to_string(i));
  external.auth_schemes_dropped = 14000 - 16;
  external.verdicts = {
      model::ProfileVerdict{"unmanaged", false,
                            model::StepFailure{model::Step::kDiscoveryTls, model::Reason::kUnknownIssuer,
                                               std::string(100 * 1024, 'v')}}};
  r.networks = {external};
  return r;
}

results::ResultStore::Snapshot HostileSnapshot() {
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(HostileResult()),
                  std::make_shared<const model::ProbeResult>(LyncResult())};
  snap.counts = {{"contoso", {3, 2}}, {"hostile", {0, 1}}};  // sorted, as ResultStore::Take gives them
  return snap;
}

ExporterState SampleState() {
  ExporterState state;
  state.version = "0.1.0-test";
  state.revision = "abc1234";
  state.compiler = "GNU 12.2.0";
  state.last_reload_ok = true;
  state.last_reload_success = Epoch2024() - std::chrono::hours(1);
  state.skipped_runs = {{"contoso", 2}};
  state.probe_errors = {{"broken", 1}};
  ProcessStats process;
  process.cpu_seconds = 2.5;
  process.resident_memory_bytes = 12 * 4096;
  process.virtual_memory_bytes = 300000000;
  process.virtual_memory_max_bytes = kUnlimited;
  process.open_fds = 9;
  process.max_fds = 1024;
  process.start_time_seconds = Epoch2024Seconds() - 7200;
  process.threads = 5;
  state.process = process;
  HttpServerCounters http;
  http.open_connections = 3;
  http.dropped = {{"client_limit", 4}, {"request_timeout", 0}};
  http.requests = {{{"/metrics", "200"}, 17}, {{"other", "401"}, 2}};
  state.http = http;
  state.instance = InstanceState{"2/3", "external", 40, 81, 3};
  return state;
}

}  // namespace lde::metrics::testdata
