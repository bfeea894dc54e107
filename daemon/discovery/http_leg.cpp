#include "discovery/http_leg.h"

#include "discovery/document_parser.h"
#include "discovery/url.h"
#include "model/budgets.h"

namespace lde::discovery {
namespace {

// Held with the result until the next run: a hostile server's megabyte
// href must not be.
std::string Bounded(std::string text) {
  if (text.size() > model::budget::kLabelValueBytes.value) text.resize(model::budget::kLabelValueBytes.value);
  return text;
}

}  // namespace

model::HttpLegReport ClassifyHttpLeg(const std::string& host, const model::HttpObservation& http,
                                     const std::string& url) {
  model::HttpLegReport leg;
  leg.host = host;
  leg.status = http.status;
  leg.leads_to = model::HttpLeg::kUnusable;
  const bool redirect_status = http.status == 301 || http.status == 302 || http.status == 303 ||
                               http.status == 307 || http.status == 308;
  if (redirect_status) {
    const std::string location = http.Header("Location").value_or("");
    auto target = ParseUrl(location);
    if (target.ok() && target.value().scheme == "https") {
      leg.leads_to = model::HttpLeg::kHttpsRedirect;
      leg.location = Bounded(location);
    } else {
      leg.detail = location.empty() ? "HTTP " + std::to_string(http.status) + " without a Location"
                                    : "HTTP " + std::to_string(http.status) + " to a URL that is not https";
    }
    return leg;
  }
  if (http.status != 200) {
    leg.detail = "HTTP " + std::to_string(http.status);
    return leg;
  }
  auto document = ParseDiscoveryDocument(http.body, http.Header("Content-Type").value_or(""), url);
  if (!document.ok()) {
    leg.detail = Bounded(document.error().detail);
    return leg;
  }
  if (auto redirect = document.value().Link("redirect")) {
    leg.leads_to = model::HttpLeg::kRedirect;
    leg.location = Bounded(*redirect);
  } else {
    leg.leads_to = model::HttpLeg::kDocument;
  }
  return leg;
}

}  // namespace lde::discovery
