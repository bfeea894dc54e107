#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/probe_result.h"

namespace lde::app {

// The results as one JSON document: the body of --once --output=json and of
// GET /status. Certificates are described (subject, dates, trust per store),
// never dumped as DER.
std::string ResultsToJson(const std::vector<std::shared_ptr<const model::ProbeResult>>& results);

}  // namespace lde::app
