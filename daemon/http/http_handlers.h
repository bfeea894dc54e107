#pragma once

#include <functional>
#include <string>
#include <utility>

namespace lde::http {

// What the server calls; app/ wires them to the ResultStore, the renderer and
// the reload logic. Called from the server's worker threads, so each must be
// thread-safe. An empty function answers 503; an exception answers 500.
struct HttpHandlers {
  std::function<std::string()> metrics_text;              // exposition 0.0.4
  std::function<std::pair<bool, std::string>()> reload;    // {ok, message}
  std::function<std::string()> status_json;               // a JSON document
};

}  // namespace lde::http
