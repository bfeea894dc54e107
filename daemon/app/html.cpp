#include "app/html.h"

#include "metrics/label_values.h"

namespace lde::app {

std::string HtmlText(std::string_view text, std::size_t max_bytes) {
  std::string scratch;
  std::string_view repaired = metrics::BoundLabelValue(text, scratch, max_bytes);
  std::string out;
  out.reserve(repaired.size() + repaired.size() / 8);
  for (char c : repaired) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace lde::app
