#pragma once

// Internal to lde_metrics: one exposition rendered on two threads, for a
// sink that can join parts made apart (gzip: common/splicing_sink.h).

#include <cstddef>
#include <vector>

#include "common/byte_sink.h"
#include "common/splicing_sink.h"
#include "metrics/render.h"
#include "metrics/render_parts.h"

namespace lde::metrics {

// Writes `families` over `store` into `out` (whose Splicing() is
// `splicing`), byte for byte as one TextWriter grouping by target would,
// with the results shared between this thread and a second one: each
// family's lines of the first share are written here, those of the second
// share are written (and compressed) on the other thread into a segment
// spliced in after them. The exporter's own families are written here
// whole. The second thread runs at most one family ahead, so what waits to
// be spliced is one family's compressed share and the next in the making.
//
// Only one split runs at a time in the process (a second scrape meanwhile
// renders alone: the two threads already have the cores). Returns false,
// having written nothing, when it cannot split (another split is running,
// or no thread could be started); the caller then renders alone. Needs
// what ResultStore::Take returns: results sorted by target, each target
// once after bounding (GroupsAreContiguous).
bool StreamFamiliesSplit(const std::vector<FamilySpec>& families, const results::ResultStore::Snapshot& store,
                         const ExporterState& state, ByteSink& out, SplicingSink& splicing);

// Where the results are shared: the first index of the second share, so
// that both shares hold about as many endpoints and Lync networks (what
// most lines are written for). 0 when there is nothing to share.
std::size_t SplitPoint(const Snapshot::Results& results);

}  // namespace lde::metrics
