#include "app/probe_query.h"

#include "http/query.h"

namespace lde::app {

Result<ProbeQuery> ParseProbeQuery(std::string_view raw_query) {
  auto params = http::ParseQuery(raw_query);
  if (!params.ok()) return MakeError(ErrorKind::kHttpProtocol, params.error().detail);
  ProbeQuery query;
  int targets = 0, debugs = 0;
  for (const auto& [name, value] : params.value()) {
    if (name == "target") {
      ++targets;
      query.target = value;
    } else if (name == "debug") {
      if (++debugs > 1) {
        return MakeError(ErrorKind::kHttpProtocol, "the debug parameter is given more than once");
      }
      if (value != "true" && value != "false") {
        return MakeError(ErrorKind::kHttpProtocol, "the debug parameter must be true or false");
      }
      query.debug = value == "true";
    }
  }
  if (targets == 0) {
    return MakeError(ErrorKind::kHttpProtocol, "missing target parameter: /probe?target=<configured name>");
  }
  if (targets > 1) return MakeError(ErrorKind::kHttpProtocol, "the target parameter is given more than once");
  if (query.target.empty()) return MakeError(ErrorKind::kHttpProtocol, "the target parameter is empty");
  return query;
}

}  // namespace lde::app
