#pragma once

#include "model/probe_result.h"

namespace lde::results {

// Sets EndpointReport::leaf_since on every endpoint of `next` that presented
// a leaf: carried over from the same endpoint (role, network, host, port,
// address) of `previous` when it presented the same leaf (SHA-256), else
// next.started, the first time this instance saw that leaf there. So
// lyncdiscover_cert_last_change_timestamp_seconds moves when a certificate
// is rotated and stays put otherwise. `previous` may be null (first run, or
// the daemon restarted: history is not kept across restarts). Pure.
void CarryLeafSince(const model::ProbeResult* previous, model::ProbeResult& next);

}  // namespace lde::results
