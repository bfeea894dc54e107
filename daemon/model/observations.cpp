#include "model/observations.h"

#include <strings.h>

namespace lde::model {
namespace {
bool NameEquals(const std::string& a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

std::optional<std::string> HttpObservation::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (NameEquals(k, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpObservation::HeaderValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : headers) {
    if (NameEquals(k, name)) values.push_back(v);
  }
  return values;
}

}  // namespace lde::model
