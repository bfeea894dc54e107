#include "app/status_routes.h"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "app/result_json.h"
#include "common/utf8.h"
#include "http/accept.h"
#include "http/query.h"

namespace lde::app {
namespace {

using http::HttpRequest;
using http::HttpResponse;

constexpr const char* kHtmlType = "text/html; charset=utf-8";
constexpr const char* kJsonType = "application/json; charset=utf-8";
// A target name echoed in an error is cut to this.
constexpr std::size_t kEchoedNameBytes = 256;

HttpResponse Answer(int status, StatusFormat format, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = format == StatusFormat::kHtml ? kHtmlType : kJsonType;
  r.body = std::move(body);
  // Values come from servers we do not control: the browser must neither
  // guess another type nor run or load anything the page names.
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Content-Security-Policy", StatusPageContentSecurityPolicy());
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

std::string UnknownTargetJson(const std::string& target) {
  Poco::JSON::Object o;
  o.set("error", "no target or deployment named \"" + ToValidUtf8(TruncateUtf8(target, kEchoedNameBytes)) +
                     "\" is configured");
  std::ostringstream out;
  o.stringify(out);
  out << "\n";
  return out.str();
}

// The first value of `name` in the request's query, decoded strictly
// (http/query.h); nullopt when absent or when the query is malformed (which
// StatusAnswer answers with 400 before asking).
std::optional<std::string> QueryValue(const HttpRequest& request, std::string_view name) {
  auto params = http::ParseQuery(request.query);
  if (!params.ok()) return std::nullopt;
  for (const auto& param : params.value()) {
    if (param.name == name) return param.value;
  }
  return std::nullopt;
}

HttpResponse StatusAnswer(const HttpRequest& request, const StatusView& view) {
  if (auto params = http::ParseQuery(request.query); !params.ok()) {
    return http::TextResponse(400, "bad query: " + params.error().detail + "\n");
  }
  std::optional<std::string> target = QueryValue(request, "target");
  std::optional<StatusFormat> format = ChooseStatusFormat(request, target.has_value());
  if (!format) return http::TextResponse(400, "format must be json or html\n");
  if (!target) {
    if (*format == StatusFormat::kHtml) return Answer(200, *format, RenderStatusPage(view));
    return Answer(200, *format, ResultsToJson(view.results));
  }
  auto found = std::find_if(view.results.begin(), view.results.end(),
                            [&](const auto& r) { return r->target == *target; });
  bool configured = std::binary_search(view.configured.begin(), view.configured.end(), *target);
  if (found == view.results.end() && !configured) {
    std::string body =
        *format == StatusFormat::kHtml ? RenderUnknownTargetPage(view, *target) : UnknownTargetJson(*target);
    return Answer(404, *format, std::move(body));
  }
  if (*format == StatusFormat::kJson) {
    if (found == view.results.end()) return Answer(200, *format, ResultsToJson({}));
    return Answer(200, *format, ResultsToJson({*found}));
  }
  return Answer(200, *format,
                RenderTargetPage(view, *target, found == view.results.end() ? nullptr : found->get()));
}

}  // namespace

std::optional<StatusFormat> ChooseStatusFormat(const HttpRequest& request, bool one_target) {
  if (auto format = QueryValue(request, "format")) {
    if (*format == "json") return StatusFormat::kJson;
    if (*format == "html") return StatusFormat::kHtml;
    return std::nullopt;
  }
  auto accept = request.Header("Accept");
  double html = http::AcceptQuality(accept, "text/html");
  double json = http::AcceptQuality(accept, "application/json");
  if (html != json) return html > json ? StatusFormat::kHtml : StatusFormat::kJson;
  return one_target ? StatusFormat::kHtml : StatusFormat::kJson;
}

std::vector<http::Route> StatusRoutes(const Options& options, std::function<StatusView()> view) {
  auto get_view = std::make_shared<const std::function<StatusView()>>(
      [view = std::move(view), telemetry = options.telemetry_path] {
        StatusView v = view();
        v.telemetry_path = telemetry;
        return v;
      });
  std::vector<http::Route> routes;
  http::Route page{"/", {"GET"}, [get_view](const HttpRequest&) {
                     return Answer(200, StatusFormat::kHtml, RenderStatusPage((*get_view)()));
                   }};
  page.compressible = true;
  routes.push_back(std::move(page));
  http::Route status{"/status", {"GET"}, [get_view](const HttpRequest& request) {
                       HttpResponse r = StatusAnswer(request, (*get_view)());
                       r.headers.emplace_back("Vary", "Accept");
                       return r;
                     }};
  status.compressible = true;
  routes.push_back(std::move(status));
  return routes;
}

}  // namespace lde::app
