#include "app/result_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "common/utf8.h"
#include "probe/probe_log.h"

namespace lde::app {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr FailureJson(const model::StepFailure& f) {
  Object::Ptr o = new Object;
  o->set("step", std::string(model::StepName(f.step)));
  o->set("reason", std::string(model::ReasonName(f.reason)));
  o->set("detail", f.detail);
  return o;
}

Array::Ptr StringsJson(const std::vector<std::string>& values) {
  Array::Ptr out = new Array;
  for (const auto& v : values) out->add(v);
  return out;
}

Object::Ptr ChainJson(const model::ChainReport& chain) {
  Object::Ptr o = new Object;
  o->set("hostname_match", chain.hostname_match);
  o->set("complete", chain.complete);
  o->set("ordered", chain.ordered);
  Array::Ptr certs = new Array;
  for (const auto& ref : chain.certs) {
    const model::PackedCertFacts& c = *ref;
    Object::Ptr cert = new Object;
    cert->set("subject", std::string(c.subject()));
    cert->set("issuer", std::string(c.issuer()));
    cert->set("serial", std::string(c.serial_hex()));
    cert->set("sha256", std::string(c.sha256_hex()));
    cert->set("not_before", static_cast<Poco::Int64>(ToUnixSeconds(c.not_before())));
    cert->set("not_after", static_cast<Poco::Int64>(ToUnixSeconds(c.not_after())));
    cert->set("dns_names", StringsJson(c.dns_names().ToVector()));
    certs->add(cert);
  }
  o->set("certificates", certs);
  Array::Ptr trust = new Array;
  for (const auto& v : chain.trust) {
    Object::Ptr t = new Object;
    t->set("store", v.store.str());
    t->set("trusted", v.trusted());
    t->set("reason", std::string(model::TrustReasonName(v.reason)));
    t->set("detail", v.detail.str());
    trust->add(t);
  }
  o->set("trust", trust);
  Object::Ptr staple = new Object;
  staple->set("status", std::string(model::OcspStapleStatusName(chain.ocsp_staple->status)));
  if (!chain.ocsp_staple->detail.empty()) staple->set("detail", chain.ocsp_staple->detail);
  o->set("ocsp_staple", staple);
  Array::Ptr crls = new Array;
  for (std::size_t i = 0; i < chain.crl.size(); ++i) {
    const model::CrlReport& c = chain.crl[i];
    Object::Ptr crl = new Object;
    crl->set("status", std::string(model::CrlStatusName(c.status)));
    if (!c.url.empty()) crl->set("url", c.url);
    if (!c.detail.empty()) crl->set("detail", c.detail);
    crls->add(crl);
  }
  o->set("crl", crls);
  Array::Ptr ocsp = new Array;
  for (std::size_t i = 0; i < chain.ocsp.size(); ++i) {
    const model::OcspReport& r = chain.ocsp[i];
    Object::Ptr entry = new Object;
    entry->set("status", std::string(model::OcspStatusName(r.status)));
    if (!r.url.empty()) entry->set("url", r.url);
    if (r.next_update) entry->set("next_update", static_cast<Poco::Int64>(ToUnixSeconds(*r.next_update)));
    if (!r.detail.empty()) entry->set("detail", r.detail);
    ocsp->add(entry);
  }
  o->set("ocsp", ocsp);
  Array::Ptr urls = new Array;
  for (const auto& u : chain.revocation_urls) {
    Object::Ptr entry = new Object;
    entry->set("position", static_cast<Poco::UInt64>(u.position));
    entry->set("kind", std::string(model::RevocationUrlKindName(u.kind)));
    entry->set("url", u.url);
    entry->set("up", u.up);
    urls->add(entry);
  }
  o->set("revocation_urls", urls);
  return o;
}

// The names the certificate must carry for its Lync job, and those it lacks.
Object::Ptr SanJson(const model::SanReport& san) {
  Object::Ptr o = new Object;
  o->set("judged_as", std::string(model::RoleName(san.judged_as)));
  o->set("required", StringsJson(san.required));
  o->set("missing", StringsJson(san.missing));
  if (san.names_dropped > 0) o->set("names_dropped", static_cast<Poco::UInt64>(san.names_dropped));
  return o;
}

Object::Ptr EndpointJson(const model::EndpointReport& e) {
  Object::Ptr o = new Object;
  o->set("endpoint", e.endpoint.Name());
  o->set("address", e.endpoint.address);
  if (e.role != model::Role::kNone) o->set("role", std::string(model::RoleName(e.role)));
  if (e.network != model::Network::kNone) o->set("network", std::string(model::NetworkName(e.network)));
  if (e.tls) {
    o->set("tls_version", e.tls->protocol.str());
    o->set("cipher", e.tls->cipher.str());
  }
  if (e.http) o->set("http_status", e.http->status);
  if (e.chain) o->set("chain", ChainJson(*e.chain));
  if (e.san) o->set("san", SanJson(*e.san));
  if (e.issuer_fetch) {
    Object::Ptr fetch = new Object;
    fetch->set("status", std::string(model::IssuerFetchStatusName(e.issuer_fetch->status)));
    if (!e.issuer_fetch->url.empty()) fetch->set("url", e.issuer_fetch->url);
    if (!e.issuer_fetch->detail.empty()) fetch->set("detail", e.issuer_fetch->detail);
    o->set("aia_fetch", fetch);
  }
  if (!e.policy_violations.empty()) {
    Array::Ptr violations = new Array;
    for (const auto& v : e.policy_violations) {
      Object::Ptr violation = new Object;
      violation->set("policy", v.policy);
      violation->set("position", static_cast<int>(v.position));
      violation->set("rule", std::string(model::PolicyRuleName(v.rule)));
      violation->set("detail", v.detail);
      violations->add(violation);
    }
    o->set("policy_violations", violations);
  }
  if (e.failure) o->set("failure", FailureJson(*e.failure));
  return o;
}

Object::Ptr NetworkJson(const model::NetworkReport& n) {
  Object::Ptr o = new Object;
  o->set("network", std::string(model::NetworkName(n.network)));
  o->set("discovery_success", n.discovery_success);
  o->set("discovery_host", n.discovery_host);
  if (n.discovery_leg) o->set("discovery_leg", std::string(model::DiscoveryLegName(*n.discovery_leg)));
  Array::Ptr links = new Array;
  for (const auto& l : n.links) {
    Object::Ptr link = new Object;
    link->set("rel", l.rel);
    link->set("href", l.href);
    links->add(link);
  }
  o->set("links", links);
  o->set("oauth_challenge", n.oauth_challenge);
  o->set("oauth_href", n.oauth_href);
  if (n.xml_discovery_success) o->set("xml_discovery_success", *n.xml_discovery_success);
  Array::Ptr legs = new Array;
  for (const auto& l : n.http_legs) {
    Object::Ptr leg = new Object;
    leg->set("host", l.host);
    leg->set("status", l.status);
    leg->set("leads_to", std::string(model::HttpLegName(l.leads_to)));
    if (!l.location.empty()) leg->set("location", l.location);
    if (!l.detail.empty()) leg->set("detail", l.detail);
    legs->add(leg);
  }
  o->set("http_legs", legs);
  Array::Ptr verdicts = new Array;
  for (const auto& v : n.verdicts) {
    Object::Ptr verdict = new Object;
    verdict->set("profile", v.profile);
    verdict->set("ready", v.ready);
    if (v.failure) verdict->set("failure", FailureJson(*v.failure));
    if (!v.failure_address.empty()) verdict->set("failure_address", v.failure_address);
    if (v.leg) verdict->set("leg", std::string(model::DiscoveryLegName(*v.leg)));
    verdicts->add(verdict);
  }
  o->set("verdicts", verdicts);
  if (n.signin) {
    // Outcome and timings only: no token, no password ever reaches a result.
    Object::Ptr signin = new Object;
    signin->set("success", n.signin->success);
    if (!n.signin->success) {
      signin->set("failed_step", std::string(model::UcwaStepName(n.signin->failed_step)));
      signin->set("reason", std::string(model::ReasonName(n.signin->reason)));
      signin->set("detail", n.signin->detail);
      signin->set("credentials_withheld", n.signin->credentials_withheld);
    }
    Array::Ptr steps = new Array;
    for (const auto& step : n.signin->steps) {
      Object::Ptr timed = new Object;
      timed->set("step", std::string(model::UcwaStepName(step.step)));
      timed->set("seconds", ToSeconds(step.elapsed));
      steps->add(timed);
    }
    signin->set("steps", steps);
    o->set("signin", signin);
  }
  return o;
}

Object::Ptr ResultJson(const model::ProbeResult& r) {
  Object::Ptr o = new Object;
  o->set("target", r.target);
  o->set("kind", r.kind);
  o->set("success", r.success);
  o->set("started", static_cast<Poco::Int64>(ToUnixSeconds(r.started)));
  o->set("duration_seconds", ToSeconds(r.duration));
  if (r.failure) o->set("failure", FailureJson(*r.failure));
  Array::Ptr dns = new Array;
  for (const auto& d : r.dns) {
    Object::Ptr lookup = new Object;
    lookup->set("host", d.host.str());
    lookup->set("resolver", d.resolver.str());
    lookup->set("success", d.success);
    Array::Ptr addresses = new Array;
    for (const auto& a : d.addresses) addresses->add(a);
    lookup->set("addresses", addresses);
    if (d.failure) lookup->set("failure", FailureJson(*d.failure));
    dns->add(lookup);
  }
  o->set("dns", dns);
  Array::Ptr endpoints = new Array;
  for (const auto& e : r.endpoints) endpoints->add(EndpointJson(e));
  o->set("endpoints", endpoints);
  if (!r.networks.empty()) {
    Array::Ptr networks = new Array;
    for (const auto& n : r.networks) networks->add(NetworkJson(n));
    o->set("networks", networks);
  }
  Array::Ptr log = new Array;
  for (const auto& line : probe::ShownLog(r)) log->add(line);
  o->set("log", log);
  return o;
}

// POCO escapes C0 controls (\r, \u0000) but copies DEL and C1 controls
// (U+0080..U+009F) raw: legal JSON (RFC 8259 §7), yet control characters a
// peer chose, which a terminal showing /status may act on. Escape them too.
// Outside string values the document is ASCII without DEL, so only strings
// change. `text` is well-formed UTF-8.
std::string EscapeDelAndC1(std::string text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x7F || (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)) {
      ++count;
    }
  }
  if (count == 0) return text;
  static constexpr char kHex[] = "0123456789ABCDEF";  // upper case, as POCO writes \u001B
  std::string out;
  out.reserve(text.size() + 5 * count);
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      c = static_cast<unsigned char>(text[++i]);  // C2 80..C2 9F is U+0080..U+009F
    } else if (c != 0x7F) {
      out.push_back(text[i]);
      continue;
    }
    out.append("\\u00").push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace

std::string ResultsToJson(const std::vector<std::shared_ptr<const model::ProbeResult>>& results) {
  Array::Ptr all = new Array;
  for (const auto& r : results) all->add(ResultJson(*r));
  Object root;
  root.set("results", all);
  std::ostringstream out;
  root.stringify(out, 2);
  out << "\n";
  // Details quote what peers sent (a binary status line, say), and POCO copies
  // bytes >= 0x80 through unchecked; JSON must be UTF-8 (RFC 8259 §8.1).
  // Outside string values the document is ASCII, so repairing the whole text
  // repairs exactly the strings.
  return EscapeDelAndC1(ToValidUtf8(out.str()));
}

}  // namespace lde::app
