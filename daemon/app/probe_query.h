#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace lde::app {

// What GET /probe was asked: a configured target's name, nothing else that
// could choose what is probed (no URL, host or module parameter, ever).
struct ProbeQuery {
  std::string target;  // a configured target's or deployment's name, decoded
  bool debug = false;  // answer the probe's log lines before its metrics

  bool operator==(const ProbeQuery&) const = default;
};

// Reads the raw query of GET /probe (http::ParseQuery decodes it): exactly
// one non-empty `target`; `debug` true or false, at most once (absent:
// false). Other parameters are ignored, as Prometheus may send what a
// scrape config's `params` lists. The error (400 for the client) is one
// line saying what is wrong.
Result<ProbeQuery> ParseProbeQuery(std::string_view raw_query);

}  // namespace lde::app
