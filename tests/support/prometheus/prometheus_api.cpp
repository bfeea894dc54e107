#include "support/prometheus/prometheus_api.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdlib>

namespace lde::testing {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The API's envelope: {"status":"success","data":...} or
// {"status":"error","errorType":...,"error":...}.
Result<Object::Ptr> Data(const std::string& body) {
  Object::Ptr root;
  try {
    root = Poco::JSON::Parser().parse(body).extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return MakeError(ErrorKind::kHttpProtocol, "not JSON (" + e.displayText() + "): " + body.substr(0, 200));
  }
  if (root->optValue<std::string>("status", "") != "success") {
    return MakeError(ErrorKind::kHttpStatus, root->optValue<std::string>("errorType", "?") + ": " +
                                                 root->optValue<std::string>("error", body.substr(0, 200)));
  }
  Object::Ptr data = root->getObject("data");
  if (!data) return MakeError(ErrorKind::kHttpProtocol, "no data object: " + body.substr(0, 200));
  return data;
}

std::map<std::string, std::string> Labels(const Object::Ptr& object) {
  std::map<std::string, std::string> labels;
  if (!object) return labels;
  for (const auto& [name, value] : *object) labels[name] = value.convert<std::string>();
  return labels;
}

// [ <unix time>, "<value>" ]
bool ReadValue(const Array::Ptr& pair, PromSample& sample) {
  if (!pair || pair->size() != 2) return false;
  sample.text = pair->getElement<std::string>(1);
  // strtod reads Prometheus' "NaN", "+Inf" and "-Inf" as well as numbers.
  sample.value = std::strtod(sample.text.c_str(), nullptr);
  return true;
}

}  // namespace

Result<std::vector<PromSample>> ParseQueryResponse(const std::string& body) {
  auto data = Data(body);
  if (!data.ok()) return data.error();
  std::vector<PromSample> samples;
  try {
    const std::string type = data.value()->optValue<std::string>("resultType", "");
    if (type == "scalar") {
      PromSample sample;
      if (!ReadValue(data.value()->getArray("result"), sample))
        return MakeError(ErrorKind::kHttpProtocol, "bad scalar: " + body.substr(0, 200));
      samples.push_back(std::move(sample));
      return samples;
    }
    if (type != "vector") {
      return MakeError(ErrorKind::kHttpProtocol, "resultType " + type + ", not vector or scalar");
    }
    Array::Ptr result = data.value()->getArray("result");
    for (std::size_t i = 0; result && i < result->size(); ++i) {
      Object::Ptr element = result->getObject(static_cast<unsigned>(i));
      PromSample sample;
      sample.labels = Labels(element->getObject("metric"));
      if (!ReadValue(element->getArray("value"), sample))
        return MakeError(ErrorKind::kHttpProtocol, "bad sample: " + body.substr(0, 200));
      samples.push_back(std::move(sample));
    }
  } catch (const Poco::Exception& e) {
    return MakeError(ErrorKind::kHttpProtocol, "unexpected query JSON (" + e.displayText() + ")");
  }
  return samples;
}

Result<std::vector<PromTarget>> ParseTargetsResponse(const std::string& body) {
  auto data = Data(body);
  if (!data.ok()) return data.error();
  std::vector<PromTarget> targets;
  try {
    Array::Ptr active = data.value()->getArray("activeTargets");
    for (std::size_t i = 0; active && i < active->size(); ++i) {
      Object::Ptr element = active->getObject(static_cast<unsigned>(i));
      PromTarget target;
      target.scrape_pool = element->optValue<std::string>("scrapePool", "");
      target.scrape_url = element->optValue<std::string>("scrapeUrl", "");
      target.health = element->optValue<std::string>("health", "");
      target.last_error = element->optValue<std::string>("lastError", "");
      target.labels = Labels(element->getObject("labels"));
      targets.push_back(std::move(target));
    }
  } catch (const Poco::Exception& e) {
    return MakeError(ErrorKind::kHttpProtocol, "unexpected targets JSON (" + e.displayText() + ")");
  }
  return targets;
}

std::string Describe(const std::vector<PromSample>& samples) {
  std::string out;
  for (const auto& sample : samples) {
    std::string labels;
    for (const auto& [name, value] : sample.labels) {
      labels += (labels.empty() ? "" : ", ") + name + "=\"" + value + "\"";
    }
    out += "{" + labels + "} " + sample.text + "\n";
  }
  return out.empty() ? "(no samples)\n" : out;
}

}  // namespace lde::testing
