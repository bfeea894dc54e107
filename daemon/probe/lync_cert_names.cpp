#include "probe/lync_cert_names.h"

#include <algorithm>

#include "analysis/required_names.h"
#include "discovery/url.h"
#include "model/budgets.h"

namespace lde::probe {
namespace {

// One TLS listener: a reverse proxy picks its certificate per listener (TMG,
// IIS ARR), so what it presents for one name it presents for the others.
bool SameListener(const model::Endpoint& a, const model::Endpoint& b) {
  return a.address == b.address && a.port == b.port;
}

// Hosts of the document's user and OAuth links (rel is lower case): the
// external web services names the reverse proxy publishes.
std::vector<std::string> DocumentWebHosts(const model::NetworkReport& network) {
  std::vector<std::string> hosts;
  for (const auto& link : network.links) {
    if (link.rel != "user" && link.rel != "oauth") continue;
    auto url = discovery::ParseUrl(link.href);
    if (!url.ok()) continue;
    if (std::find(hosts.begin(), hosts.end(), url.value().host) == hosts.end()) {
      hosts.push_back(url.value().host);
    }
  }
  return hosts;
}

class NetworkNames {
 public:
  NetworkNames(const config::DeploymentConfig& deployment, const std::vector<std::string>& sip_domains,
               const model::NetworkReport& network, std::vector<model::EndpointReport>& endpoints)
      : sip_domains_(sip_domains),
        network_(network.network),
        endpoints_(endpoints),
        front_end_name_("lyncdiscoverinternal." + deployment.domain),
        proxy_name_("lyncdiscover." + deployment.domain),
        document_hosts_(DocumentWebHosts(network)) {
    for (const auto& e : endpoints_) {
      if (OnNetwork(e) && e.role == model::Role::kDiscoveryExternal && e.endpoint.host == proxy_name_) {
        proxies_.push_back(e.endpoint);
      }
    }
  }

  void Judge() {
    for (auto& e : endpoints_) {
      if (!OnNetwork(e) || !e.chain || !e.tls || e.tls->presented_chain.empty()) continue;
      std::vector<std::string> web_hosts;
      model::Role duty = model::Role::kNone;
      if (e.role == model::Role::kDiscoveryInternal && e.endpoint.host == front_end_name_) {
        duty = model::Role::kDiscoveryInternal;
      } else if (IsProxy(e.endpoint)) {
        duty = model::Role::kDiscoveryExternal;
        web_hosts = HostsServedAt(e.endpoint);
      } else if (e.role == model::Role::kWebExternal) {
        duty = model::Role::kWebExternal;
        web_hosts = {e.endpoint.host.str()};
      } else {
        continue;
      }
      e.san = Report(duty, web_hosts, e.tls->presented_chain.front());
    }
  }

 private:
  bool OnNetwork(const model::EndpointReport& e) const { return e.network == network_; }

  bool IsProxy(const model::Endpoint& endpoint) const {
    return std::any_of(proxies_.begin(), proxies_.end(),
                       [&](const model::Endpoint& p) { return SameListener(p, endpoint); });
  }

  // The document's web services names that were fetched from this listener.
  std::vector<std::string> HostsServedAt(const model::Endpoint& listener) const {
    std::vector<std::string> hosts;
    for (const auto& host : document_hosts_) {
      bool served = std::any_of(endpoints_.begin(), endpoints_.end(), [&](const model::EndpointReport& e) {
        return OnNetwork(e) && e.endpoint.host == host && SameListener(e.endpoint, listener);
      });
      if (served) hosts.push_back(host);
    }
    return hosts;
  }

  model::SanReport Report(model::Role duty, const std::vector<std::string>& web_hosts,
                          const model::Der& leaf) const {
    model::SanReport report;
    report.judged_as = duty;
    report.required = analysis::RequiredNames(sip_domains_, duty, web_hosts);
    constexpr std::size_t kMax = model::budget::kRequiredNames.value;
    if (report.required.size() > kMax) {
      report.names_dropped = report.required.size() - kMax;
      report.required.resize(kMax);
    }
    report.missing = analysis::MissingNames(leaf, report.required);
    return report;
  }

  const std::vector<std::string>& sip_domains_;
  model::Network network_;
  std::vector<model::EndpointReport>& endpoints_;
  std::string front_end_name_;
  std::string proxy_name_;
  std::vector<std::string> document_hosts_;
  std::vector<model::Endpoint> proxies_;  // where lyncdiscover.<domain> answered on this network
};

}  // namespace

std::vector<std::string> SipDomainsOf(const config::DeploymentConfig& deployment) {
  std::vector<std::string> domains = {deployment.domain};
  for (const auto& domain : deployment.sip_domains) {
    if (std::find(domains.begin(), domains.end(), domain) == domains.end()) domains.push_back(domain);
  }
  return domains;
}

void JudgeCertificateNames(const config::DeploymentConfig& deployment, model::ProbeResult& result) {
  const std::vector<std::string> sip_domains = SipDomainsOf(deployment);
  for (const auto& network : result.networks) {
    NetworkNames(deployment, sip_domains, network, result.endpoints).Judge();
  }
}

}  // namespace lde::probe
