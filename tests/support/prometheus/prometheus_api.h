#pragma once

// The two answers of Prometheus' HTTP API the tests read, parsed into plain
// values: /api/v1/query (an instant vector or a scalar) and /api/v1/targets
// (the active scrape targets). Pure functions of the response body.

#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace lde::testing {

// One element of an instant query's result.
struct PromSample {
  std::map<std::string, std::string> labels;  // __name__ included when Prometheus kept it
  std::string text;                           // the value as Prometheus wrote it ("1", "NaN")
  double value = 0;

  std::string Label(const std::string& name) const {
    auto it = labels.find(name);
    return it == labels.end() ? "" : it->second;
  }
};

// One active target: what service discovery and relabelling kept.
struct PromTarget {
  std::string scrape_pool;  // the job name
  std::string scrape_url;
  std::string health;  // "up", "down" or "unknown" (not scraped yet)
  std::string last_error;
  std::map<std::string, std::string> labels;  // after relabelling (job, instance, ...)
};

// The result of a successful query ("status":"success"); a vector or a scalar
// (one sample without labels). Any other answer, or a body that is not the
// API's JSON, is an Error with Prometheus' own message when it gave one.
Result<std::vector<PromSample>> ParseQueryResponse(const std::string& body);
Result<std::vector<PromTarget>> ParseTargetsResponse(const std::string& body);

// "{a=\"1\", b=\"2\"} 0.5" per sample, one a line: for failure messages.
std::string Describe(const std::vector<PromSample>& samples);

}  // namespace lde::testing
