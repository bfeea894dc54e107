#include "integration/lync_walk/lync_walk_fixture.h"

#include <chrono>
#include <stdexcept>

#include "dns/resolver_set.h"
#include "probe/lync_probe.h"
#include "probe/probe_env.h"

namespace lde::lyncwalk {
namespace {

using testing::CertSpec;
using testing::MintedCert;

// Binding a chosen port on a second address can clash with a socket another
// test got on that address; a fresh ephemeral port almost never clashes twice.
constexpr int kBindAttempts = 10;

MintedCert Root(const std::string& name) {
  CertSpec spec;
  spec.common_name = name;
  spec.is_ca = true;
  return testing::MintSelfSigned(spec);
}

std::shared_ptr<const x509::TrustStore> Store(const std::string& name, const MintedCert& root) {
  auto store = x509::TrustStore::FromPem(name, root.pem);
  if (!store.ok()) throw std::runtime_error("trust store " + name + ": " + store.error().detail);
  return store.value();
}

config::ProfileConfig Profile(std::string name, std::vector<std::string> stores, bool validate) {
  config::ProfileConfig profile;
  profile.name = std::move(name);
  profile.trust_stores = std::move(stores);
  profile.validate_certificates = validate;
  return profile;
}

}  // namespace

LyncWalkTest::LyncWalkTest()
    : public_root_(Root("Walk Public Root CA")),
      enterprise_root_(Root("Contoso Enterprise Root CA")),
      public_store_(Store("public", public_root_)),
      enterprise_store_(Store("enterprise", enterprise_root_)),
      config_(std::make_shared<config::Config>()) {
  // A bounded walk: a server that never answers costs at most this per network.
  config_->global.timeout = std::chrono::seconds(5);
  // As in the lab: a phone with public roots only, one whose MDM pushed the
  // enterprise root, and a pre-5.4 client that validates nothing.
  config_->profiles = {Profile("unmanaged", {"public"}, true),
                       Profile("managed", {"public", "enterprise"}, true),
                       Profile("legacy-5.3", {"public"}, false)};

  deployment_.domain = kDomain;
  deployment_.name = kDomain;
  deployment_.sip_uri = "probe@contoso.test";
  deployment_.internal.enabled = true;
  deployment_.internal.resolver = "corp";
  deployment_.external.enabled = true;
  deployment_.trust_stores = {"public"};
  deployment_.profiles = {"unmanaged", "managed", "legacy-5.3"};

  external_dns_ = {{kExternalName, {kProxyAddress}},
                   {kWebHost, {kWebAddress}},
                   {kOAuthHost, {kOAuthAddress}},
                   {kHybridHost, {kHybridAddress}}};
  internal_dns_ = external_dns_;
  internal_dns_[kInternalName] = {kFrontEndAddress};
}

void LyncWalkTest::Start(const std::vector<Site>& sites) {
  for (int attempt = 0; attempt < kBindAttempts; ++attempt) {
    servers_.clear();
    server_hosts_.clear();
    server_plain_.clear();
    port_ = 0;
    http_port_ = 0;
    try {
      for (const auto& site : sites) {
        if (site.plain_http) {
          testing::TlsTestServerOptions options;
          options.tls = false;
          options.bind_address = site.address;
          options.port = http_port_;  // 0 for the first plain site: it picks the shared HTTP port
          options.handler = site.handler;
          options.behaviour = site.behaviour;
          servers_.push_back(std::make_unique<testing::TlsTestServer>(options));
          server_hosts_.push_back(site.host);
          server_plain_.push_back(true);
          http_port_ = servers_.back()->port();
          continue;
        }
        CertSpec spec;
        spec.common_name = site.host;
        spec.dns_names = {site.host};
        spec.dns_names.insert(spec.dns_names.end(), site.extra_names.begin(), site.extra_names.end());
        if (site.expired) {
          spec.not_before = clock_.Now() - std::chrono::hours(24 * 400);
          spec.not_after = clock_.Now() - std::chrono::hours(24);
        }
        MintedCert leaf = testing::MintSigned(spec, site.enterprise ? enterprise_root_ : public_root_);
        testing::TlsTestServerOptions options;
        options.bind_address = site.address;
        options.port = port_;  // 0 for the first: it picks the shared port
        options.cert_chain_pem = leaf.pem;
        options.key_pem = leaf.key_pem;
        options.handler = site.handler;
        options.behaviour = site.behaviour;
        servers_.push_back(std::make_unique<testing::TlsTestServer>(options));
        server_hosts_.push_back(site.host);
        server_plain_.push_back(false);
        port_ = servers_.back()->port();
      }
      return;
    } catch (const std::runtime_error& error) {
      if (attempt + 1 == kBindAttempts) FAIL() << "could not start the sites: " << error.what();
    }
  }
}

const testing::TlsTestServer& LyncWalkTest::Server(const std::string& host) const {
  for (std::size_t i = 0; i < servers_.size(); ++i) {
    if (server_hosts_[i] == host && !server_plain_[i]) return *servers_[i];
  }
  throw std::runtime_error("no server was started for " + host);
}

const testing::TlsTestServer& LyncWalkTest::HttpServer(const std::string& host) const {
  for (std::size_t i = 0; i < servers_.size(); ++i) {
    if (server_hosts_[i] == host && server_plain_[i]) return *servers_[i];
  }
  throw std::runtime_error("no plain-HTTP server was started for " + host);
}

std::string LyncWalkTest::Url(const std::string& host, const std::string& path) const {
  return "https://" + host + ":" + std::to_string(port()) + path;
}

testing::HttpHandler LyncWalkTest::RootDocumentHandler() const {
  return [this](const std::string& raw) {
    const bool xml = WantsXml(raw);
    const std::string self = "https://" + RequestHeader(raw, "Host") + kRootPath;
    return Answer(200, xml ? kXmlType : kJsonType, RootDocument(self, Url(kWebHost, kUserPath), xml));
  };
}

testing::HttpHandler LyncWalkTest::RedirectHandler(std::string host, std::string path) const {
  return [this, host = std::move(host), path = std::move(path)](const std::string& raw) {
    const bool xml = WantsXml(raw);
    return Answer(200, xml ? kXmlType : kJsonType, RedirectDocument(Url(host, path), xml));
  };
}

testing::HttpHandler LyncWalkTest::ChallengeHandler(std::vector<std::string> www_authenticate) const {
  return [challenges = std::move(www_authenticate)](const std::string&) {
    Headers headers;
    for (const auto& challenge : challenges) headers.emplace_back("WWW-Authenticate", challenge);
    return Answer(401, "text/html", "<html><body>401 - Unauthorized</body></html>", headers);
  };
}

std::string LyncWalkTest::OAuthHref() const { return Url(kOAuthHost, "/WebTicket/oauthtoken"); }

testing::HttpHandler LyncWalkTest::HealthyUserHandler() const {
  return [this](const std::string& raw) {
    return ChallengeHandler({"Negotiate", R"(MsRtcOAuth href=")" + OAuthHref() +
                                              R"(",grant_type="urn:microsoft.rtc:windows,)"
                                              R"(urn:microsoft.rtc:anonmeeting,password")"})(raw);
  };
}

std::vector<Site> LyncWalkTest::HealthySites() const {
  return {
      Site{kFrontEndAddress, kInternalName, false, RootDocumentHandler()},
      Site{kProxyAddress, kExternalName, false, RootDocumentHandler()},
      Site{kWebAddress, kWebHost, false, HealthyUserHandler()},
      Site{kOAuthAddress, kOAuthHost, false, {}},
  };
}

model::ProbeResult LyncWalkTest::Probe() {
  deployment_.internal.port = port();
  deployment_.external.port = port();
  if (http_port() != 0) {
    deployment_.internal.http_port = http_port();
    deployment_.external.http_port = http_port();
  }
  config_->deployments = {deployment_};

  probe::ProbeEnv env;
  env.config = config_;
  std::vector<std::unique_ptr<dns::Resolver>> named;
  named.push_back(std::make_unique<dns::StaticResolver>("corp", internal_dns_));
  env.resolvers = std::make_shared<const dns::ResolverSet>(
      std::make_unique<dns::StaticResolver>("system", external_dns_), std::move(named));
  env.stores = {{"public", public_store_}, {"enterprise", enterprise_store_}};
  env.issuers = std::make_shared<probe::FetchCache>();
  env.crls = std::make_shared<probe::FetchCache>();
  env.ocsp = std::make_shared<probe::FetchCache>();
  env.clock = &clock_;
  // Two networks at global.timeout each, plus slack: never reached by a
  // passing test, it only bounds a broken one.
  return probe::ProbeDeployment(config_->deployments.front(), env,
                                Deadline::After(clock_, std::chrono::seconds(15)));
}

const model::NetworkReport* FindNetwork(const model::ProbeResult& result, const std::string& network) {
  for (const auto& report : result.networks) {
    if (model::NetworkName(report.network) == network) return &report;
  }
  ADD_FAILURE() << "no " << network << " network in the result";
  return nullptr;
}

std::vector<const model::EndpointReport*> EndpointsWithRole(const model::ProbeResult& result,
                                                            const std::string& network,
                                                            const std::string& role) {
  std::vector<const model::EndpointReport*> out;
  for (const auto& endpoint : result.endpoints) {
    if (model::NetworkName(endpoint.network) == network && model::RoleName(endpoint.role) == role) {
      out.push_back(&endpoint);
    }
  }
  return out;
}

const model::DnsOutcome* FindDns(const model::ProbeResult& result, const std::string& host,
                                 const std::string& resolver) {
  for (const auto& dns : result.dns) {
    if (dns.host == host && dns.resolver == resolver) return &dns;
  }
  return nullptr;
}

Outcomes VerdictOutcomes(const model::NetworkReport& network) {
  Outcomes out;
  for (const auto& verdict : network.verdicts) {
    std::string failure = verdict.failure ? std::string(model::StepName(verdict.failure->step)) + "/" +
                                                std::string(model::ReasonName(verdict.failure->reason))
                                          : "";
    if (verdict.ready) {
      out[verdict.profile] = failure.empty() ? "ready" : "ready+" + failure;
    } else {
      out[verdict.profile] = failure.empty() ? "not ready, no failure" : failure;
    }
  }
  return out;
}

}  // namespace lde::lyncwalk
