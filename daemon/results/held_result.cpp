#include "results/held_result.h"

namespace lde::results {
namespace {

// clear() keeps the capacity; swapping with an empty value frees it.
template <typename T>
void Free(T& value) {
  T().swap(value);
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
    }
  }
}

}  // namespace lde::results
