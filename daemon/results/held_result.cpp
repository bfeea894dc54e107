#include "results/held_result.h"

#include <vector>

namespace lde::results {
namespace {

// clear() keeps the capacity; swapping with an empty value frees it.
template <typename T>
void Free(T& value) {
  T().swap(value);
}

// A vector filled by push_back holds up to twice what it needs until it is
// freed: the endpoints of a Lync walk (416 bytes each, five or so per
// network), the chain's certificates and verdicts, the DNS answers. A
// result is held for a whole interval, so it keeps only what it holds.
template <typename T>
void Fit(std::vector<T>& values) {
  if (values.capacity() > values.size()) values.shrink_to_fit();
}

void FitNetwork(model::NetworkReport& n) {
  Fit(n.links);
  Fit(n.auth_schemes);
  Fit(n.http_legs);
  Fit(n.verdicts);
  if (n.signin) Fit(n.signin->steps);
}

}  // namespace

void DropUnservedBytes(model::ProbeResult& result) {
  for (model::EndpointReport& e : result.endpoints) {
    if (e.tls) {
      Free(e.tls->presented_chain);
      e.tls->ocsp_staple.reset();
    }
    if (e.http) {
      Free(e.http->body);
      Free(e.http->headers);
    }
    if (e.chain) {
      e.chain->crl.DropDefaultTail();
      e.chain->ocsp.DropDefaultTail();
      Fit(e.chain->certs);
      Fit(e.chain->trust);
      Fit(e.chain->revocation_urls);
    }
    Fit(e.policy_violations);
    if (e.san) {
      Fit(e.san->required);
      Fit(e.san->missing);
    }
  }
  Fit(result.endpoints);
  for (model::DnsOutcome& d : result.dns) Fit(d.addresses);
  Fit(result.dns);
  for (model::NetworkReport& n : result.networks) FitNetwork(n);
  Fit(result.networks);
  Fit(result.log);
}

}  // namespace lde::results
