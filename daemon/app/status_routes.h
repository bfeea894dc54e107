#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "app/options.h"
#include "app/status_page.h"
#include "http/router.h"

namespace lde::app {

enum class StatusFormat { kJson, kHtml };

// The format GET /status answers in: `format=json` or `format=html` in the
// query decides; else the type the Accept header prefers (text/html against
// application/json, RFC 9110 12.5.1); on a tie (no Accept, "*/*") JSON for
// every target, which scripts have always had, and HTML for one target
// (`target=NAME`). nullopt for any other `format` value.
std::optional<StatusFormat> ChooseStatusFormat(const http::HttpRequest& request, bool one_target);

// GET / (the HTML status page) and GET /status (every result, or one with
// ?target=NAME: JSON or HTML as ChooseStatusFormat says; 404 for a name that
// is not configured). Every answer carries X-Content-Type-Options: nosniff
// and the pages' Content-Security-Policy; /status adds Vary: Accept. `view`
// must be thread-safe.
std::vector<http::Route> StatusRoutes(const Options& options, std::function<StatusView()> view);

}  // namespace lde::app
