#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/log.h"
#include "config/config.h"
#include "dns/resolver_set.h"
#include "probe/fetch_cache.h"
#include "x509/trust_store.h"

namespace lde::probe {

using StoreList = std::vector<std::shared_ptr<const x509::TrustStore>>;

// Everything a probe needs, built once per loaded config and shared read-only
// by every worker (the fetch caches are internally synchronised).
struct ProbeEnv {
  std::shared_ptr<const config::Config> config;
  // Every name a probe resolves goes through these views, so this is the DNS
  // seam: production builds them from the config (BuildProbeEnv); in-process
  // tests hand in a ResolverSet of dns::StaticResolver tables that point the
  // Lync names at their 127.0.0.x servers (or leave them NXDOMAIN). No other
  // hook is needed: the probe code never reaches DNS another way.
  std::shared_ptr<const dns::ResolverSet> resolvers;
  std::map<std::string, std::shared_ptr<const x509::TrustStore>> stores;
  std::shared_ptr<FetchCache> issuers;  // AIA caIssuers fetches
  std::shared_ptr<FetchCache> crls;     // CRL distribution point fetches
  std::shared_ptr<FetchCache> ocsp;     // live OCSP answers (probe/ocsp_fetch.h)
  const Clock* clock = nullptr;
  Logger* log = nullptr;

  // The stores with these names, in the given order (unknown names skipped:
  // config validation already rejected them).
  StoreList Stores(const std::vector<std::string>& names) const;
};

}  // namespace lde::probe
