#pragma once

// A ResultStore snapshot as the daemon holds it after probing N HTTPS
// targets: each ProbeResult carries DNS, one endpoint with its TLS
// observation (the presented DER chain included), an HTTP observation with a
// small discovery body, a 3-cert ChainReport judged by two stores and a few
// log lines: what a scrape renders and what stays in memory between scrapes.
// Each result then goes through results::DropUnservedBytes, as in the
// daemon, so the DER and the body are observed but not held.

#include <cstddef>

#include "results/result_store.h"

namespace lde::bench {

// Where the results lie in the heap.
enum class HeapLayout {
  // Made one after the other in target order, nothing between them: a
  // render walks memory front to back.
  kCompact,
  // As the resident daemon leaves them: made in the order probes finish
  // (shuffled, fixed seed), each among the transient buffers of the 64
  // probes in flight around it, which are freed and reused as probes end.
  kScattered,
};

// The certificates are minted once and decoded with x509::DecodeCertificate;
// each target gets its own leaf serial and fingerprint so no two series share
// label values. Throws std::runtime_error when a certificate does not decode.
results::ResultStore::Snapshot BuildSnapshot(std::size_t targets, HeapLayout layout = HeapLayout::kCompact);

}  // namespace lde::bench
