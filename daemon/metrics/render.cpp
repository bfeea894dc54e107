#include "metrics/render.h"

#include <sstream>

#include "metrics/render_parts.h"
#include "prometheus/text_serializer.h"

namespace lde::metrics {

std::vector<prometheus::MetricFamily> RenderMetrics(const results::ResultStore::Snapshot& snap,
                                                    const ExporterState& state) {
  FamilySet out;
  for (const auto& result : snap.results) {
    if (!result) continue;
    AppendTargetSeries(*result, out);
    for (const auto& endpoint : result->endpoints) {
      AppendEndpointSeries(result->target, endpoint, out);
    }
    for (const auto& network : result->networks) {
      AppendNetworkSeries(result->target, network, out);
    }
  }
  AppendExporterSeries(snap, state, out);
  return std::move(out).Take();
}

std::string RenderText(const results::ResultStore::Snapshot& snap, const ExporterState& state) {
  return prometheus::TextSerializer().Serialize(RenderMetrics(snap, state));
}

}  // namespace lde::metrics
